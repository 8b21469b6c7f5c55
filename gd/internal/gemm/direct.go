package gemm

import "sync"

// directFn is an in-place micro-kernel (see gen_kernels.go): it computes a
// tile of C from A and B read through strides, masking the last vector of
// each row to the lanes set in mask.
type directFn[T float] func(kc int, a *T, rsA, csA int, b *T, rsB int, c *T, ldc int, alpha, beta T, mask uint64)

// directKernels is the unpacked algorithm for products whose operands fit
// in L2 together. There, packing A and B costs as much as multiplying them
// (for a 64×784 by 784×128 layer, copying the inputs is a third of the
// time), so the kernels read A and B where they lie: A through its row and
// column strides, whichever way it is transposed, and B row by row. Only a
// transposed B, whose rows are not contiguous, is packed first.
type directKernels[T float] struct {
	lanes int // elements per vector register
	kc    int // k block: keeps a sliver of A (mr×kc) in L1
	nc    int // n block: keeps kc×nc of B in L2
	tr    transposer[T]
	fns   *[3][directMR + 1]func(kc int, a *T, rsA, csA int, b *T, rsB int, c *T, ldc int, alpha, beta T, mask uint64)
	pool  sync.Pool // of *[]T, the packed B of a transposed product
}

// directMR is the tallest tile; shorter ones have kernels of their own.
const directMR = 12

// directMax is the largest footprint of A and B, in bytes, sent to the
// direct algorithm. Measured on a 2 MiB-L2 core, reading in place beats
// packing up to about 4 MiB (512×512 by 512×512 runs at 180 GFLOP/s rather
// than 160); at 1024×1024 by 1024×1024 packing wins, 150 to 140.
var directMax = 4 << 20

func (d *directKernels[T]) fits(m, n, k, size int) bool {
	return d != nil && (m*k+k*n)*size <= directMax
}

func (d *directKernels[T]) gemm(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	nr := 2 * d.lanes
	// A transposed B is packed whole into a pooled buffer, as slivers of nr
	// columns along k; sliver s starts at s*nr*k. The copy is made by pack,
	// by columns, so that bands of columns can each pack their own.
	bb, rsB, buf := b, ldb, (*[]T)(nil)
	if transB {
		buf = d.buffer(k * roundUp(n, nr))
		bb, rsB = *buf, nr
	}
	switch {
	case !parallel(m, n, k):
		d.pack(transB, b, ldb, k, 0, n, bb)
		d.serial(transA, transB, 0, m, 0, n, k, alpha, a, lda, bb, rsB, beta, c, ldc)
	case transB && n > nr:
		split(m, n, directMR, nr, true, func(i0, i1, j0, j1 int) {
			d.pack(transB, b, ldb, k, j0, j1, bb)
			d.serial(transA, transB, i0, i1, j0, j1, k, alpha, a, lda, bb, rsB, beta, c, ldc)
		})
	default:
		d.pack(transB, b, ldb, k, 0, n, bb)
		split(m, n, directMR, nr, false, func(i0, i1, j0, j1 int) {
			d.serial(transA, transB, i0, i1, j0, j1, k, alpha, a, lda, bb, rsB, beta, c, ldc)
		})
	}
	if buf != nil {
		d.pool.Put(buf)
	}
}

// buffer returns a pooled slice of size elements.
func (d *directKernels[T]) buffer(size int) *[]T {
	buf, _ := d.pool.Get().(*[]T)
	if buf == nil {
		buf = new([]T)
	}
	if cap(*buf) < size {
		*buf = aligned[T](size)
	}
	*buf = (*buf)[:size]
	return buf
}

// pack copies columns j0..j1 of a transposed B into their slivers of bp
// (j0 a multiple of nr). The lanes past n are left as they are: the
// kernels mask them.
func (d *directKernels[T]) pack(transB bool, b []T, ldb, k, j0, j1 int, bp []T) {
	if transB {
		packB(true, b, ldb, 0, j0, k, j1-j0, 2*d.lanes, bp[j0*k:], d.tr, false)
	}
}

// serial computes rows i0..i1 and columns j0..j1 of C. A packed B (rsB ==
// nr) is addressed by sliver; j0 must then be a multiple of nr.
func (d *directKernels[T]) serial(transA, transB bool, i0, i1, j0, j1, k int, alpha T, a []T, lda int, b []T, rsB int, beta T, c []T, ldc int) {
	nr := 2 * d.lanes
	kc, nc := balance(k, d.kc, 1), balance(j1-j0, d.nc, nr)
	for jc := j0; jc < j1; jc += nc {
		jEnd := min(jc+nc, j1)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			bt := beta
			if pc > 0 {
				bt = 1
			}
			for ir := i0; ir < i1; ir += directMR {
				rows := min(directMR, i1-ir)
				var ap *T
				var rsA, csA int
				if transA {
					ap, rsA, csA = &a[pc*lda+ir], 1, lda
				} else {
					ap, rsA, csA = &a[ir*lda+pc], lda, 1
				}
				for jr := jc; jr < jEnd; jr += nr {
					cols := min(nr, jEnd-jr)
					var bp *T
					if transB {
						bp = &b[jr*k+pc*nr]
					} else {
						bp = &b[pc*rsB+jr]
					}
					v, mask := 0, uint64(0)
					switch {
					case cols <= d.lanes:
						v, mask = 2, 1<<cols-1
					case cols < nr:
						v, mask = 1, 1<<(cols-d.lanes)-1
					}
					d.fns[v][rows](kb, ap, rsA, csA, bp, rsB, &c[ir*ldc+jr], ldc, alpha, bt, mask)
				}
			}
		}
	}
}
