package gd

import "slices"

// MatMul is PyTorch's matmul (the @ operator), chosen by the dimensions:
//
//	1-D · 1-D  dot product, a 0-d tensor        (DotBackward0)
//	2-D · 1-D  matrix-vector product            (MvBackward0)
//	1-D · 2-D  vector-matrix product            (SqueezeBackward3)
//	2-D · 2-D  matrix product                   (MmBackward0)
//	N-D · 2-D  matrix product of the last dims  (ViewBackward0)
//	1-D or 2-D · N-D, N-D · N-D  batched products, the leading dims
//	broadcast against each other (CloneBackward0, UnsafeViewBackward0)
//
// The inner sizes must agree, else it panics with an ErrShape error such as
// "gd: MatMul: shapes (100,2) and (3) are not aligned".
func (t *Tensor) MatMul(o *Tensor) *Tensor {
	t.must("MatMul")
	if o == nil {
		panic(errorf(ErrValue, "MatMul", "operand is a nil *Tensor"))
	}
	a, b := t, o
	if a.dtype != b.dtype {
		// PyTorch refuses mixed dtypes here too.
		panic(errorf(ErrDType, "MatMul", "expected both operands to have the same dtype, but got %s and %s", a.dtype, b.dtype))
	}
	switch a.dtype {
	case Bool:
		panic(errorf(ErrDType, "MatMul", "\"addmm_impl_cpu_\" not implemented for 'Bool'"))
	case Int64:
		// Integer products are exact in float64 while they stay within
		// ±2^53; the conversion back refuses them beyond.
		return a.To(Float64).MatMul(b.To(Float64)).To(Int64)
	}
	da, db := len(a.shape), len(b.shape)
	switch {
	case da == 0 || db == 0:
		panic(errorf(ErrShape, "MatMul", "both arguments need at least 1 dimension, got shapes %s and %s", shapeString(a.shape), shapeString(b.shape)))
	case da == 1 && db == 1:
		checkAligned(a, b, 0, 0)
		return dot(a, b)
	case da == 2 && db == 1:
		checkAligned(a, b, 1, 0)
		return mv(a, b)
	case da == 1 && db == 2:
		checkAligned(a, b, 0, 0)
		m := mm(a.Unsqueeze(0), b)
		return m.recordView("SqueezeBackward3", viewBackward, m.shape[1:], m.strides[1:], m.offset)
	case da == 2 && db == 2:
		checkAligned(a, b, 1, 0)
		return mm(a, b)
	case da > 2 && db <= 2:
		// Fold the leading dimensions into rows, multiply, unfold.
		checkAligned(a, b, da-1, 0)
		flat := a.Reshape(numel(a.shape[:da-1]), a.shape[da-1]) // no -1: k may be 0
		var out *Tensor
		shape := slices.Clone(a.shape[:da-1])
		if db == 1 {
			out = mv(flat, b)
		} else {
			out = mm(flat, b)
			shape = append(shape, b.shape[1])
		}
		return out.unsafeView(shape)
	case db > 2 && da <= 2:
		// PyTorch computes a·b as (bᵀ·aᵀ)ᵀ here, folding b's batch into
		// rows, and makes the result contiguous.
		checkAligned(a, b, da-1, db-2)
		bt := b.Transpose(-1, -2)
		if da == 1 {
			return bt.MatMul(a)
		}
		return bt.MatMul(a.T()).Transpose(-1, -2).Contiguous()
	}
	return batchedMatMul(a, b)
}

// batchedMatMul multiplies the last two dims of a and b (both at least
// 3-D after the cases above), broadcasting the leading dims: the
// operands are expanded to one batch shape, reshaped to (batch, n, k)
// and (batch, k, m), multiplied matrix by matrix (BmmBackward0) and the
// result viewed back (UnsafeViewBackward0), as PyTorch does.
func batchedMatMul(a, b *Tensor) *Tensor {
	da, db := len(a.shape), len(b.shape)
	checkAligned(a, b, da-1, db-2)
	n, k, m := a.shape[da-2], a.shape[da-1], b.shape[db-1]
	batch := broadcastShapes("MatMul", a.shape[:da-2], b.shape[:db-2])
	count := numel(batch)
	ae := a.Expand(append(slices.Clone(batch), n, k)...).Reshape(count, n, k)
	be := b.Expand(append(slices.Clone(batch), k, m)...).Reshape(count, k, m)
	out := recordProduct(bmmRaw(ae, be), "BmmBackward0", bmmBackward, ae, be)
	return out.unsafeView(append(slices.Clone(batch), n, m))
}

