package gd

import "math"

// Scalar returns a 0-dimensional float32 tensor, like torch.tensor(3.).
func Scalar(v float64) *Tensor {
	t := empty(Float32, nil)
	t.f32[0] = float32(v)
	return t
}

// Vector returns a 1-D float32 tensor of the values, like torch.tensor([3., 2.]).
func Vector(values ...float64) *Tensor {
	t := empty(Float32, []int{len(values)})
	for i, v := range values {
		t.f32[i] = float32(v)
	}
	return t
}

// Matrix returns a 2-D float32 tensor from rows of equal length,
// like torch.tensor([[1., 2.], [3., 4.]]).
func Matrix(rows [][]float64) *Tensor {
	cols := 0
	if len(rows) > 0 {
		cols = len(rows[0])
	}
	t := empty(Float32, []int{len(rows), cols})
	for i, r := range rows {
		if len(r) != cols {
			panic(errorf(ErrShape, "Matrix", "row %d has %d values, row 0 has %d", i, len(r), cols))
		}
		for j, v := range r {
			t.f32[i*cols+j] = float32(v)
		}
	}
	return t
}

// FromSlice returns a tensor over data with the given shape (1-D if no shape is
// given). The dtype follows T. The tensor takes ownership of data: it is not copied.
func FromSlice[T float32 | float64](data []T, shape ...int) *Tensor {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	checkShape("FromSlice", shape)
	if numel(shape) != len(data) {
		panic(errorf(ErrShape, "FromSlice", "shape %s needs %d values, got %d", shapeString(shape), numel(shape), len(data)))
	}
	t := &Tensor{shape: append([]int(nil), shape...), strides: contiguousStrides(shape)}
	switch d := any(data).(type) {
	case []float32:
		t.dtype, t.f32 = Float32, d
	case []float64:
		t.dtype, t.f64 = Float64, d
	}
	return t
}

// Zeros returns a float32 tensor of zeros with the given shape.
func Zeros(shape ...int) *Tensor { return empty(Float32, shape) }

// Ones returns a float32 tensor of ones with the given shape.
func Ones(shape ...int) *Tensor { return Full(1, shape...) }

// Full returns a float32 tensor filled with v.
func Full(v float64, shape ...int) *Tensor {
	t := empty(Float32, shape)
	for i := range t.f32 {
		t.f32[i] = float32(v)
	}
	return t
}

// Arange returns the float32 values start, start+step, ... below end, like
// torch.arange(start, end, step). Step defaults to 1.
func Arange(start, end float64, step ...float64) *Tensor {
	s := 1.0
	if len(step) > 0 {
		s = step[0]
	}
	if s == 0 || math.IsNaN(s) || (end-start)*s < 0 {
		panic(errorf(ErrValue, "Arange", "cannot step from %v to %v by %v", start, end, s))
	}
	n := int(math.Ceil((end - start) / s))
	t := empty(Float32, []int{n})
	// PyTorch computes in double, with fused multiply-adds (its x86-64
	// build contracts them); its vector loop rounds each vector's first
	// value to float before adding k*step.
	fillRanges(t.f32, func(i int) float64 { return math.FMA(s, float64(i), start) }, func(base float32, k int) float32 {
		return float32(math.FMA(float64(k), s, float64(base)))
	})
	return t
}

