package gd

import (
	"fmt"
	"io"
	"testing"
)

// Benchmarks for the hot paths. Run with
//
//	go test ./gd -run '^$' -bench . -benchmem

// BenchmarkSquareStep is one step of article 002's loop: f(x) = x²,
// backward, and an SGD update.
func BenchmarkSquareStep(b *testing.B) {
	x := Scalar(-10).RequiresGrad_()
	opt := NewSGD(Params{x}, 0.1)
	b.ReportAllocs()
	for b.Loop() {
		opt.ZeroGrad()
		x.Pow(2).Backward()
		opt.Step()
	}
}

// BenchmarkSquareStepManual is the same step written with Grad().Zero_()
// and an update inside NoGrad.
func BenchmarkSquareStepManual(b *testing.B) {
	x := Scalar(-10).RequiresGrad_()
	b.ReportAllocs()
	for b.Loop() {
		x.Pow(2).Backward()
		NoGrad(func() { x.Sub_(x.Grad().Mul(0.1)) })
		x.Grad().Zero_()
	}
}

// BenchmarkQuadraticFitStep is one apply_step of article 000: a quadratic
// model over 20 points, MSE, backward, update through Data.
func BenchmarkQuadraticFitStep(b *testing.B) {
	time := Arange(0, 20)
	speed := time.Sub(9.5).Pow(2).Mul(0.5).Add(1)
	params := Vector(0.0121, -0.6397, 0.6416).RequiresGrad_()
	b.ReportAllocs()
	for b.Loop() {
		a, bb, c := params.Unpack3()
		preds := a.Mul(time.Pow(2)).Add(bb.Mul(time)).Add(c)
		loss := preds.Sub(speed).Pow(2).Mean()
		loss.Backward()
		params.Data().Sub_(params.Grad().Data().Mul(1e-5))
		params.SetGrad(nil)
	}
}

// BenchmarkLinearSampleStep is one per-sample step of article 001:
// Linear(1,1), MSELoss, SGD.
func BenchmarkLinearSampleStep(b *testing.B) {
	old := warnOut
	warnOut = io.Discard
	defer func() { warnOut = old }()
	X := Arange(0, 100).View(100, 1)
	y := X.Mul(2).Add(3)
	model := NewLinearFrom(Full(0.5, 1, 1), Full(0.1, 1))
	criterion := MSELoss()
	opt := NewSGD(model.Parameters(), 1e-4)
	i := 0
	b.ReportAllocs()
	for b.Loop() {
		opt.ZeroGrad()
		loss := criterion(model.Forward(X.Index(i).View(1, -1)), y.Index(i).View(-1))
		loss.Backward()
		opt.Step()
		i = (i + 1) % 100
	}
}

// BenchmarkMiniBatchEpoch is one epoch of article 001's mini-batch loop:
// 10 shuffled batches of 10.
func BenchmarkMiniBatchEpoch(b *testing.B) {
	X := Arange(0, 100).View(100, 1).Div(10)
	y := X.Mul(2).Add(3)
	loader := NewDataLoader(NewTensorDataset(X, y), 10, Shuffle(true), WithGenerator(NewGenerator(0)))
	model := NewLinearFrom(Full(0.5, 1, 1), Full(0.1, 1))
	criterion := MSELoss()
	opt := NewSGD(model.Parameters(), 0.01)
	b.ReportAllocs()
	for b.Loop() {
		for xb, yb := range loader.Pairs() {
			opt.ZeroGrad()
			criterion(model.Forward(xb), yb).Backward()
			opt.Step()
		}
	}
}

// BenchmarkLineFitStep is one update() of article 004: (100,2)@(2), MSE.
func BenchmarkLineFitStep(b *testing.B) {
	x := Ones(100, 2)
	x.Select(1, 0).Copy_(Linspace(-1, 1, 100))
	y := x.MatMul(Vector(3, 2))
	a := Parameter(Vector(1, 1))
	b.ReportAllocs()
	for b.Loop() {
		loss := y.Sub(x.MatMul(a)).Pow(2).Mean()
		loss.Backward()
		NoGrad(func() {
			a.Sub_(a.Grad().Mul(0.1))
			a.Grad().Zero_()
		})
	}
}

