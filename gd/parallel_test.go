package gd

import (
	"math"
	"testing"
)

// Large elementwise ops split across goroutines must give exactly what
// element-by-element arithmetic gives.
func TestLargeElementwiseOps(t *testing.T) {
	n := parallelMin*2 + 37
	a := make([]float32, n)
	b := make([]float32, n)
	for i := range a {
		a[i] = float32(i%1000) * 0.001
		b[i] = float32(i%777)*0.01 + 1
	}
	x, y := FromSlice(a), FromSlice(b)
	sum, quot, scaled, ex := x.Add(y).Float32s(), x.Div(y).Float32s(), x.Mul(3).Float32s(), x.Exp().Float32s()
	rs := x.RSub(1).Float32s()
	for i := range a {
		if sum[i] != a[i]+b[i] || quot[i] != a[i]/b[i] || scaled[i] != a[i]*3 || rs[i] != 1-a[i] {
			t.Fatalf("element %d differs", i)
		}
		if ex[i] != float32(math.Exp(float64(a[i]))) {
			t.Fatalf("exp element %d differs", i)
		}
	}
}
