package gd

import "math"

// Elementwise functions of one tensor. Each records its node with the
// tensor its backward reads: the input, or the result where the
// derivative is cheapest in terms of it (PyTorch saves the same ones).

// unaryOp computes op(t) and records it as name with backward when t
// requires grad (saving the result when saveOut is set, else t).
func (t *Tensor) unaryOp(op unOp, name string, backward backwardFunc, saveOut bool) *Tensor {
	out := unaryRaw(op, t, 0, 0)
	if needsGrad(t) {
		n := record(out, name, backward, t)
		switch {
		case saveOut:
			n.save(out)
		case op != opNeg:
			n.save(t)
		}
	}
	return out
}

// Neg returns -t.
func (t *Tensor) Neg() *Tensor { return t.unaryOp(opNeg, "NegBackward0", negBackward, false) }

func negBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Neg() }

// Exp returns e**t elementwise.
func (t *Tensor) Exp() *Tensor { return t.unaryOp(opExp, "ExpBackward0", expBackward, true) }

// expBackward: g * result.
func expBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Mul(n.savedValue(0)) }

// Log returns the natural logarithm of t elementwise.
func (t *Tensor) Log() *Tensor { return t.unaryOp(opLog, "LogBackward0", logBackward, false) }

// logBackward: g / t.
func logBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Div(n.input(0)) }

// Sqrt returns the square root of t elementwise.
func (t *Tensor) Sqrt() *Tensor { return t.unaryOp(opSqrt, "SqrtBackward0", sqrtBackward, true) }

// sqrtBackward: g / (2 * result).
func sqrtBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = g.Div(n.savedValue(0).scalarRaw(opMul, 2, true))
}

// Abs returns |t| elementwise. Its gradient at 0 is 0, as in PyTorch.
func (t *Tensor) Abs() *Tensor { return t.unaryOp(opAbs, "AbsBackward0", absBackward, false) }

// absBackward: g * sign(t) (gd has no public Sign, hence the kernel).
func absBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = g.Mul(unaryRaw(opSign, n.inputs[0], 0, 0))
}

// Reciprocal returns 1/t elementwise.
func (t *Tensor) Reciprocal() *Tensor {
	return t.unaryOp(opReciprocal, "ReciprocalBackward0", reciprocalBackward, true)
}

// reciprocalBackward: -g * (result * result).
func reciprocalBackward(n *node, g *Tensor, grads []*Tensor) {
	r := n.savedValue(0)
	grads[0] = g.Neg().Mul(r.Mul(r))
}

// ReLU returns max(t, 0) elementwise.
func (t *Tensor) ReLU() *Tensor { return t.unaryOp(opRelu, "ReluBackward0", reluBackward, true) }

// reluBackward: g where the result is positive, else 0.
func reluBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = maskWhere(g, n.saved[0].t, func(r float64) bool { return !(r > 0) })
}

// Sigmoid returns 1/(1+e**-t) elementwise.
func (t *Tensor) Sigmoid() *Tensor {
	return t.unaryOp(opSigmoid, "SigmoidBackward0", sigmoidBackward, true)
}

// sigmoidBackward: g * (1 - result) * result.
func sigmoidBackward(n *node, g *Tensor, grads []*Tensor) {
	r := n.savedValue(0)
	grads[0] = g.Mul(r.scalarRaw(opSub, 1, true)).Mul(r)
}

// Tanh returns the hyperbolic tangent of t elementwise.
func (t *Tensor) Tanh() *Tensor { return t.unaryOp(opTanh, "TanhBackward0", tanhBackward, true) }

// tanhBackward: g * (1 - result*result).
func tanhBackward(n *node, g *Tensor, grads []*Tensor) {
	r := n.savedValue(0)
	grads[0] = g.Mul(r.Mul(r).scalarRaw(opSub, 1, true))
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
		n := record(out, "ClampBackward1", clampBackward(lo, hi), t)
		n.save(t)
	}
	return out
}

// clampBackward returns ClampBackward1's function for the bounds: g where
// lo <= t <= hi (a NaN bound is open), else 0.
func clampBackward(lo, hi float64) backwardFunc {
	return func(n *node, g *Tensor, grads []*Tensor) {
		grads[0] = maskWhere(g, n.inputs[0], func(x float64) bool {
			return !((math.IsNaN(lo) || x >= lo) && (math.IsNaN(hi) || x <= hi))
		})
	}
}
