package datasets_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd/datasets"
)

// The first image is a zero; its top rows show the loop's upper edge.
func ExampleLoadDigits() {
	d := datasets.LoadDigits()
	fmt.Println(d.Images.Shape(), d.Data.Shape(), len(d.Target))
	fmt.Println("label:", d.Target[0])
	fmt.Println(d.Labels.Slice(0, 0, 12), d.Labels.DType())
	fmt.Println(d.Images.Index(0).Slice(0, 0, 3))
	// Output:
	// [1797 8 8] [1797 64] 1797
	// label: 0
	// tensor([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1]) torch.int64
	// tensor([[ 0.,  0.,  5., 13.,  9.,  1.,  0.,  0.],
	//         [ 0.,  0., 13., 15., 10., 15.,  5.,  0.],
	//         [ 0.,  3., 15.,  2.,  0., 11.,  8.,  0.]])
}
