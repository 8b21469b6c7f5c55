package vec

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// exactFMA32 rounds alpha*x+y to float32 once, computed exactly with big.Float.
func exactFMA32(alpha, x, y float32) float32 {
	p := new(big.Float).SetPrec(200).Mul(big.NewFloat(float64(alpha)), big.NewFloat(float64(x)))
	s := new(big.Float).SetPrec(200).Add(p, big.NewFloat(float64(y)))
	f, _ := s.Float32() // round to nearest even, once
	return f
}

func TestAxpyFMA32RoundsOnce(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 7, 8, 9, 31, 32, 33, 100, 1000} {
		x, y, want := make([]float32, n), make([]float32, n), make([]float32, n)
		alpha := float32(rng.NormFloat64())
		for i := range n {
			x[i] = float32(rng.NormFloat64() * 100)
			y[i] = float32(rng.NormFloat64())
			want[i] = exactFMA32(alpha, x[i], y[i])
		}
		AxpyFMA32(alpha, x, y)
		for i := range n {
			if math.Float32bits(y[i]) != math.Float32bits(want[i]) {
				t.Fatalf("n=%d i=%d: got %g, want %g (single rounding)", n, i, y[i], want[i])
			}
		}
	}
}

// A case where rounding twice (through float64) differs from rounding once.
// alpha*x = 2^-24 + 2^-60 exactly, since (1+2^-12)(1-2^-12+2^-24) = 1+2^-36.
// Added to y = 1, the exact sum lies just above the float32 tie 1+2^-24, so
// one rounding gives 1+2^-23; float64 cannot hold the 2^-60 and lands on the
// tie, which then rounds to even, 1.
func TestAxpyFMA32AvoidsDoubleRounding(t *testing.T) {
	alpha := float32(1 + math.Ldexp(1, -12))
	x := float32(math.Ldexp(1-math.Ldexp(1, -12)+math.Ldexp(1, -24), -24))
	want := float32(1 + math.Ldexp(1, -23))
	if got := exactFMA32(alpha, x, 1); got != want {
		t.Fatalf("test setup: exact single rounding gives %.10g, want %.10g", got, want)
	}
	if twice := float32(math.FMA(float64(alpha), float64(x), 1)); twice != 1 {
		t.Fatalf("test setup: rounding through float64 gives %.10g, want 1 (the case must separate the two)", twice)
	}
	y := []float32{1}
	AxpyFMA32(alpha, []float32{x}, y)
	if y[0] != want {
		t.Errorf("AxpyFMA32 (assembly %v): got %.10g, want the single-rounded %.10g", hasFMA, y[0], want)
	}
	y[0] = 1
	axpyFMA32Go(alpha, []float32{x}, y)
	if y[0] != want {
		t.Errorf("portable path: got %.10g, want the single-rounded %.10g", y[0], want)
	}
}

func BenchmarkAxpyFMA32(b *testing.B) {
	x, y := make([]float32, 100_000), make([]float32, 100_000)
	for i := range x {
		x[i], y[i] = float32(i), 1
	}
	b.SetBytes(8 * 100_000)
	for b.Loop() {
		AxpyFMA32(1e-9, x, y)
	}
}

func BenchmarkAxpyFMA32Go(b *testing.B) {
	x, y := make([]float32, 100_000), make([]float32, 100_000)
	for i := range x {
		x[i], y[i] = float32(i), 1
	}
	b.SetBytes(8 * 100_000)
	for b.Loop() {
		axpyFMA32Go(1e-9, x, y)
	}
}
