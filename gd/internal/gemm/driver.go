package gemm

import (
	"runtime"
	"sync"
)

// parallelMin is the number of multiply-adds (m*n*k) from which a product is
// split across goroutines; below it, starting them costs more than it saves.
var parallelMin = 1 << 20

// gemm runs the blocked algorithm, in parallel when the product is large.
// Arguments have been checked; m, n, k > 0 and alpha != 0.
func (kn *kernel[T]) gemm(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	threads := runtime.GOMAXPROCS(0)
	if m*n*k < parallelMin || threads == 1 {
		kn.serial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// Split C into bands along whichever side has more tiles, on tile
	// boundaries so that only the last band has a ragged edge. Each band is
	// an independent product; bands share nothing but the read-only inputs.
	tilesM, tilesN := (m+kn.mr-1)/kn.mr, (n+kn.nr-1)/kn.nr
	splitM := tilesM >= tilesN
	tiles := tilesN
	if splitM {
		tiles = tilesM
	}
	threads = min(threads, tiles)
	if threads == 1 {
		kn.serial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	var wg sync.WaitGroup
	for t := range threads {
		lo, hi := tiles*t/threads, tiles*(t+1)/threads
		run := func() {
			if splitM {
				i0, i1 := lo*kn.mr, min(hi*kn.mr, m)
				var aa []T
				if transA {
					aa = a[i0:]
				} else {
					aa = a[i0*lda:]
				}
				kn.serial(transA, transB, i1-i0, n, k, alpha, aa, lda, b, ldb, beta, c[i0*ldc:], ldc)
			} else {
				j0, j1 := lo*kn.nr, min(hi*kn.nr, n)
				var bb []T
				if transB {
					bb = b[j0*ldb:]
				} else {
					bb = b[j0:]
				}
				kn.serial(transA, transB, m, j1-j0, k, alpha, a, lda, bb, ldb, beta, c[j0:], ldc)
			}
		}
		if t == threads-1 {
			run() // the calling goroutine takes the last band
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			run()
		}()
	}
	wg.Wait()
}

// serial is the blocked product on one goroutine. The loops, outermost
// first: nc columns of B (packed, kept in L2), kc steps of k, mc rows of A
// (packed), then one mr-row sliver of A (in L1) against every nr-column
// sliver of B, each pair handled by the micro-kernel.
func (kn *kernel[T]) serial(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	ws := kn.pool.Get().(*workspace[T])
	mr, nr := kn.mr, kn.nr
	for jc := 0; jc < n; jc += kn.nc {
		nb := min(kn.nc, n-jc)
		for pc := 0; pc < k; pc += kn.kc {
			kb := min(kn.kc, k-pc)
			packB(transB, b, ldb, pc, jc, kb, nb, nr, ws.b)
			// beta applies once; later k blocks accumulate onto C.
			bt := beta
			if pc > 0 {
				bt = 1
			}
			for ic := 0; ic < m; ic += kn.mc {
				mb := min(kn.mc, m-ic)
				packA(transA, a, lda, ic, pc, mb, kb, mr, ws.a)
				for ir := 0; ir < mb; ir += mr {
					ap := &ws.a[ir*kb]
					rows := min(mr, mb-ir)
					for jr := 0; jr < nb; jr += nr {
						bp := &ws.b[jr*kb]
						cols := min(nr, nb-jr)
						ci := (ic+ir)*ldc + jc + jr
						if rows == mr && cols == nr {
							kn.fn(kb, ap, bp, &c[ci], ldc, alpha, bt)
							continue
						}
						// A ragged tile: compute it whole into scratch, then
						// copy in the part that lies inside C.
						kn.fn(kb, ap, bp, &ws.tile[0], nr, 1, 0)
						for r := 0; r < rows; r++ {
							t := ws.tile[r*nr : r*nr+cols]
							cr := c[ci+r*ldc : ci+r*ldc+cols]
							if bt == 0 {
								for j, v := range t {
									cr[j] = alpha * v
								}
							} else {
								for j, v := range t {
									cr[j] = alpha*v + bt*cr[j]
								}
							}
						}
					}
				}
			}
		}
	}
	kn.pool.Put(ws)
}
