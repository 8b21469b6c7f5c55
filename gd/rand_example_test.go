package gd_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd"
)

// After the same seed, gd draws the numbers PyTorch draws, in the same
// order: these are the values torch.manual_seed(0); torch.rand(2, 3);
// torch.randn(3) print.
func ExampleManualSeed() {
	gd.ManualSeed(0)
	fmt.Println(gd.Rand(2, 3))
	fmt.Println(gd.Randn(3))
	// Output:
	// tensor([[0.4963, 0.7682, 0.0885],
	//         [0.1320, 0.3074, 0.6341]])
	// tensor([ 1.2645, -0.6874,  0.1604])
}

// Uniform_ on a column view fills just that column, as the fastai lesson's
// x[:,0].uniform_(-1., 1) does.
func Example_uniformOnAColumn() {
	x := gd.Ones(4, 2)
	gd.ManualSeed(0)
	x.Select(1, 0).Uniform_(-1, 1)
	fmt.Println(x)
	// Output:
	// tensor([[-0.0075,  1.0000],
	//         [ 0.5364,  1.0000],
	//         [-0.8230,  1.0000],
	//         [-0.7359,  1.0000]])
}

// A Generator of its own leaves the default one alone, like
// torch.Generator().manual_seed(42).
func ExampleNewGenerator() {
	g := gd.NewGenerator(42)
	fmt.Println(g.Randn(3))
	fmt.Println(g.RandPerm(5))
	fmt.Println(g.InitialSeed())
	// Output:
	// tensor([0.3367, 0.1288, 0.2345])
	// [0 2 3 1 4]
	// 42
}
