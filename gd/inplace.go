package gd

import "slices"

// In-place methods end in an underscore, as in PyTorch: t.Sub_(v) changes t's
// elements (and those of every view sharing its storage) and returns t.
//
// While grad mode is on, in-place changes to a leaf that requires grad (or a
// view of one) are refused with an ErrGrad error, as PyTorch refuses them:
// they would silently invalidate the gradient. Do parameter updates inside
// NoGrad, or through Data(). gd also refuses in-place ops that would have to
// be recorded in a graph (on a tensor computed from tensors that require
// grad, or with an operand that requires grad) — use the out-of-place op.

// checkInplace panics if an in-place op on t (with the given tensor
// operands) is not allowed by the autograd rules above. Every in-place
// method calls it first, then bumpVersion after writing.
func (t *Tensor) checkInplace(op string, operands ...*Tensor) {
	if !IsGradEnabled() {
		return
	}
	if t.requiresGrad && t.gradFn == nil {
		panic(errorf(ErrGrad, op, "a leaf tensor that requires grad (shape %s) is being used in an in-place operation; do the update inside gd.NoGrad or on t.Data()", shapeString(t.shape)))
	}
	if b := t.base; b != nil && b.requiresGrad && b.gradFn == nil {
		panic(errorf(ErrGrad, op, "a view of a leaf tensor that requires grad (shape %s) is being used in an in-place operation; do the update inside gd.NoGrad or on the leaf's Data()", shapeString(b.shape)))
	}
	if t.requiresGrad {
		panic(errorf(ErrGrad, op, "in-place operations on tensors that are part of an autograd graph (this one is the output of %s) are not supported by gd; use the out-of-place form", t.GradFnName()))
	}
	for _, o := range operands {
		if o != nil && o.requiresGrad {
			panic(errorf(ErrGrad, op, "in-place operation with an operand that requires grad would have to be recorded, which gd does not support; use the out-of-place form or gd.NoGrad"))
		}
	}
}

// Add_ adds v (a tensor broadcast to t's shape, or a number) to t in place.
func (t *Tensor) Add_(v any) *Tensor { return t.inplace("Add_", opAdd, v) }

// Sub_ subtracts v from t in place: with a parameter a and NoGrad,
// a.Sub_(a.Grad().Mul(lr)) is PyTorch's a.sub_(lr*a.grad).
func (t *Tensor) Sub_(v any) *Tensor { return t.inplace("Sub_", opSub, v) }

// Mul_ multiplies t by v in place.
func (t *Tensor) Mul_(v any) *Tensor { return t.inplace("Mul_", opMul, v) }

// Div_ divides t by v in place.
func (t *Tensor) Div_(v any) *Tensor { return t.inplace("Div_", opDiv, v) }

func (t *Tensor) inplace(name string, op binOp, v any) *Tensor {
	o, s := operand(name, v)
	t.checkInplace(name, o)
	checkWritable(name, t)
	if !t.dtype.IsFloatingPoint() || o != nil && !o.dtype.IsFloatingPoint() {
		d := numberDType(t, isIntNumber(v))
		if o != nil {
			d = resultDType(t, o)
		}
		if op == opDiv && !d.IsFloatingPoint() {
			d = Float32
		}
		if d.category() > t.dtype.category() || d == Bool && op == opSub {
			panic(errorf(ErrDType, name, "result type %s can't be cast to the desired output type %s", d, t.dtype))
		}
		defer exactResult(name, t)
	}
	if o == nil {
		o = empty(t.dtype, nil)
		o.fill(s)
	} else {
		shape := broadcastShapes(name, t.shape, o.shape)
		if len(shape) != len(t.shape) || numel(shape) != t.Numel() {
			panic(errorf(ErrShape, name, "output with shape %s doesn't match the broadcast shape %s", shapeString(t.shape), shapeString(shape)))
		}
		checkNoPartialOverlap(name, t, o)
		if o.dtype != t.dtype || overlaps(t, o) {
			o = o.detachedCopy(t.dtype)
		}
	}
	if t.dtype == Float32 {
		binaryInto(op, t, t.f32, t, t.f32, o, o.f32)
	} else {
		binaryInto(op, t, t.f64, t, t.f64, o, o.f64)
	}
	t.bumpVersion()
	return t
}

