package vec

//go:noescape
func exp32AVX2(dst, src []float32, c *expConsts)
