package gd

import (
	"fmt"
	"io"
	"os"
	"slices"
	"sync"
)

// LossFunc compares predictions with targets and returns the loss, a 0-d
// tensor unless the reduction is "none". gd.MSELoss() returns one, as
// torch.nn.MSELoss() returns a callable criterion.
type LossFunc func(pred, target *Tensor) *Tensor

// LossOption configures a loss constructor.
type LossOption func(*lossConfig)

type lossConfig struct {
	reduction      string
	labelSmoothing float64
	ignoreIndex    int
	posWeight      *Tensor
}

// Reduction chooses how per-element losses are combined: "mean" (the
// default), "sum", or "none" (the per-element losses themselves).
func Reduction(r string) LossOption {
	if r != "mean" && r != "sum" && r != "none" {
		panic(errorf(ErrValue, "Reduction", "%q is not a valid value for reduction (want \"mean\", \"sum\" or \"none\")", r))
	}
	return func(c *lossConfig) { c.reduction = r }
}

func lossConfigOf(opts []LossOption) lossConfig {
	c := lossConfig{reduction: "mean", ignoreIndex: -100}
	for _, o := range opts {
		o(&c)
	}
	return c
}

// MSELoss returns the mean squared error criterion, like torch.nn.MSELoss:
// mean((pred - target)²), recorded as MseLossBackward0.
//
// As in PyTorch, pred and target of different shapes are broadcast against
// each other, with a warning on standard error (once per process), because
// this is usually a mistake: a (1,1) prediction against a (1) target is
// harmless, but (100,1) against (100) gives a (100,100) comparison.
func MSELoss(opts ...LossOption) LossFunc {
	cfg := lossConfigOf(opts)
	return func(pred, target *Tensor) *Tensor { return mseLoss("MSELoss", pred, target, cfg.reduction) }
}

// L1Loss returns the mean absolute error criterion, like torch.nn.L1Loss:
// mean(|pred - target|). Shapes are handled as in MSELoss.
func L1Loss(opts ...LossOption) LossFunc {
	cfg := lossConfigOf(opts)
	return func(pred, target *Tensor) *Tensor {
		pred, target = lossOperands("L1Loss", pred, target)
		d := pred.Sub(target).Abs()
		switch cfg.reduction {
		case "sum":
			return d.Sum()
		case "none":
			return d
		}
		return d.Mean()
	}
}

// MSE is the mean squared error of pred against target.
func MSE(pred, target *Tensor) *Tensor { return mseLoss("MSE", pred, target, "mean") }

// MAE is the mean absolute error (the L1 norm of the article) of pred against target.
func MAE(pred, target *Tensor) *Tensor { return L1Loss()(pred, target) }

// RMSE is the root mean squared error: the square root of MSE.
func RMSE(pred, target *Tensor) *Tensor { return MSE(pred, target).Sqrt() }

// warnOut receives gd's warnings; tests redirect it.
var warnOut io.Writer = os.Stderr

var sizeWarning sync.Once

// lossOperands checks the operands of a loss and broadcasts them to a common
// shape, warning (once) when their shapes differ.
func lossOperands(op string, pred, target *Tensor) (*Tensor, *Tensor) {
	if pred == nil || target == nil {
		panic(errorf(ErrValue, op, "prediction and target must be non-nil tensors"))
	}
	if slices.Equal(pred.shape, target.shape) {
		return pred, target
	}
	shape := broadcastShapes(op, pred.shape, target.shape)
	sizeWarning.Do(func() {
		fmt.Fprintf(warnOut, "gd: %s: UserWarning: Using a target size %s that is different to the input size %s. This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.\n",
			op, shapeString(target.shape), shapeString(pred.shape))
	})
	return pred.Expand(shape...), target.Expand(shape...)
}

