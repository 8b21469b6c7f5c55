package gd

// RMSprop is torch.optim.RMSprop: each parameter moves by its gradient
// divided by the root of a running average of the squared gradient:
//
//	g = grad + weightDecay*p                 (-grad with Maximize)
//	v = alpha*v + (1-alpha)*g²
//	avg = √v + eps                           (Centered: √(v - gAvg²) + eps, gAvg = alpha*gAvg + (1-alpha)*g)
//	buf = momentum*buf + g/avg; p = p - lr*buf   (with Momentum > 0)
//	p = p - lr*g/avg                            (without)
//
// Defaults as PyTorch's: lr 1e-2 (pass it to NewRMSprop), Alpha(0.99),
// Eps(1e-8), no momentum or weight decay. Float32 trajectories equal
// PyTorch 1.13's bit for bit.
type RMSprop struct {
	optimBase
	state map[*Tensor]*rmspropState
}

type rmspropState struct {
	step                           int
	squareAvg, gradAvg, momentumBf *Tensor
}

var rmspropKind = &optimKind{
	name:     "RMSprop",
	keys:     []string{"alpha", "centered", "differentiable", "eps", "foreach", "lr", "maximize", "momentum", "weight_decay"},
	defaults: ParamGroup{Alpha: 0.99, Eps: 1e-8},
	check: func(op string, g *ParamGroup) {
		nonNegative(op, setting{"epsilon", g.Eps}, setting{"momentum", g.Momentum}, setting{"alpha", g.Alpha})
	},
}

// NewRMSprop returns an RMSprop optimizer for params with learning rate lr
// (PyTorch's default is 1e-2). Options: Alpha, Eps, WeightDecay, Momentum,
// Centered, Maximize, Group.
func NewRMSprop(params Params, lr float64, opts ...OptimOption) *RMSprop {
	return &RMSprop{optimBase: newBase(rmspropKind, params, lr, opts), state: map[*Tensor]*rmspropState{}}
}

// Step updates every parameter that has a gradient.
func (o *RMSprop) Step() {
	o.withGrad(func(g *ParamGroup, p *Tensor) { rmspropUpdate[float32](o, g, p) },
		func(g *ParamGroup, p *Tensor) { rmspropUpdate[float64](o, g, p) })
}

func rmspropUpdate[T float](o *RMSprop, g *ParamGroup, p *Tensor) {
	st := o.state[p]
	if st == nil {
		st = &rmspropState{squareAvg: stateLike(p, 0)}
		o.state[p] = st
	}
	if g.Momentum > 0 && st.momentumBf == nil {
		st.momentumBf = stateLike(p, 0)
	}
	if g.Centered && st.gradAvg == nil {
		st.gradAvg = stateLike(p, 0)
	}
	st.step++
	ps, tmp := paramValues[T](p)
	defer storeParam(p, tmp)
	gs := gradValues[T](p.grad, p.dtype)
	sq := storageOf[T](st.squareAvg)
	var ga, buf []T
	if g.Centered {
		ga = storageOf[T](st.gradAvg)
	}
	if g.Momentum > 0 {
		buf = storageOf[T](st.momentumBf)
	}
	wd, alpha, c, eps := T(g.WeightDecay), T(g.Alpha), T(1-g.Alpha), T(g.Eps)
	mom, negLR := T(g.Momentum), T(-g.LR)
	for i := range ps {
		gi := decayedGrad(g, gs[i], ps[i], wd)
		sq[i] = mulAdd(T(c*gi), gi, T(sq[i]*alpha))
		var avg T
		if ga != nil {
			ga[i] = mulAdd(c, gi, T(ga[i]*alpha))
			avg = sqrtT(mulAdd(-ga[i], ga[i], sq[i]))
		} else {
			avg = sqrtT(sq[i])
		}
		avg += eps
		if buf != nil {
			buf[i] = T(buf[i]*mom) + gi/avg
			ps[i] = mulAdd(negLR, buf[i], ps[i])
		} else {
			ps[i] += T(T(negLR*gi) / avg)
		}
	}
}
