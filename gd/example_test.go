package gd_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd"
)

// The outputs below are what the same code prints in PyTorch 1.13.

// Autograd on f(x) = x² at x = 3: the gradient is 2x = 6.
func ExampleTensor_Backward() {
	xt := gd.Scalar(3).RequiresGrad_()
	yt := xt.Pow(2)
	fmt.Println(yt)
	yt.Backward()
	fmt.Println(xt.Grad())
	// Output:
	// tensor(9., grad_fn=<PowBackward0>)
	// tensor(6.)
}

// The seven-step loop of article 000: fit a quadratic a·t² + b·t + c to
// 20 points by gradient descent, updating the parameters through Data.
func Example_sevenSteps() {
	time := gd.Arange(0, 20)
	speed := time.Sub(9.5).Pow(2).Mul(0.5).Add(1)
	f := func(t, params *gd.Tensor) *gd.Tensor {
		a, b, c := params.Unpack3()
		return a.Mul(t.Pow(2)).Add(b.Mul(t)).Add(c)
	}
	mse := func(preds, targets *gd.Tensor) *gd.Tensor { return preds.Sub(targets).Pow(2).Mean() }

	params := gd.Vector(0.1, -1, 1).RequiresGrad_() // 1. initialize
	lr := 1e-5
	for range 6 {
		preds := f(time, params)                         // 2. predict
		loss := mse(preds, speed)                        // 3. loss
		loss.Backward()                                  // 4. gradient
		params.Data().Sub_(params.Grad().Data().Mul(lr)) // 5. step
		params.SetGrad(nil)                              //    reset the gradient
		fmt.Printf("%.4f\n", loss.Item())                // 6. repeat...
	}
	// 7. ...and stop after a fixed number of steps.
	fmt.Println(params)
	// Output:
	// 357.1312
	// 293.6479
	// 281.6322
	// 279.3557
	// 278.9222
	// 278.8374
	// tensor([ 0.1521, -0.9960,  1.0011], requires_grad=True)
}

// torch.optim.SGD on f(x) = x² from x = -10 (article 002).
func ExampleSGD() {
	x := gd.Scalar(-10).RequiresGrad_()
	opt := gd.NewSGD(gd.Params{x}, 0.1)
	for range 2 {
		opt.ZeroGrad()
		x.Pow(2).Backward()
		opt.Step()
		fmt.Println(x)
	}
	// Output:
	// tensor(-8., requires_grad=True)
	// tensor(-6.4000, requires_grad=True)
}

// A Linear model trained sample by sample with MSELoss and SGD (article
// 001). After ManualSeed(0) the data, the initial weights and every step
// equal PyTorch's.
func ExampleLinear() {
	gd.ManualSeed(0)
	X := gd.Rand(100, 1).Mul(10)
	y := X.Mul(2).Add(3).Add(gd.Randn(100, 1))

	model := gd.NewLinear(1, 1)
	criterion := gd.MSELoss()
	optimizer := gd.NewSGD(model.Parameters(), 0.01)
	fmt.Println(model)
	fmt.Println(model.Parameters())
	for epoch := range 5 {
		var loss *gd.Tensor
		for i := range X.Size(0) {
			optimizer.ZeroGrad()
			loss = criterion(model.Forward(X.Index(i).View(1, -1)), y.Index(i).View(1, -1))
			loss.Backward()
			optimizer.Step()
		}
		fmt.Printf("epoch %d: loss %.4f\n", epoch+1, loss.Item())
	}
	fmt.Println(model.Parameters())
	// Output:
	// Linear(in_features=1, out_features=1, bias=True)
	// [Parameter containing:
	// tensor([[-0.7822]], requires_grad=True), Parameter containing:
	// tensor([-0.5241], requires_grad=True)]
	// epoch 1: loss 0.0310
	// epoch 2: loss 0.4675
	// epoch 3: loss 0.9746
	// epoch 4: loss 1.3658
	// epoch 5: loss 1.6312
	// [Parameter containing:
	// tensor([[2.0704]], requires_grad=True), Parameter containing:
	// tensor([3.1066], requires_grad=True)]
}

// Shuffled batches from a TensorDataset: the order is PyTorch's for the
// same seed.
func ExampleDataLoader() {
	gd.ManualSeed(0)
	loader := gd.NewDataLoader(gd.NewTensorDataset(gd.Arange(0, 10)), 4, gd.Shuffle(true))
	for batch := range loader.All() {
		fmt.Println(batch[0])
	}
	// Output:
	// tensor([6., 7., 1., 4.])
	// tensor([2., 0., 9., 8.])
	// tensor([3., 5.])
}

// Misuse panics with a *gd.Error naming the operation and the shapes;
// Catch turns the panic into an error value.
func ExampleCatch() {
	err := gd.Catch(func() { gd.Ones(100, 2).MatMul(gd.Ones(3)) })
	fmt.Println(err)
	// Output:
	// gd: MatMul: shapes (100,2) and (3) are not aligned: 2 (dim 1) != 3 (dim 0)
}