// overlaps reports whether o reads storage that t writes in a way that
// could see already-updated values (o is a different view of the same data).
func overlaps(t, o *Tensor) bool {
	same := (t.dtype == Float32 && len(t.f32) > 0 && len(o.f32) > 0 && &t.f32[0] == &o.f32[0]) ||
		(t.dtype != Float32 && len(t.f64) > 0 && len(o.f64) > 0 && &t.f64[0] == &o.f64[0])
	if !same {
		return false
	}
	// Reading each element right before writing it is safe only for an
	// identical layout.
	return !(t.offset == o.offset && slices.Equal(t.shape, o.shape) && slices.Equal(t.strides, o.strides))
}

// checkWritable refuses to write into an expanded view, where several
// elements share one storage location: an in-place op would update the
// location once per element and leave a wrong value (PyTorch refuses too).
// Fill_ and Zero_ are allowed, since every write stores the same value.
func checkWritable(op string, t *Tensor) {
	if t.Numel() == 0 {
		return
	}
	for d, s := range t.shape {
		if s > 1 && t.strides[d] == 0 {
			panic(errorf(ErrValue, op, "unsupported operation: more than one element of the written-to tensor (shape %s, strides %s) refers to a single memory location; call Clone first", shapeString(t.shape), shapeString(t.strides)))
		}
	}
}

// checkNoPartialOverlap refuses, as PyTorch's assert_no_partial_overlap
// does, an in-place op whose operand o covers some of the memory t writes
// without being t itself (b.Add_(b.T()), x.Slice(0, 1, 4).Add_(x.Slice(0, 0, 3))).
// Like PyTorch it judges only dense layouts; overlaps it cannot judge
// are computed from a copy of o.
func checkNoPartialOverlap(op string, t, o *Tensor) {
	if !sameStorage(t, o) || t.Numel() == 0 || o.Numel() == 0 || !t.isDense() || !o.isDense() {
		return
	}
	tb, te := t.offset, t.offset+t.Numel()
	ob, oe := o.offset, o.offset+o.Numel()
	full := tb == ob && te == oe && slices.Equal(t.strides, o.strides)
	if !full && tb < oe && ob < te {
		panic(errorf(ErrValue, op, "unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location; call Clone on the operand first"))
	}
}

// isDense reports whether t's elements fill one block of storage without
// gaps or repeats, in some order of the dimensions (PyTorch's
// is_non_overlapping_and_dense): a contiguous tensor or a transpose of one.
func (t *Tensor) isDense() bool {
	type dim struct{ size, stride int }
	var buf [8]dim
	dims := buf[:0]
	for i, s := range t.shape {
		if s != 1 {
			dims = append(dims, dim{s, t.strides[i]})
		}
	}
	slices.SortFunc(dims, func(a, b dim) int { return a.stride - b.stride })
	expected := 1
	for _, d := range dims {
		if d.stride != expected {
			return false
		}
		expected *= d.size
	}
	return true
}

// Zero_ sets every element of t to 0: x.Grad().Zero_() resets a gradient.
func (t *Tensor) Zero_() *Tensor { return t.Fill_(0) }

// Fill_ sets every element of t to v.
func (t *Tensor) Fill_(v float64) *Tensor {
	t.checkInplace("Fill_")
	t.fill(v)
	if !t.dtype.IsFloatingPoint() {
		t.eachOffset(func(off int) { toExact("Fill_", t.dtype, t.f64[off:off+1]) })
	}
	t.bumpVersion()
	return t
}

// Copy_ copies src's values into t (src is broadcast to t's shape and
// converted to t's dtype).
func (t *Tensor) Copy_(src *Tensor) *Tensor {
	if src == nil {
		panic(errorf(ErrValue, "Copy_", "source is a nil *Tensor"))
	}
	t.checkInplace("Copy_", src)
	shape := broadcastShapes("Copy_", t.shape, src.shape)
	if !slices.Equal(shape, t.shape) {
		panic(errorf(ErrShape, "Copy_", "source of shape %s cannot be broadcast to the destination shape %s", shapeString(src.shape), shapeString(t.shape)))
	}
	checkWritable("Copy_", t)
	checkNoPartialOverlap("Copy_", t, src)
	if overlaps(t, src) {
		src = src.detachedCopy(t.dtype)
	}
	assign(t, src)
	t.bumpVersion()
	return t
}
