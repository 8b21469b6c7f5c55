//go:build !cgo

package torchrand

// LibmC reports whether Log and Sincos call the C library (true) or the
// correctly rounded Go fallbacks (false).
const LibmC = false

// Log returns LogCR(x): without cgo there is no C library to call.
func Log(x float64) float64 { return LogCR(x) }

// Sincos returns SincosCR(x).
func Sincos(x float64) (sin, cos float64) { return SincosCR(x) }
