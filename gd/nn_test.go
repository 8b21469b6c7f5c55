package gd

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"sync"
	"testing"
)

type article001Fixture struct {
	Init           string    `json:"init"`
	SampleLosses   []float64 `json:"sample_losses"`
	AfterSGD       string    `json:"after_sgd"`
	FirstBatch     []float64 `json:"first_batch"`
	EpochLosses    []float64 `json:"epoch_losses"`
	AfterMinibatch string    `json:"after_minibatch"`
	NextRand       float64   `json:"next_rand"`
}

// TestArticle001MatchesPyTorch runs article 001's PyTorch code in gd after
// ManualSeed(0): data from Rand/Randn, Linear's initialisation, per-sample
// SGD, then a shuffled DataLoader. Every loss, the printed parameters and
// the generator's state afterwards must equal PyTorch's.
func TestArticle001MatchesPyTorch(t *testing.T) {
	b, err := os.ReadFile("testdata/core_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		A article001Fixture `json:"article001"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	want := fx.A
	quietWarnings(t)

	ManualSeed(0)
	X := Rand(100, 1).Mul(10)
	y := X.Mul(2).Add(3).Add(Randn(100, 1))
	model := NewLinear(1, 1)
	criterion := MSELoss()
	optimizer := NewSGD(model.Parameters(), 0.01)
	if got := model.Parameters().String(); got != want.Init {
		t.Errorf("initial parameters\n%s\nPyTorch\n%s", got, want.Init)
	}
	var losses []float64
	for epoch := 0; epoch < 5; epoch++ {
		for i := 0; i < X.Size(0); i++ {
			optimizer.ZeroGrad()
			output := model.Forward(X.Index(i).View(1, -1))
			loss := criterion(output, y.Index(i).View(-1))
			loss.Backward()
			optimizer.Step()
			if (i+1)%10 == 0 {
				losses = append(losses, loss.Item())
			}
		}
	}
	compareValues(t, "per-sample losses", losses, want.SampleLosses, Float32, true)
	if got := model.Parameters().String(); got != want.AfterSGD {
		t.Errorf("after SGD\n%s\nPyTorch\n%s", got, want.AfterSGD)
	}

	loader := NewDataLoader(NewTensorDataset(X, y), 10, Shuffle(true))
	model = NewLinear(1, 1)
	optimizer = NewSGD(model.Parameters(), 0.01)
	var epochLosses, first []float64
	for epoch := 0; epoch < 5; epoch++ {
		var loss *Tensor
		for bx, by := range loader.Pairs() {
			if first == nil {
				first = bx.Float64s()
			}
			optimizer.ZeroGrad()
			loss = criterion(model.Forward(bx), by)
			loss.Backward()
			optimizer.Step()
		}
		epochLosses = append(epochLosses, loss.Item())
	}
	compareValues(t, "first shuffled batch", first, want.FirstBatch, Float32, true)
	compareValues(t, "epoch losses", epochLosses, want.EpochLosses, Float32, true)
	if got := model.Parameters().String(); got != want.AfterMinibatch {
		t.Errorf("after mini-batch\n%s\nPyTorch\n%s", got, want.AfterMinibatch)
	}
	compareValues(t, "next random number", Rand(1).Float64s(), []float64{want.NextRand}, Float32, true)
}

func TestLinearShapesAndErrors(t *testing.T) {
	l := NewLinearFrom(Matrix([][]float64{{1, 2, 3}, {4, 5, 6}}), Vector(0.5, -0.5))
	if got := l.Forward(Vector(1, 0, 1)).Float64s(); got[0] != 4.5 || got[1] != 9.5 {
		t.Errorf("1-D forward = %v, want [4.5 9.5]", got)
	}
	if got := l.Forward(Ones(4, 3)).Shape(); got[0] != 4 || got[1] != 2 {
		t.Errorf("2-D forward shape %v", got)
	}
	if got := l.Forward(Ones(5, 4, 3)).Shape(); len(got) != 3 || got[2] != 2 {
		t.Errorf("3-D forward shape %v", got)
	}
	e := mustPanic(t, ErrShape, func() { l.Forward(Ones(4, 2)) })
	if !strings.Contains(e.Error(), "(4,2)") {
		t.Errorf("message %q does not name the shape", e)
	}
	mustPanic(t, ErrDType, func() { l.Forward(Ones(4, 3).Double()) })
	mustPanic(t, ErrShape, func() { NewLinearFrom(Ones(2, 3), Ones(3)) })
	if l.String() != "Linear(in_features=3, out_features=2, bias=True)" {
		t.Errorf("String() = %q", l.String())
	}
	nb := NewLinear(3, 2, NoBias())
	if nb.Bias != nil || len(nb.Parameters()) != 1 {
		t.Error("NoBias layer has a bias")
	}
	if got := NewLinear(2, 2, LinearDType(Float64)).Weight.DType(); got != Float64 {
		t.Errorf("LinearDType: %v", got)
	}
	for _, p := range l.Parameters() {
		if !p.IsParameter() || !p.RequiresGrad() || !p.IsLeaf() {
			t.Error("layer parameters must be leaf Parameters that require grad")
		}
	}
}

func TestLinearInitBounds(t *testing.T) {
	// Weights and bias stay within ±1/√in, and two layers made after the
	// same seed are equal, while an explicit generator is independent.
	ManualSeed(3)
	a := NewLinear(16, 8)
	ManualSeed(3)
	b := NewLinear(16, 8)
	g := NewGenerator(3)
	c := NewLinear(16, 8, InitGenerator(g))
	for i, v := range a.Weight.Float64s() {
		if v < -0.25 || v > 0.25 {
			t.Fatalf("weight %d = %v outside ±1/√16", i, v)
		}
		if v != b.Weight.Float64s()[i] || v != c.Weight.Float64s()[i] {
			t.Fatal("same seed gave different weights")
		}
	}
}

func TestSequentialAndActivations(t *testing.T) {
	m := NewSequential(NewLinearFrom(Matrix([][]float64{{1}, {-1}}), Vector(0, 0)), NewReLU(), NewSigmoid(), NewTanh())
	out := m.Forward(Matrix([][]float64{{2}}))
	// relu([2, -2]) = [2, 0]; sigmoid → [0.8808, 0.5]; tanh of those.
	want := []float64{0.7068, 0.4621}
	for i, v := range out.Float64s() {
		if d := v - want[i]; d > 1e-4 || d < -1e-4 {
			t.Errorf("out[%d] = %v, want %v", i, v, want[i])
		}
	}
	if len(m.Parameters()) != 2 {
		t.Errorf("Sequential has %d parameters", len(m.Parameters()))
	}
	if !strings.Contains(m.String(), "(1): ReLU()") {
		t.Errorf("String() = %q", m.String())
	}
}

func TestParameterSharesStorage(t *testing.T) {
	a := Vector(1, 1)
	p := Parameter(a)
	if !p.IsParameter() || !p.RequiresGrad() || a.RequiresGrad() {
		t.Fatal("Parameter flags wrong")
	}
	a.Fill_(3)
	if p.Float64s()[0] != 3 {
		t.Error("Parameter does not share storage")
	}
}

func TestSGDValidationAndZeroGrad(t *testing.T) {
	p := Vector(1, 2).RequiresGrad_()
	opt := NewSGD(Params{p}, 0.5)
	p.Pow(2).Sum().Backward()
	g := p.Grad()
	opt.ZeroGrad(SetToNone(false))
	if p.Grad() != g || g.Float64s()[1] != 0 {
		t.Error("ZeroGrad(SetToNone(false)) did not zero in place")
	}
	opt.ZeroGrad()
	if p.Grad() != nil {
		t.Error("ZeroGrad did not drop the gradient")
	}
	opt.Step() // no gradient: nothing happens
	if p.Float64s()[0] != 1 {
		t.Error("Step moved a parameter without gradient")
	}
	p.Pow(2).Sum().Backward()
	opt.Step()
	if got := p.Float64s(); got[0] != 0 || got[1] != 0 {
		t.Errorf("after one step p = %v, want p - 0.5*2p = 0", got)
	}
	mustPanic(t, ErrValue, func() { NewSGD(Params{p}, 0.1, WeightDecay(-1)) })
	mustPanic(t, ErrValue, func() { NewSGD(Params{nil}, 0.1) })
	mustPanic(t, ErrValue, func() { opt.SetLR(-1) })
	opt.SetLR(0.25)
	if opt.LR() != 0.25 {
		t.Error("SetLR")
	}
}

func TestLossOptionsAndWarning(t *testing.T) {
	var buf bytes.Buffer
	old := warnOut
	warnOut = &buf
	defer func() { warnOut = old }()
	sizeWarning = sync.Once{}
	p, y := Matrix([][]float64{{1}, {2}}), Vector(0, 0)
	got := MSELoss()(p, y).Item()
	if got != 2.5 { // (1,2) vs (2) broadcast to 2x2: (1+1+4+4)/4
		t.Errorf("broadcast MSE = %v, want 2.5", got)
	}
	MSELoss()(p, y)
	if n := strings.Count(buf.String(), "UserWarning"); n != 1 {
		t.Errorf("warned %d times, want once: %q", n, buf.String())
	}
	if !strings.Contains(buf.String(), "target size (2)") || !strings.Contains(buf.String(), "input size (2,1)") {
		t.Errorf("warning %q does not name the sizes", buf.String())
	}
	mustPanic(t, ErrValue, func() { Reduction("avg") })
	a, b := Vector(1, 2, 3), Vector(2, 2, 5)
	if got := MAE(a, b).Item(); got != 1 {
		t.Errorf("MAE = %v", got)
	}
	if got := RMSE(a, b).Item(); float32(got) != float32(1.2909944487358056) {
		t.Errorf("RMSE = %v", got)
	}
	if got := L1Loss(Reduction("sum"))(a, b).Item(); got != 3 {
		t.Errorf("L1 sum = %v", got)
	}
}

func TestDataLoaderBatches(t *testing.T) {
	x := Arange(0, 10).View(10, 1)
	y := Arange(0, 10).Mul(2)
	ds := NewTensorDataset(x, y)
	if ds.Len() != 10 || len(ds.Get(3)) != 2 || ds.Get(3)[1].Item() != 6 {
		t.Fatal("TensorDataset indexing")
	}
	l := NewDataLoader(ds, 4)
	if l.Len() != 3 {
		t.Errorf("Len = %d, want 3", l.Len())
	}
	var sizes []int
	for xb, yb := range l.Pairs() {
		sizes = append(sizes, xb.Size(0))
		if xb.Dim() != 2 || yb.Dim() != 1 {
			t.Errorf("batch shapes %v %v", xb.Shape(), yb.Shape())
		}
		if yb.Float64s()[0] != 2*xb.Float64s()[0] {
			t.Error("batch rows out of step")
		}
	}
	if len(sizes) != 3 || sizes[0] != 4 || sizes[2] != 2 {
		t.Errorf("batch sizes %v", sizes)
	}
	dl := NewDataLoader(ds, 4, DropLast(true))
	n := 0
	for range dl.All() {
		n++
	}
	if n != 2 || dl.Len() != 2 {
		t.Errorf("DropLast: %d batches, Len %d", n, dl.Len())
	}
	// A shuffled pass visits every sample once.
	seen := map[float64]bool{}
	for b := range NewDataLoader(ds, 3, Shuffle(true), WithGenerator(NewGenerator(1))).All() {
		for _, v := range b[0].Float64s() {
			seen[v] = true
		}
	}
	if len(seen) != 10 {
		t.Errorf("shuffled pass saw %d distinct samples", len(seen))
	}
	// Breaking out of the loop early is fine.
	for range l.All() {
		break
	}
	mustPanic(t, ErrValue, func() {
		for range NewDataLoader(NewTensorDataset(x, y, y), 2).Pairs() {
		}
	})
	mustPanic(t, ErrValue, func() { NewDataLoader(ds, 0) })
	mustPanic(t, ErrShape, func() { NewTensorDataset(Ones(3), Scalar(1)) })
}

// listDataset is a Dataset that is not a TensorDataset, to exercise the
// stacking collate path.
type listDataset []float64

func (d listDataset) Len() int { return len(d) }
func (d listDataset) Get(i int) []*Tensor {
	return []*Tensor{Vector(d[i], -d[i]), Scalar(d[i])}
}

func TestDataLoaderStacksGenericDatasets(t *testing.T) {
	var batches [][]*Tensor
	for b := range NewDataLoader(listDataset{1, 2, 3}, 2).All() {
		batches = append(batches, b)
	}
	if len(batches) != 2 {
		t.Fatalf("%d batches", len(batches))
	}
	if got := batches[0][0].Shape(); got[0] != 2 || got[1] != 2 {
		t.Errorf("stacked shape %v", got)
	}
	if got := batches[0][0].Float64s(); got[2] != 2 || got[3] != -2 {
		t.Errorf("stacked values %v", got)
	}
	if got := batches[1][1].Shape(); len(got) != 1 || got[0] != 1 {
		t.Errorf("stacked scalars shape %v", got)
	}
}
