package nprand_test

import (
	"fmt"

	"github.com/gonotebooks/descent/gd/nprand"
)

// The NumPy cell of article 001, draw for draw: np.random.seed(42);
// X = np.random.rand(100, 1) * 10; noise = np.random.randn(100);
// w = np.random.randn(); b = np.random.randn().
func Example() {
	nprand.Seed(42)
	X := nprand.Rand(100, 1).Mul(10)
	noise := nprand.Randn(100)
	w := nprand.RandnFloat()
	b := nprand.RandnFloat()
	fmt.Println(X.Slice(0, 0, 3))
	fmt.Println(noise.Shape())
	fmt.Println(w, b)
	// Output:
	// tensor([[3.7454],
	//         [9.5071],
	//         [7.3199]], dtype=torch.float64)
	// [100]
	// 0.01300189187790702 1.4535340771573169
}

// An independent RandomState, like np.random.RandomState(1).permutation(6).
func ExampleNew() {
	r := nprand.New(1)
	fmt.Println(r.Permutation(6))
	// Output:
	// [2 1 4 0 3 5]
}
