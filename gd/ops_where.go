package gd

// Elementwise selection between two tensors: Where picks by a mask,
// Maximum and Minimum by comparing. Gradients go to the operand picked
// (split in half between equal operands for Maximum and Minimum, as in
// PyTorch).

// Where returns x where cond is true and y elsewhere, like
// torch.where(cond, x, y): cond is a Bool tensor (a comparison's result);
// x and y are tensors or Go numbers; all three broadcast together, and x
// and y promote to one dtype.
func Where(cond *Tensor, x, y any) *Tensor {
	if cond == nil {
		panic(errorf(ErrValue, "Where", "condition is a nil *Tensor"))
	}
	if cond.dtype != Bool {
		panic(errorf(ErrDType, "Where", "expected condition to be a boolean tensor, but got a tensor with dtype %s (compare with Gt, Eq, ... to make one)", cond.dtype))
	}
	xt, yt, d := selectOperands("Where", x, y)
	shape := broadcastShapes("Where", broadcastShapes("Where", cond.shape, xt.shape), yt.shape)
	c := broadcastValues(shape, Bool, cond)
	xv, yv := broadcastValues(shape, d, xt), broadcastValues(shape, d, yt)
	for i, keep := range c {
		if keep == 0 {
			xv[i] = yv[i]
		}
	}
	out := valuesTensor(d, shape, xv)
	if needsGrad(xt, yt) {
		n := record(out, "WhereBackward0", whereBackward, xt, yt)
		n.save(cond)
	}
	return out
}

// whereBackward: g where cond for x, g where not cond for y, each summed
// back to its operand's shape.
func whereBackward(n *node, g *Tensor, grads []*Tensor) {
	cond := n.savedValue(0)
	if n.inputs[0].requiresGrad {
		grads[0] = sumToShape(n, Where(cond, g, 0), n.inputs[0])
	}
	if n.inputs[1].requiresGrad {
		grads[1] = sumToShape(n, Where(cond, 0, g), n.inputs[1])
	}
}

// selectOperands turns the two value operands of Where into tensors and
// returns the dtype they promote to. A Go number acts like a Python number:
// it takes the other operand's dtype unless its kind (integer, float)
// ranks higher.
func selectOperands(op string, x, y any) (xt, yt *Tensor, d DType) {
	xt, xs := operand(op, x)
	yt, ys := operand(op, y)
	switch {
	case xt != nil && yt != nil:
		d = resultDType(xt, yt)
	case xt != nil:
		d = numberDType(xt, isIntNumber(y))
	case yt != nil:
		d = numberDType(yt, isIntNumber(x))
	case isIntNumber(x) && isIntNumber(y):
		d = Int64
	default:
		d = Float32
	}
	if xt == nil {
		xt = empty(d, nil)
		xt.fill(xs)
	}
	if yt == nil {
		yt = empty(d, nil)
		yt.fill(ys)
	}
	return xt, yt, d
}

// Maximum returns the larger of t and o elementwise (NaN if either is
// NaN), like torch.maximum; they broadcast together.
func (t *Tensor) Maximum(o *Tensor) *Tensor { return t.pick("Maximum", o, true) }

// Minimum returns the smaller of t and o elementwise, like torch.minimum.
func (t *Tensor) Minimum(o *Tensor) *Tensor { return t.pick("Minimum", o, false) }

func (t *Tensor) pick(op string, o *Tensor, larger bool) *Tensor {
	if t == nil || o == nil {
		panic(errorf(ErrValue, op, "operands must be non-nil tensors"))
	}
	if t.dtype == Bool && o.dtype == Bool {
		panic(errorf(ErrDType, op, "not implemented for two bool tensors"))
	}
	d := resultDType(t, o)
	shape := broadcastShapes(op, t.shape, o.shape)
	a, b := broadcastValues(shape, d, t), broadcastValues(shape, d, o)
	for i, x := range a {
		y := b[i]
		switch {
		case x != x:
		case y != y:
			a[i] = y
		case larger && y > x, !larger && y < x:
			a[i] = y
		}
	}
	out := valuesTensor(d, shape, a)
	if needsGrad(t, o) {
		name, back := "MaximumBackward0", maximumBackward
		if !larger {
			name, back = "MinimumBackward0", minimumBackward
		}
		n := record(out, name, back, t, o)
		n.save(t, o)
	}
	return out
}

// maximumBackward: g where t > o for t (where o > t for o), g/2 where they
// are equal.
func maximumBackward(n *node, g *Tensor, grads []*Tensor) { pickBackward(n, g, grads, true) }

// minimumBackward: g where t < o for t (where o < t for o), g/2 where equal.
func minimumBackward(n *node, g *Tensor, grads []*Tensor) { pickBackward(n, g, grads, false) }

// pickBackward is PyTorch's where(a == b, g/2, g).masked_fill_(a loses, 0)
// for each operand a against the other, b.
func pickBackward(n *node, g *Tensor, grads []*Tensor, larger bool) {
	a, b := n.savedValue(0), n.savedValue(1)
	half := Where(a.Eq(b), g.Div(2), g)
	for i, in := range n.inputs {
		if !in.requiresGrad {
			continue
		}
		self, other := a, b
		if i == 1 {
			self, other = b, a
		}
		loses := self.Lt(other)
		if !larger {
			loses = self.Gt(other)
		}
		grads[i] = sumToShape(n, Where(loses, 0, half), in)
	}
}
