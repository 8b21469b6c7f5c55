package gd

import "slices"

// Views share storage with the tensor they come from: writing through one
// (with an in-place method such as Uniform_ or Add_) changes the other.
// View, Squeeze, Unsqueeze, T, Transpose, Expand, Select, Slice and Index
// return views; Reshape and Flatten return a view when the layout allows and
// a copy otherwise; Contiguous copies only when needed; Clone always copies.

// viewOf returns a view of t's storage with the given layout. It shares t's
// version counter and remembers t's base, for the in-place checks.
func (t *Tensor) viewOf(shape, strides []int, offset int) *Tensor {
	return t.viewRec(shape, strides, offset, false)
}

// viewRec is viewOf for a view that will be recorded when rec is set: the
// node comes in the same allocation as the view (see alloc).
func (t *Tensor) viewRec(shape, strides []int, offset int, rec bool) *Tensor {
	v := newView(shape, strides, rec)
	t.viewInto(v, offset)
	return v
}

// viewInto makes header v (its layout already set) a view of t's storage
// at offset, sharing t's version counter: the base's, which v finds through
// v.base until one exists (see versionValue), so a view changes nothing in
// t and views of a tensor that goroutines share can be taken concurrently.
func (t *Tensor) viewInto(v *Tensor, offset int) {
	v.f32, v.f64, v.dtype, v.offset = t.f32, t.f64, t.dtype, emptyOffset(v.shape, offset)
	v.base = t
	if t.base != nil {
		v.base = t.base
	}
	v.version = v.base.version
}

// rawView returns a header over t's storage with the given layout (copied)
// for use inside a backward pass: nobody writes through it, so unlike
// viewOf it needs no version counter and no base.
func rawView(t *Tensor, shape, strides []int, offset int) *Tensor {
	v := newView(shape, strides, false)
	v.f32, v.f64, v.dtype, v.offset = t.f32, t.f64, t.dtype, emptyOffset(shape, offset)
	return v
}

// emptyOffset is offset, or 0 for a view with no elements: slicing the
// last rows away can leave an offset past the storage's end, where no
// kernel must look (PyTorch keeps it, but never reads there either).
func emptyOffset(shape []int, offset int) int {
	if numel(shape) == 0 {
		return 0
	}
	return offset
}

// View returns a view of t with a new shape of the same number of elements,
// like PyTorch's view. One size may be -1 and is inferred. It panics if the
// strides of t do not allow the view (use Reshape, which copies then).
func (t *Tensor) View(shape ...int) *Tensor {
	t.must("View")
	var shapeBuf, strideBuf [8]int // the view's header copies them
	target := inferShape("View", shape, t.Numel(), shapeBuf[:0])
	strides, ok := viewStrides(t.shape, t.strides, target, strideBuf[:0])
	if !ok {
		panic(errorf(ErrShape, "View", "view size %s is not compatible with input tensor's size %s and stride %s (at least one dimension spans across two contiguous subspaces); use Reshape instead",
			shapeString(target), shapeString(t.shape), shapeString(t.strides)))
	}
	return t.recordView("ViewBackward0", viewBackward, target, strides, t.offset)
}

// recordView makes a view and, if needed, records it as the op name with
// the given backward function.
func (t *Tensor) recordView(name string, backward backwardFunc, shape, strides []int, offset int) *Tensor {
	rec := needsGrad(t)
	out := t.viewRec(shape, strides, offset, rec)
	if rec {
		record(out, name, backward, t)
	}
	return out
}

// viewBackward is the backward of the views that only regroup elements
// (View, Reshape, Squeeze, Unsqueeze, ...): g reshaped to the input's shape.
func viewBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = reshapeRaw(g, n.inputs[0].shape) }

// Reshape returns t with a new shape (one size may be -1): a view when
// possible, else a contiguous copy, like PyTorch's reshape.
func (t *Tensor) Reshape(shape ...int) *Tensor {
	t.must("Reshape")
	var shapeBuf, strideBuf [8]int
	target := inferShape("Reshape", shape, t.Numel(), shapeBuf[:0])
	if strides, ok := viewStrides(t.shape, t.strides, target, strideBuf[:0]); ok {
		return t.recordView("ReshapeAliasBackward0", viewBackward, target, strides, t.offset)
	}
	return t.Clone().unsafeView(target)
}

// Flatten returns t reshaped to one dimension. With arguments
// Flatten(start) or Flatten(start, end) it flattens only dims start..end,
// like torch.flatten. A tensor that is already 1-D is returned as is.
func (t *Tensor) Flatten(dims ...int) *Tensor {
	t.must("Flatten")
	start, end := optional2("Flatten", dims, 0, -1)
	s, e := t.normDim("Flatten", start), t.normDim("Flatten", end)
	if len(t.shape) == 0 {
		return t.Reshape(1)
	}
	if s > e {
		panic(errorf(ErrValue, "Flatten", "start dim %d cannot come after end dim %d", start, end))
	}
	if s == e {
		return t
	}
	shape := slices.Clone(t.shape[:s])
	shape = append(shape, numel(t.shape[s:e+1]))
	shape = append(shape, t.shape[e+1:]...)
	return t.Reshape(shape...)
}

