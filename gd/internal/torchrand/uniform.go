package torchrand

import "math"

const (
	twoPowMinus24 = 1.0 / (1 << 24)
	twoPowMinus53 = 1.0 / (1 << 53)
)

// Uniform32 returns a float32 uniform sample in [from, to), the way the
// float32 uniform_ kernel computes it: the low 24 bits of one 32-bit draw
// scaled to [0, 1) (exact), then x*(to-from)+from as one fused float32
// multiply-add. to-from is rounded to float32 first, as in the kernel.
func (g *Generator) Uniform32(from, to float32) float32 {
	x := float32(g.Random()&(1<<24-1)) * twoPowMinus24
	if from == 0 && to == 1 {
		return x // x*1+0 is x exactly (x >= 0); torch.rand's case, made cheap
	}
	return fma32(x, to-from, from)
}

// Uniform64 is Uniform32 for float64: the low 53 bits of a 64-bit draw,
// then a fused multiply-add in float64.
func (g *Generator) Uniform64(from, to float64) float64 {
	x := float64(g.Random64()&(1<<53-1)) * twoPowMinus53
	return math.FMA(x, to-from, from)
}

// FillUniform32 fills dst serially, first element first, like uniform_ on a
// float32 tensor whose elements are visited in row-major order.
func (g *Generator) FillUniform32(dst []float32, from, to float32) {
	for i := range dst {
		dst[i] = g.Uniform32(from, to)
	}
}

// FillUniform64 is FillUniform32 for float64.
func (g *Generator) FillUniform64(dst []float64, from, to float64) {
	for i := range dst {
		dst[i] = g.Uniform64(from, to)
	}
}
