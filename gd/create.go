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
func Zeros(shape ...int) *Tensor { return empty(Float32, checkNew("Zeros", Float32, shape)) }

// Ones returns a float32 tensor of ones with the given shape.
func Ones(shape ...int) *Tensor { return Full(1, shape...) }

// Full returns a float32 tensor filled with v.
func Full(v float64, shape ...int) *Tensor {
	t := empty(Float32, checkNew("Full", Float32, shape))
	for i := range t.f32 {
		t.f32[i] = float32(v)
	}
	return t
}

// Arange returns the float32 values start, start+step, ... below end, like
// torch.arange(start, end, step). Step defaults to 1.
func Arange(start, end float64, step ...float64) *Tensor {
	s := 1.0
	switch len(step) {
	case 0:
	case 1:
		s = step[0]
	default:
		panic(errorf(ErrValue, "Arange", "takes start, end and at most one step, got %d steps %v", len(step), step))
	}
	for _, v := range []float64{start, end, s} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			panic(errorf(ErrValue, "Arange", "unsupported range: %v -> %v (step %v)", start, end, s))
		}
	}
	if s == 0 || (end-start)*s < 0 {
		panic(errorf(ErrValue, "Arange", "cannot step from %v to %v by %v", start, end, s))
	}
	count := math.Ceil((end - start) / s)
	if count > 1<<53 {
		panic(errorf(ErrValue, "Arange", "the range %v -> %v by %v has %v elements, too many to store", start, end, s, count))
	}
	n := int(count)
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

// IntVector returns a 1-D int64 tensor of the values, like
// torch.tensor([3, 7]): class labels for CrossEntropyLoss and NLLLoss.
func IntVector(values ...int) *Tensor { return FromInts(values) }

// FromInts returns an int64 tensor holding a copy of data with the given
// shape (1-D if no shape is given), like torch.tensor(data) of Python ints.
// Values beyond ±2⁵³ are refused (see DType).
func FromInts(data []int, shape ...int) *Tensor {
	if len(shape) == 0 {
		shape = []int{len(data)}
	}
	checkShape("FromInts", shape)
	if numel(shape) != len(data) {
		panic(errorf(ErrShape, "FromInts", "shape %s needs %d values, got %d", shapeString(shape), numel(shape), len(data)))
	}
	t := empty(Int64, shape)
	for i, v := range data {
		if v > maxExactInt || v < -maxExactInt {
			panic(errorf(ErrValue, "FromInts", "value %d at index %d is beyond ±2^53, where gd's int64 values stop being exact", v, i))
		}
		t.f64[i] = float64(v)
	}
	return t
}

// Ints returns a copy of the elements in row-major order as Go ints (floats
// truncated toward zero), the counterpart of `t.tolist()` for labels and
// indices.
func (t *Tensor) Ints() []int {
	v := t.Float64s()
	out := make([]int, len(v))
	for i, x := range v {
		if !(math.Abs(x) <= maxExactInt) {
			panic(errorf(ErrValue, "Ints", "element %d is %v, which has no exact Go int", i, x))
		}
		out[i] = int(x)
	}
	return out
}

// ZerosLike returns a tensor of zeros with t's shape and dtype, like
// torch.zeros_like(t).
func ZerosLike(t *Tensor) *Tensor { return empty(likeOf("ZerosLike", t).dtype, t.shape) }

// OnesLike returns a tensor of ones with t's shape and dtype, like
// torch.ones_like(t).
func OnesLike(t *Tensor) *Tensor {
	out := empty(likeOf("OnesLike", t).dtype, t.shape)
	out.fill(1)
	return out
}

// likeOf checks the argument of a ...Like constructor.
func likeOf(op string, t *Tensor) *Tensor {
	if t == nil {
		panic(errorf(ErrValue, op, "argument is a nil *Tensor"))
	}
	return t
}
