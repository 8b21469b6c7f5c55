package gd_test

import (
	"fmt"
	"strings"

	"github.com/gonotebooks/descent/gd"
)

// Tensors print as PyTorch prints them, so a notebook's output can be
// compared with an article's line by line.
func ExampleTensor_String() {
	fmt.Println(gd.Scalar(9))
	fmt.Println(gd.Vector(0.0121, -0.6397, 0.6416))
	fmt.Println(gd.Matrix([][]float64{{0.6049, 1}, {0.44, 1}}))
	fmt.Println(gd.Arange(0, 20)) // wraps at 80 characters, as torch does by default
	fmt.Println(gd.FromSlice([]float64{-7.873484301831169e-97}, 1))
	var missing *gd.Tensor
	fmt.Println(missing)
	// Output:
	// tensor(9.)
	// tensor([ 0.0121, -0.6397,  0.6416])
	// tensor([[0.6049, 1.0000],
	//         [0.4400, 1.0000]])
	// tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,
	//         14., 15., 16., 17., 18., 19.])
	// tensor([-7.8735e-97], dtype=torch.float64)
	// None
}

// Printf verbs choose the precision and notation for one print.
func ExampleTensor_Format() {
	x := gd.Vector(3.14159, -0.5, 100)
	fmt.Printf("%v\n", x)
	fmt.Printf("%.2v\n", x) // 2 decimals
	fmt.Printf("%e\n", x)   // scientific notation
	fmt.Printf("%+v\n", x)  // with size, dtype and autograd state
	// Output:
	// tensor([  3.1416,  -0.5000, 100.0000])
	// tensor([  3.14,  -0.50, 100.00])
	// tensor([3.1416e+00, -5.0000e-01, 1.0000e+02])
	// tensor([  3.1416,  -0.5000, 100.0000])
	// size=(3,), dtype=torch.float32, requires_grad=False
}

// SetPrintOptions is torch.set_printoptions; it returns the previous options
// so they can be restored.
func ExampleSetPrintOptions() {
	o := gd.GetPrintOptions()
	o.Linewidth = 120
	defer gd.SetPrintOptions(gd.SetPrintOptions(o))
	fmt.Println(gd.Arange(0, 20))
	// Output:
	// tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13., 14., 15., 16., 17., 18., 19.])
}

// HTML renders a tensor as a table for notebooks; the display package shows
// it. Its cells hold the same strings String prints.
func ExampleTensor_HTML() {
	h := gd.Vector(0.0121, -0.6397, 0.6416).HTML()
	fmt.Println(strings.HasPrefix(h, `<div class="gd-tensor">`))
	fmt.Println(strings.Contains(h, `>-0.6397</td>`))
	// Output:
	// true
	// true
}
