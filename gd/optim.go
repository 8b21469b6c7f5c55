package gd

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Optimizer is what every gd optimizer (SGD, Adam, AdamW, RMSprop, Adagrad)
// implements, and what the learning-rate schedulers drive: the training loop
// of torch.optim, one method per line of it.
//
//	opt.ZeroGrad()   // optimizer.zero_grad()
//	loss.Backward()  // loss.backward()
//	opt.Step()       // optimizer.step()
//
// Step updates the parameters through their storage, without touching the
// process-wide grad mode, so independent models can be trained in separate
// goroutines. One optimizer (and its parameters) must not be used from two
// goroutines at once.
type Optimizer interface {
	// Step updates every parameter that has a gradient (parameters whose
	// Grad is nil are skipped, as in PyTorch).
	Step()
	// ZeroGrad clears the parameters' gradients (see SetToNone).
	ZeroGrad(opts ...ZeroGradOption)
	// LR returns the learning rate of the first parameter group.
	LR() float64
	// SetLR sets the learning rate of every parameter group.
	SetLR(lr float64)
	// ParamGroups returns the parameter groups, PyTorch's param_groups:
	// a scheduler (or the user) changes a group's LR field between steps.
	ParamGroups() []*ParamGroup
	// Params returns the parameters of all groups, in order.
	Params() Params
	// String prints the optimizer as PyTorch's repr(optimizer) does.
	String() string
}

// ParamGroup is a set of parameters with its own hyperparameters, one entry
// of PyTorch's optimizer.param_groups. Each optimizer reads only its own
// fields (Adam reads Betas, SGD reads Momentum, ...); the others stay zero.
// Changing a field between steps changes the next step, as assigning
// param_groups[i]['lr'] does in PyTorch.
type ParamGroup struct {
	Params Params
	LR     float64

	WeightDecay float64 // L2 penalty (AdamW: decoupled decay)
	Maximize    bool    // climb the objective instead of descending
	Eps         float64 // term added to denominators (Adam, AdamW, RMSprop, Adagrad)

	Momentum  float64 // SGD, RMSprop
	Dampening float64 // SGD
	Nesterov  bool    // SGD

	Betas   [2]float64 // Adam, AdamW: running-average coefficients
	AMSGrad bool       // Adam, AdamW

	Alpha    float64 // RMSprop: smoothing constant
	Centered bool    // RMSprop

	LRDecay                 float64 // Adagrad
	InitialAccumulatorValue float64 // Adagrad

	// extra holds the keys schedulers add to PyTorch's group dict
	// (initial_lr, max_lr, ...), so the optimizer prints as PyTorch's does.
	extra map[string]float64
}

// setExtra records a scheduler's key in the group.
func (g *ParamGroup) setExtra(key string, v float64) {
	if g.extra == nil {
		g.extra = map[string]float64{}
	}
	g.extra[key] = v
}

// OptimOption configures an optimizer (or one parameter group, inside
// Group). Every optimizer takes the same option type, so
// gd.NewAdam(ps, lr, gd.WeightDecay(0.01)) and gd.NewSGD(ps, lr,
// gd.WeightDecay(0.01)) read alike; an option the optimizer does not have
// (Nesterov for Adam) is refused, as PyTorch refuses an unknown keyword.
type OptimOption func(*optimConfig)

// SGDOption is the option type of NewSGD (the same as every optimizer's).
type SGDOption = OptimOption

type optimConfig struct {
	g      ParamGroup
	set    []string // PyTorch names of the options given, checked per optimizer
	groups []groupSpec
}

type groupSpec struct {
	params Params
	opts   []OptimOption
}

func (c *optimConfig) mark(key string) { c.set = append(c.set, key) }

// LR sets a parameter group's own learning rate, for use inside Group.
func LR(lr float64) OptimOption {
	return func(c *optimConfig) { c.g.LR = lr; c.mark("lr") }
}

// WeightDecay adds an L2 penalty of this factor (default 0; AdamW's
// decoupled decay defaults to 0.01).
func WeightDecay(wd float64) OptimOption {
	return func(c *optimConfig) { c.g.WeightDecay = wd; c.mark("weight_decay") }
}

