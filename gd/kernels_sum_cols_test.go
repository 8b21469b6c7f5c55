package gd

import (
	"math"
	"math/rand/v2"
	"testing"
)

// cascadeColumns gives, column by column, cascadeRow's bits: every length
// from 1 to 300 rows (short ones, one cascade step, several, the levels'
// merges) and a few long ones, float32 and float64.
func TestCascadeColumnsMatchesCascadeRow(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	lengths := []int{4097, 70000}
	for n := 1; n <= 300; n++ {
		lengths = append(lengths, n)
	}
	for _, n := range lengths {
		const stride = columnsAtOnce + 3
		x32 := make([]float32, n*stride)
		x64 := make([]float64, n*stride)
		for i := range x32 {
			v := rng.NormFloat64() * math.Pow(10, float64(rng.IntN(9)-4))
			x32[i], x64[i] = float32(v), v
		}
		var s32 [columnsAtOnce]float32
		var s64 [columnsAtOnce]float64
		cascadeColumns(s32[:], x32, 2, stride, n)
		cascadeColumns(s64[:], x64, 2, stride, n)
		for c := range columnsAtOnce {
			if w := cascadeRow(x32, 2+c, stride, n); math.Float32bits(s32[c]) != math.Float32bits(w) {
				t.Fatalf("float32, n=%d, column %d: %v, cascadeRow %v", n, c, s32[c], w)
			}
			if w := cascadeRow(x64, 2+c, stride, n); math.Float64bits(s64[c]) != math.Float64bits(w) {
				t.Fatalf("float64, n=%d, column %d: %v, cascadeRow %v", n, c, s64[c], w)
			}
		}
	}
}
