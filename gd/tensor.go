package gd

import "slices"

// Tensor is an n-dimensional array of float32 or float64 values that can record
// the operations applied to it, so that gradients flow back with Backward.
//
// A Tensor is a view: shape, strides and offset into a storage slice that views
// of the same data share (Select, View, Data and Detach return such views).
// The zero value is not usable; create tensors with Scalar, Vector, FromSlice,
// Zeros, Ones, Full, Arange, Rand, Randn and friends.
type Tensor struct {
	// Exactly one of f32 and f64 is the storage, chosen by dtype. Views share it.
	f32 []float32
	f64 []float64

	shape   []int
	strides []int // in elements
	offset  int   // index of element (0,...,0) in the storage

	grad   *Tensor // accumulated gradient (leaves, or non-leaves with RetainGrad)
	gradFn *node   // the op that produced this tensor; nil for leaves

	// version counts in-place writes to the storage. Views share the counter
	// (Detach too; Data does not, like PyTorch's .data), so Backward can tell
	// when a tensor saved for it was modified in place. Allocated lazily.
	version *uint64
	// base is the tensor a differentiable view (Select, View, ...) was taken
	// from, so in-place misuse on a view of a leaf can be named as such.
	base  *Tensor
	extra *tensorExtra // what few tensors need: a name, a leaf's spare gradient storage (see grad_reuse.go)

	// The small fields sit together so the header packs tightly: every
	// op allocates one, and bytes allocated set the garbage collector's pace.
	dtype        DType
	requiresGrad bool
	retainGrad   bool
	param        bool // created by Parameter: prints as "Parameter containing:"
	// outputNr is which output of gradFn this tensor is, for an op with
	// several outputs (Unbind; see node.stacked).
	outputNr int32
}

// Shape returns a copy of the tensor's sizes, one per dimension.
func (t *Tensor) Shape() []int { return slices.Clone(t.shape) }

// Size returns the size of dimension dim; negative dims count from the end.
func (t *Tensor) Size(dim int) int { return t.shape[t.normDim("Size", dim)] }

// Dim returns the number of dimensions (0 for a scalar).
func (t *Tensor) Dim() int { return len(t.shape) }

// Numel returns the number of elements.
func (t *Tensor) Numel() int { return numel(t.shape) }

// DType returns the element type.
func (t *Tensor) DType() DType { return t.dtype }

// IsLeaf reports whether the tensor was created by the user rather than by a
// recorded operation. Only leaves keep .Grad after Backward.
func (t *Tensor) IsLeaf() bool { return t.gradFn == nil }

// RequiresGrad reports whether operations on t are recorded for autograd.
func (t *Tensor) RequiresGrad() bool { return t.requiresGrad }

// IsParameter reports whether t was made by Parameter (or a Module's constructor).
func (t *Tensor) IsParameter() bool { return t.param }

// GradFnName returns PyTorch's name for the operation that produced t
// ("PowBackward0", "MeanBackward0", ...), or "" for a leaf.
func (t *Tensor) GradFnName() string {
	if t.gradFn == nil {
		return ""
	}
	return t.gradFn.name
}

// IsContiguous reports whether the elements are laid out densely in
// row-major order. A tensor with no elements is contiguous, as in PyTorch.
func (t *Tensor) IsContiguous() bool {
	if t.Numel() == 0 {
		return true
	}
	expected := 1
	for i := len(t.shape) - 1; i >= 0; i-- {
		if t.shape[i] != 1 && t.strides[i] != expected {
			return false
		}
		expected *= t.shape[i]
	}
	return true
}

// Float64s returns a copy of the elements in row-major order, converted to float64.
// It is the Go counterpart of `t.detach().numpy()` for plotting and printing.
func (t *Tensor) Float64s() []float64 {
	out := make([]float64, t.Numel())
	i := 0
	if t.dtype == Float32 {
		t.eachOffset(func(off int) { out[i] = float64(t.f32[off]); i++ })
	} else {
		t.eachOffset(func(off int) { out[i] = t.f64[off]; i++ })
	}
	return out
}

// Float32s returns a copy of the elements in row-major order, converted to float32.
func (t *Tensor) Float32s() []float32 {
	out := make([]float32, t.Numel())
	i := 0
	if t.dtype == Float32 {
		t.eachOffset(func(off int) { out[i] = t.f32[off]; i++ })
	} else {
		t.eachOffset(func(off int) { out[i] = float32(t.f64[off]); i++ })
	}
	return out
}

// Item returns the value of a one-element tensor, like PyTorch's .item().
// It panics with an ErrValue error if t has more than one element.
func (t *Tensor) Item() float64 {
	t.must("Item")
	if t.Numel() != 1 {
		panic(errorf(ErrValue, "Item", "a Tensor with %d elements cannot be converted to a scalar (shape %s)", t.Numel(), shapeString(t.shape)))
	}
	if t.dtype == Float32 {
		return float64(t.f32[t.offset])
	}
	return t.f64[t.offset]
}

// eachOffset calls fn with the storage offset of every element, in row-major order.
func (t *Tensor) eachOffset(fn func(off int)) {
	n := t.Numel()
	if n == 0 {
		return
	}
	if t.IsContiguous() {
		for i := 0; i < n; i++ {
			fn(t.offset + i)
		}
		return
	}
	idx := make([]int, len(t.shape))
	off := t.offset
	for k := 0; k < n; k++ {
		fn(off)
		for d := len(t.shape) - 1; d >= 0; d-- {
			idx[d]++
			off += t.strides[d]
			if idx[d] < t.shape[d] {
				break
			}
			off -= t.strides[d] * t.shape[d]
			idx[d] = 0
		}
	}
}

// must panics with an ErrValue error naming op when t is nil, which a
// method called on a nil *Tensor would otherwise turn into a Go runtime
// panic from inside the library.
func (t *Tensor) must(op string) *Tensor {
	if t == nil {
		panic(errorf(ErrValue, op, "called on a nil *Tensor"))
	}
	return t
}

// normDim turns a possibly negative dim into an index, or panics naming op.
func (t *Tensor) normDim(op string, dim int) int {
	n := len(t.shape)
	if n == 0 && (dim == 0 || dim == -1) {
		return 0
	}
	if n == 0 {
		n = 1 // a 0-d tensor takes dims as if it had one, like PyTorch
	}
	if dim < -n || dim >= n {
		panic(errorf(ErrIndex, op, "dimension out of range (expected to be in range of [%d, %d], but got %d)", -n, n-1, dim))
	}
	if dim < 0 {
		dim += n
	}
	return dim
}

func numel(shape []int) int {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return n
}

// contiguousStrides returns row-major strides for shape.
func contiguousStrides(shape []int) []int {
	strides := make([]int, len(shape))
	s := 1
	for i := len(shape) - 1; i >= 0; i-- {
		strides[i] = s
		s *= shape[i]
	}
	return strides
}
