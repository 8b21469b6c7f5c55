package gd

import "slices"

// Stack joins tensors of equal shape along a new first dimension (PyTorch's
// torch.stack(ts) with dim 0). Gradients flow back to each input.
func Stack(ts ...*Tensor) *Tensor {
	if len(ts) == 0 {
		panic(errorf(ErrValue, "Stack", "expects a non-empty list of tensors"))
	}
	first := ts[0]
	for i, t := range ts {
		if t == nil {
			panic(errorf(ErrValue, "Stack", "tensor %d is nil", i))
		}
		if !slices.Equal(t.shape, first.shape) {
			panic(errorf(ErrShape, "Stack", "expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d", shapeString(first.shape), shapeString(t.shape), i))
		}
		if t.dtype != first.dtype {
			panic(errorf(ErrDType, "Stack", "expects tensors of one dtype, but got %s at entry 0 and %s at entry %d", first.dtype, t.dtype, i))
		}
	}
	shape := append([]int{len(ts)}, first.shape...)
	out := empty(first.dtype, shape)
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