// Maximize makes Step climb the objective instead of descending.
func Maximize() OptimOption {
	return func(c *optimConfig) { c.g.Maximize = true; c.mark("maximize") }
}

// Eps sets the term added to the denominator for numerical stability
// (Adam, AdamW, RMSprop: default 1e-8; Adagrad: 1e-10).
func Eps(eps float64) OptimOption {
	return func(c *optimConfig) { c.g.Eps = eps; c.mark("eps") }
}

// Momentum sets the momentum factor (SGD, RMSprop; default 0).
func Momentum(m float64) OptimOption {
	return func(c *optimConfig) { c.g.Momentum = m; c.mark("momentum") }
}

// Dampening sets the dampening for SGD's momentum (default 0).
func Dampening(d float64) OptimOption {
	return func(c *optimConfig) { c.g.Dampening = d; c.mark("dampening") }
}

// Nesterov turns on SGD's Nesterov momentum (needs momentum > 0, dampening 0).
func Nesterov() OptimOption {
	return func(c *optimConfig) { c.g.Nesterov = true; c.mark("nesterov") }
}

// Betas sets Adam's coefficients for the running averages of the gradient
// and its square (default 0.9, 0.999).
func Betas(beta1, beta2 float64) OptimOption {
	return func(c *optimConfig) { c.g.Betas = [2]float64{beta1, beta2}; c.mark("betas") }
}

// AMSGrad makes Adam and AdamW normalise by the largest second moment seen
// so far (the AMSGrad variant).
func AMSGrad() OptimOption {
	return func(c *optimConfig) { c.g.AMSGrad = true; c.mark("amsgrad") }
}

// Alpha sets RMSprop's smoothing constant (default 0.99).
func Alpha(a float64) OptimOption {
	return func(c *optimConfig) { c.g.Alpha = a; c.mark("alpha") }
}

// Centered makes RMSprop normalise by the estimated variance of the
// gradient instead of its second moment.
func Centered() OptimOption {
	return func(c *optimConfig) { c.g.Centered = true; c.mark("centered") }
}

// LRDecay sets Adagrad's learning-rate decay (default 0).
func LRDecay(d float64) OptimOption {
	return func(c *optimConfig) { c.g.LRDecay = d; c.mark("lr_decay") }
}

// InitialAccumulatorValue sets the starting value of Adagrad's sum of
// squared gradients (default 0).
func InitialAccumulatorValue(v float64) OptimOption {
	return func(c *optimConfig) { c.g.InitialAccumulatorValue = v; c.mark("initial_accumulator_value") }
}

// Group adds another parameter group with its own options, like passing
// [{'params': ...}, {'params': ..., 'lr': 1e-3}] to a PyTorch optimizer.
// The group starts from the optimizer's settings and then applies opts:
//
//	gd.NewSGD(body.Parameters(), 1e-2, gd.Momentum(0.9),
//		gd.Group(head.Parameters(), gd.LR(1e-3)))
func Group(params Params, opts ...OptimOption) OptimOption {
	return func(c *optimConfig) { c.groups = append(c.groups, groupSpec{params, opts}) }
}

// optimKind describes one optimizer class: its name, the keys of its
// parameter groups in PyTorch's repr order (sorted), and how to check a
// group's settings.
type optimKind struct {
	name     string
	keys     []string
	defaults ParamGroup
	check    func(op string, g *ParamGroup)
}

// optimBase holds what every optimizer shares: the parameter groups and
// the methods of the Optimizer interface that do not depend on the rule.
type optimBase struct {
	kind   *optimKind
	groups []*ParamGroup
}

