package gd

import (
	"math"

	"github.com/gonotebooks/descent/gd/internal/vec"
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
// Each line rounds as PyTorch's CPU kernels round (fused multiply-adds),
// so float32 trajectories equal PyTorch's bit for bit.
type SGD struct {
	optimBase
	bufs map[*Tensor]*Tensor // momentum buffers, per parameter
}

var sgdKind = &optimKind{
	name: "SGD",
	keys: []string{"dampening", "differentiable", "foreach", "lr", "maximize", "momentum", "nesterov", "weight_decay"},
	check: func(op string, g *ParamGroup) {
		nonNegative(op, setting{"momentum", g.Momentum})
		if g.Nesterov && (g.Momentum <= 0 || g.Dampening != 0) {
			panic(errorf(ErrValue, op, "Nesterov momentum requires a momentum and zero dampening (momentum=%v, dampening=%v)", g.Momentum, g.Dampening))
		}
	},
}

// NewSGD returns an SGD optimizer for params with learning rate lr. Options:
// Momentum, Dampening, Nesterov, WeightDecay, Maximize, Group. It refuses
// what PyTorch refuses: a negative lr, momentum or weight decay, Nesterov
// without momentum or with dampening, an empty or nil parameter list, and
// parameters that are not leaves.
func NewSGD(params Params, lr float64, opts ...OptimOption) *SGD {
	return &SGD{optimBase: newBase(sgdKind, params, lr, opts), bufs: map[*Tensor]*Tensor{}}
}

// Step updates every parameter that has a gradient.
func (o *SGD) Step() {
	o.withGrad(func(g *ParamGroup, p *Tensor) { sgdUpdate[float32](o, g, p) },
		func(g *ParamGroup, p *Tensor) { sgdUpdate[float64](o, g, p) })
}

func sgdUpdate[T float](o *SGD, g *ParamGroup, p *Tensor) {
	ps, tmp := paramValues[T](p)
	defer storeParam(p, tmp)
	gs := gradValues[T](p.grad, p.dtype)
	lr := T(-g.LR)
	if g.Momentum == 0 && g.WeightDecay == 0 && !g.Maximize {
		// The plain step of the articles: one vectorised fused multiply-add.
		if x, ok := any(gs).([]float32); ok {
			vec.AxpyFMA32(float32(lr), x, any(ps).([]float32))
			return
		}
		for i := range ps {
			ps[i] = T(math.FMA(float64(lr), float64(gs[i]), float64(ps[i])))
		}
		return
	}
	var buf []T
	first := false
	if g.Momentum != 0 {
		b := o.bufs[p]
		if b == nil {
			b, first = stateLike(p, 0), true
			o.bufs[p] = b
		}
		buf = storageOf[T](b)
	}
	wd, mom, damp1 := T(g.WeightDecay), T(g.Momentum), T(1-g.Dampening)
	for i := range ps {
		d := decayedGrad(g, gs[i], ps[i], wd)
		if g.Momentum != 0 {
			if first {
				buf[i] = d
			} else {
				buf[i] = mulAdd(damp1, d, T(buf[i]*mom))
			}
			if g.Nesterov {
				d = mulAdd(mom, buf[i], d)
			} else {
				d = buf[i]
			}
		}
		ps[i] = mulAdd(lr, d, ps[i])
	}
}
