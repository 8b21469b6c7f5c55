// Package nprand reproduces NumPy's legacy random functions, the
// np.random.seed / np.random.rand / np.random.randn family that older
// tutorials use, so that a Go notebook draws exactly the numbers the NumPy
// original printed:
//
//	np.random.seed(42)                   nprand.Seed(42)
//	X = np.random.rand(100, 1) * 10      X := nprand.Rand(100, 1).Mul(10)
//	noise = np.random.randn(100)         noise := nprand.Randn(100)
//	w = np.random.randn()                w := nprand.RandnFloat()
//
// The package-level functions share one RandomState, as np.random's do;
// New makes an independent one, like np.random.RandomState(seed). Results
// are float64 tensors (NumPy's default dtype) or plain float64 values.
//
// The engine is the Mersenne Twister MT19937 with NumPy's seeding, so Rand,
// RandFloat, Uniform, Permutation and Shuffle match NumPy bit for bit on
// every platform. Randn uses NumPy's polar method, which calls the C
// library's log; gd calls the same function through cgo, so Randn matches
// NumPy too. Built without cgo, gd uses a correctly rounded logarithm
// instead, and since glibc's log differs from it for about 8 inputs in
// 10,000, roughly 3 Gaussian samples in 10,000 then differ from NumPy's in
// the last bits — among them the first two of article 001's noise after
// seed 42. The Generator API of np.random.default_rng (PCG64, ziggurat) is
// not reproduced.
package nprand
