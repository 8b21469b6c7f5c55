package vec

// SoftmaxRows32 writes the softmax of each row of size elements of x into
// out (the log-softmax if log is set), with the bits of PyTorch 1.13's
// kernels along the last dim. len(x) must be a multiple of size and out
// at least as long. Its order of operations:
//
//	m = max(row)                      NaN if the row has one
//	e = exp(x - m)                    Exp32, PyTorch's exp
//	s = Σ e                           reduce_all's order (reduceSum32)
//	softmax:     e · (1/s)
//	log-softmax: (x - m) - log(s)     Log32, PyTorch's log
//
// Rows are taken a block at a time, the block's shifted logits through one
// Exp32, so that a block stays in cache across the passes. With AVX2 and
// FMA, rows of eight or more go through assembly doing the same operations.
func SoftmaxRows32(out, x []float32, size int, log bool) {
	checkRows("SoftmaxRows32", len(x), size, len(out))
	out = out[:len(x)]
	per := min(max(1, softmaxBlock/size), softmaxBlockRows) * size
	for lo := 0; lo < len(x); lo += per {
		hi := min(len(x), lo+per)
		softmaxBlock32(out[lo:hi], x[lo:hi], size, log)
	}
}

const (
	// softmaxBlock is about how many elements a block of rows holds:
	// small enough to stay in L1 between passes.
	softmaxBlock = 2048
	// softmaxBlockRows bounds the rows of a block, whose maxima and sums
	// are kept on the stack.
	softmaxBlockRows = 64
)

// softmaxAVX2 says whether the row kernels have their assembly path;
// tests turn it off.
var softmaxAVX2 = hasFMA

func checkRows(op string, n, size, out int) {
	if size <= 0 || n%size != 0 || out < n {
		panic("vec: " + op + ": the input is not whole rows of the given size, or out is shorter")
	}
}

// tailMasks holds eight set lanes then eight clear: tailMask(t) is the
// eight lanes from 8-t, the first t set.
var tailMasks = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}

func tailMask(size int) *[8]int32 {
	t := size % 8
	return (*[8]int32)(tailMasks[8-t : 16-t])
}

func softmaxBlock32(out, x []float32, size int, log bool) {
	var maxes, sums [softmaxBlockRows]float32
	rows := len(x) / size
	asm := softmaxAVX2 && size >= 8
	if asm {
		rowMaxShift8(out, x, size, maxes[:rows], tailMask(size))
	} else {
		for r := range rows {
			row, o := x[r*size:(r+1)*size], out[r*size:(r+1)*size]
			m := row[0]
			for _, v := range row[1:] {
				m = max(m, v)
			}
			maxes[r] = m
			for k, v := range row {
				o[k] = v - m
			}
		}
	}
	Exp32(out, out)
	if asm {
		rowSums8(sums[:rows], out, size, tailMask(size))
	} else {
		for r := range rows {
			sums[r] = reduceSum32(out[r*size : (r+1)*size])
		}
	}
	if log {
		Log32(sums[:rows], sums[:rows])
	} else {
		for r, s := range sums[:rows] {
			sums[r] = 1 / s
		}
	}
	switch {
	case asm && log:
		rowShiftSub8(out, x, size, maxes[:rows], sums[:rows], tailMask(size))
	case asm:
		rowScale8(out, size, sums[:rows], tailMask(size))
	case log:
		for r := range rows {
			row, o, m, ls := x[r*size:(r+1)*size], out[r*size:(r+1)*size], maxes[r], sums[r]
			for k, v := range row {
				o[k] = v - m - ls
			}
		}
	default:
		for r := range rows {
			o, inv := out[r*size:(r+1)*size], sums[r]
			for k := range o {
				o[k] *= inv
			}
		}
	}
}

