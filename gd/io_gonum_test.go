package gd

import (
	"errors"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestFromMatrixSharesDenseMemory(t *testing.T) {
	d := mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6})
	x := FromMatrix(d)
	if !slices.Equal(x.Shape(), []int{2, 3}) || x.DType() != Float64 || !slices.Equal(x.Float64s(), []float64{1, 2, 3, 4, 5, 6}) {
		t.Fatalf("FromMatrix = %v", x)
	}
	d.Set(1, 2, 60)
	if got := x.Float64s()[5]; got != 60 {
		t.Errorf("a write to the Dense is not seen by the tensor: %v", got)
	}
	x.Index(0).Fill_(-1)
	if got := d.At(0, 1); got != -1 {
		t.Errorf("a write to the tensor is not seen by the Dense: %v", got)
	}
	// A sub-matrix has a row stride larger than its width: still a view.
	sub := d.Slice(0, 2, 1, 3).(*mat.Dense)
	if got := FromMatrix(sub).Float64s(); !slices.Equal(got, []float64{-1, -1, 5, 60}) {
		t.Errorf("FromMatrix(slice) = %v", got)
	}
	if got := FromMatrix(d.T()).Float64s(); !slices.Equal(got, []float64{-1, 4, -1, 5, -1, 60}) {
		t.Errorf("FromMatrix(T) = %v", got)
	}
	v := mat.NewVecDense(3, []float64{7, 8, 9})
	if got := FromMatrix(v); !slices.Equal(got.Shape(), []int{3, 1}) || !slices.Equal(got.Float64s(), []float64{7, 8, 9}) {
		t.Errorf("FromMatrix(VecDense) = %v", got)
	}
	fv := FromVector(v)
	v.SetVec(0, 70)
	if got := fv.Float64s(); !slices.Equal(got, []float64{70, 8, 9}) || fv.Dim() != 1 {
		t.Errorf("FromVector does not view the VecDense: %v", got)
	}
	// Other Matrix implementations are copied.
	sym := mat.NewSymDense(2, []float64{1, 2, 2, 3})
	if got := FromMatrix(sym).Float64s(); !slices.Equal(got, []float64{1, 2, 2, 3}) {
		t.Errorf("FromMatrix(SymDense) = %v", got)
	}
}

func TestDenseViewsOrCopies(t *testing.T) {
	x := FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	d := x.Dense()
	d.Set(0, 0, 10)
	if x.Float64s()[0] != 10 {
		t.Error("Dense of a contiguous float64 tensor is not a view")
	}
	// Rows of a column slice are contiguous with a row stride of 3: a view.
	cols := x.Slice(1, 1, 3)
	dc := cols.Dense()
	if r, c := dc.Dims(); r != 2 || c != 2 || dc.At(1, 1) != 6 {
		t.Errorf("Dense of a column slice = %v", mat.Formatted(dc))
	}
	dc.Set(1, 0, 50)
	if x.Float64s()[4] != 50 {
		t.Error("Dense of a column slice is not a view")
	}
	// A transpose has strided columns: copied.
	dt := x.T().Dense()
	dt.Set(0, 1, -7)
	if r, c := dt.Dims(); r != 3 || c != 2 || x.Float64s()[3] == -7 || dt.At(2, 1) != 6 {
		t.Errorf("Dense of a transpose = %v (x %v)", mat.Formatted(dt), x)
	}
	// float32: one copy.
	f := Matrix([][]float64{{1, 2}, {3, 4}})
	df := f.Dense()
	df.Set(0, 0, 9)
	if f.Float64s()[0] != 1 || df.At(1, 0) != 3 {
		t.Error("Dense of a float32 tensor should copy")
	}
	v := FromSlice([]float64{1, 2, 3, 4}).Slice(0, 1, 4)
	vd := v.VecDense()
	vd.SetVec(2, 40)
	if vd.Len() != 3 || v.Float64s()[2] != 40 {
		t.Errorf("VecDense of a float64 slice is not a view: %v", v)
	}
	every := FromSlice([]float64{1, 2, 3, 4, 5, 6}, 3, 2).Select(1, 1) // stride 2
	if got := every.VecDense(); got.Len() != 3 || got.AtVec(2) != 6 {
		t.Errorf("VecDense of a strided column = %v", mat.Formatted(got))
	}
	if got := IntVector(1, 2).VecDense(); got.AtVec(1) != 2 {
		t.Errorf("VecDense of an int64 tensor = %v", got.AtVec(1))
	}
}

func TestGonumRefusals(t *testing.T) {
	cases := map[string]struct {
		kind ErrorKind
		fn   func()
	}{
		"1-D to Dense":      {ErrShape, func() { Vector(1, 2).Dense() }},
		"2-D to VecDense":   {ErrShape, func() { Zeros(2, 2).VecDense() }},
		"empty":             {ErrShape, func() { Zeros(0, 3).Double().Dense() }},
		"requires grad":     {ErrGrad, func() { Zeros(2, 2).RequiresGrad_().Dense() }},
		"nil matrix":        {ErrValue, func() { FromMatrix(nil) }},
		"nil vector":        {ErrValue, func() { FromVector(nil) }},
		"nil tensor":        {ErrValue, func() { (*Tensor)(nil).Dense() }},
		"grad on VecDense":  {ErrGrad, func() { Zeros(2).RequiresGrad_().VecDense() }},
		"0-d to VecDense":   {ErrShape, func() { Scalar(1).VecDense() }},
		"3-D to Dense":      {ErrShape, func() { Zeros(1, 2, 2).Dense() }},
		"empty to VecDense": {ErrShape, func() { Zeros(0).VecDense() }},
	}
	for name, c := range cases {
		if err := Catch(c.fn); !errors.Is(err, c.kind) {
			t.Errorf("%s: %v, want a %v", name, err, c.kind)
		}
	}
	// Detach is the way through, as in PyTorch.
	if d := Ones(2, 2).RequiresGrad_().Detach().Dense(); d.At(1, 1) != 1 {
		t.Error("Dense of a detached tensor")
	}
}