// Linspace returns n evenly spaced float32 values from start to end
// inclusive, like torch.linspace(start, end, n), with PyTorch's float
// arithmetic: the first half counts up from start, the second half down
// from end.
func Linspace(start, end float64, n int) *Tensor {
	if n < 0 {
		panic(errorf(ErrValue, "Linspace", "number of steps must be non-negative, got %d", n))
	}
	t := empty(Float32, []int{n})
	if n == 1 {
		t.f32[0] = float32(start)
	}
	if n <= 1 {
		return t
	}
	s, e := float32(start), float32(end)
	step := (e - s) / float32(n-1)
	half := n / 2
	// PyTorch's float arithmetic, multiply-adds fused as its x86-64 build does.
	at := func(i int) float32 {
		if i < half {
			return fma32(step, float32(i), s)
		}
		return fma32(-step, float32(n-i-1), e)
	}
	// Within a vector, k*step is rounded before the add (not fused); the
	// explicit conversion keeps Go from fusing on any platform.
	fillRanges(t.f32, func(i int) float64 { return float64(at(i)) }, func(base float32, k int) float32 {
		return base + float32(float32(k)*step)
	})
	return t
}

// fma32 is x*y+z rounded once to float32 (the product of two float32s is
// exact in float64, so only the sum is rounded twice; that rarely matters).
func fma32(x, y, z float32) float32 { return float32(math.FMA(float64(x), float64(y), float64(z))) }

// fillRanges fills dst the way PyTorch's vectorised range kernels do: in
// pairs of 8-float vectors, each starting at first(i) and continuing with
// next(base, k); the last elements (fewer than 16) one by one with first.
func fillRanges(dst []float32, first func(i int) float64, next func(base float32, k int) float32) {
	const w = 8
	n := len(dst)
	i := 0
	for ; i+2*w <= n; i += 2 * w {
		for v := i; v < i+2*w; v += w {
			base := float32(first(v))
			dst[v] = base
			for k := 1; k < w; k++ {
				dst[v+k] = next(base, k)
			}
		}
	}
	for ; i < n; i++ {
		dst[i] = float32(first(i))
	}
}

// empty allocates a contiguous zero-filled tensor of the dtype and shape.
func empty(dtype DType, shape []int) *Tensor {
	t, _ := alloc(dtype, shape, false)
	return t
}

// alloc is empty for the output of an op: when rec is set it also returns
// a node to record the op with (see recordAs).
//
// Small tensors are the common case in the articles' loops (0-d losses,
// parameter vectors, 20-point curves), and allocation dominates their cost:
// the count of allocations, and the bytes, which set how often the garbage
// collector runs and how much fresh memory each step pulls into the cache.
// So the header, the layout of up to two dimensions, up to 38 float32 (19
// float64) elements and the node share one allocation. The element
// capacities are chosen so that header, node and elements fill one of Go's
// allocation size classes (384, 416, 448, 480 and 512 bytes) exactly;
// TestBoxSizes checks that.
func alloc(dtype DType, shape []int, rec bool) (*Tensor, *node) {
	checkShape("Tensor", shape)
	n := numel(shape)
	var b *box
	var nd *node
	if dtype == Float32 {
		switch {
		case n <= 6:
			var d *[6]float32
			b, d, nd = boxed[[6]float32](rec)
			b.t.f32 = d[:n:n]
		case n <= 14:
			var d *[14]float32
			b, d, nd = boxed[[14]float32](rec)
			b.t.f32 = d[:n:n]
		case n <= 22:
			var d *[22]float32
			b, d, nd = boxed[[22]float32](rec)
			b.t.f32 = d[:n:n]
		case n <= 30:
			var d *[30]float32
			b, d, nd = boxed[[30]float32](rec)
			b.t.f32 = d[:n:n]
		case n <= 38:
			var d *[38]float32
			b, d, nd = boxed[[38]float32](rec)
			b.t.f32 = d[:n:n]
		default:
			b, nd = headerBox(rec)
			b.t.f32 = make([]float32, n)
		}
	} else {
		switch {
		case n <= 3:
			var d *[3]float64
			b, d, nd = boxed[[3]float64](rec)
			b.t.f64 = d[:n:n]
		case n <= 7:
			var d *[7]float64
			b, d, nd = boxed[[7]float64](rec)
			b.t.f64 = d[:n:n]
		case n <= 11:
			var d *[11]float64
			b, d, nd = boxed[[11]float64](rec)
			b.t.f64 = d[:n:n]
		case n <= 15:
			var d *[15]float64
			b, d, nd = boxed[[15]float64](rec)
			b.t.f64 = d[:n:n]
		case n <= 19:
			var d *[19]float64
			b, d, nd = boxed[[19]float64](rec)
			b.t.f64 = d[:n:n]
		default:
			b, nd = headerBox(rec)
			b.t.f64 = make([]float64, n)
		}
	}
	b.t.dtype = dtype
	b.t.shape, b.t.strides = b.layout(shape)
	return &b.t, nd
}

