package gd

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// An optimizer's state is what PyTorch's optimizer.state_dict() holds:
// per-parameter tensors (momentum buffers, Adam's moments, step counts)
// named "state.<i>.<key>", where i counts the parameters across groups
// (state.0.exp_avg, state.0.step, ...), and the groups' hyperparameters,
// which a safetensors file keeps as JSON in its metadata under
// "param_groups". Saving both lets training resume where it stopped:
//
//	gd.SaveModule("model.safetensors", model)
//	gd.SaveOptimizer("opt.safetensors", opt)
//	// later, with the same model and optimizer built again:
//	gd.LoadModule("model.safetensors", model)
//	gd.LoadOptimizer("opt.safetensors", opt)
//
// Step counts are stored as 0-d float32 tensors, as PyTorch keeps Adam's
// and Adagrad's (RMSprop's is a Python int in PyTorch).

// stateful is implemented by gd's optimizers: the named state of one
// parameter (nil before its first step), and its replacement.
type stateful interface {
	paramState(p *Tensor) []NamedTensor
	setParamState(p *Tensor, st map[string]*Tensor) error
	stateKeys() []string
}

func stepTensor(step float32) *Tensor { return FromSlice([]float32{step}, 1).View() }

func stepValue(t *Tensor) float32 { return float32(t.Item()) }

// OptimizerStateDict returns opt's per-parameter state by PyTorch's names
// (state.<i>.<key>). The tensors share the optimizer's storage.
func OptimizerStateDict(opt Optimizer) map[string]*Tensor {
	s, ok := opt.(stateful)
	if !ok {
		panic(errorf(ErrValue, "OptimizerStateDict", "%T is not one of gd's optimizers", opt))
	}
	sd := map[string]*Tensor{}
	for i, p := range opt.Params() {
		for _, nt := range s.paramState(p) {
			sd[fmt.Sprintf("state.%d.%s", i, nt.Name)] = nt.Tensor
		}
	}
	return sd
}

// LoadOptimizerStateDict replaces opt's per-parameter state with sd's
// (OptimizerStateDict's names): parameters without entries start afresh.
// Keys that name no parameter or no state of this optimizer, and tensors
// whose shape differs from their parameter's, are errors naming the key.
func LoadOptimizerStateDict(opt Optimizer, sd map[string]*Tensor) error {
	const op = "LoadOptimizerStateDict"
	s, ok := opt.(stateful)
	if !ok {
		return errorf(ErrValue, op, "%T is not one of gd's optimizers", opt)
	}
	ps := opt.Params()
	per := make([]map[string]*Tensor, len(ps))
	for k, t := range sd {
		rest, ok := strings.CutPrefix(k, "state.")
		is, key, ok2 := strings.Cut(rest, ".")
		i, err := strconv.Atoi(is)
		if !ok || !ok2 || err != nil || i < 0 || i >= len(ps) || !slices.Contains(s.stateKeys(), key) {
			return errorf(ErrValue, op, "unexpected key %q in the state of %s with %d parameters (keys are state.<i>.<%s>)", k, optimName(opt), len(ps), strings.Join(s.stateKeys(), "|"))
		}
		if t == nil {
			return errorf(ErrValue, op, "%q is nil", k)
		}
		want := ps[i].shape
		if key == "step" {
			want = nil
		}
		if !slices.Equal(t.shape, want) {
			return errorf(ErrShape, op, "size mismatch for %s: the checkpoint has shape %s, parameter %d needs %s", k, shapeString(t.shape), i, shapeString(want))
		}
		if per[i] == nil {
			per[i] = map[string]*Tensor{}
		}
		per[i][key] = t.detachedCopy(ps[i].dtype)
	}
	// Apply; on an incomplete entry, put every parameter's old state back.
	old := make([]map[string]*Tensor, len(ps))
	for i, p := range ps {
		old[i] = map[string]*Tensor{}
		for _, nt := range s.paramState(p) {
			old[i][nt.Name] = nt.Tensor
		}
	}
	for i, p := range ps {
		if err := s.setParamState(p, per[i]); err != nil {
			for j, q := range ps {
				s.setParamState(q, old[j])
			}
			return err
		}
	}
	return nil
}

