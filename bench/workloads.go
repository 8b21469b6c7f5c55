package main

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/gonotebooks/descent/gd"
)

// A workload is one benchmarked task. Each mirrors the function of the same
// name in torch_workloads.py line for line, so the two timings compare the
// same work. run returns the time of the timed part and a value to print (a
// final loss, a GFLOP/s figure) that shows both sides computed the same thing.
type workload struct {
	name  string
	title string
	run   func() (elapsed time.Duration, value float64)
	// loop workloads time the whole function; data workloads build their data
	// first and time only the training epoch, as the Python side does.
}

var workloads = []workload{
	{"x2", "x², SGD lr 0.1, 1000 steps", timedAll(xSquared)},
	{"quadratic", "article 000: quadratic fit, 20 points, 1000 steps", timedAll(quadraticFit)},
	{"linear", "article 001: Linear(1,1) per sample, 5 epochs × 100", timedAll(linearPerSample)},
	{"adam_x2", "x², Adam lr 0.1, 1000 steps", timedAll(adamXSquared)},
	{"adam_quadratic", "quadratic fit, Adam lr 0.1, 1000 steps", timedAll(adamQuadraticFit)},
	{"adam_linear", "Linear(1,1) per sample, Adam, 5 epochs × 100", timedAll(adamLinearPerSample)},
	{"minibatch", "linear regression 10⁶×32, batch 256, 1 epoch", minibatchRegression},
	{"mlp", "MLP 784-128-10 ReLU, MSE, 60k samples, batch 64, 1 epoch", mlpEpoch},
	{"matmul", "float32 matmul 1024×1024", matmul},
	{"ce64", "softmax cross-entropy (64,10), forward + backward, 1000 times", timedAll(func() float64 { return crossEntropySteps(64, 1000) })},
	{"ce4096", "softmax cross-entropy (4096,10), forward + backward, 100 times", timedAll(func() float64 { return crossEntropySteps(4096, 100) })},
	{"mlp_ce", "MLP 784-128-10 ReLU, CrossEntropyLoss, 60k samples, batch 64, 1 epoch", mlpCrossEntropyEpoch},
	{"mlp_ce_adam", "MLP 784-128-10 ReLU, CrossEntropyLoss, Adam, 60k samples, batch 64, 1 epoch", mlpCrossEntropyAdam},
	{"digits", "notebook 07: 8×8 digits, MLP 64-30-10, CrossEntropyLoss, SGD, batch 32, 20 epochs", digitsClassifier},
}

func timedAll(f func() float64) func() (time.Duration, float64) {
	return func() (time.Duration, float64) {
		start := time.Now()
		v := f()
		return time.Since(start), v
	}
}

func xSquared() float64 {
	return xSquaredWith(func(ps gd.Params) gd.Optimizer { return gd.NewSGD(ps, 0.1) })
}

func xSquaredWith(newOpt func(gd.Params) gd.Optimizer) float64 {
	x := gd.Scalar(-10).RequiresGrad_()
	opt := newOpt(gd.Params{x})
	for range 1000 {
		opt.ZeroGrad()
		x.Pow(2).Backward()
		opt.Step()
	}
	return x.Item()
}

func quadraticFit() float64 {
	gd.ManualSeed(0)
	t := gd.Arange(0, 20).Float()
	speed := gd.Randn(20).Add(t.Sub(9.5).Pow(2).Mul(0.5)).Add(1)
	params := gd.Randn(3).RequiresGrad_()
	lr := 1e-5
	var loss *gd.Tensor
	for range 1000 {
		a, b, c := params.Unpack3()
		preds := a.Mul(t.Pow(2)).Add(b.Mul(t)).Add(c)
		loss = preds.Sub(speed).Pow(2).Mean()
		loss.Backward()
		params.Data().Sub_(params.Grad().Data().Mul(lr))
		params.SetGrad(nil)
	}
	return loss.Item()
}

func linearPerSample() float64 {
	return linearPerSampleWith(func(ps gd.Params) gd.Optimizer { return gd.NewSGD(ps, 0.01) })
}

func linearPerSampleWith(newOpt func(gd.Params) gd.Optimizer) float64 {
	gd.ManualSeed(0)
	X := gd.Rand(100, 1).Mul(10)
	y := X.Mul(2).Add(3).Add(gd.Randn(100, 1))
	model := gd.NewLinear(1, 1)
	criterion := gd.MSELoss()
	opt := newOpt(model.Parameters())
	var loss *gd.Tensor
	for range 5 {
		for i := range 100 {
			opt.ZeroGrad()
			out := model.Forward(X.Index(i).View(1, -1))
			loss = criterion(out, y.Index(i).View(1, -1))
			loss.Backward()
			opt.Step()
		}
	}
	return loss.Item()
}

// The Adam rows: the three short loops above with torch.optim.Adam.

