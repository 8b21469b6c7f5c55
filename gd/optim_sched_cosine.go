package gd

import "math"

// CosineAnnealingLR follows half a cosine from the initial learning rate
// down to EtaMin (default 0) over tMax epochs, then back up, like
// torch.optim.lr_scheduler.CosineAnnealingLR:
//
//	lr(t) = etaMin + (lr0 - etaMin)·(1 + cos(π·t/tMax))/2
//
// computed, as PyTorch does, recursively from the current rate (so other
// changes to the rate carry through).
type CosineAnnealingLR struct{ schedBase }

// EtaMin sets CosineAnnealingLR's minimum learning rate (default 0).
func EtaMin(v float64) SchedOption { return func(c *schedConfig) { c.etaMin = v; c.mark("EtaMin") } }

// NewCosineAnnealingLR returns a CosineAnnealingLR scheduler for opt with
// period tMax epochs. Option: EtaMin.
func NewCosineAnnealingLR(opt Optimizer, tMax int, opts ...SchedOption) *CosineAnnealingLR {
	const op = "NewCosineAnnealingLR"
	if tMax <= 0 {
		panic(errorf(ErrValue, op, "T_max must be positive, got %d", tMax))
	}
	c := applySched(op, []string{"EtaMin"}, opts)
	eta, T := c.etaMin, float64(tMax)
	s := &CosineAnnealingLR{}
	s.start(op, opt, func() []float64 {
		e := s.lastEpoch
		return s.groupLRs(func(lr float64, i int) float64 {
			switch {
			case e == 0:
				return lr
			case floorMod(e-1-tMax, 2*tMax) == 0:
				return lr + float64((s.baseLRs[i]-eta)*(1-pyCos(math.Pi/T)))/2
			}
			ratio := (1 + pyCos(float64(math.Pi*float64(e))/T)) / (1 + pyCos(float64(math.Pi*float64(e-1))/T))
			return float64(ratio*(lr-eta)) + eta
		})
	})
	return s
}

// OneCycleLR is the 1cycle policy (torch.optim.lr_scheduler.OneCycleLR):
// the learning rate rises from maxLR/DivFactor to maxLR over the first
// PctStart of totalSteps, then anneals to that start over FinalDivFactor;
// the momentum (SGD's and RMSprop's Momentum, Adam's first beta) cycles the
// other way between MaxMomentum and BaseMomentum. Step it after every
// batch; stepping more than totalSteps times is an error, as in PyTorch.
type OneCycleLR struct{ schedBase }

// PctStart sets the fraction of the cycle spent raising the rate (default 0.3).
func PctStart(p float64) SchedOption {
	return func(c *schedConfig) { c.pctStart = p; c.mark("PctStart") }
}

// AnnealLinear anneals linearly instead of along a cosine.
func AnnealLinear() SchedOption {
	return func(c *schedConfig) { c.linear = true; c.mark("AnnealLinear") }
}

// NoCycleMomentum leaves the momentum alone (cycle_momentum=False).
func NoCycleMomentum() SchedOption {
	return func(c *schedConfig) { c.noCycleMomen = true; c.mark("NoCycleMomentum") }
}

// BaseMomentum sets the lowest momentum of the cycle (default 0.85).
func BaseMomentum(m float64) SchedOption {
	return func(c *schedConfig) { c.baseMomentum = m; c.mark("BaseMomentum") }
}

// MaxMomentum sets the highest momentum of the cycle (default 0.95).
func MaxMomentum(m float64) SchedOption {
	return func(c *schedConfig) { c.maxMomentum = m; c.mark("MaxMomentum") }
}

// DivFactor sets the initial rate as maxLR/DivFactor (default 25).
func DivFactor(d float64) SchedOption {
	return func(c *schedConfig) { c.divFactor = d; c.mark("DivFactor") }
}

// FinalDivFactor sets the final rate as the initial rate/FinalDivFactor (default 1e4).
func FinalDivFactor(d float64) SchedOption {
	return func(c *schedConfig) { c.finalDiv = d; c.mark("FinalDivFactor") }
}

