package gd

import (
	"slices"
	"sync/atomic"
)

// node is one recorded operation in the autograd graph (PyTorch's grad_fn).
//
// Each op builds its output and, when an input requires grad, a node whose
// backward closure maps the gradient of the output to one gradient per input
// (written into grads; nil where an input needs none). The op's forward and
// backward sit side by side in one function, micrograd style.
type node struct {
	name     string    // PyTorch's grad_fn class name, e.g. "PowBackward0"
	inputs   []*Tensor // the op's tensor inputs, in order
	backward func(n *node, g *Tensor, grads []*Tensor)
	saved    [3]savedTensor // tensors whose values backward reads (nSaved of them)
	nSaved   uint8
	freed    bool // a backward pass without RetainGraph ran through it
	// stacked marks an op with one output per index of dimension idx[0]
	// of its input (Unbind, like PyTorch's UnbindBackward0): the outputs'
	// gradients are gathered into one pending gradient of the input's
	// shape (see stackGrad), which backward passes on.
	stacked bool

	// Small operands of the op, kept here so that backward closures can
	// read them from the node instead of capturing them (a closure that
	// captures nothing costs no allocation).
	scalar float64
	idx    [2]int

	inBuf [3]*Tensor // backing array for the common ops (addmm has three inputs)

	// Scratch state of the backward pass in progress.
	pass    uint64
	grad    *Tensor  // gradient of the output accumulated so far
	scratch *scratch // the pass's short-lived memory, while backward runs
}

// savedTensor remembers the version a saved tensor had when it was saved.
type savedTensor struct {
	t       *Tensor
	version uint64
}

// needsGrad reports whether an op on these inputs must be recorded.
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

// record makes out the result of a differentiable op and returns its node.
func record(out *Tensor, name string, backward func(n *node, g *Tensor, grads []*Tensor), inputs ...*Tensor) *node {
	return recordAs(nil, out, name, backward, inputs...)
}

// recordAs is record with the node n that alloc (or newViewRec) returned
// with out, so that a recorded op costs one allocation, not two; a nil n
// makes a new node.
func recordAs(n *node, out *Tensor, name string, backward func(n *node, g *Tensor, grads []*Tensor), inputs ...*Tensor) *node {
	if n == nil {
		n = new(node)
	}
	n.name, n.backward = name, backward
	if len(inputs) <= len(n.inBuf) {
		n.inputs = n.inBuf[:len(inputs)]
		copy(n.inputs, inputs)
	} else {
		n.inputs = slices.Clone(inputs)
	}
	out.requiresGrad = true
	out.gradFn = n
	return n
}

// save marks tensors whose values the backward closure reads, so that
// modifying them in place before Backward is reported instead of silently
// producing a wrong gradient.
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

func (t *Tensor) versionValue() uint64 {
	if t.version == nil {
		return 0
	}
	return *t.version
}

