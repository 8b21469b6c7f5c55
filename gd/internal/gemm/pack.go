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
			for p := 0; p < kb; p++ {
				src := a[(p0+p)*lda+i0+ir:][:rows]
				dp := d[p*mr : p*mr+mr]
				copy(dp, src)
				clear(dp[rows:])
			}
			continue
		}
		for r := 0; r < rows; r++ {
			src := a[(i0+ir+r)*lda+p0:][:kb]
			for p, v := range src {
				d[p*mr+r] = v
			}
		}
		if rows < mr {
			for p := 0; p < kb; p++ {
				clear(d[p*mr+rows : p*mr+mr])
			}
		}
	}
}

// packB packs rows p0..p0+kb and columns j0..j0+nb of op(B) into dst as
// slivers of nr columns: dst[s*nr*kb + p*nr + j] = op(B)[p0+p][j0+s*nr+j].
func packB[T float](transB bool, b []T, ldb, p0, j0, kb, nb, nr int, dst []T) {
	for jr := 0; jr < nb; jr += nr {
		d := dst[jr*kb : jr*kb+nr*kb]
		cols := min(nr, nb-jr)
		if !transB {
			for p := 0; p < kb; p++ {
				src := b[(p0+p)*ldb+j0+jr:][:cols]
				dp := d[p*nr : p*nr+nr]
				copy(dp, src)
				clear(dp[cols:])
			}
			continue
		}
		// op(B)[p][j] = b[j*ldb+p]: each column of op(B) is a contiguous run.
		for j := 0; j < cols; j++ {
			src := b[(j0+jr+j)*ldb+p0:][:kb]
			for p, v := range src {
				d[p*nr+j] = v
			}
		}
		if cols < nr {
			for p := 0; p < kb; p++ {
				clear(d[p*nr+cols : p*nr+nr])
			}
		}
	}
}
