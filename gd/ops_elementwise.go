package gd

import (
	"math"
	"slices"
)

// Binary ops take `any`: a *Tensor (broadcast against t) or a Go number,
// which acts like a Python number in PyTorch: it takes t's dtype, so
// x.Mul(0.1) on a float32 tensor multiplies by float32(0.1).

// Add returns t + v.
func (t *Tensor) Add(v any) *Tensor { return t.binary("Add", opAdd, v) }

// Sub returns t - v.
func (t *Tensor) Sub(v any) *Tensor { return t.binary("Sub", opSub, v) }

// Mul returns t * v.
func (t *Tensor) Mul(v any) *Tensor { return t.binary("Mul", opMul, v) }

// Div returns t / v (true division).
func (t *Tensor) Div(v any) *Tensor { return t.binary("Div", opDiv, v) }

// Pow returns t ** v. A number exponent records PowBackward0, a tensor
// exponent PowBackward1, as in PyTorch.
func (t *Tensor) Pow(v any) *Tensor { return t.binary("Pow", opPow, v) }

// Square returns t * t (PyTorch's square, recorded as PowBackward0).
func (t *Tensor) Square() *Tensor { return t.binary("Square", opPow, 2) }

// RSub returns v - t, for expressions such as 1 - x.
func (t *Tensor) RSub(v any) *Tensor {
	o, s := operand("RSub", v)
	if o != nil {
		return o.Sub(t)
	}
	out := t.scalarRaw(opSub, s, true)
	if needsGrad(t) {
		record(out, "RsubBackward1", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = unaryRaw(opNeg, g, 0, 0)
		}, t)
	}
	return out
}

// RDiv returns v / t, for expressions such as 1 / x. With a number v it is
// computed as PyTorch does, t.Reciprocal().Mul(v).
func (t *Tensor) RDiv(v any) *Tensor {
	o, s := operand("RDiv", v)
	if o != nil {
		return o.Div(t)
	}
	return t.Reciprocal().Mul(s)
}

func (t *Tensor) binary(name string, op binOp, v any) *Tensor {
	o, s := operand(name, v)
	if o == nil {
		return t.scalarOp(name, op, s)
	}
	rec := needsGrad(t, o)
	out, nd := binaryOp(name, op, t, o, rec)
	if !rec {
		return out
	}
	a, b := t, o
	switch op {
	case opAdd:
		recordAs(nd, out, "AddBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			a, b := n.inputs[0], n.inputs[1]
			grads[0] = sumToShape(n, g, a)
			grads[1] = sumToShape(n, g, b)
		}, a, b)
	case opSub:
		recordAs(nd, out, "SubBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			a, b := n.inputs[0], n.inputs[1]
			grads[0] = sumToShape(n, g, a)
			if b.requiresGrad {
				grads[1] = sumToShape(n, unaryRaw(opNeg, g, 0, 0), b)
			}
		}, a, b)
	case opMul:
		n := recordAs(nd, out, "MulBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			a, b := n.inputs[0], n.inputs[1]
			if a.requiresGrad {
				grads[0] = productGrad(n, g, b, a)
			}
			if b.requiresGrad {
				grads[1] = productGrad(n, g, a, b)
			}
		}, a, b)
		n.saveFor(a, b)
	case opDiv:
		n := recordAs(nd, out, "DivBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			a, b := n.inputs[0], n.inputs[1]
			if a.requiresGrad {
				grads[0] = sumToShape(n, binaryRaw("Div", opDiv, g, b), a)
			}
			if b.requiresGrad {
				q := binaryRaw("Div", opDiv, binaryRaw("Div", opDiv, a, b), b)
				grads[1] = sumToShape(n, binaryRaw("Mul", opMul, unaryRaw(opNeg, g, 0, 0), q), b)
			}
		}, a, b)
		if b.requiresGrad {
			n.save(a, b)
		} else {
			n.save(b)
		}
	case opPow:
		n := recordAs(nd, out, "PowBackward1", func(n *node, g *Tensor, grads []*Tensor) {
			if a.requiresGrad {
				grads[0] = sumToShape(n, powBackwardBase(g, a, b), a)
			}
			if b.requiresGrad {
				grads[1] = sumToShape(n, powBackwardExponent(g, a, b, out), b)
			}
		}, a, b)
		if b.requiresGrad {
			n.save(a, b, out)
		} else {
			n.save(a, b)
		}
	}
	return out
}

