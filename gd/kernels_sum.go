package gd

import (
	"math/bits"
	"unsafe"
)

// The summation kernels behind Sum and Mean, adding in PyTorch's order
// (see ops_reduce.go for the order itself).

// denseSum is cascadeSum's sum of one contiguous row (sum2d with a single
// output): lane vectors when the row holds at least one, else four
// interleaved cascades.
func denseSum[T float](x []T) T {
	w := lanes[T]()
	if len(x) >= w {
		return innerVecSum(x, len(x), w)
	}
	return ilpRow(x, 0, 1, len(x))
}

// redDim is one dimension of a reduction: its size and the strides of the
// input and the output (0 in the output for a reduced dimension).
type redDim struct{ size, in, out int }

// reductionDims orders and merges dimensions the way TensorIterator does,
// fastest-moving first.
func reductionDims(shape, inStrides, outStrides []int, buf []redDim) []redDim {
	dims := buf
	for i := len(shape) - 1; i >= 0; i-- {
		if shape[i] != 1 {
			dims = append(dims, redDim{shape[i], inStrides[i], outStrides[i]})
		}
	}
	// should be after: 1 if a belongs after b, -1 if before, 0 if unknown.
	cmp := func(a, b redDim) int {
		if (a.out == 0) != (b.out == 0) {
			if b.out == 0 {
				return 1
			}
			return -1
		}
		for _, st := range [2][2]int{{a.out, b.out}, {a.in, b.in}} {
			s0, s1 := st[0], st[1]
			switch {
			case s0 == 0 || s1 == 0:
				continue
			case s0 < s1:
				return -1
			case s0 > s1:
				return 1
			case a.size > b.size:
				return 1
			}
		}
		return 0
	}
	for i := 1; i < len(dims); i++ {
		d1 := i
		for d0 := i - 1; d0 >= 0; d0-- {
			c := cmp(dims[d0], dims[d1])
			if c > 0 {
				dims[d0], dims[d1] = dims[d1], dims[d0]
				d1 = d0
			} else if c < 0 {
				break
			}
		}
	}
	// Merge a dimension into the previous (faster) one when the pair is
	// one dense run in both the input and the output.
	if len(dims) > 1 {
		prev := 0
		for d := 1; d < len(dims); d++ {
			p, c := dims[prev], dims[d]
			if p.size*p.in == c.in && p.size*p.out == c.out {
				dims[prev].size *= c.size
			} else {
				prev++
				dims[prev] = c
			}
		}
		dims = dims[:prev+1]
	}
	return dims
}

// lanes is the number of elements in an AVX2 vector of T.
func lanes[T float]() int {
	var z T
	return 32 / int(unsafe.Sizeof(z))
}

// cascadeSum adds the input into out following dims (see reductionDims).
func cascadeSum[T float](out, in []T, dims []redDim) {
	switch len(dims) {
	case 0:
		out[0] += in[0]
		return
	case 1:
		dims = append(dims, redDim{size: 1})
	}
	d0, d1, rest := dims[0], dims[1], dims[2:]
	if len(rest) == 0 {
		sum2d(out, in, d0, d1)
		return
	}
	idx := make([]int, len(rest))
	oi, ii := 0, 0
	for {
		sum2d(out[oi:], in[ii:], d0, d1)
		k := 0
		for ; k < len(rest); k++ {
			idx[k]++
			oi += rest[k].out
			ii += rest[k].in
			if idx[k] < rest[k].size {
				break
			}
			oi -= rest[k].out * rest[k].size
			ii -= rest[k].in * rest[k].size
			idx[k] = 0
		}
		if k == len(rest) {
			return
		}
	}
}

