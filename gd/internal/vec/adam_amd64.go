package vec

//go:noescape
func adamStep32AVX2(p, g, m, v []float32, s *adamScalars) int

//go:noescape
func adamDeadAVX2(p, g, m, v []float32, s *deadScalars) int
