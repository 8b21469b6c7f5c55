//go:build !amd64

package vec

func log32AVX2(dst, src []float32, c *logConsts) { panic("vec: no AVX2 path") }
