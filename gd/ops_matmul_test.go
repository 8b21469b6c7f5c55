package gd

import (
	"slices"
	"testing"
)

// An operand that is the transpose of a contiguous matrix (a Linear
// layer's Weight.T()) gets its gradient as (gᵀ·a)ᵀ, as PyTorch computes
// it. Each element is the same sum in the same order as in the plain
// form, so the gradients must equal, bit for bit, those of a contiguous
// copy of the operand. The sizes cover the plain loops, the blocked
// kernels, and a k longer than one block of them.
func TestMatMulGradOfTransposedOperandIsExact(t *testing.T) {
	for _, s := range [][3]int{{3, 4, 5}, {64, 128, 100}, {33, 300, 70}, {7, 41, 600}} {
		m, k, n := s[0], s[1], s[2]
		ManualSeed(1)
		x, w, g := Randn(m, k), Randn(n, k), Randn(m, n)

		// op(B) column-major: x·wᵀ, as in Linear.
		x1, w1 := x.Clone().RequiresGrad_(), w.Clone().RequiresGrad_()
		x1.MatMul(w1.T()).BackwardWithGrad(g)
		x2, wt2 := x.Clone().RequiresGrad_(), w.T().Contiguous().RequiresGrad_()
		x2.MatMul(wt2).BackwardWithGrad(g)
		sameValues(t, s, "b's gradient", w1.Grad(), wt2.Grad().T())
		sameValues(t, s, "a's gradient with b column-major", x1.Grad(), x2.Grad())

		// op(A) column-major: (xᵀ)ᵀ·wᵀ with xᵀ contiguous.
		v1 := x.T().Contiguous().RequiresGrad_()
		bt := w.T().Contiguous().RequiresGrad_()
		v1.T().MatMul(bt).BackwardWithGrad(g)
		a2, b2 := x.Clone().RequiresGrad_(), w.T().Contiguous().RequiresGrad_()
		a2.MatMul(b2).BackwardWithGrad(g)
		sameValues(t, s, "a's gradient", v1.Grad(), a2.Grad().T())
		sameValues(t, s, "b's gradient with a column-major", bt.Grad(), b2.Grad())
	}
}

func sameValues(t *testing.T, size [3]int, what string, got, want *Tensor) {
	t.Helper()
	if !slices.Equal(got.Shape(), want.Shape()) || !slices.Equal(got.Float32s(), want.Float32s()) {
		t.Errorf("m,k,n=%v: %s differs from the row-major computation", size, what)
	}
}

// A Linear layer adds its bias to each row of the product with one
// rounding, exactly as Add does to the product computed alone, for a
// contiguous bias and for one read through a stride.
func TestLinearBiasAddIsExact(t *testing.T) {
	for _, d := range []DType{Float32, Float64} {
		for _, s := range [][3]int{{5, 7, 3}, {64, 100, 50}} { // plain loops, blocked kernels
			ManualSeed(2)
			x, w, bb := Randn(s[0], s[1]).To(d), Randn(s[2], s[1]).To(d), Randn(s[2], 2).To(d)
			for _, bias := range []*Tensor{bb.Select(1, 0).Contiguous(), bb.Select(1, 1)} {
				got := NewLinearFrom(w, bias).Forward(x)
				want := x.MatMul(w.T()).Add(bias)
				if !slices.Equal(got.Float64s(), want.Float64s()) {
					t.Errorf("%s, %v, bias strides %v: Linear differs from MatMul then Add", d, s, bias.strides)
				}
			}
		}
	}
}
