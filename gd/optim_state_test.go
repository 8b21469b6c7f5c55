package gd

import (
	"errors"
	"math"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Adam's state after 3 steps has PyTorch's keys and values, bit for bit.
func TestOptimizerStateDictMatchesPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	ps, lossFn := optimProblem(fx, "linear")
	opt := NewAdam(ps, 0.05, AMSGrad())
	for range 3 {
		opt.ZeroGrad()
		lossFn().Backward()
		opt.Step()
	}
	sd := OptimizerStateDict(opt)
	if len(sd) != len(fx.StateDict.Optimizer) {
		t.Errorf("keys %s, PyTorch has %d", describeStateDict(sd), len(fx.StateDict.Optimizer))
	}
	for k, want := range fx.StateDict.Optimizer {
		got, ok := sd[k]
		if !ok {
			t.Errorf("missing %s", k)
			continue
		}
		if !slices.Equal(got.Shape(), want.Shape) {
			t.Errorf("%s: shape %v, PyTorch %v", k, got.Shape(), want.Shape)
		}
		for i, v := range got.Float64s() {
			if math.Float32bits(float32(v)) != math.Float32bits(float32(want.Data[i])) {
				t.Errorf("%s[%d] = %v, PyTorch %v", k, i, v, want.Data[i])
			}
		}
	}
}

// Saving a model and its optimizer mid-training and loading both into
// fresh ones continues the training exactly as if it never stopped.
func TestSaveAndLoadOptimizerResumesTraining(t *testing.T) {
	fx := loadOptimFixtures(t)
	makers := map[string]func(Params) Optimizer{
		"SGD":     func(ps Params) Optimizer { return NewSGD(ps, 0.05, Momentum(0.9)) },
		"Adam":    func(ps Params) Optimizer { return NewAdam(ps, 0.05, AMSGrad()) },
		"AdamW":   func(ps Params) Optimizer { return NewAdamW(ps, 0.05) },
		"RMSprop": func(ps Params) Optimizer { return NewRMSprop(ps, 0.01, Centered(), Momentum(0.5)) },
		"Adagrad": func(ps Params) Optimizer { return NewAdagrad(ps, 0.1, LRDecay(0.01)) },
	}
	for name, make := range makers {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			train := func(opt Optimizer, lossFn func() *Tensor, n int) {
				for range n {
					opt.ZeroGrad()
					lossFn().Backward()
					opt.Step()
				}
			}
			ps, lossFn := optimProblem(fx, "linear")
			opt := make(ps)
			train(opt, lossFn, 5)
			opt.SetLR(opt.LR() / 2) // as a scheduler would
			mpath, opath := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "o.safetensors")
			model := NewLinearFrom(ps[0].Detach(), ps[1].Detach())
			if err := SaveModule(mpath, model); err != nil {
				t.Fatal(err)
			}
			if err := SaveOptimizer(opath, opt); err != nil {
				t.Fatal(err)
			}
			train(opt, lossFn, 5)

			ps2, lossFn2 := optimProblem(fx, "linear") // fresh: the initial values
			opt2 := make(ps2)
			if err := LoadModule(mpath, NewLinearFrom(ps2[0].Detach(), ps2[1].Detach())); err != nil {
				t.Fatal(err)
			}
			// NewLinearFrom wraps (shares) the storage, so ps2 now holds the saved values.
			if err := LoadOptimizer(opath, opt2); err != nil {
				t.Fatal(err)
			}
			if opt2.LR() != opt.LR() {
				t.Errorf("lr %v after loading, want %v", opt2.LR(), opt.LR())
			}
			train(opt2, lossFn2, 5)
			if got, want := flatParams(ps2), flatParams(ps); !sameBits(got, want) {
				t.Errorf("resumed training gives %v, uninterrupted %v", got, want)
			}
		})
	}
}

func TestLoadOptimizerStateErrors(t *testing.T) {
	p := Zeros(2, 3).RequiresGrad_()
	opt := NewAdam(Params{p}, 0.1)
	p.SetGrad(Ones(2, 3))
	opt.Step()
	sd := OptimizerStateDict(opt)
	check := func(name string, sd map[string]*Tensor, kind ErrorKind, want string) {
		t.Helper()
		err := LoadOptimizerStateDict(opt, sd)
		if !errors.Is(err, kind) || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want a %v mentioning %q", name, err, kind, want)
		}
	}
	bad := map[string]*Tensor{"state.1.exp_avg": Ones(2, 3)}
	check("index", bad, ErrValue, `"state.1.exp_avg"`)
	check("key", map[string]*Tensor{"state.0.momentum_buffer": Ones(2, 3)}, ErrValue, `"state.0.momentum_buffer"`)
	check("shape", map[string]*Tensor{"state.0.exp_avg": Ones(3, 2)}, ErrShape, "state.0.exp_avg: the checkpoint has shape (3,2), parameter 0 needs (2,3)")
	before := OptimizerStateDict(opt)["state.0.exp_avg"].Float64s()
	check("incomplete", map[string]*Tensor{"state.0.exp_avg": Ones(2, 3)}, ErrValue, "needs step, exp_avg and exp_avg_sq")
	if got := OptimizerStateDict(opt)["state.0.exp_avg"].Float64s(); !slices.Equal(got, before) {
		t.Errorf("a failed load changed the state: %v, was %v", got, before)
	}
	if err := LoadOptimizerStateDict(opt, sd); err != nil {
		t.Errorf("its own state: %v", err)
	}
	path := filepath.Join(t.TempDir(), "o.safetensors")
	if err := SaveOptimizer(path, opt); err != nil {
		t.Fatal(err)
	}
	two := NewAdam(Params{Zeros(2, 3).RequiresGrad_()}, 0.1, Group(Params{Zeros(1).RequiresGrad_()}))
	if err := LoadOptimizer(path, two); !errors.Is(err, ErrValue) || !strings.Contains(err.Error(), "1 parameter groups, the optimizer 2") {
		t.Errorf("group count: %v", err)
	}
}
