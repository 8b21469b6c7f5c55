package torchrand

import (
	"math"
	"math/big"
	"sync"
)

// SincosCR returns sin x and cos x, each correctly rounded to float64 for
// |x| < 2^20 (beyond that it returns math.Sincos, which the samplers never
// need: their angles lie in [0, 2π)). It stands in for the C library's
// sincos when cgo is off (see libm.go).
//
// PyTorch's normal samplers call glibc's sin and cos, which are correctly
// rounded for all but about one input in a thousand; Go's math.Sincos
// differs from them in the last bit for about a quarter of the angles in
// [0, 2π). Like LogCR, SincosCR computes in double-double arithmetic:
// x = k·π/2 + r with |r| <= π/4, using π/2 to 159 bits, then the Taylor
// series of sin r and cos r, and the quadrant k mod 4 picks signs and roles.
func SincosCR(x float64) (sin, cos float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return math.NaN(), math.NaN()
	}
	if math.Abs(x) >= 1<<20 {
		return math.Sincos(x)
	}
	if x == 0 {
		return x, 1 // keeps the sign of a zero, as sin does
	}
	sinTableOnce.Do(buildSinTable)

	k := math.Round(x * (2 / math.Pi))
	// r = x − k·π/2: each product k·P_i is exact as a double-double (k has
	// at most 21 bits), and the sum cancels without losing what it keeps.
	a, ae := twoProd(k, halfPi[0])
	b, be := twoProd(k, halfPi[1])
	c := float64(k * halfPi[2])
	r := ddAdd(dd{x, 0}, dd{-a, -ae})
	r = ddAdd(r, dd{-b, -be})
	r = ddAdd(r, dd{-c, 0})

	s, co := sinCosSeries(r)
	switch int64(k) & 3 {
	case 0:
		return s.hi, co.hi
	case 1:
		return co.hi, -s.hi
	case 2:
		return -s.hi, -co.hi
	default:
		return -co.hi, s.hi
	}
}

// sinCosSeries evaluates sin r = r − r³/3! + r⁵/5! − ... and
// cos r = 1 − r²/2! + r⁴/4! − ... for |r| <= π/4 by Horner's rule in r²,
// through r²⁹ and r²⁸: the next terms are below 2^-105 of the results.
func sinCosSeries(r dd) (sin, cos dd) {
	z := ddMul(r, r)
	s := sinCoef[len(sinCoef)-1]
	for i := len(sinCoef) - 2; i >= 0; i-- {
		s = ddAdd(ddMul(s, z), sinCoef[i])
	}
	c := cosCoef[len(cosCoef)-1]
	for i := len(cosCoef) - 2; i >= 0; i-- {
		c = ddAdd(ddMul(c, z), cosCoef[i])
	}
	return ddMul(s, r), c
}

var (
	sinTableOnce sync.Once
	halfPi       [3]float64 // π/2 = halfPi[0] + halfPi[1] + halfPi[2] to 159 bits
	sinCoef      [15]dd     // (−1)^i / (2i+1)!
	cosCoef      [15]dd     // (−1)^i / (2i)!
)

func buildSinTable() {
	const prec = 256
	// π/2 from Machin's formula: π/4 = 4·atan(1/5) − atan(1/239).
	p := new(big.Float).SetPrec(prec).Mul(bigAtanInv(5, prec), big.NewFloat(4))
	p.Sub(p, bigAtanInv(239, prec))
	p.Mul(p, big.NewFloat(2))
	for i := range halfPi {
		f, _ := p.Float64()
		halfPi[i] = f
		p.Sub(p, new(big.Float).SetFloat64(f))
	}
	fact := new(big.Float).SetPrec(prec).SetInt64(1) // n!
	for n := 0; n < 2*len(sinCoef); n++ {
		if n > 0 {
			fact.Mul(fact, new(big.Float).SetInt64(int64(n)))
		}
		q := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).SetInt64(1), fact)
		if (n/2)%2 == 1 {
			q.Neg(q)
		}
		if n%2 == 0 {
			cosCoef[n/2] = toDD(q)
		} else {
			sinCoef[n/2] = toDD(q)
		}
	}
}

// bigAtanInv returns atan(1/n) = Σ (−1)^i / ((2i+1)·n^(2i+1)).
func bigAtanInv(n int64, prec uint) *big.Float {
	sum := new(big.Float).SetPrec(prec)
	pow := new(big.Float).SetPrec(prec).Quo(new(big.Float).SetPrec(prec).SetInt64(1), new(big.Float).SetInt64(n)) // 1/n^(2i+1)
	n2 := new(big.Float).SetPrec(prec).SetInt64(n * n)
	eps := new(big.Float).SetMantExp(big.NewFloat(1), -int(prec)-8)
	for i := int64(0); ; i++ {
		t := new(big.Float).SetPrec(prec).Quo(pow, new(big.Float).SetInt64(2*i+1))
		if i%2 == 1 {
			t.Neg(t)
		}
		sum.Add(sum, t)
		if new(big.Float).Abs(t).Cmp(eps) < 0 {
			return sum
		}
		pow.Quo(pow, n2)
	}
}
