package gd

import (
	"math"

	"github.com/gonotebooks/descent/gd/internal/vec"
)

// Adam is torch.optim.Adam: each parameter moves by a running average of
// its gradient (the first moment m) divided by the square root of a running
// average of the squared gradient (the second moment v), both corrected for
// their start at zero:
//
//	g = grad + weightDecay*p              (-grad with Maximize)
//	m = beta1*m + (1-beta1)*g
//	v = beta2*v + (1-beta2)*g²            (AMSGrad: vmax = max(vmax, v), used below)
//	p = p - lr/(1-beta1^t) * m / (√v/√(1-beta2^t) + eps)
//
// Defaults as PyTorch's: lr 1e-3 (pass it to NewAdam), Betas(0.9, 0.999),
// Eps(1e-8), no weight decay. The operations and their rounding follow
// PyTorch 1.13's single-tensor CPU code, so float32 trajectories equal
// PyTorch's bit for bit (the tests compare hundreds of steps).
type Adam struct {
	optimBase
	state map[*Tensor]*adamState
}

// adamState is one parameter's state, named as in PyTorch's state_dict.
type adamState struct {
	step                          float32 // PyTorch keeps it in a float32 tensor
	expAvg, expAvgSq, maxExpAvgSq *Tensor
}

// AdamW is torch.optim.AdamW: Adam with decoupled weight decay, which
// shrinks the parameters (p = p*(1 - lr*weightDecay)) before the Adam step
// instead of adding the decay to the gradient. WeightDecay defaults to 0.01.
type AdamW struct{ Adam }

func checkAdam(op string, g *ParamGroup) {
	nonNegative(op, setting{"epsilon", g.Eps})
	switch {
	case !(g.Betas[0] >= 0 && g.Betas[0] < 1):
		panic(errorf(ErrValue, op, "invalid beta parameter at index 0: %v", g.Betas[0]))
	case !(g.Betas[1] >= 0 && g.Betas[1] < 1):
		panic(errorf(ErrValue, op, "invalid beta parameter at index 1: %v", g.Betas[1]))
	}
}

var adamKind = &optimKind{
	name:     "Adam",
	keys:     []string{"amsgrad", "betas", "capturable", "differentiable", "eps", "foreach", "fused", "lr", "maximize", "weight_decay"},
	defaults: ParamGroup{Betas: [2]float64{0.9, 0.999}, Eps: 1e-8},
	check:    checkAdam,
}

var adamWKind = &optimKind{
	name:     "AdamW",
	keys:     []string{"amsgrad", "betas", "capturable", "eps", "foreach", "lr", "maximize", "weight_decay"},
	defaults: ParamGroup{Betas: [2]float64{0.9, 0.999}, Eps: 1e-8, WeightDecay: 1e-2},
	check:    checkAdam,
}

// NewAdam returns an Adam optimizer for params with learning rate lr
// (PyTorch's default is 1e-3). Options: Betas, Eps, WeightDecay, AMSGrad,
// Maximize, Group. Invalid settings are refused as PyTorch refuses them.
func NewAdam(params Params, lr float64, opts ...OptimOption) *Adam {
	return &Adam{optimBase: newBase(adamKind, params, lr, opts), state: map[*Tensor]*adamState{}}
}

// NewAdamW returns an AdamW optimizer (decoupled weight decay, default
// 0.01) for params with learning rate lr (PyTorch's default is 1e-3).
// Options as NewAdam's.
func NewAdamW(params Params, lr float64, opts ...OptimOption) *AdamW {
	return &AdamW{Adam{optimBase: newBase(adamWKind, params, lr, opts), state: map[*Tensor]*adamState{}}}
}

// Step updates every parameter that has a gradient.
func (o *Adam) Step() { o.step(false) }

// Step updates every parameter that has a gradient.
func (o *AdamW) Step() { o.step(true) }

func (o *Adam) step(decoupled bool) {
	o.withGrad(func(g *ParamGroup, p *Tensor) { adamUpdate[float32](o, g, p, decoupled) },
		func(g *ParamGroup, p *Tensor) { adamUpdate[float64](o, g, p, decoupled) })
}

func adamUpdate[T float](o *Adam, g *ParamGroup, p *Tensor, decoupled bool) {
	st := o.state[p]
	if st == nil {
		st = &adamState{expAvg: stateLike(p, 0), expAvgSq: stateLike(p, 0)}
		o.state[p] = st
	}
	ps, tmp := paramValues[T](p)
	defer storeParam(p, tmp)
	gs := gradValues[T](p.grad, p.dtype)
	m, v := storageOf[T](st.expAvg), storageOf[T](st.expAvgSq)
	var vmax []T
	if g.AMSGrad {
		if st.maxExpAvgSq == nil { // made on the first AMSGrad step
			st.maxExpAvgSq = stateLike(p, 0)
		}
		vmax = storageOf[T](st.maxExpAvgSq)
	}
	st.step++
	// Python-side scalars, in float64 as PyTorch computes them.
	beta1, beta2 := g.Betas[0], g.Betas[1]
	step := int(st.step)
	stepSize := g.LR / (1 - powInt(beta1, step))
	bc2Sqrt := math.Sqrt(1 - powInt(beta2, step))
	// The same scalars as the kernels receive them.
	b1, b2, c1, c2 := T(beta1), T(beta2), T(1-beta1), T(1-beta2)
	wd, eps, negStep, bc2 := T(g.WeightDecay), T(g.Eps), T(-stepSize), T(bc2Sqrt)
	shrink := T(1 - float64(g.LR*g.WeightDecay)) // AdamW's param.mul_(1 - lr*weight_decay), the product rounded first
	if p32, ok := any(ps).([]float32); ok && !g.Maximize && g.WeightDecay == 0 && vmax == nil {
		if vec.AdamStep32(p32, any(gs).([]float32), any(m).([]float32), any(v).([]float32),
			float32(b1), float32(c1), float32(b2), float32(c2), float32(bc2), float32(eps), float32(negStep)) {
			return
		}
	}
	for i := range ps {
		gi := gs[i]
		if g.Maximize {
			gi = -gi
		}
		if decoupled {
			ps[i] = T(ps[i] * shrink)
		} else if g.WeightDecay != 0 {
			gi = mulAdd(wd, ps[i], gi)
		}
		m[i] = mulAdd(c1, gi, T(m[i]*b1))
		v[i] = mulAdd(T(c2*gi), gi, T(v[i]*b2))
		vi := v[i]
		if vmax != nil {
			vmax[i] = max(vmax[i], vi)
			vi = vmax[i]
		}
		denom := T(sqrtT(vi)/bc2) + eps
		ps[i] += T(T(negStep*m[i]) / denom)
	}
}
