package gd

import "sync/atomic"

// noGradDepth counts active NoGrad scopes. Grad mode is process-wide
// (PyTorch's is per thread); see NoGrad for what that means for goroutines.
var noGradDepth atomic.Int32

// NoGrad runs f with gradient recording turned off, like `with torch.no_grad():`.
// Results computed inside do not require grad and record no graph; in-place
// updates of leaf parameters (the SGD step) are allowed inside.
//
// The mode is process-wide: while f runs, no goroutine records, and every
// goroutine may update leaves in place. So do not call NoGrad while another
// goroutine trains. Backward, layer initialisation and data loading never
// switch the mode, so goroutines that train independent models without
// calling NoGrad do not interfere. To evaluate without recording from any
// goroutine, use Eval or compute on Detach()ed tensors: an op records only
// when an input requires grad.
func NoGrad(f func()) {
	if f == nil {
		panic(errorf(ErrValue, "NoGrad", "function is nil"))
	}
	noGradDepth.Add(1)
	defer noGradDepth.Add(-1)
	f()
}

// IsGradEnabled reports whether operations are currently recorded
// (false inside NoGrad), like torch.is_grad_enabled().
func IsGradEnabled() bool { return noGradDepth.Load() == 0 }