// bmmRaw multiplies (batch, n, k) by (batch, k, m) one matrix at a time.
func bmmRaw(a, b *Tensor) *Tensor {
	count := a.shape[0]
	out := empty(a.dtype, []int{count, a.shape[1], b.shape[2]})
	for i := range count {
		assign(selectRaw(out, 0, i), mmRaw(selectRaw(a, 0, i), selectRaw(b, 0, i)))
	}
	return out
}

// bmmBackward: g·bᵀ for a and aᵀ·g for b, matrix by matrix.
func bmmBackward(n *node, g *Tensor, grads []*Tensor) {
	a, b := n.inputs[0], n.inputs[1]
	if a.requiresGrad {
		grads[0] = bmmRaw(g, transposeRaw(n.input(1), 1, 2))
	}
	if b.requiresGrad {
		grads[1] = bmmRaw(transposeRaw(n.input(0), 1, 2), g)
	}
}

// unsafeView reshapes the fresh result of an op (PyTorch's _unsafe_view).
func (t *Tensor) unsafeView(shape []int) *Tensor {
	out := t.viewOf(shape, contiguousStrides(shape), t.offset)
	out.version = t.sharedVersion() // t is fresh: no other goroutine sees it
	out.base = nil
	if needsGrad(t) {
		record(out, "UnsafeViewBackward0", viewBackward, t)
	}
	return out
}

// checkAligned panics unless a's dimension da and b's dimension db agree.
func checkAligned(a, b *Tensor, da, db int) {
	if a.shape[da] != b.shape[db] {
		panic(errorf(ErrShape, "MatMul", "shapes %s and %s are not aligned: %d (dim %d) != %d (dim %d)",
			shapeString(a.shape), shapeString(b.shape), a.shape[da], da, b.shape[db], db))
	}
}

// Dot returns the dot product of two 1-D tensors of equal length.
func (t *Tensor) Dot(o *Tensor) *Tensor {
	if t.must("Dot"); o == nil {
		panic(errorf(ErrValue, "Dot", "operand is a nil *Tensor"))
	}
	if len(t.shape) != 1 || len(o.shape) != 1 {
		panic(errorf(ErrShape, "Dot", "1-D tensors expected, but got shapes %s and %s", shapeString(t.shape), shapeString(o.shape)))
	}
	return t.MatMul(o)
}

// The matrix products' backward functions use the product kernels
// directly, with the transposed operand as a header on their stack: a
// view made by the public T would cost an allocation per training step.

// dot records DotBackward0: g·b for a, g·a for b.
func dot(a, b *Tensor) *Tensor { return recordProduct(dotRaw(a, b), "DotBackward0", dotBackward, a, b) }

// recordProduct records out = a·b (when needed) as the op name, saving
// the operands that the gradients need, and returns out.
func recordProduct(out *Tensor, name string, backward backwardFunc, a, b *Tensor) *Tensor {
	if needsGrad(a, b) {
		n := record(out, name, backward, a, b)
		n.saveFor(a, b)
	}
	return out
}

func dotBackward(n *node, g *Tensor, grads []*Tensor) {
	if n.inputs[0].requiresGrad {
		grads[0] = n.input(1).Mul(g)
	}
	if n.inputs[1].requiresGrad {
		grads[1] = n.input(0).Mul(g)
	}
}

// mv records MvBackward0: the outer product g ⊗ b for a, aᵀ·g for b.
func mv(a, b *Tensor) *Tensor { return recordProduct(mvRaw(a, b), "MvBackward0", mvBackward, a, b) }

