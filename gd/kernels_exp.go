package gd

import "math"

// The softmax kernels spend most of their time in exp. For float32 they
// use exp32, a branch-light exp evaluated in float64 (a table of 2**(j/32)
// and a degree-4 polynomial) and rounded once to float32: within one
// float32 ulp of the exact value, and several times faster than math.Exp. PyTorch's vectorised expf is within one ulp
// too, and the two may round differently, which the fixture tests allow.

// expInto writes exp(src[i]) into dst[i] (src and dst may be the same slice).
func expInto[T float](dst, src []T) {
	switch d := any(dst).(type) {
	case []float32:
		exp32Slice(d, any(src).([]float32))
	case []float64:
		s := any(src).([]float64)
		s = s[:len(d)]
		for i, x := range s {
			d[i] = math.Exp(x)
		}
	}
}

// exp32 is e**x for a float32 x (see exp32Slice).
func exp32(x float32) float32 {
	v := [1]float32{x}
	exp32Slice(v[:], v[:])
	return v[0]
}

// exp32Slice writes e**src[i] into dst[i], correctly rounded but for rare
// ties: x = (32m + j)·ln2/32 + r with |r| <= ln2/64, so e**x = 2**m ·
// 2**(j/32) · e**r, the middle factor from a table and e**r from a short
// polynomial (relative error about 1e-12 before the final rounding). The
// loop body is written out here, not in a function, so that it is
// compiled inline.
func exp32Slice(dst, src []float32) {
	const scale, ln2by32 = 32 / math.Ln2, math.Ln2 / 32
	// Adding 1.5·2⁵² rounds to an integer, left in the low mantissa bits.
	const round = 0x1.8p52
	src = src[:len(dst)]
	for i, x := range src {
		switch {
		case x != x:
			dst[i] = x
			continue
		case x > 89:
			dst[i] = float32(math.Inf(1))
			continue
		case x < -104:
			dst[i] = 0
			continue
		}
		xd := float64(x)
		t := xd*scale + round
		k := int64(math.Float64bits(t) - math.Float64bits(round))
		r := xd - (t-round)*ln2by32
		p := 1 + r*(1+r*(1.0/2+r*(1.0/6+r*(1.0/24))))
		dst[i] = float32(p * exp2Table[k&31] * math.Float64frombits(uint64(k>>5+1023)<<52))
	}
}

// exp2Table holds 2**(j/32) for j = 0..31.
var exp2Table = func() (t [32]float64) {
	for j := range t {
		t[j] = math.Exp2(float64(j) / 32)
	}
	return t
}()
