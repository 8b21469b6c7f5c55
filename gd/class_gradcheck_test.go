package gd

import "testing"

// TestClassGradcheck checks every gradient this file's ops define against
// finite differences, in float64.
func TestClassGradcheck(t *testing.T) {
	quietWarnings(t)
	logits := func() *Tensor { return in64(40, -3, 3, 4, 5) }
	probs := func(seed float64, shape ...int) *Tensor { return in64(seed, 0.05, 0.95, shape...) }
	labels := IntVector(3, 0, 4, 1)
	cases := map[string]struct {
		f      func(in []*Tensor) *Tensor
		inputs []*Tensor
	}{
		"Softmax":        {func(in []*Tensor) *Tensor { return in[0].Softmax(1) }, []*Tensor{logits()}},
		"Softmax dim 0":  {func(in []*Tensor) *Tensor { return in[0].Softmax(0) }, []*Tensor{logits()}},
		"Softmax 3-D":    {func(in []*Tensor) *Tensor { return in[0].Softmax(1) }, []*Tensor{in64(41, -2, 2, 2, 3, 2)}},
		"LogSoftmax":     {func(in []*Tensor) *Tensor { return in[0].LogSoftmax(-1) }, []*Tensor{logits()}},
		"LogSoftmax 0":   {func(in []*Tensor) *Tensor { return in[0].LogSoftmax(0) }, []*Tensor{logits()}},
		"NLL mean":       {func(in []*Tensor) *Tensor { return NLL(in[0], labels) }, []*Tensor{logits()}},
		"NLL none":       {func(in []*Tensor) *Tensor { return NLL(in[0], labels, Reduction("none")) }, []*Tensor{logits()}},
		"NLL ignore":     {func(in []*Tensor) *Tensor { return NLL(in[0], labels, IgnoreIndex(0)) }, []*Tensor{logits()}},
		"CrossEntropy":   {func(in []*Tensor) *Tensor { return CrossEntropy(in[0], labels) }, []*Tensor{logits()}},
		"CE sum":         {func(in []*Tensor) *Tensor { return CrossEntropy(in[0], labels, Reduction("sum")) }, []*Tensor{logits()}},
		"CE smoothing":   {func(in []*Tensor) *Tensor { return CrossEntropy(in[0], labels, LabelSmoothing(0.1)) }, []*Tensor{logits()}},
		"CE probs":       {func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1]) }, []*Tensor{logits(), probs(42, 4, 5)}},
		"CE probs none":  {func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1], Reduction("none")) }, []*Tensor{logits(), probs(43, 4, 5)}},
		"BCE":            {func(in []*Tensor) *Tensor { return BinaryCrossEntropy(in[0], in[1]) }, []*Tensor{probs(44, 2, 3), probs(45, 2, 3)}},
		"BCE none":       {func(in []*Tensor) *Tensor { return BinaryCrossEntropy(in[0], in[1], Reduction("none")) }, []*Tensor{probs(46, 5), probs(47, 5)}},
		"BCE logits":     {func(in []*Tensor) *Tensor { return BinaryCrossEntropyWithLogits(in[0], in[1]) }, []*Tensor{logits(), probs(48, 4, 5)}},
		"BCE logits sum": {func(in []*Tensor) *Tensor { return BinaryCrossEntropyWithLogits(in[0], in[1], Reduction("sum")) }, []*Tensor{logits(), probs(49, 4, 5)}},
		"BCE pos_weight": {func(in []*Tensor) *Tensor {
			return BinaryCrossEntropyWithLogits(in[0], in[1], PosWeight(in64(50, 0.5, 3, 5)))
		}, []*Tensor{logits(), probs(51, 4, 5)}},
		"Sin":       {func(in []*Tensor) *Tensor { return in[0].Sin() }, []*Tensor{logits()}},
		"Cos":       {func(in []*Tensor) *Tensor { return in[0].Cos() }, []*Tensor{logits()}},
		"Log1p":     {func(in []*Tensor) *Tensor { return in[0].Log1p() }, []*Tensor{probs(52, 2, 3)}},
		"Expm1":     {func(in []*Tensor) *Tensor { return in[0].Expm1() }, []*Tensor{logits()}},
		"Erf":       {func(in []*Tensor) *Tensor { return in[0].Erf() }, []*Tensor{logits()}},
		"Softplus":  {func(in []*Tensor) *Tensor { return in[0].Softplus(2, 3) }, []*Tensor{logits()}},
		"LeakyReLU": {func(in []*Tensor) *Tensor { return in[0].LeakyReLU(0.2) }, []*Tensor{away(53, 2, 3)}},
		"GELU":      {func(in []*Tensor) *Tensor { return in[0].GELU() }, []*Tensor{logits()}},
		"GELU tanh": {func(in []*Tensor) *Tensor { return in[0].GELU("tanh") }, []*Tensor{logits()}},
		"Maximum":   {func(in []*Tensor) *Tensor { return in[0].Maximum(in[1]) }, []*Tensor{logits(), in64(54, -3, 3, 5)}},
		"Minimum":   {func(in []*Tensor) *Tensor { return in[0].Minimum(in[1]) }, []*Tensor{logits(), in64(55, -3, 3, 4, 1)}},
		"Where": {func(in []*Tensor) *Tensor { return Where(in64(56, -1, 1, 4, 5).Gt(0), in[0], in[1]) },
			[]*Tensor{logits(), in64(57, -3, 3, 5)}},
		"MatMul 2-D @ 3-D": {func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }, []*Tensor{in64(59, -2, 2, 2, 3), in64(60, -2, 2, 4, 3, 2)}},
		"MatMul batched":   {func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }, []*Tensor{in64(61, -2, 2, 2, 1, 2, 3), in64(62, -2, 2, 4, 3, 2)}},
		"Cat":              {func(in []*Tensor) *Tensor { return Cat(1, in[0], in[1]).Square() }, []*Tensor{logits(), in64(58, -3, 3, 4, 2)}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) { gradcheck(t, c.f, c.inputs...) })
	}
}
