package gd

import (
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/mat"
)

// Conversions between tensors and gonum's mat types, for the numerical
// methods gonum provides (solvers, decompositions, optimisation) on data
// that gd computed, and back. Like torch.from_numpy and Tensor.numpy,
// they share memory when the layout allows: a float64 tensor whose rows
// are each contiguous and a *mat.Dense (or a *mat.VecDense and a 1-D
// float64 tensor) are two views of one slice, so a write through either
// shows in the other. Every other case copies once.

// FromMatrix returns m as a 2-D float64 tensor. A *mat.Dense, a
// *mat.VecDense (as a column) and the mat.Transpose of a *mat.Dense are
// viewed without copying; any other mat.Matrix is copied element by
// element. The tensor does not require grad.
func FromMatrix(m mat.Matrix) *Tensor {
	if m == nil {
		panic(errorf(ErrValue, "FromMatrix", "matrix is nil"))
	}
	switch m := m.(type) {
	case *mat.Dense:
		if m.IsEmpty() {
			return empty(Float64, []int{0, 0})
		}
		raw := m.RawMatrix()
		return float64View(raw.Data, []int{raw.Rows, raw.Cols}, []int{raw.Stride, 1})
	case *mat.VecDense:
		if m.IsEmpty() {
			return empty(Float64, []int{0, 1})
		}
		raw := m.RawVector()
		return float64View(raw.Data, []int{raw.N, 1}, []int{raw.Inc, 1})
	case mat.Transpose:
		if d, ok := m.Matrix.(*mat.Dense); ok && !d.IsEmpty() {
			raw := d.RawMatrix()
			return float64View(raw.Data, []int{raw.Cols, raw.Rows}, []int{1, raw.Stride})
		}
	}
	r, c := m.Dims()
	t := empty(Float64, []int{r, c})
	for i := range r {
		for j := range c {
			t.f64[i*c+j] = m.At(i, j)
		}
	}
	return t
}

// FromVector returns v as a 1-D float64 tensor, viewing a *mat.VecDense's
// elements without copying and copying any other mat.Vector.
func FromVector(v mat.Vector) *Tensor {
	if v == nil {
		panic(errorf(ErrValue, "FromVector", "vector is nil"))
	}
	if d, ok := v.(*mat.VecDense); ok {
		if d.IsEmpty() {
			return empty(Float64, []int{0})
		}
		raw := d.RawVector()
		return float64View(raw.Data, []int{raw.N}, []int{raw.Inc})
	}
	t := empty(Float64, []int{v.Len()})
	for i := range t.f64 {
		t.f64[i] = v.AtVec(i)
	}
	return t
}

// float64View is a tensor over data (owned by a gonum value) with the layout.
func float64View(data []float64, shape, strides []int) *Tensor {
	sizes, _ := layout(shape)
	return &Tensor{f64: data, dtype: Float64, shape: sizes, strides: append([]int(nil), strides...)}
}

// Dense returns the 2-D tensor t as a *mat.Dense. A float64 tensor whose
// rows are contiguous (any row stride) is viewed without copying, so the
// two share memory; a float32, int64 or bool tensor, or one with strided
// columns, is copied once into float64. Like PyTorch's numpy(), it refuses
// a tensor that requires grad (use Detach), since gonum's writes would go
// unseen by autograd, and gonum has no empty matrices.
func (t *Tensor) Dense() *mat.Dense {
	t.checkGonum("Dense", 2)
	r, c := t.shape[0], t.shape[1]
	if t.dtype == Float64 && (c == 1 || t.strides[1] == 1) && (r == 1 || t.strides[0] >= c) {
		stride := t.strides[0]
		if r == 1 {
			stride = c
		}
		var d mat.Dense
		d.SetRawMatrix(blas64.General{Rows: r, Cols: c, Stride: stride, Data: t.f64[t.offset : t.offset+(r-1)*stride+c]})
		return &d
	}
	return mat.NewDense(r, c, t.Float64s())
}

// VecDense returns the 1-D tensor t as a *mat.VecDense: a view of a
// float64 tensor (any stride), else a float64 copy. It refuses what
// Dense refuses.
func (t *Tensor) VecDense() *mat.VecDense {
	t.checkGonum("VecDense", 1)
	n := t.shape[0]
	if t.dtype == Float64 && t.strides[0] >= 1 {
		var v mat.VecDense
		v.SetRawVector(blas64.Vector{N: n, Inc: t.strides[0], Data: t.f64[t.offset : t.offset+(n-1)*t.strides[0]+1]})
		return &v
	}
	return mat.NewVecDense(n, t.Float64s())
}

// checkGonum panics unless t can become a gonum value of dims dimensions.
func (t *Tensor) checkGonum(op string, dims int) {
	t.must(op)
	if len(t.shape) != dims {
		panic(errorf(ErrShape, op, "expected a %d-D tensor, got shape %s", dims, shapeString(t.shape)))
	}
	if t.Numel() == 0 {
		panic(errorf(ErrShape, op, "gonum has no empty matrices or vectors (shape %s)", shapeString(t.shape)))
	}
	if t.requiresGrad {
		panic(errorf(ErrGrad, op, "can't convert a tensor that requires grad; use Detach() first (gonum's writes would go unseen by autograd)"))
	}
}
