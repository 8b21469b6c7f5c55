package gemm_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd/internal/gemm"
)

// A 2×3 matrix times a 3×2 one, both stored row by row.
func ExampleSgemm() {
	a := []float32{
		1, 2, 3,
		4, 5, 6,
	}
	b := []float32{
		7, 8,
		9, 10,
		11, 12,
	}
	c := make([]float32, 2*2)
	gemm.Sgemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
	fmt.Println(c)
	// Output: [58 64 139 154]
}

// A linear layer's forward pass, y = x·Wᵀ + y, with W stored (out, in) as
// PyTorch stores it: transB reads W's rows as columns, without a copy.
func ExampleDgemm_transposed() {
	x := []float64{1, 2} // one sample, two inputs
	w := []float64{
		1, 1, // output 0 sums the inputs
		1, -1, // output 1 subtracts them
		0, 2, // output 2 doubles the second
	}
	y := []float64{10, 20, 30} // bias, accumulated with beta = 1
	gemm.Dgemm(false, true, 1, 3, 2, 1, x, 2, w, 2, 1, y, 3)
	fmt.Println(y)
	// Output: [13 19 34]
}
