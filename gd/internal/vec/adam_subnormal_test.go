package vec

import (
	"math"
	"math/rand/v2"
	"testing"
)

// randFloat32 draws float32 values from every range that matters here:
// zeros of both signs, subnormals, the smallest normals, ordinary values
// and, when special is set, infinities and NaN.
func randFloat32(rng *rand.Rand, special bool) float32 {
	sign := float32(1)
	if rng.IntN(2) == 0 {
		sign = -1
	}
	switch rng.IntN(10) {
	case 0:
		return sign * 0
	case 1, 2:
		return sign * math.Float32frombits(rng.Uint32N(1<<23)) // subnormal
	case 3:
		return sign * math.Float32frombits(1<<23+rng.Uint32N(1<<24)) // just above 2^-126
	case 4:
		if special {
			return [...]float32{float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}[rng.IntN(3)]
		}
	}
	return sign * float32(math.Ldexp(1+rng.Float64(), rng.IntN(80)-60))
}

func sameBits(a, b float32) bool {
	return math.Float32bits(a) == math.Float32bits(b) || (a != a && b != b)
}

// round32 agrees with the processor's own float64-to-float32 conversion
// (which handles subnormals correctly, only slowly), ties included.
func TestRound32MatchesConversion(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 200_000 {
		var x float64
		switch i % 3 {
		case 0: // near and below the smallest normal
			x = math.Ldexp(rng.Float64(), -120-rng.IntN(40))
		case 1: // exact ties on the subnormal grid
			x = (float64(rng.IntN(1<<23)) + 0.5) * 0x1p-149
		default:
			x = math.Ldexp(rng.NormFloat64(), rng.IntN(300)-200)
		}
		if rng.IntN(2) == 0 {
			x = -x
		}
		if got, want := round32(x), float32(x); !sameBits(got, want) {
			t.Fatalf("round32(%g) = %#x, want %#x", x, math.Float32bits(got), math.Float32bits(want))
		}
	}
	for _, x := range []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), 0x1p-126, 0x1p-150, 0x1p-149, 3 * 0x1p-150} {
		if got, want := round32(x), float32(x); !sameBits(got, want) {
			t.Errorf("round32(%g) = %#x, want %#x", x, math.Float32bits(got), math.Float32bits(want))
		}
	}
}

func TestWideIsExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for range 100_000 {
		x := randFloat32(rng, true)
		if w := wide(x); w != float64(x) && !(x != x && w != w) || math.Signbit(w) != math.Signbit(float64(x)) {
			t.Fatalf("wide(%g) = %g", x, w)
		}
	}
}

// deadRef is adamRef for a zero gradient, in Go's float32 arithmetic
// (the processor's, subnormals included): with g = ±0 each fused
// multiply-add's product is an exact ±0 (or NaN), so rounding it before the
// addition changes nothing, and infinities and NaN can be fed in, which
// adamRef's exact fma cannot take.
func deadRef(p, g, m, v float32, s *adamScalars) (float32, float32, float32) {
	m = float32(s.c1*g) + float32(m*s.b1)
	v = float32(float32(s.c2*g)*g) + float32(v*s.b2)
	d := float32(float32(math.Sqrt(float64(v)))/s.bc2) + s.eps
	p += float32(float32(s.negStep*m) / d)
	return p, m, v
}

// deadStep gives what the float32 operations give, bit for bit, on any
// element with a zero gradient: subnormal, zero, tiny, huge, infinite and
// NaN moments and parameters, and random hyperparameters.
func TestDeadStepMatchesFloat32(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range 300_000 {
		b1, b2 := float32(rng.Float64()), float32(rng.Float64())
		if i%2 == 0 {
			b1, b2 = 0.9, 0.999
		}
		s := adamScalars{b1: b1, c1: 1 - b1, b2: b2, c2: 1 - b2,
			bc2: float32(rng.Float64()) + 1e-3, eps: float32(math.Ldexp(1, -rng.IntN(40))),
			negStep: -float32(math.Ldexp(rng.Float64(), -rng.IntN(30)))}
		s.tiny = tinyMoment(s.b1, s.negStep)
		g := float32(0)
		if rng.IntN(2) == 0 {
			g = float32(math.Copysign(0, -1))
		}
		p, m, v := randFloat32(rng, true), randFloat32(rng, true), float32(math.Abs(float64(randFloat32(rng, true))))
		wp, wm, wv := deadRef(p, g, m, v, &s)
		gp, gg, gm, gv := p, g, m, v
		deadStep(&gp, &gg, &gm, &gv, &s)
		if !sameBits(gp, wp) || !sameBits(gm, wm) || !sameBits(gv, wv) {
			t.Fatalf("p, m, v = %g, %g, %g (%+v): got %g, %g, %g; want %g, %g, %g", p, m, v, s, gp, gm, gv, wp, wm, wv)
		}
	}
}

