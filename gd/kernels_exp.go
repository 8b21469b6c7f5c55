package gd

import (
	"math"

	"github.com/gonotebooks/descent/gd/internal/vec"
)

// The softmax kernels spend most of their time in exp. For float32 they
// use vec.Exp32, which gives the bits of PyTorch's vectorised exp (SLEEF's
// expf) eight values at a time; for float64, math.Exp.

// expInto writes exp(src[i]) into dst[i] (src and dst may be the same slice).
func expInto[T float](dst, src []T) {
	switch d := any(dst).(type) {
	case []float32:
		vec.Exp32(d, any(src).([]float32))
	case []float64:
		s := any(src).([]float64)
		s = s[:len(d)]
		for i, x := range s {
			d[i] = math.Exp(x)
		}
	}
}
