package gd

import (
	"slices"
	"sync/atomic"
)

// node is one recorded operation in the autograd graph (PyTorch's grad_fn).
//
// Each op builds its output and, when an input requires grad, records a
// node whose backward function maps the gradient of the output to one
// gradient per input (written into grads; nil where an input needs none).
// The op's public method and its backward function sit side by side in the
// op's file, micrograd style.
type node struct {
	name     string    // PyTorch's grad_fn class name, e.g. "PowBackward0"
	inputs   []*Tensor // the op's tensor inputs, in order
	backward backwardFunc
	saved    [3]savedTensor // tensors whose values backward reads (nSaved of them)
	nSaved   uint8
	freed    bool // a backward pass without RetainGraph ran through it
	// stacked marks an op with one output per index of dimension dim of
	// its input (Unbind, like PyTorch's UnbindBackward0): the outputs'
	// gradients are gathered into one pending gradient of the input's
	// shape (see stackGrad), which backward passes on.
	stacked bool
	// gradOwned: the pending grad's storage is fresh and seen by nothing
	// outside the pass (ownership said so when it arrived), so a backward
	// that only relabels it (TBackward0) may hand it on for a leaf to keep.
	gradOwned bool

	// The op's own constants, kept here so that backward functions are
	// plain functions that read them from the node (a closure capturing
	// them would cost an allocation per op). Each op sets the ones it uses.
	dim, dim2 int32   // Select's, Unbind's, Softmax's and Cat's dimension; Transpose's two
	index     int     // Select's index; NLLLoss's ignore_index
	number    float64 // the Go number of Mul, Div or Pow by a number; a loss's count for "mean"

	inBuf [3]*Tensor // backing array for the common ops (addmm has three inputs)

	// Scratch state of the backward pass in progress.
	pass    uint64
	grad    *Tensor  // gradient of the output accumulated so far
	scratch *scratch // the pass's short-lived memory, while backward runs
}

// backwardFunc computes, from g (the gradient of a node's output), the
// gradient of each of the node's inputs into grads.
type backwardFunc func(n *node, g *Tensor, grads []*Tensor)

// savedTensor remembers the version a saved tensor had when it was saved.
type savedTensor struct {
	t       *Tensor
	version uint64
}

// needsGrad reports whether an op on these inputs must be recorded: grad
// mode is on and one of them requires grad. Inside a backward pass no
// tensor a backward function computes with requires grad (see
// node.input), so the public ops used there record nothing whatever the
// grad mode.
func needsGrad(inputs ...*Tensor) bool {
	if !IsGradEnabled() {
		return false
	}
	for _, t := range inputs {
		if t != nil && t.requiresGrad {
			return true
		}
	}
	return false
}

// record makes out the result of a differentiable op and returns its node:
// the one alloc left in out.gradFn (output and node in one allocation), or
// a new one. A nil input (the number operand of a binary op) is left out.
func record(out *Tensor, name string, backward backwardFunc, inputs ...*Tensor) *node {
	n := out.gradFn
	if n == nil {
		n = new(node)
	}
	n.name, n.backward = name, backward
	if len(inputs) <= len(n.inBuf) {
		n.inputs = n.inBuf[:0]
	} else {
		n.inputs = make([]*Tensor, 0, len(inputs))
	}
	for _, in := range inputs {
		if in != nil {
			n.inputs = append(n.inputs, in)
		}
	}
	out.requiresGrad = true
	out.gradFn = n
	return n
}

// save marks tensors whose values the backward function reads, so that
// modifying them in place before Backward is reported instead of silently
// producing a wrong gradient. Backward functions read them with savedValue.
func (n *node) save(ts ...*Tensor) {
	for _, t := range ts {
		n.keep(savedTensor{t, t.versionValue()})
	}
}

// keep adds s to the saved tensors (no op saves more than three).
func (n *node) keep(s savedTensor) {
	n.saved[n.nSaved] = s
	n.nSaved++
}

// input returns the node's input i as its backward function reads it:
// the same values, detached (no history, not requiring grad), so that
// public ops applied to it record nothing.
func (n *node) input(i int) *Tensor { return n.scratch.detached(n.inputs[i]) }

// savedValue returns saved tensor i, detached like input.
func (n *node) savedValue(i int) *Tensor { return n.scratch.detached(n.saved[i].t) }

