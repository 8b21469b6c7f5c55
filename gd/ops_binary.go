package gd

import (
	"fmt"
	"math"
	"slices"
)

// Binary ops take `any`: a *Tensor (broadcast against t) or a Go number,
// which acts like a Python number in PyTorch: it takes t's dtype, so
// x.Mul(0.1) on a float32 tensor multiplies by float32(0.1). A number
// operand is not an input of the recorded node: the node's inputs are
// [t], and the number is kept in node.number when backward needs it.
//
// Backward functions scale by a number with scalarRaw rather than the
// public ops: a number passed as `any` is boxed on the heap, one
// allocation per training step.

// Add returns t + v.
func (t *Tensor) Add(v any) *Tensor {
	out, o, _, rec := t.binary("Add", opAdd, v)
	if rec {
		record(out, "AddBackward0", addBackward, t, o)
	}
	return out
}

// addBackward: each operand receives g, summed over the dimensions it was
// broadcast along.
func addBackward(n *node, g *Tensor, grads []*Tensor) {
	for i, in := range n.inputs {
		grads[i] = sumToShape(n, g, in)
	}
}

// Sub returns t - v.
func (t *Tensor) Sub(v any) *Tensor {
	out, o, _, rec := t.binary("Sub", opSub, v)
	if rec {
		record(out, "SubBackward0", subBackward, t, o)
	}
	return out
}

// subBackward: g for t, -g for a tensor v, summed back to their shapes.
func subBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = sumToShape(n, g, n.inputs[0])
	if len(n.inputs) == 2 && n.inputs[1].requiresGrad {
		grads[1] = sumToShape(n, g.Neg(), n.inputs[1])
	}
}

// Mul returns t * v.
func (t *Tensor) Mul(v any) *Tensor {
	out, o, s, rec := t.binary("Mul", opMul, v)
	if rec {
		n := record(out, "MulBackward0", mulBackward, t, o)
		if o == nil {
			n.number = s
			n.holdsNumber()
		} else {
			n.saveFor(t, o)
		}
	}
	return out
}

// mulBackward: g times the other operand, for each operand.
func mulBackward(n *node, g *Tensor, grads []*Tensor) {
	a := n.inputs[0]
	if len(n.inputs) == 1 {
		grads[0] = g.scalarRaw(opMul, n.number, false)
		return
	}
	b := n.inputs[1]
	if a.requiresGrad {
		grads[0] = productGrad(n, g, n.input(1), a)
	}
	if b.requiresGrad {
		grads[1] = productGrad(n, g, n.input(0), b)
	}
}

// productGrad is g * other summed back to the shape of in, the operand
// whose gradient it is. It is Mul then a sum, computed here without the
// temporary product when that product is small and the sum reduces it (a
// scalar parameter times a vector, as in the articles' models): the
// product then lives on the stack, and the sum goes into node.gradBuf.
func productGrad(n *node, g, other, in *Tensor) *Tensor {
	const small = 32
	shape := in.shape
	size := g.Numel()
	if slices.Equal(g.shape, shape) || size > small || g.dtype != other.dtype || !g.IsContiguous() || !other.IsContiguous() ||
		!(other.Numel() == 1 || slices.Equal(other.shape, g.shape)) {
		return sumToShape(n, g.Mul(other), in)
	}
	var reduceBuf [8]bool
	reduce, any := broadcastDims(g.shape, shape, reduceBuf[:0])
	if !any {
		return sumToShape(n, g.Mul(other), in)
	}
	// The product has g's (dense) layout.
	prod := Tensor{dtype: g.dtype, shape: g.shape, strides: g.strides}
	var b32 [small]float32
	var b64 [small]float64
	if g.dtype == Float32 {
		prod.f32 = b32[:size]
		mulDense(prod.f32, g.f32[g.offset:g.offset+size], other.f32[other.offset:], other.Numel() == 1)
	} else {
		prod.f64 = b64[:size]
		mulDense(prod.f64, g.f64[g.offset:g.offset+size], other.f64[other.offset:], other.Numel() == 1)
	}
	out := n.gradBuf(in, g.dtype)
	sumInto(out, &prod, reduce)
	return out
}

