//go:build cgo

package torchrand

// #cgo LDFLAGS: -lm
// #include <math.h>
//
// // A plain C function, so that the call goes to the library, never to a
// // compiler builtin.
// static void gd_sincos(double x, double *s, double *c) {
// 	*s = sin(x);
// 	*c = cos(x);
// }
import "C"

// LibmC reports whether Log and Sincos call the C library (true) or the
// correctly rounded Go fallbacks (false).
const LibmC = true

// Log returns the C library's log(x).
func Log(x float64) float64 { return float64(C.log(C.double(x))) }

// Sincos returns the C library's sin(x) and cos(x).
func Sincos(x float64) (sin, cos float64) {
	var s, c C.double
	C.gd_sincos(C.double(x), &s, &c)
	return float64(s), float64(c)
}