// versionValue is t's count of in-place writes. A view made before its
// base had a counter reads the base's: taking a view writes nothing to the
// base, so goroutines may take views of one shared dataset at once.
func (t *Tensor) versionValue() uint64 {
	c := t.version
	if c == nil && t.base != nil {
		c = t.base.version
	}
	if c == nil {
		return 0
	}
	return *c
}

// sharedVersion returns t's version counter, creating it (a view's comes
// from its base) so that an alias made now, or an in-place write, shares it.
func (t *Tensor) sharedVersion() *uint64 {
	if t.version == nil {
		if t.base != nil {
			t.version = t.base.sharedVersion()
		} else {
			t.version = new(uint64)
		}
	}
	return t.version
}

func (t *Tensor) bumpVersion() { *t.sharedVersion()++ }

// BackwardOption configures Backward.
type BackwardOption func(*backwardConfig)

type backwardConfig struct{ retainGraph bool }

// RetainGraph keeps the graph's saved tensors after Backward so that a second
// Backward through the same graph works (PyTorch's retain_graph=True).
func RetainGraph() BackwardOption { return func(c *backwardConfig) { c.retainGraph = true } }

// Backward computes the gradient of t (a one-element tensor, such as a loss)
// with respect to every leaf tensor that requires grad, and adds it to their
// Grad, like PyTorch's loss.backward(). Gradients accumulate across calls;
// reset them with SetGrad(nil), Grad().Zero_() or an optimizer's ZeroGrad.
//
// The graph's saved tensors are released afterwards: a second Backward through
// the same ops panics with an ErrGrad error unless RetainGraph() is passed.
// Backward does not touch the grad mode, so goroutines that train
// independent models may run it at the same time.
func (t *Tensor) Backward(opts ...BackwardOption) {
	t.must("Backward")
	if !t.requiresGrad {
		panic(errorf(ErrGrad, "Backward", "element 0 of tensors does not require grad and does not have a grad_fn"))
	}
	if t.Numel() != 1 {
		panic(errorf(ErrGrad, "Backward", "grad can be implicitly created only for scalar outputs (tensor has shape %s); use BackwardWithGrad", shapeString(t.shape)))
	}
	var g *Tensor
	if len(t.shape) == 0 && t.gradFn != nil {
		g = unitSeed[t.dtype]
	} else {
		g = empty(t.dtype, t.shape)
		g.fill(1)
	}
	runBackward(t, g, opts)
}

// unitSeed holds the gradient that starts the backward pass of a 0-d
// result (a loss), one per dtype, shared to save an allocation per step.
// Sharing is safe, across goroutines too, because the engine never lets a
// leaf keep the gradient a node was handed (see scratch.ownership) and
// backward functions never write into it; a leaf root gets a fresh seed
// since it keeps it as its Grad.
var unitSeed = [...]*Tensor{Float32: Full(1), Float64: Full(1).Double()}

// BackwardWithGrad is Backward for a tensor of any shape, seeded with the
// gradient g of the final result with respect to t (PyTorch's
// t.backward(gradient=g)). g must have t's shape.
func (t *Tensor) BackwardWithGrad(g *Tensor, opts ...BackwardOption) {
	if g == nil {
		t.Backward(opts...)
		return
	}
	if !t.requiresGrad {
		panic(errorf(ErrGrad, "BackwardWithGrad", "element 0 of tensors does not require grad and does not have a grad_fn"))
	}
	if !slices.Equal(g.shape, t.shape) {
		panic(errorf(ErrShape, "BackwardWithGrad", "mismatch in shape: grad has shape %s and output has shape %s", shapeString(g.shape), shapeString(t.shape)))
	}
	runBackward(t, g.detachedCopy(t.dtype), opts)
}

var passCounter atomic.Uint64

// runBackward walks the graph below root from the output back to the
// leaves, handing each node the sum of its output's gradients.
func runBackward(root, g *Tensor, opts []BackwardOption) {
	if root.gradFn == nil {
		accumulateLeaf(root, g, true)
		return
	}
	retain := len(opts) > 0 && retainGraph(opts)
	var orderBuf [32]*node
	order := topoOrder(root.gradFn, orderBuf[:0])
	s := takeScratch()
	grads := s.gradSlice(order)
	defer s.release()       // runs last: nothing refers to the scratch by then
	defer clearGrads(order) // leave no half-accumulated gradient behind

	s.receive(root, g, false)
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		if n.grad == nil {
			continue // no gradient reached this node
		}
		n.check()
		n.scratch = s
		n.backward(n, n.grad, grads[:len(n.inputs)])
		n.scratch = nil
		for j, in := range n.inputs {
			gi := grads[j]
			grads[j] = nil
			if gi != nil && in.requiresGrad {
				gi, owned := s.ownership(n, j, gi, grads[j+1:len(n.inputs)])
				s.receive(in, gi, owned)
			}
		}
		n.done(retain)
	}
}

