//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run gen_kernels.go

// The assembly micro-kernels (kernels_amd64.s). Each computes one mr×nr tile:
// C = alpha*A*B + beta*C, where a points at a packed A sliver (kc steps of
// mr elements), b at a packed B sliver (kc steps of nr elements) and c at the
// tile's top-left element in a row-major matrix with row stride ldc. When beta
// is zero C is written without being read.

//go:noescape
func sgemmKernelAVX512(kc int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func dgemmKernelAVX512(kc int, a, b, c *float64, ldc int, alpha, beta float64)

//go:noescape
func sgemmKernelAVX2(kc int, a, b, c *float32, ldc int, alpha, beta float32)

//go:noescape
func dgemmKernelAVX2(kc int, a, b, c *float64, ldc int, alpha, beta float64)

// detectPath picks the widest instruction set both the CPU and the OS
// support (x/sys/cpu checks that the OS saves the vector registers).
func detectPath() path {
	switch {
	case cpu.X86.HasAVX512F:
		return pathAVX512
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return pathAVX2
	}
	return pathGo
}

var (
	sAVX512 = newKernel("avx512", 12, 32, 192, 384, 1024, sgemmKernelAVX512)
	dAVX512 = newKernel("avx512", 12, 16, 192, 256, 512, dgemmKernelAVX512)
	sAVX2   = newKernel("avx2", 6, 16, 192, 256, 1024, sgemmKernelAVX2)
	dAVX2   = newKernel("avx2", 6, 8, 192, 256, 512, dgemmKernelAVX2)
)

// The unpacked kernels keep a 12×kc sliver of A (24 KiB) in L1 and a kc×nc
// block of B (1 MiB) in L2.
var (
	sDirect = &directKernels[float32]{lanes: 16, kc: 512, nc: 512, fns: &sgemmDirect, tr: tr32}
	dDirect = &directKernels[float64]{lanes: 8, kc: 256, nc: 512, fns: &dgemmDirect, tr: tr64}
	tr32    = transposer[float32]{16, transpose16x16}
	tr64    = transposer[float64]{8, transpose8x8}
)

func init() {
	// The packed AVX-512 kernels share the transposers.
	sAVX512.tr, dAVX512.tr = tr32, tr64
}

// directs32 and directs64 return the unpacked kernels of path p, or nil
// when it has none.
func directs32(p path) *directKernels[float32] {
	if p == pathAVX512 {
		return sDirect
	}
	return nil
}

func directs64(p path) *directKernels[float64] {
	if p == pathAVX512 {
		return dDirect
	}
	return nil
}

func kernels32(p path) *kernel[float32] {
	switch p {
	case pathAVX512:
		return sAVX512
	case pathAVX2:
		return sAVX2
	}
	return sGo
}

func kernels64(p path) *kernel[float64] {
	switch p {
	case pathAVX512:
		return dAVX512
	case pathAVX2:
		return dAVX2
	}
	return dGo
}
