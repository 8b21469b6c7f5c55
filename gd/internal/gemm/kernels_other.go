//go:build !amd64

package gemm

func detectPath() path { return pathGo }

func kernels32(path) (*kernel[float32], *directKernels[float32]) { return sGo, nil }

func kernels64(path) (*kernel[float64], *directKernels[float64]) { return dGo, nil }
