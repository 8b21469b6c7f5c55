package gd

// Adagrad is torch.optim.Adagrad: each parameter's step is divided by the
// root of the sum of all its squared gradients so far, so often-updated
// coordinates slow down:
//
//	g = grad + weightDecay*p                 (-grad with Maximize)
//	sum = sum + g²                           (starts at InitialAccumulatorValue)
//	p = p - lr/(1 + (t-1)*lrDecay) * g/(√sum + eps)
//
// Defaults as PyTorch's: lr 1e-2 (pass it to NewAdagrad), Eps(1e-10), no
// lr decay or weight decay. Float32 trajectories equal PyTorch 1.13's bit
// for bit.
type Adagrad struct {
	optimBase
	state map[*Tensor]*adagradState
}

type adagradState struct {
	step float32 // PyTorch keeps it in a float32 tensor
	sum  *Tensor
}

var adagradKind = &optimKind{
	name:     "Adagrad",
	keys:     []string{"eps", "foreach", "initial_accumulator_value", "lr", "lr_decay", "maximize", "weight_decay"},
	defaults: ParamGroup{Eps: 1e-10},
	check: func(op string, g *ParamGroup) {
		nonNegative(op, setting{"lr_decay", g.LRDecay}, setting{"initial_accumulator_value", g.InitialAccumulatorValue}, setting{"epsilon", g.Eps})
	},
}

// NewAdagrad returns an Adagrad optimizer for params with learning rate lr
// (PyTorch's default is 1e-2). Options: LRDecay, WeightDecay,
// InitialAccumulatorValue, Eps, Maximize, Group. Like PyTorch it creates
// the sums right away, filled with the initial accumulator value.
func NewAdagrad(params Params, lr float64, opts ...OptimOption) *Adagrad {
	o := &Adagrad{optimBase: newBase(adagradKind, params, lr, opts), state: map[*Tensor]*adagradState{}}
	for _, g := range o.groups {
		for _, p := range g.Params {
			o.state[p] = &adagradState{sum: stateLike(p, g.InitialAccumulatorValue)}
		}
	}
	return o
}

// Step updates every parameter that has a gradient.
func (o *Adagrad) Step() {
	o.withGrad(func(g *ParamGroup, p *Tensor) { adagradUpdate[float32](g, p, o.state[p]) },
		func(g *ParamGroup, p *Tensor) { adagradUpdate[float64](g, p, o.state[p]) })
}

func adagradUpdate[T float](g *ParamGroup, p *Tensor, st *adagradState) {
	ps, tmp := paramValues[T](p)
	defer storeParam(p, tmp)
	gs := gradValues[T](p.grad, p.dtype)
	sum := storageOf[T](st.sum)
	st.step++
	clr := g.LR / (1 + float64((float64(st.step)-1)*g.LRDecay))
	wd, eps, negCLR := T(g.WeightDecay), T(g.Eps), T(-clr)
	for i := range ps {
		gi := decayedGrad(g, gs[i], ps[i], wd)
		sum[i] = mulAdd(gi, gi, sum[i])
		std := sqrtT(sum[i]) + eps
		ps[i] += T(T(negCLR*gi) / std)
	}
}
