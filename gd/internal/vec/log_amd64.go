package vec

//go:noescape
func log32AVX2(dst, src []float32, c *logConsts)
