package gemm

import (
	"runtime"
	"sync"
)

// parallelMin is the number of multiply-adds (m*n*k) from which a product is
// split across goroutines; below it, starting them costs more than it saves.
// The cost is mostly waking the operating-system thread behind an idle P,
// which on a virtual machine takes about 75 µs: an MLP's 64×784×128 products
// (6.4M multiply-adds, 45 µs on one core) came out no faster on two threads
// and the epoch a quarter slower than on one. 16M multiply-adds are about
// 115 µs on one core.
var parallelMin = 1 << 24

// threads is how many goroutines a large product may use: GOMAXPROCS,
// unless tests set forceThreads to cover uneven splits on any machine.
func threads() int {
	if forceThreads > 0 {
		return forceThreads
	}
	return runtime.GOMAXPROCS(0)
}

var forceThreads = 0

// parallel reports whether a product is worth splitting across goroutines.
func parallel(m, n, k int) bool {
	return m*n*k >= parallelMin && threads() > 1
}

// split calls part concurrently, on up to GOMAXPROCS bands of C that
// together cover it. Bands are rows of C, or columns when C has more tiles
// across than down, or when byColumns is set and there are enough columns
// to go round; they break on tile boundaries
// (mr rows, nr columns), so only the last has a ragged edge, and share
// nothing but read-only inputs. The calling goroutine takes the last band.
func split(m, n, mr, nr int, byColumns bool, part func(i0, i1, j0, j1 int)) {
	tilesM, tilesN := (m+mr-1)/mr, (n+nr-1)/nr
	byColumns = byColumns && tilesN >= threads() || tilesN > tilesM
	tiles := tilesM
	if byColumns {
		tiles = tilesN
	}
	bands := min(threads(), tiles)
	var wg sync.WaitGroup
	for t := range bands {
		lo, hi := tiles*t/bands, tiles*(t+1)/bands
		i0, i1, j0, j1 := lo*mr, min(hi*mr, m), 0, n
		if byColumns {
			i0, i1, j0, j1 = 0, m, lo*nr, min(hi*nr, n)
		}
		if t == bands-1 {
			part(i0, i1, j0, j1)
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			part(i0, i1, j0, j1)
		}()
	}
	wg.Wait()
}
