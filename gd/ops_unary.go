package gd

import (
	"math"
	"slices"
	"strings"
)

// Elementwise functions of one tensor. Each records its node with the
// tensor its backward reads: the input, or the result where the
// derivative is cheapest in terms of it (PyTorch saves the same ones).

// unaryOp computes op(t) and records it as name with backward when t
// requires grad (saving the result when saveOut is set, else t).
func (t *Tensor) unaryOp(op unOp, name string, backward backwardFunc, saveOut bool) *Tensor {
	t.must(strings.TrimSuffix(name, "Backward0"))
	if !t.dtype.IsFloatingPoint() {
		return exactUnary(op, strings.TrimSuffix(name, "Backward0"), t)
	}
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

// exactUnary is op on an integer or bool tensor, which never requires
// grad: Neg, Abs, ReLU and Sign keep integers integers, the other
// functions compute in float32, and bools are refused where PyTorch
// refuses them.
func exactUnary(op unOp, name string, t *Tensor) *Tensor {
	switch {
	case op == opSign:
	case t.dtype == Bool && op == opNeg:
		panic(errorf(ErrDType, name, "negation, the `-` operator, on a bool tensor is not supported; use LogicalNot to invert a mask"))
	case t.dtype == Bool && (op == opAbs || op == opRelu):
		panic(errorf(ErrDType, name, "not implemented for 'Bool'"))
	case op == opNeg || op == opAbs || op == opRelu:
	default:
		t = t.Float()
	}
	return unaryRaw(op, t, 0, 0)
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

// Abs returns |t| elementwise. Its gradient at 0 and at NaN is 0, as in
// PyTorch (whose sign of NaN is 0).
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

// reluBackward: 0 where the result is at most 0, else g (so NaN passes
// g through, as PyTorch's threshold_backward does).
func reluBackward(n *node, g *Tensor, grads []*Tensor) {
	r := n.saved[0].t
	if g.dtype == r.dtype && g.IsContiguous() && r.IsContiguous() && slices.Equal(g.shape, r.shape) {
		// The common case in one pass, without maskWhere's per-element call,
		// in place when g is this pass's own fresh buffer (see gradOwned).
		out := g
		if !n.gradOwned || g.offset != 0 {
			out = n.gradBuf(n.inputs[0], g.dtype)
		}
		k := g.Numel()
		if g.dtype == Float32 {
			reluGrad(out.f32[:k], g.f32[g.offset:g.offset+k], r.f32[r.offset:r.offset+k])
		} else {
			reluGrad(out.f64[:k], g.f64[g.offset:g.offset+k], r.f64[r.offset:r.offset+k])
		}
		grads[0] = out
		return
	}
	grads[0] = maskWhere(g, r, func(r float64) bool { return r <= 0 })
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
	t.must("Clamp")
	if lo > hi {
		// PyTorch sets everything to hi in this case; keep that.
		lo = hi
	}
	if !t.dtype.IsFloatingPoint() && !(isWhole(lo) && isWhole(hi)) {
		// A fractional bound makes the result float, as in PyTorch.
		t = t.Float()
	}
	out := unaryRaw(opClamp, t, lo, hi)
	if t.dtype == Bool {
		exactResult("Clamp", out)
	}
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

// isWhole reports whether v is an integer, an infinity or NaN (the bounds
// that keep an integer tensor's Clamp integral).
func isWhole(v float64) bool { return v == math.Trunc(v) || math.IsNaN(v) }

// Sin returns the sine of t elementwise.
func (t *Tensor) Sin() *Tensor { return t.unaryOp(opSin, "SinBackward0", sinBackward, false) }

// sinBackward: g * cos(t).
func sinBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Mul(n.input(0).Cos()) }

// Cos returns the cosine of t elementwise.
func (t *Tensor) Cos() *Tensor { return t.unaryOp(opCos, "CosBackward0", cosBackward, false) }

// cosBackward: g * -sin(t).
func cosBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Mul(n.input(0).Sin().Neg()) }

// Log1p returns log(1 + t) elementwise, accurate for t near 0 where
// 1 + t would round away t's digits.
func (t *Tensor) Log1p() *Tensor { return t.unaryOp(opLog1p, "Log1PBackward0", log1pBackward, false) }

// log1pBackward: g / (t + 1).
func log1pBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Div(n.input(0).Add(1)) }

// Expm1 returns exp(t) - 1 elementwise, accurate for t near 0.
func (t *Tensor) Expm1() *Tensor { return t.unaryOp(opExpm1, "Expm1Backward0", expm1Backward, true) }

// expm1Backward: g * (result + 1).
func expm1Backward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.Mul(n.savedValue(0).Add(1)) }

// Erf returns the error function of t elementwise.
func (t *Tensor) Erf() *Tensor { return t.unaryOp(opErf, "ErfBackward0", erfBackward, false) }

// erfBackward: g * 2/√π * exp(-t²).
func erfBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = g.Mul(n.input(0).Square().Neg().Exp().Mul(2 / math.Sqrt(math.Pi)))
}
