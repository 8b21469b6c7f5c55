//go:build !amd64

package vec

func exp32AVX2(dst, src []float32, c *expConsts) { exp32Go(dst, src) }
