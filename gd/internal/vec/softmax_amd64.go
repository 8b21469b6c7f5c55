package vec

// The row kernels of softmax_amd64.s, for rows of at least eight elements.

//go:noescape
func rowMaxShift8(out, x []float32, size int, maxes []float32, mask *[8]int32)

//go:noescape
func rowSums8(sums, x []float32, size int, mask *[8]int32)

//go:noescape
func rowShiftSub8(out, x []float32, size int, a, b []float32, mask *[8]int32)

//go:noescape
func rowScale8(out []float32, size int, c []float32, mask *[8]int32)

//go:noescape
func logSoftmaxGradRows8(dst, e, g []float32, size int, mask *[8]int32)

//go:noescape
func softmaxGradRows8(out, g, y []float32, size int, mask *[8]int32)
