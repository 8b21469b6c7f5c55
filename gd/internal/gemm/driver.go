package gemm

// gemm runs the blocked algorithm, in parallel when the product is large.
// Arguments have been checked; m, n, k > 0 and alpha != 0.
func (kn *kernel[T]) gemm(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if !parallel(m, n, k) {
		kn.serial(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// Each band is an independent product of a band of op(A) or op(B).
	split(m, n, kn.mr, kn.nr, false, func(i0, i1, j0, j1 int) {
		var aa, bb []T
		if transA {
			aa = a[i0:]
		} else {
			aa = a[i0*lda:]
		}
		if transB {
			bb = b[j0*ldb:]
		} else {
			bb = b[j0:]
		}
		kn.serial(transA, transB, i1-i0, j1-j0, k, alpha, aa, lda, bb, ldb, beta, c[i0*ldc+j0:], ldc)
	})
}

// serial is the blocked product on one goroutine. The loops, outermost
// first: nc columns of B (packed, kept in L2), kc steps of k, mc rows of A
// (packed), then one mr-row sliver of A (in L1) against every nr-column
// sliver of B, each pair handled by the micro-kernel.
func (kn *kernel[T]) serial(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	ws := kn.pool.Get().(*workspace[T])
	mr, nr := kn.mr, kn.nr
	// Blocks of equal size, rather than full ones and a sliver: k = 784
	// runs as 2×392, not 384+384+16, whose last pass would be mostly
	// overhead.
	mc, kc, nc := balance(m, kn.mc, mr), balance(k, kn.kc, 4), balance(n, kn.nc, nr)
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			packB(transB, b, ldb, pc, jc, kb, nb, nr, ws.b, kn.tr, true)
			// beta applies once; later k blocks accumulate onto C.
			bt := beta
			if pc > 0 {
				bt = 1
			}
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
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

// balance splits size into the fewest blocks of at most limit, all about
// equal, and returns the block size rounded up to a multiple of unit.
// limit must itself be a multiple of unit.
func balance(size, limit, unit int) int {
	if size <= limit {
		return limit
	}
	blocks := (size + limit - 1) / limit
	return roundUp((size+blocks-1)/blocks, unit)
}
