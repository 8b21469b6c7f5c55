package gd

import "slices"

// StepLR multiplies the learning rate by gamma every stepSize epochs
// (torch.optim.lr_scheduler.StepLR; PyTorch's default gamma is 0.1).
type StepLR struct{ schedBase }

// NewStepLR returns a StepLR scheduler for opt.
func NewStepLR(opt Optimizer, stepSize int, gamma float64) *StepLR {
	if stepSize <= 0 {
		panic(errorf(ErrValue, "NewStepLR", "step_size must be positive, got %d", stepSize))
	}
	s := &StepLR{}
	s.start("NewStepLR", opt, func() []float64 {
		return s.groupLRs(func(lr float64, _ int) float64 {
			if s.lastEpoch == 0 || s.lastEpoch%stepSize != 0 {
				return lr
			}
			return lr * gamma
		})
	})
	return s
}

// MultiStepLR multiplies the learning rate by gamma at each milestone
// epoch (by gamma^k where a milestone is listed k times), like
// torch.optim.lr_scheduler.MultiStepLR.
type MultiStepLR struct{ schedBase }

// NewMultiStepLR returns a MultiStepLR scheduler for opt.
func NewMultiStepLR(opt Optimizer, milestones []int, gamma float64) *MultiStepLR {
	ms := slices.Clone(milestones)
	s := &MultiStepLR{}
	s.start("NewMultiStepLR", opt, func() []float64 {
		k := 0
		for _, m := range ms {
			if m == s.lastEpoch {
				k++
			}
		}
		return s.groupLRs(func(lr float64, _ int) float64 {
			if k == 0 {
				return lr
			}
			return lr * powInt(gamma, k)
		})
	})
	return s
}

// ExponentialLR multiplies the learning rate by gamma every epoch
// (torch.optim.lr_scheduler.ExponentialLR).
type ExponentialLR struct{ schedBase }

// NewExponentialLR returns an ExponentialLR scheduler for opt.
func NewExponentialLR(opt Optimizer, gamma float64) *ExponentialLR {
	s := &ExponentialLR{}
	s.start("NewExponentialLR", opt, func() []float64 {
		return s.groupLRs(func(lr float64, _ int) float64 {
			if s.lastEpoch == 0 {
				return lr
			}
			return lr * gamma
		})
	})
	return s
}

// LambdaLR sets the learning rate to the initial one times fn(epoch)
// (torch.optim.lr_scheduler.LambdaLR), e.g. a warm-up:
//
//	gd.NewLambdaLR(opt, func(epoch int) float64 { return min(1, float64(epoch+1)/10) })
type LambdaLR struct{ schedBase }

// NewLambdaLR returns a LambdaLR scheduler for opt.
func NewLambdaLR(opt Optimizer, fn func(epoch int) float64) *LambdaLR {
	if fn == nil {
		panic(errorf(ErrValue, "NewLambdaLR", "lr_lambda is nil"))
	}
	s := &LambdaLR{}
	s.start("NewLambdaLR", opt, func() []float64 {
		return s.groupLRs(func(_ float64, i int) float64 { return s.baseLRs[i] * fn(s.lastEpoch) })
	})
	return s
}

// LinearLR scales the learning rate by a factor going linearly from
// startFactor to endFactor over totalIters epochs, then keeps it
// (torch.optim.lr_scheduler.LinearLR; PyTorch's defaults are 1/3, 1, 5).
type LinearLR struct{ schedBase }

// NewLinearLR returns a LinearLR scheduler for opt. Both factors must be
// in [0, 1], as PyTorch requires.
func NewLinearLR(opt Optimizer, startFactor, endFactor float64, totalIters int) *LinearLR {
	if !(startFactor >= 0 && startFactor <= 1) {
		panic(errorf(ErrValue, "NewLinearLR", "starting multiplicative factor expected to be between 0 and 1, got %v", startFactor))
	}
	if !(endFactor >= 0 && endFactor <= 1) {
		panic(errorf(ErrValue, "NewLinearLR", "ending multiplicative factor expected to be between 0 and 1, got %v", endFactor))
	}
	s := &LinearLR{}
	s.start("NewLinearLR", opt, func() []float64 {
		return s.groupLRs(func(lr float64, _ int) float64 {
			switch {
			case s.lastEpoch == 0:
				return lr * startFactor
			case s.lastEpoch > totalIters:
				return lr
			}
			// The explicit conversions keep each product rounded on its own,
			// as Python rounds it.
			d := endFactor - startFactor
			den := float64(float64(totalIters)*startFactor) + float64(float64(s.lastEpoch-1)*d)
			return lr * (1 + d/den)
		})
	})
	return s
}
