package gd

import "math"

// Softmax and LogSoftmax along one dimension. Both subtract the maximum
// before exponentiating, so large logits neither overflow nor lose the
// small differences between classes:
//
//	softmax(x)_i     = exp(x_i - m) / Σ_j exp(x_j - m)
//	log_softmax(x)_i = (x_i - m) - log Σ_j exp(x_j - m)
//
// Along the last dim in float32 (a classifier's logits) the kernels give
// PyTorch 1.13's bits, forward and backward: the same exp and log
// (vec.Exp32, vec.Log32), the same order of additions and the same fused
// multiply-adds (kernels_softmax.go, gd/internal/vec/softmax.go). Along
// other dims and in float64 they follow PyTorch's order of operations
// (the maximum, the shifted exponentials and their sum, then a division
// along a middle dim and a multiplication by the sum's reciprocal along
// the last) with math.Exp and math.Log, correctly rounded where PyTorch's
// are within an ulp, and add the exponentials left to right where PyTorch
// may add them in vector lanes, so results there agree to a few units in
// the last place; the fixture tests allow that much (2e-6 relative for
// float32).

// Softmax returns exp(t) normalised to sum to 1 along dim, like PyTorch's
// t.softmax(dim): the class probabilities of a row of logits.
func (t *Tensor) Softmax(dim int) *Tensor {
	return t.softmaxOp("Softmax", dim, false)
}

// softmaxBackward: (g - Σ_dim g·y) · y, with y the saved result.
func softmaxBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = softmaxGrad(n, g, n.savedValue(0), int(n.dim), false)
}

// LogSoftmax returns log(Softmax(dim)) computed stably, like PyTorch's
// t.log_softmax(dim): the log-probabilities NLLLoss takes.
func (t *Tensor) LogSoftmax(dim int) *Tensor {
	return t.softmaxOp("LogSoftmax", dim, true)
}

// logSoftmaxBackward: g - exp(y) · Σ_dim g, with y the saved result.
func logSoftmaxBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = softmaxGrad(n, g, n.savedValue(0), int(n.dim), true)
}

func (t *Tensor) softmaxOp(op string, dim int, log bool) *Tensor {
	d := t.must(op).normDim(op, dim)
	x := t
	if !x.dtype.IsFloatingPoint() {
		panic(errorf(ErrDType, op, "\"softmax\" not implemented for %s (convert with Float())", t.dtype))
	}
	x = x.contiguousRaw()
	rec := needsGrad(t)
	out := alloc(x.dtype, x.shape, rec)
	outer, size, inner := splitAt(x.shape, d)
	if x.dtype == Float32 {
		softmaxKernel(out.f32, x.f32[x.offset:x.offset+x.Numel()], outer, size, inner, log)
	} else {
		softmaxKernel(out.f64, x.f64[x.offset:x.offset+x.Numel()], outer, size, inner, log)
	}
	if rec {
		name, back := "SoftmaxBackward0", softmaxBackward
		if log {
			name, back = "LogSoftmaxBackward0", logSoftmaxBackward
		}
		n := record(out, name, back, t)
		n.dim = int32(d)
		n.save(out)
	}
	return out
}

// splitAt views a shape as (outer, size, inner) around dimension d: the
// elements of one softmax are inner apart, and a 0-d tensor is one
// softmax of one element.
func splitAt(shape []int, d int) (outer, size, inner int) {
	if len(shape) == 0 {
		return 1, 1, 1
	}
	return numel(shape[:d]), shape[d], numel(shape[d+1:])
}

// softmaxKernel computes (log-)softmax of x, laid out as (outer, size,
// inner), into out. Along the last dim (inner == 1) softmax multiplies by
// the reciprocal of the sum, elsewhere it divides, as PyTorch's two kernels do.
func softmaxKernel[T float](out, x []T, outer, size, inner int, log bool) {
	if size == 0 {
		return
	}
	if inner == 1 {
		if o32, ok := any(out).([]float32); ok {
			softmaxLastDim32(o32, any(x).([]float32), outer, size, log)
			return
		}
		for o := 0; o < outer; o++ {
			softmaxRow(out[o*size:(o+1)*size], x[o*size:(o+1)*size], log)
		}
		return
	}
	for o := 0; o < outer; o++ {
		base := o * size * inner
		for i := 0; i < inner; i++ {
			xs := x[base+i:]
			ys := out[base+i:]
			m := xs[0]
			for k := 1; k < size; k++ {
				if v := xs[k*inner]; v > m || v != v {
					m = v
				}
			}
			var sum T
			for k := 0; k < size; k++ {
				e := T(math.Exp(float64(xs[k*inner] - m)))
				if !log {
					ys[k*inner] = e
				}
				sum += e
			}
			if log {
				ls := T(math.Log(float64(sum)))
				for k := 0; k < size; k++ {
					ys[k*inner] = xs[k*inner] - m - ls
				}
			} else {
				for k := 0; k < size; k++ {
					ys[k*inner] /= sum
				}
			}
		}
	}
}

