package gd

import (
	"slices"

	"github.com/gonotebooks/descent/gd/internal/gemm"
)

// MatMul is PyTorch's matmul (the @ operator), chosen by the dimensions:
//
//	1-D · 1-D  dot product, a 0-d tensor        (DotBackward0)
//	2-D · 1-D  matrix-vector product            (MvBackward0)
//	1-D · 2-D  vector-matrix product            (SqueezeBackward3)
//	2-D · 2-D  matrix product                   (MmBackward0)
//	N-D · 2-D  matrix product of the last dims  (ViewBackward0)
//
// The inner sizes must agree, else it panics with an ErrShape error such as
// "gd: MatMul: shapes (100,2) and (3) are not aligned".
func (t *Tensor) MatMul(o *Tensor) *Tensor {
	if o == nil {
		panic(errorf(ErrValue, "MatMul", "operand is a nil *Tensor"))
	}
	a, b := t, o
	if a.dtype != b.dtype {
		// PyTorch refuses mixed dtypes here too.
		panic(errorf(ErrDType, "MatMul", "expected both operands to have the same dtype, but got %s and %s", a.dtype, b.dtype))
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
		return m.recordView("SqueezeBackward3", m.shape[1:], m.strides[1:], m.offset)
	case da == 2 && db == 2:
		checkAligned(a, b, 1, 0)
		return mm(a, b)
	case da > 2 && db <= 2:
		// Fold the leading dimensions into rows, multiply, unfold.
		checkAligned(a, b, da-1, 0)
		flat := a.Reshape(-1, a.shape[da-1])
		var out *Tensor
		shape := slices.Clone(a.shape[:da-1])
		if db == 1 {
			out = mv(flat, b)
		} else {
			out = mm(flat, b)
			shape = append(shape, b.shape[1])
		}
		return out.unsafeView(shape)
	}
	panic(errorf(ErrShape, "MatMul", "batched matrix products of shapes %s and %s are not supported", shapeString(a.shape), shapeString(b.shape)))
}

// unsafeView reshapes the fresh result of an op (PyTorch's _unsafe_view).
func (t *Tensor) unsafeView(shape []int) *Tensor {
	out := t.viewOf(shape, contiguousStrides(shape), t.offset)
	out.base = nil
	if needsGrad(t) {
		in := t.shape
		record(out, "UnsafeViewBackward0", func(n *node, g *Tensor, grads []*Tensor) { grads[0] = reshapeRaw(g, in) }, t)
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
	if len(t.shape) != 1 || len(o.shape) != 1 {
		panic(errorf(ErrShape, "Dot", "1-D tensors expected, but got shapes %s and %s", shapeString(t.shape), shapeString(o.shape)))
	}
	return t.MatMul(o)
}

func dot(a, b *Tensor) *Tensor {
	out := dotRaw(a, b)
	if needsGrad(a, b) {
		n := record(out, "DotBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			a, b := n.inputs[0], n.inputs[1]
			if a.requiresGrad {
				grads[0] = binaryRaw("Dot", opMul, b, g)
			}
			if b.requiresGrad {
				grads[1] = binaryRaw("Dot", opMul, a, g)
			}
		}, a, b)
		n.saveFor(a, b)
	}
	return out
}

func mv(a, b *Tensor) *Tensor {
	out := mvRaw(a, b)
	if needsGrad(a, b) {
		n := record(out, "MvBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			a, b := n.inputs[0], n.inputs[1]
			if a.requiresGrad {
				// outer product g ⊗ b
				grads[0] = mmRaw(reshapeRaw(g, []int{g.shape[0], 1}), reshapeRaw(b, []int{1, b.shape[0]}))
			}
			if b.requiresGrad {
				var buf [4]int
				at := transposed(a, 0, 1, buf[:])
				grads[1] = mvRaw(&at, g)
			}
		}, a, b)
		n.saveFor(a, b)
	}
	return out
}

func mm(a, b *Tensor) *Tensor {
	out := mmRaw(a, b)
	if needsGrad(a, b) {
		n := record(out, "MmBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			a, b := n.inputs[0], n.inputs[1]
			if a.requiresGrad {
				grads[0] = mmRaw(g, transposeRaw(b, 0, 1))
			}
			if b.requiresGrad {
				var buf [4]int // the transposed operand's layout
				at := transposed(a, 0, 1, buf[:])
				grads[1] = mmRaw(&at, g)
			}
		}, a, b)
		n.saveFor(a, b)
	}
	return out
}

