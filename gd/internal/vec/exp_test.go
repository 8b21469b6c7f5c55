package vec

import (
	"encoding/binary"
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

// expFixtureInputs are the inputs of testdata/make_fixtures.py, built
// the same way: its special values, then an additive recurrence over
// [-106, 102), each computed in float64 and rounded to float32.
func expFixtureInputs() []float32 {
	special := []float64{0, math.Copysign(0, -1), 1, -1, 88.72, 88.73, 89, 100, 100.5, -87.3, -103.9, -103.97, -104, -104.5,
		math.Inf(1), math.Inf(-1), 1e-30, -1e-30, 1.4e-45, 0.5 * math.Log(2) / 32}
	const n, g = 16384, 0.7548776662466927
	xs := make([]float32, 0, len(special)+n)
	for _, v := range special {
		xs = append(xs, float32(v))
	}
	for k := range n {
		xs = append(xs, float32(-106+208*math.Mod(float64(k)*g, 1)))
	}
	return xs
}

// Exp32 gives PyTorch's bits for every fixture input, on both paths.
func TestExp32MatchesPyTorch(t *testing.T) {
	matchesPyTorch(t, "exp", "testdata/exp_torch.bin", expFixtureInputs(), &expAVX2, Exp32)
}

// matchesPyTorch checks f, on both of its paths (the switch on), against
// PyTorch's results in file for the inputs xs (any NaN where PyTorch
// gives a NaN).
func matchesPyTorch(t *testing.T, name, file string, xs []float32, asmOn *bool, f func(dst, src []float32)) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) != 4*len(xs) {
		t.Fatalf("%s holds %d values, the inputs are %d: regenerate it with make_fixtures.py", file, len(b)/4, len(xs))
	}
	defer func(on bool) { *asmOn = on }(*asmOn)
	for _, asm := range []bool{false, true} {
		*asmOn = asm && hasFMA
		got := make([]float32, len(xs))
		f(got, xs)
		bad := 0
		for i, x := range xs {
			want := math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
			if !sameOrBothNaN(got[i], want) {
				if bad++; bad <= 5 {
					t.Errorf("assembly=%v: %s(%g) = %g (%#x), PyTorch gives %g (%#x)", *asmOn, name, x, got[i], math.Float32bits(got[i]), want, math.Float32bits(want))
				}
			}
		}
		if bad > 0 {
			t.Errorf("assembly=%v: %d of %d values differ from PyTorch", *asmOn, bad, len(xs))
		}
	}
}

// expInputs are many inputs for comparing the two paths: the useful
// range, near zero, the edges, NaNs with payloads.
func expInputs() []float32 {
	xs := []float32{0, float32(math.Copysign(0, -1)), 88.72, 88.73, 89, 100, 100.00001, -103.97, -104, -104.00001,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN()), math.Float32frombits(0x7fa00001), math.Float32frombits(0xffc12345),
		math.SmallestNonzeroFloat32, math.MaxFloat32, -math.MaxFloat32}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100_000 {
		xs = append(xs, float32(rng.Float64()*210-106))
	}
	for range 20_000 {
		xs = append(xs, float32(rng.NormFloat64()))
	}
	return xs
}

// The assembly gives exp32Go's bits for every input, whatever the length,
// in place or not.
func TestExp32AssemblyMatchesGo(t *testing.T) {
	if !expAVX2 {
		t.Skip("no AVX2 and FMA here: Exp32 is exp32Go itself")
	}
	xs := expInputs()
	want := make([]float32, len(xs))
	exp32Go(want, xs)
	for _, n := range []int{len(xs), 1, 7, 8, 9, 15, 16, 17, 23} {
		got := make([]float32, n)
		Exp32(got, xs)
		for i := range got {
			if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
				t.Fatalf("n=%d: exp(%g) = %g (%#x), exp32Go gives %g (%#x)", n, xs[i], got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
			}
		}
	}
	in := append([]float32(nil), xs...)
	Exp32(in, in)
	for i := range in {
		if math.Float32bits(in[i]) != math.Float32bits(want[i]) {
			t.Fatalf("in place: exp(%g) = %g, want %g", xs[i], in[i], want[i])
		}
	}
}

// Independently of PyTorch: within one ulp of the exact value, and the
// special values as documented.
func TestExp32Accuracy(t *testing.T) {
	xs := expInputs()
	got := make([]float32, len(xs))
	Exp32(got, xs)
	for i, x := range xs {
		switch {
		case x != x:
			if got[i] == got[i] {
				t.Errorf("exp(NaN) = %g", got[i])
			}
			continue
		case x < -104:
			if got[i] != 0 || math.Signbit(float64(got[i])) {
				t.Errorf("exp(%g) = %g, want 0", x, got[i])
			}
			continue
		}
		exact := math.Exp(float64(x))
		if exact > math.MaxFloat32 {
			if !math.IsInf(float64(got[i]), 1) {
				t.Errorf("exp(%g) = %g, want +Inf", x, got[i])
			}
			continue
		}
		lo, hi := math.Nextafter32(float32(exact), 0), math.Nextafter32(float32(exact), math.MaxFloat32)
		if float64(got[i]) < math.Min(float64(lo), exact) || float64(got[i]) > math.Max(float64(hi), exact) {
			t.Fatalf("exp(%g) = %g, more than an ulp from %g", x, got[i], exact)
		}
	}
}

func TestExp32Misuse(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a source shorter than the destination did not panic")
		}
	}()
	Exp32(make([]float32, 3), make([]float32, 2))
}

func BenchmarkExp32(b *testing.B) {
	xs := make([]float32, 4096*10)
	for i := range xs {
		xs[i] = -float32(i%200) / 10
	}
	out := make([]float32, len(xs))
	for _, asm := range []bool{true, false} {
		b.Run(map[bool]string{true: "asm", false: "go"}[asm], func(b *testing.B) {
			defer func(on bool) { expAVX2 = on }(expAVX2)
			expAVX2 = asm && hasFMA
			b.SetBytes(int64(4 * len(xs)))
			for b.Loop() {
				Exp32(out, xs)
			}
		})
	}
}
