//go:build !race

package gd

import (
	"io"
	"testing"
)

// The articles' training steps allocate a fixed number of objects (a
// recorded op's output and node share one allocation; backward passes
// keep their short-lived gradients in a reused scratch, see scratch.go). These ceilings
// catch a change that quietly brings per-op garbage back; speed itself is
// measured by the benchmarks in bench_test.go. The race detector allocates
// on its own, hence the build tag.
func TestTrainingStepAllocations(t *testing.T) {
	old := warnOut
	warnOut = io.Discard
	defer func() { warnOut = old }()

	x := Scalar(-10).RequiresGrad_()
	sgd := NewSGD(Params{x}, 0.1)
	square := func() { // article 002: x², SGD
		sgd.ZeroGrad()
		x.Pow(2).Backward()
		sgd.Step()
	}

	time := Arange(0, 20)
	speed := time.Sub(9.5).Pow(2).Mul(0.5).Add(1)
	params := Vector(0.0121, -0.6397, 0.6416).RequiresGrad_()
	lr := 1e-5
	quadratic := func() { // article 000: quadratic fit
		a, b, c := params.Unpack3()
		preds := a.Mul(time.Pow(2)).Add(b.Mul(time)).Add(c)
		preds.Sub(speed).Pow(2).Mean().Backward()
		params.Data().Sub_(params.Grad().Data().Mul(lr))
		params.SetGrad(nil)
	}

	X := Arange(0, 100).View(100, 1)
	y := X.Mul(2).Add(3)
	model := NewLinearFrom(Full(0.5, 1, 1), Full(0.1, 1))
	criterion := MSELoss()
	lopt := NewSGD(model.Parameters(), 1e-4)
	i := 0
	linear := func() { // article 001: Linear(1,1) per sample
		lopt.ZeroGrad()
		criterion(model.Forward(X.Index(i).View(1, -1)), y.Index(i).View(1, -1)).Backward()
		lopt.Step()
		i = (i + 1) % 100
	}

	for _, c := range []struct {
		name string
		max  float64
		step func()
	}{
		// Pow's output with its node; its gradient (the leaf keeps it).
		{"x² step", 2, square},
		// Forward: the 3 slices with their node, t², 6 ops, the mean.
		// Backward: the gathered gradient of the slices (the leaf keeps
		// it). Update: 2 Data views and the scaled gradient; the boxed
		// learning rate and the written view's version counter are tiny
		// objects, which Go packs into shared blocks.
		{"quadratic fit step", 13, quadratic},
		// Forward: 4 views (Index, View twice each), Weightᵀ, addmm, the
		// squared error and the loss. Backward: the parameters'
		// gradients (the leaves keep them) and the matrix-product
		// backward's layouts and products.
		{"Linear(1,1) step", 13, linear},
	} {
		if got := testing.AllocsPerRun(200, c.step); got > c.max {
			t.Errorf("%s: %v allocations per step, want at most %v", c.name, got, c.max)
		}
	}
}
