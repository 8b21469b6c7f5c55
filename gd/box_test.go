package gd

import "testing"

// alloc's element capacities are tuned so that a recorded op's output,
// layout, elements and node fill a Go allocation size class exactly (no
// bytes wasted per op). Adding a field to Tensor or node shifts them: this
// test then names the classes to retune.
func TestBoxSizes(t *testing.T) {
	for _, c := range boxClasses {
		if c.size != c.sizeClass {
			t.Errorf("box of %d float64 (%d float32) with node: %d bytes, want %d (retune boxClasses to Go's size classes)", c.words, 2*c.words, c.size, c.sizeClass)
		}
	}
}
