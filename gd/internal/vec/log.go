package vec

import "math"

// Log32 writes the natural logarithm of src[i] into dst[i] for every i <
// len(dst), with the bits PyTorch 1.13's vectorised float32 log gives
// (SLEEF's logf, 1-ulp accuracy, which rounds a few values in a thousand
// differently from the correctly rounded log). dst and src may be the
// same slice; src must have at least len(dst) elements.
//
// The algorithm, in float32 with fused multiply-adds: d = 2**e · m with m
// in [0.75, 1.5); x = (m-1)/(m+1) as a pair of floats (value and
// remainder), so that log(m) = 2·atanh(x) = 2x + x³·P(x²) keeps about
// 32 bits; e·ln2 is added in the same double-float arithmetic, and the
// pair is rounded once at the end. log(0) = -Inf, log of a negative
// number or NaN is NaN, log(+Inf) = +Inf; subnormal inputs are scaled up
// by 2**64 first.
func Log32(dst, src []float32) {
	if len(src) < len(dst) {
		panic("vec: Log32: src is shorter than dst")
	}
	if !logAVX2 {
		for i, x := range src[:len(dst)] {
			dst[i] = log32One(x)
		}
		return
	}
	inEights(dst, src, logKernel)
}

// logAVX2 says whether Log32 has its assembly path; tests turn it off.
var logAVX2 = hasFMA

// The constants of SLEEF's logf: ln2 as a float32 and the rest, and the
// coefficients of P.
const (
	logLn2Hi float32 = 0.69314718246459960938
	logLn2Lo float32 = -1.904654323148236017e-09
	logC0    float32 = 0.3027294874
	logC1    float32 = 0.3996108174
	logC2    float32 = 0.6666694880
)

// logConsts are the assembly's constants, eight lanes of each; the field
// offsets (32 bytes apart, in this order) are written into log_amd64.s.
type logConsts struct {
	minNormal, two64, fourThirds, ln2Hi, ln2Lo, negOne, one, c0, c1, c2, inf, zero, nan, negInf [8]float32
	expMask, expBias, sixtyFour                                                                 [8]int32
}

var logConstants = logConsts{
	minNormal: eight(float32(0x1p-126)), two64: eight(float32(0x1p64)), fourThirds: eight(float32(1.0 / 0.75)),
	ln2Hi: eight(logLn2Hi), ln2Lo: eight(logLn2Lo), negOne: eight(float32(-1)), one: eight(float32(1)),
	c0: eight(logC0), c1: eight(logC1), c2: eight(logC2),
	inf: eight(float32(math.Inf(1))), nan: eight(math.Float32frombits(0x7fc00000)), negInf: eight(float32(math.Inf(-1))),
	expMask: eight(int32(0xff)), expBias: eight(int32(0x7f)), sixtyFour: eight(int32(64)),
}

// log32One is Log32's portable path for one value, and the definition the
// assembly follows operation for operation.
func log32One(d float32) float32 {
	tiny := d < 0x1p-126
	if tiny {
		d *= 0x1p64
	}
	e := int32(math.Float32bits(d*(1.0/0.75))>>23&0xff) - 0x7f
	m := math.Float32frombits(math.Float32bits(d) - uint32(e)<<23)
	if tiny {
		e -= 64
	}
	ef := float32(e)

	// s = e·ln2 as a pair.
	sx := logLn2Hi * ef
	sy := FMA32(logLn2Lo, ef, FMA32(logLn2Hi, ef, -sx))

	// x = (m-1)/(m+1) as a pair: both sums exactly, then the quotient
	// with its remainder.
	nx, ny := twoSum32(-1, m)
	dx, dy := twoSum32(1, m)
	t := 1 / dx
	xx := nx * t
	u := FMA32(t, nx, -xx)
	v := FMA32(-dy, t, FMA32(-dx, t, 1))
	xy := FMA32(xx, v, FMA32(ny, t, u))

	x2 := xx * xx
	p := FMA32(FMA32(logC0, x2, logC1), x2, logC2)

	// s + 2x, then + x³·P, then the pair rounded to one float.
	yx, yy := xx*2, xy*2
	s1 := sx + yx
	s1y := (sx - s1) + yx + sy + yy
	w := x2 * xx * p
	s2 := s1 + w
	s2y := (s1 - s2) + w + s1y
	r := s2 + s2y

	switch {
	case math.IsInf(float64(d), 1):
		return float32(math.Inf(1))
	case d < 0 || d != d:
		return math.Float32frombits(0x7fc00000)
	case d == 0:
		return float32(math.Inf(-1))
	}
	return r
}

// twoSum32 returns a+b rounded and the exact rounding error (Knuth's
// two-sum, in SLEEF's order of operations).
func twoSum32(a, b float32) (s, err float32) {
	s = a + b
	v := s - a
	return s, (a - (s - v)) + (b - v)
}
