package gd

import "github.com/gonotebooks/descent/gd/internal/gemm"

// The product kernels behind MatMul: small products add in the reference
// BLAS order, so results match PyTorch's bit for bit; large ones use a
// blocked GEMM.

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
func mmRaw(a, b *Tensor) *Tensor { return mmAlloc(a, b, false) }

// mmAlloc is mmRaw for an op that will be recorded when rec is set.
func mmAlloc(a, b *Tensor, rec bool) *Tensor {
	return mmInto(alloc(a.dtype, []int{a.shape[0], b.shape[1]}, rec), a, b)
}

// mmInto writes a·b into out, a contiguous m×n tensor whose elements are
// all overwritten (they may be stale), and returns out.
func mmInto(out, a, b *Tensor) *Tensor {
	m, k, n := a.shape[0], a.shape[1], b.shape[1]
	if m == 0 || n == 0 {
		return out
	}
	if m*n*k <= smallMatMul {
		if a.dtype == Float32 {
			mmSmall(out.f32, a.f32, a, b.f32, b)
		} else {
			mmSmall(out.f64, a.f64, a, b.f64, b)
		}
		return out
	}
	a, ta, lda := gemmOperand(a)
	b, tb, ldb := gemmOperand(b)
	if a.dtype == Float32 {
		gemm.Sgemm(ta, tb, m, n, k, 1, a.f32[a.offset:], lda, b.f32[b.offset:], ldb, 0, out.f32, n)
	} else {
		gemm.Dgemm(ta, tb, m, n, k, 1, a.f64[a.offset:], lda, b.f64[b.offset:], ldb, 0, out.f64, n)
	}
	return out
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

// addBias adds bias to every row of out, the fresh contiguous product of
// addmm: out[i][j] += bias[j], the one rounding addInto makes, without
// its general broadcasting walk (which cost an MLP more than its ReLU).
// Other shapes go through addInto.
func addBias(out, bias *Tensor) {
	if len(out.shape) != 2 || len(bias.shape) != 1 || bias.shape[0] != out.shape[1] || bias.dtype != out.dtype {
		addInto(out, bias)
		return
	}
	n, off, step := out.shape[1], bias.offset, bias.strides[0]
	if out.dtype == Float32 {
		addRows(out.f32, n, bias.f32, off, step)
	} else {
		addRows(out.f64, n, bias.f64, off, step)
	}
}

// addRows adds b[off+j*step] to element j of each n-element row of out.
func addRows[T float](out []T, n int, b []T, off, step int) {
	if n == 0 {
		return
	}
	if step != 1 {
		bc := make([]T, n)
		for j := range bc {
			bc[j] = b[off+j*step]
		}
		b, off = bc, 0
	}
	b = b[off : off+n]
	for i := 0; i+n <= len(out); i += n {
		row := out[i : i+n : i+n]
		for j, v := range b {
			row[j] += v
		}
	}
}