// newBase builds the parameter groups from the constructor's arguments and
// validates them the way PyTorch does (op names the constructor).
func newBase(kind *optimKind, params Params, lr float64, opts []OptimOption) optimBase {
	op := "New" + kind.name
	cfg := optimConfig{g: kind.defaults}
	cfg.g.LR = lr
	for _, o := range opts {
		o(&cfg)
	}
	checkOptionNames(op, kind, cfg.set)
	first := cfg.g
	first.Params = params
	groups := []*ParamGroup{&first}
	for _, spec := range cfg.groups {
		gc := optimConfig{g: cfg.g}
		for _, o := range spec.opts {
			o(&gc)
		}
		checkOptionNames(op, kind, gc.set)
		if len(gc.groups) > 0 {
			panic(errorf(ErrValue, op, "Group inside Group is not supported"))
		}
		g := gc.g
		g.Params = spec.params
		groups = append(groups, &g)
	}
	seen := map[*Tensor]int{}
	for gi, g := range groups {
		if len(g.Params) == 0 {
			panic(errorf(ErrValue, op, "optimizer got an empty parameter list (group %d)", gi))
		}
		for i, p := range g.Params {
			if p == nil {
				panic(errorf(ErrValue, op, "parameter %d of group %d is nil", i, gi))
			}
			if !p.IsLeaf() {
				panic(errorf(ErrValue, op, "can't optimize a non-leaf tensor (parameter %d is the output of %s)", i, p.GradFnName()))
			}
			// A repeat within a group is allowed (PyTorch only warns; the
			// parameter is then stepped twice); across groups it is refused.
			if prev, dup := seen[p]; dup && prev != gi {
				panic(errorf(ErrValue, op, "some parameters appear in more than one parameter group (groups %d and %d)", prev, gi))
			}
			seen[p] = gi
		}
		if !(g.LR >= 0) {
			panic(errorf(ErrValue, op, "invalid learning rate: %v", g.LR))
		}
		nonNegative(op, setting{"weight_decay", g.WeightDecay})
		kind.check(op, g)
	}
	return optimBase{kind: kind, groups: groups}
}

// setting is a named hyperparameter, for nonNegative's message.
type setting struct {
	name  string
	value float64
}

// nonNegative panics, in PyTorch's words, naming the first setting that is
// negative or NaN.
func nonNegative(op string, settings ...setting) {
	for _, s := range settings {
		if !(s.value >= 0) {
			panic(errorf(ErrValue, op, "invalid %s value: %v", s.name, s.value))
		}
	}
}

func checkOptionNames(op string, kind *optimKind, set []string) {
	for _, k := range set {
		if !slices.Contains(kind.keys, k) {
			panic(errorf(ErrValue, op, "%s has no option %s (its options: %s)", kind.name, k, strings.Join(optionNames(kind), ", ")))
		}
	}
}

// optionNames lists the keys a user can set (those without a fixed value).
func optionNames(kind *optimKind) []string {
	var out []string
	for _, k := range kind.keys {
		if _, fixed := fixedKeys[k]; !fixed {
			out = append(out, k)
		}
	}
	return out
}

// fixedKeys are group keys PyTorch prints that gd has no use for (they
// select CUDA or differentiable code paths); they print their defaults.
var fixedKeys = map[string]string{
	"capturable": "False", "differentiable": "False", "foreach": "None", "fused": "False",
}

// LR returns the learning rate of the first parameter group.
func (b *optimBase) LR() float64 { return b.groups[0].LR }

// SetLR sets the learning rate of every parameter group.
func (b *optimBase) SetLR(lr float64) {
	if !(lr >= 0) {
		panic(errorf(ErrValue, "SetLR", "invalid learning rate: %v", lr))
	}
	for _, g := range b.groups {
		g.LR = lr
	}
}

// ParamGroups returns the parameter groups (PyTorch's param_groups).
func (b *optimBase) ParamGroups() []*ParamGroup { return b.groups }

// Params returns the parameters of all groups, in order.
func (b *optimBase) Params() Params {
	if len(b.groups) == 1 {
		return b.groups[0].Params
	}
	var ps Params
	for _, g := range b.groups {
		ps = append(ps, g.Params...)
	}
	return ps
}

// ZeroGradOption configures ZeroGrad.
type ZeroGradOption func(*bool)

// SetToNone(false) makes ZeroGrad fill gradients with zeros instead of
// dropping them (PyTorch's zero_grad(set_to_none=False)).
func SetToNone(on bool) ZeroGradOption { return func(b *bool) { *b = on } }