// mulDense computes out = g * o elementwise, o being one repeated value
// when scalar is set.
func mulDense[T float](out, g, o []T, scalar bool) {
	if scalar {
		binVS(opMul, out, g, o[0])
	} else {
		binVV(opMul, out, g, o)
	}
}

// saveFor saves, for a product, each operand the other one's gradient needs.
func (n *node) saveFor(a, b *Tensor) {
	switch {
	case a.requiresGrad && b.requiresGrad:
		n.save(a, b)
	case a.requiresGrad:
		n.save(b)
	default:
		n.save(a)
	}
}

// holdsNumber marks a node whose backward uses a number operand: PyTorch
// saves it like a tensor, so such a graph cannot be run backward twice either.
func (n *node) holdsNumber() {
	n.keep(savedTensor{t: numberHolder})
}

// holdsIndices marks a node whose backward uses indices it computed or
// was given (IndexSelect, Max along a dim): PyTorch saves them as a
// tensor, so a second Backward through it needs RetainGraph too.
func (n *node) holdsIndices() {
	n.keep(savedTensor{t: numberHolder})
}

// numberHolder stands in for a saved number or indices; it is never modified.
var numberHolder = &Tensor{}

// Div returns t / v (true division).
func (t *Tensor) Div(v any) *Tensor {
	out, o, s, rec := t.binary("Div", opDiv, v)
	if rec {
		n := record(out, "DivBackward0", divBackward, t, o)
		switch {
		case o == nil:
			n.number = s
			n.holdsNumber()
		case o.requiresGrad:
			n.save(t, o)
		default:
			n.save(o)
		}
	}
	return out
}

// divBackward: g / b for a, and -g * (a / b / b) for b.
func divBackward(n *node, g *Tensor, grads []*Tensor) {
	a := n.inputs[0]
	if len(n.inputs) == 1 {
		grads[0] = g.scalarRaw(opDiv, n.number, false)
		return
	}
	b := n.input(1)
	if a.requiresGrad {
		grads[0] = sumToShape(n, g.Div(b), a)
	}
	if n.inputs[1].requiresGrad {
		q := n.input(0).Div(b).Div(b)
		grads[1] = sumToShape(n, g.Neg().Mul(q), n.inputs[1])
	}
}

// Pow returns t ** v. A number exponent records PowBackward0, a tensor
// exponent PowBackward1, as in PyTorch.
func (t *Tensor) Pow(v any) *Tensor {
	out, o, s, rec := t.binary("Pow", opPow, v)
	switch {
	case !rec:
	case o == nil:
		n := record(out, "PowBackward0", powNumberBackward, t)
		n.number = s
		n.save(t)
	case o.requiresGrad:
		n := record(out, "PowBackward1", powBackward, t, o)
		n.save(t, o, out)
	default:
		n := record(out, "PowBackward1", powBackward, t, o)
		n.save(t, o)
	}
	return out
}

// Square returns t * t (PyTorch's square, recorded as PowBackward0).
func (t *Tensor) Square() *Tensor { return t.Pow(2) }

// powNumberBackward is PyTorch's grad * (exponent * self.pow(exponent - 1))
// for a number exponent s (zeros for s == 0). Dense operands, the usual
// case, take one pass with no temporaries (into node.gradBuf), rounding
// after each operation exactly as the three public ops would.
func powNumberBackward(n *node, g *Tensor, grads []*Tensor) {
	x, s := n.inputs[0], n.number
	switch {
	case s == 0:
		grads[0] = n.gradBuf(x, g.dtype)
	case g.dtype == x.dtype && g.IsContiguous() && x.IsContiguous() && slices.Equal(g.shape, x.shape):
		out := n.gradBuf(x, x.dtype)
		size := out.Numel()
		if x.dtype == Float32 {
			powGrad(out.f32, g.f32[g.offset:g.offset+size], x.f32[x.offset:x.offset+size], float32(s), float32(s-1))
		} else {
			powGrad(out.f64, g.f64[g.offset:g.offset+size], x.f64[x.offset:x.offset+size], s, s-1)
		}
		grads[0] = out
	default:
		d := x.scalarRaw(opPow, s-1, false)
		grads[0] = g.Mul(d.scalarRaw(opMul, s, false))
	}
}

