package nprand

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/gonotebooks/descent/gd"
)

// global is the RandomState behind the package-level functions. Like
// NumPy's, it starts from an unpredictable seed: call Seed for
// reproducible numbers.
var global = New(rand.Uint32())

// Default returns the RandomState that the package-level functions use.
func Default() *RandomState { return global }

// Seed reseeds the package-level RandomState: np.random.seed(seed).
func Seed(seed uint32) { global.Seed(seed) }

// Rand is np.random.rand(*shape) on the package-level RandomState.
func Rand(shape ...int) *gd.Tensor { return global.Rand(shape...) }

// Randn is np.random.randn(*shape) on the package-level RandomState.
func Randn(shape ...int) *gd.Tensor { return global.Randn(shape...) }

// RandFloat is np.random.rand() (a single float) on the package-level RandomState.
func RandFloat() float64 { return global.RandFloat() }

// RandnFloat is np.random.randn() (a single float) on the package-level RandomState.
func RandnFloat() float64 { return global.RandnFloat() }

// Uniform is np.random.uniform(low, high, size=shape) on the package-level RandomState.
func Uniform(low, high float64, shape ...int) *gd.Tensor { return global.Uniform(low, high, shape...) }

// Permutation is np.random.permutation(n).tolist() on the package-level RandomState.
func Permutation(n int) []int { return global.Permutation(n) }

// Shuffle is np.random.shuffle on the package-level RandomState; see
// RandomState.Shuffle.
func Shuffle(n int, swap func(i, j int)) { global.Shuffle(n, swap) }

func shapeString(shape []int) string {
	parts := make([]string, len(shape))
	for i, s := range shape {
		parts[i] = strconv.Itoa(s)
	}
	return "(" + strings.Join(parts, ",") + ")"
}

func itoa(n int) string { return strconv.Itoa(n) }

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
