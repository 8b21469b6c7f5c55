package gd

import (
	"testing"
	"unsafe"
)

// alloc's element capacities are tuned so that a recorded op's output,
// layout, elements and node fill a Go allocation size class exactly (no
// bytes wasted per op). Adding a field to Tensor or node shifts them: this
// test then names the sizes to retune.
func TestBoxSizes(t *testing.T) {
	for _, c := range []struct {
		name      string
		got, want uintptr
	}{
		{"[6]float32 with node", unsafe.Sizeof(nodeBox[[6]float32]{}), 384},
		{"[14]float32 with node", unsafe.Sizeof(nodeBox[[14]float32]{}), 416},
		{"[22]float32 with node", unsafe.Sizeof(nodeBox[[22]float32]{}), 448},
		{"[30]float32 with node", unsafe.Sizeof(nodeBox[[30]float32]{}), 480},
		{"[38]float32 with node", unsafe.Sizeof(nodeBox[[38]float32]{}), 512},
		{"[3]float64 with node", unsafe.Sizeof(nodeBox[[3]float64]{}), 384},
		{"[7]float64 with node", unsafe.Sizeof(nodeBox[[7]float64]{}), 416},
		{"[11]float64 with node", unsafe.Sizeof(nodeBox[[11]float64]{}), 448},
		{"[15]float64 with node", unsafe.Sizeof(nodeBox[[15]float64]{}), 480},
		{"[19]float64 with node", unsafe.Sizeof(nodeBox[[19]float64]{}), 512},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d bytes, want %d (retune alloc's capacities to the size classes)", c.name, c.got, c.want)
		}
	}
}
