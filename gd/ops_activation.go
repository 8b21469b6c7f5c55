package gd

import (
	"math"
	"slices"
)

// Activations with a parameter: Softplus, LeakyReLU and GELU. Each keeps
// its parameters in the node (number, and a second one where needed) for
// its backward function.

// Softplus returns log(1 + exp(beta·t))/beta elementwise, a smooth ReLU,
// like PyTorch's F.softplus(t, beta, threshold). Where beta·t exceeds
// threshold it returns t itself (the curve is linear there to float
// precision). Softplus() uses PyTorch's defaults, beta 1 and threshold 20.
func (t *Tensor) Softplus(params ...float64) *Tensor {
	beta, threshold := optional2("Softplus", params, 1.0, 20.0)
	if !t.dtype.IsFloatingPoint() {
		t = t.Float()
	}
	out := unaryRaw(opSoftplus, t, beta, threshold)
	if needsGrad(t) {
		n := record(out, "SoftplusBackward0", softplusBackward(beta, threshold), t)
		n.save(t)
	}
	return out
}

// softplusBackward returns SoftplusBackward0's function for the
// parameters: (g·z)/(z + 1) with z = exp(beta·t), in PyTorch's order, or
// g where beta·t exceeds the threshold.
func softplusBackward(beta, threshold float64) backwardFunc {
	return func(n *node, g *Tensor, grads []*Tensor) {
		bx := n.input(0).Mul(beta)
		z := bx.Exp()
		grads[0] = Where(bx.Gt(threshold), g, g.Mul(z).Div(z.Add(1)))
	}
}

// LeakyReLU returns t where t > 0 and slope·t elsewhere, like PyTorch's
// F.leaky_relu(t, negative_slope). LeakyReLU() uses slope 0.01.
func (t *Tensor) LeakyReLU(slope ...float64) *Tensor {
	s := optional1("LeakyReLU", slope, 0.01)
	if !t.dtype.IsFloatingPoint() {
		panic(errorf(ErrDType, "LeakyReLU", "\"leaky_relu\" not implemented for %s", t.dtype))
	}
	out := unaryRaw(opLeakyRelu, t, s, 0)
	if needsGrad(t) {
		n := record(out, "LeakyReluBackward0", leakyReluBackward, t)
		n.number = s
		n.save(t)
	}
	return out
}

// leakyReluBackward: g where t > 0, else slope·g, in one pass (the
// layer sits in every training step of a model that uses it).
func leakyReluBackward(n *node, g *Tensor, grads []*Tensor) {
	x := n.inputs[0].contiguousRaw()
	if g.dtype != x.dtype || !slices.Equal(g.shape, x.shape) {
		g = g.Expand(x.shape...).detachedCopy(x.dtype)
	}
	g = g.contiguousRaw()
	out := n.gradBuf(n.inputs[0], x.dtype)
	k := x.Numel()
	if x.dtype == Float32 {
		leakyGrad(out.f32, g.f32[g.offset:g.offset+k], x.f32[x.offset:x.offset+k], float32(n.number))
	} else {
		leakyGrad(out.f64, g.f64[g.offset:g.offset+k], x.f64[x.offset:x.offset+k], n.number)
	}
	grads[0] = out
}

func leakyGrad[T float](out, g, x []T, slope T) {
	for i, v := range x[:len(out)] {
		if v > 0 {
			out[i] = g[i]
		} else {
			out[i] = g[i] * slope
		}
	}
}

// GELU returns t·Φ(t) elementwise, Φ the standard normal distribution
// function, like PyTorch's F.gelu(t). GELU("tanh") uses the tanh
// approximation, like F.gelu(t, approximate="tanh").
func (t *Tensor) GELU(approximate ...string) *Tensor {
	op := opGelu
	switch a := optional1("GELU", approximate, "none"); a {
	case "none":
	case "tanh":
		op = opGeluTanh
	default:
		panic(errorf(ErrValue, "GELU", "approximate must be \"none\" or \"tanh\", got %q", a))
	}
	if !t.dtype.IsFloatingPoint() {
		panic(errorf(ErrDType, "GELU", "\"GeluKernelImpl\" not implemented for %s", t.dtype))
	}
	out := unaryRaw(op, t, 0, 0)
	if needsGrad(t) {
		n := record(out, "GeluBackward0", geluBackward, t)
		if op == opGeluTanh {
			n.number = 1
		}
		n.save(t)
	}
	return out
}

// geluBackward: g·(Φ(t) + t·φ(t)) for the exact form; for the tanh form,
// the derivative of 0.5·t·(1 + tanh(inner)), inner = √(2/π)·(t + 0.044715·t³).
func geluBackward(n *node, g *Tensor, grads []*Tensor) {
	x := n.input(0)
	var d *Tensor
	if n.number == 0 {
		cdf := x.Mul(1 / math.Sqrt2).Erf().Add(1).Mul(0.5)
		pdf := x.Square().Mul(-0.5).Exp().Mul(1 / math.Sqrt(2*math.Pi))
		d = cdf.Add(x.Mul(pdf))
	} else {
		const kBeta = math.Sqrt2 * 2 / math.SqrtPi * 0.5
		x3 := x.Pow(3)
		th := x.Add(x3.Mul(0.044715)).Mul(kBeta).Tanh()
		dInner := x.Square().Mul(3 * 0.044715).Add(1).Mul(kBeta)
		left := th.Add(1).Mul(0.5)
		right := x.Mul(0.5).Mul(th.Square().RSub(1)).Mul(dInner)
		d = left.Add(right)
	}
	grads[0] = g.Mul(d)
}
