package gemm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// problem is one gemm call with its inputs stored in float64, so the same
// numbers can be fed to Sgemm (rounded to float32 first) and to the reference.
type problem struct {
	transA, transB bool
	m, n, k        int
	alpha, beta    float64
	a, b, c        []float64
	lda, ldb, ldc  int
}

// pad is added to each leading dimension, so tests cover strides wider than
// the rows. Padding elements hold NaN in A and B (reading one would poison
// the result) and a sentinel in C (writing one is detected).
const sentinel = -12345.0

func newProblem(r *rand.Rand, transA, transB bool, m, n, k, pad int, alpha, beta float64) *problem {
	p := &problem{transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, beta: beta}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	p.a, p.lda = fill(r, rowsA, colsA, pad, math.NaN())
	p.b, p.ldb = fill(r, rowsB, colsB, pad, math.NaN())
	p.c, p.ldc = fill(r, m, n, pad, sentinel)
	return p
}

func fill(r *rand.Rand, rows, cols, pad int, padValue float64) ([]float64, int) {
	ld := max(1, cols+pad)
	x := make([]float64, max(0, (rows-1)*ld+cols))
	for i := range x {
		if i%ld < cols {
			x[i] = r.Float64()*2 - 1
		} else {
			x[i] = padValue
		}
	}
	return x, ld
}

func (p *problem) opA(i, q int) float64 {
	if p.transA {
		return p.a[q*p.lda+i]
	}
	return p.a[i*p.lda+q]
}

func (p *problem) opB(q, j int) float64 {
	if p.transB {
		return p.b[j*p.ldb+q]
	}
	return p.b[q*p.ldb+j]
}

// check compares got (the C computed in precision eps) against a float64
// reference, element by element, allowing the rounding error a k-term sum
// may accumulate: k·eps·(|alpha|·Σ|a||b| + |beta·c|), with a little slack.
func (p *problem) check(t *testing.T, got []float64, eps float64) {
	t.Helper()
	for i := range p.c {
		if i%p.ldc >= p.n && got[i] != sentinel {
			t.Fatalf("%v: padding element c[%d] changed to %v", p, i, got[i])
		}
	}
	for i := 0; i < p.m; i++ {
		for j := 0; j < p.n; j++ {
			var sum, mag float64
			for q := 0; q < p.k; q++ {
				x := p.opA(i, q) * p.opB(q, j)
				sum += x
				mag += math.Abs(x)
			}
			want := p.alpha * sum
			bound := math.Abs(p.alpha) * mag
			if p.beta != 0 {
				want += p.beta * p.c[i*p.ldc+j]
				bound += math.Abs(p.beta * p.c[i*p.ldc+j])
			}
			tol := 2 * float64(p.k+2) * eps * bound
			if g := got[i*p.ldc+j]; !(math.Abs(g-want) <= tol) {
				t.Fatalf("%v: C[%d,%d] = %v, want %v (tolerance %.3g)", p, i, j, g, want, tol)
			}
		}
	}
}

func (p *problem) String() string {
	return fmt.Sprintf("path=%v tA=%v tB=%v m=%d n=%d k=%d lda=%d ldb=%d ldc=%d alpha=%v beta=%v",
		usePath, p.transA, p.transB, p.m, p.n, p.k, p.lda, p.ldb, p.ldc, p.alpha, p.beta)
}

func to32(x []float64) []float32 {
	y := make([]float32, len(x))
	for i, v := range x {
		y[i] = float32(v)
	}
	return y
}

// run32 rounds the inputs to float32 (so the reference sees the same
// numbers), calls Sgemm, checks against the reference and returns C.
func (p *problem) run32(t *testing.T) {
	t.Helper()
	a, b, c := to32(p.a), to32(p.b), to32(p.c)
	for i := range p.a {
		p.a[i] = float64(a[i])
	}
	for i := range p.b {
		p.b[i] = float64(b[i])
	}
	for i := range p.c {
		p.c[i] = float64(c[i])
	}
	Sgemm(p.transA, p.transB, p.m, p.n, p.k, float32(p.alpha), a, p.lda, b, p.ldb, float32(p.beta), c, p.ldc)
	got := make([]float64, len(c))
	for i, v := range c {
		got[i] = float64(v)
	}
	p.check(t, got, 0x1p-23)
}

