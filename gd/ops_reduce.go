package gd

import "slices"

// Sum adds up the elements of t: all of them (a 0-d result, SumBackward0)
// or along the given dimensions, which are removed (SumBackward1).
func (t *Tensor) Sum(dims ...int) *Tensor { return t.reduce("Sum", dims, false, false) }

// SumKeepDim is Sum along dims keeping them as size-1 dimensions
// (PyTorch's sum(dims, keepdim=True)).
func (t *Tensor) SumKeepDim(dims ...int) *Tensor { return t.reduce("SumKeepDim", dims, true, false) }

// Mean averages the elements of t: all of them (a 0-d result,
// MeanBackward0) or along the given dimensions (MeanBackward1). Like
// PyTorch it sums first and then divides by the count.
func (t *Tensor) Mean(dims ...int) *Tensor { return t.reduce("Mean", dims, false, true) }

// MeanKeepDim is Mean along dims keeping them as size-1 dimensions.
func (t *Tensor) MeanKeepDim(dims ...int) *Tensor { return t.reduce("MeanKeepDim", dims, true, true) }

// reduceMask turns dims (none = all) into a per-dimension flag, or panics.
// It appends the flags to buf.
func (t *Tensor) reduceMask(op string, dims []int, buf []bool) []bool {
	mask := append(buf, make([]bool, len(t.shape))...)
	if len(dims) == 0 {
		for i := range mask {
			mask[i] = true
		}
		return mask
	}
	for _, d := range dims {
		i := t.normDim(op, d)
		if len(t.shape) == 0 {
			continue
		}
		if mask[i] {
			panic(errorf(ErrIndex, op, "dim %d appears multiple times in the list of dims", i))
		}
		mask[i] = true
	}
	return mask
}

func (t *Tensor) reduce(op string, dims []int, keepdim, mean bool) *Tensor {
	t.must(op)
	var maskBuf [8]bool
	mask := t.reduceMask(op, dims, maskBuf[:0])
	if !t.dtype.IsFloatingPoint() {
		// Counting: a sum of int64 or bool is int64, as in PyTorch; a
		// mean needs a float dtype, which PyTorch will not guess.
		if mean {
			panic(errorf(ErrDType, op, "could not infer output dtype: input dtype must be floating point, got %s (convert with Float())", t.dtype))
		}
		out := sumAlloc(t.To(Int64), mask, keepdim, false)
		exactResult(op, out)
		return out
	}
	rec := needsGrad(t)
	out := sumAlloc(t, mask, keepdim, rec)
	count := 1
	for i, r := range mask {
		if r {
			count *= t.shape[i]
		}
	}
	if mean {
		unaryInPlaceDiv(out, float64(count))
	}
	switch {
	case !rec:
	case len(dims) == 0 && mean:
		record(out, "MeanBackward0", meanAllBackward, t)
	case len(dims) == 0:
		record(out, "SumBackward0", sumAllBackward, t)
	case mean:
		// PyTorch saves the input here (for its element count), so an
		// in-place change to it before Backward is refused.
		n := record(out, "MeanBackward1", reduceBackward(slices.Clone(mask), keepdim, mean, count), t)
		n.save(t)
	default:
		record(out, "SumBackward1", reduceBackward(slices.Clone(mask), keepdim, mean, count), t)
	}
	return out
}

// reduceBackward returns the backward function of a sum or mean along the
// dimensions flagged in reduced (a copy: mask's buffer is on the stack):
// g (divided by count for a mean), broadcast back over them.
func reduceBackward(reduced []bool, keepdim, mean bool, count int) backwardFunc {
	return func(n *node, g *Tensor, grads []*Tensor) {
		in := n.inputs[0].shape
		if g.Numel() == 1 {
			// Every input element gets g (or g/count).
			if mean {
				meanAllBackward(n, g, grads)
			} else {
				sumAllBackward(n, g, grads)
			}
			return
		}
		// Put the reduced dims back as size 1, then broadcast.
		kept := g
		if !keepdim {
			shape := make([]int, len(in))
			for i, s := range in {
				if reduced[i] {
					shape[i] = 1
				} else {
					shape[i] = s
				}
			}
			kept = reshapeRaw(g, shape)
		}
		e := rawView(kept, in, broadcastStrides(kept, in), kept.offset)
		if mean {
			grads[0] = e.scalarRaw(opDiv, float64(count), false)
		} else {
			grads[0] = e.contiguousRaw()
		}
	}
}

// sumAllBackward is the backward of a sum over all elements: each input
// element receives the output's gradient.
func sumAllBackward(n *node, g *Tensor, grads []*Tensor) {
	z := n.gradBuf(n.inputs[0], g.dtype)
	z.fill(flatAt(g, 0))
	grads[0] = z
}

