package gd

import "slices"

// Classification losses over class scores: NLLLoss takes log-probabilities
// and class indices, CrossEntropyLoss takes raw scores (logits) and is
// LogSoftmax followed by NLLLoss, recorded as those two nodes just as
// PyTorch records them (LogSoftmaxBackward0 under NllLossBackward0).

// LabelSmoothing mixes each class-index target with the uniform
// distribution, giving weight 1-eps to the target class (CrossEntropyLoss's
// label_smoothing, eps in [0, 1]).
func LabelSmoothing(eps float64) LossOption {
	if !(eps >= 0 && eps <= 1) {
		panic(errorf(ErrValue, "LabelSmoothing", "label_smoothing must be between 0.0 and 1.0, got %v", eps))
	}
	return func(c *lossConfig) { c.labelSmoothing = eps }
}

// IgnoreIndex sets the target value whose samples are left out of the
// loss and of the mean's count (PyTorch's ignore_index, -100 by default).
func IgnoreIndex(i int) LossOption { return func(c *lossConfig) { c.ignoreIndex = i } }

// NLLLoss returns the negative log-likelihood criterion, like
// torch.nn.NLLLoss: for log-probabilities input of shape (N, C) (or (C))
// and int64 class indices target of shape (N) (or a 0-d index), the mean
// over samples of -input[n, target[n]]. Options: Reduction, IgnoreIndex.
func NLLLoss(opts ...LossOption) LossFunc {
	cfg := lossConfigOf(opts)
	return func(input, target *Tensor) *Tensor { return nllLoss("NLLLoss", input, target, cfg) }
}

// NLL is torch.nn.functional.nll_loss: NLLLoss(opts...)(input, target).
func NLL(input, target *Tensor, opts ...LossOption) *Tensor {
	return nllLoss("NLL", input, target, lossConfigOf(opts))
}

// CrossEntropyLoss returns the cross-entropy criterion, like
// torch.nn.CrossEntropyLoss: input holds raw class scores (logits) of shape
// (N, C) (or (C)); target holds int64 class indices of shape (N) (or a 0-d
// index), or class probabilities of input's shape. It is NLLLoss applied to
// LogSoftmax along the class dimension. Options: Reduction, IgnoreIndex,
// LabelSmoothing.
func CrossEntropyLoss(opts ...LossOption) LossFunc {
	cfg := lossConfigOf(opts)
	return func(input, target *Tensor) *Tensor { return crossEntropy("CrossEntropyLoss", input, target, cfg) }
}

// CrossEntropy is torch.nn.functional.cross_entropy: CrossEntropyLoss(opts...)(input, target).
func CrossEntropy(input, target *Tensor, opts ...LossOption) *Tensor {
	return crossEntropy("CrossEntropy", input, target, lossConfigOf(opts))
}

func crossEntropy(op string, input, target *Tensor, c lossConfig) *Tensor {
	if input == nil || target == nil {
		panic(errorf(ErrValue, op, "input and target must be non-nil tensors"))
	}
	classDim := 0
	if input.Dim() >= 2 {
		classDim = 1
	}
	if target.dtype.IsFloatingPoint() {
		return crossEntropyProbs(op, input, target, classDim, c)
	}
	logp := input.LogSoftmax(classDim)
	nll := nllLoss(op, logp, target, c)
	if c.labelSmoothing == 0 {
		return nll
	}
	// PyTorch's label smoothing: (1-eps)·nll + eps/C · smooth, where
	// smooth is -Σ_classes logp per sample (0 where the target is ignored),
	// reduced like the loss (the mean over the samples not ignored).
	keep := target.Ne(c.ignoreIndex)
	smooth := logp.Sum(classDim).Neg().Mul(keep)
	switch c.reduction {
	case "mean":
		smooth = smooth.Sum().Div(keep.Sum())
	case "sum":
		smooth = smooth.Sum()
	}
	classes := float64(input.Size(classDim))
	return nll.Mul(1 - c.labelSmoothing).Add(smooth.Mul(c.labelSmoothing / classes))
}

// crossEntropyProbs is cross-entropy against class probabilities (soft
// labels), composed of public ops as PyTorch composes it: -Σ logp·target,
// over all elements divided by the number of samples for "mean", per
// sample for "none".
func crossEntropyProbs(op string, input, target *Tensor, classDim int, c lossConfig) *Tensor {
	if !slices.Equal(input.shape, target.shape) {
		panic(errorf(ErrShape, op, "expected target of shape %s (class probabilities) or class indices, got shape %s", shapeString(input.shape), shapeString(target.shape)))
	}
	requireFloat(op, input)
	logp := input.LogSoftmax(classDim)
	classes := input.Size(classDim)
	if c.labelSmoothing > 0 {
		target = target.Mul(1 - c.labelSmoothing).Add(c.labelSmoothing / float64(classes))
	}
	switch c.reduction {
	case "sum":
		return logp.Mul(target).Sum().Neg()
	case "none":
		return logp.Mul(target).Sum(classDim).Neg()
	}
	out := logp.Mul(target).Sum().Neg().Div(input.Numel() / classes)
	if out.gradFn != nil {
		// PyTorch divides by a C++ integer here, not a Python number,
		// which records the other overload's name.
		out.gradFn.name = "DivBackward1"
	}
	return out
}

