package gd_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/gonotebooks/descent/gd"
	"github.com/gonotebooks/descent/gd/datasets"
)

// The two classifiers of fastbook chapter 4, on the 8×8 digits, written
// line for line from their PyTorch versions in make_class_fixtures.py
// (threes_sevens and ten_digits), must train to PyTorch's numbers.

type trainingFixture struct {
	Losses     []float64 `json:"losses"`
	Accuracies []string  `json:"accuracies"`
	Bias       string    `json:"bias"`
	LastLoss   string    `json:"last_loss"`
}

func loadTraining(t *testing.T) (threesSevens, tenDigits trainingFixture) {
	t.Helper()
	b, err := os.ReadFile("testdata/class_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		ThreesSevens trainingFixture `json:"threes_sevens"`
		TenDigits    trainingFixture `json:"ten_digits"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	return fx.ThreesSevens, fx.TenDigits
}

// closeLosses compares loss curves to a few float32 ulps: the softmax
// and sigmoid exponentials are not PyTorch's bit for bit (see ops_softmax.go).
func closeLosses(t *testing.T, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d losses, PyTorch %d", len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > 1e-5*math.Max(1, math.Abs(want[i])) {
			t.Errorf("loss %d = %.9g, PyTorch %.9g", i, got[i], want[i])
		}
	}
}

func TestThreesSevensMatchesPyTorch(t *testing.T) {
	want, _ := loadTraining(t)
	x, y := digitsXY()
	threes := x.IndexSelect(0, indicesOf(y, 3)).Div(16)
	sevens := x.IndexSelect(0, indicesOf(y, 7)).Div(16)
	trainX := gd.Cat(0, threes, sevens).View(-1, 8*8)
	trainY := gd.FromInts(append(repeat(1, threes.Size(0)), repeat(0, sevens.Size(0))...)).Unsqueeze(1)

	initParams := func(std float64, size ...int) *gd.Tensor { return gd.Randn(size...).Mul(std).RequiresGrad_() }
	gd.ManualSeed(42)
	weights := initParams(1, 8*8, 1)
	bias := initParams(1, 1)
	linear1 := func(xb *gd.Tensor) *gd.Tensor { return xb.MatMul(weights).Add(bias) }
	mnistLoss := func(predictions, targets *gd.Tensor) *gd.Tensor {
		predictions = predictions.Sigmoid()
		return gd.Where(targets.Eq(1), predictions.RSub(1), predictions).Mean()
	}
	batchAccuracy := func(xb, yb *gd.Tensor) *gd.Tensor {
		preds := xb.Sigmoid()
		correct := preds.Gt(0.5).Eq(yb)
		return correct.Float().Mean()
	}

	lr := 1.0
	var losses []float64
	var accs []string
	for range 20 {
		preds := linear1(trainX)
		loss := mnistLoss(preds, trainY)
		loss.Backward()
		for _, p := range []*gd.Tensor{weights, bias} {
			p.Data().Sub_(p.Grad().Mul(lr))
			p.Grad().Zero_()
		}
		losses = append(losses, loss.Item())
		accs = append(accs, batchAccuracy(linear1(trainX), trainY).String())
	}
	closeLosses(t, losses, want.Losses)
	if fmt.Sprint(accs) != fmt.Sprint(want.Accuracies) {
		t.Errorf("accuracies %v\nPyTorch    %v", accs, want.Accuracies)
	}
	if bias.String() != want.Bias {
		t.Errorf("bias %s, PyTorch %s", bias, want.Bias)
	}
}

func TestTenDigitsMatchesPyTorch(t *testing.T) {
	_, want := loadTraining(t)
	x, y := digitsXY()
	gd.ManualSeed(0)
	model := gd.NewSequential(gd.NewFlatten(), gd.NewLinear(64, 30), gd.NewReLU(), gd.NewLinear(30, 10))
	lossFunc := gd.CrossEntropyLoss()
	opt := gd.NewSGD(model.Parameters(), 0.1)
	dl := gd.NewDataLoader(gd.NewTensorDataset(x.Div(16), y), 64, gd.Shuffle(true))
	var losses []float64
	var accs []string
	var loss *gd.Tensor
	for range 3 {
		for xb, yb := range dl.Pairs() {
			loss = lossFunc(model.Forward(xb), yb)
			loss.Backward()
			opt.Step()
			opt.ZeroGrad()
			losses = append(losses, loss.Item())
		}
		accs = append(accs, gd.Eval(model, x.Div(16)).Argmax(1).Eq(y).Float().Mean().String())
	}
	closeLosses(t, losses, want.Losses)
	if fmt.Sprint(accs) != fmt.Sprint(want.Accuracies) {
		t.Errorf("accuracies %v\nPyTorch    %v", accs, want.Accuracies)
	}
	if loss.GradFnName() != "NllLossBackward0" {
		t.Errorf("loss records %s, PyTorch NllLossBackward0", loss.GradFnName())
	}
}

// digitsXY returns the digit images (1797, 8, 8) and their int64 labels.
func digitsXY() (x, y *gd.Tensor) {
	d := datasets.LoadDigits()
	return d.Images, d.Labels
}

// indicesOf lists the positions where labels equal k (PyTorch's
// [i for i in range(len(y)) if y[i] == k]).
func indicesOf(labels *gd.Tensor, k int) []int {
	var idx []int
	for i, v := range labels.Ints() {
		if v == k {
			idx = append(idx, i)
		}
	}
	return idx
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}
