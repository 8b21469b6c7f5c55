package gd

import "sync/atomic"

// noGradDepth counts active NoGrad scopes. Grad mode is process-wide (PyTorch's
// is per thread): do not train in one goroutine while another is inside NoGrad.
var noGradDepth atomic.Int32

// NoGrad runs f with gradient recording turned off, like `with torch.no_grad():`.
// Results computed inside do not require grad and record no graph; in-place
// updates of leaf parameters (the SGD step) are allowed inside.
func NoGrad(f func()) {
	noGradDepth.Add(1)
	defer noGradDepth.Add(-1)
	f()
}

// IsGradEnabled reports whether operations are currently recorded
// (false inside NoGrad), like torch.is_grad_enabled().
func IsGradEnabled() bool { return noGradDepth.Load() == 0 }
