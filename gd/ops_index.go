package gd

import "slices"

// Index returns t[i]: the i-th sub-tensor along dimension 0, as a view
// (negative i counts from the end). It is Select(0, i).
func (t *Tensor) Index(i int) *Tensor { return t.Select(0, i) }

// Select returns the slice of t at index i of dimension dim, removing that
// dimension, as a view sharing storage: x.Select(1, 0) is PyTorch's x[:, 0],
// so x.Select(1, 0).Uniform_(-1, 1) fills the first column of x.
func (t *Tensor) Select(dim, i int) *Tensor {
	t.must("Select")
	if len(t.shape) == 0 {
		panic(errorf(ErrIndex, "Select", "cannot select on a 0-d tensor"))
	}
	d := t.normDim("Select", dim)
	size := t.shape[d]
	if i < -size || i >= size {
		panic(errorf(ErrIndex, "Select", "index %d is out of bounds for dimension %d with size %d", i, d, size))
	}
	if i < 0 {
		i += size
	}
	rec := needsGrad(t)
	out := selectView(t, d, i, rec)
	if rec {
		n := record(out, "SelectBackward0", selectBackward, t)
		n.dim, n.index = int32(d), i
	}
	return out
}

// selectBackward: zeros of the input's shape with g written at the index
// that was selected.
func selectBackward(n *node, g *Tensor, grads []*Tensor) {
	d, i := int(n.dim), n.index
	z := empty(g.dtype, n.inputs[0].shape)
	grads[0] = z
	if g.Numel() == 1 {
		// One entry, as from unpacking a parameter vector.
		z.setFlat(i*z.strides[d], flatAt(g, 0))
		return
	}
	var v Tensor
	var buf [16]int
	v.f32, v.f64, v.dtype = z.f32, z.f64, z.dtype
	v.shape, v.strides = dropDim(z.shape, z.strides, d, buf[:])
	v.offset = i * z.strides[d]
	assign(&v, g)
}

// dropDim returns shape and strides without dimension d, using buf when it
// is large enough.
func dropDim(shape, strides []int, d int, buf []int) ([]int, []int) {
	n := len(shape) - 1
	var s, st []int
	if 2*n <= len(buf) {
		s, st = buf[:0:n], buf[n:n:2*n]
	}
	s = append(append(s, shape[:d]...), shape[d+1:]...)
	st = append(append(st, strides[:d]...), strides[d+1:]...)
	return s, st
}

func selectRaw(t *Tensor, d, i int) *Tensor { return selectView(t, d, i, false) }

// selectView is selectRaw for a view that will be recorded when rec is set.
func selectView(t *Tensor, d, i int, rec bool) *Tensor {
	var buf [16]int
	shape, strides := dropDim(t.shape, t.strides, d, buf[:])
	return t.viewRec(shape, strides, t.offset+i*t.strides[d], rec)
}

// Slice returns elements start..end-1 of dimension dim as a view, with
// Python's rules: negative bounds count from the end and bounds are clamped,
// so x.Slice(0, 0, 5) is x[:5] and x.Slice(0, -2, x.Size(0)) is x[-2:].
func (t *Tensor) Slice(dim, start, end int) *Tensor {
	t.must("Slice")
	if len(t.shape) == 0 {
		panic(errorf(ErrIndex, "Slice", "cannot slice a 0-d tensor"))
	}
	d := t.normDim("Slice", dim)
	start, end = clampRange(start, end, t.shape[d])
	out := sliceRaw(t, d, start, end)
	if needsGrad(t) {
		record(out, "SliceBackward0", sliceBackward(d, start, end), t)
	}
	return out
}

// sliceBackward returns SliceBackward0's function: zeros of the input's
// shape with g written into elements start..end-1 of dimension d.
func sliceBackward(d, start, end int) backwardFunc {
	return func(n *node, g *Tensor, grads []*Tensor) {
		z := empty(g.dtype, n.inputs[0].shape)
		assign(sliceRaw(z, d, start, end), g)
		grads[0] = z
	}
}

func clampRange(start, end, size int) (int, int) {
	if start < 0 {
		start += size
	}
	if end < 0 {
		end += size
	}
	start = min(max(start, 0), size)
	end = min(max(end, start), size)
	return start, end
}

func sliceRaw(t *Tensor, d, start, end int) *Tensor {
	shape := slices.Clone(t.shape)
	shape[d] = end - start
	return t.viewOf(shape, slices.Clone(t.strides), t.offset+start*t.strides[d])
}

// IndexSelect returns a new tensor holding the entries idx of dimension dim,
// in that order (a copy; idx may repeat). It is how DataLoader gathers a
// batch: x.IndexSelect(0, []int{4, 1}) is x[[4, 1]].
func (t *Tensor) IndexSelect(dim int, idx []int) *Tensor {
	if len(t.shape) == 0 {
		panic(errorf(ErrIndex, "IndexSelect", "cannot index a 0-d tensor"))
	}
	d := t.normDim("IndexSelect", dim)
	size := t.shape[d]
	norm := make([]int, len(idx))
	for k, i := range idx {
		if i < -size || i >= size {
			panic(errorf(ErrIndex, "IndexSelect", "index %d is out of bounds for dimension %d with size %d", i, d, size))
		}
		if i < 0 {
			i += size
		}
		norm[k] = i
	}
	shape := slices.Clone(t.shape)
	shape[d] = len(idx)
	out := empty(t.dtype, shape)
	var dstBuf, srcBuf [16]int
	dst, src := sliceHeader(out, d, dstBuf[:]), sliceHeader(t, d, srcBuf[:])
	for k, i := range norm {
		dst.offset = out.offset + k*out.strides[d]
		src.offset = t.offset + i*t.strides[d]
		assign(&dst, &src)
	}
	if needsGrad(t) {
		n := record(out, "IndexSelectBackward0", indexSelectBackward(d, norm), t)
		n.holdsIndices()
	}
	return out
}

