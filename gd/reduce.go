package gd

import (
	"math"
	"slices"
)

// Sum adds up the elements of t: all of them (a 0-d result, SumBackward0)
// or along the given dimensions, which are removed (SumBackward1).
func (t *Tensor) Sum(dims ...int) *Tensor { return t.reduce("Sum", dims, false, false) }

// SumKeepDim is Sum along dims keeping them as size-1 dimensions
// (PyTorch's sum(dims, keepdim=True)).
func (t *Tensor) SumKeepDim(dims ...int) *Tensor { return t.reduce("SumKeepDim", dims, true, false) }

// Mean averages the elements of t: all of them (a 0-d result,
// MeanBackward0) or along the given dimensions (MeanBackward1). Like
// PyTorch it sums first and then divides by the count.
func (t *Tensor) Mean(dims ...int) *Tensor { return t.reduce("Mean", dims, false, true) }

// MeanKeepDim is Mean along dims keeping them as size-1 dimensions.
func (t *Tensor) MeanKeepDim(dims ...int) *Tensor { return t.reduce("MeanKeepDim", dims, true, true) }

// reduceMask turns dims (none = all) into a per-dimension flag, or panics.
// It appends the flags to buf.
func (t *Tensor) reduceMask(op string, dims []int, buf []bool) []bool {
	mask := append(buf, make([]bool, len(t.shape))...)
	if len(dims) == 0 {
		for i := range mask {
			mask[i] = true
		}
		return mask
	}
	for _, d := range dims {
		i := t.normDim(op, d)
		if len(t.shape) == 0 {
			continue
		}
		if mask[i] {
			panic(errorf(ErrIndex, op, "dim %d appears multiple times in the list of dims", i))
		}
		mask[i] = true
	}
	return mask
}

func (t *Tensor) reduce(op string, dims []int, keepdim, mean bool) *Tensor {
	var maskBuf [8]bool
	mask := t.reduceMask(op, dims, maskBuf[:0])
	rec := needsGrad(t)
	out, nd := sumAlloc(t, mask, keepdim, rec)
	count := 1
	for i, r := range mask {
		if r {
			count *= t.shape[i]
		}
	}
	if mean {
		unaryInPlaceDiv(out, float64(count))
	}
	if !rec {
		return out
	}
	if len(dims) == 0 {
		// A full reduction, the usual loss: its backward needs only the
		// count, kept in the node, so recording allocates no closure.
		var n *node
		if mean {
			n = recordAs(nd, out, "MeanBackward0", meanAllBackward, t)
		} else {
			n = recordAs(nd, out, "SumBackward0", sumAllBackward, t)
		}
		n.scalar = float64(count)
		return out
	}
	name := "SumBackward1"
	if mean {
		name = "MeanBackward1"
	}
	in := t.shape
	reduced := slices.Clone(mask) // mask's buffer is on the stack
	n := recordAs(nd, out, name, func(n *node, g *Tensor, grads []*Tensor) {
		if g.Numel() == 1 {
			// Every input element gets g (or g/count).
			if mean {
				meanAllBackward(n, g, grads)
			} else {
				sumAllBackward(n, g, grads)
			}
			return
		}
		// Put the reduced dims back as size 1, then broadcast.
		kept := g
		if !keepdim {
			shape := make([]int, len(in))
			for i, s := range in {
				if reduced[i] {
					shape[i] = 1
				} else {
					shape[i] = s
				}
			}
			kept = reshapeRaw(g, shape)
		}
		e := rawView(kept, in, broadcastStrides(kept, in), kept.offset)
		if mean {
			grads[0] = e.scalarRaw(opDiv, float64(count), false)
		} else {
			grads[0] = e.contiguousRaw()
		}
	}, t)
	n.scalar = float64(count)
	return out
}

// sumAllBackward is the backward of a sum over all elements: each input
// element receives the output's gradient.
func sumAllBackward(n *node, g *Tensor, grads []*Tensor) {
	z := n.gradBuf(n.inputs[0], g.dtype)
	z.fill(flatAt(g, 0))
	grads[0] = z
}

// meanAllBackward is the backward of a mean over n.scalar elements: each
// input element receives the output's gradient divided by the count, in
// the gradient's dtype.
func meanAllBackward(n *node, g *Tensor, grads []*Tensor) {
	z := n.gradBuf(n.inputs[0], g.dtype)
	v := flatAt(g, 0)
	if g.dtype == Float32 {
		v = float64(float32(v) / float32(n.scalar))
	} else {
		v /= n.scalar
	}
	z.fill(v)
	grads[0] = z
}

// unaryInPlaceDiv divides a contiguous tensor by v in its own dtype.
func unaryInPlaceDiv(t *Tensor, v float64) {
	n := t.Numel()
	if t.dtype == Float32 {
		s := t.f32[t.offset : t.offset+n]
		binVS(opDiv, s, s, float32(v))
	} else {
		s := t.f64[t.offset : t.offset+n]
		binVS(opDiv, s, s, v)
	}
}

// Max returns the largest element of t (a 0-d tensor) or, given a dim, the
// largest entries along that dim (which is removed). Gradients flow to the
// chosen elements (split evenly among ties for the overall maximum, as
// PyTorch does).
func (t *Tensor) Max(dim ...int) *Tensor { return t.extreme("Max", dim, true) }