func adamXSquared() float64 {
	return xSquaredWith(func(ps gd.Params) gd.Optimizer { return gd.NewAdam(ps, 0.1) })
}

func adamQuadraticFit() float64 {
	gd.ManualSeed(0)
	t := gd.Arange(0, 20).Float()
	speed := gd.Randn(20).Add(t.Sub(9.5).Pow(2).Mul(0.5)).Add(1)
	params := gd.Randn(3).RequiresGrad_()
	opt := gd.NewAdam(gd.Params{params}, 0.1)
	var loss *gd.Tensor
	for range 1000 {
		opt.ZeroGrad()
		a, b, c := params.Unpack3()
		preds := a.Mul(t.Pow(2)).Add(b.Mul(t)).Add(c)
		loss = preds.Sub(speed).Pow(2).Mean()
		loss.Backward()
		opt.Step()
	}
	return loss.Item()
}

func adamLinearPerSample() float64 {
	return linearPerSampleWith(func(ps gd.Params) gd.Optimizer { return gd.NewAdam(ps, 0.01) })
}

func minibatchRegression() (time.Duration, float64) {
	const n, features, batch = 1_000_000, 32, 256
	gd.ManualSeed(0)
	X := gd.Randn(n, features)
	wTrue := gd.Randn(features, 1)
	y := X.MatMul(wTrue).Add(gd.Randn(n, 1).Mul(0.1))
	loader := gd.NewDataLoader(gd.NewTensorDataset(X, y), batch, gd.Shuffle(true))
	model := gd.NewLinear(features, 1)
	return trainEpoch(loader, model, gd.NewSGD(model.Parameters(), 0.01), gd.MSELoss())
}

func mlpEpoch() (time.Duration, float64) {
	gd.ManualSeed(0)
	X, Y := mlpData()
	return mlpTrain(X, Y, mlpBatch, mlpHidden)
}

// The MLP workload's sizes: MNIST-shaped random data, one hidden layer.
const mlpSamples, mlpIn, mlpHidden, mlpOut, mlpBatch = 60_000, 784, 128, 10, 64

// mlpData draws the MLP workload's inputs from the default generator and
// one-hot targets for random labels (torch: one_hot(randint(0, 10, (n,)))).
func mlpData() (X, Y *gd.Tensor) {
	X = gd.Rand(mlpSamples, mlpIn)
	rng := rand.New(rand.NewPCG(0, 0))
	onehot := make([]float32, mlpSamples*mlpOut)
	for i := range mlpSamples {
		onehot[i*mlpOut+rng.IntN(mlpOut)] = 1
	}
	return X, gd.FromSlice(onehot, mlpSamples, mlpOut)
}

// mlpTrain times one epoch of the MLP (ReLU, MSE, SGD) over X, Y with the
// given batch size and hidden width.
func mlpTrain(X, Y *gd.Tensor, batch, hidden int) (time.Duration, float64) {
	loader := gd.NewDataLoader(gd.NewTensorDataset(X, Y), batch, gd.Shuffle(true))
	model := gd.NewSequential(gd.NewLinear(mlpIn, hidden), gd.NewReLU(), gd.NewLinear(hidden, mlpOut))
	return trainEpoch(loader, model, gd.NewSGD(model.Parameters(), 0.1), gd.MSELoss())
}

// mlpFLOP is the arithmetic of the MLP's matrix products in one epoch:
// per sample, the forward products (in·hidden + hidden·out multiply-adds),
// both weight gradients (the same again) and the hidden layer's input
// gradient (hidden·out); the first layer's input needs none. Two FLOP per
// multiply-add. The elementwise work (bias, ReLU, loss, SGD) is O(hidden)
// per sample and left out: this is the floor no implementation can beat.
func mlpFLOP(samples, in, hidden, out int) float64 {
	return 2 * float64(samples) * float64(2*in*hidden+3*hidden*out)
}

func matmul() (time.Duration, float64) {
	const n = 1024
	gd.ManualSeed(0)
	a, b := gd.Rand(n, n), gd.Rand(n, n)
	a.MatMul(b)
	best := time.Duration(math.MaxInt64)
	for range 20 {
		start := time.Now()
		a.MatMul(b)
		best = min(best, time.Since(start))
	}
	return best, 2 * n * n * n / best.Seconds() / 1e9
}

// trainEpoch is one epoch of mini-batch training, timed; it returns the
// last batch's loss.
func trainEpoch(loader *gd.DataLoader, model gd.Module, opt gd.Optimizer, criterion gd.LossFunc) (time.Duration, float64) {
	var loss *gd.Tensor
	start := time.Now()
	for xb, yb := range loader.Pairs() {
		opt.ZeroGrad()
		loss = criterion(model.Forward(xb), yb)
		loss.Backward()
		opt.Step()
	}
	return time.Since(start), loss.Item()
}
