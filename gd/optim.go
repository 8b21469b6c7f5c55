package gd

import (
	"fmt"
	"github.com/gonotebooks/descent/gd/internal/vec"
	"math"
)

// SGD is stochastic gradient descent, torch.optim.SGD: Step moves every
// parameter against its gradient, optionally with momentum, dampening,
// Nesterov momentum and weight decay, with PyTorch's exact update rule:
//
//	d = grad + weightDecay*p
//	buf = d (first step), then buf = momentum*buf + (1-dampening)*d
//	d = d + momentum*buf (Nesterov) or d = buf
//	p = p - lr*d
//
// Parameters whose Grad is nil are skipped.
type SGD struct {
	params                               Params
	lr, momentum, dampening, weightDecay float64
	nesterov, maximize                   bool
	bufs                                 []*Tensor // momentum buffers, per parameter
}

// SGDOption configures NewSGD.
type SGDOption func(*SGD)

// Momentum sets the momentum factor (default 0).
func Momentum(m float64) SGDOption { return func(o *SGD) { o.momentum = m } }

// Dampening sets the dampening for momentum (default 0).
func Dampening(d float64) SGDOption { return func(o *SGD) { o.dampening = d } }

// Nesterov turns on Nesterov momentum (needs momentum > 0, dampening 0).
func Nesterov() SGDOption { return func(o *SGD) { o.nesterov = true } }

// WeightDecay adds an L2 penalty of this factor (default 0).
func WeightDecay(wd float64) SGDOption { return func(o *SGD) { o.weightDecay = wd } }

// Maximize makes Step climb the objective instead of descending.
func Maximize() SGDOption { return func(o *SGD) { o.maximize = true } }

// NewSGD returns an SGD optimizer for params with learning rate lr. It
// refuses what PyTorch refuses: a negative lr, momentum or weight decay,
// Nesterov without momentum or with dampening, an empty or nil parameter
// list, and parameters that are not leaves.
func NewSGD(params Params, lr float64, opts ...SGDOption) *SGD {
	o := &SGD{params: params, lr: lr}
	for _, opt := range opts {
		opt(o)
	}
	switch {
	case !(lr >= 0):
		panic(errorf(ErrValue, "NewSGD", "invalid learning rate: %v", lr))
	case !(o.momentum >= 0):
		panic(errorf(ErrValue, "NewSGD", "invalid momentum value: %v", o.momentum))
	case !(o.weightDecay >= 0):
		panic(errorf(ErrValue, "NewSGD", "invalid weight_decay value: %v", o.weightDecay))
	case o.nesterov && (o.momentum <= 0 || o.dampening != 0):
		panic(errorf(ErrValue, "NewSGD", "Nesterov momentum requires a momentum and zero dampening (momentum=%v, dampening=%v)", o.momentum, o.dampening))
	case len(params) == 0:
		panic(errorf(ErrValue, "NewSGD", "optimizer got an empty parameter list"))
	}
	for i, p := range params {
		if p == nil {
			panic(errorf(ErrValue, "NewSGD", "parameter %d is nil", i))
		}
		if !p.IsLeaf() {
			panic(errorf(ErrValue, "NewSGD", "can't optimize a non-leaf tensor (parameter %d is the output of %s)", i, p.GradFnName()))
		}
	}
	o.bufs = make([]*Tensor, len(params))
	return o
}

// LR returns the learning rate.
func (o *SGD) LR() float64 { return o.lr }

// SetLR changes the learning rate (for schedules).
func (o *SGD) SetLR(lr float64) {
	if !(lr >= 0) {
		panic(errorf(ErrValue, "SetLR", "invalid learning rate: %v", lr))
	}
	o.lr = lr
}

// Params returns the parameters being optimized.
func (o *SGD) Params() Params { return o.params }

// String describes the optimizer's settings.
func (o *SGD) String() string {
	return fmt.Sprintf("SGD(lr=%v, momentum=%v, dampening=%v, weight_decay=%v, nesterov=%t, maximize=%t)",
		o.lr, o.momentum, o.dampening, o.weightDecay, o.nesterov, o.maximize)
}

// Step updates every parameter that has a gradient. It runs without
// recording, like PyTorch's step under no_grad.
func (o *SGD) Step() {
	noGradDepth.Add(1)
	defer noGradDepth.Add(-1)
	{
		for i, p := range o.params {
			if p.grad == nil {
				continue
			}
			d := p.grad
			if o.maximize {
				d = unaryRaw(opNeg, d, 0, 0)
			}
			if o.weightDecay != 0 {
				d = d.contiguousRaw().detachedCopy(p.dtype)
				axpy(d, o.weightDecay, p)
			}
			if o.momentum != 0 {
				buf := o.bufs[i]
				if buf == nil {
					buf = d.detachedCopy(p.dtype)
					o.bufs[i] = buf
				} else {
					unaryInPlace(opScale, buf, o.momentum)
					axpy(buf, 1-o.dampening, d)
				}
				if o.nesterov {
					d = d.detachedCopy(p.dtype)
					axpy(d, o.momentum, buf)
				} else {
					d = buf
				}
			}
			axpy(p, -o.lr, d)
			p.bumpVersion()
		}
	}
}

// ZeroGradOption configures ZeroGrad.
type ZeroGradOption func(*bool)

// SetToNone(false) makes ZeroGrad fill gradients with zeros instead of
// dropping them (PyTorch's zero_grad(set_to_none=False)).
func SetToNone(on bool) ZeroGradOption { return func(b *bool) { *b = on } }

// ZeroGrad clears the gradients of all parameters: it sets them to nil, like
// PyTorch 2's default optimizer.zero_grad(); with SetToNone(false) it zeroes
// them in place instead.
func (o *SGD) ZeroGrad(opts ...ZeroGradOption) {
	toNone := true
	if len(opts) > 0 {
		toNone = zeroGradToNone(opts)
	}
	for _, p := range o.params {
		if toNone {
			p.grad = nil
		} else if p.grad != nil {
			p.grad.fill(0)
		}
	}
}

// zeroGradToNone applies ZeroGrad's options. It is separate so that the
// flag the options write to is allocated only when there are options.
func zeroGradToNone(opts []ZeroGradOption) bool {
	toNone := true
	for _, opt := range opts {
		opt(&toNone)
	}
	return toNone
}

// axpy computes y += alpha*x in place (x broadcast to y), the way
// PyTorch's y.add_(x, alpha=alpha) does on x86-64: a fused multiply-add
// rounded once to y's dtype.
func axpy(y *Tensor, alpha float64, x *Tensor) {
	if x.dtype != y.dtype {
		x = x.detachedCopy(y.dtype)
	}
	if y.IsContiguous() && x.IsContiguous() && x.Numel() == y.Numel() {
		n := y.Numel()
		if y.dtype == Float32 {
			// PyTorch's update is a float32 fused multiply-add per element,
			// vectorised; vec does the same (in assembly on amd64).
			vec.AxpyFMA32(float32(alpha), x.f32[x.offset:x.offset+n], y.f32[y.offset:y.offset+n])
		} else {
			ys, xs := y.f64[y.offset:y.offset+n], x.f64[x.offset:x.offset+n]
			for i := range ys {
				ys[i] = math.FMA(alpha, xs[i], ys[i])
			}
		}
		return
	}
	// Rare layouts: scale a copy, then add.
	s := x.scalarRaw(opMul, alpha, false)
	addInto(y, s)
}
