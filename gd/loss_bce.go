package gd

import (
	"math"
	"slices"
)

// Binary classification losses: BCELoss takes probabilities (a Sigmoid's
// output), BCEWithLogitsLoss takes raw scores and folds the sigmoid in,
// which stays finite for logits of any size (log(1+e^-|x|) never
// overflows). Both compute the elementwise losses in one pass with
// PyTorch's formulas and record one node, as PyTorch does.

// PosWeight weights the positive examples of each class in
// BCEWithLogitsLoss (PyTorch's pos_weight, broadcast against the input's
// last dimension): above 1 raises recall, below 1 precision.
func PosWeight(w *Tensor) LossOption {
	if w == nil {
		panic(errorf(ErrValue, "PosWeight", "pos_weight is a nil *Tensor"))
	}
	return func(c *lossConfig) { c.posWeight = w }
}

// BCELoss returns the binary cross-entropy criterion, like
// torch.nn.BCELoss: for probabilities input in [0, 1] and targets of the
// same shape, the mean of -(t·log(x) + (1-t)·log(1-x)), each log clamped
// at -100 so that a confident mistake costs 100, not infinity.
func BCELoss(opts ...LossOption) LossFunc {
	cfg := lossConfigOf(opts)
	return func(input, target *Tensor) *Tensor { return bceLoss("BCELoss", input, target, cfg, false) }
}

// BinaryCrossEntropy is torch.nn.functional.binary_cross_entropy.
func BinaryCrossEntropy(input, target *Tensor, opts ...LossOption) *Tensor {
	return bceLoss("BinaryCrossEntropy", input, target, lossConfigOf(opts), false)
}

// BCEWithLogitsLoss returns the binary cross-entropy criterion on raw
// scores, like torch.nn.BCEWithLogitsLoss: BCELoss of Sigmoid(input),
// computed stably. Options: Reduction, PosWeight.
func BCEWithLogitsLoss(opts ...LossOption) LossFunc {
	cfg := lossConfigOf(opts)
	return func(input, target *Tensor) *Tensor { return bceLoss("BCEWithLogitsLoss", input, target, cfg, true) }
}

// BinaryCrossEntropyWithLogits is torch.nn.functional.binary_cross_entropy_with_logits.
func BinaryCrossEntropyWithLogits(input, target *Tensor, opts ...LossOption) *Tensor {
	return bceLoss("BinaryCrossEntropyWithLogits", input, target, lossConfigOf(opts), true)
}

func bceLoss(op string, input, target *Tensor, c lossConfig, logits bool) *Tensor {
	if input == nil || target == nil {
		panic(errorf(ErrValue, op, "input and target must be non-nil tensors"))
	}
	if !slices.Equal(input.shape, target.shape) {
		panic(errorf(ErrShape, op, "using a target size %s that is different to the input size %s is not supported", shapeString(target.shape), shapeString(input.shape)))
	}
	requireFloat(op, input)
	if !target.dtype.IsFloatingPoint() {
		panic(errorf(ErrDType, op, "expected a floating point target, got %s (convert with Float())", target.dtype))
	}
	if target.dtype != input.dtype {
		panic(errorf(ErrDType, op, "found dtype %s for target but expected %s", target.dtype, input.dtype))
	}
	if !logits && c.posWeight != nil {
		panic(errorf(ErrValue, op, "pos_weight is an option of BCEWithLogitsLoss only"))
	}
	x, t := input.contiguousRaw(), target.contiguousRaw()
	var pw *Tensor
	if c.posWeight != nil {
		if c.posWeight.requiresGrad && IsGradEnabled() {
			panic(errorf(ErrGrad, op, "gd does not compute the gradient of pos_weight; pass a tensor that does not require grad"))
		}
		if !slices.Equal(broadcastShapes(op, x.shape, c.posWeight.shape), x.shape) {
			panic(errorf(ErrShape, op, "pos_weight of shape %s does not broadcast to the input's shape %s", shapeString(c.posWeight.shape), shapeString(x.shape)))
		}
		w := c.posWeight.To(x.dtype)
		pw = rawView(w, x.shape, broadcastStrides(w, x.shape), w.offset)
		pw = pw.contiguousRaw()
	}
	if !logits {
		for i, v := range x.Float64s() {
			if !(v >= 0 && v <= 1) {
				panic(errorf(ErrValue, op, "all elements of input should be between 0 and 1 (element %d is %v)", i, v))
			}
		}
		for i, v := range t.Float64s() {
			if !(v >= 0 && v <= 1) {
				panic(errorf(ErrValue, op, "all elements of target should be between 0 and 1 (element %d is %v)", i, v))
			}
		}
	}
	elems := empty(x.dtype, x.shape)
	k := x.Numel()
	if x.dtype == Float32 {
		bceForward(elems.f32, x.f32[x.offset:x.offset+k], t.f32[t.offset:t.offset+k], dataOf[float32](pw), logits)
	} else {
		bceForward(elems.f64, x.f64[x.offset:x.offset+k], t.f64[t.offset:t.offset+k], dataOf[float64](pw), logits)
	}
	rec := needsGrad(input, target)
	out := elems
	var all [8]bool
	switch c.reduction {
	case "mean":
		out = sumAlloc(elems, allDims(elems, all[:0]), false, rec)
		unaryInPlaceDiv(out, float64(k))
	case "sum":
		out = sumAlloc(elems, allDims(elems, all[:0]), false, rec)
	}
	if rec {
		name, back := "BinaryCrossEntropyBackward0", bceBackward
		if logits {
			name, back = "BinaryCrossEntropyWithLogitsBackward0", bceLogitsBackward
		}
		n := record(out, name, back, input, target)
		n.save(input, target)
		if pw != nil {
			n.save(pw)
		}
		if c.reduction == "mean" {
			n.number = float64(k)
		}
	}
	return out
}

