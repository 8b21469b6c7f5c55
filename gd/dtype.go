package gd

// DType is the element type of a tensor's storage.
type DType uint8

const (
	// Float32 is PyTorch's default dtype (torch.float32) and gd's default.
	Float32 DType = iota
	// Float64 is torch.float64 (double).
	Float64
)

// String returns the name PyTorch prints for the dtype.
func (d DType) String() string {
	switch d {
	case Float32:
		return "torch.float32"
	case Float64:
		return "torch.float64"
	}
	return "gd.DType(?)"
}

// float is the set of element types a tensor can hold.
type float interface{ ~float32 | ~float64 }

// Float returns t converted to float32, like PyTorch's .float(). A float32
// tensor is returned as is; otherwise the copy is recorded (ToCopyBackward0).
func (t *Tensor) Float() *Tensor { return t.To(Float32) }

// Double returns t converted to float64, like PyTorch's .double().
func (t *Tensor) Double() *Tensor { return t.To(Float64) }

// To returns t converted to dtype d: t itself when it already has that dtype,
// else a copy that gradients flow back through (converted back to t's dtype).
func (t *Tensor) To(d DType) *Tensor {
	if d != Float32 && d != Float64 {
		panic(errorf(ErrDType, "To", "unknown dtype %d", d))
	}
	if t.dtype == d {
		return t
	}
	out := t.detachedCopy(d)
	if needsGrad(t) {
		record(out, "ToCopyBackward0", toBackward, t)
	}
	return out
}

// toBackward: g, which the engine converts to the input's dtype.
func toBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g }

// resultDType applies PyTorch's type promotion to two float tensors: tensors
// with dimensions outrank 0-d tensors, and among equals float64 wins. So a
// float32 vector times a float64 0-d tensor stays float32, as in PyTorch.
func resultDType(a, b *Tensor) DType {
	if a.dtype == b.dtype {
		return a.dtype
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