// SoftmaxGradRows32 writes the input gradient of softmax (or log-softmax)
// along the last dim into out, for rows of size elements of the output
// gradient g and the forward result y, as PyTorch's compiled kernels
// compute it (their compiler fuses a multiply and an add; so does this):
//
//	softmax:     s = Σ g·y (the first eight products rounded, later ones
//	             fused into the lanes' sums); (g - s)·y
//	log-softmax: s = Σ g; g - exp(y)·s, the product and difference fused
//
// g and y must have len(out) elements, out whole rows. out may be g
// itself (the gradient is then computed in place); otherwise it must not
// overlap g or y.
func SoftmaxGradRows32(out, g, y []float32, size int, log bool) {
	checkRows("SoftmaxGradRows32", len(out), size, len(out))
	if len(g) != len(out) || len(y) != len(out) {
		panic("vec: SoftmaxGradRows32: g and y must be as long as out")
	}
	if len(out) == 0 {
		return
	}
	asm := softmaxAVX2 && size >= 8
	per := max(1, softmaxBlock/size) * size
	if log && &out[0] == &g[0] && per <= softmaxBlock {
		logSoftmaxGradInPlace(g, y, size, asm)
		return
	}
	for lo := 0; lo < len(out); lo += per {
		hi := min(len(out), lo+per)
		o, gs, ys := out[lo:hi], g[lo:hi], y[lo:hi]
		switch {
		case log && &out[0] == &g[0]: // rows longer than a block
			e := make([]float32, hi-lo)
			Exp32(e, ys)
			logSoftmaxGrad(o, e, gs, size, asm)
		case log:
			Exp32(o, ys) // exp(y) into out, then out = g - out·s
			logSoftmaxGrad(o, o, gs, size, asm)
		case asm:
			softmaxGradRows8(o, gs, ys, size, tailMask(size))
		default:
			softmaxGradGo(o, gs, ys, size)
		}
	}
}

// logSoftmaxGradInPlace is log-softmax backward into g itself, block by
// block, with exp(y) on the stack.
func logSoftmaxGradInPlace(g, y []float32, size int, asm bool) {
	var e [softmaxBlock]float32
	per := max(1, softmaxBlock/size) * size
	for lo := 0; lo < len(g); lo += per {
		hi := min(len(g), lo+per)
		Exp32(e[:hi-lo], y[lo:hi])
		logSoftmaxGrad(g[lo:hi], e[:hi-lo], g[lo:hi], size, asm)
	}
}

func logSoftmaxGrad(dst, e, g []float32, size int, asm bool) {
	if asm {
		logSoftmaxGradRows8(dst, e, g, size, tailMask(size))
		return
	}
	logSoftmaxGradGo(dst, e, g, size)
}

// logSoftmaxGradGo is dst = g - e·s per row (s = Σ g), dst possibly e or g.
func logSoftmaxGradGo(dst, e, g []float32, size int) {
	for r := 0; r < len(dst); r += size {
		dr, er, gr := dst[r:r+size], e[r:r+size], g[r:r+size]
		s := reduceSum32(gr)
		for k, v := range gr {
			dr[k] = FMA32(-er[k], s, v)
		}
	}
}

// softmaxGradGo is out = (g - Σ g·y)·y per row, out possibly g.
func softmaxGradGo(out, g, y []float32, size int) {
	for r := 0; r < len(out); r += size {
		or, gr, yr := out[r:r+size], g[r:r+size], y[r:r+size]
		s := dotReduce32(gr, yr)
		for k, v := range gr {
			or[k] = (v - s) * yr[k]
		}
	}
}

// reduceSum32 adds x (at least one value) in the order of PyTorch's
// vectorised reduce_all: the first eight values are eight lanes, later
// values are added lane by lane (a partial last block into the first
// lanes), then the lanes pairwise (lanesSum32); fewer than eight values
// are added left to right.
func reduceSum32(x []float32) float32 {
	if len(x) < 8 {
		s := x[0]
		for _, v := range x[1:] {
			s += v
		}
		return s
	}
	var acc [8]float32
	copy(acc[:], x[:8])
	x = x[8:]
	for len(x) >= 8 {
		for l := range acc {
			acc[l] += x[l]
		}
		x = x[8:]
	}
	for l, v := range x {
		acc[l] += v
	}
	return lanesSum32(&acc)
}

// lanesSum32 adds eight lanes as PyTorch's AVX2 reduction does: halves,
// then pairs, then neighbours.
func lanesSum32(a *[8]float32) float32 {
	return ((a[0] + a[4]) + (a[2] + a[6])) + ((a[1] + a[5]) + (a[3] + a[7]))
}

// dotReduce32 is Σ g·y in the order of PyTorch's map2_reduce_all as its
// compiled kernel runs it: the first eight products rounded, later ones
// fused into the lanes' sums; fewer than eight values add their rounded
// products left to right.
func dotReduce32(g, y []float32) float32 {
	y = y[:len(g)]
	if len(g) < 8 {
		s := g[0] * y[0]
		for k := 1; k < len(g); k++ {
			s += g[k] * y[k]
		}
		return s
	}
	var acc [8]float32
	for l := range acc {
		acc[l] = g[l] * y[l]
	}
	for d := 8; d < len(g); d += 8 {
		for l := 0; l < 8 && d+l < len(g); l++ {
			acc[l] = FMA32(g[d+l], y[d+l], acc[l])
		}
	}
	return lanesSum32(&acc)
}