// AdamStep32 over vectors in which dead lanes (zero gradient, tiny
// moment) are scattered among ordinary ones, in blocks and alone, gives
// the float32 reference's bits everywhere.
func TestAdamStep32WithDeadLanes(t *testing.T) {
	if !hasFMA {
		t.Skip("no AVX2 and FMA here: AdamStep32 reports false (TestAdamStep32WithoutAVX2ChangesNothing)")
	}
	rng := rand.New(rand.NewPCG(9, 10))
	const b1, b2 = 0.9, 0.999
	for _, n := range []int{1, 8, 9, 17, 64, 1000} {
		p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range n {
			p[i] = float32(rng.NormFloat64())
			m[i] = float32(rng.NormFloat64() * 1e-3)
			v[i] = float32(rng.Float64() * 1e-6)
		}
		wp, wm, wv := append([]float32(nil), p...), append([]float32(nil), m...), append([]float32(nil), v...)
		for step := 1; step <= 900; step++ {
			bc2 := float32(math.Sqrt(1 - math.Pow(b2, float64(step))))
			negStep := float32(-1e-3 / (1 - math.Pow(b1, float64(step))))
			for i := range n {
				g[i] = 0
				if (i/5)%3 == 0 && step%7 != 0 { // some lanes keep getting gradient
					g[i] = float32(rng.NormFloat64() * 1e-3)
				}
				wp[i], wm[i], wv[i] = adamRef(wp[i], g[i], wm[i], wv[i], b1, 1-b1, b2, 1-b2, bc2, 1e-8, negStep)
			}
			AdamStep32(p, g, m, v, b1, 1-b1, b2, 1-b2, bc2, 1e-8, negStep)
			for i := range n {
				if !sameBits(p[i], wp[i]) || !sameBits(m[i], wm[i]) || !sameBits(v[i], wv[i]) {
					t.Fatalf("n=%d step=%d i=%d: p, m, v = %g, %g, %g; want %g, %g, %g", n, step, i, p[i], m[i], v[i], wp[i], wm[i], wv[i])
				}
			}
		}
		sub := 0
		for _, x := range m {
			if x != 0 && math.Abs(float64(x)) < 0x1p-126 {
				sub++
			}
		}
		if n >= 64 && sub == 0 {
			t.Errorf("n=%d: no first moment ended subnormal; the test does not reach the dead-lane path", n)
		}
	}
}

// BenchmarkAdamStep32Subnormal is a step in which every first moment is
// subnormal and every gradient zero: the dead units of a ReLU layer.
func BenchmarkAdamStep32Subnormal(b *testing.B) {
	n := 100_000
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for i := range p {
		p[i], v[i] = 0.01, 1e-6
	}
	b.SetBytes(int64(28 * n))
	for b.Loop() {
		for i := range m {
			m[i] = 1e-39
		}
		AdamStep32(p, g, m, v, 0.9, 0.1, 0.999, 0.001, 0.03, 1e-8, -1e-3)
	}
}