func mvBackward(n *node, g *Tensor, grads []*Tensor) {
	a, b := n.inputs[0], n.inputs[1]
	if a.requiresGrad {
		grads[0] = mmRaw(reshapeRaw(g, []int{g.shape[0], 1}), reshapeRaw(b, []int{1, b.shape[0]}))
	}
	if b.requiresGrad {
		var buf [4]int
		at := transposed(a, 0, 1, buf[:])
		grads[1] = mvRaw(&at, g)
	}
}

// mm records MmBackward0: g·bᵀ for a, aᵀ·g for b.
func mm(a, b *Tensor) *Tensor {
	return recordProduct(mmAlloc(a, b, needsGrad(a, b)), "MmBackward0", mmBackward, a, b)
}

func mmBackward(n *node, g *Tensor, grads []*Tensor) { mmGrads(g, n.inputs[0], n.inputs[1], grads) }

// mmGrads writes the gradients of the product a·b, whose gradient is g,
// into grads[0] (g·bᵀ, for a) and grads[1] (aᵀ·g, for b).
//
// Like PyTorch's mm_mat1_backward and mm_mat2_backward, an operand that is
// the transpose of a contiguous matrix (a Linear layer's Weight.T()) gets
// its gradient in that same layout: (gᵀ·a)ᵀ rather than aᵀ·g. Each element
// is the same sum of the same products in the same order, so the values
// are bit for bit those of the plain form; but the gradient the transpose's
// backward then hands the weight is a straight copy instead of a strided
// one, which was a sixth of an MLP's training step.
func mmGrads(g, a, b *Tensor, grads []*Tensor) {
	var buf [4]int // a transposed operand's layout
	if a.requiresGrad {
		if columnMajor(a) {
			gt := transposed(g, 0, 1, buf[:])
			grads[0] = transposeRaw(mmGrad(a, b, &gt, true), 0, 1)
		} else {
			grads[0] = mmGrad(a, g, transposeRaw(b, 0, 1), false)
		}
	}
	if b.requiresGrad {
		if columnMajor(b) {
			gt := transposed(g, 0, 1, buf[:])
			grads[1] = transposeRaw(mmGrad(b, &gt, a, true), 0, 1)
		} else {
			at := transposed(a, 0, 1, buf[:])
			grads[1] = mmGrad(b, &at, g, false)
		}
	}
}

// mmGrad computes x·y, the gradient of the operand in (transposed when t
// is set), into the spare storage of the leaf it is for when there is one
// (see grad_reuse.go), else into a new tensor. The product lands in the
// leaf's own layout when in is the leaf itself (t unset) or the transpose
// of a contiguous leaf, Linear's weight.T() (t set).
func mmGrad(in, x, y *Tensor, t bool) *Tensor {
	if leaf := gradLeaf(in); leaf != nil && (leaf != in) == t {
		if out := leaf.spare(x.dtype, []int{x.shape[0], y.shape[1]}); out != nil {
			return mmInto(out, x, y)
		}
	}
	return mmRaw(x, y)
}

// columnMajor reports whether the 2-D t is the transpose of a contiguous
// matrix (PyTorch's test in mm_mat2_backward: strides (1, rows)).
func columnMajor(t *Tensor) bool {
	return t.strides[0] == 1 && t.strides[1] == t.shape[0] && t.shape[0] > 1 && t.shape[1] > 1
}

// addmm computes bias + a·b for 2-D a, b and 1-D bias, recorded as one op
// (AddmmBackward0) like the PyTorch call inside nn.Linear. Each output is
// the dot product followed by the bias, the order PyTorch's BLAS uses.
func addmm(bias, a, b *Tensor) *Tensor {
	rec := needsGrad(bias, a, b)
	out := mmAlloc(a, b, rec)
	addBias(out, bias)
	if rec {
		n := record(out, "AddmmBackward0", addmmBackward, bias, a, b)
		n.saveFor(a, b)
	}
	return out
}

// addmmBackward: g summed over the rows for bias, then mm's gradients.
func addmmBackward(n *node, g *Tensor, grads []*Tensor) {
	if bias := n.inputs[0]; bias.requiresGrad {
		grads[0] = sumToShape(n, g, bias)
	}
	mmGrads(g, n.inputs[1], n.inputs[2], grads[1:])
}
