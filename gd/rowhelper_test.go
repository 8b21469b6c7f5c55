package gd

import (
	"runtime"
	"slices"
	"sync"
	"testing"
)

// The large softmax kernels give the same bits on one thread and on two,
// and when several goroutines call them at once (one has the row helper,
// the others compute alone).
func TestSoftmaxSameBitsWhateverTheThreads(t *testing.T) {
	ManualSeed(2)
	x := Randn(5000, 10).Float32s() // above softmaxParallelMin
	g := Randn(5000, 10).Float32s()
	run := func() (outs [4][]float32) {
		for i, log := range []bool{false, true} {
			y := make([]float32, len(x))
			softmaxLastDim32(y, x, 5000, 10, log)
			gi := make([]float32, len(x))
			softmaxGradLastDim32(gi, g, y, 5000, 10, log)
			outs[2*i], outs[2*i+1] = y, gi
		}
		return outs
	}
	old := runtime.GOMAXPROCS(1)
	want := run()
	runtime.GOMAXPROCS(max(2, old))
	defer runtime.GOMAXPROCS(old)
	if !rowsInParallel(5000, 10) {
		t.Fatal("(5000, 10) is below the size the kernels share: the test would not test sharing")
	}
	for range 5 {
		if got := run(); !slices.EqualFunc(got[:], want[:], slices.Equal[[]float32]) {
			t.Fatal("two threads give other bits than one")
		}
	}
	var wg sync.WaitGroup
	bad := make(chan string, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 5 {
				if got := run(); !slices.EqualFunc(got[:], want[:], slices.Equal[[]float32]) {
					bad <- "concurrent callers get other bits"
					return
				}
			}
		}()
	}
	wg.Wait()
	close(bad)
	for msg := range bad {
		t.Fatal(msg)
	}
}