// productGrad is the gradient of a product for its operand in: g * other,
// summed back to in's shape (into node.gradBuf). When the sum reduces a
// small dense product (a scalar parameter times a vector), the product
// lives in a buffer on the stack.
func productGrad(n *node, g, other, in *Tensor) *Tensor {
	const small = 32
	shape := in.shape
	size := g.Numel()
	if slices.Equal(g.shape, shape) || size > small || g.dtype != other.dtype || !g.IsContiguous() || !other.IsContiguous() ||
		!(other.Numel() == 1 || slices.Equal(other.shape, g.shape)) {
		return sumToShape(n, binaryRaw("Mul", opMul, g, other), in)
	}
	var reduceBuf [8]bool
	reduce, any := broadcastDims(g.shape, shape, reduceBuf[:0])
	if !any {
		return sumToShape(n, binaryRaw("Mul", opMul, g, other), in)
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

// scalarOp is a binary op whose second operand is a Go number.
func (t *Tensor) scalarOp(name string, op binOp, s float64) *Tensor {
	rec := needsGrad(t)
	out, nd := t.scalarAlloc(op, s, false, rec)
	if !rec {
		return out
	}
	var n *node
	switch op {
	case opAdd:
		n = recordAs(nd, out, "AddBackward0", func(n *node, g *Tensor, grads []*Tensor) { grads[0] = g }, t)
	case opSub:
		n = recordAs(nd, out, "SubBackward0", func(n *node, g *Tensor, grads []*Tensor) { grads[0] = g }, t)
	case opMul:
		n = recordAs(nd, out, "MulBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = g.scalarRaw(opMul, n.scalar, false)
		}, t)
		n.holdsScalar()
	case opDiv:
		n = recordAs(nd, out, "DivBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = g.scalarRaw(opDiv, n.scalar, false)
		}, t)
		n.holdsScalar()
	case opPow:
		n = recordAs(nd, out, "PowBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = powScalarBackward(n, g, n.inputs[0], n.scalar)
		}, t)
		n.save(t)
	}
	n.scalar = s
	return out
}

// powScalarBackward is PyTorch's grad * (exponent * self.pow(exponent - 1))
// for a number exponent s (zeros for s == 0). Dense operands, the usual
// case, take one pass with no temporaries, rounding after each operation
// exactly as the three separate ops do, into node.gradBuf. x is n's input.
func powScalarBackward(n *node, g, x *Tensor, s float64) *Tensor {
	if s == 0 {
		return n.gradBuf(x, g.dtype)
	}
	if g.dtype == x.dtype && g.IsContiguous() && x.IsContiguous() && slices.Equal(g.shape, x.shape) {
		out := n.gradBuf(x, x.dtype)
		size := out.Numel()
		if x.dtype == Float32 {
			powGrad(out.f32, g.f32[g.offset:g.offset+size], x.f32[x.offset:x.offset+size], float32(s), float32(s-1))
		} else {
			powGrad(out.f64, g.f64[g.offset:g.offset+size], x.f64[x.offset:x.offset+size], s, s-1)
		}
		return out
	}
	d := unaryRaw(opPowScalar, x, s-1, 0)
	unaryInPlace(opScale, d, s)
	return binaryRaw("Pow", opMul, g, d)
}

// holdsScalar marks a node whose backward uses a wrapped number: PyTorch
// saves it like a tensor, so such a graph cannot be run backward twice either.
func (n *node) holdsScalar() {
	n.keep(savedTensor{t: scalarHolder})
}

// scalarHolder stands in for a saved wrapped number; it is never modified.
var scalarHolder = &Tensor{}

