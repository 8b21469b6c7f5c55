//go:build !amd64

package vec

func adamStep32AVX2(p, g, m, v []float32, s *adamScalars) int { panic("vec: no AVX2 path") }

func adamDeadAVX2(p, g, m, v []float32, s *deadScalars) int {
	panic("vec: no AVX2 path")
}
