package torchrand

import (
	"math"
	"math/big"
	"sync"
)

// LogCR returns the natural logarithm of x correctly rounded to float64.
// It stands in for the C library's log when cgo is off (see libm.go).
//
// Go's math.Log is off by one unit in the last place for about 4% of
// inputs; glibc's log, which PyTorch and NumPy call, for about 0.08%, and
// those are inputs where the exact logarithm lies very close to halfway
// between two float64 values. LogCR evaluates the logarithm in double-double
// arithmetic (about 100 correct bits) and rounds once at the end, so it
// agrees with glibc everywhere else.
//
// The method: x = 2^k·m with m in [√½, √2); c = i/128 is the table point
// nearest m, and m/c = 1+r with |r| < 1/181. Then
// log x = k·ln2 − log(1/c) + log1p(r), with log(1/c) from a table built once
// with math/big and log1p(r) from its Taylor series.
func LogCR(x float64) float64 {
	switch {
	case math.IsNaN(x) || x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	case math.IsInf(x, 1):
		return x
	}
	logTableOnce.Do(buildLogTable)

	m, k := math.Frexp(x) // m in [0.5, 1)
	if m < math.Sqrt2/2 {
		m *= 2
		k--
	}
	i := int(m*128 + 0.5)
	ent := &logTable[i-logTableFirst]

	// 1+r = m·(1/c) exactly as a double-double: m·invc is 1 within 1/128, so
	// subtracting 1 from its rounded value is exact (Sterbenz).
	ph, pl := twoProd(m, ent.invc)
	rh, rl := twoSum(ph-1, pl)
	r := dd{rh, rl}

	sum := ddAdd(ddAdd(kLn2(k), ent.negLogInvc), log1p(r))
	return sum.hi
}

// log1p returns log(1+r) for |r| < 1/128 as a double-double:
// r·(1 − r/2 + r²/3 − ...) by Horner's rule. The terms from r⁸ on are below
// 2^-52 of the result, so they are summed in plain float64 first; the series
// stops at r¹⁶, below 2^-110 of the result.
func log1p(r dd) dd {
	x := r.hi
	tail := 0.0
	for k := 16; k >= 8; k-- {
		tail = float64(tail*x) + alternating(k)
	}
	acc := dd{tail, 0}
	for k := 7; k >= 1; k-- {
		c := invIntDD[k] // (−1)^(k+1)/k
		if k%2 == 0 {
			c = dd{-c.hi, -c.lo}
		}
		acc = ddAdd(ddMul(acc, r), c)
	}
	return ddMul(acc, r)
}

func alternating(k int) float64 {
	if k%2 == 0 {
		return -1 / float64(k)
	}
	return 1 / float64(k)
}

// kLn2 returns k·ln2 as a double-double. ln2 is split in three parts so that
// the first two products are exact (twoProd) and the third is negligible.
func kLn2(k int) dd {
	if k == 0 {
		return dd{}
	}
	fk := float64(k)
	h, he := twoProd(fk, ln2Parts[0])
	m, me := twoProd(fk, ln2Parts[1])
	l := float64(fk * ln2Parts[2])
	return ddAdd(ddAdd(dd{h, he}, dd{m, me}), dd{l, 0})
}

const (
	logTableFirst = 91  // round(128·√½)
	logTableLast  = 181 // round(128·√2)
)

type logEntry struct {
	invc       float64 // 128/i rounded to float64
	negLogInvc dd      // −log(invc), so that log(m) = log(m·invc) − log(invc)
}

var (
	logTableOnce sync.Once
	logTable     [logTableLast - logTableFirst + 1]logEntry
	ln2Parts     [3]float64
	invIntDD     [8]dd // 1/k as double-doubles; index 0 unused
)

// buildLogTable computes the table and constants with 256-bit math/big
// arithmetic, from the series log v = 2·atanh((v−1)/(v+1)).
func buildLogTable() {
	const prec = 256
	for i := range logTable {
		invc := 128 / float64(logTableFirst+i)
		l := bigLog(new(big.Float).SetPrec(prec).SetFloat64(invc))
		logTable[i] = logEntry{invc: invc, negLogInvc: toDD(l.Neg(l))}
	}
	ln2 := bigLog(new(big.Float).SetPrec(prec).SetInt64(2))
	for j := range ln2Parts {
		// 40-bit parts: k·part is exact for |k| < 2^13.
		p, _ := new(big.Float).SetPrec(40).SetMode(big.ToZero).Set(ln2).Float64()
		if j == len(ln2Parts)-1 {
			p, _ = ln2.Float64()
		}
		ln2Parts[j] = p
		ln2.Sub(ln2, new(big.Float).SetFloat64(p))
	}
	for k := 1; k < len(invIntDD); k++ {
		q := new(big.Float).SetPrec(prec).Quo(big.NewFloat(1).SetPrec(prec), new(big.Float).SetInt64(int64(k)))
		invIntDD[k] = toDD(q)
	}
}

// bigLog returns log v for v > 0 near 1 (|v−1|/(v+1) well below 1).
func bigLog(v *big.Float) *big.Float {
	prec := v.Prec()
	one := new(big.Float).SetPrec(prec).SetInt64(1)
	s := new(big.Float).SetPrec(prec).Sub(v, one)
	s.Quo(s, new(big.Float).SetPrec(prec).Add(v, one))
	s2 := new(big.Float).SetPrec(prec).Mul(s, s)
	sum := new(big.Float).SetPrec(prec)
	term := new(big.Float).SetPrec(prec).Set(s) // s^(2n+1)
	eps := new(big.Float).SetMantExp(one, -int(prec)-8)
	for n := 0; ; n++ {
		t := new(big.Float).SetPrec(prec).Quo(term, new(big.Float).SetInt64(int64(2*n+1)))
		sum.Add(sum, t)
		if t.Sign() == 0 || new(big.Float).Abs(t).Cmp(eps) < 0 {
			break
		}
		term.Mul(term, s2)
	}
	return sum.Mul(sum, new(big.Float).SetInt64(2))
}

func toDD(f *big.Float) dd {
	hi, _ := f.Float64()
	rest := new(big.Float).SetPrec(f.Prec()).Sub(f, new(big.Float).SetFloat64(hi))
	lo, _ := rest.Float64()
	return dd{hi, lo}
}
