package gemm

// Packing copies a block of op(A) or op(B) into the order the micro-kernel
// reads it: one contiguous sliver per mr rows of A (or nr columns of B),
// each sliver laid out step by step along k. The kernel then walks both
// operands with unit stride whatever the transposes and leading dimensions,
// and ragged edges are padded with zeros so the kernel never needs a bound.

// packA packs rows i0..i0+mb and columns p0..p0+kb of op(A) into dst as
// slivers of mr rows: dst[s*mr*kb + p*mr + r] = op(A)[i0+s*mr+r][p0+p].
func packA[T float](transA bool, a []T, lda, i0, p0, mb, kb, mr int, dst []T) {
	for ir := 0; ir < mb; ir += mr {
		d := dst[ir*kb : ir*kb+mr*kb]
		rows := min(mr, mb-ir)
		if transA {
			// op(A)[i][p] = a[p*lda+i]: each step along k is a contiguous run.
			copyRuns(d, mr, a[p0*lda+i0+ir:], lda, kb, rows, true)
		} else {
			interleave(d, mr, a[(i0+ir)*lda+p0:], lda, rows, kb, transposer[T]{}, true)
		}
	}
}

// packB packs rows p0..p0+kb and columns j0..j0+nb of op(B) into dst as
// slivers of nr columns: dst[s*nr*kb + p*nr + j] = op(B)[p0+p][j0+s*nr+j].
// Unless pad is false (for kernels that mask the lanes past the edge), the
// columns past nb in the last sliver are zeroed.
func packB[T float](transB bool, b []T, ldb, p0, j0, kb, nb, nr int, dst []T, tr transposer[T], pad bool) {
	for jr := 0; jr < nb; jr += nr {
		d := dst[jr*kb : jr*kb+nr*kb]
		cols := min(nr, nb-jr)
		if transB {
			// op(B)[p][j] = b[j*ldb+p]: each column of op(B) is a contiguous run.
			interleave(d, nr, b[(j0+jr)*ldb+p0:], ldb, cols, kb, tr, pad)
		} else {
			copyRuns(d, nr, b[p0*ldb+j0+jr:], ldb, kb, cols, pad)
		}
	}
}

// copyRuns copies n runs of width elements, src[s*ld : s*ld+width], to
// d[s*w : s*w+width] and, if pad, zeroes the remaining w-width of each.
func copyRuns[T float](d []T, w int, src []T, ld, n, width int, pad bool) {
	for s := 0; s < n; s++ {
		ds := d[s*w : s*w+w]
		copy(ds, src[s*ld:s*ld+width])
		if pad {
			clear(ds[width:])
		}
	}
}

// interleave transposes as it copies: run r, src[r*ld : r*ld+kb], lands in
// column r of d seen as kb rows of w, that is d[p*w+r] = src[r*ld+p], for
// r < runs; if pad, columns runs..w are zeroed. Square blocks go through tr
// when it is set; the rest is read four runs at a time so the writes of
// each step fill a contiguous group rather than striding alone. Without
// pad, d need only reach its last written element (it may be the rows of
// a matrix C, whose last row is not padded to w).
func interleave[T float](d []T, w int, src []T, ld, runs, kb int, tr transposer[T], pad bool) {
	if pad {
		d = d[:kb*w]
	} else if kb > 0 {
		d = d[:(kb-1)*w+runs]
	}
	r := 0
	if n := tr.n; tr.fn != nil {
		for ; r+n <= runs; r += n {
			p := 0
			for ; p+n <= kb; p += n {
				// Prove the block's far corners in bounds for the assembly.
				_, _ = src[(r+n-1)*ld+p+n-1], d[(p+n-1)*w+r+n-1]
				tr.fn(&src[r*ld+p], ld, &d[p*w+r], w)
			}
			for ; p < kb; p++ {
				dp := d[p*w+r : p*w+r+n]
				for i := range dp {
					dp[i] = src[(r+i)*ld+p]
				}
			}
		}
	}
	for ; r+4 <= runs; r += 4 {
		s0 := src[r*ld : r*ld+kb]
		s1 := src[(r+1)*ld : (r+1)*ld+kb]
		s2 := src[(r+2)*ld : (r+2)*ld+kb]
		s3 := src[(r+3)*ld : (r+3)*ld+kb]
		for p := range s0 {
			dp := d[p*w+r : p*w+r+4 : p*w+r+4]
			dp[0], dp[1], dp[2], dp[3] = s0[p], s1[p], s2[p], s3[p]
		}
	}
	for ; r < runs; r++ {
		s0 := src[r*ld : r*ld+kb]
		for p, v := range s0 {
			d[p*w+r] = v
		}
	}
	if pad && runs < w {
		for p := 0; p < kb; p++ {
			clear(d[p*w+runs : p*w+w])
		}
	}
}
