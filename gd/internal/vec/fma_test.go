package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// FMA32 rounds once, even where the float64 sum lands on a float32 tie:
// against the exact sum rounded to float32 (exactFMA32, math/big).
func TestFMA32(t *testing.T) {
	// a·b = 2⁻²⁵ - 2⁻⁷¹, so c + a·b lies just below the midpoint of c
	// and 1, but its float64 rounding is that midpoint, which a second
	// rounding to even would take up to 1.
	a, b, c := float32(0x1p-12*(1+0x1p-23)), float32(0x1p-13*(1-0x1p-23)), float32(1-0x1p-24)
	if naive := float32(math.FMA(float64(a), float64(b), float64(c))); naive == c {
		t.Fatalf("the crafted case does not round twice (got %v): it tests nothing", naive)
	}
	if got := FMA32(a, b, c); got != c || got != exactFMA32(a, b, c) {
		t.Errorf("FMA32 on a false tie = %v, want %v", got, c)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20_000 {
		a, b, c := float32(rng.NormFloat64()), float32(rng.NormFloat64()), float32(rng.NormFloat64()*1e-3)
		if got, want := FMA32(a, b, c), exactFMA32(a, b, c); got != want {
			t.Fatalf("FMA32(%v, %v, %v) = %v, want %v", a, b, c, got, want)
		}
	}
}