// ThreePhase uses three phases: up, back down to the initial rate, then
// the final annihilation (fast.ai's variant is two phases, the default).
func ThreePhase() SchedOption {
	return func(c *schedConfig) { c.threePhase = true; c.mark("ThreePhase") }
}

type cyclePhase struct {
	end                  float64
	startLR, endLR       string
	startMomen, endMomen string
}

// NewOneCycleLR returns a OneCycleLR scheduler for opt. Options: PctStart,
// AnnealLinear, NoCycleMomentum, BaseMomentum, MaxMomentum, DivFactor,
// FinalDivFactor, ThreePhase.
func NewOneCycleLR(opt Optimizer, maxLR float64, totalSteps int, opts ...SchedOption) *OneCycleLR {
	const op = "NewOneCycleLR"
	c := applySched(op, []string{"PctStart", "AnnealLinear", "NoCycleMomentum", "BaseMomentum", "MaxMomentum", "DivFactor", "FinalDivFactor", "ThreePhase"}, opts)
	switch {
	case opt == nil:
		panic(errorf(ErrValue, op, "optimizer is nil"))
	case totalSteps <= 0:
		panic(errorf(ErrValue, op, "expected positive integer total_steps, but got %d", totalSteps))
	case !(c.pctStart >= 0 && c.pctStart <= 1):
		panic(errorf(ErrValue, op, "expected float between 0 and 1 pct_start, but got %v", c.pctStart))
	}
	T := float64(totalSteps)
	phases := []cyclePhase{
		{float64(c.pctStart*T) - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"},
		{T - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"},
	}
	if c.threePhase {
		phases = []cyclePhase{
			{float64(c.pctStart*T) - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"},
			{float64(2*c.pctStart*T) - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"},
			{T - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"},
		}
	}
	anneal := func(start, end, pct float64) float64 { // cosine
		return end + float64((start-end)/2*(pyCos(float64(math.Pi*pct))+1))
	}
	if c.linear {
		anneal = func(start, end, pct float64) float64 { return float64((end-start)*pct) + start }
	}
	cycleMomentum := !c.noCycleMomen
	useBeta1 := false
	if cycleMomentum {
		k, _ := opt.(interface{ optimKeys() []string })
		switch {
		case k != nil && hasKey(k.optimKeys(), "betas"):
			useBeta1 = true
		case k != nil && hasKey(k.optimKeys(), "momentum"):
		default:
			panic(errorf(ErrValue, op, "optimizer must support momentum with `cycle_momentum` option enabled (use NoCycleMomentum)"))
		}
	}
	for _, g := range opt.ParamGroups() {
		g.setExtra("initial_lr", maxLR/c.divFactor)
		g.setExtra("max_lr", maxLR)
		g.setExtra("min_lr", g.extra["initial_lr"]/c.finalDiv)
		if cycleMomentum {
			setMomentum(g, c.maxMomentum, useBeta1)
			g.setExtra("max_momentum", c.maxMomentum)
			g.setExtra("base_momentum", c.baseMomentum)
		}
	}
	s := &OneCycleLR{}
	s.start(op, opt, func() []float64 {
		step := float64(s.lastEpoch)
		if s.lastEpoch > totalSteps {
			panic(errorf(ErrValue, "OneCycleLR.Step", "tried to step %d times; the specified number of total steps is %d", s.lastEpoch+1, totalSteps))
		}
		gs := opt.ParamGroups()
		lrs := make([]float64, len(gs))
		for i, g := range gs {
			start := 0.0
			for j, ph := range phases {
				if step <= ph.end || j == len(phases)-1 {
					pct := (step - start) / (ph.end - start)
					lrs[i] = anneal(g.extra[ph.startLR], g.extra[ph.endLR], pct)
					if cycleMomentum {
						setMomentum(g, anneal(g.extra[ph.startMomen], g.extra[ph.endMomen], pct), useBeta1)
					}
					break
				}
				start = ph.end
			}
		}
		return lrs
	})
	return s
}

func setMomentum(g *ParamGroup, m float64, beta1 bool) {
	if beta1 {
		g.Betas[0] = m
	} else {
		g.Momentum = m
	}
}

func hasKey(keys []string, k string) bool {
	for _, x := range keys {
		if x == k {
			return true
		}
	}
	return false
}
