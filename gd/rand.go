package gd

import (
	"math"
	"sync"

	"github.com/gonotebooks/descent/gd/internal/torchrand"
)

// Random numbers. A Generator reproduces PyTorch's CPU generator: after
// gd.ManualSeed(0), gd.Rand(100, 1) holds the same float32 values, bit for
// bit, as torch.rand(100, 1) after torch.manual_seed(0), and every later draw
// (Randn, Uniform_, Normal_, RandPerm, a Linear layer's initial weights, a
// shuffling DataLoader) continues the same stream in the same order.
//
// What is bit-exact, checked against PyTorch 1.13 on linux/amd64:
// everything float32 (Rand, Randn, Uniform_, Normal_, on whole tensors and on
// views), RandFloat64 and Uniform_ on float64 tensors, RandPerm, RandomInt64,
// seeding, and the cached second Box–Muller sample that small Randn calls
// hand on to the next call.
//
// Some samples pass through the C library's log, sin and cos in PyTorch:
// float64 normal samples (RandnFloat64, Normal_ on float64 tensors) and the
// scalar path (normal samples for tensors under 16 elements or not
// contiguous). gd calls the same C functions through cgo, so these match
// too. Built without cgo (CGO_ENABLED=0, or no C compiler) gd falls back to
// correctly rounded Go versions; glibc's differ from them for about 1 input
// in 1,000, so about 2 float64 samples in 1,000 then differ in the last bits
// (float32 samples practically never: rounding to float32 hides it).
//
// Float32 Randn of 16 or more contiguous elements reproduces PyTorch's AVX2
// kernel, which x86-64 builds of PyTorch run by default. PyTorch on a CPU
// without AVX2, on ARM, or with ATEN_CPU_CAPABILITY=avx512 or default runs a
// scalar kernel with other roundings, and its samples then differ from gd's
// (and from x86-64 PyTorch's) in the last bits.

// Generator is a seeded source of random numbers that reproduces
// torch.Generator on the CPU. Create one with NewGenerator, or use the
// process-wide DefaultGenerator, which the package-level functions (Rand,
// Randn, ManualSeed, ...) draw from. A Generator is safe for concurrent use,
// though the order of draws then depends on scheduling.
type Generator struct {
	mu sync.Mutex
	g  *torchrand.Generator
}

var defaultGenerator = NewGenerator()

// NewGenerator returns a generator seeded with seed, like
// torch.Generator().manual_seed(seed). Without a seed it starts where an
// unseeded torch.Generator() does (seed 67280421310721).
func NewGenerator(seed ...uint64) *Generator {
	s := torchrand.DefaultSeed
	switch len(seed) {
	case 0:
	case 1:
		s = seed[0]
	default:
		panic(errorf(ErrValue, "NewGenerator", "expected at most one seed, got %d", len(seed)))
	}
	return &Generator{g: torchrand.New(s)}
}

// DefaultGenerator returns the generator that Rand, Randn, RandPerm,
// Uniform_, Normal_ and layer initialisation use when none is given, like
// torch.default_generator.
func DefaultGenerator() *Generator { return defaultGenerator }

// ManualSeed reseeds the default generator, like torch.manual_seed(seed),
// and returns it.
func ManualSeed(seed uint64) *Generator { return defaultGenerator.ManualSeed(seed) }

// ManualSeed reseeds g and returns it. As in PyTorch, only the low 32 bits
// of seed select the stream, and a cached normal sample is discarded.
func (g *Generator) ManualSeed(seed uint64) *Generator {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.g.ManualSeed(seed)
	return g
}

// InitialSeed returns the seed g was last seeded with, like initial_seed().
func (g *Generator) InitialSeed() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.g.InitialSeed()
}

// Rand returns a float32 tensor of the given shape filled with uniform
// samples from [0, 1), drawn from the default generator: torch.rand(shape).
func Rand(shape ...int) *Tensor { return defaultGenerator.Rand(shape...) }

// Randn returns a float32 tensor of standard normal samples drawn from the
// default generator: torch.randn(shape).
func Randn(shape ...int) *Tensor { return defaultGenerator.Randn(shape...) }

// RandFloat64 is Rand with float64 elements: torch.rand(shape, dtype=torch.float64).
func RandFloat64(shape ...int) *Tensor { return defaultGenerator.RandFloat64(shape...) }

// RandnFloat64 is Randn with float64 elements: torch.randn(shape, dtype=torch.float64).
func RandnFloat64(shape ...int) *Tensor { return defaultGenerator.RandnFloat64(shape...) }

