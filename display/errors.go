package display

import (
	"fmt"
	"math"

	"github.com/gonotebooks/descent/gd"
)

// panicf panics with a *gd.Error, the one error type the project's packages
// panic with on misuse, so gd.Catch and errors.Is(err, gd.ErrShape) work for
// display calls too. op is the display call, e.g. "display.Scatter".
func panicf(kind gd.ErrorKind, op, format string, args ...any) {
	panic(&gd.Error{Kind: kind, Op: op, Msg: fmt.Sprintf(format, args...)})
}

// checkMade panics with a display error when a value to draw is nil or was
// not made by its constructor (a zero Progress, an Animation without frames):
// a clear message instead of a nil dereference or a division by zero deep
// inside the renderer.
func checkMade(op string, made bool, what, how string) {
	if !made {
		panicf(gd.ErrValue, op, "%s is nil or empty: make it with %s", what, how)
	}
}

// checkXY panics unless xs and ys pair up one to one.
func checkXY(op string, xs, ys []float64) {
	if len(xs) != len(ys) {
		panicf(gd.ErrShape, op, "x has %d values but y has %d; they must pair up one to one", len(xs), len(ys))
	}
}

// checkRange panics unless lo < hi are finite numbers.
func checkRange(op, what string, lo, hi float64) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo >= hi {
		panicf(gd.ErrValue, op, "%s (%v, %v) must be finite with low < high", what, lo, hi)
	}
}

// checkPositive panics unless n > 0.
func checkPositive(op, what string, n int) {
	if n <= 0 {
		panicf(gd.ErrValue, op, "%s must be positive, got %d", what, n)
	}
}
