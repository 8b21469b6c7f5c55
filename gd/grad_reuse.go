package gd

import "sync/atomic"

// A weight's gradient is often a training step's largest allocation: 400 KB
// a step for the 784×128 first layer of an MNIST-sized MLP. ZeroGrad drops
// it (PyTorch's set_to_none, its default since 2.0) and the next Backward
// allocates another, which the runtime must zero first although the matrix
// product then overwrites every element, and which the collector must later
// reclaim. Cycling through fresh memory also keeps the step out of the cache.
//
// When nothing outside the package can hold the dropped gradient, gd keeps
// its storage as the leaf's spare and the next pass writes the new gradient
// straight into it. "Nothing outside can hold it" is tracked, not assumed:
// a gradient made by Backward is fresh until it is handed out (Grad) or was
// supplied by the caller (SetGrad); only a fresh one is kept. The optimizers
// read gradients without handing them out, so a training loop that only
// calls ZeroGrad, Backward and Step never allocates a large gradient after
// its first step. What a program can observe is unchanged: Grad is nil
// after ZeroGrad, and a gradient it took earlier keeps its values.
//
// Only gradients of at least reuseMin elements are tracked: below that the
// allocation is cheap, and small loops keep their allocation counts.
const reuseMin = 1024

// tensorExtra is what few tensors need, kept out of line so that the
// header every op allocates stays small.
type tensorExtra struct {
	name string // set by SetName

	// gradFresh: t.grad was made by Backward (its storage seen by nothing
	// outside gd) and has not been handed out since.
	gradFresh atomic.Bool
	// spare32 or spare64 is the storage of a fresh gradient t dropped,
	// for the next pass to fill.
	spare32 []float32
	spare64 []float64
}

// extras returns t's out-of-line state, allocating it on first use.
func (t *Tensor) extras() *tensorExtra {
	if t.extra == nil {
		t.extra = new(tensorExtra)
	}
	return t.extra
}

// gradMade records that Backward just made t.grad from memory nothing else
// can see.
func (t *Tensor) gradMade() {
	if t.grad.Numel() >= reuseMin {
		t.extras().gradFresh.Store(true)
	}
}

// gradSeen records that t.grad is handed out (or replaced by the caller's).
func (t *Tensor) gradSeen() {
	if e := t.extra; e != nil && e.gradFresh.Load() {
		e.gradFresh.Store(false)
	}
}

// dropGrad sets t.grad to nil, keeping its storage as t's spare when it
// is fresh and whole (one dense buffer of exactly its elements).
func (t *Tensor) dropGrad() {
	g := t.grad
	t.grad = nil
	e := t.extra
	if e == nil || g == nil || !e.gradFresh.Load() {
		return
	}
	e.gradFresh.Store(false)
	if g.gradFn != nil || g.base != nil || g.offset != 0 || g.dtype != t.dtype || !g.IsContiguous() {
		return
	}
	switch n := g.Numel(); {
	case g.dtype == Float32 && len(g.f32) == n:
		e.spare32, e.spare64 = g.f32, nil
	case g.dtype != Float32 && len(g.f64) == n:
		e.spare32, e.spare64 = nil, g.f64
	}
}

// spare returns a tensor of the shape over t's spare storage, taking it,
// if t has no gradient and a spare of the dtype and size; else nil. Its
// elements are stale: the caller overwrites every one.
func (t *Tensor) spare(dtype DType, shape []int) *Tensor {
	e := t.extra
	if e == nil || t.grad != nil || dtype != t.dtype {
		return nil
	}
	n := numel(shape)
	if n == 0 || (dtype == Float32 && len(e.spare32) != n) || (dtype != Float32 && len(e.spare64) != n) {
		return nil
	}
	b, _ := newHeaderBox(false)
	out := &b.t
	out.shape, out.strides = b.layout(shape)
	out.dtype = dtype
	out.f32, out.f64 = e.spare32, e.spare64
	e.spare32, e.spare64 = nil, nil
	return out
}

// spareOrEmpty is t's spare, or else a new zero-filled tensor.
func (t *Tensor) spareOrEmpty(dtype DType, shape []int) *Tensor {
	if out := t.spare(dtype, shape); out != nil {
		return out
	}
	return empty(dtype, shape)
}

// gradLeaf returns the leaf whose gradient a product computes when it
// computes the gradient of t: t itself, or the leaf t is the transpose of
// (Linear's weight.T()); nil otherwise. It only chooses whose spare to
// fill: any fresh buffer would give the same result.
func gradLeaf(t *Tensor) *Tensor {
	if t.gradFn == nil {
		return t
	}
	if n := t.gradFn; n.name == "TBackward0" && len(n.inputs) == 1 && n.inputs[0].gradFn == nil {
		return n.inputs[0]
	}
	return nil
}