// sum2d is the two-dimensional inner loop of PyTorch's cascade_sum.
func sum2d[T float](out, in []T, d0, d1 redDim) {
	if d0.out != 0 && d1.out == 0 {
		d0, d1 = d1, d0
	}
	if d0.out != 0 && d1.out != 0 {
		// Not a reduction: plain elementwise accumulation.
		for j := 0; j < d1.size; j++ {
			for i := 0; i < d0.size; i++ {
				out[j*d1.out+i*d0.out] += in[j*d1.in+i*d0.in]
			}
		}
		return
	}
	w := lanes[T]()
	n, m := d0.size, d1.size
	switch {
	case d0.in == 1 && n >= w:
		// Contiguous rows: vectorised inner sum.
		for j := 0; j < m; j++ {
			out[j*d1.out] += innerVecSum(in[j*d1.in:], n, w)
		}
	case d1.in == 1 && m >= w:
		// Contiguous columns: vectorised outer sum, a cascade per column,
		// columnsAtOnce of them side by side.
		full := m / (4 * w) * (4 * w)
		var sums [columnsAtOnce]T
		for j := 0; j < full; j += columnsAtOnce {
			cascadeColumns(sums[:], in, j, d0.in, n)
			for c, v := range sums {
				out[(j+c)*d1.out] += v
			}
		}
		for j := full; j < m; j++ {
			out[j*d1.out] += ilpRow(in, j, d0.in, n)
		}
	case d0.in < d1.in:
		for j := 0; j < m; j++ {
			out[j*d1.out] += ilpRow(in, j*d1.in, d0.in, n)
		}
	default:
		full := m / 4 * 4
		for j := 0; j < m; j++ {
			if j < full {
				out[j*d1.out] += cascadeRow(in, j*d1.in, d0.in, n)
			} else {
				out[j*d1.out] += ilpRow(in, j*d1.in, d0.in, n)
			}
		}
	}
}

// innerVecSum sums n contiguous elements as w-lane vectors plus a tail. It
// is ilpRow applied to every lane (vectors i, i+4, i+8, ... per accumulator),
// computed in one pass: a row of 4 vectors is 4w independent cascades.
func innerVecSum[T float](x []T, n, w int) T {
	nv := n / w
	m := nv / 4
	if m == 0 {
		return shortVecSum(x, n, w)
	}
	rw := 4 * w // elements per row of 4 vectors
	var accBuf [4][32]T
	acc := [4][]T{accBuf[0][:rw], accBuf[1][:rw], accBuf[2][:rw], accBuf[3][:rw]}
	const levels = 4
	power := max(4, ceilLog2(m)/levels)
	step := 1 << power
	mask := step - 1
	i := 0
	for i+step <= m {
		for j := 0; j < step; j++ {
			row := x[i*rw : i*rw+rw]
			a0 := acc[0]
			for k := range a0 {
				a0[k] += row[k]
			}
			i++
		}
		for j := 1; j < levels; j++ {
			hi, lo := acc[j], acc[j-1]
			for k := range hi {
				hi[k] += lo[k]
				lo[k] = 0
			}
			if i&(mask<<(j*power)) != 0 {
				break
			}
		}
	}
	for ; i < m; i++ {
		row := x[i*rw : i*rw+rw]
		a0 := acc[0]
		for k := range a0 {
			a0[k] += row[k]
		}
	}
	p := acc[0]
	for j := 1; j < levels; j++ {
		for k := range p {
			p[k] += acc[j][k]
		}
	}
	// p[r*w+l] is accumulator r of lane l. Leftover vectors go to
	// accumulator 0, then the four are added in order.
	for v := m * 4; v < nv; v++ {
		for l := 0; l < w; l++ {
			p[l] += x[v*w+l]
		}
	}
	var s T
	for k := nv * w; k < n; k++ {
		s += x[k]
	}
	for l := 0; l < w; l++ {
		s += p[l] + p[w+l] + p[2*w+l] + p[3*w+l]
	}
	return s
}