// meanAllBackward is the backward of a mean over all elements: each input
// element receives the output's gradient divided by their count, in the
// gradient's dtype.
func meanAllBackward(n *node, g *Tensor, grads []*Tensor) {
	z := n.gradBuf(n.inputs[0], g.dtype)
	v, count := flatAt(g, 0), float64(z.Numel())
	if g.dtype == Float32 {
		v = float64(float32(v) / float32(count))
	} else {
		v /= count
	}
	z.fill(v)
	grads[0] = z
}

// unaryInPlaceDiv divides a contiguous tensor by v in its own dtype.
func unaryInPlaceDiv(t *Tensor, v float64) {
	n := t.Numel()
	if t.dtype == Float32 {
		s := t.f32[t.offset : t.offset+n]
		binVS(opDiv, s, s, float32(v))
	} else {
		s := t.f64[t.offset : t.offset+n]
		binVS(opDiv, s, s, v)
	}
}

// Float sums are not associative, so the order of additions decides the last
// bits of a loss. gd adds in the order PyTorch's CPU kernel (cascade_sum in
// SumKernel.cpp, AVX2 build, one thread) does, so that printed losses match
// PyTorch's digit for digit:
//
//   - dimensions are ordered and merged like TensorIterator does for a
//     reduction (reduced dims innermost, then by stride);
//   - a contiguous row is read as 8-lane (float32) or 4-lane (float64) vectors;
//     each lane is summed with four interleaved accumulators, each a cascade
//     of partial sums that flushes every 16 (or more) elements, and the lanes
//     are added up after the leftover tail elements;
//   - other layouts use the same cascade on strided rows or columns.
//
// Above PyTorch's parallel grain (32768 elements) PyTorch splits work across
// threads when it has more than one; gd keeps the serial order.

// sumAlloc sums t over the dimensions marked in reduce into a new tensor,
// which comes with the node of the op when rec is set (see alloc).
func sumAlloc(t *Tensor, reduce []bool, keepdim, rec bool) *Tensor {
	var shapeBuf [8]int // the result's header copies it
	outShape := shapeBuf[:0]
	for i, s := range t.shape {
		switch {
		case !reduce[i]:
			outShape = append(outShape, s)
		case keepdim:
			outShape = append(outShape, 1)
		}
	}
	out := alloc(t.dtype, outShape, rec)
	sumInto(out, t, reduce)
	return out
}

// sumInto writes the sums of t over the dimensions marked in reduce into
// out, a fresh zeroed tensor holding one element per kept position in
// row-major order (its shape may add or drop dimensions of size 1).
func sumInto(out, t *Tensor, reduce []bool) {
	// Small fixed buffers keep the common (≤ 8-D) case free of allocations.
	var strideBuf [8]int
	var dimBuf [8]redDim
	if t.Numel() == 0 {
		return
	}
	if t.Numel() == 1 {
		// One element: PyTorch's kernel computes 0 + x.
		if t.dtype == Float32 {
			out.f32[0] = 0 + t.f32[t.offset]
		} else {
			out.f64[0] = 0 + t.f64[t.offset]
		}
		return
	}
	if n := t.Numel(); len(out.f32)+len(out.f64) == 1 && t.IsContiguous() {
		// A dense tensor summed to one number (a loss): the one-row case
		// of cascadeSum, without ordering and merging dimensions first.
		if t.dtype == Float32 {
			out.f32[0] += denseSum(t.f32[t.offset : t.offset+n])
		} else {
			out.f64[0] += denseSum(t.f64[t.offset : t.offset+n])
		}
		return
	}
	// Output stride of each input dimension: 0 where reduced.
	outStrides := strideBuf[:0]
	if len(t.shape) > len(strideBuf) {
		outStrides = make([]int, 0, len(t.shape))
	}
	outStrides = outStrides[:len(t.shape)]
	s := 1
	for i := len(t.shape) - 1; i >= 0; i-- {
		outStrides[i] = 0
		if !reduce[i] {
			outStrides[i] = s
			s *= t.shape[i]
		}
	}
	dims := reductionDims(t.shape, t.strides, outStrides, dimBuf[:0])
	if t.dtype == Float32 {
		cascadeSum(out.f32, t.f32[t.offset:], dims)
	} else {
		cascadeSum(out.f64, t.f64[t.offset:], dims)
	}
}

// flatAt reads element i of a contiguous tensor as float64.
func flatAt(t *Tensor, i int) float64 {
	if t.dtype == Float32 {
		return float64(t.f32[t.offset+i])
	}
	return t.f64[t.offset+i]
}