func mseLoss(op string, pred, target *Tensor, reduction string) *Tensor {
	pred, target = lossOperands(op, pred, target)
	d := resultDType(pred, target)
	a, b := pred, target
	if a.dtype != d {
		a = a.To(d)
	}
	if b.dtype != d {
		b = b.To(d)
	}
	sq := squaredDiff(op, a, b)
	var all [8]bool
	rec := needsGrad(a, b)
	switch reduction {
	case "mean":
		count := sq.Numel()
		out := sumAlloc(sq, allDims(sq, all[:0]), false, rec)
		unaryInPlaceDiv(out, float64(count))
		if rec {
			n := record(out, "MseLossBackward0", mseMeanBackward, a, b)
			n.save(a, b)
		}
		return out
	case "sum":
		out := sumAlloc(sq, allDims(sq, all[:0]), false, rec)
		if rec {
			n := record(out, "MseLossBackward0", mseSumBackward, a, b)
			n.save(a, b)
		}
		return out
	}
	if rec {
		n := record(sq, "MseLossBackward0", mseSumBackward, a, b)
		n.save(a, b)
	}
	return sq
}

// mseMeanBackward is MseLossBackward0 for the "mean" reduction: PyTorch's
// grad_input = norm * (input - target) * grad with norm = 2/n.
func mseMeanBackward(n *node, g *Tensor, grads []*Tensor) {
	mseBackward(n, g, grads, 2.0/float64(n.inputs[0].Numel()))
}

// mseSumBackward is MseLossBackward0 for "sum" and "none": norm = 2.
func mseSumBackward(n *node, g *Tensor, grads []*Tensor) { mseBackward(n, g, grads, 2) }

// squaredDiff returns (a - b)², rounding the difference before squaring as
// PyTorch does; dense operands of one shape take a single pass.
func squaredDiff(op string, a, b *Tensor) *Tensor {
	if !denseAlike(a, b) {
		diff := binaryRaw(op, opSub, a, b)
		return binaryRaw(op, opMul, diff, diff)
	}
	out := empty(a.dtype, a.shape)
	n := out.Numel()
	if a.dtype == Float32 {
		sqDiff(out.f32, a.f32[a.offset:a.offset+n], b.f32[b.offset:b.offset+n])
	} else {
		sqDiff(out.f64, a.f64[a.offset:a.offset+n], b.f64[b.offset:b.offset+n])
	}
	return out
}

// mseBackward computes norm * (a - b) * g for the prediction a and its
// negation for the target b. Dense operands take one pass, each operation
// rounded as in the sequence of public ops it replaces (the kernel saves
// the temporaries, not a rounding).
func mseBackward(n *node, g *Tensor, grads []*Tensor, norm float64) {
	a, b := n.inputs[0], n.inputs[1]
	var gi *Tensor
	if denseAlike(a, b) && g.IsContiguous() && (g.Numel() == 1 || slices.Equal(g.shape, a.shape)) {
		gi = empty(a.dtype, a.shape)
		k := gi.Numel()
		gStep := 1
		if g.Numel() == 1 {
			gStep = 0
		}
		if a.dtype == Float32 {
			mseGrad(gi.f32, a.f32[a.offset:a.offset+k], b.f32[b.offset:b.offset+k], g.f32[g.offset:], gStep, float32(norm))
		} else {
			mseGrad(gi.f64, a.f64[a.offset:a.offset+k], b.f64[b.offset:b.offset+k], g.f64[g.offset:], gStep, norm)
		}
	} else {
		d := n.input(0).Sub(n.input(1)).scalarRaw(opMul, norm, true)
		gi = d.Mul(g)
	}
	if a.requiresGrad {
		grads[0] = gi
	}
	if b.requiresGrad {
		grads[1] = gi.Neg()
	}
}

// denseAlike reports whether a and b are contiguous with one shape and dtype.
func denseAlike(a, b *Tensor) bool {
	return a.dtype == b.dtype && a.IsContiguous() && b.IsContiguous() && slices.Equal(a.shape, b.shape)
}

// allDims appends a true flag per dimension of t to buf.
func allDims(t *Tensor, buf []bool) []bool {
	for range t.shape {
		buf = append(buf, true)
	}
	return buf
}
