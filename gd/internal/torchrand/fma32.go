package torchrand

import "math"

// fma32 returns x*y+z rounded once to float32, like the vfmadd instructions
// of the AVX2 kernels. Go has no float32 FMA, and rounding a float64 result
// to float32 rounds twice, which is wrong in rare halfway cases.
//
// The product of two float32 values is exact in float64, so s = x*y+z in
// float64 is the exact value v rounded once. Every float32 rounding
// boundary (a midpoint between neighbouring float32 values) is itself a
// float64, and rounding is monotonic, so s and v lie on the same side of
// each boundary unless s lands exactly on one. Only then (or when the
// result is a float32 subnormal, whose boundaries sit elsewhere) does the
// slow path recover the exact error of s and round to odd first; the fast
// path is one multiply, one add and a mask test.
func fma32(x, y, z float32) float32 {
	s := float64(float64(x)*float64(y)) + float64(z) // the product is exact; the conversion forbids fusing
	// Slow path if s is a float32 midpoint, or below 2^-126 (bits 0x381...).
	if b := math.Float64bits(s); b&(1<<29-1) == 1<<28 || b&^(1<<63) < 0x3810000000000000 {
		return fma32Slow(x, y, z)
	}
	return float32(s)
}

// fma32Slow rounds x*y+z to float32 via round-to-odd: if the float64 sum s
// is inexact and its last bit is even, it moves one float64 step toward the
// exact value. A value rounded to odd with at least two bits more than the
// target rounds correctly to the target, subnormals included.
func fma32Slow(x, y, zf float32) float32 {
	p := float64(float64(x) * float64(y))
	z := float64(zf)
	s := p + z
	bv := s - p
	err := (p - (s - bv)) + (z - bv) // exact: p + z = s + err (Knuth's two-sum)
	if err != 0 && !math.IsNaN(err) && !math.IsInf(s, 0) {
		b := math.Float64bits(s)
		if b&1 == 0 {
			if (err > 0) == (s > 0) {
				b++ // away from zero
			} else {
				b--
			}
			s = math.Float64frombits(b)
		}
	}
	return float32(s)
}
