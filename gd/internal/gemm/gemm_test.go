package gemm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// naive computes alpha*op(A)*op(B) + beta*C with float64 accumulation.
func naive(transA, transB bool, m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	for i := 0; i < m; i++ {
		for j := 0; j < n; j++ {
			var s float64
			for p := 0; p < k; p++ {
				var x, y float64
				if transA {
					x = a[p*lda+i]
				} else {
					x = a[i*lda+p]
				}
				if transB {
					y = b[j*ldb+p]
				} else {
					y = b[p*ldb+j]
				}
				s += x * y
			}
			if beta == 0 {
				c[i*ldc+j] = alpha * s
			} else {
				c[i*ldc+j] = alpha*s + beta*c[i*ldc+j]
			}
		}
	}
}

func TestSgemmSmall(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, tA := range []bool{false, true} {
		for _, tB := range []bool{false, true} {
			for _, sz := range [][3]int{{1, 1, 1}, {100, 1, 2}, {7, 9, 13}, {33, 17, 65}} {
				m, n, k := sz[0], sz[1], sz[2]
				ar, ac := m, k
				if tA {
					ar, ac = k, m
				}
				br, bc := k, n
				if tB {
					br, bc = n, k
				}
				a := make([]float32, ar*ac)
				b := make([]float32, br*bc)
				c := make([]float32, m*n)
				a64, b64, c64 := make([]float64, len(a)), make([]float64, len(b)), make([]float64, len(c))
				for i := range a {
					a[i] = float32(r.NormFloat64())
					a64[i] = float64(a[i])
				}
				for i := range b {
					b[i] = float32(r.NormFloat64())
					b64[i] = float64(b[i])
				}
				for i := range c {
					c[i] = float32(r.NormFloat64())
					c64[i] = float64(c[i])
				}
				Sgemm(tA, tB, m, n, k, 1.5, a, ac, b, bc, 0.5, c, n)
				naive(tA, tB, m, n, k, 1.5, a64, ac, b64, bc, 0.5, c64, n)
				for i := range c {
					if d := math.Abs(float64(c[i]) - c64[i]); d > 1e-4*float64(k+1) {
						t.Fatalf("tA=%v tB=%v %v: c[%d]=%v want %v", tA, tB, sz, i, c[i], c64[i])
					}
				}
			}
		}
	}
}