// ownership checks gradient gi that node n computed for its input j and
// converts it to the input's dtype. owned reports whether nothing else can
// see gi's memory, so that a leaf may keep gi itself as its Grad. This is
// the one rule for which gradient buffers a leaf may keep: a fresh, dense
// buffer of the input's dtype that holds exactly gi's elements, not in the
// pass's scratch, not the output's gradient n received (which the user or
// another node may hold), not shared with a later sibling's gradient (the
// earlier ones are already delivered and were checked against this one) —
// or a stacked node's gathered gradient, which was made for that node alone.
func (s *scratch) ownership(n *node, j int, gi *Tensor, later []*Tensor) (*Tensor, bool) {
	in := n.inputs[j]
	if !slices.Equal(gi.shape, in.shape) {
		panic(errorf(ErrGrad, "Backward", "internal error: %s returned a gradient of shape %s for an input of shape %s", n.name, shapeString(gi.shape), shapeString(in.shape)))
	}
	switch {
	case gi.dtype != in.dtype:
		return gi.detachedCopy(in.dtype), true
	case gi == n.grad:
		return gi, n.stacked
	case n.gradOwned && sameStorage(gi, n.grad) && gi.offset == 0 && gi.IsContiguous() && len(gi.f32)+len(gi.f64) == gi.Numel() && gi.Numel() > 0:
		return gi, true // n's own fresh gradient, relabelled
	case in.gradFn != nil && columnMajorFresh(gi) && !sameStorage(gi, n.grad) && !s.holds(gi):
		return gi, laterShare(gi, later) // a fresh gradient in a weight's transposed layout, for a non-leaf
	case s.holds(gi) || gi.base != nil || gi.offset != 0 || gi.version != nil || !gi.IsContiguous():
		return gi, false
	case len(gi.f32)+len(gi.f64) != gi.Numel() || gi.Numel() == 0 || sameStorage(gi, n.grad):
		return gi, false
	}
	for _, o := range later {
		if o != nil && sameStorage(o, gi) {
			return gi, false
		}
	}
	return gi, true
}

// receive adds gi to the gradient that tensor in has received so far in
// this pass: a leaf accumulates it into its Grad (keeping gi itself when
// owned, see ownership), a non-leaf into its node's pending gradient. A
// non-leaf that asked RetainGrad also keeps a copy of the sum.
func (s *scratch) receive(in, gi *Tensor, owned bool) {
	if in.retainGrad && in.gradFn != nil {
		accumulateLeaf(in, gi, false)
	}
	switch n := in.gradFn; {
	case n == nil:
		accumulateLeaf(in, gi, owned)
	case n.stacked:
		n.stackGrad(in, gi)
	case n.grad == nil:
		n.grad, n.gradOwned = gi, owned && !in.retainGrad
	default:
		// The sum is as short-lived as its terms.
		sum := s.empty(in.dtype, in.shape)
		copyValues(sum, n.grad)
		addInto(sum, gi)
		n.grad = sum
	}
}

// done marks n as run: without RetainGraph its saved tensors are let go,
// and a later pass through it is refused (see check).
func (n *node) done(retain bool) {
	if retain {
		return
	}
	n.freed = true
	if n.nSaved > 0 {
		n.backward = nil // let the saved tensors go
	}
}

func retainGraph(opts []BackwardOption) bool {
	var cfg backwardConfig
	for _, o := range opts {
		o(&cfg)
	}
	return cfg.retainGraph
}

func clearGrads(order []*node) {
	for _, n := range order {
		n.grad, n.scratch, n.gradOwned = nil, nil, false
	}
}

