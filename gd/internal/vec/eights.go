package vec

// The assembly kernels of Exp32 and Log32 take a multiple of eight values.
const (
	expKernel = iota
	logKernel
)

// inEights runs kernel over dst and src (at least as long): the whole
// blocks of eight directly, the last one to seven values through a block
// on the stack. (The kernel is named, not passed as a func value, so that
// the block does not escape to the heap.)
func inEights(dst, src []float32, kernel int) {
	n := len(dst)
	whole := n &^ 7
	if whole > 0 {
		eights(dst[:whole], src[:whole], kernel)
	}
	if whole < n {
		var buf [8]float32
		copy(buf[:], src[whole:n])
		eights(buf[:], buf[:], kernel)
		copy(dst[whole:n], buf[:])
	}
}

func eights(dst, src []float32, kernel int) {
	if kernel == expKernel {
		exp32AVX2(dst, src, &expConstants)
	} else {
		log32AVX2(dst, src, &logConstants)
	}
}
