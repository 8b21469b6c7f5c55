package gemm

// smallMax is the largest product (m*n*k multiply-adds) computed by direct
// loops. Below it, packing and tiling cost more than they save, and the
// tiny shapes of the articles — a (100,2) by (2,1) product, or 1×1 by 1×1,
// repeated thousands of times in a training loop — keep a fixed cost of a
// few nanoseconds.
var smallMax = 4096

// small computes C = alpha*op(A)*op(B) + beta*C with plain loops and no
// allocation. Arguments have been checked.
func small[T float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if transB {
		// Column j of op(B) is row j of b: every C element is a dot product
		// of two runs, the A one contiguous unless A is transposed.
		for i := 0; i < m; i++ {
			cr := c[i*ldc : i*ldc+n]
			for j := range cr {
				br := b[j*ldb : j*ldb+k]
				var s T
				if transA {
					for p, v := range br {
						s += a[p*lda+i] * v
					}
				} else {
					ar := a[i*lda : i*lda+k]
					for p, v := range br {
						s += ar[p] * v
					}
				}
				if beta == 0 {
					cr[j] = alpha * s
				} else {
					cr[j] = alpha*s + beta*cr[j]
				}
			}
		}
		return
	}
	// Rows of op(B) are contiguous: add a multiple of each to the C row.
	for i := 0; i < m; i++ {
		cr := c[i*ldc : i*ldc+n]
		switch beta {
		case 0:
			clear(cr) // discards NaNs in C, as BLAS does for beta == 0
		case 1:
		default:
			for j := range cr {
				cr[j] *= beta
			}
		}
		for p := 0; p < k; p++ {
			var s T
			if transA {
				s = alpha * a[p*lda+i]
			} else {
				s = alpha * a[i*lda+p]
			}
			br := b[p*ldb : p*ldb+n]
			for j, v := range br {
				cr[j] += s * v
			}
		}
	}
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
