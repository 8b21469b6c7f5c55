package gd

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strconv"
	"sync"
	"testing"
)

// The fixtures come from gd/testdata/make_optim_fixtures.py, run with
// PyTorch 1.13: optimizer trajectories on three problems for every option
// combination, reprs, parameter groups, learning-rate schedules, an
// optimizer's state_dict and the errors PyTorch raises.

// f32s are float32 values written as their shortest decimal strings.
type f32s []string

func (s f32s) values(t *testing.T) []float32 {
	out := make([]float32, len(s))
	for i, v := range s {
		x, err := strconv.ParseFloat(v, 32)
		if err != nil {
			t.Fatalf("fixture value %q: %v", v, err)
		}
		out[i] = float32(x)
	}
	return out
}

type optimCase struct {
	Optimizer string         `json:"optimizer"`
	Problem   string         `json:"problem"`
	LR        float64        `json:"lr"`
	Config    map[string]any `json:"config"`
	Losses    f32s           `json:"losses"`
	Params    []f32s         `json:"params"`
}

type schedCase struct {
	Name     string      `json:"name"`
	LRs      [][]float64 `json:"lrs"`
	Momentum [][]float64 `json:"momentum"`
	Repr     string      `json:"repr"`
}

type optimFixtures struct {
	LinearData struct {
		X, Y, Weight, Bias []float64
	} `json:"linear_data"`
	Snapshots []int       `json:"snapshots"`
	Optim     []optimCase `json:"optim"`
	Groups    [][]float64 `json:"groups"`
	Reprs     []struct {
		Optimizer string         `json:"optimizer"`
		LR        float64        `json:"lr"`
		Config    map[string]any `json:"config"`
		Repr      string         `json:"repr"`
	} `json:"reprs"`
	Schedulers []schedCase `json:"schedulers"`
	Plateaus   []struct {
		Name    string         `json:"name"`
		Config  map[string]any `json:"config"`
		Metrics []float64      `json:"metrics"`
		LRs     [][]float64    `json:"lrs"`
	} `json:"plateaus"`
	StateDict struct {
		Optimizer map[string]struct {
			Shape []int     `json:"shape"`
			Data  []float64 `json:"data"`
		} `json:"optimizer"`
		SequentialKeys []string `json:"sequential_keys"`
		SequentialRepr string   `json:"sequential_repr"`
	} `json:"state_dict"`
	Errors map[string]string `json:"errors"`
}

var optimFixturesOnce = sync.OnceValues(func() (*optimFixtures, error) {
	b, err := os.ReadFile("testdata/optim_fixtures.json")
	if err != nil {
		return nil, err
	}
	var fx optimFixtures
	return &fx, json.Unmarshal(b, &fx)
})

func loadOptimFixtures(t *testing.T) *optimFixtures {
	t.Helper()
	fx, err := optimFixturesOnce()
	if err != nil {
		t.Fatalf("optim fixtures (regenerate with /usr/bin/python3 gd/testdata/make_optim_fixtures.py): %v", err)
	}
	return fx
}

// optimOptions turns a fixture's PyTorch keyword arguments into gd options.
func optimOptions(cfg map[string]any) []OptimOption {
	var opts []OptimOption
	for k, v := range cfg {
		switch k {
		case "momentum":
			opts = append(opts, Momentum(v.(float64)))
		case "dampening":
			opts = append(opts, Dampening(v.(float64)))
		case "weight_decay":
			opts = append(opts, WeightDecay(v.(float64)))
		case "eps":
			opts = append(opts, Eps(v.(float64)))
		case "alpha":
			opts = append(opts, Alpha(v.(float64)))
		case "lr_decay":
			opts = append(opts, LRDecay(v.(float64)))
		case "initial_accumulator_value":
			opts = append(opts, InitialAccumulatorValue(v.(float64)))
		case "betas":
			b := v.([]any)
			opts = append(opts, Betas(b[0].(float64), b[1].(float64)))
		case "nesterov", "maximize", "amsgrad", "centered":
			if !v.(bool) {
				continue
			}
			opts = append(opts, map[string]OptimOption{"nesterov": Nesterov(), "maximize": Maximize(), "amsgrad": AMSGrad(), "centered": Centered()}[k])
		default:
			panic("unknown optimizer option " + k)
		}
	}
	return opts
}

// newOptimizer is torch.optim.<name>(params, lr=lr, **cfg).
func newOptimizer(name string, ps Params, lr float64, cfg map[string]any) Optimizer {
	opts := optimOptions(cfg)
	switch name {
	case "SGD":
		return NewSGD(ps, lr, opts...)
	case "Adam":
		return NewAdam(ps, lr, opts...)
	case "AdamW":
		return NewAdamW(ps, lr, opts...)
	case "RMSprop":
		return NewRMSprop(ps, lr, opts...)
	case "Adagrad":
		return NewAdagrad(ps, lr, opts...)
	}
	panic("unknown optimizer " + name)
}

// optimProblem builds one of the script's PROBLEMS: its parameters and its
// loss (the PyTorch expression is beside each in the script).
func optimProblem(fx *optimFixtures, name string) (Params, func() *Tensor) {
	switch name {
	case "x2":
		p := Vector(-10, 3.5).RequiresGrad_()
		return Params{p}, func() *Tensor { return p.Pow(2).Sum() }
	case "rosenbrock":
		p := Vector(-1.5, 2).RequiresGrad_()
		return Params{p}, func() *Tensor {
			x, y := p.Unpack2()
			return x.RSub(1).Pow(2).Add(y.Sub(x.Pow(2)).Pow(2).Mul(100))
		}
	case "linear":
		d := fx.LinearData
		x, y := fromValues(d.X, []int{32, 3}, Float32), fromValues(d.Y, []int{32, 1}, Float32)
		model := NewLinearFrom(fromValues(d.Weight, []int{1, 3}, Float32), fromValues(d.Bias, []int{1}, Float32))
		criterion := MSELoss()
		return model.Parameters(), func() *Tensor { return criterion(model.Forward(x), y) }
	}
	panic("unknown problem " + name)
}

