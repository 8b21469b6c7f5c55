package gemm

import (
	"sync"
	"unsafe"
)

// directKernels is the algorithm of the AVX-512 path, which reads A in
// place. Its kernels take A through a row and a column stride, so a sliver
// of A is used where it lies, whichever way A is transposed, and the ragged
// edges of C are covered by kernels of fewer rows and by lane masks, not by
// padding. B is read in place too when A and B fit in L2 together (as in
// the layers of a small network, where copying the inputs would cost a
// third of the time); otherwise, or when B is transposed and its rows are
// not contiguous, B is packed one kc×nc block at a time.
type directKernels[T float] struct {
	lanes int // elements per vector register; a tile is 2*lanes wide
	kc    int // k block: a sliver of A (mr×kc) stays in L1
	nc    int // n block: kc×nc of B stays in L2
	mc    int // m block of a packed A: mc×kc of A stays in L2 beside B
	tr    transposer[T]
	fns   *[3][directMR + 1]func(kc int, a *T, rsA, csA int, b *T, rsB int, c *T, ldc int, alpha, beta T, mask uint64)
	pool  sync.Pool // of *[]T, B blocks
}

// directMR is the tallest tile; shorter ones have kernels of their own.
const directMR = 12

// directMax is the largest footprint of A and B, in bytes, for which B is
// read in place. Rows of a large B lie a page or more apart, and a kernel
// walking down one keeps landing on the same L1 sets; packing fixes that.
var directMax = 4 << 20

func (d *directKernels[T]) gemm(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if transB && !transA && beta == 0 && swapWins(m, n, k, d.lanes) {
		d.swapped(m, n, k, alpha, a, lda, b, ldb, c, ldc)
		return
	}
	large := (m*k+k*n)*int(unsafe.Sizeof(alpha)) > directMax
	// A large transposed A is packed too: in place, each step of a sliver
	// along k would land a page further on, on the same few L1 sets.
	pack := packing{a: transA && large, b: transB || large}
	if !parallel(m, n, k) {
		d.serial(transA, transB, pack, 0, m, 0, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		return
	}
	// Bands of columns each pack only their own part of B; bands of rows
	// would each pack all of it.
	split(m, n, directMR, 2*d.lanes, pack.b, func(i0, i1, j0, j1 int) {
		d.serial(transA, transB, pack, i0, i1, j0, j1, k, alpha, a, lda, b, ldb, beta, c, ldc)
	})
}

// packing says which operands serial copies into kernel order first.
type packing struct{ a, b bool }

// serial computes rows i0..i1 and columns j0..j1 of C on one goroutine.
// The loops, outermost first: nc columns, kc steps along k (packing that
// block of B if asked), mc rows (packing that block of A if asked), 12
// rows, and nr columns, where one kernel call computes the tile.
func (d *directKernels[T]) serial(transA, transB bool, pack packing, i0, i1, j0, j1, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	nr := 2 * d.lanes
	kc, nc := balance(k, d.kc, 1), balance(j1-j0, d.nc, nr)
	mc := i1 - i0 // one block of rows, unless A is packed
	var bufA, bufB *[]T
	if pack.a {
		mc = balance(i1-i0, d.mc, directMR)
		bufA = d.buffer(min(kc, k) * roundUp(min(mc, i1-i0), directMR))
	}
	if pack.b {
		bufB = d.buffer(min(kc, k) * roundUp(min(nc, j1-j0), nr))
	}
	for jc := j0; jc < j1; jc += nc {
		nb := min(nc, j1-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			if pack.b {
				// Lanes past the edge are left as they are: kernels mask them.
				packB(transB, b, ldb, pc, jc, kb, nb, nr, *bufB, d.tr, false)
			}
			bt := beta // applies once; later k blocks accumulate onto C
			if pc > 0 {
				bt = 1
			}
			for ic := i0; ic < i1; ic += mc {
				mb := min(mc, i1-ic)
				if pack.a {
					packA(transA, a, lda, ic, pc, mb, kb, directMR, *bufA)
				}
				for ir := ic; ir < ic+mb; ir += directMR {
					rows := min(directMR, ic+mb-ir)
					var ap *T
					var rsA, csA int
					switch {
					case pack.a:
						ap, rsA, csA = &(*bufA)[(ir-ic)*kb], 1, directMR
					case transA:
						ap, rsA, csA = &a[pc*lda+ir], 1, lda
					default:
						ap, rsA, csA = &a[ir*lda+pc], lda, 1
					}
					for jr := jc; jr < jc+nb; jr += nr {
						cols := min(nr, jc+nb-jr)
						var bp *T
						rsB := ldb
						if pack.b {
							bp, rsB = &(*bufB)[(jr-jc)*kb], nr
						} else {
							bp = &b[pc*ldb+jr]
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
	if bufA != nil {
		d.pool.Put(bufA)
	}
	if bufB != nil {
		d.pool.Put(bufB)
	}
}

// buffer returns a pooled, 64-byte aligned slice of size elements.
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

// swapWins reports whether C = A·Bᵀ (A m×k, B n×k) is cheaper computed as
// the transpose of Cᵀ = B·Aᵀ. B transposed must be packed, n·k elements
// through register transposes; A reads in place. Swapped, B reads in place
// and Aᵀ is packed instead (m·k), and Cᵀ is transposed into C (m·n more).
// That is the forward product of a Linear layer, x·Weightᵀ, where the
// weight (n×k) is larger than the batch (m×k). C's rows become the
// kernel's vector lanes, so m must fill them: at least one full tile.
func swapWins(m, n, k, lanes int) bool {
	return swapOn && m >= 2*lanes && m*k+m*n < n*k
}

// swapOn lets tests and benchmarks turn the swapped route off.
var swapOn = true

// swapped computes C = alpha·A·Bᵀ as (alpha·B·Aᵀ)ᵀ, through a scratch Cᵀ.
// Every element is the same sum of the same products in the same order
// along k (the kernels' one accumulator per element, the same kc blocks),
// so the result is bit for bit the unswapped one; beta must be 0.
func (d *directKernels[T]) swapped(m, n, k int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	buf := d.buffer(n * m)
	ct := *buf
	d.gemm(false, true, n, m, k, alpha, b, ldb, a, lda, 0, ct, m)
	transposeInto(c, ldc, ct, n, m, d.tr)
	d.pool.Put(buf)
}

// transposeInto writes the transpose of the rows×cols matrix src (row
// stride cols) into dst (row stride ldd): dst[j*ldd+i] = src[i*cols+j],
// through the register transposes that pack a transposed B.
func transposeInto[T float](dst []T, ldd int, src []T, rows, cols int, tr transposer[T]) {
	interleave(dst, ldd, src, cols, rows, cols, tr, false)
}
