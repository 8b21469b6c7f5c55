// Package vec holds gd's vectorised float32 loops that must round exactly as
// PyTorch's CPU kernels do.
//
// AxpyFMA32 is SGD's update, p += alpha*d. PyTorch computes it with fused
// multiply-adds in float32 (one rounding per element), vectorised with AVX2.
// On amd64 with AVX2 and FMA this package does the same in assembly, eight
// lanes at a time with a scalar fused tail; elsewhere it falls back to
// FMA32, a float64 fused multiply-add whose false float32 ties are broken,
// so it too rounds once.
//
// AdamStep32 is Adam's update, each of its six operations rounded as the
// float32 kernels of PyTorch's single-tensor Adam round it; without AVX2
// and FMA it reports false and the caller keeps its own exact loop. Lanes
// whose gradient is zero and whose first moment is decaying towards
// float32's subnormal range take a float64 path that rounds every result
// to float32 by hand (adam_subnormal.go): the same bits, without the
// processor's slow microcode for subnormal arithmetic.
//
// Exp32 and Log32 are the float32 exp and log of softmax and
// cross-entropy, with the bits of PyTorch's vectorised exp and log
// (SLEEF's algorithms, fused multiply-adds in float32): eight lanes at a
// time in assembly with AVX2 and FMA, and elsewhere the same operations in
// Go, where FMA32, a float32 fused multiply-add, is a float64 sum with its
// one false tie broken.
//
// SoftmaxRows32 and SoftmaxGradRows32 are softmax and log-softmax along
// the last dim, forward and backward, in the order of PyTorch's kernels:
// its lane-wise sums, its exp and log, its compiler's fused multiply-adds.
// Rows of eight or more go through assembly that does the same operations
// a block of rows at a time.
//
// Every assembly path has a test that it gives the Go path's bits; both
// paths of Exp32 and Log32 are checked against PyTorch's own results
// (testdata/, written by make_fixtures.py), and the softmax kernels by gd's
// softmax_exact_test.go.
package vec