// RandPerm returns a random permutation of 0..n-1 drawn from the default
// generator: torch.randperm(n).tolist().
func RandPerm(n int) []int { return defaultGenerator.RandPerm(n) }

// Rand is torch.rand(shape, generator=g).
func (g *Generator) Rand(shape ...int) *Tensor {
	checkNew("Rand", Float32, shape)
	return empty(Float32, shape).fillUniform(g, 0, 1)
}

// RandFloat64 is torch.rand(shape, generator=g, dtype=torch.float64).
func (g *Generator) RandFloat64(shape ...int) *Tensor {
	checkNew("RandFloat64", Float64, shape)
	return empty(Float64, shape).fillUniform(g, 0, 1)
}

// Randn is torch.randn(shape, generator=g).
func (g *Generator) Randn(shape ...int) *Tensor {
	checkNew("Randn", Float32, shape)
	return empty(Float32, shape).fillNormal(g, 0, 1)
}

// RandnFloat64 is torch.randn(shape, generator=g, dtype=torch.float64).
func (g *Generator) RandnFloat64(shape ...int) *Tensor {
	checkNew("RandnFloat64", Float64, shape)
	return empty(Float64, shape).fillNormal(g, 0, 1)
}

// RandPerm is torch.randperm(n, generator=g).tolist().
func (g *Generator) RandPerm(n int) []int {
	if n < 0 {
		panic(errorf(ErrValue, "RandPerm", "n must be non-negative, got %d", n))
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.g.RandPerm(n)
}

// RandomInt64 draws what torch.empty((), dtype=torch.int64).random_(generator=g)
// holds: a uniform integer in [0, 2^63). DataLoader draws its seeds this way.
func (g *Generator) RandomInt64() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.g.RandomInt64()
}

// Uniform_ fills t in place with uniform samples from [from, to) and returns
// t, like PyTorch's t.uniform_(from, to). It draws from the given generator
// or the default one. t may be a view: x.Select(1, 0).Uniform_(-1, 1) fills
// the first column of x, drawing for its elements in row-major order.
//
// It panics with an ErrValue error if from > to or a bound is not finite,
// and with an ErrGrad error if t is a leaf that requires grad (or a view of
// one) while grad mode is on: initialise parameters inside NoGrad.
func (t *Tensor) Uniform_(from, to float64, g ...*Generator) *Tensor {
	gen := pickGenerator("Uniform_", g)
	requireFloat("Uniform_", t)
	if math.IsNaN(from) || math.IsNaN(to) || math.IsInf(from, 0) || math.IsInf(to, 0) {
		panic(errorf(ErrValue, "Uniform_", "from and to must be finite, got from=%v, to=%v", from, to))
	}
	if from > to {
		panic(errorf(ErrValue, "Uniform_", "expects to return a [from, to) range, but found from=%v > to=%v", from, to))
	}
	limit := math.MaxFloat64
	if t.dtype == Float32 {
		limit = math.MaxFloat32
	}
	if to-from > limit || math.Abs(from) > limit || math.Abs(to) > limit {
		panic(errorf(ErrValue, "Uniform_", "range [%v, %v) does not fit in %s", from, to, t.dtype))
	}
	t.checkInplace("Uniform_")
	checkWritable("Uniform_", t)
	t.fillUniform(gen, from, to)
	t.bumpVersion()
	return t
}

// Normal_ fills t in place with normal samples of the given mean and
// standard deviation and returns t, like PyTorch's t.normal_(mean, std).
// It draws from the given generator or the default one. t may be a view.
//
// It panics with an ErrValue error if std is negative or NaN, and with an
// ErrGrad error if t is a leaf that requires grad (or a view of one) while
// grad mode is on.
func (t *Tensor) Normal_(mean, std float64, g ...*Generator) *Tensor {
	gen := pickGenerator("Normal_", g)
	requireFloat("Normal_", t)
	if !(std >= 0) {
		panic(errorf(ErrValue, "Normal_", "expects std >= 0.0, but found std=%v", std))
	}
	t.checkInplace("Normal_")
	checkWritable("Normal_", t)
	t.fillNormal(gen, mean, std)
	t.bumpVersion()
	return t
}

func pickGenerator(op string, g []*Generator) *Generator {
	switch {
	case len(g) > 1:
		panic(errorf(ErrValue, op, "expected at most one generator, got %d", len(g)))
	case len(g) == 1 && g[0] != nil:
		return g[0]
	}
	return defaultGenerator
}

