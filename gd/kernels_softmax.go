package gd

import (
	"runtime"

	"github.com/gonotebooks/descent/gd/internal/vec"
)

// Float32 softmax along the last dimension, the classifier's case, is
// vec.SoftmaxRows32 and vec.SoftmaxGradRows32: PyTorch 1.13's order of
// operations (its exp and log, its order of additions, its fused
// multiply-adds), so the results have its bits, a block of rows at a time
// and vectorised with AVX2.
//
// Large inputs are shared with a second goroutine by chunks of rows (see
// inChunks); every row is computed the same way whichever goroutine
// computes it, so the result does not depend on the number of threads.

const (
	// softmaxParallelMin is the element count from which the kernels
	// offer work to a second goroutine; below it the work is a few
	// microseconds, about what starting a goroutine costs.
	softmaxParallelMin = 1 << 14
	// softmaxChunk is about how many elements a goroutine claims at a time.
	softmaxChunk = 4096
)

// rowsInParallel reports whether rows×size elements are worth two goroutines.
func rowsInParallel(rows, size int) bool {
	return rows >= 2 && rows*size >= softmaxParallelMin && runtime.GOMAXPROCS(0) >= 2
}

// inChunks calls fn on consecutive ranges [lo, hi) of whole rows of size
// elements covering [0, rows·size), from this goroutine and, when it is
// free, the row helper (rowhelper.go), each claiming the next chunk when
// it is done with the last. A helper that joins late just claims fewer
// chunks, so the call never waits for work that nobody has started.
func inChunks(rows, size int, fn func(lo, hi int)) {
	per := max(1, softmaxChunk/size)
	j := &rowJob{fn: fn, rows: rows, size: size, per: per, chunks: (rows + per - 1) / per, finished: make(chan struct{})}
	if !offerRowJob(j) {
		j.work()
		return
	}
	j.work()
	j.wait()
	releaseRowHelper()
}

// softmaxLastDim32 writes the softmax (or log-softmax) of each row of
// size elements of x into out.
func softmaxLastDim32(out, x []float32, rows, size int, log bool) {
	if !rowsInParallel(rows, size) {
		vec.SoftmaxRows32(out, x, size, log)
		return
	}
	inChunks(rows, size, func(lo, hi int) { vec.SoftmaxRows32(out[lo:hi], x[lo:hi], size, log) })
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
	inChunks(rows, size, func(lo, hi int) { vec.SoftmaxGradRows32(out[lo:hi], g[lo:hi], y[lo:hi], size, log) })
}
