package gd

import "slices"

// The loops of kernels.go work on contiguous slices. The functions here
// choose them for a tensor's layout: dense operands take one loop, other
// strided or broadcast layouts are walked row by row. None of them records
// anything; the ops in ops_*.go call them and record.

// binaryRaw computes a op b with promotion and broadcasting, recording nothing.
func binaryRaw(name string, op binOp, a, b *Tensor) *Tensor { return binaryOp(name, op, a, b, false) }

// binaryOp is binaryRaw for an op that will be recorded when rec is set:
// the node comes in the same allocation as the result (see alloc).
func binaryOp(name string, op binOp, a, b *Tensor, rec bool) *Tensor {
	d := resultDType(a, b)
	if a.dtype != d {
		a = a.detachedCopy(d)
	}
	if b.dtype != d {
		b = b.detachedCopy(d)
	}
	shape := broadcastShapes(name, a.shape, b.shape)
	out := allocLike(d, shape, elementwiseStrides(shape, a, b), rec)
	if d == Float32 {
		binaryInto(op, out, out.f32, a, a.f32, b, b.f32)
	} else {
		binaryInto(op, out, out.f64, a, a.f64, b, b.f64)
	}
	return out
}

// binaryInto writes a op b into dst (any strided layout of the broadcast
// shape), taking a fast path when the operands are dense or one element.
func binaryInto[T float](op binOp, dst *Tensor, dd []T, a *Tensor, ad []T, b *Tensor, bd []T) {
	n := dst.Numel()
	if n == 0 {
		return
	}
	if contiguous := dst.IsContiguous(); contiguous || dst.isDense() {
		// dst is one block of storage; an operand lines up with it when
		// it is a block with the same layout.
		lined := func(x *Tensor) bool {
			return x.Numel() == n && (contiguous && x.IsContiguous() || sameDense(x, dst.strides))
		}
		out := dd[dst.offset : dst.offset+n]
		aDense, bDense := lined(a), lined(b)
		big := n >= parallelMin
		switch {
		case aDense && bDense:
			av, bv := ad[a.offset:a.offset+n], bd[b.offset:b.offset+n]
			if big {
				split(n, func(lo, hi int) { binVV(op, out[lo:hi], av[lo:hi], bv[lo:hi]) })
			} else {
				binVV(op, out, av, bv)
			}
			return
		case aDense && b.Numel() == 1:
			av, s := ad[a.offset:a.offset+n], bd[b.offset]
			if big {
				split(n, func(lo, hi int) { binVS(op, out[lo:hi], av[lo:hi], s) })
			} else {
				binVS(op, out, av, s)
			}
			return
		case a.Numel() == 1 && bDense:
			s, bv := ad[a.offset], bd[b.offset:b.offset+n]
			if big {
				split(n, func(lo, hi int) { binSV(op, out[lo:hi], s, bv[lo:hi]) })
			} else {
				binSV(op, out, s, bv)
			}
			return
		}
	}
	shape := dst.shape
	as, bs := broadcastStrides(a, shape), broadcastStrides(b, shape)
	nd := len(shape)
	if nd == 0 {
		dd[dst.offset] = binScalar(op, ad[a.offset], bd[b.offset])
		return
	}
	inner := shape[nd-1]
	forEachRow3(shape, dst.strides, as, bs, dst.offset, a.offset, b.offset, func(o, ia, ib int) {
		binStrided(op, inner, dd, o, dst.strides[nd-1], ad, ia, as[nd-1], bd, ib, bs[nd-1])
	})
}

func binScalar[T float](op binOp, x, y T) T {
	switch op {
	case opAdd:
		return x + y
	case opSub:
		return x - y
	case opMul:
		return x * y
	case opDiv:
		return x / y
	}
	return pow(x, y)
}

// scalarRaw computes t op s (or s op t when scalarFirst), in t's dtype.
func (t *Tensor) scalarRaw(op binOp, s float64, scalarFirst bool) *Tensor {
	return t.scalarAlloc(op, s, scalarFirst, false)
}

// scalarAlloc is scalarRaw for an op that will be recorded when rec is set.
// The result takes t's layout (see elementwiseStrides).
func (t *Tensor) scalarAlloc(op binOp, s float64, scalarFirst, rec bool) *Tensor {
	strides := elementwiseStrides(t.shape, t)
	if strides != nil && !sameDense(t, strides) {
		// A strided layout with gaps: compute in row-major order, then
		// lay the values out as PyTorch would.
		out := allocLike(t.dtype, t.shape, strides, rec)
		assign(out, t.contiguousRaw().scalarRaw(op, s, scalarFirst))
		return out
	}
	out := allocLike(t.dtype, t.shape, strides, rec)
	src := t
	if strides == nil && !t.IsContiguous() {
		src = t.contiguousRaw()
	}
	n := out.Numel()
	if t.dtype == Float32 {
		a := src.f32[src.offset : src.offset+n]
		if scalarFirst {
			binSV(op, out.f32, float32(s), a)
		} else {
			binVS(op, out.f32, a, float32(s))
		}
	} else {
		a := src.f64[src.offset : src.offset+n]
		if scalarFirst {
			binSV(op, out.f64, s, a)
		} else {
			binVS(op, out.f64, a, s)
		}
	}
	return out
}

