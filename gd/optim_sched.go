package gd

import "github.com/gonotebooks/descent/gd/internal/torchrand"

// LRScheduler changes an optimizer's learning rate as training goes on,
// like torch.optim.lr_scheduler: call Step once per epoch (or batch),
// after the optimizer's Step, as PyTorch asks since 1.1:
//
//	opt := gd.NewSGD(model.Parameters(), 0.1, gd.Momentum(0.9))
//	sched := gd.NewCosineAnnealingLR(opt, 100)
//	for epoch := range 100 {
//		train(model, opt)   // opt.ZeroGrad(), loss.Backward(), opt.Step()
//		sched.Step()
//	}
//
// A scheduler works on any Optimizer through its parameter groups, and sets
// every group's LR. Constructing one already sets the first epoch's rate.
// The rates equal PyTorch's bit for bit: each scheduler computes them with
// PyTorch's own (chainable) formulas, in float64, in the same order.
type LRScheduler interface {
	// Step moves to the next epoch and sets the groups' learning rates.
	Step()
	// LastLR returns the learning rates the last Step set, one per
	// parameter group (PyTorch's get_last_lr()).
	LastLR() []float64
}

// schedBase is what every scheduler shares: PyTorch's _LRScheduler.
type schedBase struct {
	opt       Optimizer
	baseLRs   []float64
	lastEpoch int
	lastLR    []float64
	getLR     func() []float64 // the scheduler's chainable formula
}

// start records each group's initial lr (kept if a scheduler already set
// it, as PyTorch's setdefault does) and takes the first step.
func (s *schedBase) start(op string, opt Optimizer, getLR func() []float64) {
	if opt == nil {
		panic(errorf(ErrValue, op, "optimizer is nil"))
	}
	s.opt, s.getLR, s.lastEpoch = opt, getLR, -1
	for _, g := range opt.ParamGroups() {
		if _, ok := g.extra["initial_lr"]; !ok {
			g.setExtra("initial_lr", g.LR)
		}
		s.baseLRs = append(s.baseLRs, g.extra["initial_lr"])
	}
	s.Step()
}

// Step moves to the next epoch and sets the groups' learning rates.
func (s *schedBase) Step() {
	s.lastEpoch++
	lrs := s.getLR()
	s.lastLR = s.lastLR[:0]
	for i, g := range s.opt.ParamGroups() {
		g.LR = lrs[i]
		s.lastLR = append(s.lastLR, lrs[i])
	}
}

// LastLR returns the learning rates set by the last Step, one per group.
func (s *schedBase) LastLR() []float64 { return append([]float64(nil), s.lastLR...) }

// LastEpoch returns the number of Steps taken since construction (PyTorch's
// last_epoch; 0 right after construction).
func (s *schedBase) LastEpoch() int { return s.lastEpoch }

// groupLRs returns the groups' current rates, for the formulas that
// leave them unchanged or scale them.
func (s *schedBase) groupLRs(scale func(lr float64, i int) float64) []float64 {
	gs := s.opt.ParamGroups()
	out := make([]float64, len(gs))
	for i, g := range gs {
		out[i] = scale(g.LR, i)
	}
	return out
}

// pyCos is Python's math.cos: the C library's cos (a correctly rounded
// replacement without cgo), which Go's math.Cos can differ from in the
// last bit.
func pyCos(x float64) float64 {
	_, c := torchrand.Sincos(x)
	return c
}

// floorMod is Python's % for a positive m.
func floorMod(a, m int) int { return ((a % m) + m) % m }

// SchedOption configures a scheduler (EtaMin, PctStart, ...).
type SchedOption func(*schedConfig)

type schedConfig struct {
	etaMin                           float64
	pctStart, divFactor, finalDiv    float64
	baseMomentum, maxMomentum        float64
	linear, threePhase, noCycleMomen bool
	set                              []string
}

func (c *schedConfig) mark(name string) { c.set = append(c.set, name) }

func applySched(op string, allowed []string, opts []SchedOption) schedConfig {
	c := schedConfig{pctStart: 0.3, divFactor: 25, finalDiv: 1e4, baseMomentum: 0.85, maxMomentum: 0.95}
	for _, o := range opts {
		o(&c)
	}
	for _, name := range c.set {
		ok := false
		for _, a := range allowed {
			ok = ok || a == name
		}
		if !ok {
			panic(errorf(ErrValue, op, "%s has no option %s", op[3:], name))
		}
	}
	return c
}
