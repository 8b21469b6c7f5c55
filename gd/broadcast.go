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