// stackGrad adds g, the gradient of out (output out.outputNr of the
// stacked node n), into its slice of n's pending gradient, which is
// allocated here, so the engine alone writes to it.
func (n *node) stackGrad(out, g *Tensor) {
	if n.grad == nil {
		n.grad = empty(g.dtype, n.inputs[0].shape)
	}
	p, d := n.grad, int(n.dim)
	off := p.offset + int(out.outputNr)*p.strides[d]
	if g.Numel() == 1 && p.Numel() == p.shape[d] {
		// One number per output: the entries of an unpacked vector.
		if p.dtype == Float32 {
			p.f32[off] += g.f32[g.offset]
		} else {
			p.f64[off] += g.f64[g.offset]
		}
		return
	}
	var buf [16]int
	shape, strides := dropDim(p.shape, p.strides, d, buf[:])
	addInto(rawView(p, shape, strides, off), g)
}

// check panics if n cannot run backward: its saved tensors were freed by an
// earlier pass, or modified in place since they were saved.
func (n *node) check() {
	if n.freed && (n.nSaved > 0 || n.backward == nil) {
		panic(errorf(ErrGrad, "Backward", "trying to backward through the graph a second time (%s's saved tensors were freed by the first Backward); pass gd.RetainGraph() to the first Backward to keep them", n.name))
	}
	for _, s := range n.saved[:n.nSaved] {
		if v := s.t.versionValue(); v != s.version {
			panic(errorf(ErrGrad, "Backward", "one of the tensors needed for gradient computation has been modified by an in-place operation: %s tensor of shape %s saved by %s is at version %d; expected version %d instead", s.t.dtype, shapeString(s.t.shape), n.name, v, s.version))
		}
	}
}

// sameStorage reports whether a and b are views of one (non-empty) storage.
func sameStorage(a, b *Tensor) bool {
	if a.dtype != b.dtype {
		return false
	}
	if a.dtype == Float32 {
		return len(a.f32) > 0 && len(b.f32) > 0 && &a.f32[0] == &b.f32[0]
	}
	return len(a.f64) > 0 && len(b.f64) > 0 && &a.f64[0] == &b.f64[0]
}

// topoOrder lists the nodes reachable from root so that every node comes
// before the nodes that consume its output (root last). It appends to buf.
func topoOrder(root *node, buf []*node) []*node {
	pass := passCounter.Add(1)
	order := buf
	type frame struct {
		n    *node
		next int
	}
	var stackBuf [32]frame
	stack := append(stackBuf[:0], frame{n: root})
	root.pass = pass
	for len(stack) > 0 {
		top := &stack[len(stack)-1]
		if top.next < len(top.n.inputs) {
			in := top.n.inputs[top.next]
			top.next++
			if in.requiresGrad && in.gradFn != nil && in.gradFn.pass != pass {
				in.gradFn.pass = pass
				stack = append(stack, frame{n: in.gradFn})
			}
			continue
		}
		order = append(order, top.n)
		stack = stack[:len(stack)-1]
	}
	return order
}

// accumulateLeaf adds g into t.grad, which is g itself (when owned, i.e.
// fresh and unshared) or a copy on first use. Like PyTorch (outside
// create_graph) later accumulation is in place, so a Grad() tensor taken
// earlier sees later backward passes.
func accumulateLeaf(t, g *Tensor, owned bool) {
	if t.grad == nil {
		switch {
		case owned && g.dtype == t.dtype:
			t.grad = g
		default:
			t.grad = t.spareOrEmpty(t.dtype, t.shape)
			copyValues(t.grad, g)
		}
		t.gradMade()
		return
	}
	addInto(t.grad, g)
}

// detachedCopy returns a fresh contiguous copy of t's values in the dtype,
// with no autograd history.
func (t *Tensor) detachedCopy(d DType) *Tensor {
	out := empty(d, t.shape)
	copyValues(out, t)
	return out
}

// GradFnInputs returns the input tensors of the operation that produced t,
// in order (including inputs that do not require grad), or nil for a leaf.
// It lets a program walk the autograd graph, e.g. to draw it.
func (t *Tensor) GradFnInputs() []*Tensor {
	if t.gradFn == nil {
		return nil
	}
	return slices.Clone(t.gradFn.inputs)
}

// Name returns the label set by SetName ("" by default).
func (t *Tensor) Name() string {
	if t.extra == nil {
		return ""
	}
	return t.extra.name
}

// SetName attaches a label to t, used by graph drawings, and returns t.
func (t *Tensor) SetName(name string) *Tensor {
	t.extras().name = name
	return t
}