// shortVecSum is innerVecSum for rows of fewer than four vectors (a loss
// over 20 points), where the cascades stay empty: only accumulator 0 sees
// the leftover vectors. It skips clearing the cascade buffers, but adds the
// same numbers in the same order, empty accumulators included.
func shortVecSum[T float](x []T, n, w int) T {
	var p [8]T // accumulator 0, one entry per lane (w <= 8)
	nv := n / w
	for v := 0; v < nv; v++ {
		for l := 0; l < w; l++ {
			p[l] += x[v*w+l]
		}
	}
	var s T
	for k := nv * w; k < n; k++ {
		s += x[k]
	}
	for l := 0; l < w; l++ {
		// + 0 stands for the three empty accumulators (it turns -0 into
		// +0 as they do).
		s += p[l] + 0
	}
	return s
}

// ilpRow is PyTorch's row_sum: the n elements x[off], x[off+stride], ... are
// split round-robin over four cascades, the leftovers go to the first, and
// the four are added in order.
func ilpRow[T float](x []T, off, stride, n int) T {
	m := n / 4
	var p [4]T
	if m > 0 {
		for k := 0; k < 4; k++ {
			p[k] = cascadeRow(x, off+k*stride, 4*stride, m)
		}
	}
	for i := m * 4; i < n; i++ {
		p[0] += x[off+i*stride]
	}
	return p[0] + p[1] + p[2] + p[3]
}

// cascadeRow is PyTorch's multi_row_sum for one row: four levels of
// accumulators, where level j absorbs level j-1 every 16^j elements (the
// step grows for very long rows), so only similar-sized numbers are added.
func cascadeRow[T float](x []T, off, stride, n int) T {
	const levels = 4
	power := max(4, ceilLog2(n)/levels)
	step := 1 << power
	mask := step - 1
	var acc [levels]T
	i := 0
	for i+step <= n {
		for j := 0; j < step; j++ {
			acc[0] += x[off+i*stride]
			i++
		}
		for j := 1; j < levels; j++ {
			acc[j] += acc[j-1]
			acc[j-1] = 0
			if i&(mask<<(j*power)) != 0 {
				break
			}
		}
	}
	for ; i < n; i++ {
		acc[0] += x[off+i*stride]
	}
	for j := 1; j < levels; j++ {
		acc[0] += acc[j]
	}
	return acc[0]
}

// columnsAtOnce is how many columns cascadeColumns sums side by side; the
// outer sum's full columns come in multiples of 4 vectors (32 float32 or
// 16 float64), so it divides them.
const columnsAtOnce = 16

// cascadeColumns is cascadeRow for the len(sums) adjacent columns that
// start at element off, each row stride elements after the last: the same
// additions in the same order per column, the columns' chains interleaved
// so that they do not wait on each other (one column alone is a chain of
// dependent additions, and the bias gradient of a layer is one per unit).
func cascadeColumns[T float](sums []T, x []T, off, stride, n int) {
	const levels = 4
	const b = columnsAtOnce
	power := max(4, ceilLog2(n)/levels)
	step := 1 << power
	mask := step - 1
	var acc [levels][b]T
	i := 0
	for i+step <= n {
		for j := 0; j < step; j++ {
			row := x[off+i*stride : off+i*stride+b]
			for c, v := range row {
				acc[0][c] += v
			}
			i++
		}
		for j := 1; j < levels; j++ {
			for c := range b {
				acc[j][c] += acc[j-1][c]
				acc[j-1][c] = 0
			}
			if i&(mask<<(j*power)) != 0 {
				break
			}
		}
	}
	for ; i < n; i++ {
		row := x[off+i*stride : off+i*stride+b]
		for c, v := range row {
			acc[0][c] += v
		}
	}
	for c := range sums[:b] {
		s := acc[0][c]
		for j := 1; j < levels; j++ {
			s += acc[j][c]
		}
		sums[c] = s
	}
}

// ceilLog2 is PyTorch's CeilLog2: 1 for n <= 2, else ceil(log2(n)).
func ceilLog2(n int) int {
	if n <= 2 {
		return 1
	}
	return bits.Len(uint(n - 1))
}
