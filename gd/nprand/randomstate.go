package nprand

import (
	"math"
	"sync"

	"github.com/gonotebooks/descent/gd"
	"github.com/gonotebooks/descent/gd/internal/torchrand"
)

// RandomState is NumPy's legacy generator, np.random.RandomState: a
// Mersenne Twister plus the cached second value of the polar method. It is
// safe for concurrent use.
type RandomState struct {
	mu       sync.Mutex
	mt       torchrand.MT19937
	gauss    float64
	hasGauss bool
}

// New returns a RandomState seeded like np.random.RandomState(seed).
func New(seed uint32) *RandomState {
	r := &RandomState{}
	r.Seed(seed)
	return r
}

// Seed reseeds r, like RandomState.seed(seed) with an integer seed (NumPy
// accepts 0 to 2^32-1, the range of uint32). It also drops a cached Gaussian.
func (r *RandomState) Seed(seed uint32) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.mt.Seed(seed)
	r.gauss, r.hasGauss = 0, false
}

// RandFloat returns one uniform sample from [0, 1), like np.random.rand()
// or random_sample().
func (r *RandomState) RandFloat() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.double()
}

// RandnFloat returns one standard normal sample, like np.random.randn().
func (r *RandomState) RandnFloat() float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.gaussian()
}

// Rand returns a float64 tensor of the given shape filled, in row-major
// order, with uniform samples from [0, 1), like np.random.rand(*shape).
// Without a shape it returns a 0-d tensor.
func (r *RandomState) Rand(shape ...int) *gd.Tensor {
	return r.fill("Rand", shape, (*RandomState).double)
}

// Randn returns a float64 tensor of standard normal samples, like
// np.random.randn(*shape). Without a shape it returns a 0-d tensor; use
// RandnFloat for a plain float64.
func (r *RandomState) Randn(shape ...int) *gd.Tensor {
	return r.fill("Randn", shape, (*RandomState).gaussian)
}

// Uniform returns a float64 tensor of samples from [low, high), computed as
// low + (high-low)·u like np.random.uniform(low, high, size=shape). As in
// NumPy, low > high is allowed (the samples then lie in (high, low]); a
// range that overflows panics with a *gd.Error of kind gd.ErrValue.
func (r *RandomState) Uniform(low, high float64, shape ...int) *gd.Tensor {
	width := high - low
	if math.IsNaN(width) || math.IsInf(width, 0) {
		panic(&gd.Error{Kind: gd.ErrValue, Op: "nprand.Uniform", Msg: "range exceeds valid bounds: low=" + fmtFloat(low) + ", high=" + fmtFloat(high)})
	}
	return r.fill("Uniform", shape, func(r *RandomState) float64 {
		return low + float64(width*r.double()) // no fused multiply-add, like NumPy's C
	})
}

// Permutation returns a random permutation of 0..n-1, like
// np.random.permutation(n).tolist().
func (r *RandomState) Permutation(n int) []int {
	if n < 0 {
		panic(&gd.Error{Kind: gd.ErrValue, Op: "nprand.Permutation", Msg: "n must be non-negative, got " + itoa(n)})
	}
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	r.Shuffle(n, func(i, j int) { p[i], p[j] = p[j], p[i] })
	return p
}

// Shuffle permutes n elements in place the way np.random.shuffle permutes
// a 1-D array: for i from n-1 down to 1 it calls swap(i, j) with j uniform
// in [0, i]. Shuffling a slice s is Shuffle(len(s), func(i, j int) {
// s[i], s[j] = s[j], s[i] }).
func (r *RandomState) Shuffle(n int, swap func(i, j int)) {
	if n < 0 {
		panic(&gd.Error{Kind: gd.ErrValue, Op: "nprand.Shuffle", Msg: "n must be non-negative, got " + itoa(n)})
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := n - 1; i > 0; i-- {
		swap(i, int(r.interval(uint64(i))))
	}
}

func (r *RandomState) fill(op string, shape []int, draw func(*RandomState) float64) *gd.Tensor {
	n := 1
	for _, s := range shape {
		if s < 0 {
			panic(&gd.Error{Kind: gd.ErrValue, Op: "nprand." + op, Msg: "negative dimensions are not allowed, got shape " + shapeString(shape)})
		}
		n *= s
	}
	data := make([]float64, n)
	r.mu.Lock()
	for i := range data {
		data[i] = draw(r)
	}
	r.mu.Unlock()
	if len(shape) == 0 {
		return gd.FromSlice(data).Reshape() // 0-d, like NumPy's scalar-shaped draw
	}
	return gd.FromSlice(data, shape...)
}

// double is NumPy's random_sample: 53 random bits from two 32-bit outputs
// (27 and 26 of them), scaled to [0, 1).
func (r *RandomState) double() float64 {
	a := r.mt.Uint32() >> 5
	b := r.mt.Uint32() >> 6
	return (float64(a)*67108864 + float64(b)) / 9007199254740992
}

// gaussian is NumPy's legacy_gauss: Marsaglia's polar method, which makes
// two samples from each accepted point and caches the second.
func (r *RandomState) gaussian() float64 {
	if r.hasGauss {
		r.hasGauss = false
		g := r.gauss
		r.gauss = 0
		return g
	}
	for {
		x1 := 2*r.double() - 1
		x2 := 2*r.double() - 1
		r2 := float64(x1*x1) + float64(x2*x2)
		if r2 >= 1 || r2 == 0 {
			continue
		}
		f := math.Sqrt(float64(-2*torchrand.Log(r2)) / r2)
		r.gauss, r.hasGauss = float64(f*x1), true
		return float64(f * x2)
	}
}

// interval is NumPy's random_interval: a uniform integer in [0, max] by
// masking draws to the smallest covering power of two and rejecting those
// above max.
func (r *RandomState) interval(max uint64) uint64 {
	if max == 0 {
		return 0
	}
	mask := max
	for s := uint(1); s < 64; s <<= 1 {
		mask |= mask >> s
	}
	for {
		var v uint64
		if max <= math.MaxUint32 {
			v = uint64(r.mt.Uint32()) & mask
		} else {
			v = (uint64(r.mt.Uint32())<<32 | uint64(r.mt.Uint32())) & mask
		}
		if v <= max {
			return v
		}
	}
}
