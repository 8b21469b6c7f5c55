package gd

import (
	"fmt"
	"strings"
)

// Parameter marks t as a trainable parameter, like torch.nn.Parameter: the
// result shares t's storage, is a leaf that requires grad, and prints as
// "Parameter containing:\ntensor(...)".
func Parameter(t *Tensor) *Tensor {
	if t == nil {
		panic(errorf(ErrValue, "Parameter", "tensor is nil"))
	}
	p := t.alias()
	p.version = t.sharedVersion()
	p.requiresGrad = true
	p.param = true
	return p
}

// Module is a layer or model: Forward maps an input batch to an output, and
// Parameters lists the tensors an optimizer should train.
type Module interface {
	Forward(x *Tensor) *Tensor
	Parameters() Params
}

// Params is a list of parameters, what PyTorch's model.parameters() yields.
type Params []*Tensor

// String prints the list the way Python prints list(model.parameters()).
func (ps Params) String() string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.String()
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// ZeroGrad clears the gradient of every parameter (sets it to nil).
func (ps Params) ZeroGrad() {
	for _, p := range ps {
		p.dropGrad()
	}
}

// Numel returns the total number of elements of the parameters.
func (ps Params) Numel() int {
	n := 0
	for _, p := range ps {
		n += p.Numel()
	}
	return n
}

// Eval returns m's output for x without recording a graph, like calling
// the model under torch.no_grad(), but without switching the process-wide
// grad mode, so it is safe while other goroutines train: it runs the
// layers gd provides (Linear, Sequential, the activations) on detached
// views of their parameters (storage shared, nothing copied), and an op
// records only when an input requires grad. A Module of your own is run as
// it is and its output detached: the same values, and the graph it
// recorded is dropped at once.
func Eval(m Module, x *Tensor) *Tensor {
	if x == nil {
		panic(errorf(ErrValue, "Eval", "input is nil"))
	}
	if x.requiresGrad {
		x = x.Detach()
	}
	if d, ok := detachedModule(m); ok {
		return d.Forward(x)
	}
	return m.Forward(x).Detach()
}

// detachedModule returns m with detached parameters, for the modules gd
// defines; ok is false for others.
func detachedModule(m Module) (d Module, ok bool) {
	switch m := m.(type) {
	case *Linear:
		l := *m
		l.Weight = m.Weight.Detach()
		if m.Bias != nil {
			l.Bias = m.Bias.Detach()
		}
		return &l, true
	case *Sequential:
		s := &Sequential{Layers: make([]Module, len(m.Layers))}
		for i, layer := range m.Layers {
			if s.Layers[i], ok = detachedModule(layer); !ok {
				return nil, false
			}
		}
		return s, true
	case activation:
		return m, true
	}
	return nil, false
}

// Linear is a fully connected layer, y = x·Weightᵀ + Bias, like
// torch.nn.Linear. Weight has shape (out, in) and Bias (out), or Bias is nil.
type Linear struct {
	Weight, Bias *Tensor
	in, out      int
}

// LinearOption configures NewLinear.
type LinearOption func(*linearConfig)

type linearConfig struct {
	bias  bool
	dtype DType
	init  []func(*Linear) // overrides of the default initialisation
}

// NoBias makes a Linear layer without bias (PyTorch's bias=False).
func NoBias() LinearOption { return func(c *linearConfig) { c.bias = false } }

// LinearDType sets the dtype of the layer's parameters (default Float32).
func LinearDType(d DType) LinearOption { return func(c *linearConfig) { c.dtype = d } }

// NewLinear returns a Linear layer with in inputs and out outputs,
// initialised exactly like torch.nn.Linear: weight uniform in ±1/√in (drawn
// first, row by row), then bias uniform in ±1/√in, from the default
// generator, so after ManualSeed the numbers equal PyTorch's.
func NewLinear(in, out int, opts ...LinearOption) *Linear {
	if in < 0 || out < 0 {
		panic(errorf(ErrValue, "NewLinear", "sizes must be non-negative, got in=%d out=%d", in, out))
	}
	cfg := linearConfig{bias: true, dtype: Float32}
	for _, o := range opts {
		o(&cfg)
	}
	l := &Linear{in: in, out: out}
	l.Weight = Parameter(empty(cfg.dtype, []int{out, in}))
	if cfg.bias {
		l.Bias = Parameter(empty(cfg.dtype, []int{out}))
	}
	l.resetParameters(&cfg)
	return l
}

