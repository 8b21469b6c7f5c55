package gd

import "github.com/gonotebooks/descent/gd/internal/vec"

// Float32 softmax along the last dimension, the classifier's case, is
// vec.SoftmaxRows32 and vec.SoftmaxGradRows32: PyTorch 1.13's order of
// operations (its exp and log, its order of additions, its fused
// multiply-adds), so the results have its bits, a block of rows at a time
// and vectorised with AVX2.
//
// The kernels run on the calling goroutine. Sharing the rows of a large
// softmax with a second one was tried and measured slower: the work of a
// (4096, 10) step is about 70 µs, and waking a second thread costs about
// as much on a virtual machine (PyTorch keeps its OpenMP threads spinning
// between kernels instead, which gd does not want to do behind a user's
// back).

// softmaxLastDim32 writes the softmax (or log-softmax) of each row of
// size elements of x into out.
func softmaxLastDim32(out, x []float32, rows, size int, log bool) {
	vec.SoftmaxRows32(out, x, size, log)
}

// softmaxGradLastDim32 is the input gradient of softmax (log false) or
// log-softmax along the last dim from the output gradient g and the
// result y:
//
//	softmax:     (g - Σ g·y) · y
//	log-softmax: g - exp(y) · Σ g, with the product and the difference fused
func softmaxGradLastDim32(out, g, y []float32, rows, size int, log bool) {
	vec.SoftmaxGradRows32(out, g, y, size, log)
}
