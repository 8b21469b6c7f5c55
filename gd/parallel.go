package gd

import (
	"runtime"
	"sync"
)

// parallelMin is the element count from which elementwise kernels split
// their work between two goroutines. Below it, starting a goroutine costs
// more than it saves (the articles' tensors are far smaller).
const parallelMin = 1 << 17

// split runs fn over [0, n), in two halves on two goroutines when n is
// large and more than one CPU is available. Elementwise results do not
// depend on the split.
func split(n int, fn func(lo, hi int)) {
	if n < parallelMin || runtime.GOMAXPROCS(0) < 2 {
		fn(0, n)
		return
	}
	mid := n / 2 &^ 63
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		fn(mid, n)
	}()
	fn(0, mid)
	wg.Wait()
}
