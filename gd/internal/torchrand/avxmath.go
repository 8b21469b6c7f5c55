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
// vaddps. Products are wrapped in float32(...) so that Go never fuses them
// on its own.

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

// lanes holds the 8 float32 lanes of one AVX register. The functions below
// apply each step to all lanes before the next step, as the vector code
// does; besides mirroring it, that lets the processor overlap the 8
// independent dependency chains.
type lanes [8]float32

// logPS is log256_ps.
func logPS(x lanes) lanes {
	var e, tmp, eq1 lanes
	var invalid [8]bool
	for i, v := range x {
		invalid[i] = v <= 0                          // _CMP_LE_OS: false for NaN
		if !(v > math.Float32frombits(minNormPos)) { // vmaxps keeps the constant for NaN too
			v = math.Float32frombits(minNormPos)
		}
		bits := math.Float32bits(v)
		// Exponent and mantissa: v = m·2^e with m in [0.5, 1).
		ei := float32(int32(bits>>23) - 0x7f)
		ei = ei + 1
		m := math.Float32frombits(bits&^0x7f800000 | 0x3f000000)
		// If m < sqrt(1/2), use 2m-1 and e-1 so the argument stays near zero.
		var t, one float32
		if m < sqrtHalf {
			t, one = m, 1
		}
		m = m - 1
		ei = ei - one
		e[i], eq1[i] = ei, float32(ei*logQ1)
		x[i], tmp[i] = m, t
	}
	for i := range x {
		x[i] = tmp[i] + x[i]
	}

	var y, z lanes
	for i := range y {
		y[i] = fma32(logP0, x[i], logP1)
	}
	for _, p := range [...]float32{logP2, logP3, logP4, logP5, logP6, logP7, logP8} {
		for i := range y {
			y[i] = fma32(y[i], x[i], p)
		}
	}
	for i := range y {
		z[i] = float32(x[i] * x[i])
		y[i] = float32(x[i] * y[i])
	}
	for i := range y {
		y[i] = fma32(y[i], z[i], eq1[i])
	}
	for i := range y {
		y[i] = fma32(-z[i], 0.5, y[i])
	}
	for i := range x {
		x[i] = x[i] + y[i]
	}
	for i := range x {
		x[i] = fma32(e[i], logQ2, x[i])
		if invalid[i] {
			x[i] = math.Float32frombits(0xffffffff) // all-ones mask OR-ed in: NaN
		}
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

// sincosPS is sincos256_ps.
func sincosPS(x lanes) (sin, cos lanes) {
	var signSin, signCos [8]uint32
	var usePolySin [8]bool
	var yf, r lanes
	for i, v := range x {
		bits := math.Float32bits(v)
		ax := math.Float32frombits(bits &^ 0x80000000)
		j := cvttps(float32(ax * fourOverPi))
		j = (j + 1) &^ 1 // round the octant up to even
		yf[i] = float32(j)
		usePolySin[i] = j&2 == 0 // which polynomial gives the sine
		signSin[i] = bits&0x80000000 ^ uint32(j&4)<<29
		signCos[i] = uint32(^(j-2)&4) << 29
		r[i] = ax
	}
	// Extended-precision reduction: r = ((|x| - y·DP1) - y·DP2) - y·DP3.
	for _, dp := range [...]float32{minusDP1, minusDP2, minusDP3} {
		for i := range r {
			r[i] = fma32(yf[i], dp, r[i])
		}
	}
	var z, yc, ys lanes
	for i := range z {
		z[i] = float32(r[i] * r[i])
	}
	// Cosine polynomial: 1 - z/2 + z²·P(z).
	for i := range yc {
		yc[i] = fma32(z[i], cosP0, cosP1)
	}
	for i := range yc {
		yc[i] = fma32(z[i], yc[i], cosP2)
	}
	for i := range yc {
		half := float32(z[i] * 0.5)
		yc[i] = fma32(float32(z[i]*yc[i]), z[i], -half)
	}
	// Sine polynomial: r + r·z·Q(z).
	for i := range ys {
		ys[i] = fma32(sinP0, z[i], sinP1)
	}
	for i := range ys {
		ys[i] = fma32(z[i], ys[i], sinP2)
	}
	for i := range ys {
		yc[i] = yc[i] + 1
		ys[i] = fma32(float32(z[i]*ys[i]), r[i], r[i])
	}

	// The kernel selects with masks and adds, so zeros keep its signs.
	for i := range sin {
		var sin2, sin1 float32 // the sine's share of each polynomial
		if usePolySin[i] {
			sin2 = ys[i]
		} else {
			sin1 = yc[i]
		}
		s := sin2 + sin1
		c := (ys[i] - sin2) + (yc[i] - sin1)
		sin[i] = math.Float32frombits(math.Float32bits(s) ^ signSin[i])
		cos[i] = math.Float32frombits(math.Float32bits(c) ^ signCos[i])
	}
	return sin, cos
}

// cvttps converts like vcvttps2dq: truncate toward zero, and the "integer
// indefinite" 0x80000000 when the value is NaN or out of int32 range.
func cvttps(f float32) int32 {
	if !(f >= -2147483648.0 && f < 2147483648.0) {
		return math.MinInt32
	}
	return int32(f)
}
