package gd

import "math"

// ReduceLROnPlateau lowers the learning rate when a metric stops
// improving, like torch.optim.lr_scheduler.ReduceLROnPlateau: after more
// than Patience epochs without the metric beating its best by Threshold,
// every group's rate is multiplied by Factor (not below MinLR), then
// Cooldown epochs pass before counting again. Its Step takes the metric
// (a validation loss, say), so it is not an LRScheduler:
//
//	sched := gd.NewReduceLROnPlateau(opt, gd.Patience(5))
//	for epoch := range 100 {
//		train(model, opt)
//		sched.Step(validationLoss(model))
//	}
type ReduceLROnPlateau struct {
	opt                        Optimizer
	cfg                        plateauConfig
	best                       float64
	badEpochs, cooldownCounter int
	lastEpoch                  int
	lastLR                     []float64
}

type plateauConfig struct {
	max, abs                 bool
	factor, threshold, minLR float64
	patience, cooldown       int
}

// PlateauOption configures NewReduceLROnPlateau.
type PlateauOption func(*plateauConfig)

// PlateauMax makes a larger metric the better one (mode='max', for an
// accuracy); by default smaller is better (mode='min', for a loss).
func PlateauMax() PlateauOption { return func(c *plateauConfig) { c.max = true } }

// Factor sets the multiplier applied to the rate on a plateau (default 0.1; must be < 1).
func Factor(f float64) PlateauOption { return func(c *plateauConfig) { c.factor = f } }

// Patience sets how many epochs without improvement are tolerated (default 10).
func Patience(n int) PlateauOption { return func(c *plateauConfig) { c.patience = n } }

// Threshold sets how much better than the best a metric must be to count
// as an improvement: relative by default (1e-4), absolute with ThresholdAbs.
func Threshold(t float64) PlateauOption { return func(c *plateauConfig) { c.threshold = t } }

// ThresholdAbs makes Threshold an absolute difference (threshold_mode='abs').
func ThresholdAbs() PlateauOption { return func(c *plateauConfig) { c.abs = true } }

// Cooldown sets the epochs to wait after a reduction (default 0).
func Cooldown(n int) PlateauOption { return func(c *plateauConfig) { c.cooldown = n } }

// MinLR sets the lowest rate a reduction goes to (default 0).
func MinLR(v float64) PlateauOption { return func(c *plateauConfig) { c.minLR = v } }

// plateauEps is PyTorch's eps: reductions smaller than this are skipped.
const plateauEps = 1e-8

// NewReduceLROnPlateau returns a ReduceLROnPlateau scheduler for opt.
func NewReduceLROnPlateau(opt Optimizer, opts ...PlateauOption) *ReduceLROnPlateau {
	const op = "NewReduceLROnPlateau"
	c := plateauConfig{factor: 0.1, patience: 10, threshold: 1e-4}
	for _, o := range opts {
		o(&c)
	}
	switch {
	case opt == nil:
		panic(errorf(ErrValue, op, "optimizer is nil"))
	case !(c.factor < 1):
		panic(errorf(ErrValue, op, "factor should be < 1.0, got %v", c.factor))
	}
	s := &ReduceLROnPlateau{opt: opt, cfg: c}
	s.best = math.Inf(1) // the worst value for the mode
	if c.max {
		s.best = math.Inf(-1)
	}
	for _, g := range opt.ParamGroups() {
		s.lastLR = append(s.lastLR, g.LR)
	}
	return s
}

// better reports whether metric a improves on best, PyTorch's is_better.
func (s *ReduceLROnPlateau) better(a float64) bool {
	c := s.cfg
	switch {
	case !c.max && !c.abs:
		return a < s.best*(1-c.threshold)
	case !c.max:
		return a < s.best-c.threshold
	case !c.abs:
		return a > s.best*(c.threshold+1)
	}
	return a > s.best+c.threshold
}

// Step records the epoch's metric and lowers the rates on a plateau.
func (s *ReduceLROnPlateau) Step(metric float64) {
	s.lastEpoch++
	if s.better(metric) {
		s.best, s.badEpochs = metric, 0
	} else {
		s.badEpochs++
	}
	if s.cooldownCounter > 0 {
		s.cooldownCounter--
		s.badEpochs = 0 // bad epochs in cooldown do not count
	}
	if s.badEpochs > s.cfg.patience {
		for _, g := range s.opt.ParamGroups() {
			lr := g.LR * s.cfg.factor
			if s.cfg.minLR > lr {
				lr = s.cfg.minLR
			}
			if g.LR-lr > plateauEps {
				g.LR = lr
			}
		}
		s.cooldownCounter, s.badEpochs = s.cfg.cooldown, 0
	}
	s.lastLR = s.lastLR[:0]
	for _, g := range s.opt.ParamGroups() {
		s.lastLR = append(s.lastLR, g.LR)
	}
}

// LastLR returns the groups' learning rates after the last Step.
func (s *ReduceLROnPlateau) LastLR() []float64 { return append([]float64(nil), s.lastLR...) }
