package gd_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd"
	"gonum.org/v1/gonum/mat"
)

// A gonum matrix becomes a tensor without copying (a float64 view, like
// torch.from_numpy), and a float64 tensor becomes a *mat.Dense the same way,
// so gonum's solvers work on gd's data directly.
func ExampleFromMatrix() {
	a := mat.NewDense(2, 2, []float64{2, 1, 1, 3})
	fmt.Println(gd.FromMatrix(a))

	// Solve a·w = b with gonum, then use the solution in gd.
	b := gd.Vector(3, 5).Double()
	var w mat.VecDense
	if err := w.SolveVec(a, b.VecDense()); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(gd.FromVector(&w))
	// Output:
	// tensor([[2., 1.],
	//         [1., 3.]], dtype=torch.float64)
	// tensor([0.8000, 1.4000], dtype=torch.float64)
}

// Dense shares a float64 tensor's memory; a float32 tensor is copied once.
func ExampleTensor_Dense() {
	x := gd.Arange(0, 6).View(2, 3).Double()
	d := x.Dense()
	d.Set(0, 0, 100) // writes into x
	fmt.Println(x)
	fmt.Printf("%v\n", mat.Formatted(gd.Arange(0, 4).View(2, 2).Dense()))
	// Output:
	// tensor([[100.,   1.,   2.],
	//         [  3.,   4.,   5.]], dtype=torch.float64)
	// ⎡0  1⎤
	// ⎣2  3⎦
}
