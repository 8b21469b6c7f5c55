package gd

import "slices"

// Stack joins tensors of equal shape along a new first dimension (PyTorch's
// torch.stack(ts) with dim 0); their dtypes promote to one, as in Cat.
// Gradients flow back to each input.
func Stack(ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		panic(errorf(ErrValue, "Stack", "expects a non-empty list of tensors"))
	}
	first := ts[0]
	var d DType
	for i, t := range ts {
		if t == nil {
			panic(errorf(ErrValue, "Stack", "tensor %d is nil", i))
		}
		if !slices.Equal(t.shape, first.shape) {
			panic(errorf(ErrShape, "Stack", "expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d", shapeString(first.shape), shapeString(t.shape), i))
		}
		if i == 0 {
			d = t.dtype
		} else {
			d = resultDType(&Tensor{dtype: d, shape: []int{1}}, t)
		}
	}
	shape := append([]int{len(ts)}, first.shape...)
	out := empty(d, shape)
	var buf [16]int
	row := sliceHeader(out, 0, buf[:])
	for i, t := range ts {
		row.offset = out.offset + i*out.strides[0]
		assign(&row, t)
	}
	if needsGrad(ts...) {
		record(out, "StackBackward0", stackBackward, ts...)
	}
	return out
}

// stackBackward: each input receives its slice of g along dimension 0.
func stackBackward(n *node, g *Tensor, grads []*Tensor) {
	for i, in := range n.inputs {
		if in.requiresGrad {
			grads[i] = selectRaw(g, 0, i).contiguousRaw()
		}
	}
}

// Cat joins tensors along an existing dimension dim, like torch.cat(ts,
// dim): their sizes must match in every other dimension, and their dtypes
// promote to one. A 1-D tensor with no elements is skipped, as PyTorch
// skips it. Gradients flow back to each input's slice.
func Cat(dim int, ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		panic(errorf(ErrValue, "Cat", "expected a non-empty list of tensors"))
	}
	var parts []*Tensor
	var d DType
	for i, t := range ts {
		if t == nil {
			panic(errorf(ErrValue, "Cat", "tensor %d is nil", i))
		}
		if len(t.shape) == 0 {
			panic(errorf(ErrValue, "Cat", "zero-dimensional tensor (at position %d) cannot be concatenated", i))
		}
		if i == 0 {
			d = t.dtype
		} else {
			d = resultDType(&Tensor{dtype: d, shape: []int{1}}, t)
		}
		if !isSkippedInCat(t) {
			parts = append(parts, t)
		}
	}
	if len(parts) == 0 {
		return empty(d, []int{0})
	}
	first := parts[0]
	k := first.normDim("Cat", dim)
	shape := slices.Clone(first.shape)
	shape[k] = 0
	for i, t := range parts {
		if len(t.shape) != len(first.shape) {
			panic(errorf(ErrShape, "Cat", "tensors must have the same number of dimensions: got %d and %d", len(first.shape), len(t.shape)))
		}
		for j, s := range t.shape {
			if j != k && s != first.shape[j] {
				panic(errorf(ErrShape, "Cat", "sizes of tensors must match except in dimension %d: expected size %d but got size %d for tensor number %d in the list", k, first.shape[j], s, i))
			}
		}
		shape[k] += t.shape[k]
	}
	out := empty(d, shape)
	start := 0
	for _, t := range parts {
		dst := sliceRaw(out, k, start, start+t.shape[k])
		assign(dst, t)
		start += t.shape[k]
	}
	if needsGrad(ts...) {
		n := record(out, "CatBackward0", catBackward, ts...)
		n.dim = int32(k)
	}
	return out
}

// isSkippedInCat reports whether t is a 1-D tensor with no elements,
// which Cat leaves out whatever the other tensors' shapes.
func isSkippedInCat(t *Tensor) bool { return len(t.shape) == 1 && t.shape[0] == 0 }

// catBackward: each input receives its slice of g along the joined dimension.
func catBackward(n *node, g *Tensor, grads []*Tensor) {
	d, start := int(n.dim), 0
	for i, in := range n.inputs {
		if isSkippedInCat(in) {
			if in.requiresGrad {
				grads[i] = empty(g.dtype, in.shape)
			}
			continue
		}
		size := in.shape[d]
		if in.requiresGrad {
			grads[i] = sliceRaw(g, d, start, start+size).contiguousRaw()
		}
		start += size
	}
}
