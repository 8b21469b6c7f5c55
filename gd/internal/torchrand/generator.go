package torchrand

// DefaultSeed is the seed PyTorch gives a generator nobody seeded
// (default_rng_seed_val): torch.Generator() and the process-wide default
// generator both start from it.
const DefaultSeed uint64 = 67280421310721

// Generator is PyTorch's CPUGeneratorImpl: a Mersenne Twister plus the
// second sample of the last scalar Box–Muller pair. It is not safe for
// concurrent use; package gd locks around it.
type Generator struct {
	mt   MT19937
	seed uint64

	// The scalar normal path produces two samples per pair of uniforms and
	// keeps the second one here for the next call.
	cachedNormal    float64
	hasCachedNormal bool
}

// New returns a generator seeded with seed.
func New(seed uint64) *Generator {
	g := &Generator{}
	g.ManualSeed(seed)
	return g
}

// ManualSeed reseeds the generator like torch.manual_seed: only the low 32
// bits reach the engine, InitialSeed reports all 64, and the cached normal
// sample is dropped.
func (g *Generator) ManualSeed(seed uint64) {
	g.seed = seed
	g.mt.Seed(uint32(seed))
	g.cachedNormal, g.hasCachedNormal = 0, false
}

// InitialSeed returns the seed last given to ManualSeed.
func (g *Generator) InitialSeed() uint64 { return g.seed }

// Random returns the next 32-bit output of the engine (CPUGeneratorImpl::random).
func (g *Generator) Random() uint32 { return g.mt.Uint32() }

// Random64 joins two consecutive outputs, the first as the high half
// (CPUGeneratorImpl::random64).
func (g *Generator) Random64() uint64 {
	hi := uint64(g.mt.Uint32())
	lo := uint64(g.mt.Uint32())
	return hi<<32 | lo
}

// RandomInt64 is what an int64 tensor's random_() stores: a 64-bit draw
// reduced modulo 2^63, so it is never negative. DataLoader uses it to seed
// its shuffling generator.
func (g *Generator) RandomInt64() int64 {
	return int64(g.Random64() & (1<<63 - 1))
}