// box is a tensor header with room for the shape and strides of up to two
// dimensions (the articles' tensors have at most two).
type box struct {
	t    Tensor
	dims [4]int
}

// dataBox adds room for the elements; A is an array type such as [8]float32.
type dataBox[A any] struct {
	box
	data A
}

// nodeBox adds room for the node of the op that computes the tensor.
type nodeBox[A any] struct {
	dataBox[A]
	node node
}

// boxed allocates a box with elements A, and a node when rec is set.
func boxed[A any](rec bool) (*box, *A, *node) {
	if rec {
		b := new(nodeBox[A])
		return &b.box, &b.data, &b.node
	}
	b := new(dataBox[A])
	return &b.box, &b.data, nil
}

// headerBox allocates a box without room for elements (for views, and
// tensors whose elements live apart), and a node when rec is set.
func headerBox(rec bool) (*box, *node) {
	if rec {
		b := new(struct {
			box
			node node
		})
		return &b.box, &b.node
	}
	return new(box), nil
}

// layout fills the box's shape and strides (row-major) for shape.
func (b *box) layout(shape []int) (sizes, strides []int) {
	n := len(shape)
	if n == 0 {
		return nil, nil
	}
	if n > len(b.dims)/2 {
		return layout(shape)
	}
	sizes, strides = b.dims[:n:n], b.dims[n:2*n:2*n]
	copy(sizes, shape)
	s := 1
	for i := n - 1; i >= 0; i-- {
		strides[i] = s
		s *= shape[i]
	}
	return sizes, strides
}

// newView returns a header with the given layout (copied) and no storage.
func newView(shape, strides []int) *Tensor {
	t, _ := newViewRec(shape, strides, false)
	return t
}

// newViewRec is newView for a view an op records: when rec is set it also
// returns a node to record it with, in the same allocation.
func newViewRec(shape, strides []int, rec bool) (*Tensor, *node) {
	n := len(shape)
	if n == 0 {
		// A 0-d view (an entry of a parameter vector) needs no layout.
		if rec {
			v := new(struct {
				t    Tensor
				node node
			})
			return &v.t, &v.node
		}
		return new(Tensor), nil
	}
	b, nd := headerBox(rec)
	if n > len(b.dims)/2 {
		buf := make([]int, 2*n)
		copy(buf, shape)
		copy(buf[n:], strides)
		b.t.shape, b.t.strides = buf[:n:n], buf[n:]
	} else {
		b.t.shape, b.t.strides = b.dims[:n:n], b.dims[n:2*n:2*n]
		copy(b.t.shape, shape)
		copy(b.t.strides, strides)
	}
	return &b.t, nd
}

// layout returns a private copy of shape and its row-major strides, carved
// from one allocation.
func layout(shape []int) (sizes, strides []int) {
	n := len(shape)
	if n == 0 {
		return nil, nil
	}
	buf := make([]int, 2*n)
	copy(buf, shape)
	sizes, strides = buf[:n:n], buf[n:]
	s := 1
	for i := n - 1; i >= 0; i-- {
		strides[i] = s
		s *= shape[i]
	}
	return sizes, strides
}

func checkShape(op string, shape []int) {
	for _, s := range shape {
		if s < 0 {
			panic(errorf(ErrValue, op, "negative dimension in shape %s", shapeString(shape)))
		}
	}
}