// sharedVersion returns t's version counter, creating it so that a view or
// alias made now can share it.
func (t *Tensor) sharedVersion() *uint64 {
	if t.version == nil {
		t.version = new(uint64)
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
func (t *Tensor) Backward(opts ...BackwardOption) {
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
// Sharing is safe because the engine never lets a leaf keep the gradient a
// node was handed (ownsStorage) and backward closures never write into it;
// a leaf root gets a fresh seed since it keeps it as its Grad.
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

func runBackward(root, g *Tensor, opts []BackwardOption) {
	retain := false
	if len(opts) > 0 {
		retain = retainGraph(opts)
	}
	if root.gradFn == nil {
		accumulateLeaf(root, g, true)
		return
	}
	var orderBuf [32]*node
	order := topoOrder(root.gradFn, orderBuf[:0])
	s := takeScratch()
	// One gradient slice serves every node of the pass (the backward
	// closures only write into it).
	width := 0
	for _, n := range order {
		width = max(width, len(n.inputs))
	}
	gradsBuf := s.grads[:min(width, len(s.grads))]
	if width > len(s.grads) {
		gradsBuf = make([]*Tensor, width)
	}

	// Backward closures use the ops themselves; nothing they do is recorded.
	noGradDepth.Add(1)
	defer noGradDepth.Add(-1)
	defer s.release()       // runs last: nothing refers to the scratch by then
	defer clearGrads(order) // leave no half-accumulated gradient behind

	if root.retainGrad {
		accumulateLeaf(root, g, false)
	}
	if root.gradFn.stacked {
		root.gradFn.stackGrad(root, g)
	} else {
		root.gradFn.grad = g
	}
	for i := len(order) - 1; i >= 0; i-- {
		n := order[i]
		gOut := n.grad // cleared with the others by clearGrads
		if gOut == nil {
			continue
		}
		n.check()
		grads := gradsBuf[:len(n.inputs)]
		n.scratch = s
		n.backward(n, gOut, grads)
		n.scratch = nil
		for j, in := range n.inputs {
			gi := grads[j]
			grads[j] = nil
			if gi == nil || !in.requiresGrad {
				continue
			}
			if !slices.Equal(gi.shape, in.shape) {
				panic(errorf(ErrGrad, "Backward", "internal error: %s returned a gradient of shape %s for an input of shape %s", n.name, shapeString(gi.shape), shapeString(in.shape)))
			}
			owned := true
			if gi.dtype != in.dtype {
				gi = gi.detachedCopy(in.dtype)
			} else {
				owned = !s.holds(gi) && ownsStorage(gi, gOut, grads, j)
			}
			if n.stacked && gi == gOut {
				// The gathered gradient was made for this node alone.
				owned = true
			}
			if in.retainGrad && in.gradFn != nil {
				// A non-leaf that asked RetainGrad keeps (a copy of) the
				// sum of what it receives.
				accumulateLeaf(in, gi, false)
			}
			switch {
			case in.gradFn == nil:
				accumulateLeaf(in, gi, owned)
			case in.gradFn.stacked:
				in.gradFn.stackGrad(in, gi)
			case in.gradFn.grad == nil:
				in.gradFn.grad = gi
			default:
				// The sum is as short-lived as its terms.
				sum := s.empty(in.dtype, in.shape)
				copyValues(sum, in.gradFn.grad)
				addInto(sum, gi)
				in.gradFn.grad = sum
			}
		}
		if !retain {
			n.freed = true
			if n.nSaved > 0 {
				n.backward = nil // let the saved tensors go
			}
		}
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
		n.grad, n.scratch = nil, nil
	}
}

// stackGrad adds g, the gradient of out (output out.outputNr of the
// stacked node n), into its slice of n's pending gradient, which is
// allocated here, so the engine alone writes to it.
func (n *node) stackGrad(out, g *Tensor) {
	if n.grad == nil {
		n.grad = empty(g.dtype, n.inputs[0].shape)
	}
	p, d := n.grad, n.idx[0]
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

// ownsStorage reports whether gradient gi (input j's, computed from gOut)
// is a fresh, dense buffer that nothing else references, so a leaf can keep
// it as its Grad without a copy.
func ownsStorage(gi, gOut *Tensor, grads []*Tensor, j int) bool {
	if gi.base != nil || gi.offset != 0 || !gi.IsContiguous() || gi.version != nil {
		return false
	}
	if len(gi.f32)+len(gi.f64) == 0 || sameStorage(gi, gOut) {
		return false
	}
	for k, o := range grads {
		if k != j && o != nil && sameStorage(o, gi) {
			return false
		}
	}
	return len(gi.f32)+len(gi.f64) == gi.Numel()
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
		if owned && g.dtype == t.dtype {
			t.grad = g
		} else {
			t.grad = g.detachedCopy(t.dtype)
		}
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
	if t.name == nil {
		return ""
	}
	return *t.name
}

// SetName attaches a label to t, used by graph drawings, and returns t.
func (t *Tensor) SetName(name string) *Tensor {
	t.name = &name
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
	t.requiresGrad = on
	return t
}

// Grad returns the gradient accumulated by Backward: nil before the first
// Backward, and nil for non-leaf tensors unless RetainGrad was called.
// The returned tensor is the accumulator itself, so Grad().Zero_() resets it.
func (t *Tensor) Grad() *Tensor { return t.grad }

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