// RequiresGrad_ turns on gradient tracking for a leaf tensor and returns it,
// like PyTorch's requires_grad_(). On a tensor computed by recorded ops it is
// a no-op (such a tensor already requires grad).
func (t *Tensor) RequiresGrad_() *Tensor { return t.SetRequiresGrad(true) }

// SetRequiresGrad sets whether t requires grad and returns t. Only leaves can
// change the flag: turning it off on a computed tensor panics with ErrGrad
// (use Detach instead), as in PyTorch.
func (t *Tensor) SetRequiresGrad(on bool) *Tensor {
	if t.gradFn != nil {
		if !on {
			panic(errorf(ErrGrad, "SetRequiresGrad", "you can only change requires_grad flags of leaf tensors; %s is the output of %s (use Detach to get a tensor that does not require grad)", shapeString(t.shape), t.gradFn.name))
		}
		return t
	}
	if on && !t.dtype.IsFloatingPoint() {
		panic(errorf(ErrGrad, "SetRequiresGrad", "only Tensors of floating point dtype can require gradients (this one is %s)", t.dtype))
	}
	t.requiresGrad = on
	return t
}

// Grad returns the gradient accumulated by Backward: nil before the first
// Backward, and nil for non-leaf tensors unless RetainGrad was called.
// The returned tensor is the accumulator itself, so Grad().Zero_() resets it.
func (t *Tensor) Grad() *Tensor {
	t.gradSeen()
	return t.grad
}

// SetGrad replaces the accumulated gradient; SetGrad(nil) is PyTorch's
// `params.grad = None`. A non-nil g must have t's shape and dtype.
func (t *Tensor) SetGrad(g *Tensor) {
	if g != nil {
		if !slices.Equal(g.shape, t.shape) {
			panic(errorf(ErrShape, "SetGrad", "assigned grad has shape %s but the tensor has shape %s", shapeString(g.shape), shapeString(t.shape)))
		}
		if g.dtype != t.dtype {
			panic(errorf(ErrDType, "SetGrad", "assigned grad has dtype %s but the tensor has dtype %s", g.dtype, t.dtype))
		}
	}
	if g == nil {
		t.dropGrad()
		return
	}
	t.gradSeen()
	t.grad = g
}

// RetainGrad asks Backward to also store the gradient of this non-leaf tensor
// in its Grad (PyTorch's retain_grad()). On a leaf it does nothing.
func (t *Tensor) RetainGrad() *Tensor {
	if t.gradFn != nil {
		t.retainGrad = true
	} else if !t.requiresGrad {
		panic(errorf(ErrGrad, "RetainGrad", "can't retain grad on a tensor that doesn't require grad"))
	}
	return t
}

// Detach returns a tensor sharing t's storage that is not part of any graph
// and does not require grad. In-place changes to either are visible in both,
// and are still tracked for t's saved-tensor checks.
func (t *Tensor) Detach() *Tensor {
	d := t.alias()
	d.version = t.sharedVersion()
	return d
}

// Data returns t's values as a tensor that shares storage but not history,
// like PyTorch's .data: `params.data -= lr*params.grad.data` is
// params.Data().Sub_(params.Grad().Data().Mul(lr)). Unlike Detach, changes
// through Data are not checked against tensors saved for Backward.
func (t *Tensor) Data() *Tensor { return t.alias() }

// alias returns a new header over t's storage, without autograd state.
// It shares t's shape and strides: a layout is never modified once made
// (ops that change one build a new one), and sharing makes the header a
// smaller allocation with nothing to copy.
func (t *Tensor) alias() *Tensor {
	return &Tensor{f32: t.f32, f64: t.f64, dtype: t.dtype, offset: t.offset, shape: t.shape, strides: t.strides}
}

// columnMajorFresh reports whether t is a whole dense 2-D buffer read in
// transposed (column-major) layout, as mmGrads returns a weight's gradient.
func columnMajorFresh(t *Tensor) bool {
	return t.Dim() == 2 && t.base == nil && t.offset == 0 && t.version == nil &&
		t.strides[0] == 1 && t.strides[1] == t.shape[0] && len(t.f32)+len(t.f64) == t.Numel() && t.Numel() > 0
}

// laterShare is false if a later sibling gradient shares t's storage.
func laterShare(t *Tensor, later []*Tensor) bool {
	for _, o := range later {
		if o != nil && sameStorage(o, t) {
			return false
		}
	}
	return true
}
