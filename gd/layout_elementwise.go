package gd

// PyTorch gives the result of an elementwise op the memory layout of its
// operands: exp of a transposed matrix is laid out transposed (its .T()
// is contiguous), so which later Views are accepted, and which grad_fn a
// Reshape records, depends on it. gd follows the same rule, that of
// PyTorch's TensorIterator: the result's dimensions are ordered by the
// operands' strides, the first operand that tells two dimensions apart
// deciding (a broadcast dimension tells nothing), and laid out densely in
// that order. Contiguous operands give a contiguous result, the common case,
// decided without sorting.

// elementwiseStrides returns the strides of the result of an elementwise
// op over operands broadcast to shape, or nil when the result is
// row-major (contiguous).
func elementwiseStrides(shape []int, operands ...*Tensor) []int {
	nd := len(shape)
	if nd < 2 || numel(shape) == 0 {
		return nil
	}
	all := true
	for _, t := range operands {
		if !t.IsContiguous() {
			all = false
			break
		}
	}
	if all {
		return nil
	}
	// perm lists the dims fastest first, as TensorIterator's perm_ does.
	var permBuf [8]int
	perm := permBuf[:0]
	for d := nd - 1; d >= 0; d-- {
		perm = append(perm, d)
	}
	for i := 1; i < nd; i++ {
		d1 := i
		for d0 := i - 1; d0 >= 0; d0-- {
			c := shouldSwap(shape, operands, perm[d0], perm[d1])
			if c > 0 {
				perm[d0], perm[d1] = perm[d1], perm[d0]
				d1 = d0
			} else if c < 0 {
				break
			}
		}
	}
	rowMajor := true
	for i, d := range perm {
		if d != nd-1-i {
			rowMajor = false
		}
	}
	if rowMajor {
		return nil
	}
	strides := make([]int, nd)
	s := 1
	for _, d := range perm {
		strides[d] = s
		s *= shape[d]
	}
	return strides
}

// shouldSwap is TensorIterator's comparison of dims a and b (a currently
// the faster): 1 if b should be the faster, -1 if a should, 0 if no
// operand tells.
func shouldSwap(shape []int, operands []*Tensor, a, b int) int {
	nd := len(shape)
	for _, t := range operands {
		sa, sb := broadcastStride(t, nd, shape, a), broadcastStride(t, nd, shape, b)
		switch {
		case sa == 0 || sb == 0:
			continue
		case sa < sb:
			return -1
		case sa > sb:
			return 1
		}
		if shape[a] > shape[b] {
			return 1
		}
	}
	return 0
}

// broadcastStride is t's stride along dim d of the broadcast shape (0
// along a dim t is broadcast over).
func broadcastStride(t *Tensor, nd int, shape []int, d int) int {
	k := d - (nd - len(t.shape))
	if k < 0 || t.shape[k] != shape[d] {
		return 0
	}
	return t.strides[k]
}

// allocLike allocates the result of an elementwise op: contiguous, or with
// strides (from elementwiseStrides) when they are not nil.
func allocLike(d DType, shape, strides []int, rec bool) *Tensor {
	out := alloc(d, shape, rec)
	if strides != nil {
		copy(out.strides, strides)
	}
	return out
}

// sameDense reports whether t is laid out densely with exactly the given
// strides, so that its storage block lines up element for element with
// that of a result allocated with them.
func sameDense(t *Tensor, strides []int) bool {
	if len(t.strides) != len(strides) {
		return false
	}
	for i, s := range t.strides {
		if t.shape[i] != 1 && s != strides[i] {
			return false
		}
	}
	return t.isDense()
}