func powBackwardBase(g, a, b *Tensor) *Tensor {
	// where(exponent == 0, 0, grad * exponent * a**(exponent-1))
	d := binaryRaw("Pow", opPow, a, b.scalarRaw(opSub, 1, false))
	d = binaryRaw("Pow", opMul, b, d)
	r := binaryRaw("Pow", opMul, g, d)
	return maskWhere(r, b, func(e float64) bool { return e == 0 })
}

func powBackwardExponent(g, a, b, result *Tensor) *Tensor {
	// grad * where(a == 0 && exponent >= 0, 0, result * log(a))
	l := binaryRaw("Pow", opMul, result, unaryRaw(opLog, a, 0, 0))
	shape := broadcastShapes("Pow", a.shape, b.shape)
	ae, be := a.Expand(shape...).contiguousRaw(), b.Expand(shape...).contiguousRaw()
	av, bv := ae.Float64s(), be.Float64s()
	lc := l.contiguousRaw()
	for i := range av {
		if av[i] == 0 && bv[i] >= 0 {
			lc.setFlat(i, 0)
		}
	}
	return binaryRaw("Pow", opMul, g, lc)
}

// maskWhere returns a copy of r (already broadcast to the full shape) with
// zeros where cond holds for the broadcast element of m. It never writes
// into r: r is often the upstream gradient, which sibling nodes also read.
func maskWhere(r, m *Tensor, cond func(float64) bool) *Tensor {
	mv := m.Expand(r.shape...).Float64s()
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

// Neg returns -t.
func (t *Tensor) Neg() *Tensor {
	out := unaryRaw(opNeg, t, 0, 0)
	if needsGrad(t) {
		record(out, "NegBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = unaryRaw(opNeg, g, 0, 0)
		}, t)
	}
	return out
}

// Exp returns e**t elementwise.
func (t *Tensor) Exp() *Tensor {
	out := unaryRaw(opExp, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "ExpBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = binaryRaw("Exp", opMul, g, n.saved[0].t)
		}, t)
		n.save(out)
	}
	return out
}

// Log returns the natural logarithm of t elementwise.
func (t *Tensor) Log() *Tensor {
	out := unaryRaw(opLog, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "LogBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = binaryRaw("Log", opDiv, g, n.inputs[0])
		}, t)
		n.save(t)
	}
	return out
}

// Sqrt returns the square root of t elementwise.
func (t *Tensor) Sqrt() *Tensor {
	out := unaryRaw(opSqrt, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "SqrtBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = binaryRaw("Sqrt", opDiv, g, n.saved[0].t.scalarRaw(opMul, 2, true))
		}, t)
		n.save(out)
	}
	return out
}

// Abs returns |t| elementwise. Its gradient at 0 is 0, as in PyTorch.
func (t *Tensor) Abs() *Tensor {
	out := unaryRaw(opAbs, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "AbsBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = binaryRaw("Abs", opMul, g, unaryRaw(opSign, n.inputs[0], 0, 0))
		}, t)
		n.save(t)
	}
	return out
}

// Reciprocal returns 1/t elementwise.
func (t *Tensor) Reciprocal() *Tensor {
	out := unaryRaw(opReciprocal, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "ReciprocalBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			// -grad * (result * result)
			r := n.saved[0].t
			grads[0] = binaryRaw("Reciprocal", opMul, unaryRaw(opNeg, g, 0, 0), binaryRaw("Reciprocal", opMul, r, r))
		}, t)
		n.save(out)
	}
	return out
}

// ReLU returns max(t, 0) elementwise.
func (t *Tensor) ReLU() *Tensor {
	out := unaryRaw(opRelu, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "ReluBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = maskWhere(g, n.saved[0].t, func(r float64) bool { return !(r > 0) })
		}, t)
		n.save(out)
	}
	return out
}

// Sigmoid returns 1/(1+e**-t) elementwise.
func (t *Tensor) Sigmoid() *Tensor {
	out := unaryRaw(opSigmoid, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "SigmoidBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			// grad * (1 - result) * result
			r := n.saved[0].t
			d := binaryRaw("Sigmoid", opMul, g, r.scalarRaw(opSub, 1, true))
			grads[0] = binaryRaw("Sigmoid", opMul, d, r)
		}, t)
		n.save(out)
	}
	return out
}

