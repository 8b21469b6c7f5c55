//go:build amd64

package gemm

import "golang.org/x/sys/cpu"

//go:generate go run gen_kernels.go

// The AVX2 micro-kernels of the packed algorithm (kernels_amd64.s). Each
// computes one mr×nr tile: C = alpha*A*B + beta*C, where a points at a
// packed A sliver (kc steps of mr elements), b at a packed B sliver (kc
// steps of nr elements) and c at the tile's top-left element in a row-major
// matrix with row stride ldc. When beta is zero C is written without being
// read. The AVX-512 kernels, which read A in place, are declared in
// kernels_direct_amd64.go.

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
	sAVX2 = newKernel("avx2", 6, 16, 192, 256, 1024, sgemmKernelAVX2)
	dAVX2 = newKernel("avx2", 6, 8, 192, 256, 512, dgemmKernelAVX2)

	// A 12×kc sliver of A is 12 or 24 KiB (L1 holds 48 KiB); a kc×nc
	// block of B is 1 MiB (L2 holds 2 MiB), and mc×kc of a packed A goes
	// beside it.
	sAVX512 = &directKernels[float32]{lanes: 16, kc: 256, nc: 1024, mc: 192, fns: &sgemmDirect,
		tr: transposer[float32]{16, transpose16x16}}
	dAVX512 = &directKernels[float64]{lanes: 8, kc: 128, nc: 1024, mc: 192, fns: &dgemmDirect,
		tr: transposer[float64]{8, transpose8x8}}
)

// kernels32 returns the kernels of path p: packed ones, or for AVX-512 the
// direct ones (the other result is then nil). kernels64 is its float64 twin.
func kernels32(p path) (*kernel[float32], *directKernels[float32]) {
	switch p {
	case pathAVX512:
		return nil, sAVX512
	case pathAVX2:
		return sAVX2, nil
	}
	return sGo, nil
}

func kernels64(p path) (*kernel[float64], *directKernels[float64]) {
	switch p {
	case pathAVX512:
		return nil, dAVX512
	case pathAVX2:
		return dAVX2, nil
	}
	return dGo, nil
}