func benchBinary(b *testing.B, n int) {
	x, y := Linspace(-1, 1, n), Linspace(2, 3, n)
	b.SetBytes(int64(12 * n))
	b.ReportAllocs()
	for b.Loop() {
		x.Add(y)
	}
}

func BenchmarkAdd1e3(b *testing.B) { benchBinary(b, 1000) }
func BenchmarkAdd1e6(b *testing.B) { benchBinary(b, 1_000_000) }

func BenchmarkAddBroadcast(b *testing.B) {
	x, y := Ones(1000, 100), Ones(100)
	b.ReportAllocs()
	for b.Loop() {
		x.Add(y)
	}
}

func BenchmarkMulScalar1e6(b *testing.B) {
	x := Linspace(-1, 1, 1_000_000)
	b.SetBytes(8 * 1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		x.Mul(0.5)
	}
}

func BenchmarkExp1e6(b *testing.B) {
	x := Linspace(-1, 1, 1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		x.Exp()
	}
}

func BenchmarkSum20(b *testing.B) {
	x := Linspace(-1, 1, 20)
	b.ReportAllocs()
	for b.Loop() {
		x.Sum()
	}
}

func BenchmarkSum1e6(b *testing.B) {
	x := Linspace(-1, 1, 1_000_000)
	b.SetBytes(4 * 1_000_000)
	b.ReportAllocs()
	for b.Loop() {
		x.Sum()
	}
}

func BenchmarkSumDim0(b *testing.B) {
	x := Ones(1000, 100)
	b.ReportAllocs()
	for b.Loop() {
		x.Sum(0)
	}
}

func BenchmarkMatMul100x2Vec(b *testing.B) {
	x, a := Ones(100, 2), Vector(3, 2)
	b.ReportAllocs()
	for b.Loop() {
		x.MatMul(a)
	}
}

func BenchmarkMatMul1x1(b *testing.B) {
	x, w := Ones(1, 1), Ones(1, 1)
	b.ReportAllocs()
	for b.Loop() {
		x.MatMul(w)
	}
}

func benchMatMul(b *testing.B, n int) {
	x, w := Ones(n, n), Ones(n, n)
	b.ReportAllocs()
	for b.Loop() {
		x.MatMul(w)
	}
	b.ReportMetric(2*float64(n*n*n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func BenchmarkMatMul256(b *testing.B)  { benchMatMul(b, 256) }
func BenchmarkMatMul1024(b *testing.B) { benchMatMul(b, 1024) }

// BenchmarkSoftmaxCrossEntropy is CrossEntropyLoss (LogSoftmax + NLLLoss)
// forward and backward on a batch of 10-class logits, as in the digits
// classifier (64 rows) and in a large evaluation batch (4096 rows).
func BenchmarkSoftmaxCrossEntropy(b *testing.B) {
	for _, n := range []int{64, 4096} {
		b.Run(fmt.Sprintf("%dx10", n), func(b *testing.B) {
			ManualSeed(0)
			logits := Randn(n, 10).RequiresGrad_()
			labels := Rand(n).Mul(10).Long()
			criterion := CrossEntropyLoss()
			b.ReportAllocs()
			for b.Loop() {
				logits.SetGrad(nil)
				criterion(logits, labels).Backward()
			}
		})
	}
}

// BenchmarkSoftmax is Softmax(1) forward and backward on (4096, 10).
func BenchmarkSoftmax(b *testing.B) {
	ManualSeed(0)
	x := Randn(4096, 10).RequiresGrad_()
	g := Randn(4096, 10)
	b.ReportAllocs()
	for b.Loop() {
		x.SetGrad(nil)
		x.Softmax(1).BackwardWithGrad(g)
	}
}
