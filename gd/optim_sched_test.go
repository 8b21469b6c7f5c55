package gd

import (
	"math"
	"strings"
	"testing"
)

// schedulerCases builds each scheduler of the script's SCHEDULERS table
// (the PyTorch constructor is beside each name there).
var schedulerCases = map[string]func(Optimizer) LRScheduler{
	"StepLR":                func(o Optimizer) LRScheduler { return NewStepLR(o, 30, 0.1) },
	"StepLR_g07":            func(o Optimizer) LRScheduler { return NewStepLR(o, 7, 0.7) },
	"MultiStepLR":           func(o Optimizer) LRScheduler { return NewMultiStepLR(o, []int{30, 80, 80, 150}, 0.3) },
	"ExponentialLR":         func(o Optimizer) LRScheduler { return NewExponentialLR(o, 0.97) },
	"CosineAnnealingLR":     func(o Optimizer) LRScheduler { return NewCosineAnnealingLR(o, 50) },
	"CosineAnnealingLR_eta": func(o Optimizer) LRScheduler { return NewCosineAnnealingLR(o, 37, EtaMin(0.001)) },
	"LambdaLR":              func(o Optimizer) LRScheduler { return NewLambdaLR(o, func(e int) float64 { return powInt(0.95, e) }) },
	"LambdaLR_warmup": func(o Optimizer) LRScheduler {
		return NewLambdaLR(o, func(e int) float64 { return min(1, float64(e+1)/10) })
	},
	"LinearLR":   func(o Optimizer) LRScheduler { return NewLinearLR(o, 0.25, 1, 20) },
	"OneCycleLR": func(o Optimizer) LRScheduler { return NewOneCycleLR(o, 1, 201) },
	"OneCycleLR_linear3": func(o Optimizer) LRScheduler {
		return NewOneCycleLR(o, 0.5, 205, PctStart(0.25), AnnealLinear(), ThreePhase(), DivFactor(10), FinalDivFactor(100), BaseMomentum(0.8), MaxMomentum(0.9))
	},
}

// 200 steps of every scheduler on two parameter groups (lr 0.1 and 0.01):
// the rates, and OneCycleLR's momentum, equal PyTorch's bit for bit; so
// does the optimizer's repr afterwards (initial_lr and the cycle's keys).
func TestSchedulersMatchPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	for _, c := range fx.Schedulers {
		t.Run(c.Name, func(t *testing.T) {
			name, adam := strings.CutSuffix(c.Name, "_adam")
			p, q := Zeros(2).RequiresGrad_(), Zeros(1).RequiresGrad_()
			var opt Optimizer
			if adam {
				opt = NewAdam(Params{p}, 0.1, Group(Params{q}, LR(0.01)))
			} else {
				opt = NewSGD(Params{p}, 0.1, Momentum(0.9), Group(Params{q}, LR(0.01)))
			}
			make, ok := schedulerCases[name]
			if !ok {
				t.Fatalf("no Go constructor for %s", name)
			}
			s := make(opt)
			for step, want := range c.LRs {
				if step > 0 {
					p.SetGrad(Ones(2))
					q.SetGrad(Ones(1))
					opt.Step()
					s.Step()
				}
				got := s.LastLR()
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) || opt.ParamGroups()[i].LR != got[i] {
						t.Fatalf("step %d group %d: lr %v, PyTorch %v", step, i, got[i], want[i])
					}
					g := opt.ParamGroups()[i]
					m := g.Momentum
					if adam {
						m = g.Betas[0]
					}
					if m != c.Momentum[step][i] {
						t.Fatalf("step %d group %d: momentum %v, PyTorch %v", step, i, m, c.Momentum[step][i])
					}
				}
			}
			if got := opt.String(); got != c.Repr {
				t.Errorf("repr after the schedule:\n%s\nPyTorch:\n%s", got, c.Repr)
			}
		})
	}
}

func TestSchedulerErrors(t *testing.T) {
	fx := loadOptimFixtures(t)
	sgd := func() Optimizer { return NewSGD(Params{Zeros(1).RequiresGrad_()}, 0.1, Momentum(0.9)) }
	s := NewOneCycleLR(sgd(), 1, 3)
	s.Step()
	s.Step()
	s.Step()
	e := mustPanic(t, ErrValue, func() { s.Step() })
	t.Logf("gd: %v; PyTorch: %s", e, fx.Errors["onecycle_too_many_steps"])
	mustPanic(t, ErrValue, func() { NewOneCycleLR(NewAdagrad(Params{Zeros(1).RequiresGrad_()}, 0.1), 1, 10) })
	NewOneCycleLR(NewAdagrad(Params{Zeros(1).RequiresGrad_()}, 0.1), 1, 10, NoCycleMomentum())
	mustPanic(t, ErrValue, func() { NewOneCycleLR(sgd(), 1, 0) })
	mustPanic(t, ErrValue, func() { NewOneCycleLR(sgd(), 1, 10, PctStart(1.5)) })
	mustPanic(t, ErrValue, func() { NewStepLR(sgd(), 0, 0.1) })
	mustPanic(t, ErrValue, func() { NewCosineAnnealingLR(sgd(), 0) })
	mustPanic(t, ErrValue, func() { NewCosineAnnealingLR(sgd(), 10, PctStart(0.5)) })
	mustPanic(t, ErrValue, func() { NewLinearLR(sgd(), 1.5, 1, 5) })
	mustPanic(t, ErrValue, func() { NewLambdaLR(sgd(), nil) })
	mustPanic(t, ErrValue, func() { NewExponentialLR(nil, 0.9) })
}

// ReduceLROnPlateau stepped with the fixture's metrics gives PyTorch's
// rates after every step.
func TestReduceLROnPlateauMatchesPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	if len(fx.Plateaus) == 0 {
		t.Fatal("no plateau cases in the fixtures")
	}
	for _, c := range fx.Plateaus {
		t.Run(c.Name, func(t *testing.T) {
			var opts []PlateauOption
			for k, v := range c.Config {
				switch k {
				case "mode":
					opts = append(opts, PlateauMax())
				case "threshold_mode":
					opts = append(opts, ThresholdAbs())
				case "threshold":
					opts = append(opts, Threshold(v.(float64)))
				case "factor":
					opts = append(opts, Factor(v.(float64)))
				case "patience":
					opts = append(opts, Patience(int(v.(float64))))
				case "cooldown":
					opts = append(opts, Cooldown(int(v.(float64))))
				case "min_lr":
					opts = append(opts, MinLR(v.(float64)))
				default:
					t.Fatalf("unknown option %s", k)
				}
			}
			opt := NewSGD(Params{Zeros(2).RequiresGrad_()}, 0.1, Group(Params{Zeros(1).RequiresGrad_()}, LR(0.01)))
			s := NewReduceLROnPlateau(opt, opts...)
			reductions := 0
			for step, m := range c.Metrics {
				s.Step(m)
				got, want := s.LastLR(), c.LRs[step]
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("step %d group %d: lr %v, PyTorch %v", step, i, got[i], want[i])
					}
				}
				if step > 0 && want[0] != c.LRs[step-1][0] {
					reductions++
				}
			}
			if reductions == 0 {
				t.Error("the case never reduced the rate; it tests nothing")
			}
		})
	}
	mustPanic(t, ErrValue, func() { NewReduceLROnPlateau(NewSGD(Params{Zeros(1).RequiresGrad_()}, 0.1), Factor(1)) })
}
