package torchrand

// PyTorch's scalar and float64 normal samplers, and NumPy's legacy Gaussian,
// call the C library's log, sin and cos. To reproduce their samples bit for
// bit, Log and Sincos call that same C library when cgo is available
// (libm_cgo.go): on a given machine they then return exactly what PyTorch
// and NumPy get. Built without cgo (CGO_ENABLED=0, or no C compiler), they
// fall back to the correctly rounded LogCR and SincosCR (libm_nocgo.go),
// which differ from glibc's results for about 0.1% of inputs.
//
// The float32 log, sin and cos of the vectorised randn kernel do not come
// from the C library (see avxmath.go), so float32 Randn of 16 or more
// contiguous elements, Rand and Uniform are exact either way.
