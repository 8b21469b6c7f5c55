//go:build !amd64

package vec

func adamStep32AVX2(p, g, m, v []float32, s *adamScalars) { panic("vec: no AVX2 path") }
