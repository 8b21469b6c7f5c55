package gd

import (
	"runtime"
	"sync"

	"github.com/gonotebooks/descent/gd/internal/vec"
)

// Float32 softmax along the last dimension, the classifier's case, is
// vec.SoftmaxRows32 and vec.SoftmaxGradRows32: PyTorch 1.13's order of
// operations (its exp, its order of additions, its fused multiply-adds),
// so the results have its bits (the logarithm of LogSoftmax aside, see
// ops_softmax.go), a block of rows at a time and vectorised with AVX2.
//
// Large inputs are split between two goroutines by rows; every row is
// computed the same way whichever goroutine computes it, so the result
// does not depend on the number of threads.

// softmaxParallelMin is the element count from which the kernels use two
// goroutines; below it the work is a few microseconds, about what starting
// and waiting for a goroutine costs.
const softmaxParallelMin = 1 << 14

// rowsInParallel reports whether rows×size elements are worth two goroutines.
func rowsInParallel(rows, size int) bool {
	return rows >= 2 && rows*size >= softmaxParallelMin && runtime.GOMAXPROCS(0) >= 2
}

// softmaxLastDim32 writes the softmax (or log-softmax) of each row of
// size elements of x into out.
func softmaxLastDim32(out, x []float32, rows, size int, log bool) {
	if !rowsInParallel(rows, size) {
		vec.SoftmaxRows32(out, x, size, log)
		return
	}
	mid := rows / 2 * size
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		vec.SoftmaxRows32(out[mid:], x[mid:], size, log)
	}()
	vec.SoftmaxRows32(out[:mid], x[:mid], size, log)
	wg.Wait()
}

// softmaxGradLastDim32 is the input gradient of softmax (log false) or
// log-softmax along the last dim from the output gradient g and the
// result y:
//
//	softmax:     (g - Σ g·y) · y
//	log-softmax: g - exp(y) · Σ g, with the product and the difference fused
func softmaxGradLastDim32(out, g, y []float32, rows, size int, log bool) {
	if !rowsInParallel(rows, size) {
		vec.SoftmaxGradRows32(out, g, y, size, log)
		return
	}
	mid := rows / 2 * size
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		vec.SoftmaxGradRows32(out[mid:], g[mid:], y[mid:], size, log)
	}()
	vec.SoftmaxGradRows32(out[:mid], g[:mid], y[:mid], size, log)
	wg.Wait()
}
