package vec

import "math"

// Exp32 writes e**src[i] into dst[i] for every i < len(dst), with the bits
// PyTorch 1.13's vectorised float32 exp gives (SLEEF's expf, 1-ulp
// accuracy, which rounds about one value in ten differently from the
// correctly rounded exp). dst and src may be the same slice; src must have
// at least len(dst) elements.
//
// The algorithm, in float32 with fused multiply-adds: q = rint(x/ln2) and
// s = x - q·ln2 (ln2 split into two parts, so s keeps its low bits); e**s
// from a degree-6 polynomial evaluated by Horner's rule; then two
// multiplications by powers of two that add up to 2**q, so results near
// the underflow edge round once, to the subnormal they should be. Below
// -104 the result is 0, above 100 it is +Inf (the values in between
// overflow or underflow on their own), and NaN stays NaN.
func Exp32(dst, src []float32) {
	if len(src) < len(dst) {
		panic("vec: Exp32: src is shorter than dst")
	}
	if !expAVX2 {
		exp32Go(dst, src[:len(dst)])
		return
	}
	inEights(dst, src, expKernel)
}

// expAVX2 says whether Exp32 has its assembly path; tests turn it off.
var expAVX2 = hasFMA

// The constants of SLEEF's expf: 1/ln2, ln2 as a float32 with its low
// bits cleared plus the rest, and the polynomial's coefficients.
const (
	expInvLn2 float32 = 1.442695040888963407359924681001892137426645954152985934135449406931
	expLn2Hi  float32 = 0.693145751953125
	expLn2Lo  float32 = 1.428606765330187045e-06
	expC0     float32 = 0.000198527617612853646278381
	expC1     float32 = 0.00139304355252534151077271
	expC2     float32 = 0.00833336077630519866943359
	expC3     float32 = 0.0416664853692054748535156
	expC4     float32 = 0.166666671633720397949219
	expC5     float32 = 0.5
	expLow    float32 = -104
	expHigh   float32 = 100
)

// expConsts are the assembly's constants, eight lanes of each; the field
// offsets (32 bytes apart, in this order) are written into exp_amd64.s.
type expConsts struct {
	invLn2, negLn2Hi, negLn2Lo, c0, c1, c2, c3, c4, c5, one [8]float32
	bias                                                    [8]int32 // 127, the float32 exponent bias
	low, high, inf                                          [8]float32
}

func eight[T any](v T) [8]T { return [8]T{v, v, v, v, v, v, v, v} }

var expConstants = expConsts{
	invLn2: eight(expInvLn2), negLn2Hi: eight(-expLn2Hi), negLn2Lo: eight(-expLn2Lo),
	c0: eight(expC0), c1: eight(expC1), c2: eight(expC2), c3: eight(expC3), c4: eight(expC4), c5: eight(expC5),
	one: eight(float32(1)), bias: eight(int32(127)),
	low: eight(expLow), high: eight(expHigh), inf: eight(float32(math.Inf(1))),
}

// exp32Go is Exp32's portable path, and the definition the assembly
// follows operation for operation.
func exp32Go(dst, src []float32) {
	src = src[:len(dst)]
	for i, x := range src {
		dst[i] = exp32One(x)
	}
}

func exp32One(x float32) float32 {
	switch {
	case x != x:
		return x + x // quieted, as the vector arithmetic leaves it
	case x < expLow:
		return 0
	case x > expHigh:
		return float32(math.Inf(1))
	}
	q := int32(math.RoundToEven(float64(x * expInvLn2)))
	qf := float32(q)
	s := FMA32(qf, -expLn2Hi, x)
	s = FMA32(qf, -expLn2Lo, s)
	u := FMA32(expC0, s, expC1)
	u = FMA32(u, s, expC2)
	u = FMA32(u, s, expC3)
	u = FMA32(u, s, expC4)
	u = FMA32(u, s, expC5)
	u = 1 + FMA32(s*s, u, s)
	half := q >> 1
	return u * pow2i(half) * pow2i(q-half)
}

// pow2i is 2**e for -126 <= e <= 127, built from its bits.
func pow2i(e int32) float32 { return math.Float32frombits(uint32(e+127) << 23) }