// Squeeze removes dimensions of size 1: all of them, or only the given dims
// (dims whose size is not 1 are left alone, as in PyTorch).
func (t *Tensor) Squeeze(dims ...int) *Tensor {
	t.must("Squeeze")
	drop := make([]bool, len(t.shape))
	name := "SqueezeBackward0"
	if len(dims) == 0 {
		for i, s := range t.shape {
			drop[i] = s == 1
		}
	} else {
		name = "SqueezeBackward1"
		if len(dims) > 1 {
			name = "SqueezeBackward2"
		}
		for _, d := range dims {
			if len(t.shape) == 0 {
				t.normDim("Squeeze", d)
				continue
			}
			i := t.normDim("Squeeze", d)
			drop[i] = t.shape[i] == 1
		}
	}
	var shape, strides []int
	for i := range t.shape {
		if !drop[i] {
			shape = append(shape, t.shape[i])
			strides = append(strides, t.strides[i])
		}
	}
	return t.recordView(name, viewBackward, shape, strides, t.offset)
}

// Unsqueeze inserts a dimension of size 1 at position dim (which may be
// negative, counting from len(shape)+1).
func (t *Tensor) Unsqueeze(dim int) *Tensor {
	t.must("Unsqueeze")
	n := len(t.shape)
	if dim < -n-1 || dim > n {
		panic(errorf(ErrIndex, "Unsqueeze", "dimension out of range (expected to be in range of [%d, %d], but got %d)", -n-1, n, dim))
	}
	if dim < 0 {
		dim += n + 1
	}
	stride := 1
	if dim < n {
		stride = t.strides[dim] * t.shape[dim]
	}
	shape := slices.Insert(slices.Clone(t.shape), dim, 1)
	strides := slices.Insert(slices.Clone(t.strides), dim, stride)
	return t.recordView("UnsqueezeBackward0", viewBackward, shape, strides, t.offset)
}

// T returns the transpose of a 2-D tensor as a view (PyTorch's t()); 0-D and
// 1-D tensors are returned unchanged (as a view).
func (t *Tensor) T() *Tensor {
	t.must("T")
	if len(t.shape) > 2 {
		panic(errorf(ErrShape, "T", "expects a tensor with <= 2 dimensions, but got %d-D (shape %s); use Transpose", len(t.shape), shapeString(t.shape)))
	}
	var shape, strides [2]int
	nd := len(t.shape)
	for i := range nd {
		shape[i], strides[i] = t.shape[nd-1-i], t.strides[nd-1-i]
	}
	return t.recordView("TBackward0", tBackward, shape[:nd], strides[:nd], t.offset)
}

// tBackward: g transposed, as a fresh copy, which a leaf weight can keep as
// its Grad.
func tBackward(n *node, g *Tensor, grads []*Tensor) {
	var buf [4]int
	gt := transposed(g, 0, len(g.shape)-1, buf[:])
	if gt.IsContiguous() && n.gradOwned {
		// g is a fresh column-major gradient (mmGrads): its transpose is
		// dense and nothing else sees it, so the weight may keep it.
		grads[0] = rawView(g, gt.shape, gt.strides, g.offset)
		return
	}
	c := empty(g.dtype, gt.shape)
	assign(c, &gt)
	grads[0] = c
}

// Transpose swaps dimensions d0 and d1, as a view.
func (t *Tensor) Transpose(d0, d1 int) *Tensor {
	t.must("Transpose")
	a, b := t.normDim("Transpose", d0), t.normDim("Transpose", d1)
	if len(t.shape) == 0 {
		return t.recordView("TransposeBackward0", viewBackward, nil, nil, t.offset)
	}
	shape, strides := slices.Clone(t.shape), slices.Clone(t.strides)
	shape[a], shape[b] = shape[b], shape[a]
	strides[a], strides[b] = strides[b], strides[a]
	out := t.viewOf(shape, strides, t.offset)
	if needsGrad(t) {
		n := record(out, "TransposeBackward0", transposeBackward, t)
		n.dim, n.dim2 = int32(a), int32(b)
	}
	return out
}

// transposeBackward: g with the same two dimensions swapped back.
func transposeBackward(n *node, g *Tensor, grads []*Tensor) {
	grads[0] = transposeRaw(g, int(n.dim), int(n.dim2))
}

// transposeRaw is t with dimensions a and b swapped, as a raw view for
// backward passes.
func transposeRaw(t *Tensor, a, b int) *Tensor {
	var buf [16]int
	v := transposed(t, a, b, buf[:])
	return rawView(t, v.shape, v.strides, t.offset)
}