// softmaxRow is one row of a (log-)softmax along the last dim: the
// maximum, the shifted exponentials (computed into y), their sum, then
// y·(1/sum) or (x - max) - log(sum).
func softmaxRow[T float](y, x []T, log bool) {
	x = x[:len(y)]
	m := x[0]
	for _, v := range x[1:] {
		if v > m || v != v {
			m = v
		}
	}
	for k, v := range x {
		y[k] = v - m
	}
	expInto(y, y)
	var sum T
	for _, e := range y {
		sum += e
	}
	if log {
		ls := T(math.Log(float64(sum)))
		for k, v := range x {
			y[k] = v - m - ls
		}
		return
	}
	r := 1 / sum
	for k := range y {
		y[k] *= r
	}
}

// softmaxGrad computes the input gradient of softmax (or log-softmax) from
// the output gradient g and the result y, along dim d, in one pass per
// row with no temporaries. When g is n's own fresh gradient (the engine
// says so with gradOwned: nothing outside the pass sees it) and float32
// along the last dim, the gradient is computed into g's memory, saving an
// allocation as large as the input, and handed on under a new header so
// that a leaf may keep it (see ownership in autograd.go).
func softmaxGrad(n *node, g, y *Tensor, d int, log bool) *Tensor {
	outer, size, inner := splitAt(y.shape, d)
	k := y.Numel()
	y = y.contiguousRaw()
	if n.gradOwned && k > 0 && inner == 1 && g.dtype == Float32 && y.dtype == Float32 && g.offset == 0 && len(g.f32) == k && g.IsContiguous() {
		softmaxGradLastDim32(g.f32, g.f32, y.f32[y.offset:y.offset+k], outer, size, log)
		return rawView(g, g.shape, g.strides, 0)
	}
	if g.dtype != y.dtype {
		g = g.detachedCopy(y.dtype)
	}
	g = g.contiguousRaw()
	out := empty(y.dtype, y.shape)
	if y.dtype == Float32 {
		softmaxGradKernel(out.f32, g.f32[g.offset:g.offset+k], y.f32[y.offset:y.offset+k], outer, size, inner, log)
	} else {
		softmaxGradKernel(out.f64, g.f64[g.offset:g.offset+k], y.f64[y.offset:y.offset+k], outer, size, inner, log)
	}
	return out
}

// softmaxGradKernel is PyTorch's softmax backward, out = y·(g - Σ g·y), or
// log-softmax backward, out = g - exp(y)·Σ g.
func softmaxGradKernel[T float](out, g, y []T, outer, size, inner int, log bool) {
	if size == 0 {
		return
	}
	if o32, ok := any(out).([]float32); ok && inner == 1 {
		softmaxGradLastDim32(o32, any(g).([]float32), any(y).([]float32), outer, size, log)
		return
	}
	if inner == 1 && log {
		for o := 0; o < outer; o++ {
			gs, ys, os := g[o*size:(o+1)*size], y[o*size:(o+1)*size], out[o*size:(o+1)*size]
			var s T
			for _, v := range gs {
				s += v
			}
			expInto(os, ys)
			for k, v := range gs {
				os[k] = v - os[k]*s
			}
		}
		return
	}
	for o := 0; o < outer; o++ {
		base := o * size * inner
		for i := 0; i < inner; i++ {
			gs, ys, os := g[base+i:], y[base+i:], out[base+i:]
			var s T
			for k := 0; k < size; k++ {
				if log {
					s += gs[k*inner]
				} else {
					s += T(gs[k*inner] * ys[k*inner])
				}
			}
			for k := 0; k < size; k++ {
				j := k * inner
				if log {
					os[j] = gs[j] - T(math.Exp(float64(ys[j])))*s
				} else {
					os[j] = ys[j] * (gs[j] - s)
				}
			}
		}
	}
}