func (p *problem) run64(t *testing.T) {
	t.Helper()
	c := append([]float64(nil), p.c...)
	Dgemm(p.transA, p.transB, p.m, p.n, p.k, p.alpha, p.a, p.lda, p.b, p.ldb, p.beta, c, p.ldc)
	p.check(t, c, 0x1p-52)
}

// paths lists the kernels this machine can run, so each is tested.
func paths() []path {
	var ps []path
	for p := pathGo; p <= bestPath; p++ {
		ps = append(ps, p)
	}
	return ps
}

// forEachMode runs f once per available path and per algorithm: the plain
// loops for tiny products; on the AVX-512 path, B read in place ("direct")
// and B packed, with a transposed A packed too ("packed"); on the others,
// the packed algorithm; and each of those split across three goroutines
// even for tiny products.
func forEachMode(t *testing.T, f func(t *testing.T)) {
	defer saveKnobs()()
	modes := []struct {
		name                             string
		smallMax, directMax, parallelMin int
	}{
		{"small", math.MaxInt, 0, math.MaxInt},
		{"packed", 0, 0, math.MaxInt},
		{"packed-parallel", 0, 0, 0},
		{"direct", 0, math.MaxInt, math.MaxInt},
		{"direct-parallel", 0, math.MaxInt, 0},
	}
	for _, p := range paths() {
		for _, mode := range modes {
			if p != pathGo && mode.name == "small" {
				continue // the plain loops do not depend on the path
			}
			if p != pathAVX512 && strings.HasPrefix(mode.name, "direct") {
				continue // only AVX-512 reads B in place
			}
			t.Run(p.String()+"/"+mode.name, func(t *testing.T) {
				usePath, directMax, parallelMin = p, mode.directMax, mode.parallelMin
				smallMax, smallMaxPacked = mode.smallMax, mode.smallMax
				forceThreads = 3 // uneven bands, whatever the machine
				f(t)
			})
		}
	}
}

// blocks returns the largest cache blocks (rows, depth, columns) of the
// kernels of path p, in either precision.
func blocks(p path) (mc, kc, nc int) {
	k32, d32 := kernels32(p)
	k64, d64 := kernels64(p)
	if d32 != nil {
		return max(d32.mc, d64.mc), max(d32.kc, d64.kc), max(d32.nc, d64.nc)
	}
	return max(k32.mc, k64.mc), max(k32.kc, k64.kc), max(k32.nc, k64.nc)
}

// saveKnobs records the tuning variables tests override and returns a
// function restoring them.
func saveKnobs() func() {
	p, s, sp, d, pm, ft := usePath, smallMax, smallMaxPacked, directMax, parallelMin, forceThreads
	return func() {
		usePath, smallMax, smallMaxPacked, directMax, parallelMin, forceThreads = p, s, sp, d, pm, ft
	}
}

var transposes = [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}}

// TestSweep varies each dimension from 1 to 70 with the others held at odd
// sizes, crossing every tile edge of every kernel (mr up to 12, nr up to 32).
func TestSweep(t *testing.T) {
	forEachMode(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(1, 2))
		for _, tr := range transposes {
			for d := 1; d <= 70; d++ {
				for _, s := range [][3]int{{d, 13, 7}, {9, d, 5}, {11, 3, d}} {
					pad := r.IntN(3)
					newProblem(r, tr[0], tr[1], s[0], s[1], s[2], pad, 1, 0).run32(t)
					newProblem(r, tr[0], tr[1], s[0], s[1], s[2], pad, 1, 0).run64(t)
				}
			}
		}
	})
}

