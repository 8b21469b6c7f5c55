package gd

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// exactFMA32 against the exact a*b+c (big.Float) rounded once to float32,
// on random operands and on ties built on purpose (where a float64 sum
// rounded again to float32 would go the wrong way).
func TestExactFMA32RoundsOnce(t *testing.T) {
	want := func(a, b, c float32) float32 {
		x := new(big.Float).SetPrec(200).SetFloat64(float64(a))
		x.Mul(x, new(big.Float).SetFloat64(float64(b)))
		x.Add(x, new(big.Float).SetFloat64(float64(c)))
		f, _ := x.Float32() // nearest, ties to even
		return f
	}
	rng := rand.New(rand.NewPCG(1, 2))
	check := func(a, b, c float32) {
		t.Helper()
		if got, w := exactFMA32(a, b, c), want(a, b, c); math.Float32bits(got) != math.Float32bits(w) {
			t.Fatalf("exactFMA32(%g, %g, %g) = %g, exact %g", a, b, c, got, w)
		}
	}
	for range 200000 {
		a := float32(rng.NormFloat64()) * float32(math.Exp2(float64(rng.IntN(20)-10)))
		b := float32(rng.NormFloat64())
		c := float32(rng.NormFloat64()) * float32(math.Exp2(float64(rng.IntN(20)-10)))
		check(a, b, c)
	}
	// c = 1, a*b = 2^-24 + 2^-48 - tiny: the exact sum is just above or
	// below the tie 1 + 2^-24, and float64 rounding lands on the tie.
	ties := 0
	for i := range 1 << 12 {
		a := float32(1+float64(i)*0x1p-12) * 0x1p-12
		b := float32(0x1p-12) / float32(1+float64(i)*0x1p-12)
		for _, c := range []float32{1, -1, 3, 0.75} {
			check(a, b, c)
			check(-a, b, c)
			p := float64(a) * float64(b)
			if s := p + float64(c); s != float64(float32(s)) && 2*math.Abs(s-float64(float32(s))) == math.Abs(float64(math.Nextafter32(float32(s), float32(math.Copysign(math.Inf(1), s-float64(float32(s))))))-float64(float32(s))) {
				ties++
			}
		}
	}
	if ties == 0 {
		t.Error("no tie case was exercised")
	}
	check(float32(math.Inf(1)), 1, 1)
	check(float32(math.MaxFloat32), 2, 0)
	check(1e-30, 1e-20, 0) // subnormal product
}

// powInt against the exact power rounded once.
func TestPowIntRoundsOnce(t *testing.T) {
	for _, x := range []float64{0.9, 0.999, 0.99, 0.95, 0.1, 0.3, 1.0000001, 0.7} {
		for _, n := range []int{0, 1, 2, 3, 7, 10, 100, 1000, 12345} {
			e := new(big.Float).SetPrec(2000).SetFloat64(1)
			b := new(big.Float).SetPrec(2000).SetFloat64(x)
			for range n {
				e.Mul(e, b)
			}
			want, _ := e.Float64()
			if got := powInt(x, n); got != want {
				t.Errorf("powInt(%v, %d) = %v, exact %v", x, n, got, want)
			}
		}
	}
}