// powBackward is PowBackward1, for a tensor exponent b:
//
//	grad_a = where(b == 0, 0, g * b * a**(b-1))
//	grad_b = g * where(a == 0 && b >= 0, 0, result * log(a))
func powBackward(n *node, g *Tensor, grads []*Tensor) {
	a, b := n.input(0), n.input(1)
	if n.inputs[0].requiresGrad {
		d := g.Mul(b.Mul(a.Pow(b.scalarRaw(opSub, 1, false))))
		grads[0] = sumToShape(n, maskWhere(d, b, func(e float64) bool { return e == 0 }), n.inputs[0])
	}
	if n.inputs[1].requiresGrad {
		l := n.savedValue(2).Mul(a.Log())
		shape := broadcastShapes("Pow", a.shape, b.shape)
		av, bv := a.Expand(shape...).Float64s(), b.Expand(shape...).Float64s()
		lc := l.contiguousRaw()
		for i := range av {
			if av[i] == 0 && bv[i] >= 0 {
				lc.setFlat(i, 0)
			}
		}
		grads[1] = sumToShape(n, g.Mul(lc), n.inputs[1])
	}
}

// RSub returns v - t, for expressions such as 1 - x.
func (t *Tensor) RSub(v any) *Tensor {
	o, s := operand("RSub", v)
	t.must("RSub")
	if o != nil {
		return o.Sub(t)
	}
	if !t.dtype.IsFloatingPoint() {
		t, _ = exactOperands("RSub", opSub, t, nil, isIntNumber(v))
		if !t.dtype.IsFloatingPoint() {
			out := t.scalarRaw(opSub, s, true)
			exactResult("RSub", out)
			return out
		}
	}
	rec := needsGrad(t)
	out := t.scalarAlloc(opSub, s, true, rec)
	if rec {
		record(out, "RsubBackward1", rsubBackward, t)
	}
	return out
}

// rsubBackward: -g.
func rsubBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Neg() }

// RDiv returns v / t, for expressions such as 1 / x. With a number v it is
// computed as PyTorch does, t.Reciprocal().Mul(v).
func (t *Tensor) RDiv(v any) *Tensor {
	o, s := operand("RDiv", v)
	t.must("RDiv")
	if o != nil {
		return o.Div(t)
	}
	return t.Reciprocal().Mul(s)
}

// binary computes t op v: v is a tensor o (broadcast against t, with
// PyTorch's type promotion) or a number s (in t's dtype). rec reports
// whether the op is to be recorded; the result then carries its node.
func (t *Tensor) binary(name string, op binOp, v any) (out, o *Tensor, s float64, rec bool) {
	t.must(name)
	o, s = operand(name, v)
	if !t.dtype.IsFloatingPoint() || o != nil && !o.dtype.IsFloatingPoint() {
		t, o = exactOperands(name, op, t, o, isIntNumber(v))
		if !t.dtype.IsFloatingPoint() {
			// Integers and bools never require grad: nothing to record.
			if op == opPow && (o == nil && s < 0 || o != nil && slices.ContainsFunc(o.Float64s(), func(e float64) bool { return e < 0 })) {
				panic(errorf(ErrValue, name, "integers to negative integer powers are not allowed"))
			}
			if o == nil {
				out = t.scalarRaw(op, s, false)
			} else {
				out = binaryRaw(name, op, t, o)
			}
			exactResult(name, out)
			return out, o, s, false
		}
	}
	if o == nil {
		rec = needsGrad(t)
		return t.scalarAlloc(op, s, false, rec), nil, s, rec
	}
	rec = needsGrad(t, o)
	return binaryOp(name, op, t, o, rec), o, 0, rec
}

