package cache_test

import (
	"fmt"

	"github.com/gonotebooks/descent/cache"
)

// losses stands for a long training run whose result later cells plot.
func losses() []float64 {
	fmt.Println("training...")
	return []float64{0.5, 0.25, 0.125}
}

// In a notebook, the first cell that asks for "losses" runs the training and
// later cells get the stored result. Outside a notebook, as here, there is no
// key, and Value runs compute every time.
func ExampleValue() {
	first := cache.Value("losses", losses)
	fmt.Println(first)
	// Output:
	// training...
	// [0.5 0.25 0.125]
}
