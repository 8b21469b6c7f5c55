package gd_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gonotebooks/descent/gd"
)

// The outputs below are PyTorch's for the same code
// (testdata/optim_examples.py prints them).

// torch.optim.Adam on f(x) = x² from x = -10.
func ExampleAdam() {
	x := gd.Scalar(-10).RequiresGrad_()
	opt := gd.NewAdam(gd.Params{x}, 0.5)
	for step := range 100 {
		opt.ZeroGrad()
		loss := x.Pow(2)
		loss.Backward()
		opt.Step()
		if step%25 == 24 {
			fmt.Println(step+1, x)
		}
	}
	fmt.Println(opt)
	// Output:
	// 25 tensor(0.2337, requires_grad=True)
	// 50 tensor(0.3788, requires_grad=True)
	// 75 tensor(-0.1508, requires_grad=True)
	// 100 tensor(0.0421, requires_grad=True)
	// Adam (
	// Parameter Group 0
	//     amsgrad: False
	//     betas: (0.9, 0.999)
	//     capturable: False
	//     differentiable: False
	//     eps: 1e-08
	//     foreach: None
	//     fused: False
	//     lr: 0.5
	//     maximize: False
	//     weight_decay: 0
	// )
}

// A cosine schedule: scheduler.Step() after optimizer.Step(), once per epoch.
func ExampleNewCosineAnnealingLR() {
	w := gd.Zeros(1).RequiresGrad_()
	opt := gd.NewSGD(gd.Params{w}, 0.1)
	sched := gd.NewCosineAnnealingLR(opt, 4)
	for epoch := range 6 {
		w.SetGrad(gd.Ones(1))
		opt.Step()
		sched.Step()
		fmt.Printf("epoch %d: lr %.6f\n", epoch, sched.LastLR()[0])
	}
	// Output:
	// epoch 0: lr 0.085355
	// epoch 1: lr 0.050000
	// epoch 2: lr 0.014645
	// epoch 3: lr 0.000000
	// epoch 4: lr 0.014645
	// epoch 5: lr 0.050000
}

// Train in one notebook cell and save; load in the next without retraining.
func ExampleSaveModule() {
	dir, _ := os.MkdirTemp("", "gd-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "line.safetensors")

	// Cell 1: fit y = 2x + 1, then save.
	gd.ManualSeed(0)
	X := gd.Matrix([][]float64{{1}, {2}, {3}, {4}})
	y := X.Mul(2).Add(1)
	model := gd.NewLinear(1, 1)
	opt := gd.NewSGD(model.Parameters(), 0.05)
	criterion := gd.MSELoss()
	for range 200 {
		opt.ZeroGrad()
		criterion(model.Forward(X), y).Backward()
		opt.Step()
	}
	if err := gd.SaveModule(path, model); err != nil {
		fmt.Println(err)
	}

	// Cell 2: the same architecture, loaded.
	gd.ManualSeed(1)
	loaded := gd.NewLinear(1, 1)
	if err := gd.LoadModule(path, loaded); err != nil {
		fmt.Println(err)
	}
	fmt.Println(loaded.Parameters())
	gd.NoGrad(func() { fmt.Println(loaded.Forward(gd.Matrix([][]float64{{10}}))) })
	// Output:
	// [Parameter containing:
	// tensor([[1.9967]], requires_grad=True), Parameter containing:
	// tensor([1.0096], requires_grad=True)]
	// tensor([[20.9769]])
}

// Any optimizer behind one interface: the Rosenbrock function from
// (-1.5, 2), 500 steps each (the minimum is at (1, 1)).
func ExampleOptimizer() {
	makers := []struct {
		name string
		make func(gd.Params) gd.Optimizer
	}{
		{"SGD", func(ps gd.Params) gd.Optimizer { return gd.NewSGD(ps, 1e-3, gd.Momentum(0.9)) }},
		{"Adam", func(ps gd.Params) gd.Optimizer { return gd.NewAdam(ps, 0.05) }},
		{"RMSprop", func(ps gd.Params) gd.Optimizer { return gd.NewRMSprop(ps, 1e-2) }},
		{"Adagrad", func(ps gd.Params) gd.Optimizer { return gd.NewAdagrad(ps, 0.5) }},
	}
	for _, m := range makers {
		p := gd.Vector(-1.5, 2).RequiresGrad_()
		opt := m.make(gd.Params{p})
		var loss *gd.Tensor
		for range 500 {
			opt.ZeroGrad()
			x, y := p.Unpack2()
			loss = x.RSub(1).Pow(2).Add(y.Sub(x.Pow(2)).Pow(2).Mul(100))
			loss.Backward()
			opt.Step()
		}
		fmt.Printf("%-8s %v loss %.4f\n", m.name, p.Detach(), loss.Item())
	}
	// Output:
	// SGD      tensor([0.9335, 0.8711]) loss 0.0045
	// Adam     tensor([0.6652, 0.4416]) loss 0.1135
	// RMSprop  tensor([-0.0631,  0.0046]) loss 1.1451
	// Adagrad  tensor([-0.9754,  0.9579]) loss 3.9107
}