// exactOperands converts the operands of an op on an integer or bool
// tensor to the dtype PyTorch computes it in: the promoted dtype (see
// resultDType and numberDType), float32 for a true division of integers.
// It refuses what PyTorch refuses: subtracting bools, powers of bools and
// negative integer powers of integers.
func exactOperands(name string, op binOp, t, o *Tensor, isInt bool) (*Tensor, *Tensor) {
	d := numberDType(t, isInt)
	if o != nil {
		d = resultDType(t, o)
	}
	switch {
	case op == opDiv && !d.IsFloatingPoint():
		d = Float32
	case d == Bool && op == opSub:
		panic(errorf(ErrDType, name, "subtraction, the `-` operator, with two bool tensors is not supported; use Ne for exclusive or"))
	case d == Bool && op == opPow:
		panic(errorf(ErrDType, name, "\"pow\" not implemented for 'Bool'"))
	}
	if t.dtype != d {
		t = t.To(d)
	}
	if o != nil && o.dtype != d {
		o = o.To(d)
	}
	return t, o
}

// exactResult finishes an integer or bool result computed in float64
// storage: a bool sum or product becomes 0 or 1 (logical or, and), and an
// integer beyond the exact range is refused.
func exactResult(name string, out *Tensor) {
	out.eachOffset(func(off int) {
		x := out.f64[off]
		switch {
		case out.dtype == Bool:
			if x != 0 {
				out.f64[off] = 1
			}
		case math.IsInf(x, 0) || math.IsNaN(x):
			panic(errorf(ErrValue, name, "integer result is %v (a division by zero?)", x))
		case !(math.Abs(x) <= maxExactInt):
			panic(errorf(ErrValue, name, "integer result %v is beyond ±2^53, where gd's int64 values stop being exact", x))
		}
	})
}

// isIntNumber reports whether v is a Go integer, which acts like a Python
// int in type promotion (a float64 acts like a Python float).
func isIntNumber(v any) bool {
	switch v.(type) {
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return true
	}
	return false
}

// operand splits the `any` argument of a binary op into a tensor or a number,
// panicking with an ErrValue error that names op for anything else.
func operand(op string, v any) (t *Tensor, s float64) {
	if tv, ok := v.(*Tensor); ok {
		if tv == nil {
			panic(errorf(ErrValue, op, "operand is a nil *Tensor"))
		}
		return tv, 0
	}
	if s, ok := scalarValue(v); ok {
		return nil, s
	}
	panic(errorf(ErrValue, op, "operand must be a *gd.Tensor or a Go number, got %s", typeName(v)))
}

// scalarValue converts a Go number to float64. ok is false for other types.
func scalarValue(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case int16:
		return float64(x), true
	case int8:
		return float64(x), true
	case uint:
		return float64(x), true
	case uint64:
		return float64(x), true
	case uint32:
		return float64(x), true
	case uint16:
		return float64(x), true
	case uint8:
		return float64(x), true
	}
	return 0, false
}

func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return fmt.Sprintf("%T", v)
}

// maskWhere returns a copy of r with zeros where cond holds for the
// element of m broadcast to r's shape. It never writes into r: r is often
// the upstream gradient, which sibling nodes also read.
func maskWhere(r, m *Tensor, cond func(float64) bool) *Tensor {
	if r.dtype == Float32 && m.dtype == Float32 && r.IsContiguous() && m.IsContiguous() && len(r.shape) == len(m.shape) && r.Numel() == m.Numel() {
		// The common case (ReLU's gradient): one pass, no float64 copy of m.
		out := empty(Float32, r.shape)
		rv, mv := r.f32[r.offset:r.offset+r.Numel()], m.f32[m.offset:m.offset+m.Numel()]
		for i, v := range mv {
			if !cond(float64(v)) {
				out.f32[i] = rv[i]
			}
		}
		return out
	}
	mv := rawView(m, r.shape, broadcastStrides(m, r.shape), m.offset).Float64s()
	out := r.detachedCopy(r.dtype)
	for i, v := range mv {
		if cond(v) {
			out.setFlat(i, 0)
		}
	}
	return out
}

// setFlat sets element i of a contiguous tensor.
func (t *Tensor) setFlat(i int, v float64) {
	if t.dtype == Float32 {
		t.f32[t.offset+i] = float32(v)
	} else {
		t.f64[t.offset+i] = v
	}
}
