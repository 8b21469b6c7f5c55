package gd

import (
	"sync/atomic"
	"unsafe"
)

// Most gradients a backward pass computes are read once, by the next node
// down the graph, and then dropped: the mean's gradient feeds the square's,
// which feeds the difference's, and so on. For the articles' small models
// allocating each of them on the heap costs more than the arithmetic. A
// scratch is a region the engine hands to one pass at a time for those
// short-lived gradients; after the pass it is reused by the next one, so a
// training step's intermediate gradients cost no allocation at all and stay
// in cache.
//
// Nothing outside the pass can see scratch memory: a leaf copies a scratch
// gradient instead of keeping it (see scratch.ownership), RetainGrad keeps a
// copy, and the engine clears its pending gradients when the pass ends.
// Backward functions request scratch tensors with node.gradBuf, and read
// their inputs through detached headers kept here (node.input); anything
// that does not fit falls back to the heap.
type scratch struct {
	grads [8]*Tensor // the per-node gradient slice handed to backward functions
	boxes [16]box
	views [8]Tensor // detached headers of tensors backward functions read
	f32   [512]float32
	f64   [256]float64

	nBox, nView, n32, n64 int // how much of each is in use
}

// spareScratch holds a scratch between passes. A pass that finds it taken
// (another goroutine is running Backward) allocates its own.
var spareScratch atomic.Pointer[scratch]

func takeScratch() *scratch {
	if s := spareScratch.Swap(nil); s != nil {
		return s
	}
	return new(scratch)
}

// release offers s to the next pass. It need not clear the boxes: a
// scratch tensor's slices point into s itself, so s pins nothing else (the
// engine nils the grads slots as it consumes them). The detached views
// point at the caller's tensors, so they are cleared.
func (s *scratch) release() {
	clear(s.views[:s.nView])
	s.nBox, s.nView, s.n32, s.n64 = 0, 0, 0, 0
	spareScratch.Store(s)
}

// gradSlice returns the slice that every node of the pass (order) gets for
// its inputs' gradients: the backward functions only write into it.
func (s *scratch) gradSlice(order []*node) []*Tensor {
	width := 0
	for _, n := range order {
		width = max(width, len(n.inputs))
	}
	if width > len(s.grads) {
		return make([]*Tensor, width)
	}
	return s.grads[:width]
}

// detached returns t itself when it does not require grad, else a header
// over t's values that does not (like Detach, but kept in s for the pass).
// Backward functions read their inputs and saved tensors through it: none
// of the tensors they compute with then requires grad, so the public ops
// they call record nothing, whatever the grad mode, and Backward never has
// to switch the process-wide mode off.
func (s *scratch) detached(t *Tensor) *Tensor {
	if !t.requiresGrad {
		return t
	}
	if s == nil || s.nView == len(s.views) {
		return t.Detach()
	}
	v := &s.views[s.nView]
	s.nView++
	*v = Tensor{f32: t.f32, f64: t.f64, dtype: t.dtype, offset: t.offset, shape: t.shape, strides: t.strides, version: t.version}
	return v
}

// empty is the package's empty for a gradient that only lives during the
// pass: a zero-filled contiguous tensor in s when there is room, else on the
// heap. s may be nil (no pass in progress).
func (s *scratch) empty(dtype DType, shape []int) *Tensor {
	n := numel(shape)
	if s == nil || s.nBox == len(s.boxes) || len(shape) > len(s.boxes[0].dims)/2 {
		return empty(dtype, shape)
	}
	// A box's header is reused as is: nothing but this function writes to
	// a scratch tensor's header, so only its storage and layout change
	// (and a pointer write is worth saving while the collector marks).
	b := &s.boxes[s.nBox]
	switch {
	case dtype == Float32 && s.n32+n <= len(s.f32):
		d := s.f32[s.n32 : s.n32+n : s.n32+n]
		clear(d)
		s.n32 += n
		b.t.f32 = d
		if b.t.f64 != nil {
			b.t.f64 = nil
		}
	case dtype == Float64 && s.n64+n <= len(s.f64):
		d := s.f64[s.n64 : s.n64+n : s.n64+n]
		clear(d)
		s.n64 += n
		b.t.f64 = d
		if b.t.f32 != nil {
			b.t.f32 = nil
		}
	default:
		return empty(dtype, shape)
	}
	s.nBox++
	b.t.dtype = dtype
	b.t.shape, b.t.strides = b.layout(shape)
	return &b.t
}

// holds reports whether t's elements or header live in s, so that no leaf
// keeps t.
func (s *scratch) holds(t *Tensor) bool {
	if s == nil {
		return false
	}
	if within(unsafe.Pointer(t), unsafe.Pointer(&s.views), unsafe.Sizeof(s.views)) {
		return true
	}
	if t.dtype == Float32 {
		return len(t.f32) > 0 && within(unsafe.Pointer(&t.f32[0]), unsafe.Pointer(&s.f32), unsafe.Sizeof(s.f32))
	}
	return len(t.f64) > 0 && within(unsafe.Pointer(&t.f64[0]), unsafe.Pointer(&s.f64), unsafe.Sizeof(s.f64))
}

// within reports whether p points into the size bytes starting at base
// (Go has no ordered pointer comparison; both are heap addresses, which do
// not move).
func within(p, base unsafe.Pointer, size uintptr) bool {
	return uintptr(p)-uintptr(base) < size
}

// gradBuf returns a zero-filled tensor for the gradient that n's backward
// computes for its input in. A leaf without a gradient yet keeps what it
// receives as its Grad, so its gradient comes from the heap; any other is
// consumed within the pass and lives in the pass's scratch.
func (n *node) gradBuf(in *Tensor, dtype DType) *Tensor {
	if in.gradFn == nil && in.grad == nil {
		return empty(dtype, in.shape)
	}
	return n.scratch.empty(dtype, in.shape)
}
