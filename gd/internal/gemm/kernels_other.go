//go:build !amd64

package gemm

func detectPath() path { return pathGo }

func kernels32(path) *kernel[float32] { return sGo }

func kernels64(path) *kernel[float64] { return dGo }

func directs32(path) *directKernels[float32] { return nil }

func directs64(path) *directKernels[float64] { return nil }
