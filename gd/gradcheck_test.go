package gd

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/diff/fd"
)

// gradcheck compares the gradients Backward computes for f at the float64
// inputs with central finite differences (gonum's diff/fd) of
// s(x) = Σ f(x)·u for a fixed, non-uniform upstream gradient u.
func gradcheck(t *testing.T, f func(in []*Tensor) *Tensor, inputs ...*Tensor) {
	t.Helper()
	for _, msg := range gradMismatches(f, inputs...) {
		t.Error(msg)
	}
}

// gradMismatches returns a message for every gradient element that
// disagrees with finite differences.
func gradMismatches(f func(in []*Tensor) *Tensor, inputs ...*Tensor) []string {
	for _, in := range inputs {
		in.RequiresGrad_()
	}
	out := f(inputs)
	if !out.RequiresGrad() {
		return []string{"output does not require grad"}
	}
	u := fromValues(testSeq(out.Numel(), 7, -1.5, 1.5), out.Shape(), Float64)
	weighted := func() float64 {
		var s float64
		NoGrad(func() {
			v := f(inputs).Float64s()
			for i, x := range u.Float64s() {
				s += v[i] * x
			}
		})
		return s
	}
	out.BackwardWithGrad(u)
	const h = 1e-6
	var bad []string
	for k, in := range inputs {
		g := in.Grad()
		if g == nil {
			bad = append(bad, fmt.Sprintf("input %d: no gradient", k))
			continue
		}
		analytic := g.Float64s()
		i := 0
		in.eachOffset(func(off int) {
			orig := in.f64[off]
			numeric := fd.Derivative(func(x float64) float64 {
				in.f64[off] = x
				return weighted()
			}, orig, &fd.Settings{Formula: fd.Central, Step: h})
			in.f64[off] = orig
			if math.Abs(numeric-analytic[i]) > 1e-6*math.Max(1, math.Abs(numeric)) {
				bad = append(bad, fmt.Sprintf("input %d element %d: backward gives %.10g, finite differences %.10g", k, i, analytic[i], numeric))
			}
			i++
		})
	}
	return bad
}

// testSeq is a deterministic spread of n values in [lo, hi).
func testSeq(n int, seed float64, lo, hi float64) []float64 {
	out := make([]float64, n)
	for k := range out {
		frac := math.Mod(float64(k)*0.7548776662466927+seed*0.5698402909980532, 1)
		out[k] = lo + (hi-lo)*frac
	}
	return out
}

// in64 is a float64 test tensor of the shape with values in [lo, hi).
func in64(seed float64, lo, hi float64, shape ...int) *Tensor {
	return fromValues(testSeq(numel(shape), seed, lo, hi), shape, Float64)
}

// away is like in64 but keeps values at least 0.3 away from 0, where abs,
// relu and sign have kinks.
func away(seed float64, shape ...int) *Tensor {
	v := testSeq(numel(shape), seed, -2, 2)
	for i, x := range v {
		if x >= 0 {
			v[i] = x + 0.3
		} else {
			v[i] = x - 0.3
		}
	}
	return fromValues(v, shape, Float64)
}