// dotRaw sums the products in order, as the reference BLAS sdot/ddot do.
func dotRaw(a, b *Tensor) *Tensor {
	out := empty(a.dtype, nil)
	n := a.shape[0]
	if a.dtype == Float32 {
		out.f32[0] = dotStrided(a.f32, a.offset, a.strides[0], b.f32, b.offset, b.strides[0], n)
	} else {
		out.f64[0] = dotStrided(a.f64, a.offset, a.strides[0], b.f64, b.offset, b.strides[0], n)
	}
	return out
}

func dotStrided[T float](a []T, ia, as int, b []T, ib, bs, n int) T {
	var s T
	if as == 1 && bs == 1 {
		a, b = a[ia:ia+n], b[ib:ib+n]
		for i := range a {
			s += a[i] * b[i]
		}
		return s
	}
	for k := 0; k < n; k++ {
		s += a[ia] * b[ib]
		ia, ib = ia+as, ib+bs
	}
	return s
}

// mvRaw computes the matrix-vector product row by row, each a sequential
// dot product (the order of the reference BLAS gemv that PyTorch calls).
func mvRaw(a, v *Tensor) *Tensor {
	m, k := a.shape[0], a.shape[1]
	out := empty(a.dtype, []int{m})
	if a.dtype == Float32 {
		for i := 0; i < m; i++ {
			out.f32[i] = dotStrided(a.f32, a.offset+i*a.strides[0], a.strides[1], v.f32, v.offset, v.strides[0], k)
		}
	} else {
		for i := 0; i < m; i++ {
			out.f64[i] = dotStrided(a.f64, a.offset+i*a.strides[0], a.strides[1], v.f64, v.offset, v.strides[0], k)
		}
	}
	return out
}

// smallMatMul is the size (m*n*k) up to which mmRaw uses a plain loop: it
// has no setup cost and adds in the reference BLAS order, so small results
// match PyTorch's bit for bit.
const smallMatMul = 1 << 14

// mmRaw multiplies two 2-D tensors (any strides) into a new contiguous one.
func mmRaw(a, b *Tensor) *Tensor {
	out, _ := mmAlloc(a, b, false)
	return out
}

// mmAlloc is mmRaw with the node of the op when rec is set.
func mmAlloc(a, b *Tensor, rec bool) (*Tensor, *node) {
	m, k, n := a.shape[0], a.shape[1], b.shape[1]
	out, nd := alloc(a.dtype, []int{m, n}, rec)
	if m == 0 || n == 0 {
		return out, nd
	}
	if m*n*k <= smallMatMul {
		if a.dtype == Float32 {
			mmSmall(out.f32, a.f32, a, b.f32, b)
		} else {
			mmSmall(out.f64, a.f64, a, b.f64, b)
		}
		return out, nd
	}
	a, ta, lda := gemmOperand(a)
	b, tb, ldb := gemmOperand(b)
	if a.dtype == Float32 {
		gemm.Sgemm(ta, tb, m, n, k, 1, a.f32[a.offset:], lda, b.f32[b.offset:], ldb, 0, out.f32, n)
	} else {
		gemm.Dgemm(ta, tb, m, n, k, 1, a.f64[a.offset:], lda, b.f64[b.offset:], ldb, 0, out.f64, n)
	}
	return out, nd
}

// gemmOperand presents a 2-D tensor as a row-major matrix or the transpose
// of one, copying only if neither layout fits.
func gemmOperand(t *Tensor) (*Tensor, bool, int) {
	r, c := t.shape[0], t.shape[1]
	switch {
	case t.strides[1] == 1 && (t.strides[0] >= c || r == 1):
		return t, false, max(t.strides[0], c, 1)
	case t.strides[0] == 1 && (t.strides[1] >= r || c == 1):
		return t, true, max(t.strides[1], r, 1)
	}
	t = t.detachedCopy(t.dtype)
	return t, false, max(c, 1)
}

func mmSmall[T float](out, ad []T, a *Tensor, bd []T, b *Tensor) {
	m, k, n := a.shape[0], a.shape[1], b.shape[1]
	as0, as1 := a.strides[0], a.strides[1]
	bs0, bs1 := b.strides[0], b.strides[1]
	for i := 0; i < m; i++ {
		row := out[i*n : (i+1)*n]
		for j := range row {
			var s T
			ia, ib := a.offset+i*as0, b.offset+j*bs1
			for l := 0; l < k; l++ {
				s += ad[ia] * bd[ib]
				ia, ib = ia+as1, ib+bs0
			}
			row[j] = s
		}
	}
}
