package gd

import (
	"math"
	"runtime"
	"sync"

	"github.com/gonotebooks/descent/gd/internal/vec"
)

// Float32 softmax along the last dimension, the classifier's case, in
// PyTorch 1.13's order of operations so that the results have its bits:
//
//   - a row's sums follow Vectorized<float>'s reduce_all: the first eight
//     values are eight lanes, later values are added lane by lane (a
//     partial last block into the first lanes), and the lanes are then
//     added pairwise, ((0+4) + (2+6)) + ((1+5) + (3+7)); a row shorter
//     than eight is added left to right;
//   - exp is vec.Exp32, PyTorch's vectorised exp;
//   - where PyTorch's compiled kernels fuse a multiply and an add (the
//     backward passes), so does gd (vec.FMA32).
//
// Rows are independent, so the kernels work on blocks of rows: the
// shifted logits of a whole block go through one vectorised exp, and the
// block stays in cache for the passes after it. Large inputs are split
// between two goroutines by rows; every row is computed the same way
// whichever goroutine computes it, so the result does not depend on the
// number of threads.

const (
	// softmaxBlock is about how many elements a block of rows holds:
	// small enough to stay in L1 between passes.
	softmaxBlock = 2048
	// softmaxParallelMin is the element count from which the kernels use
	// two goroutines; below it the work is a few microseconds, about what
	// starting and waiting for a goroutine costs.
	softmaxParallelMin = 1 << 14
	// softmaxBlockRows bounds the rows of a block, so that the forward
	// pass keeps their maxima on the stack.
	softmaxBlockRows = 256
)

// rowsInParallel reports whether rows×size elements are worth two goroutines.
func rowsInParallel(rows, size int) bool {
	return rows >= 2 && rows*size >= softmaxParallelMin && runtime.GOMAXPROCS(0) >= 2
}

// softmaxLastDim32 writes the softmax (or log-softmax) of each row of
// size elements of x into out.
func softmaxLastDim32(out, x []float32, rows, size int, log bool) {
	if !rowsInParallel(rows, size) {
		softmaxRows32(out, x, size, log)
		return
	}
	mid := rows / 2 * size
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		softmaxRows32(out[mid:], x[mid:], size, log)
	}()
	softmaxRows32(out[:mid], x[:mid], size, log)
	wg.Wait()
}

func softmaxRows32(out, x []float32, size int, log bool) {
	per := min(max(1, softmaxBlock/size), softmaxBlockRows)
	for lo := 0; lo < len(x); lo += per * size {
		hi := min(len(x), lo+per*size)
		softmaxBlock32(out[lo:hi], x[lo:hi], size, log)
	}
}

// softmaxBlock32 is softmaxRows32 on one block of rows: the shifted logits x - max into out, one exp over the block, then
// per row the sum and either (x - max) - log(sum) or exp·(1/sum).
func softmaxBlock32(out, x []float32, size int, log bool) {
	var maxes [softmaxBlockRows]float32
	rows := len(x) / size
	for r := range rows {
		row, o := x[r*size:(r+1)*size], out[r*size:(r+1)*size]
		m := row[0]
		for _, v := range row[1:] {
			m = max(m, v) // NaN if any is NaN, as in PyTorch; no branch to mispredict
		}
		maxes[r] = m
		for k, v := range row {
			o[k] = v - m
		}
	}
	vec.Exp32(out, out)
	for r := range rows {
		o := out[r*size : (r+1)*size]
		sum := reduceSum32(o)
		if log {
			row, m := x[r*size:(r+1)*size], maxes[r]
			ls := float32(math.Log(float64(sum)))
			for k, v := range row {
				o[k] = v - m - ls
			}
			continue
		}
		inv := 1 / sum
		for k := range o {
			o[k] *= inv
		}
	}
}

// reduceSum32 adds x (at least one value) in the order of PyTorch's
// vectorised reduce_all (see the top of this file).
func reduceSum32(x []float32) float32 {
	if len(x) < 8 {
		s := x[0]
		for _, v := range x[1:] {
			s += v
		}
		return s
	}
	var acc [8]float32
	copy(acc[:], x[:8])
	x = x[8:]
	for len(x) >= 8 {
		for l := range acc {
			acc[l] += x[l]
		}
		x = x[8:]
	}
	for l, v := range x {
		acc[l] += v
	}
	return lanesSum32(&acc)
}

// lanesSum32 adds eight lanes as PyTorch's AVX2 reduction does: halves,
// then pairs, then neighbours.
func lanesSum32(a *[8]float32) float32 {
	return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]))
}

// dotReduce32 is Σ g·y in the order of PyTorch's map2_reduce_all as its
// compiled kernel runs it: the first eight products rounded, later ones
// fused into the lanes' sums; a row shorter than eight adds its rounded
// products left to right.
func dotReduce32(g, y []float32) float32 {
	y = y[:len(g)]
	if len(g) < 8 {
		s := g[0] * y[0]
		for k := 1; k < len(g); k++ {
			s += g[k] * y[k]
		}
		return s
	}
	var acc [8]float32
	for l := range acc {
		acc[l] = g[l] * y[l]
	}
	for d := 8; d < len(g); d += 8 {
		for l := 0; l < 8 && d+l < len(g); l++ {
			acc[l] = vec.FMA32(g[d+l], y[d+l], acc[l])
		}
	}
	return lanesSum32(&acc)
}

// softmaxGradLastDim32 is the input gradient of softmax (log false) or
// log-softmax along the last dim from the output gradient g and the
// result y:
//
//	softmax:     (g - Σ g·y) · y
//	log-softmax: g - exp(y) · Σ g, with the product and the difference fused
func softmaxGradLastDim32(out, g, y []float32, rows, size int, log bool) {
	if !rowsInParallel(rows, size) {
		softmaxGradRows32(out, g, y, size, log)
		return
	}
	mid := rows / 2 * size
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		softmaxGradRows32(out[mid:], g[mid:], y[mid:], size, log)
	}()
	softmaxGradRows32(out[:mid], g[:mid], y[:mid], size, log)
	wg.Wait()
}

func softmaxGradRows32(out, g, y []float32, size int, log bool) {
	per := max(1, softmaxBlock/size) * size
	for lo := 0; lo < len(out); lo += per {
		hi := min(len(out), lo+per)
		o, gs, ys := out[lo:hi], g[lo:hi], y[lo:hi]
		if log {
			vec.Exp32(o, ys)
		}
		for r := 0; r < len(o); r += size {
			or, gr, yr := o[r:r+size], gs[r:r+size], ys[r:r+size]
			if log {
				s := reduceSum32(gr)
				for k, v := range gr {
					or[k] = vec.FMA32(-or[k], s, v)
				}
				continue
			}
			s := dotReduce32(gr, yr)
			for k, v := range gr {
				or[k] = (v - s) * yr[k]
			}
		}
	}
}
