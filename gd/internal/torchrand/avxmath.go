package torchrand

import "math"

// The float32 log, sin and cos of PyTorch's vectorised normal kernel. They
// are Julien Pommier's AVX ports of the Cephes single-precision routines
// (avx_mathfun.h), whose coefficients are Cephes' published ones. What makes
// the results bit-exact is reproducing how GCC compiled them for the AVX2
// kernel: it contracted most multiply-then-add pairs into fused
// multiply-adds, but not all of them. The pattern below was read from the
// instructions of the AVX2 kernel in Debian's libtorch_cpu.so 1.13; each
// fma32 is a vfmadd there, each plain float32 product or sum a vmulps or
// vaddps. Each function handles one lane of the 8-wide vector. Products
// are wrapped in float32(...) so that Go never fuses them on its own.

// Cephes logf: log(1+x) ≈ x - x²/2 + x³·P(x) on [sqrt(1/2)-1, sqrt(2)-1].
const (
	logP0 float32 = 7.0376836292e-2
	logP1 float32 = -1.1514610310e-1
	logP2 float32 = 1.1676998740e-1
	logP3 float32 = -1.2420140846e-1
	logP4 float32 = 1.4249322787e-1
	logP5 float32 = -1.6668057665e-1
	logP6 float32 = 2.0000714765e-1
	logP7 float32 = -2.4999993993e-1
	logP8 float32 = 3.3333331174e-1
	// ln 2 split in two so that e*ln2 keeps its precision: q2 has few bits.
	logQ1 float32 = -2.12194440e-4
	logQ2 float32 = 0.693359375

	sqrtHalf   float32 = 0.707106781186547524
	minNormPos         = 0x00800000 // smallest normal float32, as bits
)

// logPS is log256_ps for one lane.
func logPS(x float32) float32 {
	invalid := x <= 0                            // _CMP_LE_OS: false for NaN
	if !(x > math.Float32frombits(minNormPos)) { // vmaxps keeps the constant for NaN too
		x = math.Float32frombits(minNormPos)
	}
	bits := math.Float32bits(x)
	// Exponent and mantissa: x = m·2^e with m in [0.5, 1).
	e := float32(int32(bits>>23) - 0x7f)
	e = e + 1
	x = math.Float32frombits(bits&^0x7f800000 | 0x3f000000)
	// If m < sqrt(1/2), use 2m-1 and e-1 so the argument stays near zero.
	var tmp, one float32
	if x < sqrtHalf {
		tmp, one = x, 1
	}
	x = x - 1
	e = e - one
	eq1 := float32(e * logQ1)
	x = tmp + x

	y := fma32(logP0, x, logP1)
	y = fma32(y, x, logP2)
	y = fma32(y, x, logP3)
	y = fma32(y, x, logP4)
	y = fma32(y, x, logP5)
	y = fma32(y, x, logP6)
	y = fma32(y, x, logP7)
	y = fma32(y, x, logP8)
	z := float32(x * x)
	y = float32(x * y)
	y = fma32(y, z, eq1)
	y = fma32(-z, 0.5, y)
	x = x + y
	x = fma32(e, logQ2, x)
	if invalid {
		return math.Float32frombits(0xffffffff) // all-ones mask OR-ed in: NaN
	}
	return x
}

// Cephes sinf/cosf: reduce by multiples of π/4 (π/4 split in three parts,
// DP1+DP2+DP3), then one of two polynomials on [-π/4, π/4].
const (
	fourOverPi float32 = 1.27323954473516
	minusDP1   float32 = -0.78515625
	minusDP2   float32 = -2.4187564849853515625e-4
	minusDP3   float32 = -3.77489497744594108e-8

	cosP0 float32 = 2.443315711809948e-5
	cosP1 float32 = -1.388731625493765e-3
	cosP2 float32 = 4.166664568298827e-2

	sinP0 float32 = -1.9515295891e-4
	sinP1 float32 = 8.3321608736e-3
	sinP2 float32 = -1.6666654611e-1
)

// sincosPS is sincos256_ps for one lane.
func sincosPS(x float32) (sin, cos float32) {
	bits := math.Float32bits(x)
	signSin := bits & 0x80000000
	ax := math.Float32frombits(bits &^ 0x80000000)

	y := float32(ax * fourOverPi)
	j := cvttps(y)
	j = (j + 1) &^ 1 // round the octant up to even
	yf := float32(j)
	swapSignSin := uint32(j&4) << 29
	usePolySin := j&2 == 0 // which polynomial gives the sine
	signCos := uint32(^(j-2)&4) << 29
	signSin ^= swapSignSin

	// Extended-precision reduction: x = ((|x| - y·DP1) - y·DP2) - y·DP3.
	r := fma32(yf, minusDP1, ax)
	r = fma32(yf, minusDP2, r)
	r = fma32(yf, minusDP3, r)
	z := float32(r * r)

	// Cosine polynomial: 1 - z/2 + z²·P(z).
	yc := fma32(z, cosP0, cosP1)
	yc = fma32(z, yc, cosP2)
	half := float32(z * 0.5)
	yc = float32(z * yc)
	yc = fma32(yc, z, -half)
	// Sine polynomial: r + r·z·Q(z).
	ys := fma32(sinP0, z, sinP1)
	ys = fma32(z, ys, sinP2)
	yc = yc + 1
	ys = float32(z * ys)
	ys = fma32(ys, r, r)

	// The kernel selects with masks and adds, so zeros keep its signs.
	var sin2, sin1 float32 // the sine's share of each polynomial
	if usePolySin {
		sin2 = ys
	} else {
		sin1 = yc
	}
	ys = ys - sin2
	yc = yc - sin1
	s := sin2 + sin1
	c := ys + yc
	return math.Float32frombits(math.Float32bits(s) ^ signSin),
		math.Float32frombits(math.Float32bits(c) ^ signCos)
}

// cvttps converts like vcvttps2dq: truncate toward zero, and the "integer
// indefinite" 0x80000000 when the value is NaN or out of int32 range.
func cvttps(f float32) int32 {
	if !(f >= -2147483648.0 && f < 2147483648.0) {
		return math.MinInt32
	}
	return int32(f)
}
