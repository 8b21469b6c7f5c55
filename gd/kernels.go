package gd

import "math"

// This file holds the typed inner loops of the elementwise ops. Each loop is
// a plain for over slices, chosen by a switch outside the loop, so the hot
// path has no per-element calls through closures or interfaces.

// binOp names an elementwise binary operation.
type binOp uint8

const (
	opAdd binOp = iota
	opSub
	opMul
	opDiv
	opPow
)

// pow is x**y with the exponents PyTorch special-cases computed the same
// way (x*x for 2, sqrt for 0.5, ...), so results match bit for bit.
func pow[T float](x, y T) T {
	switch y {
	case 1:
		return x // math.Pow's answer too, without the call
	case 2:
		return x * x
	case 3:
		return x * x * x
	case 0.5:
		return T(math.Sqrt(float64(x)))
	case -0.5:
		return 1 / T(math.Sqrt(float64(x)))
	case -1:
		return 1 / x
	case -2:
		return 1 / (x * x)
	}
	return T(math.Pow(float64(x), float64(y)))
}

// powGrad computes out[i] = g[i] * (s * x[i]**e), e being s-1 rounded to
// T, with each operation rounded to T (Go does not fuse multiplications
// without an addition).
func powGrad[T float](out, g, x []T, s, e T) {
	g, x = g[:len(out)], x[:len(out)]
	if e == 1 {
		// x**2, the squared errors of a loss: x**1 is x.
		for i := range out {
			out[i] = g[i] * (s * x[i])
		}
		return
	}
	for i := range out {
		out[i] = g[i] * (s * pow(x[i], e))
	}
}

// sqDiff computes out[i] = d*d with d = a[i] - b[i] rounded to T.
func sqDiff[T float](out, a, b []T) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		d := a[i] - b[i]
		out[i] = d * d
	}
}

// mseGrad computes out[i] = (norm * (a[i] - b[i])) * g[i*gStep], each
// operation rounded to T (gStep 0 repeats a single gradient).
func mseGrad[T float](out, a, b, g []T, gStep int, norm T) {
	a, b = a[:len(out)], b[:len(out)]
	for i := range out {
		out[i] = (norm * (a[i] - b[i])) * g[i*gStep]
	}
}

// binVV computes out[i] = a[i] op b[i].
func binVV[T float](op binOp, out, a, b []T) {
	a, b = a[:len(out)], b[:len(out)]
	switch op {
	case opAdd:
		for i := range out {
			out[i] = a[i] + b[i]
		}
	case opSub:
		for i := range out {
			out[i] = a[i] - b[i]
		}
	case opMul:
		for i := range out {
			out[i] = a[i] * b[i]
		}
	case opDiv:
		for i := range out {
			out[i] = a[i] / b[i]
		}
	case opPow:
		for i := range out {
			out[i] = pow(a[i], b[i])
		}
	}
}

// binVS computes out[i] = a[i] op s.
func binVS[T float](op binOp, out, a []T, s T) {
	a = a[:len(out)]
	switch op {
	case opAdd:
		for i := range out {
			out[i] = a[i] + s
		}
	case opSub:
		for i := range out {
			out[i] = a[i] - s
		}
	case opMul:
		for i := range out {
			out[i] = a[i] * s
		}
	case opDiv:
		for i := range out {
			out[i] = a[i] / s
		}
	case opPow:
		switch s {
		case 2:
			for i := range out {
				out[i] = a[i] * a[i]
			}
		default:
			for i := range out {
				out[i] = pow(a[i], s)
			}
		}
	}
}

// binSV computes out[i] = s op b[i].
func binSV[T float](op binOp, out []T, s T, b []T) {
	b = b[:len(out)]
	switch op {
	case opAdd:
		for i := range out {
			out[i] = s + b[i]
		}
	case opSub:
		for i := range out {
			out[i] = s - b[i]
		}
	case opMul:
		for i := range out {
			out[i] = s * b[i]
		}
	case opDiv:
		for i := range out {
			out[i] = s / b[i]
		}
	case opPow:
		for i := range out {
			out[i] = pow(s, b[i])
		}
	}
}

// binStrided computes n elements of out[o] = a[ia] op b[ib], stepping each
// index by its stride (a stride of 0 repeats a broadcast value).
func binStrided[T float](op binOp, n int, out []T, o, os int, a []T, ia, as int, b []T, ib, bs int) {
	switch op {
	case opAdd:
		for k := 0; k < n; k++ {
			out[o] = a[ia] + b[ib]
			o, ia, ib = o+os, ia+as, ib+bs
		}
	case opSub:
		for k := 0; k < n; k++ {
			out[o] = a[ia] - b[ib]
			o, ia, ib = o+os, ia+as, ib+bs
		}
	case opMul:
		for k := 0; k < n; k++ {
			out[o] = a[ia] * b[ib]
			o, ia, ib = o+os, ia+as, ib+bs
		}
	case opDiv:
		for k := 0; k < n; k++ {
			out[o] = a[ia] / b[ib]
			o, ia, ib = o+os, ia+as, ib+bs
		}
	case opPow:
		for k := 0; k < n; k++ {
			out[o] = pow(a[ia], b[ib])
			o, ia, ib = o+os, ia+as, ib+bs
		}
	}
}

