package gd

import "math"

// DType is the element type of a tensor's storage.
//
// Float32 and Float64 hold values that gradients flow through. Int64 and
// Bool exist for what classification needs besides: class labels (PyTorch's
// torch.int64, "long"), the indices Argmax returns, and the masks that
// comparisons return (torch.bool), which count with Sum and turn into
// accuracies with Float().Mean(). They are dtypes of the one Tensor type
// rather than separate Go types so that a PyTorch line such as
// preds.argmax(1).eq(labels).float().mean() maps to one Go line, and so that
// views, indexing, Stack, DataLoader batches and printing work on labels
// unchanged.
//
// Integer and boolean tensors keep their values in float64 storage (a bool
// as 0 or 1). A float64 holds every integer up to 2⁵³ (about 9.007e15)
// exactly, which covers labels, indices and counts; gd refuses an integer
// result beyond that rather than round it. Sharing the storage keeps the
// tensor header, and with it every op's allocation, as small as before.
type DType uint8

const (
	// Float32 is PyTorch's default dtype (torch.float32) and gd's default.
	Float32 DType = iota
	// Float64 is torch.float64 (double).
	Float64
	// Int64 is torch.int64 (long): class labels and indices.
	Int64
	// Bool is torch.bool: the masks comparisons return.
	Bool
)

// String returns the name PyTorch prints for the dtype.
func (d DType) String() string {
	switch d {
	case Float32:
		return "torch.float32"
	case Float64:
		return "torch.float64"
	case Int64:
		return "torch.int64"
	case Bool:
		return "torch.bool"
	}
	return "gd.DType(?)"
}

// IsFloatingPoint reports whether d is Float32 or Float64, the dtypes that
// can require grad (PyTorch's dtype.is_floating_point).
func (d DType) IsFloatingPoint() bool { return d == Float32 || d == Float64 }

// maxExactInt is the largest integer a float64 holds exactly, and so the
// bound of gd's Int64 values.
const maxExactInt = 1 << 53

// float is the set of element types a tensor can hold.
type float interface{ ~float32 | ~float64 }

// Float returns t converted to float32, like PyTorch's .float(). A float32
// tensor is returned as is; otherwise the copy is recorded (ToCopyBackward0).
func (t *Tensor) Float() *Tensor { return t.To(Float32) }

// Double returns t converted to float64, like PyTorch's .double().
func (t *Tensor) Double() *Tensor { return t.To(Float64) }

// Long returns t converted to int64, like PyTorch's .long(): floats are
// truncated toward zero. Non-finite values and values beyond ±2⁵³ are
// refused (PyTorch's result for them is undefined).
func (t *Tensor) Long() *Tensor { return t.To(Int64) }

// Bool returns t converted to bool, like PyTorch's .bool(): nonzero (and
// NaN) is true.
func (t *Tensor) Bool() *Tensor { return t.To(Bool) }

// To returns t converted to dtype d: t itself when it already has that dtype,
// else a copy. Gradients flow back through a conversion between float
// dtypes (converted back to t's dtype).
func (t *Tensor) To(d DType) *Tensor {
	if d > Bool {
		panic(errorf(ErrDType, "To", "unknown dtype %d", d))
	}
	if t.dtype == d {
		return t
	}
	out := t.detachedCopy(d)
	if needsGrad(t) && d.IsFloatingPoint() {
		record(out, "ToCopyBackward0", toBackward, t)
	}
	return out
}

// toBackward: g, which the engine converts to the input's dtype.
func toBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g }

// category orders dtypes as PyTorch's type promotion does: bool < integer < float.
func (d DType) category() int {
	switch d {
	case Bool:
		return 0
	case Int64:
		return 1
	}
	return 2
}

// resultDType applies PyTorch's type promotion to two tensors. The higher
// category (bool, integer, float) wins. Within a category, tensors with
// dimensions outrank 0-d tensors, and among equals float64 wins; a 0-d
// tensor of a higher category than the other operand decides the dtype. So
// a float32 vector times a float64 0-d tensor stays float32, and an int64
// vector plus a float64 0-d tensor is float64, as in PyTorch.
func resultDType(a, b *Tensor) DType {
	if a.dtype == b.dtype {
		return a.dtype
	}
	ca, cb := a.dtype.category(), b.dtype.category()
	if ca != cb {
		if ca > cb {
			return a.dtype
		}
		return b.dtype
	}
	aDim, bDim := len(a.shape) > 0, len(b.shape) > 0
	switch {
	case aDim && !bDim:
		return a.dtype
	case bDim && !aDim:
		return b.dtype
	}
	return Float64
}

// numberDType is the dtype of t op s for a Go number s, which acts like a
// Python number: an integer keeps t's dtype unless t is bool (then int64);
// a float keeps a float t's dtype and turns an integer or bool t into
// float32, PyTorch's default dtype.
func numberDType(t *Tensor, isInt bool) DType {
	switch {
	case t.dtype.IsFloatingPoint():
		return t.dtype
	case !isInt:
		return Float32
	}
	return Int64
}

// toExact converts the float64 values stored for an Int64 or Bool tensor
// after a conversion from another dtype (copyValues): truncation toward
// zero, or 0/1. op names the operation in the error for a value that has
// no exact int64.
func toExact(op string, d DType, v []float64) {
	for i, x := range v {
		if d == Bool {
			if x != 0 {
				v[i] = 1
			}
			continue
		}
		x = math.Trunc(x)
		if !(math.Abs(x) <= maxExactInt) {
			panic(errorf(ErrValue, op, "cannot convert %v to int64: gd's integers are exact only up to ±2^53", v[i]))
		}
		v[i] = x
	}
}

// requireFloat panics with an ErrDType error unless t holds floats.
func requireFloat(op string, t *Tensor) {
	if !t.dtype.IsFloatingPoint() {
		panic(errorf(ErrDType, op, "expected a floating point tensor, got %s (convert with Float())", t.dtype))
	}
}