func optimName(opt Optimizer) string {
	s := fmt.Sprintf("%T", opt)
	return s[strings.LastIndexAny(s, ".*")+1:]
}

// groupJSON is one parameter group's hyperparameters as the metadata
// stores them, by PyTorch's keys.
type groupJSON map[string]any

func groupsJSON(opt Optimizer) string {
	var out []groupJSON
	for _, g := range opt.ParamGroups() {
		m := groupJSON{"lr": g.LR, "weight_decay": g.WeightDecay, "maximize": g.Maximize, "eps": g.Eps,
			"momentum": g.Momentum, "dampening": g.Dampening, "nesterov": g.Nesterov, "betas": g.Betas,
			"amsgrad": g.AMSGrad, "alpha": g.Alpha, "centered": g.Centered, "lr_decay": g.LRDecay,
			"initial_accumulator_value": g.InitialAccumulatorValue, "params": len(g.Params)}
		for k, v := range g.extra {
			m[k] = v
		}
		out = append(out, m)
	}
	b, _ := json.Marshal(out)
	return string(b)
}

// parseGroupsJSON checks the saved groups against opt and returns the
// function that applies them.
func parseGroupsJSON(opt Optimizer, s string) (func(), error) {
	const op = "LoadOptimizer"
	var in []struct {
		LR          float64    `json:"lr"`
		WeightDecay float64    `json:"weight_decay"`
		Eps         float64    `json:"eps"`
		Momentum    float64    `json:"momentum"`
		Dampening   float64    `json:"dampening"`
		Alpha       float64    `json:"alpha"`
		LRDecay     float64    `json:"lr_decay"`
		InitAcc     float64    `json:"initial_accumulator_value"`
		Maximize    bool       `json:"maximize"`
		Nesterov    bool       `json:"nesterov"`
		AMSGrad     bool       `json:"amsgrad"`
		Centered    bool       `json:"centered"`
		Betas       [2]float64 `json:"betas"`
		Params      int        `json:"params"`
	}
	var extra []map[string]any
	if err := json.Unmarshal([]byte(s), &in); err != nil {
		return nil, errorf(ErrValue, op, "param_groups metadata is not valid: %v", err)
	}
	json.Unmarshal([]byte(s), &extra)
	gs := opt.ParamGroups()
	if len(in) != len(gs) {
		return nil, errorf(ErrValue, op, "loaded state has %d parameter groups, the optimizer %d", len(in), len(gs))
	}
	for i, g := range gs {
		if in[i].Params != len(g.Params) {
			return nil, errorf(ErrValue, op, "loaded parameter group %d has %d parameters, the optimizer's has %d", i, in[i].Params, len(g.Params))
		}
	}
	return func() {
		for i, g := range gs {
			v := in[i]
			g.LR, g.WeightDecay, g.Eps, g.Momentum, g.Dampening = v.LR, v.WeightDecay, v.Eps, v.Momentum, v.Dampening
			g.Alpha, g.LRDecay, g.InitialAccumulatorValue = v.Alpha, v.LRDecay, v.InitAcc
			g.Maximize, g.Nesterov, g.AMSGrad, g.Centered, g.Betas = v.Maximize, v.Nesterov, v.AMSGrad, v.Centered, v.Betas
			g.extra = nil
			for _, k := range []string{"initial_lr", "max_lr", "min_lr", "max_momentum", "base_momentum"} {
				if x, ok := extra[i][k].(float64); ok {
					g.setExtra(k, x)
				}
			}
		}
	}, nil
}

// SaveOptimizer saves opt's state (OptimizerStateDict) and its groups'
// hyperparameters to a safetensors file at path, atomically.
func SaveOptimizer(path string, opt Optimizer) error {
	var sd map[string]*Tensor
	if err := Catch(func() { sd = OptimizerStateDict(opt) }); err != nil {
		return err
	}
	return SaveSafetensors(path, sd, map[string]string{"param_groups": groupsJSON(opt)})
}

