package gd_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd"
)

// Eval is the model called under torch.no_grad(), without switching the
// process-wide grad mode: safe while other goroutines train.
func ExampleEval() {
	model := gd.NewLinearFrom(gd.Matrix([][]float64{{2}}), gd.Vector(1))
	x := gd.Matrix([][]float64{{1}, {2}})
	fmt.Println(model.Forward(x))  // l(x)
	fmt.Println(gd.Eval(model, x)) // with torch.no_grad(): l(x)
	// Output:
	// tensor([[3.],
	//         [5.]], grad_fn=<AddmmBackward0>)
	// tensor([[3.],
	//         [5.]])
}