func flatParams(ps Params) []float32 {
	var out []float32
	for _, p := range ps {
		out = append(out, p.Float32s()...)
	}
	return out
}

// sameBits reports whether got equals want bit for bit (NaNs equal).
func sameBits(got, want []float32) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) && !(got[i] != got[i] && want[i] != want[i]) {
			return false
		}
	}
	return true
}

// Every optimizer, every option combination, three problems, 100 steps:
// the loss at each step and the parameters at the snapshots equal
// PyTorch's bit for bit.
func TestOptimizersMatchPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	for _, c := range fx.Optim {
		name := fmt.Sprintf("%s/%s/%v", c.Optimizer, c.Problem, c.Config)
		t.Run(name, func(t *testing.T) {
			ps, lossFn := optimProblem(fx, c.Problem)
			opt := newOptimizer(c.Optimizer, ps, c.LR, c.Config)
			losses := c.Losses.values(t)
			snap := 0
			for step := range losses {
				opt.ZeroGrad()
				loss := lossFn()
				loss.Backward()
				opt.Step()
				if got := float32(loss.Item()); !sameBits([]float32{got}, losses[step:step+1]) {
					t.Fatalf("step %d: loss %.9g, PyTorch %.9g", step, got, losses[step])
				}
				if snap < len(fx.Snapshots) && fx.Snapshots[snap] == step {
					if got, want := flatParams(ps), c.Params[snap].values(t); !sameBits(got, want) {
						t.Fatalf("after step %d: parameters %v, PyTorch %v", step, got, want)
					}
					snap++
				}
			}
		})
	}
}

func TestOptimizerReprsMatchPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	for _, c := range fx.Reprs {
		var opt Optimizer
		if c.Optimizer == "SGD-groups" {
			a, b := Zeros(2).RequiresGrad_(), Zeros(1).RequiresGrad_()
			opt = NewSGD(Params{a}, 0.1, Momentum(0.9), Group(Params{b}, LR(0.001), Momentum(0.5)))
		} else {
			opt = newOptimizer(c.Optimizer, Params{Zeros(2).RequiresGrad_()}, c.LR, c.Config)
		}
		if got := opt.String(); got != c.Repr {
			t.Errorf("%s %v:\n%s\nPyTorch:\n%s", c.Optimizer, c.Config, got, c.Repr)
		}
	}
}

// Two parameter groups with their own lr and momentum (weight in the
// first, bias in the second), as torch.optim.SGD([{...}, {...}]).
func TestParamGroupsMatchPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	ps, lossFn := optimProblem(fx, "linear")
	opt := NewSGD(Params{ps[0]}, 0.05, Momentum(0.9), Group(Params{ps[1]}, LR(0.01), Momentum(0.5)))
	if len(opt.ParamGroups()) != 2 || opt.ParamGroups()[1].LR != 0.01 || opt.LR() != 0.05 {
		t.Fatalf("groups: %v", opt)
	}
	for step, want := range fx.Groups {
		opt.ZeroGrad()
		lossFn().Backward()
		opt.Step()
		w := make([]float32, len(want))
		for i, v := range want {
			w[i] = float32(v)
		}
		if got := flatParams(ps); !sameBits(got, w) {
			t.Fatalf("step %d: %v, PyTorch %v", step, got, w)
		}
	}
}

// gd refuses what PyTorch refuses, with an ErrValue naming the constructor.
func TestOptimizerErrorsMatchPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	p := func() Params { return Params{Zeros(2).RequiresGrad_()} }
	cases := map[string]func(){
		"adam_beta0":       func() { NewAdam(p(), 1e-3, Betas(1, 0.999)) },
		"adam_beta1":       func() { NewAdam(p(), 1e-3, Betas(0.9, -0.1)) },
		"adam_eps":         func() { NewAdam(p(), 1e-3, Eps(-1e-8)) },
		"adam_lr":          func() { NewAdam(p(), -1) },
		"adamw_wd":         func() { NewAdamW(p(), 1e-3, WeightDecay(-0.1)) },
		"rmsprop_alpha":    func() { NewRMSprop(p(), 1e-2, Alpha(-0.5)) },
		"rmsprop_momentum": func() { NewRMSprop(p(), 1e-2, Momentum(-0.5)) },
		"adagrad_lr_decay": func() { NewAdagrad(p(), 1e-2, LRDecay(-0.5)) },
		"adagrad_iav":      func() { NewAdagrad(p(), 1e-2, InitialAccumulatorValue(-1)) },
		"adam_nesterov":    func() { NewAdam(p(), 1e-3, Nesterov()) },
		"empty":            func() { NewAdam(Params{}, 1e-3) },
	}
	for name, fn := range cases {
		if _, ok := fx.Errors[name]; !ok {
			t.Errorf("%s: no PyTorch error recorded", name)
		}
		t.Run(name, func(t *testing.T) {
			e := mustPanic(t, ErrValue, fn)
			t.Logf("gd: %v; PyTorch: %s", e, fx.Errors[name])
		})
	}
}
