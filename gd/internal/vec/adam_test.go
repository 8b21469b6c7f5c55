package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// adamRef is one Adam step on one element with each operation rounded to
// float32 once: Go's float32 products, quotients and sums are, a float32
// square root taken through float64 is (float64 has more than twice the
// bits), and the fused multiply-adds are rounded once by exactFMA32.
func adamRef(p, g, m, v, b1, c1, b2, c2, bc2, eps, negStep float32) (float32, float32, float32) {
	m = exactFMA32(c1, g, float32(m*b1))
	v = exactFMA32(float32(c2*g), g, float32(v*b2))
	d := float32(float32(math.Sqrt(float64(v)))/bc2) + eps
	p += float32(float32(negStep*m) / d)
	return p, m, v
}

func TestAdamStep32RoundsAsPyTorch(t *testing.T) {
	if !hasFMA {
		t.Skip("no AVX2 and FMA here: AdamStep32 reports false (TestAdamStep32WithoutAVX2ChangesNothing)")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	const b1, b2 = 0.9, 0.999
	for _, n := range []int{1, 7, 8, 9, 31, 100, 1001} {
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		wp, wm, wv := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range n {
			p[i] = float32(rng.NormFloat64())
			wp[i] = p[i]
		}
		for step := 1; step <= 5; step++ {
			bc2 := float32(math.Sqrt(1 - math.Pow(b2, float64(step))))
			negStep := float32(-1e-3 / (1 - math.Pow(b1, float64(step))))
			for i := range n {
				g[i] = float32(rng.NormFloat64() * math.Pow(10, float64(rng.IntN(7)-3)))
				wp[i], wm[i], wv[i] = adamRef(wp[i], g[i], wm[i], wv[i], b1, 1-b1, b2, 1-b2, bc2, 1e-8, negStep)
			}
			if !AdamStep32(p, g, m, v, b1, 1-b1, b2, 1-b2, bc2, 1e-8, negStep) {
				t.Fatal("AdamStep32 reports no vectorised path on a machine with AVX2 and FMA")
			}
			for i := range n {
				if math.Float32bits(p[i]) != math.Float32bits(wp[i]) || math.Float32bits(m[i]) != math.Float32bits(wm[i]) || math.Float32bits(v[i]) != math.Float32bits(wv[i]) {
					t.Fatalf("n=%d step=%d i=%d: p, m, v = %g, %g, %g; want %g, %g, %g", n, step, i, p[i], m[i], v[i], wp[i], wm[i], wv[i])
				}
			}
		}
	}
}

// The moment updates are fused multiply-adds: with m·b1 and c1·g chosen so
// that rounding their sum through float64 lands on a float32 tie (the case
// of TestAxpyFMA32AvoidsDoubleRounding), the single rounding must win.
func TestAdamStep32FusesTheMomentUpdate(t *testing.T) {
	if !hasFMA {
		t.Skip("no AVX2 and FMA here: AdamStep32 reports false (TestAdamStep32WithoutAVX2ChangesNothing)")
	}
	c1 := float32(1 + math.Ldexp(1, -12))
	g := float32(math.Ldexp(1-math.Ldexp(1, -12)+math.Ldexp(1, -24), -24))
	p, m, v := []float32{0}, []float32{1}, []float32{0}
	AdamStep32(p, []float32{g}, m, v, 1, c1, 0.5, 0.5, 1, 1, 0)
	if want := float32(1 + math.Ldexp(1, -23)); m[0] != want {
		t.Errorf("m = %.10g, want the single-rounded %.10g", m[0], want)
	}
}

// Without its assembly path AdamStep32 leaves everything as it was and
// says so, for the caller's exact loop to run instead.
func TestAdamStep32WithoutAVX2ChangesNothing(t *testing.T) {
	defer func(on bool) { adamAVX2 = on }(adamAVX2)
	adamAVX2 = false
	p, g, m, v := []float32{1, 2}, []float32{3, 4}, []float32{5, 6}, []float32{7, 8}
	if AdamStep32(p, g, m, v, 0.9, 0.1, 0.999, 0.001, 1, 1e-8, -1e-3) {
		t.Error("AdamStep32 reports a step it has no path for")
	}
	if p[0] != 1 || p[1] != 2 || m[0] != 5 || m[1] != 6 || v[0] != 7 || v[1] != 8 {
		t.Errorf("values changed: p %v, m %v, v %v", p, m, v)
	}
}

func TestAdamStep32Misuse(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a gradient shorter than the parameters did not panic")
		}
	}()
	AdamStep32(make([]float32, 3), make([]float32, 2), make([]float32, 3), make([]float32, 3), 0.9, 0.1, 0.999, 0.001, 1, 1e-8, -1e-3)
}

func BenchmarkAdamStep32(b *testing.B) {
	n := 100_000
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range g {
		g[i] = float32(i%7) - 3
	}
	b.SetBytes(int64(28 * n))
	for b.Loop() {
		AdamStep32(p, g, m, v, 0.9, 0.1, 0.999, 0.001, 0.03, 1e-8, -1e-3)
	}
}
