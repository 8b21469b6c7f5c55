package vec

import "math"

// AxpyFMA32 sets y[i] = alpha*x[i] + y[i], rounded once to float32, for every
// i < len(y). x must have at least len(y) elements.
func AxpyFMA32(alpha float32, x, y []float32) {
	if len(x) < len(y) {
		panic("vec: AxpyFMA32: x is shorter than y")
	}
	if len(y) == 0 {
		return
	}
	if hasFMA {
		axpyFMA32AVX2(alpha, x[:len(y)], y)
		return
	}
	axpyFMA32Go(alpha, x, y)
}

// axpyFMA32Go is the portable path: the product of two float32 values is exact
// in float64, so only the final conversion can round a second time.
func axpyFMA32Go(alpha float32, x, y []float32) {
	a := float64(alpha)
	for i := range y {
		y[i] = float32(math.FMA(a, float64(x[i]), float64(y[i])))
	}
}