// Min is Max for the smallest elements.
func (t *Tensor) Min(dim ...int) *Tensor { return t.extreme("Min", dim, false) }

// Argmax returns the index of the largest element along dim for every other
// position, in row-major order (PyTorch's argmax(dim) as a Go slice); with
// no dim, the index of the largest element of the flattened tensor. The
// first index wins ties; NaN counts as largest.
func (t *Tensor) Argmax(dim ...int) []int { return t.argExtreme("Argmax", dim, true) }

// Argmin is Argmax for the smallest elements.
func (t *Tensor) Argmin(dim ...int) []int { return t.argExtreme("Argmin", dim, false) }

// better reports whether v beats the current best (NaN beats everything).
func better(v, best float64, largest bool) bool {
	if math.IsNaN(best) {
		return false
	}
	if math.IsNaN(v) {
		return true
	}
	if largest {
		return v > best
	}
	return v < best
}

// argExtreme returns, for each output position, the index along the
// reduced dimension (or in the flattened tensor when dim is empty).
func (t *Tensor) argExtreme(op string, dim []int, largest bool) []int {
	if len(dim) > 1 {
		panic(errorf(ErrValue, op, "takes at most one dim, got %d", len(dim)))
	}
	if t.Numel() == 0 {
		panic(errorf(ErrValue, op, "expected a non-empty tensor, got shape %s", shapeString(t.shape)))
	}
	if len(dim) == 0 || len(t.shape) == 0 {
		if len(dim) == 1 {
			t.normDim(op, dim[0])
		}
		v := t.Float64s()
		best := 0
		for i := 1; i < len(v); i++ {
			if better(v[i], v[best], largest) {
				best = i
			}
		}
		return []int{best}
	}
	d := t.normDim(op, dim[0])
	// Move dim last, so each output position is one contiguous run.
	perm := t.moveDimLast(d)
	v := perm.Float64s()
	n := t.shape[d]
	out := make([]int, len(v)/n)
	for r := range out {
		row := v[r*n : (r+1)*n]
		best := 0
		for i := 1; i < n; i++ {
			if better(row[i], row[best], largest) {
				best = i
			}
		}
		out[r] = best
	}
	return out
}

// moveDimLast returns a view of t with dimension d moved to the end.
func (t *Tensor) moveDimLast(d int) *Tensor {
	shape, strides := slices.Clone(t.shape), slices.Clone(t.strides)
	s, st := shape[d], strides[d]
	shape = append(slices.Delete(shape, d, d+1), s)
	strides = append(slices.Delete(strides, d, d+1), st)
	return &Tensor{f32: t.f32, f64: t.f64, dtype: t.dtype, shape: shape, strides: strides, offset: t.offset}
}

func (t *Tensor) extreme(op string, dim []int, largest bool) *Tensor {
	if len(dim) == 0 || len(t.shape) == 0 && len(dim) == 1 {
		idx := t.argExtreme(op, dim, largest)[0]
		flat := t.contiguousRaw()
		out := empty(t.dtype, nil)
		out.setFlat(0, flatAt(flat, idx))
		if needsGrad(t) {
			name := "MaxBackward1"
			if !largest {
				name = "MinBackward1"
			}
			n := record(out, name, func(n *node, g *Tensor, grads []*Tensor) {
				// Evenly split among all elements equal to the result.
				v := t.Float64s()
				m := flatAt(out, 0)
				count := 0
				for _, x := range v {
					if x == m || (math.IsNaN(x) && math.IsNaN(m)) {
						count++
					}
				}
				z := empty(g.dtype, t.shape)
				share := g.scalarRaw(opDiv, float64(count), false)
				s := flatAt(share, 0)
				for i, x := range v {
					if x == m || (math.IsNaN(x) && math.IsNaN(m)) {
						z.setFlat(i, s)
					}
				}
				grads[0] = z
			}, t)
			n.save(t, out)
		}
		return out
	}
	d := t.normDim(op, dim[0])
	idx := t.argExtreme(op, dim, largest)
	shape := slices.Delete(slices.Clone(t.shape), d, d+1)
	perm := t.moveDimLast(d).contiguousRaw()
	n := t.shape[d]
	out := empty(t.dtype, shape)
	for r, i := range idx {
		out.setFlat(r, flatAt(perm, r*n+i))
	}
	if needsGrad(t) {
		name := "MaxBackward0"
		if !largest {
			name = "MinBackward0"
		}
		in := t.shape
		record(out, name, func(n *node, g *Tensor, grads []*Tensor) {
			z := empty(g.dtype, in)
			zp := z.moveDimLast(d)
			gc := g.contiguousRaw()
			// Scatter each gradient to the position that won.
			k := 0
			forEachRow(zp.shape, zp.strides, zp.offset, func(off int) {
				pos := off + idx[k]*zp.strides[len(zp.strides)-1]
				if z.dtype == Float32 {
					z.f32[pos] = gc.f32[gc.offset+k]
				} else {
					z.f64[pos] = gc.f64[gc.offset+k]
				}
				k++
			})
			grads[0] = z
		}, t)
	}
	return out
}

// flatAt reads element i of a contiguous tensor as float64.
func flatAt(t *Tensor, i int) float64 {
	if t.dtype == Float32 {
		return float64(t.f32[t.offset+i])
	}
	return t.f64[t.offset+i]
}