// TestRandomShapes mixes sizes, strides, alpha and beta at random.
func TestRandomShapes(t *testing.T) {
	forEachMode(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(3, 4))
		scalars := []float64{0, 1, -1, 0.5, 2.5}
		for range 200 {
			tr := transposes[r.IntN(4)]
			m, n, k := 1+r.IntN(80), 1+r.IntN(80), 1+r.IntN(80)
			alpha, beta := scalars[1+r.IntN(4)], scalars[r.IntN(5)]
			newProblem(r, tr[0], tr[1], m, n, k, r.IntN(5), alpha, beta).run32(t)
			newProblem(r, tr[0], tr[1], m, n, k, r.IntN(5), alpha, beta).run64(t)
		}
	})
}

// TestBlockEdges uses sizes beyond one cache block in every direction
// (mc, kc and nc), so the blocking loops run more than once, and beta must
// be applied exactly once across several k blocks.
func TestBlockEdges(t *testing.T) {
	forEachMode(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(5, 6))
		for _, tr := range transposes {
			mc, kc, nc := blocks(usePath)
			m, k, n := mc+7, kc+5, nc+3
			newProblem(r, tr[0], tr[1], m, 37, k, 1, 1.5, -0.5).run32(t)
			newProblem(r, tr[0], tr[1], m, 37, k, 1, 1.5, -0.5).run64(t)
			newProblem(r, tr[0], tr[1], 5, n, 11, 2, -1, 2).run32(t)
			newProblem(r, tr[0], tr[1], 5, n, 11, 2, -1, 2).run64(t)
		}
	})
}

// TestBetaZeroIgnoresNaN: with beta == 0, BLAS overwrites C without reading
// it, so NaN (from make or an earlier failure) must not survive.
func TestBetaZeroIgnoresNaN(t *testing.T) {
	forEachMode(t, func(t *testing.T) {
		for _, s := range [][3]int{{1, 1, 1}, {100, 1, 2}, {13, 33, 17}, {64, 64, 64}} {
			m, n, k := s[0], s[1], s[2]
			a32, b32, c32 := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
			a64, b64, c64 := make([]float64, m*k), make([]float64, k*n), make([]float64, m*n)
			for i := range a32 {
				a32[i], a64[i] = 1, 1
			}
			for i := range b32 {
				b32[i], b64[i] = 2, 2
			}
			for i := range c32 {
				c32[i], c64[i] = float32(math.NaN()), math.NaN()
			}
			Sgemm(false, false, m, n, k, 1, a32, k, b32, n, 0, c32, n)
			Dgemm(false, false, m, n, k, 1, a64, k, b64, n, 0, c64, n)
			for i := range c32 {
				if c32[i] != float32(2*k) || c64[i] != float64(2*k) {
					t.Fatalf("%v: C[%d] = %v (float32), %v (float64), want %d", s, i, c32[i], c64[i], 2*k)
				}
			}
		}
	})
}

// TestAlphaZeroOrEmptyK: the product vanishes and C becomes beta*C, without
// reading A or B (here full of NaN), as in reference BLAS.
func TestAlphaZeroOrEmptyK(t *testing.T) {
	for _, tc := range []struct {
		k           int
		alpha, beta float32
		want        float32
	}{
		{k: 3, alpha: 0, beta: 2, want: 6},
		{k: 3, alpha: 0, beta: 0, want: 0},
		{k: 0, alpha: 1, beta: -1, want: -3},
		{k: 0, alpha: 1, beta: 0, want: 0},
	} {
		nan := float32(math.NaN())
		a := []float32{nan, nan, nan, nan, nan, nan}
		c := []float32{3, 3, 3, 3}
		Sgemm(false, false, 2, 2, tc.k, tc.alpha, a, max(1, tc.k), a, 2, tc.beta, c, 2)
		for i, v := range c {
			if v != tc.want {
				t.Errorf("k=%d alpha=%v beta=%v: C[%d] = %v, want %v", tc.k, tc.alpha, tc.beta, i, v, tc.want)
			}
		}
	}
}