// The vector dead-lane path gives deadRef's bits on random dead lanes, and
// adamRef's on the other lanes of their blocks:
// moments and parameters from every range (v within what the path takes),
// random hyperparameters, zeros of both signs for the gradient.
func TestAdamDeadMatchesFloat32(t *testing.T) {
	if !hasFMA {
		t.Skip("no AVX2 here")
	}
	rng := rand.New(rand.NewPCG(11, 12))
	const n = 64
	p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
	for round := range 5000 {
		b1, b2 := float32(0.9), float32(0.999)
		if round%2 == 1 {
			b1, b2 = float32(rng.Float64()), float32(0.5+rng.Float64()/2)
		}
		s := adamScalars{b1: b1, c1: 1 - b1, b2: b2, c2: 1 - b2,
			bc2: float32(rng.Float64()) + 1e-3, eps: float32(math.Ldexp(1, -rng.IntN(40))),
			negStep: -float32(math.Ldexp(rng.Float64(), -rng.IntN(30)))}
		s.tiny = tinyMoment(s.b1, s.negStep)
		ds := newDeadScalars(&s)
		if ds == nil {
			t.Fatalf("%+v: hyperparameters refused", s)
		}
		for i := range n {
			g[i] = float32(math.Copysign(0, float64(rng.IntN(2)-1)))
			p[i], m[i] = randFloat32(rng, false), randFloat32(rng, false)
			for v[i] = float32(math.Abs(float64(randFloat32(rng, false)))); !vectorV(v[i]); {
				v[i] = float32(math.Abs(float64(randFloat32(rng, false))))
			}
			for !deadLane(g[i], m[i], s.tiny) {
				m[i] = randFloat32(rng, false)
			}
			if i%8 != 0 && rng.IntN(4) == 0 { // a lane that is not dead, in a block that has one
				g[i] = float32(rng.NormFloat64() * 1e-3)
			}
		}
		wp, wm, wv := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range n {
			if deadLane(g[i], m[i], s.tiny) {
				wp[i], wm[i], wv[i] = deadRef(p[i], g[i], m[i], v[i], &s)
			} else {
				wp[i], wm[i], wv[i] = adamRef(p[i], g[i], m[i], v[i], s.b1, s.c1, s.b2, s.c2, s.bc2, s.eps, s.negStep)
			}
		}
		ip, im, iv := append([]float32(nil), p...), append([]float32(nil), m...), append([]float32(nil), v...)
		if k := adamDeadAVX2(p, g, m, v, ds); k != n {
			t.Fatalf("the vector path did %d of %d dead lanes", k, n)
		}
		for i := range n {
			if !sameBits(p[i], wp[i]) || !sameBits(m[i], wm[i]) || !sameBits(v[i], wv[i]) {
				t.Fatalf("p, m, v = %g, %g, %g (%+v): got %g, %g, %g; want %g, %g, %g", ip[i], im[i], iv[i], s, p[i], m[i], v[i], wp[i], wm[i], wv[i])
			}
		}
	}
}

// vectorV is the vector path's condition on v (tested there on bits).
func vectorV(v float32) bool {
	b := math.Float32bits(v)
	return b == 0 || (b >= (127-90)<<23 && b < 0x7f800000)
}

// The vector path stops before the first block of eight without a dead
// lane, or with a dead lane whose v it does not take, having done the
// blocks before it; lanes that are not dead (a gradient, a zero or large
// moment) it steps the float32 way, in the same block.
func TestAdamDeadStopsAndMixes(t *testing.T) {
	if !hasFMA {
		t.Skip("no AVX2 here")
	}
	s := adamScalars{b1: 0.9, c1: 0.1, b2: 0.999, c2: 0.001, bc2: 0.5, eps: 1e-8, negStep: -1e-3}
	s.tiny = tinyMoment(s.b1, s.negStep)
	ds := newDeadScalars(&s)
	for _, c := range []struct {
		name string
		set  func(g, m, v []float32, i int)
		stop bool
	}{
		{"a gradient", func(g, m, v []float32, i int) { g[i] = 1e-3 }, false},
		{"a zero moment", func(g, m, v []float32, i int) { m[i] = 0 }, false},
		{"a large moment", func(g, m, v []float32, i int) { m[i] = 1e-3 }, false},
		{"a block without dead lanes", func(g, m, v []float32, i int) {
			for j := i &^ 7; j < i&^7+8; j++ {
				g[j] = 1e-3
			}
		}, true},
		{"a subnormal v", func(g, m, v []float32, i int) { v[i] = 1e-40 }, true},
		{"an infinite v", func(g, m, v []float32, i int) { v[i] = float32(math.Inf(1)) }, true},
		{"a negative v", func(g, m, v []float32, i int) { v[i] = -1 }, true},
	} {
		for _, at := range []int{0, 5, 13, 300} {
			n := 600
			p, g, m, v := make([]float32, n), make([]float32, n), make([]float32, n), make([]float32, n)
			for i := range n {
				p[i], m[i], v[i] = 1, 1e-40, 1e-6
			}
			c.set(g, m, v, at)
			want := n
			if c.stop {
				want = at &^ 7
			}
			wp, wm, wv := make([]float32, want), make([]float32, want), make([]float32, want)
			for i := range want {
				wp[i], wm[i], wv[i] = adamRef(p[i], g[i], m[i], v[i], s.b1, s.c1, s.b2, s.c2, s.bc2, s.eps, s.negStep)
			}
			if got := adamDeadAVX2(p, g, m, v, ds); got != want {
				t.Errorf("%s at %d: did %d lanes, want %d", c.name, at, got, want)
				continue
			}
			for i := range want {
				if !sameBits(p[i], wp[i]) || !sameBits(m[i], wm[i]) || !sameBits(v[i], wv[i]) {
					t.Fatalf("%s at %d, lane %d: p, m, v = %g, %g, %g; want %g, %g, %g", c.name, at, i, p[i], m[i], v[i], wp[i], wm[i], wv[i])
				}
			}
		}
	}
}