// Tanh returns the hyperbolic tangent of t elementwise.
func (t *Tensor) Tanh() *Tensor {
	out := unaryRaw(opTanh, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "TanhBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			// grad * (1 - result*result)
			r := n.saved[0].t
			sq := binaryRaw("Tanh", opMul, r, r)
			grads[0] = binaryRaw("Tanh", opMul, g, sq.scalarRaw(opSub, 1, true))
		}, t)
		n.save(out)
	}
	return out
}

// Clamp limits t elementwise to [lo, hi]. Pass math.Inf(-1) or math.Inf(1)
// (or NaN) to leave a side open. The gradient flows where lo <= t <= hi.
func (t *Tensor) Clamp(lo, hi float64) *Tensor {
	if lo > hi {
		// PyTorch sets everything to hi in this case; keep that.
		lo = hi
	}
	out := unaryRaw(opClamp, t, lo, hi)
	if needsGrad(t) {
		n := record(out, "ClampBackward1", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = maskWhere(g, t, func(x float64) bool {
				return !((math.IsNaN(lo) || x >= lo) && (math.IsNaN(hi) || x <= hi))
			})
		}, t)
		n.save(t)
	}
	return out
}

// binaryRaw computes a op b with promotion and broadcasting, recording nothing.
func binaryRaw(name string, op binOp, a, b *Tensor) *Tensor {
	out, _ := binaryOp(name, op, a, b, false)
	return out
}

// binaryOp is binaryRaw for an op that will be recorded when rec is set:
// the node comes in the same allocation as the result.
func binaryOp(name string, op binOp, a, b *Tensor, rec bool) (*Tensor, *node) {
	d := resultDType(a, b)
	if a.dtype != d {
		a = a.detachedCopy(d)
	}
	if b.dtype != d {
		b = b.detachedCopy(d)
	}
	shape := broadcastShapes(name, a.shape, b.shape)
	out, nd := alloc(d, shape, rec)
	if d == Float32 {
		binaryInto(op, out, out.f32, a, a.f32, b, b.f32)
	} else {
		binaryInto(op, out, out.f64, a, a.f64, b, b.f64)
	}
	return out, nd
}

// binaryInto writes a op b into dst (any strided layout of the broadcast
// shape), taking a fast path when the operands are dense or one element.
func binaryInto[T float](op binOp, dst *Tensor, dd []T, a *Tensor, ad []T, b *Tensor, bd []T) {
	n := dst.Numel()
	if n == 0 {
		return
	}
	if dst.IsContiguous() {
		out := dd[dst.offset : dst.offset+n]
		aDense := a.Numel() == n && a.IsContiguous()
		bDense := b.Numel() == n && b.IsContiguous()
		big := n >= parallelMin
		switch {
		case aDense && bDense:
			av, bv := ad[a.offset:a.offset+n], bd[b.offset:b.offset+n]
			if big {
				split(n, func(lo, hi int) { binVV(op, out[lo:hi], av[lo:hi], bv[lo:hi]) })
			} else {
				binVV(op, out, av, bv)
			}
			return
		case aDense && b.Numel() == 1:
			av, s := ad[a.offset:a.offset+n], bd[b.offset]
			if big {
				split(n, func(lo, hi int) { binVS(op, out[lo:hi], av[lo:hi], s) })
			} else {
				binVS(op, out, av, s)
			}
			return
		case a.Numel() == 1 && bDense:
			s, bv := ad[a.offset], bd[b.offset:b.offset+n]
			if big {
				split(n, func(lo, hi int) { binSV(op, out[lo:hi], s, bv[lo:hi]) })
			} else {
				binSV(op, out, s, bv)
			}
			return
		}
	}
	shape := dst.shape
	as, bs := broadcastStrides(a, shape), broadcastStrides(b, shape)
	nd := len(shape)
	if nd == 0 {
		dd[dst.offset] = binScalar(op, ad[a.offset], bd[b.offset])
		return
	}
	inner := shape[nd-1]
	forEachRow3(shape, dst.strides, as, bs, dst.offset, a.offset, b.offset, func(o, ia, ib int) {
		binStrided(op, inner, dd, o, dst.strides[nd-1], ad, ia, as[nd-1], bd, ib, bs[nd-1])
	})
}

