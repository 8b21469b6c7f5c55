package torchrand

import "math"

// twoPi32 is float32(2π), the kernel's _mm256_set1_ps(2.0f * c10::pi<double>).
const twoPi32 = float32(2 * math.Pi)

// FillNormal32 fills a contiguous float32 buffer the way normal_ (and so
// torch.randn) does. With 16 or more elements PyTorch draws all uniforms
// first and transforms them in blocks of 16 (see normalBlock32); a partial
// last block is redone on 16 fresh uniforms in the last 16 slots. Shorter
// buffers take the scalar path, one Normal per element, rounded to float32.
//
// A non-contiguous tensor always takes the scalar path: callers must use
// Normal for it, element by element in row-major order.
func (g *Generator) FillNormal32(dst []float32, mean, std float64) {
	n := len(dst)
	if n < 16 {
		for i := range dst {
			dst[i] = float32(g.Normal(mean, std))
		}
		return
	}
	for i := range dst {
		dst[i] = g.Uniform32(0, 1)
	}
	m, s := float32(mean), float32(std)
	for i := 0; i+16 <= n; i += 16 {
		normalBlock32(dst[i:i+16], m, s)
	}
	if n%16 != 0 {
		last := dst[n-16:]
		for i := range last {
			last[i] = g.Uniform32(0, 1)
		}
		normalBlock32(last, m, s)
	}
}

// normalBlock32 is normal_fill_16_AVX2: Box–Muller on the pairs (j, j+8) of a
// block of 16 uniforms, with float32 log, sin and cos from avxmath.go.
func normalBlock32(d []float32, mean, std float32) {
	var u1, theta lanes
	for j := range u1 {
		u1[j] = 1 - d[j] // (0, 1], safe for log
		theta[j] = float32(twoPi32 * d[j+8])
	}
	lg := logPS(u1)
	sin, cos := sincosPS(theta)
	for j := range lg {
		radius := float32(math.Sqrt(float64(float32(-2 * lg[j]))))
		d[j] = fma32(float32(radius*cos[j]), std, mean)
		d[j+8] = fma32(float32(radius*sin[j]), std, mean)
	}
}

// FillNormal64 is FillNormal32 for float64 buffers (normal_fill<double>):
// the same blocks of 16, computed in float64 with the C library's log, sin
// and cos (Log and Sincos: see libm.go for what happens without cgo).
func (g *Generator) FillNormal64(dst []float64, mean, std float64) {
	n := len(dst)
	if n < 16 {
		for i := range dst {
			dst[i] = g.Normal(mean, std)
		}
		return
	}
	for i := range dst {
		dst[i] = g.Uniform64(0, 1)
	}
	for i := 0; i+16 <= n; i += 16 {
		normalBlock64(dst[i:i+16], mean, std)
	}
	if n%16 != 0 {
		last := dst[n-16:]
		for i := range last {
			last[i] = g.Uniform64(0, 1)
		}
		normalBlock64(last, mean, std)
	}
}

func normalBlock64(d []float64, mean, std float64) {
	_ = d[15]
	for j := 0; j < 8; j++ {
		u1 := 1 - d[j]
		u2 := d[j+8]
		radius := math.Sqrt(float64(Log(u1) * -2))
		theta := float64(2 * math.Pi * u2)
		sin, cos := Sincos(theta)
		d[j] = math.FMA(float64(radius*cos), std, mean)
		d[j+8] = math.FMA(float64(radius*sin), std, mean)
	}
}

// Normal returns one sample of normal_distribution<double>, PyTorch's scalar
// path (tensors under 16 elements, non-contiguous tensors), which also uses
// the C library's log, sin and cos. Box–Muller gives two samples per pair
// of float64 uniforms; the second is kept and returned by the next call,
// whatever tensor that call fills. ManualSeed drops it.
func (g *Generator) Normal(mean, std float64) float64 {
	if g.hasCachedNormal {
		g.hasCachedNormal = false
		return math.FMA(g.cachedNormal, std, mean)
	}
	u1 := g.Uniform64(0, 1)
	u2 := g.Uniform64(0, 1)
	r := math.Sqrt(float64(-2 * Log(1-u2)))
	theta := float64(2 * math.Pi * u1)
	sin, cos := Sincos(theta)
	g.cachedNormal, g.hasCachedNormal = float64(r*sin), true
	return math.FMA(float64(cos*r), std, mean)
}
