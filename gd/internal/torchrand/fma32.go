package torchrand

import "math"

// fma32 returns x*y+z rounded once to float32, like the vfmadd instructions
// of the AVX2 kernels. Go has no float32 FMA, and rounding math.FMA's
// float64 result to float32 would round twice, which is wrong in rare
// halfway cases.
//
// The product of two float32 values is exact in float64, so only the sum is
// inexact. Its rounding error is recovered exactly (Knuth's two-sum); when
// it is not zero, the float64 sum is moved to the odd neighbour on the side
// of the true value ("round to odd"). A number rounded to odd with at least
// two more bits than the target rounds correctly to the target, float32
// subnormals included.
func fma32(x, y, z float32) float32 {
	p := float64(float64(x) * float64(y)) // the conversion forbids fusing it into s
	zz := float64(z)
	s := p + zz
	bv := s - p
	err := (p - (s - bv)) + (zz - bv)
	if err != 0 && !math.IsNaN(err) { // NaN: s is infinite or NaN already
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