// ZeroGrad clears the gradients of all parameters: it sets them to nil, like
// PyTorch 2's default optimizer.zero_grad(); with SetToNone(false) it zeroes
// them in place instead.
func (b *optimBase) ZeroGrad(opts ...ZeroGradOption) {
	toNone := true
	if len(opts) > 0 {
		toNone = zeroGradToNone(opts)
	}
	for _, g := range b.groups {
		for _, p := range g.Params {
			if toNone {
				p.dropGrad()
			} else if p.grad != nil {
				p.grad.fill(0)
			}
		}
	}
}

// zeroGradToNone applies ZeroGrad's options. It is separate so that the
// flag the options write to is allocated only when there are options.
func zeroGradToNone(opts []ZeroGradOption) bool {
	toNone := true
	for _, opt := range opts {
		opt(&toNone)
	}
	return toNone
}

// String prints the optimizer as PyTorch's repr does: one block per group,
// keys sorted. Numbers print as Python prints them; options whose PyTorch
// default is the integer 0 (momentum, weight_decay, ...) print whole values
// as integers, as they appear when left at their defaults.
func (b *optimBase) String() string {
	var s strings.Builder
	s.WriteString(b.kind.name + " (")
	for i, g := range b.groups {
		fmt.Fprintf(&s, "\nParameter Group %d\n", i)
		keys := slices.Clone(b.kind.keys)
		for k := range g.extra {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(&s, "    %s: %s\n", k, b.groupValue(g, k))
		}
	}
	s.WriteString(")")
	return s.String()
}

// groupValue formats one key of a group as Python prints its value.
func (b *optimBase) groupValue(g *ParamGroup, key string) string {
	if v, ok := fixedKeys[key]; ok {
		return v
	}
	intDefault := func(v float64) string { // PyTorch's default is the int 0
		if v == math.Trunc(v) && math.Abs(v) < 1e16 {
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
		return pyFloat(v)
	}
	switch key {
	case "lr":
		return pyFloat(g.LR)
	case "weight_decay":
		if b.kind.name == "AdamW" {
			return pyFloat(g.WeightDecay)
		}
		return intDefault(g.WeightDecay)
	case "maximize":
		return pyBool(g.Maximize)
	case "eps":
		return pyFloat(g.Eps)
	case "momentum":
		return intDefault(g.Momentum)
	case "dampening":
		return intDefault(g.Dampening)
	case "nesterov":
		return pyBool(g.Nesterov)
	case "betas":
		return "(" + pyFloat(g.Betas[0]) + ", " + pyFloat(g.Betas[1]) + ")"
	case "amsgrad":
		return pyBool(g.AMSGrad)
	case "alpha":
		return pyFloat(g.Alpha)
	case "centered":
		return pyBool(g.Centered)
	case "lr_decay":
		return intDefault(g.LRDecay)
	case "initial_accumulator_value":
		return intDefault(g.InitialAccumulatorValue)
	}
	return pyFloat(g.extra[key])
}

// pyFloat is Python's repr of a float: the shortest digits that read back
// the same, positional from 1e-4 up to 1e16 (with ".0" when whole), else
// scientific with a two-digit exponent (1e-08, 1e+20).
func pyFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(v, 'e', -1, 64)
	exp, _ := strconv.Atoi(e[strings.IndexByte(e, 'e')+1:])
	if v != 0 && (exp < -4 || exp >= 16) {
		return e
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// withGrad calls the float32 or float64 update for every parameter that
// has a gradient, group by group (parameters whose Grad is nil are
// skipped, as in PyTorch).
func (b *optimBase) withGrad(f32, f64 func(g *ParamGroup, p *Tensor)) {
	for _, g := range b.groups {
		for _, p := range g.Params {
			switch {
			case p.grad == nil:
			case p.dtype == Float32:
				f32(g, p)
			default:
				f64(g, p)
			}
		}
	}
}

// optimKeys lists the optimizer's group keys (OneCycleLR asks whether it
// has a momentum or betas to cycle).
func (b *optimBase) optimKeys() []string { return b.kind.keys }
