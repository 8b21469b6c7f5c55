package vec

import "golang.org/x/sys/cpu"

var hasFMA = cpu.X86.HasAVX2 && cpu.X86.HasFMA

//go:noescape
func axpyFMA32AVX2(alpha float32, x, y []float32)