// TestMisuse: bad sizes, strides or lengths panic with a message naming the
// routine and the offending matrix, before any memory is touched.
func TestMisuse(t *testing.T) {
	x := make([]float32, 6)
	for _, tc := range []struct {
		name string
		call func()
		want string
	}{
		{"negative", func() { Sgemm(false, false, -1, 2, 2, 1, x, 2, x, 2, 0, x, 2) }, "Sgemm: negative size m=-1"},
		{"lda", func() { Sgemm(false, false, 2, 2, 3, 1, x, 2, x, 2, 0, x, 2) }, "Sgemm: A is 2×3 but its row stride is 2"},
		{"ldb transposed", func() { Sgemm(false, true, 2, 3, 2, 1, x, 2, x, 1, 0, x, 3) }, "Sgemm: B is 3×2 but its row stride is 1"},
		{"short A", func() { Sgemm(false, false, 4, 2, 2, 1, x, 2, x, 2, 0, make([]float32, 8), 2) }, "Sgemm: A is 4×2 with row stride 2, needs 8 elements, has 6"},
		{"short C", func() { Sgemm(false, false, 2, 3, 2, 1, x, 2, x, 3, 0, make([]float32, 5), 3) }, "Sgemm: C is 2×3 with row stride 3, needs 6 elements, has 5"},
		{"Dgemm", func() { Dgemm(true, false, 2, 2, 2, 1, nil, 2, nil, 2, 0, nil, 2) }, "Dgemm: A is 2×2 with row stride 2, needs 4 elements, has 0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, tc.want) {
					t.Fatalf("panic %q, want it to contain %q", msg, tc.want)
				}
			}()
			tc.call()
		})
	}
}

// TestTransposedBIsBitForBit: C = A·Bᵀ must equal, bit for bit, the
// product with Bᵀ copied out first, since each element is the same sum in
// the same order. On the AVX-512 path the shapes where B is the larger
// operand take the swapped route, (B·Aᵀ)ᵀ (see swapWins), which a Linear
// layer's forward product depends on to match its unswapped self.
func TestTransposedBIsBitForBit(t *testing.T) {
	forEachMode(t, func(t *testing.T) {
		r := rand.New(rand.NewPCG(7, 8))
		for _, s := range [][3]int{{64, 128, 784}, {32, 200, 300}, {48, 130, 600}, {70, 333, 41}, {100, 90, 80}} {
			m, n, k := s[0], s[1], s[2]
			for _, alpha := range []float32{1, -0.5} {
				a, lda := fill(r, m, k, 1, math.NaN())
				b, ldb := fill(r, n, k, 2, math.NaN())
				a32, b32 := to32(a), to32(b)
				bt := make([]float32, k*n) // Bᵀ, contiguous
				for j := 0; j < n; j++ {
					for q := 0; q < k; q++ {
						bt[q*n+j] = b32[j*ldb+q]
					}
				}
				// C's rows are padded to n+3 except the last, as BLAS allows.
				got, want := make([]float32, (m-1)*(n+3)+n), make([]float32, (m-1)*(n+3)+n)
				Sgemm(false, true, m, n, k, alpha, a32, lda, b32, ldb, 0, got, n+3)
				Sgemm(false, false, m, n, k, alpha, a32, lda, bt, n, 0, want, n+3)
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						if g, w := got[i*(n+3)+j], want[i*(n+3)+j]; math.Float32bits(g) != math.Float32bits(w) {
							t.Fatalf("path=%v m=%d n=%d k=%d alpha=%v: C[%d,%d] = %v with B transposed, %v with Bᵀ copied", usePath, m, n, k, alpha, i, j, g, w)
						}
					}
				}
			}
		}
	})
}