// fillUniform writes uniform samples into t's elements in row-major order,
// as PyTorch's serial uniform kernel does, converting the bounds to t's
// dtype first.
func (t *Tensor) fillUniform(g *Generator, from, to float64) *Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	if t.dtype == Float32 {
		f, e := float32(from), float32(to)
		t.eachOffset(func(off int) { t.f32[off] = g.g.Uniform32(f, e) })
	} else {
		t.eachOffset(func(off int) { t.f64[off] = g.g.Uniform64(from, to) })
	}
	return t
}

// fillNormal writes normal samples into t. PyTorch picks the algorithm from
// the layout: a contiguous tensor is filled as one buffer (blocks of 16 from
// 16 elements on), any other view element by element with the scalar
// sampler, in row-major order.
func (t *Tensor) fillNormal(g *Generator, mean, std float64) *Tensor {
	g.mu.Lock()
	defer g.mu.Unlock()
	n := t.Numel()
	switch {
	case t.IsContiguous() && t.dtype == Float32:
		g.g.FillNormal32(t.f32[t.offset:t.offset+n], mean, std)
	case t.IsContiguous():
		g.g.FillNormal64(t.f64[t.offset:t.offset+n], mean, std)
	case t.dtype == Float32:
		t.eachOffset(func(off int) { t.f32[off] = float32(g.g.Normal(mean, std)) })
	default:
		t.eachOffset(func(off int) { t.f64[off] = g.g.Normal(mean, std) })
	}
	return t
}

// linearInitBounds returns the bounds nn.Linear's reset_parameters uses for
// a layer with fanIn inputs: the weight is drawn with Uniform_(-wb, wb)
// (kaiming_uniform_ with a=√5), then the bias with Uniform_(-bb, bb). The
// arithmetic follows PyTorch's Python code step by step in float64, so the
// bounds, and the float32 values they round to, are identical. Both are
// 1/√fanIn up to rounding; with no inputs both are 0 (PyTorch then skips the
// weight, which has no elements anyway).
func linearInitBounds(fanIn int) (wb, bb float64) {
	if fanIn <= 0 {
		return 0, 0
	}
	a := math.Sqrt(5)
	gain := math.Sqrt(2.0 / (1 + float64(a*a))) // calculate_gain("leaky_relu", a)
	std := gain / math.Sqrt(float64(fanIn))
	wb = float64(math.Sqrt(3.0) * std)
	bb = 1 / math.Sqrt(float64(fanIn))
	return wb, bb
}

// shuffleOrder returns the order in which a DataLoader with shuffle=True
// visits n samples in one epoch, making the draws PyTorch 1.13 makes when the
// epoch's iterator starts. loaderGen is the DataLoader's generator argument,
// nil for none.
//
// Starting an epoch draws a base seed for worker processes from loaderGen
// (or the default generator); RandomSampler then, without loaderGen, draws a
// seed from the default generator and permutes with a fresh generator seeded
// with it, or with loaderGen permutes directly. So an unseeded loader
// advances the default generator by two 64-bit draws per epoch.
func shuffleOrder(n int, loaderGen *Generator) []int {
	if loaderGen != nil {
		loaderGen.RandomInt64() // _base_seed
		return loaderGen.RandPerm(n)
	}
	defaultGenerator.RandomInt64() // _base_seed
	seed := defaultGenerator.RandomInt64()
	return NewGenerator(uint64(seed)).RandPerm(n)
}

// shuffleEpochEnd makes the draw PyTorch makes when a shuffling DataLoader's
// epoch runs to its end: RandomSampler computes one more permutation for the
// (empty) remainder of its samples before it stops. That consumes loaderGen;
// without one it uses a private generator and changes nothing visible. Call
// it when an epoch is exhausted, not when the loop over it stops early.
func shuffleEpochEnd(n int, loaderGen *Generator) {
	if loaderGen != nil {
		loaderGen.RandPerm(n)
	}
}

// RandLike returns uniform samples in [0, 1) with t's shape and dtype, like
// torch.rand_like(t): the same draws as Rand (or RandFloat64) of that
// shape, from the default generator.
func RandLike(t *Tensor) *Tensor {
	requireFloat("RandLike", likeOf("RandLike", t))
	return empty(t.dtype, t.shape).fillUniform(defaultGenerator, 0, 1)
}

// RandnLike returns standard normal samples with t's shape and dtype, like
// torch.randn_like(t).
func RandnLike(t *Tensor) *Tensor {
	requireFloat("RandnLike", likeOf("RandnLike", t))
	return empty(t.dtype, t.shape).fillNormal(defaultGenerator, 0, 1)
}
