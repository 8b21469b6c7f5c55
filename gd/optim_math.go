package gd

import "math"

// The optimizers' update rules are written element by element on the
// parameters' storage, in the order of PyTorch 1.13's single-tensor
// (foreach=False) CPU code, with each tensor op's rounding reproduced:
//
//	a.mul_(s)                  fl(a*s)               (s rounded to the dtype first)
//	a.add_(b, alpha=s)         fma(s, b, a)          one rounding, as the AVX2 kernel
//	a.addcmul_(b, c, value=s)  fma(fl(s*b), c, a)
//	a.addcdiv_(b, c, value=s)  a + fl(fl(s*b)/c)
//	a / s, a + s, a.sqrt()     one rounding each
//
// Python-side scalars (bias corrections, step sizes) are computed in float64
// as Python computes them and rounded to the tensor's dtype where the
// kernel receives them. Every product that must round on its own is
// wrapped in an explicit conversion, which stops the Go compiler from
// fusing it into a multiply-add.
//
// Where exactness rests on something the tests cannot pin down, it is
// stated here: float64 parameters follow the same order with float64
// fused multiply-adds (the fixtures are float32 only); Python's beta**step
// is C's pow, matched by a once-rounded power (powInt), which could differ
// from the C library only on a near-tie, and then by one ulp of a float64
// that is rounded to float32 before use.

// mulAdd returns a*b + c rounded once to T, like a fused multiply-add.
func mulAdd[T float](a, b, c T) T {
	if x, ok := any(a).(float32); ok {
		return T(exactFMA32(x, float32(b), float32(c)))
	}
	return T(math.FMA(float64(a), float64(b), float64(c)))
}

// exactFMA32 returns a*b + c rounded once to float32. The product of two
// float32 values is exact in float64, so the float64 sum is the exact
// result rounded once; rounding that again to float32 is right unless it
// landed exactly halfway between two float32 values, where the exact sum's
// error term decides the direction.
func exactFMA32(a, b, c float32) float32 {
	p, z := float64(a)*float64(b), float64(c)
	s := p + z
	r := float32(s)
	// Fast path: in float32's normal range, s is a tie only if the 29 bits
	// float32 drops from it are exactly 1000...0.
	if math.Abs(s) >= 0x1p-126 && math.Float64bits(s)&(1<<29-1) != 1<<28 {
		return r
	}
	if math.IsInf(float64(r), 0) || s != s {
		return r
	}
	// Error of the float64 addition (Knuth's TwoSum): p + z = s + e exactly.
	bv := s - p
	e := (p - (s - bv)) + (z - bv)
	d := s - float64(r)
	if e == 0 || d == 0 {
		return r
	}
	other := math.Nextafter32(r, float32(math.Copysign(math.Inf(1), d)))
	if 2*d != float64(other)-float64(r) {
		return r // s was not a tie: its rounding is the exact sum's
	}
	// s is a tie; the exact sum lies past it in e's direction.
	if (e > 0) == (d > 0) {
		return other
	}
	return r
}

// decayedGrad is the gradient every update rule starts from: negated with
// Maximize, plus weightDecay*p (PyTorch's grad.add(param, alpha=wd)).
func decayedGrad[T float](g *ParamGroup, grad, p, wd T) T {
	if g.Maximize {
		grad = -grad
	}
	if g.WeightDecay != 0 {
		grad = mulAdd(wd, p, grad)
	}
	return grad
}

// powInt returns x**n for n >= 0, rounded once: the product is carried in
// double-double, so the result is what C's pow (behind Python's **)
// returns for an integer exponent.
func powInt(x float64, n int) float64 {
	hi, lo := 1.0, 0.0
	bh, bl := x, 0.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			hi, lo = ddMul(hi, lo, bh, bl)
		}
		bh, bl = ddMul(bh, bl, bh, bl)
	}
	return hi + lo
}

// ddMul multiplies two double-double numbers (hi+lo).
func ddMul(ah, al, bh, bl float64) (hi, lo float64) {
	p := ah * bh
	e := math.FMA(ah, bh, -p)
	e += float64(ah*bl) + float64(al*bh)
	hi = p + e
	return hi, e - (hi - p)
}

// paramValues returns p's elements as a slice the update can write: p's
// storage when p is contiguous, else a copy (returned as tmp) that
// storeParam writes back.
func paramValues[T float](p *Tensor) (vals []T, tmp *Tensor) {
	if p.IsContiguous() {
		return storageOf[T](p), nil
	}
	tmp = p.detachedCopy(p.dtype)
	return storageOf[T](tmp), tmp
}

// storeParam ends an update of p: it writes a non-contiguous parameter's
// copy back and counts the in-place change.
func storeParam(p, tmp *Tensor) {
	if tmp != nil {
		p.Data().Copy_(tmp)
	}
	p.bumpVersion()
}

// gradValues returns g's elements in dtype T, contiguous (g itself when it
// already is).
func gradValues[T float](g *Tensor, d DType) []T {
	if g.dtype != d || !g.IsContiguous() {
		g = g.detachedCopy(d)
	}
	return storageOf[T](g)
}

// storageOf returns the storage slice of contiguous t, typed as T.
func storageOf[T float](t *Tensor) []T {
	n := t.Numel()
	var zero T
	if _, ok := any(zero).(float32); ok {
		return any(t.f32[t.offset : t.offset+n]).([]T)
	}
	return any(t.f64[t.offset : t.offset+n]).([]T)
}

// stateLike returns a new contiguous tensor of p's shape and dtype filled
// with v, for an optimizer's per-parameter state (moments, sums).
func stateLike(p *Tensor, v float64) *Tensor {
	t := p.detachedCopy(p.dtype)
	t.fill(v)
	return t
}

// sqrtT is the square root rounded once to T (the float64 root of a
// float32 value, rounded to float32, is the correctly rounded float32 root).
func sqrtT[T float](x T) T { return T(math.Sqrt(float64(x))) }