// indexSelectBackward returns IndexSelectBackward0's function: zeros of
// the input's shape into which the rows of g are added at their indices
// along d (a repeated index sums its rows).
func indexSelectBackward(d int, idx []int) backwardFunc {
	return func(n *node, g *Tensor, grads []*Tensor) {
		z := empty(g.dtype, n.inputs[0].shape)
		var dstBuf, srcBuf [16]int
		dst, src := sliceHeader(z, d, dstBuf[:]), sliceHeader(g, d, srcBuf[:])
		for k, i := range idx {
			dst.offset = z.offset + i*z.strides[d]
			src.offset = g.offset + k*g.strides[d]
			addInto(&dst, &src)
		}
		grads[0] = z
	}
}

// sliceHeader returns a header for the slices of t along dimension d, with
// its layout in buf and the offset of slice 0; adding t.strides[d] to the
// offset moves it to the next slice. Kept on the caller's stack, it lets a
// batch of rows be gathered without an allocation per row.
func sliceHeader(t *Tensor, d int, buf []int) Tensor {
	var v Tensor
	v.f32, v.f64, v.dtype, v.offset = t.f32, t.f64, t.dtype, t.offset
	v.shape, v.strides = dropDim(t.shape, t.strides, d, buf)
	return v
}

// Unbind returns the slices of t along dim, each a view (PyTorch's unbind).
func (t *Tensor) Unbind(dim int) []*Tensor {
	if len(t.shape) == 0 {
		panic(errorf(ErrIndex, "Unbind", "dimension specified as %d but tensor has no dimensions", dim))
	}
	d := t.normDim("Unbind", dim)
	outs := make([]*Tensor, t.shape[d])
	t.unbindInto(outs, d)
	return outs
}

// unbindInto fills outs with the slices of t along dimension d.
// When recorded, all the slices share one node, as in PyTorch, whose
// backward receives their gradients already gathered (see node.stacked).
func (t *Tensor) unbindInto(outs []*Tensor, d int) {
	if len(t.shape) == 1 && (len(outs) == 2 || len(outs) == 3) {
		t.unpackScalars(outs)
		return
	}
	if !needsGrad(t) {
		for i := range outs {
			outs[i] = selectRaw(t, d, i)
		}
		return
	}
	var n *node
	for i := range outs {
		out := selectView(t, d, i, i == 0) // the node comes with the first slice
		if i == 0 {
			n = record(out, "UnbindBackward0", unbindBackward, t)
			n.stacked = true
			n.dim = int32(d)
		} else {
			out.requiresGrad, out.gradFn = true, n
		}
		out.outputNr = int32(i)
		outs[i] = out
	}
}

// unpackScalars is unbindInto for a vector of two or three entries, as
// when a training loop unpacks its parameters every step: the 0-d slices
// need no layout, so they come in one allocation with their node.
func (t *Tensor) unpackScalars(outs []*Tensor) {
	rec := needsGrad(t)
	var views []Tensor
	var n *node
	switch {
	case len(outs) == 2 && rec:
		b := new(scalarViewsBox[[2]Tensor])
		views, n = b.views[:], &b.node
	case len(outs) == 3 && rec:
		b := new(scalarViewsBox[[3]Tensor])
		views, n = b.views[:], &b.node
	default:
		views = make([]Tensor, len(outs))
	}
	stride := t.strides[0]
	for i := range views {
		out := &views[i]
		t.viewInto(out, t.offset+i*stride)
		outs[i] = out
	}
	if !rec {
		return
	}
	outs[0].gradFn = n // for record
	record(outs[0], "UnbindBackward0", unbindBackward, t)
	n.stacked = true
	for i, out := range outs {
		out.requiresGrad, out.gradFn, out.outputNr = true, n, int32(i)
	}
}

// unbindBackward: the outputs' gradients, which the engine has gathered
// into one of the input's shape (see node.stacked).
func unbindBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g }

// Unpack2 splits a tensor of first dimension 2 into its two entries, like
// Python's `a, b = params`; gradients flow back into t.
func (t *Tensor) Unpack2() (a, b *Tensor) {
	var p [2]*Tensor
	t.unpack("Unpack2", p[:])
	return p[0], p[1]
}

// Unpack3 splits a tensor of first dimension 3 into its three entries, like
// Python's `a, b, c = params`; gradients flow back into t.
func (t *Tensor) Unpack3() (a, b, c *Tensor) {
	var p [3]*Tensor
	t.unpack("Unpack3", p[:])
	return p[0], p[1], p[2]
}

// unpack is Unbind(0) into outs, which must match the size of dimension 0.
func (t *Tensor) unpack(op string, outs []*Tensor) {
	if len(t.shape) == 0 {
		panic(errorf(ErrValue, op, "cannot unpack a 0-d tensor"))
	}
	if n := len(outs); t.shape[0] != n {
		panic(errorf(ErrValue, op, "expected %d values to unpack, tensor of shape %s has %d along dimension 0", n, shapeString(t.shape), t.shape[0]))
	}
	t.unbindInto(outs, 0)
}
