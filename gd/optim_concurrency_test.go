package gd

import (
	"sync"
	"sync/atomic"
	"testing"
)

// allOptimizers builds one of each optimizer, with options that exercise
// their state, over ps.
func allOptimizers(ps Params) []Optimizer {
	return []Optimizer{
		NewSGD(ps, 0.01, Momentum(0.9), Nesterov()),
		NewAdam(ps, 0.01, AMSGrad(), WeightDecay(0.01)),
		NewAdamW(ps, 0.01),
		NewRMSprop(ps, 0.01, Centered(), Momentum(0.5)),
		NewAdagrad(ps, 0.1, LRDecay(0.01)),
	}
}

// trainQuadratic runs n steps of optimizer k on sum((p - 1)²) through
// autograd and returns the final values.
func trainQuadratic(k, n int) []float32 {
	p := Arange(0, 5).Sub(2).RequiresGrad_()
	opt := allOptimizers(Params{p})[k]
	for range n {
		opt.ZeroGrad()
		p.Sub(1).Pow(2).Sum().Backward()
		opt.Step()
	}
	return p.Float32s()
}

// Optimizers stepping in separate goroutines give exactly the results of
// sequential runs (run with -race too).
func TestOptimizersInGoroutinesMatchSequential(t *testing.T) {
	const n = 50
	for k := range allOptimizers(Params{Ones(1).RequiresGrad_()}) {
		want := trainQuadratic(k, n)
		for run := range 3 {
			var wg sync.WaitGroup
			got := make([][]float32, 2)
			for g := range got {
				wg.Add(1)
				go func() {
					defer wg.Done()
					got[g] = trainQuadratic(k, n)
				}()
			}
			wg.Wait()
			for g := range got {
				if !sameBits(got[g], want) {
					t.Errorf("optimizer %d, run %d, goroutine %d: %v, sequential %v", k, run, g, got[g], want)
				}
			}
		}
	}
}

// Step does not switch the process-wide grad mode: while optimizers step
// in one goroutine, another always sees recording on.
func TestStepLeavesGradModeAlone(t *testing.T) {
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		p := Ones(8).RequiresGrad_()
		opts := allOptimizers(Params{p})
		for !stop.Load() {
			for _, o := range opts {
				p.SetGrad(Ones(8))
				o.Step()
			}
		}
	}()
	x := Ones(3).RequiresGrad_()
	for range 20000 {
		if !IsGradEnabled() || !x.Mul(2).RequiresGrad() {
			t.Error("grad mode was off while another goroutine stepped an optimizer")
			break
		}
	}
	stop.Store(true)
	wg.Wait()
}
