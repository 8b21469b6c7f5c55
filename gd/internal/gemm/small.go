package gemm

// smallMax and smallMaxPacked are the largest products (m*n*k multiply-
// adds) computed by plain loops rather than by micro-kernels, when the CPU
// has the unpacked AVX-512 kernels and when it must pack. Below them, the
// fixed cost of a kernel call (or of packing) exceeds the loops' own: the
// articles multiply 1×1 by 1×1 thousands of times in a training loop.
var (
	smallMax       = 8
	smallMaxPacked = 128
)

// small computes C = alpha*op(A)*op(B) + beta*C with plain loops and no
// allocation: each element of C is one dot product, read through strides
// whichever way A and B are transposed, and written once. Arguments have
// been checked.
func small[T float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	// Steps from one element to the next along k, and from one row of
	// op(A) or column of op(B) to the next.
	aStep, aRow := 1, lda
	if transA {
		aStep, aRow = lda, 1
	}
	bStep, bCol := ldb, 1
	if transB {
		bStep, bCol = 1, ldb
	}
	for i := 0; i < m; i++ {
		cr := c[i*ldc : i*ldc+n]
		ar := a[i*aRow:]
		for j := range cr {
			s := alpha * dot(ar, aStep, b[j*bCol:], bStep, k)
			if beta != 0 {
				s += beta * cr[j] // with beta == 0, C is not read: NaNs in it vanish, as in BLAS
			}
			cr[j] = s
		}
	}
}

// dot returns the sum of x[p*incX]*y[p*incY] for p < k.
func dot[T float](x []T, incX int, y []T, incY int, k int) T {
	var s T
	for p := 0; p < k; p++ {
		s += x[p*incX] * y[p*incY]
	}
	return s
}

// scale sets C = beta*C, the whole product when k or alpha is zero.
func scale[T float](m, n int, beta T, c []T, ldc int) {
	for i := 0; i < m; i++ {
		cr := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(cr)
		case 1:
		default:
			for j := range cr {
				cr[j] *= beta
			}
		}
	}
}
