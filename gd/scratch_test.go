package gd

import (
	"slices"
	"testing"
)

// Gradients that pass through the backward scratch must never be kept
// by reference: the next pass reuses that memory.
func TestScratchGradientsAreNotKept(t *testing.T) {
	x := Vector(1, 2, 3).RequiresGrad_()
	h := x.Add(1).RetainGrad() // AddBackward0 hands the sum's gradient straight on
	h.Sum().Backward()
	xg, hg := x.Grad(), h.Grad()
	w := Vector(4, 4, 4).RequiresGrad_()
	w.Sum().Backward() // SumBackward0's gradient goes straight to the leaf
	wg := w.Grad()

	// A second graph whose backward fills the same scratch with other values.
	y := Vector(5, 5, 5).RequiresGrad_()
	y.Add(1).Mul(3).Pow(2).Mean().Backward()

	for _, c := range []struct {
		name string
		got  *Tensor
	}{{"leaf x", xg}, {"retained h", hg}, {"leaf w", wg}} {
		if got := c.got.Float64s(); !slices.Equal(got, []float64{1, 1, 1}) {
			t.Errorf("%s: gradient changed by a later pass: %v, want [1 1 1]", c.name, got)
		}
	}
	// y's gradient: d/dy mean((3(y+1))²) = 2·3·3(y+1)/3 = 36 at y = 5.
	if got := y.Grad().Float64s(); !slices.Equal(got, []float64{36, 36, 36}) {
		t.Errorf("y.Grad() = %v, want [36 36 36]", got)
	}
}

// A leaf used twice sums two scratch gradients into its own.
func TestScratchSumsIntoLeaf(t *testing.T) {
	a := Vector(2, 3).RequiresGrad_()
	s := a.Mul(a).Add(a.Mul(4)).Sum() // d/da = 2a + 4
	s.Backward()
	if got := a.Grad().Float64s(); !slices.Equal(got, []float64{8, 10}) {
		t.Errorf("a.Grad() = %v, want [8 10]", got)
	}
	s = a.Mul(a).Add(a.Mul(4)).Sum()
	s.Backward() // accumulates
	if got := a.Grad().Float64s(); !slices.Equal(got, []float64{16, 20}) {
		t.Errorf("accumulated a.Grad() = %v, want [16 20]", got)
	}
}