// unaryRaw computes op(t) into a new tensor with t's layout (see
// elementwiseStrides), recording nothing.
func unaryRaw(op unOp, t *Tensor, p, q float64) *Tensor {
	strides := elementwiseStrides(t.shape, t)
	if strides != nil && !sameDense(t, strides) {
		out := allocLike(t.dtype, t.shape, strides, false)
		assign(out, unaryRaw(op, t.contiguousRaw(), p, q))
		return out
	}
	src := t
	if strides == nil && !t.IsContiguous() {
		src = t.contiguousRaw()
	}
	out := allocLike(t.dtype, t.shape, strides, false)
	n := out.Numel()
	switch {
	case t.dtype == Float32 && n < parallelMin:
		unary(op, out.f32, src.f32[src.offset:src.offset+n], float32(p), float32(q))
	case t.dtype == Float32:
		o, a, p, q := out.f32, src.f32[src.offset:src.offset+n], float32(p), float32(q)
		split(n, func(lo, hi int) { unary(op, o[lo:hi], a[lo:hi], p, q) })
	case n < parallelMin:
		unary(op, out.f64, src.f64[src.offset:src.offset+n], p, q)
	default:
		o, a := out.f64, src.f64[src.offset:src.offset+n]
		split(n, func(lo, hi int) { unary(op, o[lo:hi], a[lo:hi], p, q) })
	}
	return out
}

// unaryInPlace applies op to a contiguous tensor's own elements.
func unaryInPlace(op unOp, t *Tensor, p float64) {
	n := t.Numel()
	if t.dtype == Float32 {
		s := t.f32[t.offset : t.offset+n]
		unary(op, s, s, float32(p), 0)
	} else {
		s := t.f64[t.offset : t.offset+n]
		unary(op, s, s, p, 0)
	}
}

// addInto adds src into dst in place (dst's dtype; src broadcast to dst).
func addInto(dst, src *Tensor) {
	if src.dtype != dst.dtype {
		src = src.detachedCopy(dst.dtype)
	}
	if !slices.Equal(broadcastShapes("Add_", dst.shape, src.shape), dst.shape) {
		panic(errorf(ErrShape, "Add_", "output with shape %s doesn't match the broadcast shape %s", shapeString(dst.shape), shapeString(broadcastShapes("Add_", dst.shape, src.shape))))
	}
	if dst.dtype == Float32 {
		binaryInto(opAdd, dst, dst.f32, dst, dst.f32, src, src.f32)
	} else {
		binaryInto(opAdd, dst, dst.f64, dst, dst.f64, src, src.f64)
	}
}

// forEachRow3 walks three strided layouts of one shape together, calling fn
// with the offsets of the first element of each innermost row.
func forEachRow3(shape []int, s0, s1, s2 []int, o0, o1, o2 int, fn func(o0, o1, o2 int)) {
	nd := len(shape)
	for _, s := range shape {
		if s == 0 {
			return
		}
	}
	if nd <= 1 {
		fn(o0, o1, o2)
		return
	}
	idx := make([]int, nd-1)
	for {
		fn(o0, o1, o2)
		d := nd - 2
		for ; d >= 0; d-- {
			idx[d]++
			o0, o1, o2 = o0+s0[d], o1+s1[d], o2+s2[d]
			if idx[d] < shape[d] {
				break
			}
			o0, o1, o2 = o0-s0[d]*shape[d], o1-s1[d]*shape[d], o2-s2[d]*shape[d]
			idx[d] = 0
		}
		if d < 0 {
			return
		}
	}
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
	case src.dtype != Float32 && dst.dtype != Float32:
		if src.IsContiguous() {
			copy(dst.f64[dst.offset:dst.offset+n], src.f64[src.offset:])
		} else {
			gather(dst.f64[dst.offset:], src.f64, src)
		}
	case src.dtype == Float32:
		d := dst.f64[dst.offset:]
		i := 0
		src.eachOffset(func(off int) { d[i] = float64(src.f32[off]); i++ })
	default:
		d := dst.f32[dst.offset:]
		i := 0
		src.eachOffset(func(off int) { d[i] = float32(src.f64[off]); i++ })
	}
	if !dst.dtype.IsFloatingPoint() && dst.dtype != src.dtype {
		toExact("To", dst.dtype, dst.f64[dst.offset:dst.offset+n])
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

// assign copies src (broadcast to dst's shape, converted to dst's dtype)
// into the possibly strided dst.
func assign(dst, src *Tensor) {
	if src.dtype != dst.dtype {
		src = src.detachedCopy(dst.dtype)
	}
	n := dst.Numel()
	if n == 0 {
		return
	}
	if dst.IsContiguous() && src.IsContiguous() && src.Numel() == n {
		if dst.dtype == Float32 {
			copy(dst.f32[dst.offset:dst.offset+n], src.f32[src.offset:])
		} else {
			copy(dst.f64[dst.offset:dst.offset+n], src.f64[src.offset:])
		}
		return
	}
	if dst.dtype == Float32 {
		assignStrided(dst, dst.f32, src, src.f32)
	} else {
		assignStrided(dst, dst.f64, src, src.f64)
	}
}

func assignStrided[T float](dst *Tensor, dd []T, src *Tensor, sd []T) {
	nd := len(dst.shape)
	if nd == 0 {
		dd[dst.offset] = sd[src.offset]
		return
	}
	ss := broadcastStrides(src, dst.shape)
	inner, dstep, sstep := dst.shape[nd-1], dst.strides[nd-1], ss[nd-1]
	forEachRow3(dst.shape, dst.strides, ss, ss, dst.offset, src.offset, 0, func(o, i, _ int) {
		for k := 0; k < inner; k++ {
			dd[o] = sd[i]
			o, i = o+dstep, i+sstep
		}
	})
}
