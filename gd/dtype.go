package gd

import "fmt"

// float is the set of element types a tensor can hold.
type float interface{ ~float32 | ~float64 }

// Float returns t converted to float32, like PyTorch's .float(). A float32
// tensor is returned as is; otherwise the copy is recorded (ToCopyBackward0).
func (t *Tensor) Float() *Tensor { return t.To(Float32) }

// Double returns t converted to float64, like PyTorch's .double().
func (t *Tensor) Double() *Tensor { return t.To(Float64) }

// To returns t converted to dtype d: t itself when it already has that dtype,
// else a copy that gradients flow back through (converted back to t's dtype).
func (t *Tensor) To(d DType) *Tensor {
	if d != Float32 && d != Float64 {
		panic(errorf(ErrDType, "To", "unknown dtype %d", d))
	}
	if t.dtype == d {
		return t
	}
	out := t.detachedCopy(d)
	if needsGrad(t) {
		record(out, "ToCopyBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = g // the engine converts it to t's dtype
		}, t)
	}
	return out
}

// resultDType applies PyTorch's type promotion to two float tensors: tensors
// with dimensions outrank 0-d tensors, and among equals float64 wins. So a
// float32 vector times a float64 0-d tensor stays float32, as in PyTorch.
func resultDType(a, b *Tensor) DType {
	if a.dtype == b.dtype {
		return a.dtype
	}
	aDim, bDim := len(a.shape) > 0, len(b.shape) > 0
	switch {
	case aDim && !bDim:
		return a.dtype
	case bDim && !aDim:
		return b.dtype
	}
	return Float64
}

// scalarValue converts a Go number to float64. ok is false for other types.
func scalarValue(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint8:
		return float64(x), true
	}
	return 0, false
}

// operand splits the `any` argument of a binary op into a tensor or a number,
// panicking with an ErrValue error that names op for anything else.
func operand(op string, v any) (t *Tensor, s float64) {
	if tv, ok := v.(*Tensor); ok {
		if tv == nil {
			panic(errorf(ErrValue, op, "operand is a nil *Tensor"))
		}
		return tv, 0
	}
	if s, ok := scalarValue(v); ok {
		return nil, s
	}
	panic(errorf(ErrValue, op, "operand must be a *gd.Tensor or a Go number, got %s", typeName(v)))
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", v)
}

// copyValues copies src's elements into dst in row-major order, converting
// dtype. dst must be contiguous with src's number of elements.
func copyValues(dst, src *Tensor) {
	n := src.Numel()
	switch {
	case src.dtype == Float32 && dst.dtype == Float32:
		if src.IsContiguous() {
			copy(dst.f32[dst.offset:dst.offset+n], src.f32[src.offset:])
			return
		}
		gather(dst.f32[dst.offset:], src.f32, src)
	case src.dtype == Float64 && dst.dtype == Float64:
		if src.IsContiguous() {
			copy(dst.f64[dst.offset:dst.offset+n], src.f64[src.offset:])
			return
		}
		gather(dst.f64[dst.offset:], src.f64, src)
	case src.dtype == Float32:
		d := dst.f64[dst.offset:]
		i := 0
		src.eachOffset(func(off int) { d[i] = float64(src.f32[off]); i++ })
	default:
		d := dst.f32[dst.offset:]
		i := 0
		src.eachOffset(func(off int) { d[i] = float32(src.f64[off]); i++ })
	}
}

// gather copies the elements of the strided view v (over data) into dst.
func gather[T float](dst, data []T, v *Tensor) {
	nd := len(v.shape)
	if nd == 0 {
		dst[0] = data[v.offset]
		return
	}
	inner, is := v.shape[nd-1], v.strides[nd-1]
	k := 0
	forEachRow(v.shape, v.strides, v.offset, func(off int) {
		for j := 0; j < inner; j++ {
			dst[k+j] = data[off+j*is]
		}
		k += inner
	})
}

// forEachRow calls fn with the storage offset of the first element of every
// innermost row of a strided layout, in row-major order.
func forEachRow(shape, strides []int, offset int, fn func(off int)) {
	nd := len(shape)
	if nd == 0 {
		fn(offset)
		return
	}
	for _, s := range shape {
		if s == 0 {
			return
		}
	}
	if nd == 1 {
		fn(offset)
		return
	}
	var idxBuf [8]int
	idx := idxBuf[:0]
	if nd-1 > len(idxBuf) {
		idx = make([]int, nd-1)
	} else {
		idx = idxBuf[:nd-1]
	}
	off := offset
	for {
		fn(off)
		d := nd - 2
		for ; d >= 0; d-- {
			idx[d]++
			off += strides[d]
			if idx[d] < shape[d] {
				break
			}
			off -= strides[d] * shape[d]
			idx[d] = 0
		}
		if d < 0 {
			return
		}
	}
}

// fill sets every element of t to v (rounded to t's dtype).
func (t *Tensor) fill(v float64) {
	if t.dtype == Float32 {
		x := float32(v)
		if t.IsContiguous() {
			s := t.f32[t.offset : t.offset+t.Numel()]
			for i := range s {
				s[i] = x
			}
			return
		}
		t.eachOffset(func(off int) { t.f32[off] = x })
		return
	}
	if t.IsContiguous() {
		s := t.f64[t.offset : t.offset+t.Numel()]
		for i := range s {
			s[i] = v
		}
		return
	}
	t.eachOffset(func(off int) { t.f64[off] = v })
}