// dataOf returns t's elements (t contiguous) as a slice of T, nil for nil.
func dataOf[T float](t *Tensor) []T {
	if t == nil {
		return nil
	}
	var z T
	if _, ok := any(z).(float32); ok {
		return any(t.f32[t.offset : t.offset+t.Numel()]).([]T)
	}
	return any(t.f64[t.offset : t.offset+t.Numel()]).([]T)
}

// bceForward writes the elementwise losses, in PyTorch's formulas and
// order of operations:
//
//	probabilities: (t - 1)·max(log1p(-x), -100) - t·max(log(x), -100)
//	logits:        (1 - t)·x + m + log(exp(-m) + exp(-x - m)), m = max(-x, 0)
//	with pos_weight p: (1 - t)·x + ((p - 1)·t + 1)·(log(exp(-m) + exp(-x - m)) + m)
func bceForward[T float](out, x, t, pw []T, logits bool) {
	for i := range out {
		xi, ti := x[i], t[i]
		if !logits {
			l1 := max(T(math.Log1p(-float64(xi))), -100)
			l0 := max(T(math.Log(float64(xi))), -100)
			out[i] = T((ti-1)*l1) - T(ti*l0)
			continue
		}
		m := -xi
		if m < 0 {
			m = 0
		}
		lse := T(math.Log(float64(T(math.Exp(float64(-m))) + T(math.Exp(float64(-xi-m))))))
		if pw == nil {
			out[i] = T(T((1-ti)*xi)+m) + lse
		} else {
			w := T((pw[i]-1)*ti) + 1
			out[i] = T((1-ti)*xi) + T(w*(lse+m))
		}
	}
}

// bceBackward is BinaryCrossEntropyBackward0:
//
//	input:  g·(x - t) / max((1 - x)·x, 1e-12)
//	target: -g·logit(x) = g·(log(1 - x) - log(x))
//
// divided by the element count for the "mean" reduction.
func bceBackward(n *node, g *Tensor, grads []*Tensor) {
	x, t := n.savedValue(0), n.savedValue(1)
	gx := g
	if g.Numel() != x.Numel() {
		gx = g.Expand(x.shape...)
	}
	if n.inputs[0].requiresGrad {
		den := x.RSub(1).Mul(x).Clamp(1e-12, math.Inf(1))
		gi := gx.Mul(x.Sub(t)).Div(den)
		grads[0] = meanScaled(gi, n.number)
	}
	if n.inputs[1].requiresGrad {
		logit := x.Div(x.RSub(1)).Log()
		grads[1] = meanScaled(logit.Neg().Mul(gx), n.number)
	}
}

// bceLogitsBackward is BinaryCrossEntropyWithLogitsBackward0:
//
//	input:  g·(sigmoid(x) - t), or with pos_weight p: g·((p·t + 1 - t)·sigmoid(x) - p·t)
//	target: -g·x, or with pos_weight: g·(log σ(-x) - p·log σ(x))
//
// divided by the element count for the "mean" reduction.
func bceLogitsBackward(n *node, g *Tensor, grads []*Tensor) {
	x, t := n.savedValue(0), n.savedValue(1)
	gx := g
	if g.Numel() != x.Numel() {
		gx = g.Expand(x.shape...)
	}
	var pw *Tensor
	if n.nSaved == 3 {
		pw = n.savedValue(2)
	}
	if n.inputs[0].requiresGrad {
		var gi *Tensor
		if pw == nil {
			gi = x.Sigmoid().Sub(t).Mul(gx)
		} else {
			pt := pw.Mul(t)
			gi = pt.Add(1).Sub(t).Mul(x.Sigmoid()).Sub(pt).Mul(gx)
		}
		grads[0] = meanScaled(gi, n.number)
	}
	if n.inputs[1].requiresGrad {
		var gt *Tensor
		if pw == nil {
			gt = x.Neg().Mul(gx)
		} else {
			logSigmoid := func(v *Tensor) *Tensor { return v.Neg().Softplus().Neg() }
			gt = logSigmoid(x.Neg()).Sub(logSigmoid(x).Mul(pw)).Mul(gx)
		}
		grads[1] = meanScaled(gt, n.number)
	}
}

// meanScaled divides a loss gradient by the element count of a "mean"
// reduction (count 0 means another reduction).
func meanScaled(g *Tensor, count float64) *Tensor {
	if count == 0 {
		return g
	}
	return g.scalarRaw(opDiv, count, false)
}
