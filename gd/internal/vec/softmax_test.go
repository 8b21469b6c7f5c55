package vec

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

// softmaxRows makes rows×size logits with some special rows: a NaN, +Inf,
// all -Inf, huge values, signed zeros.
func softmaxRows(rng *rand.Rand, rows, size int) []float32 {
	x := make([]float32, rows*size)
	for i := range x {
		x[i] = float32(rng.NormFloat64() * 4)
	}
	row := func(r int) []float32 { return x[r*size : (r+1)*size] }
	if rows > 6 {
		row(1)[size-1] = float32(math.NaN())
		row(2)[size/2] = float32(math.Inf(1))
		for k := range row(3) {
			row(3)[k] = float32(math.Inf(-1))
		}
		for k := range row(4) {
			row(4)[k] = float32(rng.Float64()*240 - 120)
		}
		for k := range row(5) {
			row(5)[k] = float32(math.Copysign(0, float64(k%2)-0.5))
		}
	}
	return x
}

// sameOrBothNaN reports whether a and b have the same bits or are both NaN
// (the two paths may carry different NaN payloads).
func sameOrBothNaN(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}

// The assembly row kernels give the Go path's bits for every row length,
// block boundary and special value.
func TestSoftmaxRowsAssemblyMatchesGo(t *testing.T) {
	if !softmaxAVX2 {
		t.Skip("no AVX2 and FMA here: the Go path is the only one")
	}
	defer func(on bool) { softmaxAVX2 = on }(softmaxAVX2)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, size := range []int{8, 9, 10, 15, 16, 17, 23, 37, 64, 100, 300, 3000} {
		for _, rows := range []int{1, 7, 300} {
			x := softmaxRows(rng, rows, size)
			g := softmaxRows(rng, rows, size)[:0]
			for range rows * size {
				g = append(g, float32(rng.NormFloat64()))
			}
			for _, log := range []bool{false, true} {
				name := fmt.Sprintf("%dx%d log=%v", rows, size, log)
				run := func(asm bool) (fwd, bwd []float32) {
					softmaxAVX2 = asm
					fwd = make([]float32, len(x))
					SoftmaxRows32(fwd, x, size, log)
					bwd = make([]float32, len(x))
					SoftmaxGradRows32(bwd, g, fwd, size, log)
					return fwd, bwd
				}
				fa, ba := run(true)
				fg, bg := run(false)
				for _, asm := range []bool{true, false} {
					// In place, into g, the bits of the separate output.
					softmaxAVX2 = asm && hasFMA
					in := append([]float32(nil), g...)
					SoftmaxGradRows32(in, in, fg, size, log)
					for i := range in {
						if !sameOrBothNaN(in[i], bg[i]) {
							t.Fatalf("%s assembly=%v: in place, backward[%d] = %g, separately %g", name, asm, i, in[i], bg[i])
						}
					}
				}
				for i := range fa {
					if !sameOrBothNaN(fa[i], fg[i]) {
						t.Fatalf("%s: forward[%d] (row %d) = %g (%#x), Go path %g (%#x)", name, i, i/size, fa[i], math.Float32bits(fa[i]), fg[i], math.Float32bits(fg[i]))
					}
					if !sameOrBothNaN(ba[i], bg[i]) {
						t.Fatalf("%s: backward[%d] (row %d) = %g, Go path %g", name, i, i/size, ba[i], bg[i])
					}
				}
			}
		}
	}
}

// Independently of PyTorch: each softmax row sums to 1 and each
// log-softmax row is its log, within float32 rounding; a row with a NaN
// is all NaN; the largest logits do not overflow.
func TestSoftmaxRowsValues(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, size := range []int{1, 3, 8, 10, 37} {
		x := softmaxRows(rng, 20, size)
		p := make([]float32, len(x))
		lp := make([]float32, len(x))
		SoftmaxRows32(p, x, size, false)
		SoftmaxRows32(lp, x, size, true)
		for r := range 20 {
			row := x[r*size : (r+1)*size]
			hasNaN, allNegInf, hasPosInf := false, true, false
			for _, v := range row {
				hasNaN = hasNaN || v != v
				allNegInf = allNegInf && math.IsInf(float64(v), -1)
				hasPosInf = hasPosInf || math.IsInf(float64(v), 1)
			}
			sum := 0.0
			for k := range row {
				i := r*size + k
				if hasNaN || allNegInf || hasPosInf {
					if p[i] == p[i] {
						t.Fatalf("size %d row %d: softmax %g, want NaN", size, r, p[i])
					}
					continue
				}
				sum += float64(p[i])
				if d := math.Abs(math.Exp(float64(lp[i])) - float64(p[i])); d > 1e-6 {
					t.Fatalf("size %d row %d: exp(log_softmax) = %g, softmax = %g", size, r, math.Exp(float64(lp[i])), p[i])
				}
			}
			if !(hasNaN || allNegInf || hasPosInf) && math.Abs(sum-1) > 1e-5 {
				t.Fatalf("size %d row %d: softmax sums to %g", size, r, sum)
			}
		}
	}
}

func TestSoftmaxRowsMisuse(t *testing.T) {
	for name, f := range map[string]func(){
		"partial row": func() { SoftmaxRows32(make([]float32, 10), make([]float32, 10), 3, false) },
		"short out":   func() { SoftmaxRows32(make([]float32, 5), make([]float32, 10), 5, false) },
		"short g":     func() { SoftmaxGradRows32(make([]float32, 10), make([]float32, 5), make([]float32, 10), 5, true) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkSoftmaxRows32(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	x := softmaxRows(rng, 4096, 10)
	out := make([]float32, len(x))
	for _, asm := range []bool{true, false} {
		b.Run(map[bool]string{true: "asm", false: "go"}[asm], func(b *testing.B) {
			defer func(on bool) { softmaxAVX2 = on }(softmaxAVX2)
			softmaxAVX2 = asm && hasFMA
			for b.Loop() {
				SoftmaxRows32(out, x, 10, true)
				SoftmaxGradRows32(out, x, out, 10, true)
			}
		})
	}
}
