package gd

import (
	"fmt"
	"math"
	"sync"
	"testing"
)

// Independent models trained in separate goroutines must end exactly where
// the same runs end one after the other. Backward used to switch the
// process-wide grad mode off while it ran, so another goroutine's forward
// pass then recorded nothing and its Backward panicked, or its in-place
// checks were skipped. Run it with -race too.
func TestConcurrentTrainingMatchesSequential(t *testing.T) {
	quietWarnings(t)
	const goroutines, runsEach = 2, 6
	// The Linear runs share one dataset, as models compared on the same
	// data do: they take views of it and batches from it at the same time.
	// Each phase gets the dataset fresh, as a program would.
	dataset := func() (X, y *Tensor) {
		gen := NewGenerator(7)
		X = gen.Rand(40, 1).Mul(10)
		return X, X.Mul(2).Add(3).Add(gen.Randn(40, 1).Mul(0.5))
	}
	X, y := dataset()
	run := func(i int) []float64 {
		if (i/goroutines)%2 == 0 { // each goroutine does both kinds, in step with the other
			return trainLinearRun(uint64(i), X, y)
		}
		return trainQuadraticRun(uint64(i))
	}
	want := make([][]float64, goroutines*runsEach)
	for i := range want {
		want[i] = run(i)
	}
	X, y = dataset()
	got := make([][]float64, len(want))
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for r := range runsEach {
				i := g + goroutines*r
				got[i] = run(i)
			}
		}()
	}
	wg.Wait()
	for i := range want {
		if len(got[i]) != len(want[i]) {
			t.Fatalf("run %d: %d results concurrently, %d sequentially", i, len(got[i]), len(want[i]))
		}
		for k := range want[i] {
			if math.Float64bits(got[i][k]) != math.Float64bits(want[i][k]) {
				t.Errorf("run %d, result %d: %v concurrently, %v sequentially", i, k, got[i][k], want[i][k])
				break
			}
		}
	}
}

// trainLinearRun trains Linear(1,1) with MSELoss on X and y (article
// 001's loops: one pass sample by sample, then shuffled mini-batches; the
// update written through Data as in article 000) and returns the losses,
// the final parameters and the model's predictions from Eval.
func trainLinearRun(seed uint64, X, y *Tensor) []float64 {
	gen := NewGenerator(seed)
	model := NewLinear(1, 1, InitGenerator(gen))
	loader := NewDataLoader(NewTensorDataset(X, y), 8, Shuffle(true), WithGenerator(gen))
	criterion := MSELoss()
	var out []float64
	step := func(xb, yb *Tensor) {
		model.Parameters().ZeroGrad()
		loss := criterion(model.Forward(xb), yb)
		loss.Backward()
		for _, p := range model.Parameters() {
			p.Data().Sub_(p.Grad().Data().Mul(0.01))
		}
		out = append(out, loss.Item())
	}
	for i := range X.Size(0) {
		step(X.Index(i).View(1, -1), y.Index(i).View(-1))
	}
	for range 10 {
		for xb, yb := range loader.Pairs() {
			step(xb, yb)
		}
	}
	for _, p := range model.Parameters() {
		out = append(out, p.Float64s()...)
	}
	return append(out, Eval(model, X.Slice(0, 0, 4)).Float64s()...)
}

// trainQuadraticRun is article 000's quadratic fit on seeded data: it
// returns the losses and the final parameters.
func trainQuadraticRun(seed uint64) []float64 {
	gen := NewGenerator(seed)
	time := Arange(0, 20)
	speed := gen.Randn(20).Mul(3).Add(time.Sub(9.5).Pow(2).Mul(0.75)).Add(1)
	params := gen.Randn(3).RequiresGrad_()
	var out []float64
	for range 100 {
		a, b, c := params.Unpack3()
		preds := a.Mul(time.Pow(2)).Add(b.Mul(time)).Add(c)
		loss := preds.Sub(speed).Pow(2).Mean()
		loss.Backward()
		params.Data().Sub_(params.Grad().Data().Mul(1e-5))
		params.SetGrad(nil)
		out = append(out, loss.Item())
	}
	return append(out, params.Float64s()...)
}

// Eval gives Forward's values without recording, for gd's modules and for
// a module of the user's own.
func TestEvalRecordsNothing(t *testing.T) {
	gen := NewGenerator(3)
	model := NewSequential(NewLinear(3, 4, InitGenerator(gen)), NewTanh(), NewLinear(4, 2, InitGenerator(gen)))
	x := gen.Randn(5, 3)
	for _, c := range []struct {
		name string
		m    Module
	}{{"Sequential", model}, {"own module", ownModule{model}}} {
		want := c.m.Forward(x).Float64s()
		out := Eval(c.m, x)
		if out.RequiresGrad() || out.GradFnName() != "" {
			t.Errorf("%s: Eval's output requires grad=%v, grad_fn %q", c.name, out.RequiresGrad(), out.GradFnName())
		}
		if got := out.Float64s(); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: Eval = %v, Forward = %v", c.name, got, want)
		}
	}
	for i, p := range model.Parameters() {
		if !p.RequiresGrad() || p.Grad() != nil {
			t.Errorf("parameter %d changed by Eval: requires grad=%v, grad %v", i, p.RequiresGrad(), p.Grad())
		}
	}
}

// ownModule is a Module gd does not know, which Eval must run as it is.
type ownModule struct{ inner Module }

func (m ownModule) Forward(x *Tensor) *Tensor { return m.inner.Forward(x) }
func (m ownModule) Parameters() Params        { return m.inner.Parameters() }