// nllLoss checks the operands and computes the loss in one pass, recorded
// as NllLossBackward0.
func nllLoss(op string, input, target *Tensor, c lossConfig) *Tensor {
	if input == nil || target == nil {
		panic(errorf(ErrValue, op, "input and target must be non-nil tensors"))
	}
	requireFloat(op, input)
	if target.dtype != Int64 {
		panic(errorf(ErrDType, op, "expected target of dtype torch.int64 (class indices) but found %s (make it with IntVector, FromInts or Long())", target.dtype))
	}
	var batch, classes int
	switch {
	case input.Dim() == 2 && target.Dim() == 1 && target.shape[0] == input.shape[0]:
		batch, classes = input.shape[0], input.shape[1]
	case input.Dim() == 1 && target.Dim() == 0:
		batch, classes = 1, input.shape[0]
	default:
		panic(errorf(ErrShape, op, "expected input of shape (N, C) with target (N), or (C) with a 0-d target; got input %s and target %s", shapeString(input.shape), shapeString(target.shape)))
	}
	labels := target.contiguousRaw()
	idx := labels.f64[labels.offset : labels.offset+batch]
	for _, v := range idx {
		if int(v) != c.ignoreIndex && (v < 0 || v >= float64(classes)) {
			panic(errorf(ErrIndex, op, "Target %d is out of bounds (%d classes)", int(v), classes))
		}
	}
	x := input.contiguousRaw()
	rec := needsGrad(input)
	var shape []int
	if c.reduction == "none" && input.Dim() == 2 {
		shape = []int{batch}
	}
	out := alloc(x.dtype, shape, rec)
	var count float64
	if x.dtype == Float32 {
		count = nllForward(out.f32, x.f32[x.offset:x.offset+x.Numel()], idx, classes, c)
	} else {
		count = nllForward(out.f64, x.f64[x.offset:x.offset+x.Numel()], idx, classes, c)
	}
	if rec {
		back := nllSumBackward
		switch c.reduction {
		case "mean":
			back = nllMeanBackward
		case "none":
			back = nllNoneBackward
		}
		n := record(out, "NllLossBackward0", back, input)
		n.number, n.index = count, c.ignoreIndex
		n.save(target)
	}
	return out
}

// nllForward writes -x[b, t_b] per sample (reduction "none") or their
// sum (divided by the count of samples not ignored for "mean") into out,
// and returns that count. The sum follows PyTorch's cascade of partial
// sums (nll_loss_out_frame), so that it rounds the same way.
func nllForward[T float](out, x []T, idx []float64, classes int, c lossConfig) float64 {
	ignore := c.ignoreIndex
	if c.reduction == "none" {
		count := 0
		for b, v := range idx {
			if t := int(v); t == ignore {
				out[b] = 0
			} else {
				out[b] = -x[b*classes+t]
				count++
			}
		}
		return float64(count)
	}
	const levels = 8
	power := max(4, ceilLog2(len(idx))/levels)
	step := 1 << power
	var partial [levels]T
	ignored := 0
	for b, v := range idx {
		t := int(v)
		if t == ignore {
			ignored++
			continue
		}
		partial[0] -= x[b*classes+t]
		if b&(step-1) != 0 {
			continue // the usual case: no level is full
		}
		for j := 0; j+1 < levels; j++ {
			if b&((step-1)<<(j*power)) != 0 {
				break
			}
			partial[j+1] += partial[j]
			partial[j] = 0
		}
	}
	count := float64(len(idx) - ignored)
	var sum T
	for _, p := range partial {
		sum += p
	}
	if c.reduction == "mean" {
		sum /= T(count)
	}
	out[0] = sum
	return count
}

// nllMeanBackward: -(g / count) at each sample's target class, 0 elsewhere.
func nllMeanBackward(n *node, g *Tensor, grads []*Tensor) { nllBackward(n, g, grads, n.number) }

// nllSumBackward: -g at each sample's target class.
func nllSumBackward(n *node, g *Tensor, grads []*Tensor) { nllBackward(n, g, grads, 0) }

// nllNoneBackward: -g[b] at sample b's target class.
func nllNoneBackward(n *node, g *Tensor, grads []*Tensor) { nllBackward(n, g, grads, 0) }

// nllBackward scatters the negated gradient (divided by count when it is
// not 0) to the target classes, as PyTorch's nll_loss_backward does.
func nllBackward(n *node, g *Tensor, grads []*Tensor, count float64) {
	in := n.inputs[0]
	labels := n.savedValue(0).contiguousRaw()
	gc := g.contiguousRaw()
	out := n.gradBuf(in, in.dtype)
	classes := in.shape[len(in.shape)-1]
	batch := in.Numel() / max(classes, 1)
	idx := labels.f64[labels.offset : labels.offset+batch]
	if in.dtype == Float32 {
		nllScatter(out.f32, gc.f32[gc.offset:gc.offset+gc.Numel()], idx, classes, n.index, float32(count))
	} else {
		nllScatter(out.f64, gc.f64[gc.offset:gc.offset+gc.Numel()], idx, classes, n.index, count)
	}
	grads[0] = out
}

func nllScatter[T float](out, g []T, idx []float64, classes, ignore int, count T) {
	if len(g) == 1 {
		// One upstream value (a reduced loss): the same -g/count for
		// every sample, computed once as PyTorch does.
		gv := g[0]
		if count != 0 {
			gv /= count
		}
		for b, v := range idx {
			if t := int(v); t != ignore {
				out[b*classes+t] = -gv
			}
		}
		return
	}
	for b, v := range idx {
		t := int(v)
		if t == ignore {
			continue
		}
		gv := g[b]
		if count != 0 {
			gv /= count
		}
		out[b*classes+t] = -gv
	}
}
