package vec

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

// axpyFMA32Go is the portable path: FMA32, a float64 sum with its false
// float32 ties broken, so it rounds once like the assembly.
func axpyFMA32Go(alpha float32, x, y []float32) {
	x = x[:len(y)]
	for i := range y {
		y[i] = FMA32(alpha, x[i], y[i])
	}
}
