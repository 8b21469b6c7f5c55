package gd

import (
	"slices"
	"testing"
)

// The softmax backward computes into its incoming gradient only when the
// engine owns it: a gradient the user passed, one kept by RetainGrad, and
// one shared by two consumers stay as they were.
func TestSoftmaxBackwardLeavesVisibleGradientsAlone(t *testing.T) {
	ManualSeed(1)
	for _, log := range []bool{false, true} {
		op := func(x *Tensor) *Tensor {
			if log {
				return x.LogSoftmax(1)
			}
			return x.Softmax(1)
		}
		x := Randn(300, 10).RequiresGrad_()
		g := Randn(300, 10)
		before := g.Float32s()
		op(x).BackwardWithGrad(g)
		if !slices.Equal(g.Float32s(), before) {
			t.Errorf("log=%v: BackwardWithGrad changed the caller's gradient", log)
		}
		want := x.Grad().Float32s()

		// The same gradient arriving from a node (Mul by 1 hands on a fresh
		// buffer): computed in place, the same values.
		x.SetGrad(nil)
		y := op(x)
		y.Mul(g).Sum().Backward()
		if !slices.Equal(x.Grad().Float32s(), want) {
			t.Errorf("log=%v: the gradient computed in place differs", log)
		}

		// RetainGrad keeps the output's gradient as it arrived.
		x.SetGrad(nil)
		y = op(x).RetainGrad()
		y.Mul(g).Sum().Backward()
		if !slices.Equal(y.Grad().Float32s(), before) {
			t.Errorf("log=%v: the retained output gradient was overwritten", log)
		}
		if !slices.Equal(x.Grad().Float32s(), want) {
			t.Errorf("log=%v: with RetainGrad the input gradient differs", log)
		}
	}
	// Cross-entropy: the log-probabilities' retained gradient is NLL's.
	x := Randn(300, 10).RequiresGrad_()
	labels := Rand(300).Mul(10).Long()
	logp := x.LogSoftmax(1).RetainGrad()
	NLL(logp, labels).Backward()
	nz := 0
	for _, v := range logp.Grad().Float32s() {
		if v != 0 {
			nz++
			if v != -1.0/300 {
				t.Fatalf("NLL's gradient holds %v, want -1/300", v)
			}
		}
	}
	if nz != 300 {
		t.Errorf("NLL's retained gradient has %d nonzero values, want 300", nz)
	}
}
