package vec

import "math"

// FMA32 is a·b + c rounded once to float32. The product of two float32
// values is exact in float64; the sum may round there, and a second
// rounding to float32 then goes wrong only when the float64 sum lands
// exactly halfway between two float32 values. The addition's exact error
// (Knuth's two-sum) says which way the true value lies, and moving the
// sum one float64 step that way breaks the false tie. Results in
// float32's subnormal range (below 2⁻¹²⁶ in magnitude) may still round
// twice. gd's float32 kernels use it where PyTorch's compiled code fuses a
// multiply and an add and no vectorised path is at hand.
func FMA32(a, b, c float32) float32 {
	p := float64(float64(a) * float64(b))
	s := p + float64(c)
	if math.Float64bits(s)&(1<<29-1) == 1<<28 {
		return fma32Tie(p, float64(c), s)
	}
	return float32(s)
}

// fma32Tie rounds s = p + c, which float64 rounding may have put exactly
// on a float32 tie, towards the side the exact sum lies on.
func fma32Tie(p, c, s float64) float32 {
	bv := s - p
	if err := (p - (s - bv)) + (c - bv); err != 0 {
		s = math.Nextafter(s, math.Copysign(math.Inf(1), err))
	}
	return float32(s)
}
