// Package torchrand reproduces, bit for bit, the random numbers of PyTorch's
// CPU generator (torch.Generator, torch.manual_seed) as built for x86-64 Linux
// with AVX2 kernels, which is what Debian's python3-torch 1.13 runs on a
// current machine.
//
// It works on plain slices and knows nothing about tensors: package gd wraps
// it. The pieces, each in its own file:
//
//   - mt19937.go: the Mersenne Twister engine (shared with package nprand).
//   - generator.go: seeding, 32- and 64-bit draws, the cached normal sample.
//   - uniform.go: float32 and float64 uniform draws as torch.rand and
//     Tensor.uniform_ make them.
//   - normal.go: torch.randn and Tensor.normal_, with the two algorithms
//     PyTorch switches between (a 16-wide Box–Muller block for contiguous
//     tensors of 16 or more elements, a scalar cached Box–Muller otherwise).
//   - avxmath.go: the float32 log and sin/cos polynomials of the vectorised
//     block, with the same fused multiply-adds as the compiled kernel;
//     fma32.go: a correctly rounded float32 fused multiply-add for them.
//   - libm.go: the C library's log and sincos, which the scalar and float64
//     paths need, through cgo, or else log.go and sincos.go: correctly
//     rounded Go versions in double-double arithmetic (dd.go).
//   - randperm.go: torch.randperm.
//
// Go may fuse x*y+z into one instruction on some platforms, which changes
// the last bit. The code therefore writes float32(...) or float64(...)
// around every product whose rounding matters, and math.FMA (or fma32)
// wherever the compiled PyTorch kernel fuses.
package torchrand
