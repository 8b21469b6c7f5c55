//go:build !race

// The race detector makes sync.Pool drop objects at random, so allocation
// counts are only meaningful without it.

package gemm

import (
	"math"
	"testing"
)

// TestNoAllocs: a warm call allocates nothing, on the small path and the
// blocked one (pack buffers come from a pool).
func TestNoAllocs(t *testing.T) {
	defer saveKnobs()()
	parallelMin = math.MaxInt
	for _, dm := range []int{0, math.MaxInt} {
		directMax = dm
		for _, s := range [][3]int{{1, 1, 1}, {100, 1, 2}, {64, 128, 128}} {
			m, n, k := s[0], s[1], s[2]
			a, b, c := make([]float32, m*k), make([]float32, k*n), make([]float32, m*n)
			for _, tB := range []bool{false, true} {
				ldb := n
				if tB {
					ldb = k
				}
				allocs := testing.AllocsPerRun(20, func() { Sgemm(false, tB, m, n, k, 1, a, k, b, ldb, 0, c, n) })
				if allocs != 0 {
					t.Errorf("%v transB=%v directMax=%d: %v allocations per call", s, tB, dm, allocs)
				}
			}
		}
	}
}
