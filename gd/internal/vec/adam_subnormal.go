package vec

import "math"

// Adam's first moment of a weight that stops getting gradient (a ReLU unit
// that died, a padding embedding) decays by beta1 each step: from 1e-3 it
// falls below float32's smallest normal number, 2^-126, within about 800
// steps, and spends the next 200 or so among the subnormals before it
// reaches zero. x86 processors compute with subnormal float32 values
// correctly but through a microcode assist of a hundred cycles or more per
// instruction, so for those steps AdamStep32's vector loop runs about twenty
// times slower; in a ReLU network trained with Adam most of the first
// layer's moments can be there at once. PyTorch pays the same (it does not
// flush subnormals to zero unless asked).
//
// Flushing them to zero would change the numbers. Instead, elements whose
// gradient is zero and whose first moment is tiny take deadStep, which
// computes the same float32 operations in float64 and rounds each result
// to float32 itself (round32), so no float32 instruction ever sees or makes
// a subnormal. Each operation is one float64 multiply, divide, add or
// square root of float32 operands followed by one rounding to float32;
// float64 carries more than twice float32's bits plus two, so that double
// rounding gives the correctly rounded float32 result (Figueroa, "When is
// double rounding innocuous?", 1995), subnormal results included. The two
// fused multiply-adds need no such argument here: with a zero gradient
// their products are exact zeros, so each is an exact addition of ±0.

// tinyMoment returns the bit pattern below which a nonzero first moment
// sends an element with a zero gradient to the dead-lane path: twice the
// moment at which m·beta1 or negStep·m would fall below 2^-126, so that
// the hardware loop keeps every moment it can step without a subnormal
// (the quotient by the denominator may still underflow there, rarely:
// correct, only slower). Between 2^-126 and 2^-60.
func tinyMoment(b1, negStep float32) uint32 {
	f := 1.0
	for _, x := range []float64{float64(b1), math.Abs(float64(negStep))} {
		if x > 0 {
			f = min(f, x)
		}
	}
	t := min(max(0x1p-125/f, 0x1p-126), 0x1p-60)
	return math.Float32bits(float32(t))
}

// deadLane reports whether the element with gradient g and first moment m
// takes the dead-lane path. It tests bits, not values: comparing a
// subnormal float would itself be slow.
func deadLane(g, m float32, tiny uint32) bool {
	mb := math.Float32bits(m) &^ (1 << 31)
	return math.Float32bits(g)&^(1<<31) == 0 && mb != 0 && mb < tiny
}

// deadStep is one Adam step on one element, with the operations of
// AdamStep32 in its order, computed without float32 subnormal arithmetic.
func deadStep(p, g, m, v *float32, s *adamScalars) {
	gd := wide(*g)
	t1 := round32(wide(*m) * wide(s.b1))
	mm := round32(wide(s.c1)*gd + wide(t1))
	u := round32(wide(s.c2) * gd)
	t2 := round32(wide(*v) * wide(s.b2))
	vv := round32(wide(u)*gd + wide(t2))
	r := round32(math.Sqrt(wide(vv)))
	d := round32(wide(round32(wide(r)/wide(s.bc2))) + wide(s.eps))
	q := round32(wide(round32(wide(s.negStep)*wide(mm))) / wide(d))
	*m, *v = mm, vv
	*p = round32(wide(*p) + wide(q))
}

// wide converts x to float64 exactly; a subnormal goes through its
// integer significand instead of a float32 instruction.
func wide(x float32) float64 {
	b := math.Float32bits(x)
	if b&0x7f800000 != 0 {
		return float64(x)
	}
	w := float64(b&0x7fffff) * 0x1p-149
	if b>>31 != 0 {
		w = -w
	}
	return w
}

// round32 rounds x to the nearest float32, ties to even, as a float32
// operation whose exact result is x would. A result below the smallest
// normal is rounded on the subnormal grid (multiples of 2^-149) with
// integer arithmetic.
func round32(x float64) float32 {
	a := math.Abs(x)
	if !(a < 0x1p-126) {
		return float32(x) // normal, infinite or NaN
	}
	k := uint32(math.RoundToEven(a * 0x1p149)) // at most 2^23: the smallest normal
	if math.Signbit(x) {
		k |= 1 << 31
	}
	return math.Float32frombits(k)
}

// deadScalars are adamDead4AVX2's constants, each broadcast to four
// float64 lanes (offsets fixed by the assembly).
type deadScalars struct {
	b1, c1, b2, c2, bc2, eps, negStep     [4]float64
	abs, sign, tiny, grid, up149, down149 [4]float64
	exp32, frac32, sign32                 [8]uint32
	abs32, tiny32, atLeast32, inf32       [8]uint32 // for the eligibility test
	b2f, c2f, bc2f, epsf                  [8]float32
	b1f, c1f, negStepf                    [8]float32
}

// The vector path takes a dead lane whose v is finite and zero or at least
// 2^-90, so that v·beta2 and the denominator built from it are normal
// floats; the assembly tests that itself.

// newDeadScalars prepares the vector dead-lane path's constants, or returns
// nil when a hyperparameter is outside what it handles (a subnormal or
// infinite one, or a beta2 so small that v·beta2 could underflow); those
// steps use deadStep alone.
func newDeadScalars(s *adamScalars) *deadScalars {
	plain := func(x float32) bool {
		b := math.Float32bits(x) & 0x7fffffff
		return b == 0 || (b >= 1<<23 && b < 0x7f800000)
	}
	if !plain(s.b1) || !plain(s.c1) || !plain(s.b2) || !plain(s.c2) || !plain(s.eps) || !plain(s.negStep) ||
		!(s.bc2 > 0) || !plain(s.bc2) || (s.b2 != 0 && math.Abs(float64(s.b2)) < 0x1p-30) {
		return nil
	}
	d := new(deadScalars)
	for i := range 8 {
		d.exp32[i], d.frac32[i], d.sign32[i] = 0x7f800000, 0x7fffff, 1<<31
		d.abs32[i], d.tiny32[i], d.atLeast32[i], d.inf32[i] = 1<<31-1, s.tiny, (127-90)<<23-1, 0x7f800000
		d.b2f[i], d.c2f[i], d.bc2f[i], d.epsf[i] = s.b2, s.c2, s.bc2, s.eps
		d.b1f[i], d.c1f[i], d.negStepf[i] = s.b1, s.c1, s.negStep
	}
	for i := range 4 {
		d.b1[i], d.c1[i], d.b2[i], d.c2[i] = float64(s.b1), float64(s.c1), float64(s.b2), float64(s.c2)
		d.bc2[i], d.eps[i], d.negStep[i] = float64(s.bc2), float64(s.eps), float64(s.negStep)
		d.abs[i], d.sign[i] = math.Float64frombits(1<<63-1), math.Float64frombits(1<<63)
		d.tiny[i], d.grid[i], d.up149[i], d.down149[i] = 0x1p-126, 0x1p-97, 0x1p149, 0x1p-149
	}
	return d
}