// LoadOptimizer loads a file SaveOptimizer wrote into opt, an optimizer of
// the same kind over parameters of the same shapes.
func LoadOptimizer(path string, opt Optimizer) error {
	sd, md, err := LoadSafetensors(path)
	if err != nil {
		return err
	}
	apply := func() {}
	if g, ok := md["param_groups"]; ok {
		if apply, err = parseGroupsJSON(opt, g); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := LoadOptimizerStateDict(opt, sd); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	apply()
	return nil
}

// The optimizers' state, one method set each.

func (o *SGD) stateKeys() []string { return []string{"momentum_buffer"} }
func (o *SGD) paramState(p *Tensor) []NamedTensor {
	if b := o.bufs[p]; b != nil {
		return []NamedTensor{{"momentum_buffer", b}}
	}
	return nil
}
func (o *SGD) setParamState(p *Tensor, st map[string]*Tensor) error {
	delete(o.bufs, p)
	if b := st["momentum_buffer"]; b != nil {
		o.bufs[p] = b
	}
	return nil
}

func (o *Adam) stateKeys() []string {
	return []string{"step", "exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
}
func (o *Adam) paramState(p *Tensor) []NamedTensor {
	st := o.state[p]
	if st == nil {
		return nil
	}
	out := []NamedTensor{{"step", stepTensor(st.step)}, {"exp_avg", st.expAvg}, {"exp_avg_sq", st.expAvgSq}}
	if st.maxExpAvgSq != nil {
		out = append(out, NamedTensor{"max_exp_avg_sq", st.maxExpAvgSq})
	}
	return out
}
func (o *Adam) setParamState(p *Tensor, st map[string]*Tensor) error {
	delete(o.state, p)
	if len(st) == 0 {
		return nil
	}
	s := &adamState{expAvg: st["exp_avg"], expAvgSq: st["exp_avg_sq"], maxExpAvgSq: st["max_exp_avg_sq"]}
	if st["step"] == nil || s.expAvg == nil || s.expAvgSq == nil {
		return errorf(ErrValue, "LoadOptimizerStateDict", "%s state needs step, exp_avg and exp_avg_sq for every parameter it has state for", optimName(o))
	}
	s.step = stepValue(st["step"])
	o.state[p] = s
	return nil
}

func (o *RMSprop) stateKeys() []string {
	return []string{"step", "square_avg", "momentum_buffer", "grad_avg"}
}
func (o *RMSprop) paramState(p *Tensor) []NamedTensor {
	st := o.state[p]
	if st == nil {
		return nil
	}
	out := []NamedTensor{{"step", stepTensor(float32(st.step))}, {"square_avg", st.squareAvg}}
	if st.momentumBf != nil {
		out = append(out, NamedTensor{"momentum_buffer", st.momentumBf})
	}
	if st.gradAvg != nil {
		out = append(out, NamedTensor{"grad_avg", st.gradAvg})
	}
	return out
}
func (o *RMSprop) setParamState(p *Tensor, st map[string]*Tensor) error {
	delete(o.state, p)
	if len(st) == 0 {
		return nil
	}
	if st["step"] == nil || st["square_avg"] == nil {
		return errorf(ErrValue, "LoadOptimizerStateDict", "RMSprop state needs step and square_avg for every parameter it has state for")
	}
	o.state[p] = &rmspropState{step: int(stepValue(st["step"])), squareAvg: st["square_avg"], momentumBf: st["momentum_buffer"], gradAvg: st["grad_avg"]}
	return nil
}

func (o *Adagrad) stateKeys() []string { return []string{"step", "sum"} }
func (o *Adagrad) paramState(p *Tensor) []NamedTensor {
	st := o.state[p]
	return []NamedTensor{{"step", stepTensor(st.step)}, {"sum", st.sum}}
}
func (o *Adagrad) setParamState(p *Tensor, st map[string]*Tensor) error {
	if len(st) == 0 { // PyTorch's Adagrad always has state: start afresh
		o.state[p] = &adagradState{sum: stateLike(p, o.groupOf(p).InitialAccumulatorValue)}
		return nil
	}
	if st["step"] == nil || st["sum"] == nil {
		return errorf(ErrValue, "LoadOptimizerStateDict", "Adagrad state needs step and sum for every parameter")
	}
	o.state[p] = &adagradState{step: stepValue(st["step"]), sum: st["sum"]}
	return nil
}

// groupOf returns the group holding p.
func (b *optimBase) groupOf(p *Tensor) *ParamGroup {
	for _, g := range b.groups {
		if slices.Contains(g.Params, p) {
			return g
		}
	}
	return b.groups[0]
}
