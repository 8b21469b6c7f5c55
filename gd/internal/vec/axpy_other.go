//go:build !amd64

package vec

const hasFMA = false

func axpyFMA32AVX2(alpha float32, x, y []float32) { axpyFMA32Go(alpha, x, y) }