// unOp names an elementwise unary operation; p and q are its parameters.
type unOp uint8

const (
	opNeg unOp = iota
	opExp
	opLog
	opSqrt
	opAbs
	opRelu
	opSigmoid
	opTanh
	opClamp      // clamp to [p, q]; NaN bounds mean "no bound"
	opPowScalar  // x**p
	opReciprocal // 1/x
	opSign       // -1, 0 or 1 (0 for NaN, as PyTorch's sgn in abs's gradient)
	opScale      // p*x
	opSin
	opCos
	opLog1p
	opExpm1
	opErf
	opSoftplus  // log1p(exp(p*x))/p, or x where p*x > q
	opLeakyRelu // x, or p*x where x <= 0
	opGelu      // x·Φ(x), Φ the normal distribution function
	opGeluTanh  // GELU's tanh approximation
)

// unary computes out[i] = f(a[i]) for contiguous slices.
func unary[T float](op unOp, out, a []T, p, q T) {
	a = a[:len(out)]
	switch op {
	case opNeg:
		for i := range out {
			out[i] = -a[i]
		}
	case opExp:
		for i := range out {
			out[i] = T(math.Exp(float64(a[i])))
		}
	case opLog:
		for i := range out {
			out[i] = T(math.Log(float64(a[i])))
		}
	case opSqrt:
		for i := range out {
			out[i] = T(math.Sqrt(float64(a[i])))
		}
	case opAbs:
		for i := range out {
			out[i] = T(math.Abs(float64(a[i])))
		}
	case opRelu:
		// max keeps NaN and turns -0 into +0, as PyTorch's relu does;
		// unlike a branch on the sign it compiles without jumps, which
		// matters for activations whose signs are a coin toss.
		for i := range out {
			out[i] = max(a[i], 0)
		}
	case opSigmoid:
		for i := range out {
			out[i] = T(1 / (1 + math.Exp(-float64(a[i]))))
		}
	case opTanh:
		for i := range out {
			out[i] = T(math.Tanh(float64(a[i])))
		}
	case opClamp:
		for i := range out {
			x := a[i]
			if x != x {
				out[i] = x
				continue
			}
			if p == p && x < p {
				x = p
			}
			if q == q && x > q {
				x = q
			}
			out[i] = x
		}
	case opPowScalar:
		binVS(opPow, out, a, p)
	case opReciprocal:
		for i := range out {
			out[i] = 1 / a[i]
		}
	case opSign:
		for i := range out {
			switch x := a[i]; {
			case x > 0:
				out[i] = 1
			case x < 0:
				out[i] = -1
			default:
				out[i] = 0
			}
		}
	case opScale:
		for i := range out {
			out[i] = p * a[i]
		}
	case opSin, opCos, opLog1p, opExpm1, opErf:
		// Library functions, evaluated in float64 and rounded once.
		f := mathFuncs[op]
		for i := range out {
			out[i] = T(f(float64(a[i])))
		}
	default:
		activationKernel(op, out, a, p, q)
	}
}

// mathFuncs are the unary ops that are one function of package math.
var mathFuncs = map[unOp]func(float64) float64{
	opSin: math.Sin, opCos: math.Cos, opLog1p: math.Log1p, opExpm1: math.Expm1, opErf: math.Erf,
}

// activationKernel holds the loops of the parametrised activations, in
// PyTorch's formulas (aten/src/ATen/native/cpu/Activation.cpp).
func activationKernel[T float](op unOp, out, a []T, p, q T) {
	switch op {
	case opSoftplus:
		for i := range out {
			if bx := a[i] * p; bx > q {
				out[i] = a[i]
			} else {
				out[i] = T(math.Log1p(math.Exp(float64(bx)))) / p
			}
		}
	case opLeakyRelu:
		for i := range out {
			if x := a[i]; x > 0 {
				out[i] = x
			} else {
				out[i] = x * p
			}
		}
	case opGelu:
		// In T's arithmetic, as PyTorch's vectorised kernel computes.
		for i := range out {
			x := a[i]
			out[i] = x * T(0.5) * (1 + T(math.Erf(float64(x*T(1/math.Sqrt2)))))
		}
	case opGeluTanh:
		beta, kappa := T(math.Sqrt2*2/math.SqrtPi*0.5), T(0.044715) // √(2/π)
		for i := range out {
			x := a[i]
			inner := beta * (x + kappa*T(x*x*x))
			out[i] = T(0.5) * x * (1 + T(math.Tanh(float64(inner))))
		}
	}
}

// reluGrad writes g where the ReLU result r is positive or NaN and 0
// elsewhere: PyTorch's threshold_backward(g, r, 0). out, g and r are dense
// and of one length; out may be g itself.
func reluGrad[T float](out, g, r []T) {
	g, r = g[:len(out)], r[:len(out)]
	for i := range out {
		if r[i] <= 0 {
			out[i] = 0
		} else {
			out[i] = g[i]
		}
	}
}
