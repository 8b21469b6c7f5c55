package gd

import (
	"math"
	"testing"
)

// TestExp32 checks exp32 against math.Exp rounded to float32 over the
// whole useful range, the edges and the special values.
func TestExp32(t *testing.T) {
	worst, differ, n := 0.0, 0, 0
	for x := float32(-104); x <= 89; x = math.Nextafter32(x, 100) + 1e-4*float32(math.Abs(float64(x))+1) {
		want := float32(math.Exp(float64(x)))
		got := exp32(x)
		n++
		if got != want {
			differ++
			ulp := math.Abs(float64(got)-float64(want)) / float64(math.Nextafter32(want, float32(math.Inf(1)))-want)
			worst = max(worst, ulp)
		}
	}
	if worst > 1 || differ > n/1000 {
		t.Errorf("exp32 differs from the rounded exp at %d of %d points, by up to %g ulp", differ, n, worst)
	}
	for _, c := range []struct{ x, want float32 }{
		{0, 1}, {float32(math.Inf(-1)), 0}, {float32(math.Inf(1)), float32(math.Inf(1))}, {-200, 0}, {100, float32(math.Inf(1))},
		{88.72, float32(math.Exp(float64(float32(88.72))))}, {-103.9, float32(math.Exp(float64(float32(-103.9))))}, {-90, float32(math.Exp(-90))},
	} {
		if got := exp32(c.x); got != c.want {
			t.Errorf("exp32(%v) = %v, want %v", c.x, got, c.want)
		}
	}
	if got := exp32(float32(math.NaN())); got == got {
		t.Errorf("exp32(NaN) = %v", got)
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
