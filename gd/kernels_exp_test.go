package gd

import (
	"math"
	"testing"
)

// TestExpInto checks the dispatch: float32 through vec.Exp32 (tested bit
// for bit against PyTorch in its package), within an ulp of the exact
// value; float64 through math.Exp.
func TestExpInto(t *testing.T) {
	xs32 := make([]float32, 1000)
	xs64 := make([]float64, len(xs32))
	for i := range xs32 {
		xs32[i] = float32(i)/5 - 100
		xs64[i] = float64(xs32[i])
	}
	got32 := make([]float32, len(xs32))
	expInto(got32, xs32)
	got64 := make([]float64, len(xs64))
	expInto(got64, xs64)
	for i, x := range xs64 {
		want := math.Exp(x)
		if got64[i] != want {
			t.Fatalf("float64 exp(%g) = %g, want %g", x, got64[i], want)
		}
		if d := math.Abs(float64(got32[i]) - want); d > float64(math.Nextafter32(float32(want), float32(math.Inf(1)))-float32(want)) {
			t.Fatalf("float32 exp(%g) = %g, more than an ulp from %g", x, got32[i], want)
		}
	}
}

func BenchmarkExp32(b *testing.B) {
	xs := make([]float32, 1024)
	for i := range xs {
		xs[i] = float32(i)/100 - 5
	}
	out := make([]float32, len(xs))
	for b.Loop() {
		expInto(out, xs)
	}
}

func BenchmarkMathExp(b *testing.B) {
	xs := make([]float64, 1024)
	for i := range xs {
		xs[i] = float64(i)/100 - 5
	}
	out := make([]float64, len(xs))
	for b.Loop() {
		expInto(out, xs)
	}
}
