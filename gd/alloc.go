package gd

import (
	"math"
	"unsafe"
)

// Small tensors are the common case in the articles' loops (0-d losses,
// parameter vectors, 20-point curves), and allocation dominates their cost:
// the count of allocations, and the bytes, which set how often the garbage
// collector runs and how much fresh memory each step pulls into the cache.
// So a tensor's header, a layout of up to two dimensions, up to 38 float32
// (19 float64) elements and the node of the op that made it share one
// allocation: a box.

// boxClasses are the sizes of the boxes with room for elements, smallest
// first. Each box's element room is chosen so that header, layout, elements
// and node fill one of Go's allocation size classes exactly (no bytes wasted
// per recorded op); TestBoxSizes checks that against the types.
var boxClasses = [...]boxClass{
	classOf[[3]float64](384),  // 6 float32 or 3 float64
	classOf[[7]float64](416),  // 14 or 7
	classOf[[11]float64](448), // 22 or 11
	classOf[[15]float64](480), // 30 or 15
	classOf[[19]float64](512), // 38 or 19
}

// boxClass is one box size: room for words float64s (twice as many
// float32s), size bytes with a node, meant to be sizeClass, and its
// allocator.
type boxClass struct {
	words           int
	size, sizeClass uintptr
	new             func(rec bool) (b *box, elems unsafe.Pointer, n *node)
}

// classOf describes the box with elements A (an array of float64).
func classOf[A any](sizeClass uintptr) boxClass {
	var a A
	return boxClass{
		words:     int(unsafe.Sizeof(a) / 8),
		size:      unsafe.Sizeof(nodeBox[A]{}),
		sizeClass: sizeClass,
		new:       newBox[A],
	}
}

// box is a tensor header with room for the shape and strides of up to two
// dimensions (the articles' tensors have at most two).
type box struct {
	t    Tensor
	dims [4]int
}

// dataBox adds room for the elements; A is an array such as [3]float64,
// which holds float32s too (elements hold no pointers, so the collector
// sees the same memory either way).
type dataBox[A any] struct {
	box
	data A
}

// nodeBox adds room for the node of the op that computes the tensor.
type nodeBox[A any] struct {
	dataBox[A]
	node node
}

// headerNodeBox is a box without element room (for views, and tensors
// whose elements live apart) with the node of the op that made it.
type headerNodeBox struct {
	box
	node node
}

// scalarViewsBox holds the 0-d views of a short vector being unpacked
// (A is [2]Tensor or [3]Tensor) with their shared node.
type scalarViewsBox[A any] struct {
	views A
	node  node
}

// newBox allocates a box with elements A, and a node when rec is set.
func newBox[A any](rec bool) (*box, unsafe.Pointer, *node) {
	if rec {
		b := new(nodeBox[A])
		return &b.box, unsafe.Pointer(&b.data), &b.node
	}
	b := new(dataBox[A])
	return &b.box, unsafe.Pointer(&b.data), nil
}

// newHeaderBox allocates a box without element room, and a node when rec is set.
func newHeaderBox(rec bool) (*box, *node) {
	if rec {
		b := new(headerNodeBox)
		return &b.box, &b.node
	}
	return new(box), nil
}

// empty allocates a contiguous zero-filled tensor of the dtype and shape.
func empty(dtype DType, shape []int) *Tensor { return alloc(dtype, shape, false) }

// alloc is empty for the output of an op. When rec is set the tensor comes
// with a node in the same allocation, left in its gradFn for record to fill
// (until then the tensor is not part of any graph: requiresGrad is false).
func alloc(dtype DType, shape []int, rec bool) *Tensor {
	checkShape("Tensor", shape)
	n := numel(shape)
	if n > 1<<24 {
		checkMemory("Tensor", dtype, shape, n)
	}
	words := n
	if dtype == Float32 {
		words = (n + 1) / 2
	}
	var b *box
	var nd *node
	var elems unsafe.Pointer
	for _, c := range boxClasses {
		if words <= c.words {
			b, elems, nd = c.new(rec)
			break
		}
	}
	switch {
	case b == nil && dtype == Float32:
		b, nd = newHeaderBox(rec)
		b.t.f32 = make([]float32, n)
	case b == nil:
		b, nd = newHeaderBox(rec)
		b.t.f64 = make([]float64, n)
	case dtype == Float32:
		b.t.f32 = unsafe.Slice((*float32)(elems), n)
	default:
		b.t.f64 = unsafe.Slice((*float64)(elems), n)
	}
	b.t.dtype = dtype
	b.t.shape, b.t.strides = b.layout(shape)
	b.t.gradFn = nd
	return &b.t
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
// When rec is set it comes with a node, left in its gradFn for record.
func newView(shape, strides []int, rec bool) *Tensor {
	n := len(shape)
	if n == 0 {
		// A 0-d view (an entry of a parameter vector) needs no layout.
		if rec {
			v := new(scalarViewsBox[[1]Tensor])
			v.views[0].gradFn = &v.node
			return &v.views[0]
		}
		return new(Tensor)
	}
	b, nd := newHeaderBox(rec)
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
	b.t.gradFn = nd
	return &b.t
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
	n := 1
	for _, s := range shape {
		if s != 0 && n > math.MaxInt/s {
			panic(errorf(ErrValue, op, "storage size calculation overflowed with sizes=%s", listString(shape)))
		}
		n *= s
	}
}

// checkNew checks the shape of a tensor that op creates, so that a bad
// one is reported under the name the user called.
func checkNew(op string, d DType, shape []int) []int {
	checkShape(op, shape)
	checkMemory(op, d, shape, numel(shape))
	return shape
}

// checkMemory refuses a tensor whose elements would not fit in the
// machine's memory: Go cannot recover from failing to allocate it (the
// program dies with a fatal error), while PyTorch raises an error.
func checkMemory(op string, d DType, shape []int, n int) {
	size := 8
	if d == Float32 {
		size = 4
	}
	if limit := memoryLimit(); limit > 0 && uint64(n) > limit/uint64(size) {
		panic(errorf(ErrValue, op, "a tensor of shape %s needs %d bytes, more than this machine's %d bytes of memory", shapeString(shape), uint64(n)*uint64(size), limit))
	}
}