func TestGradcheck(t *testing.T) {
	quietWarnings(t)
	type tc struct {
		f      func(in []*Tensor) *Tensor
		inputs func() []*Tensor
	}
	one := func(f func(x *Tensor) *Tensor, mk func() *Tensor) tc {
		return tc{func(in []*Tensor) *Tensor { return f(in[0]) }, func() []*Tensor { return []*Tensor{mk()} }}
	}
	two := func(f func(a, b *Tensor) *Tensor, ma, mb func() *Tensor) tc {
		return tc{func(in []*Tensor) *Tensor { return f(in[0], in[1]) }, func() []*Tensor { return []*Tensor{ma(), mb()} }}
	}
	any23 := func() *Tensor { return in64(1, -2, 2, 2, 3) }
	any3 := func() *Tensor { return in64(2, -2, 2, 3) }
	pos23 := func() *Tensor { return in64(3, 0.5, 2.5, 2, 3) }
	cases := map[string]tc{
		"Add broadcast":   two(func(a, b *Tensor) *Tensor { return a.Add(b) }, any23, any3),
		"Sub broadcast":   two(func(a, b *Tensor) *Tensor { return a.Sub(b) }, func() *Tensor { return in64(4, -2, 2, 3, 1) }, any3),
		"Mul broadcast":   two(func(a, b *Tensor) *Tensor { return a.Mul(b) }, any23, func() *Tensor { return in64(5, -2, 2, 2, 1) }),
		"Div broadcast":   two(func(a, b *Tensor) *Tensor { return a.Div(b) }, any23, func() *Tensor { return away(6, 3) }),
		"Pow tensor":      two(func(a, b *Tensor) *Tensor { return a.Pow(b) }, pos23, any3),
		"Pow scalar":      one(func(x *Tensor) *Tensor { return x.Pow(3) }, any23),
		"Pow frac":        one(func(x *Tensor) *Tensor { return x.Pow(-1.5) }, pos23),
		"Square":          one(func(x *Tensor) *Tensor { return x.Square() }, any23),
		"scalar ops":      one(func(x *Tensor) *Tensor { return x.Add(1).Mul(2.5).Sub(0.5).Div(3) }, any23),
		"RSub":            one(func(x *Tensor) *Tensor { return x.RSub(2) }, any23),
		"RDiv":            one(func(x *Tensor) *Tensor { return x.RDiv(2) }, func() *Tensor { return away(7, 2, 3) }),
		"RSub tensor":     two(func(a, b *Tensor) *Tensor { return a.RSub(b) }, any3, any23),
		"Neg":             one(func(x *Tensor) *Tensor { return x.Neg() }, any23),
		"Exp":             one(func(x *Tensor) *Tensor { return x.Exp() }, any23),
		"Log":             one(func(x *Tensor) *Tensor { return x.Log() }, pos23),
		"Sqrt":            one(func(x *Tensor) *Tensor { return x.Sqrt() }, pos23),
		"Abs":             one(func(x *Tensor) *Tensor { return x.Abs() }, func() *Tensor { return away(8, 2, 3) }),
		"Reciprocal":      one(func(x *Tensor) *Tensor { return x.Reciprocal() }, func() *Tensor { return away(9, 2, 3) }),
		"ReLU":            one(func(x *Tensor) *Tensor { return x.ReLU() }, func() *Tensor { return away(10, 2, 3) }),
		"Sigmoid":         one(func(x *Tensor) *Tensor { return x.Sigmoid() }, any23),
		"Tanh":            one(func(x *Tensor) *Tensor { return x.Tanh() }, any23),
		"Clamp":           one(func(x *Tensor) *Tensor { return x.Clamp(-0.55, 0.45) }, func() *Tensor { return in64(11, -2, 2, 7) }),
		"Sum":             one(func(x *Tensor) *Tensor { return x.Sum() }, any23),
		"Sum dim":         one(func(x *Tensor) *Tensor { return x.Sum(1) }, func() *Tensor { return in64(12, -2, 2, 2, 3, 4) }),
		"Sum dims":        one(func(x *Tensor) *Tensor { return x.Sum(0, -1) }, func() *Tensor { return in64(13, -2, 2, 2, 3, 4) }),
		"SumKeepDim":      one(func(x *Tensor) *Tensor { return x.SumKeepDim(0) }, any23),
		"Mean":            one(func(x *Tensor) *Tensor { return x.Mean() }, any23),
		"Mean dim":        one(func(x *Tensor) *Tensor { return x.Mean(0) }, any23),
		"MeanKeepDim":     one(func(x *Tensor) *Tensor { return x.MeanKeepDim(1) }, any23),
		"Max":             one(func(x *Tensor) *Tensor { return x.Max() }, any23),
		"Min dim":         one(func(x *Tensor) *Tensor { return x.Min(1) }, any23),
		"Max dim0":        one(func(x *Tensor) *Tensor { return x.Max(0) }, func() *Tensor { return in64(14, -2, 2, 4, 3) }),
		"View":            one(func(x *Tensor) *Tensor { return x.View(3, 2).Mul(x.View(3, 2)) }, any23),
		"Reshape copy":    one(func(x *Tensor) *Tensor { return x.T().Reshape(-1).Exp() }, any23),
		"Flatten":         one(func(x *Tensor) *Tensor { return x.Flatten().Square() }, func() *Tensor { return in64(15, -2, 2, 2, 2, 2) }),
		"Squeeze":         one(func(x *Tensor) *Tensor { return x.Squeeze().Square() }, func() *Tensor { return in64(16, -2, 2, 3, 1) }),
		"Unsqueeze":       one(func(x *Tensor) *Tensor { return x.Unsqueeze(0).Square() }, any3),
		"T":               one(func(x *Tensor) *Tensor { return x.T().Square() }, any23),
		"Transpose":       one(func(x *Tensor) *Tensor { return x.Transpose(0, 2).Exp() }, func() *Tensor { return in64(17, -2, 2, 2, 3, 2) }),
		"Expand":          one(func(x *Tensor) *Tensor { return x.Expand(2, 3, 4).Square() }, func() *Tensor { return in64(18, -2, 2, 3, 1) }),
		"Select":          one(func(x *Tensor) *Tensor { return x.Select(1, 2).Square() }, any23),
		"Index":           one(func(x *Tensor) *Tensor { return x.Index(-1).Square() }, any23),
		"Slice":           one(func(x *Tensor) *Tensor { return x.Slice(1, 1, 3).Square() }, any23),
		"IndexSelect":     one(func(x *Tensor) *Tensor { return x.IndexSelect(1, []int{2, 0, 2}).Square() }, any23),
		"Unpack3":         one(func(x *Tensor) *Tensor { a, b, c := x.Unpack3(); return a.Mul(b).Add(c.Square()) }, any3),
		"Unbind dim 1":    one(func(x *Tensor) *Tensor { u := x.Unbind(1); return u[0].Mul(u[2]).Add(u[1].Exp()).Add(u[0]) }, any23),
		"Unbind some":     one(func(x *Tensor) *Tensor { u := x.Unbind(0); return u[1].Mul(u[3]).Add(u[1]) }, func() *Tensor { return in64(39, -2, 2, 4) }),
		"Clone":           one(func(x *Tensor) *Tensor { return x.Clone().Square() }, any23),
		"Contiguous":      one(func(x *Tensor) *Tensor { return x.T().Contiguous().Square() }, any23),
		"Stack":           two(func(a, b *Tensor) *Tensor { return Stack(a, b).Square() }, any3, func() *Tensor { return in64(19, -2, 2, 3) }),
		"Dot":             two(func(a, b *Tensor) *Tensor { return a.MatMul(b) }, any3, func() *Tensor { return in64(20, -2, 2, 3) }),
		"Mv":              two(func(a, b *Tensor) *Tensor { return a.MatMul(b) }, any23, any3),
		"Vm":              two(func(a, b *Tensor) *Tensor { return a.MatMul(b) }, func() *Tensor { return in64(21, -2, 2, 2) }, any23),
		"Mm":              two(func(a, b *Tensor) *Tensor { return a.MatMul(b) }, any23, func() *Tensor { return in64(22, -2, 2, 3, 4) }),
		"Mm transposed":   two(func(a, b *Tensor) *Tensor { return a.T().MatMul(b) }, func() *Tensor { return in64(23, -2, 2, 3, 2) }, func() *Tensor { return in64(24, -2, 2, 3, 4) }),
		"Mm 3-D":          two(func(a, b *Tensor) *Tensor { return a.MatMul(b) }, func() *Tensor { return in64(25, -2, 2, 2, 2, 3) }, func() *Tensor { return in64(26, -2, 2, 3, 2) }),
		"Mm large (GEMM)": two(func(a, b *Tensor) *Tensor { return a.MatMul(b) }, func() *Tensor { return in64(27, -1, 1, 24, 30) }, func() *Tensor { return in64(28, -1, 1, 30, 25) }),
		"MSELoss":         two(func(a, b *Tensor) *Tensor { return MSELoss()(a, b) }, any23, func() *Tensor { return in64(29, -2, 2, 2, 3) }),
		"MSELoss sum":     two(func(a, b *Tensor) *Tensor { return MSELoss(Reduction("sum"))(a, b) }, any23, func() *Tensor { return in64(30, -2, 2, 2, 3) }),
		"MSELoss none":    two(func(a, b *Tensor) *Tensor { return MSELoss(Reduction("none"))(a, b) }, any23, func() *Tensor { return in64(31, -2, 2, 2, 3) }),
		"L1Loss":          two(func(a, b *Tensor) *Tensor { return L1Loss()(a, b) }, any3, func() *Tensor { return fromValues([]float64{5, -5, 0.5}, []int{3}, Float64) }),
		"RMSE":            two(func(a, b *Tensor) *Tensor { return RMSE(a, b) }, any23, func() *Tensor { return in64(32, -2, 2, 2, 3) }),
		"Linear": {
			func(in []*Tensor) *Tensor {
				l := &Linear{in: 3, out: 2, Weight: in[1], Bias: in[2]}
				return l.Forward(in[0])
			},
			func() []*Tensor { return []*Tensor{in64(33, -2, 2, 4, 3), in64(34, -1, 1, 2, 3), in64(35, -1, 1, 2)} },
		},
		"Sequential": {
			func(in []*Tensor) *Tensor {
				m := NewSequential(&Linear{in: 3, out: 2, Weight: in[1], Bias: in[2]}, NewTanh(), NewSigmoid())
				return m.Forward(in[0])
			},
			func() []*Tensor { return []*Tensor{in64(36, -2, 2, 4, 3), in64(37, -1, 1, 2, 3), in64(38, -1, 1, 2)} },
		},
		"shared input": one(func(x *Tensor) *Tensor { return x.Mul(x).Add(x.Exp()).Mul(x.Sum()) }, any23),
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { gradcheck(t, c.f, c.inputs()...) })
	}
}

func TestGradcheckCatchesWrongGradients(t *testing.T) {
	// The checker must fail on a wrong backward: an identity op whose
	// backward doubles the gradient.
	f := func(in []*Tensor) *Tensor {
		x := in[0]
		out := x.detachedCopy(Float64)
		if needsGrad(x) {
			record(out, "WrongBackward", func(n *node, g *Tensor, grads []*Tensor) { grads[0] = g.scalarRaw(opMul, 2, false) }, x)
		}
		return out
	}
	if bad := gradMismatches(f, in64(40, -1, 1, 3)); len(bad) != 3 {
		t.Fatalf("gradcheck reported %d mismatches for a doubled gradient, want 3: %v", len(bad), bad)
	}
}
