package gemm

import (
	"sync"
	"unsafe"
)

type float interface{ ~float32 | ~float64 }

// path names an implementation of the micro-kernel.
type path int

const (
	pathGo     path = iota // portable Go, any CPU
	pathAVX2               // AVX2 + FMA, 256-bit registers
	pathAVX512             // AVX-512F, 512-bit registers
)

func (p path) String() string {
	return [...]string{"go", "avx2", "avx512"}[p]
}

// bestPath is what this CPU supports. usePath is what Sgemm and Dgemm run;
// tests lower it to cover the narrower paths on a wide machine.
var (
	bestPath = detectPath()
	usePath  = bestPath
)

// kernel is a micro-kernel of the packed algorithm (AVX2 and Go) together
// with the blocking sizes that keep its operands in cache: an mr×kc sliver
// of A stays in L1 while kc×nr slivers of B stream from a kc×nc block held
// in L2. mc rows of A are packed at a time.
type kernel[T float] struct {
	name       string
	mr, nr     int
	mc, kc, nc int
	fn         func(kc int, a, b, c *T, ldc int, alpha, beta T)
	tr         transposer[T]
	pool       sync.Pool // of *workspace[T]
}

// transposer copies an n×n block transposed: dst[j*ldd+i] = src[i*lds+j].
// The assembly ones (see gen_kernels.go) pack a transposed B.
type transposer[T float] struct {
	n  int
	fn func(src *T, lds int, dst *T, ldd int)
}

// workspace holds one goroutine's pack buffers, reused across calls.
type workspace[T float] struct {
	a, b []T // packed A block (mc×kc) and B block (kc×nc), 64-byte aligned
	tile []T // mr×nr scratch tile for the ragged edges of C
}

func newKernel[T float](name string, mr, nr, mc, kc, nc int, fn func(int, *T, *T, *T, int, T, T)) *kernel[T] {
	k := &kernel[T]{name: name, mr: mr, nr: nr, mc: mc, kc: kc, nc: nc, fn: fn}
	k.pool.New = func() any {
		return &workspace[T]{
			a:    aligned[T](roundUp(mc, mr) * kc),
			b:    aligned[T](roundUp(nc, nr) * kc),
			tile: aligned[T](mr * nr),
		}
	}
	return k
}

func roundUp(x, m int) int { return (x + m - 1) / m * m }

// aligned returns a zeroed slice of n elements starting on a 64-byte
// boundary, so that vector loads from packed panels never split cache lines.
func aligned[T float](n int) []T {
	var zero T
	size := int(unsafe.Sizeof(zero))
	buf := make([]T, n+64/size)
	off := int(uintptr(unsafe.Pointer(&buf[0]))%64) / size
	if off != 0 {
		off = 64/size - off
	}
	return buf[off : off+n : off+n]
}