// transposed returns a header for t with dimensions a and b swapped, its
// layout written into buf (if large enough). Backward passes read
// transposed operands through it from their stack instead of allocating a
// view.
func transposed(t *Tensor, a, b int, buf []int) Tensor {
	n := len(t.shape)
	if 2*n > len(buf) {
		buf = make([]int, 2*n)
	}
	shape, strides := buf[:n:n], buf[n:2*n:2*n]
	copy(shape, t.shape)
	copy(strides, t.strides)
	if n > 0 {
		shape[a], shape[b] = shape[b], shape[a]
		strides[a], strides[b] = strides[b], strides[a]
	}
	return Tensor{f32: t.f32, f64: t.f64, dtype: t.dtype, offset: t.offset, shape: shape, strides: strides}
}

// Expand returns a view of t broadcast to shape, without copying: expanded
// dimensions have stride 0 (PyTorch's expand). A -1 keeps a dimension's size.
func (t *Tensor) Expand(shape ...int) *Tensor {
	t.must("Expand")
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
	return t.recordView("ExpandBackward0", expandBackward, target, broadcastStrides(t, target), t.offset)
}

// expandBackward: g summed over the expanded dimensions.
func expandBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = sumToShape(n, g, n.inputs[0]) }

// Contiguous returns t if its elements are laid out densely in row-major
// order, else a contiguous copy (recorded as CloneBackward0, like PyTorch).
func (t *Tensor) Contiguous() *Tensor {
	if t.IsContiguous() {
		return t
	}
	return t.Clone()
}

// Clone returns a contiguous copy of t. Gradients flow back to t.
func (t *Tensor) Clone() *Tensor {
	out := t.detachedCopy(t.dtype)
	if needsGrad(t) {
		record(out, "CloneBackward0", cloneBackward, t)
	}
	return out
}

// cloneBackward: g, unchanged.
func cloneBackward(n *node, g *Tensor, grads []*Tensor) { grads[0] = g }

// contiguousRaw is Contiguous without recording.
func (t *Tensor) contiguousRaw() *Tensor {
	if t.IsContiguous() {
		return t
	}
	return t.detachedCopy(t.dtype)
}

// reshapeRaw is Reshape without recording.
func reshapeRaw(t *Tensor, shape []int) *Tensor {
	if slices.Equal(t.shape, shape) {
		return t
	}
	var strideBuf [8]int
	if strides, ok := viewStrides(t.shape, t.strides, shape, strideBuf[:0]); ok {
		return rawView(t, shape, strides, t.offset)
	}
	c := t.detachedCopy(t.dtype)
	return rawView(c, shape, contiguousStrides(shape), 0)
}

// inferShape resolves a -1 in shape so that it holds n elements, or panics.
// It appends the result to buf.
func inferShape(op string, shape []int, n int, buf []int) []int {
	out := append(buf, shape...)
	infer := -1
	known := 1
	for i, s := range shape {
		switch {
		case s == -1:
			if infer >= 0 {
				panic(errorf(ErrShape, op, "only one dimension can be inferred, got shape %s", shapeString(shape)))
			}
			infer = i
		case s < 0:
			panic(errorf(ErrShape, op, "invalid shape dimension %d in %s", s, shapeString(shape)))
		default:
			known *= s
		}
	}
	if infer >= 0 {
		if known == 0 || n%known != 0 {
			panic(errorf(ErrShape, op, "shape %s is invalid for input of size %d", listString(shape), n))
		}
		out[infer] = n / known
	} else if known != n {
		panic(errorf(ErrShape, op, "shape %s is invalid for input of size %d", listString(shape), n))
	}
	return out
}

// viewStrides computes strides that present storage laid out as
// (shape, strides) with newShape, if that is possible without copying. It
// groups old dimensions into contiguous chunks and splits each chunk into new
// dimensions (the algorithm of PyTorch's computeStride). The strides are
// appended to buf.
func viewStrides(shape, strides, newShape []int, buf []int) ([]int, bool) {
	out := append(buf, make([]int, len(newShape))...)
	if numel(shape) == 0 || len(shape) == 0 {
		// Any layout works for empty tensors and scalars.
		copy(out, contiguousStrides(newShape))
		return out, true
	}
	viewD := len(newShape) - 1
	chunkBase := strides[len(strides)-1]
	tensorNumel, viewNumel := 1, 1
	for d := len(shape) - 1; d >= 0; d-- {
		tensorNumel *= shape[d]
		if d == 0 || (shape[d-1] != 1 && strides[d-1] != tensorNumel*chunkBase) {
			for viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
				out[viewD] = viewNumel * chunkBase
				viewNumel *= newShape[viewD]
				viewD--
			}
			if viewNumel != tensorNumel {
				return nil, false
			}
			if d > 0 {
				chunkBase = strides[d-1]
				tensorNumel, viewNumel = 1, 1
			}
		}
	}
	if viewD != -1 {
		return nil, false
	}
	return out, true
}
