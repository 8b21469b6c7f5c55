//go:build !amd64

package vec

// Without amd64 assembly softmaxAVX2 is false and these are never called.

func rowMaxShift8(out, x []float32, size int, maxes []float32, mask *[8]int32) {
	panic("vec: no AVX2 path")
}
func rowSums8(sums, x []float32, size int, mask *[8]int32) { panic("vec: no AVX2 path") }
func rowShiftSub8(out, x []float32, size int, a, b []float32, mask *[8]int32) {
	panic("vec: no AVX2 path")
}
func rowScale8(out []float32, size int, c []float32, mask *[8]int32)    { panic("vec: no AVX2 path") }
func logSoftmaxGradRows8(dst, e, g []float32, size int, mask *[8]int32) { panic("vec: no AVX2 path") }
func softmaxGradRows8(out, g, y []float32, size int, mask *[8]int32)    { panic("vec: no AVX2 path") }
