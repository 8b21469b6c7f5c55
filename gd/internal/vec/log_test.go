package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// logFixtureInputs are the log inputs of testdata/make_fixtures.py, built
// the same way.
func logFixtureInputs() []float32 {
	special := []float64{0, math.Copysign(0, -1), 1, -1, 2, 0.75, 1.5, 1.4999999, math.Inf(1), math.Inf(-1), 1e-40, 1.17549435e-38}
	const n, g = 16384, 0.7548776662466927
	var xs []float32
	for _, v := range special {
		xs = append(xs, float32(v))
	}
	for k := range n {
		xs = append(xs, float32(1+16*math.Mod(float64(k)*g, 1)))
	}
	for b := uint64(0); b < 1<<32; b += 1 << 17 {
		xs = append(xs, math.Float32frombits(uint32(b)))
	}
	return xs
}

// Log32 gives PyTorch's bits for every fixture input, on both paths.
func TestLog32MatchesPyTorch(t *testing.T) {
	matchesPyTorch(t, "log", "testdata/log_torch.bin", logFixtureInputs(), &logAVX2, Log32)
}

// The assembly gives the Go path's bits (NaN payloads aside), whatever
// the length; and both are within an ulp of the exact log.
func TestLog32AssemblyMatchesGoAndIsAccurate(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	xs := []float32{math.MaxFloat32, math.SmallestNonzeroFloat32, 0x1p-126, float32(math.NaN())}
	for range 100_000 {
		xs = append(xs, math.Float32frombits(rng.Uint32()&0x7fffffff))
		xs = append(xs, float32(1+rng.Float64()*30))
	}
	want := make([]float32, len(xs))
	for i, x := range xs {
		want[i] = log32One(x)
		if x > 0 && !math.IsInf(float64(x), 0) {
			exact := math.Log(float64(x))
			if d := math.Abs(float64(want[i]) - exact); d > float64(ulpOf(float32(exact))) {
				t.Fatalf("log(%g) = %g, more than an ulp from %g", x, want[i], exact)
			}
		}
	}
	if !logAVX2 {
		t.Skip("no AVX2 and FMA here: Log32 is log32One itself")
	}
	for _, n := range []int{len(xs), 1, 7, 8, 9, 17} {
		got := make([]float32, n)
		Log32(got, xs)
		for i := range got {
			if !sameOrBothNaN(got[i], want[i]) {
				t.Fatalf("n=%d: log(%g) = %g, log32One gives %g", n, xs[i], got[i], want[i])
			}
		}
	}
}

// ulpOf is the gap from |v| to the next float32 away from zero.
func ulpOf(v float32) float32 {
	a := float32(math.Abs(float64(v)))
	return math.Nextafter32(a, float32(math.Inf(1))) - a
}

func TestLog32Misuse(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a source shorter than the destination did not panic")
		}
	}()
	Log32(make([]float32, 3), make([]float32, 2))
}
