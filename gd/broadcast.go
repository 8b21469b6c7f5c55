package gd

import "slices"

// Broadcasting follows NumPy and PyTorch: shapes are aligned at their last
// dimension; each pair of sizes must be equal or one of them 1, and missing
// leading dimensions count as 1. A (100,1) tensor plus a (1) tensor is (100,1);
// (3) and (2) do not broadcast.

// broadcastShapes returns the broadcast shape of a and b, or panics with an
// ErrShape error naming op.
func broadcastShapes(op string, a, b []int) []int {
	switch {
	case slices.Equal(a, b):
		return a
	case len(b) <= len(a) && allOnes(b):
		return a
	case len(a) <= len(b) && allOnes(a):
		return b
	}
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := 1; i <= n; i++ {
		da, db := 1, 1
		if i <= len(a) {
			da = a[len(a)-i]
		}
		if i <= len(b) {
			db = b[len(b)-i]
		}
		switch {
		case da == db || db == 1:
			out[n-i] = da
		case da == 1:
			out[n-i] = db
		default:
			panic(errorf(ErrShape, op, "shapes %s and %s cannot be broadcast: the size of tensor a (%d) must match the size of tensor b (%d) at non-singleton dimension %d",
				shapeString(a), shapeString(b), da, db, n-i))
		}
	}
	return out
}

func allOnes(shape []int) bool {
	for _, s := range shape {
		if s != 1 {
			return false
		}
	}
	return true
}

// broadcastStrides returns t's strides for viewing it with shape (which t's
// shape broadcasts to): 0 for dimensions that are added or expanded.
func broadcastStrides(t *Tensor, shape []int) []int {
	out := make([]int, len(shape))
	k := len(shape) - len(t.shape)
	for i := range t.shape {
		if t.shape[i] != 1 || shape[k+i] == 1 {
			out[k+i] = t.strides[i]
		}
	}
	return out
}

// forEachRow3 walks three strided layouts of one shape together, calling fn
// with the offsets of the first element of each innermost row.
func forEachRow3(shape []int, s0, s1, s2 []int, o0, o1, o2 int, fn func(o0, o1, o2 int)) {
	nd := len(shape)
	for _, s := range shape {
		if s == 0 {
			return
		}
	}
	if nd <= 1 {
		fn(o0, o1, o2)
		return
	}
	idx := make([]int, nd-1)
	for {
		fn(o0, o1, o2)
		d := nd - 2
		for ; d >= 0; d-- {
			idx[d]++
			o0, o1, o2 = o0+s0[d], o1+s1[d], o2+s2[d]
			if idx[d] < shape[d] {
				break
			}
			o0, o1, o2 = o0-s0[d]*shape[d], o1-s1[d]*shape[d], o2-s2[d]*shape[d]
			idx[d] = 0
		}
		if d < 0 {
			return
		}
	}
}

// sumToShape reduces a gradient of a broadcast result back to the shape of
// the input that was broadcast, summing over the expanded dimensions. The
// sums go straight into a tensor of the input's shape (from node.gradBuf).
func sumToShape(n *node, g *Tensor, in *Tensor) *Tensor {
	shape := in.shape
	if slices.Equal(g.shape, shape) {
		return g
	}
	var reduceBuf [8]bool
	reduce, any := broadcastDims(g.shape, shape, reduceBuf[:0])
	if !any {
		return reshapeRaw(g, shape)
	}
	out := n.gradBuf(in, g.dtype)
	sumInto(out, g, reduce)
	return out
}

// broadcastDims flags (appending to buf) the dimensions of a broadcast
// result of shape full that sum back to an input of shape in: the added
// leading ones and the expanded ones. any reports whether a flagged
// dimension is larger than 1, so that summing it is more than a reshape.
func broadcastDims(full, in []int, buf []bool) (reduce []bool, any bool) {
	reduce = buf
	lead := len(full) - len(in)
	for i := range full {
		r := i < lead || (in[i-lead] == 1 && full[i] != 1)
		reduce = append(reduce, r)
		any = any || r
	}
	return reduce, any
}

// Expand returns a view of t broadcast to shape, without copying: expanded
// dimensions have stride 0 (PyTorch's expand). A -1 keeps a dimension's size.
func (t *Tensor) Expand(shape ...int) *Tensor {
	if len(shape) < len(t.shape) {
		panic(errorf(ErrShape, "Expand", "the number of sizes provided (%d) must be greater or equal to the number of dimensions in the tensor (%d)", len(shape), len(t.shape)))
	}
	target := slices.Clone(shape)
	k := len(shape) - len(t.shape)
	for i, s := range target {
		if s == -1 {
			if i < k {
				panic(errorf(ErrShape, "Expand", "the expanded size -1 is not allowed in a leading, non-existing dimension %d", i))
			}
			target[i] = t.shape[i-k]
		}
	}
	for i := range t.shape {
		if t.shape[i] != 1 && t.shape[i] != target[k+i] {
			panic(errorf(ErrShape, "Expand", "the expanded size of the tensor (%d) must match the existing size (%d) at non-singleton dimension %d; target sizes %s, tensor sizes %s",
				target[k+i], t.shape[i], k+i, shapeString(shape), shapeString(t.shape)))
		}
	}
	checkShape("Expand", target)
	rec := needsGrad(t)
	out, nd := t.viewRec(target, broadcastStrides(t, target), t.offset, rec)
	if rec {
		recordAs(nd, out, "ExpandBackward0", func(n *node, g *Tensor, grads []*Tensor) {
			grads[0] = sumToShape(n, g, n.inputs[0])
		}, t)
	}
	return out
}
