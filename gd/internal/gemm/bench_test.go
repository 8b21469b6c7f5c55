package gemm

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Shapes benchmarked, named as the product they compute (ᵀ: the operand is
// stored transposed): square products; the two layers of a 784-128-10 MLP
// on a batch of 64 — forward with the weights stored (in, out) and, as in
// PyTorch's Linear, (out, in), then the input gradient dy·W and the weight
// gradient dyᵀ·x; and the tiny products the articles repeat in tight loops.
//
// Use GOMAXPROCS=1 (not -cpu 1) to time one thread: a benchmark written with
// b.Loop runs before the first -cpu setting takes effect.
var benchShapes = []struct {
	name           string
	transA, transB bool
	m, n, k        int
}{
	{"1024x1024*1024x1024", false, false, 1024, 1024, 1024},
	{"256x256*256x256", false, false, 256, 256, 256},
	{"64x784*784x128", false, false, 64, 128, 784},
	{"64x784*128x784ᵀ", false, true, 64, 128, 784},
	{"64x128*128x784", false, false, 64, 784, 128},
	{"64x128ᵀ*64x784", true, false, 128, 784, 64},
	{"64x128*128x10", false, false, 64, 10, 128},
	{"64x128*10x128ᵀ", false, true, 64, 10, 128},
	{"64x10*10x128", false, false, 64, 128, 10},
	{"64x10ᵀ*64x128", true, false, 10, 128, 64},
	{"1x1*1x1", false, false, 1, 1, 1},
	{"100x2*2x1", false, false, 100, 1, 2},
}

func operands[T float](transA, transB bool, m, n, k int) (a []T, lda int, b []T, ldb int, c []T) {
	a, b, c = make([]T, m*k), make([]T, k*n), make([]T, m*n)
	for i := range a {
		a[i] = T(i%7) - 3
	}
	for i := range b {
		b[i] = T(i%5) - 2
	}
	lda, ldb = k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	return a, lda, b, ldb, c
}

func report(b *testing.B, m, n, k int) {
	b.ReportMetric(2*float64(m)*float64(n)*float64(k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkSgemm(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) {
			a, lda, bb, ldb, c := operands[float32](s.transA, s.transB, s.m, s.n, s.k)
			b.ReportAllocs()
			for b.Loop() {
				Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
			}
			report(b, s.m, s.n, s.k)
		})
	}
}

func BenchmarkDgemm(b *testing.B) {
	for _, s := range benchShapes {
		b.Run(s.name, func(b *testing.B) {
			a, lda, bb, ldb, c := operands[float64](s.transA, s.transB, s.m, s.n, s.k)
			b.ReportAllocs()
			for b.Loop() {
				Dgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
			}
			report(b, s.m, s.n, s.k)
		})
	}
}

// BenchmarkSgemmPath compares the kernels on one machine at 1024³ and 256³.
func BenchmarkSgemmPath(b *testing.B) {
	defer func(p path) { usePath = p }(usePath)
	for _, p := range paths() {
		for _, n := range []int{256, 1024} {
			b.Run(fmt.Sprintf("%v/%d", p, n), func(b *testing.B) {
				usePath = p
				a, lda, bb, ldb, c := operands[float32](false, false, n, n, n)
				for b.Loop() {
					Sgemm(false, false, n, n, n, 1, a, lda, bb, ldb, 0, c, n)
				}
				report(b, n, n, n)
			})
		}
	}
}

// BenchmarkGonumSgemm is the baseline this package replaced.
func BenchmarkGonumSgemm(b *testing.B) {
	var impl gonum.Implementation
	for _, n := range []int{256, 1024} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			a, lda, bb, ldb, c := operands[float32](false, false, n, n, n)
			for b.Loop() {
				impl.Sgemm(blas.NoTrans, blas.NoTrans, n, n, n, 1, a, lda, bb, ldb, 0, c, n)
			}
			report(b, n, n, n)
		})
	}
}

// BenchmarkKernel measures a micro-kernel alone on packed operands that stay
// in L1: the ceiling the full algorithm can approach.
func BenchmarkKernel(b *testing.B) {
	const kc = 256
	for _, p := range paths() {
		kn, d := kernels32(p)
		b.Run(p.String(), func(b *testing.B) {
			if d != nil {
				nr := 2 * d.lanes
				a, bb, c := aligned[float32](directMR*kc), aligned[float32](nr*kc), make([]float32, directMR*nr)
				for b.Loop() {
					d.fns[0][directMR](kc, &a[0], 1, directMR, &bb[0], nr, &c[0], nr, 1, 1, 0)
				}
				report(b, directMR, nr, kc)
				return
			}
			a, bb, c := aligned[float32](kn.mr*kc), aligned[float32](kn.nr*kc), make([]float32, kn.mr*kn.nr)
			for b.Loop() {
				kn.fn(kc, &a[0], &bb[0], &c[0], kn.nr, 1, 1)
			}
			report(b, kn.mr, kn.nr, kc)
		})
	}
}

// BenchmarkAlgorithm compares reading B in place with packing it, on the
// AVX-512 path, to place directMax.
func BenchmarkAlgorithm(b *testing.B) {
	defer saveKnobs()()
	for _, s := range benchShapes[:10] {
		for _, alg := range []string{"packed", "direct"} {
			b.Run(s.name+"/"+alg, func(b *testing.B) {
				directMax = 0
				if alg == "direct" {
					directMax = math.MaxInt
				}
				a, lda, bb, ldb, c := operands[float32](s.transA, s.transB, s.m, s.n, s.k)
				for b.Loop() {
					Sgemm(s.transA, s.transB, s.m, s.n, s.k, 1, a, lda, bb, ldb, 0, c, s.n)
				}
				report(b, s.m, s.n, s.k)
			})
		}
	}
}

// BenchmarkLinearForward is a Linear layer's forward product x·Wᵀ (batch
// m, in k, out n), computed swapped as (W·xᵀ)ᵀ and not.
func BenchmarkLinearForward(b *testing.B) {
	defer func(on bool) { swapOn = on }(swapOn)
	for _, s := range [][3]int{{64, 128, 784}, {64, 1024, 784}, {256, 128, 784}, {32, 128, 784}} {
		for _, on := range []bool{false, true} {
			b.Run(fmt.Sprintf("m=%d,n=%d,k=%d/swap=%v", s[0], s[1], s[2], on), func(b *testing.B) {
				swapOn = on
				a, lda, w, ldw, c := operands[float32](false, true, s[0], s[1], s[2])
				for b.Loop() {
					Sgemm(false, true, s[0], s[1], s[2], 1, a, lda, w, ldw, 0, c, s[1])
				}
				report(b, s[0], s[1], s[2])
			})
		}
	}
}
