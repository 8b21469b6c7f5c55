package gd

import (
	"math"
	"slices"
)

// Max returns the largest element of t (a 0-d tensor) or, given a dim, the
// largest entries along that dim (which is removed). Gradients flow to the
// chosen elements (split evenly among ties for the overall maximum, as
// PyTorch does).
func (t *Tensor) Max(dim ...int) *Tensor { return t.extreme("Max", dim, true) }

// Min is Max for the smallest elements.
func (t *Tensor) Min(dim ...int) *Tensor { return t.extreme("Min", dim, false) }

// Argmax returns the indices of the largest elements along dim (which is
// removed), an int64 tensor like PyTorch's argmax(dim); with no dim, the
// index of the largest element of the flattened tensor, as a 0-d tensor.
// The first index wins ties; NaN counts as largest. With class scores in
// the rows of preds, preds.Argmax(1).Eq(labels).Float().Mean() is the
// accuracy.
func (t *Tensor) Argmax(dim ...int) *Tensor { return t.argTensor("Argmax", dim, true) }

// Argmin is Argmax for the smallest elements.
func (t *Tensor) Argmin(dim ...int) *Tensor { return t.argTensor("Argmin", dim, false) }

// argTensor is Argmax or Argmin as an int64 tensor.
func (t *Tensor) argTensor(op string, dim []int, largest bool) *Tensor {
	idx := t.argExtreme(op, dim, largest)
	var shape []int
	if len(dim) == 1 && len(t.shape) > 0 {
		shape = slices.Delete(slices.Clone(t.shape), t.normDim(op, dim[0]), t.normDim(op, dim[0])+1)
	}
	out := empty(Int64, shape)
	for i, v := range idx {
		out.f64[i] = float64(v)
	}
	return out
}

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
	t.must(op)
	if len(dim) > 1 {
		panic(errorf(ErrValue, op, "takes at most one dim, got %d", len(dim)))
	}
	if len(dim) == 1 && len(t.shape) > 0 && t.shape[t.normDim(op, dim[0])] == 0 {
		panic(errorf(ErrIndex, op, "expected reduction dim %d to have non-zero size (shape %s)", t.normDim(op, dim[0]), shapeString(t.shape)))
	}
	if t.Numel() == 0 && (len(dim) == 0 || len(t.shape) == 0) {
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
	out := make([]int, t.Numel()/n)
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
			// PyTorch names the reduction over all elements ...Backward1
			// and the one along a dim, even of a 0-d tensor, ...Backward0.
			name := "MaxBackward1"
			if !largest {
				name = "MinBackward1"
			}
			if len(dim) == 1 {
				name = name[:len(name)-1] + "0"
			}
			n := record(out, name, extremeAllBackward, t)
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
		n := record(out, name, extremeDimBackward(d, idx), t)
		n.holdsIndices()
	}
	return out
}

// extremeAllBackward is the backward of Max or Min over all elements: g
// split evenly among the elements equal to the result (NaN counts as
// equal to a NaN result).
func extremeAllBackward(n *node, g *Tensor, grads []*Tensor) {
	v := n.saved[0].t.Float64s()
	m := flatAt(n.saved[1].t, 0)
	count := 0
	for _, x := range v {
		if x == m || (math.IsNaN(x) && math.IsNaN(m)) {
			count++
		}
	}
	z := empty(g.dtype, n.inputs[0].shape)
	share := g.scalarRaw(opDiv, float64(count), false)
	s := flatAt(share, 0)
	for i, x := range v {
		if x == m || (math.IsNaN(x) && math.IsNaN(m)) {
			z.setFlat(i, s)
		}
	}
	grads[0] = z
}

// extremeDimBackward returns the backward of Max or Min along dimension d,
// whose winners were at the positions idx: each gradient goes to the
// position that won, the other entries get 0.
func extremeDimBackward(d int, idx []int) backwardFunc {
	return func(n *node, g *Tensor, grads []*Tensor) {
		z := empty(g.dtype, n.inputs[0].shape)
		zp := z.moveDimLast(d)
		gc := g.contiguousRaw()
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
	}
}