func binScalar[T float](op binOp, x, y T) T {
	switch op {
	case opAdd:
		return x + y
	case opSub:
		return x - y
	case opMul:
		return x * y
	case opDiv:
		return x / y
	}
	return pow(x, y)
}

// scalarRaw computes t op s (or s op t when scalarFirst), in t's dtype.
func (t *Tensor) scalarRaw(op binOp, s float64, scalarFirst bool) *Tensor {
	out, _ := t.scalarAlloc(op, s, scalarFirst, false)
	return out
}

// scalarAlloc is scalarRaw with the node of the op when rec is set.
func (t *Tensor) scalarAlloc(op binOp, s float64, scalarFirst, rec bool) (*Tensor, *node) {
	out, nd := alloc(t.dtype, t.shape, rec)
	src := t
	if !t.IsContiguous() {
		src = t.contiguousRaw()
	}
	n := out.Numel()
	if t.dtype == Float32 {
		a := src.f32[src.offset : src.offset+n]
		if scalarFirst {
			binSV(op, out.f32, float32(s), a)
		} else {
			binVS(op, out.f32, a, float32(s))
		}
	} else {
		a := src.f64[src.offset : src.offset+n]
		if scalarFirst {
			binSV(op, out.f64, s, a)
		} else {
			binVS(op, out.f64, a, s)
		}
	}
	return out, nd
}

// unaryRaw computes op(t) into a new contiguous tensor, recording nothing.
func unaryRaw(op unOp, t *Tensor, p, q float64) *Tensor {
	src := t
	if !t.IsContiguous() {
		src = t.contiguousRaw()
	}
	out := empty(t.dtype, t.shape)
	n := out.Numel()
	switch {
	case t.dtype == Float32 && n < parallelMin:
		unary(op, out.f32, src.f32[src.offset:src.offset+n], float32(p), float32(q))
	case t.dtype == Float32:
		o, a, p, q := out.f32, src.f32[src.offset:src.offset+n], float32(p), float32(q)
		split(n, func(lo, hi int) { unary(op, o[lo:hi], a[lo:hi], p, q) })
	case n < parallelMin:
		unary(op, out.f64, src.f64[src.offset:src.offset+n], p, q)
	default:
		o, a := out.f64, src.f64[src.offset:src.offset+n]
		split(n, func(lo, hi int) { unary(op, o[lo:hi], a[lo:hi], p, q) })
	}
	return out
}

// unaryInPlace applies op to a contiguous tensor's own elements.
func unaryInPlace(op unOp, t *Tensor, p float64) {
	n := t.Numel()
	if t.dtype == Float32 {
		s := t.f32[t.offset : t.offset+n]
		unary(op, s, s, float32(p), 0)
	} else {
		s := t.f64[t.offset : t.offset+n]
		unary(op, s, s, p, 0)
	}
}

// addRaw returns a + b without recording (used to sum gradients).
func addRaw(a, b *Tensor) *Tensor { return binaryRaw("Add", opAdd, a, b) }

// addInto adds src into dst in place (dst's dtype; src broadcast to dst).
func addInto(dst, src *Tensor) {
	if src.dtype != dst.dtype {
		src = src.detachedCopy(dst.dtype)
	}
	if !slices.Equal(broadcastShapes("Add_", dst.shape, src.shape), dst.shape) {
		panic(errorf(ErrShape, "Add_", "output with shape %s doesn't match the broadcast shape %s", shapeString(dst.shape), shapeString(broadcastShapes("Add_", dst.shape, src.shape))))
	}
	if dst.dtype == Float32 {
		binaryInto(opAdd, dst, dst.f32, dst, dst.f32, src, src.f32)
	} else {
		binaryInto(opAdd, dst, dst.f64, dst, dst.f64, src, src.f64)
	}
}
