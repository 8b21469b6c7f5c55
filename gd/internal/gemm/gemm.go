package gemm

import "fmt"

// Sgemm computes C = alpha*op(A)*op(B) + beta*C for row-major float32
// matrices, where op(X) is X, or its transpose when the flag is set. op(A)
// is m×k, op(B) is k×n and C is m×n. lda, ldb and ldc are the row strides of
// a, b and c as stored (before any transpose), following gonum/blas: A is
// stored m×k (k×m if transA) and needs lda ≥ its width, and so on.
//
// When beta is zero C is only written, so NaN or Inf values already in it do
// not leak into the result. Sgemm panics if a size is negative, a stride is
// smaller than the row it must hold, or a slice is too short.
func Sgemm(transA, transB bool, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	check("Sgemm", transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	kn, d := kernels32(usePath)
	run(kn, d, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// Dgemm is Sgemm for float64 matrices.
func Dgemm(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	check("Dgemm", transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	kn, d := kernels64(usePath)
	run(kn, d, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

func run[T float](kn *kernel[T], d *directKernels[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	switch {
	case m == 0 || n == 0:
	case k == 0 || alpha == 0:
		scale(m, n, beta, c, ldc)
	case m*n*k <= smallMax || d == nil && m*n*k <= smallMaxPacked:
		small(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case d != nil:
		d.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		kn.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// check panics unless the sizes, strides and slice lengths describe valid
// matrices. The assembly kernels write through raw pointers, so every access
// they make must be proven in bounds here.
func check(op string, transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("gemm: %s: negative size m=%d n=%d k=%d", op, m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	matrix(op, "A", rowsA, colsA, lenA, lda)
	matrix(op, "B", rowsB, colsB, lenB, ldb)
	matrix(op, "C", m, n, lenC, ldc)
}

func matrix(op, name string, rows, cols, length, ld int) {
	if ld < max(1, cols) {
		panic(fmt.Sprintf("gemm: %s: %s is %d×%d but its row stride is %d", op, name, rows, cols, ld))
	}
	if rows > 0 && cols > 0 && length < (rows-1)*ld+cols {
		panic(fmt.Sprintf("gemm: %s: %s is %d×%d with row stride %d, needs %d elements, has %d",
			op, name, rows, cols, ld, (rows-1)*ld+cols, length))
	}
}
