package gd

// Comparisons return Bool tensors (masks), as PyTorch's do. A mask counts
// with Sum (an int64 result), takes part in arithmetic as 0 and 1
// (mask.Mul(x), mask.Float().Mean()), selects with Where, and records
// nothing: a comparison has no gradient.

// cmpOp names an elementwise comparison.
type cmpOp uint8

const (
	cmpGt cmpOp = iota
	cmpGe
	cmpLt
	cmpLe
	cmpEq
	cmpNe
)

// Gt returns the mask t > v (v a tensor broadcast against t, or a number).
func (t *Tensor) Gt(v any) *Tensor { return t.compare("Gt", cmpGt, v) }

// Ge returns the mask t >= v.
func (t *Tensor) Ge(v any) *Tensor { return t.compare("Ge", cmpGe, v) }

// Lt returns the mask t < v.
func (t *Tensor) Lt(v any) *Tensor { return t.compare("Lt", cmpLt, v) }

// Le returns the mask t <= v.
func (t *Tensor) Le(v any) *Tensor { return t.compare("Le", cmpLe, v) }

// Eq returns the mask t == v: preds.Argmax(1).Eq(labels) marks the
// correct predictions.
func (t *Tensor) Eq(v any) *Tensor { return t.compare("Eq", cmpEq, v) }

// Ne returns the mask t != v (NaN differs from everything).
func (t *Tensor) Ne(v any) *Tensor { return t.compare("Ne", cmpNe, v) }

// LogicalNot returns the mask of elements that are zero (false), PyTorch's
// logical_not and, on a bool tensor, ~mask.
func (t *Tensor) LogicalNot() *Tensor { return t.compare("LogicalNot", cmpEq, 0) }

// compare evaluates op elementwise in the dtype the operands promote to
// (so a float32 tensor is compared with float32(0.1), as in PyTorch).
func (t *Tensor) compare(name string, op cmpOp, v any) *Tensor {
	if t == nil {
		panic(errorf(ErrValue, name, "receiver is a nil *Tensor"))
	}
	o, s := operand(name, v)
	if o == nil {
		o = empty(numberDType(t, isIntNumber(v)), nil)
		o.fill(s)
	}
	d := resultDType(t, o)
	shape := broadcastShapes(name, t.shape, o.shape)
	a, b := broadcastValues(shape, d, t), broadcastValues(shape, d, o)
	out := empty(Bool, shape)
	for i := range a {
		if compareOne(op, a[i], b[i]) {
			out.f64[i] = 1
		}
	}
	return out
}

func compareOne(op cmpOp, x, y float64) bool {
	switch op {
	case cmpGt:
		return x > y
	case cmpGe:
		return x >= y
	case cmpLt:
		return x < y
	case cmpLe:
		return x <= y
	case cmpEq:
		return x == y
	}
	return x != y
}

// broadcastValues returns t's values broadcast to shape in row-major
// order, rounded to dtype d first (so comparisons and selections see the
// values of the promoted dtype), as float64s.
func broadcastValues(shape []int, d DType, t *Tensor) []float64 {
	if t.dtype != d {
		t = t.detachedCopy(d)
	}
	return rawView(t, shape, broadcastStrides(t, shape), t.offset).Float64s()
}

// valuesTensor returns a contiguous tensor of dtype d and shape holding vals.
func valuesTensor(d DType, shape []int, vals []float64) *Tensor {
	out := empty(d, shape)
	if d == Float32 {
		for i, v := range vals {
			out.f32[i] = float32(v)
		}
	} else {
		copy(out.f64, vals)
	}
	return out
}