// NewLinearFrom builds a Linear layer around given weight (out, in) and bias
// (out, or nil) values, which are wrapped with Parameter (storage shared).
func NewLinearFrom(weight, bias *Tensor) *Linear {
	if weight == nil || weight.Dim() != 2 {
		panic(errorf(ErrShape, "NewLinearFrom", "weight must be a 2-D tensor (out, in)"))
	}
	l := &Linear{in: weight.shape[1], out: weight.shape[0], Weight: Parameter(weight)}
	if bias != nil {
		if bias.Dim() != 1 || bias.shape[0] != l.out {
			panic(errorf(ErrShape, "NewLinearFrom", "bias of shape %s does not match weight of shape %s (want (%d))", shapeString(bias.shape), shapeString(weight.shape), l.out))
		}
		if bias.dtype != weight.dtype {
			panic(errorf(ErrDType, "NewLinearFrom", "bias has dtype %s but weight has %s", bias.dtype, weight.dtype))
		}
		l.Bias = Parameter(bias)
	}
	return l
}

// Forward applies the layer to x of shape (in), (batch, in) or (..., in).
func (l *Linear) Forward(x *Tensor) *Tensor {
	if x == nil {
		panic(errorf(ErrValue, "Linear", "input is nil"))
	}
	if x.Dim() == 0 || x.shape[x.Dim()-1] != l.in {
		panic(errorf(ErrShape, "Linear", "input of shape %s does not end in in_features=%d (weight %s)", shapeString(x.shape), l.in, shapeString(l.Weight.shape)))
	}
	if x.dtype != l.Weight.dtype {
		panic(errorf(ErrDType, "Linear", "input has dtype %s but the layer's parameters have %s; convert with Float() or Double()", x.dtype, l.Weight.dtype))
	}
	wt := l.Weight.T()
	switch {
	case l.Bias == nil:
		return x.MatMul(wt)
	case x.Dim() == 2:
		return addmm(l.Bias, x, wt)
	case x.Dim() == 3 && x.IsContiguous():
		// PyTorch's fused path for a contiguous 3-D batch.
		flat := x.View(-1, l.in)
		return addmm(l.Bias, flat, wt).View(x.shape[0], x.shape[1], l.out)
	}
	// Any other shape: a matrix product, then the bias added (AddBackward0).
	return x.MatMul(wt).Add(l.Bias)
}

// Parameters returns Weight and, if present, Bias.
func (l *Linear) Parameters() Params {
	if l.Bias == nil {
		return Params{l.Weight}
	}
	return Params{l.Weight, l.Bias}
}

// String describes the layer as PyTorch prints it.
func (l *Linear) String() string {
	return fmt.Sprintf("Linear(in_features=%d, out_features=%d, bias=%s)", l.in, l.out, pyBool(l.Bias != nil))
}

// Sequential chains modules: the output of each is the input of the next.
type Sequential struct {
	Layers []Module
}

// NewSequential returns the chain of the given modules.
func NewSequential(mods ...Module) *Sequential {
	for i, m := range mods {
		if m == nil {
			panic(errorf(ErrValue, "NewSequential", "module %d is nil", i))
		}
	}
	return &Sequential{Layers: mods}
}

// Forward runs x through every layer in order.
func (s *Sequential) Forward(x *Tensor) *Tensor {
	for _, m := range s.Layers {
		x = m.Forward(x)
	}
	return x
}

// Parameters concatenates the parameters of all layers, in order.
func (s *Sequential) Parameters() Params {
	var ps Params
	for _, m := range s.Layers {
		ps = append(ps, m.Parameters()...)
	}
	return ps
}

// String lists the layers the way PyTorch prints a Sequential.
func (s *Sequential) String() string {
	var b strings.Builder
	b.WriteString("Sequential(\n")
	for i, m := range s.Layers {
		fmt.Fprintf(&b, "  (%d): %v\n", i, m)
	}
	b.WriteString(")")
	return b.String()
}

// activation is a parameterless module applying an elementwise function.
type activation struct {
	name string
	fn   func(*Tensor) *Tensor
}

func (a activation) Forward(x *Tensor) *Tensor { return a.fn(x) }
func (a activation) Parameters() Params        { return nil }
func (a activation) String() string {
	if strings.HasSuffix(a.name, ")") { // a layer with arguments names them
		return a.name
	}
	return a.name + "()"
}

// NewReLU returns a module applying ReLU.
func NewReLU() Module { return activation{"ReLU", (*Tensor).ReLU} }

// NewSigmoid returns a module applying Sigmoid.
func NewSigmoid() Module { return activation{"Sigmoid", (*Tensor).Sigmoid} }

// NewTanh returns a module applying Tanh.
func NewTanh() Module { return activation{"Tanh", (*Tensor).Tanh} }
