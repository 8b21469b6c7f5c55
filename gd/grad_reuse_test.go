package gd

import (
	"math"
	"runtime"
	"slices"
	"testing"
)

// reuseModel is a layer large enough for its weight's gradient to be
// recycled (64×32 ≥ reuseMin elements) with a batch to train it on.
func reuseModel() (*Sequential, *Tensor, *Tensor) {
	ManualSeed(3)
	m := NewSequential(NewLinear(32, 64), NewReLU(), NewLinear(64, 4))
	return m, Randn(16, 32), Randn(16, 4)
}

func reuseStep(m *Sequential, opt Optimizer, x, y *Tensor) {
	opt.ZeroGrad()
	MSELoss()(m.Forward(x), y).Backward()
	opt.Step()
}

func firstWeight(m *Sequential) *Tensor { return m.Parameters()[0] }

// A training loop that never hands out its gradients writes each new
// weight gradient into the storage of the one ZeroGrad dropped.
func TestGradStorageReused(t *testing.T) {
	m, x, y := reuseModel()
	opt := NewSGD(m.Parameters(), 0.1)
	w := firstWeight(m)
	reuseStep(m, opt, x, y)
	first := &w.grad.f32[0]
	for range 3 {
		reuseStep(m, opt, x, y)
		if &w.grad.f32[0] != first {
			t.Fatal("the weight's gradient was allocated again instead of reusing the dropped one")
		}
	}
}

// Recycling changes no number: the same loop, with every gradient handed
// out (so none is recycled), ends with the same parameters bit for bit.
func TestGradReuseSameResult(t *testing.T) {
	run := func(look bool) [][]float32 {
		m, x, y := reuseModel()
		opt := NewAdam(m.Parameters(), 0.01)
		for range 5 {
			reuseStep(m, opt, x, y)
			if look {
				for _, p := range m.Parameters() {
					p.Grad()
				}
			}
		}
		var out [][]float32
		for _, p := range m.Parameters() {
			out = append(out, p.Float32s())
		}
		return out
	}
	a, b := run(false), run(true)
	for i := range a {
		if !slices.Equal(a[i], b[i]) {
			t.Fatalf("parameter %d differs between the recycling and the non-recycling loop", i)
		}
	}
}

// A gradient the program holds is never recycled: after ZeroGrad and
// another Backward it still has its values (PyTorch: the old .grad
// tensor is untouched by set_to_none and later passes).
func TestHeldGradKeepsValues(t *testing.T) {
	m, x, y := reuseModel()
	opt := NewSGD(m.Parameters(), 0.1)
	w := firstWeight(m)
	reuseStep(m, opt, x, y)
	held := w.Grad()
	want := held.Float32s()
	for range 3 {
		reuseStep(m, opt, x, y)
	}
	if !slices.Equal(held.Float32s(), want) {
		t.Fatal("a gradient taken with Grad changed after ZeroGrad and later passes")
	}
	if &w.grad.f32[0] == &held.f32[0] {
		t.Fatal("the held gradient's storage became the new gradient")
	}
}

// The same holds for a gradient the program supplied with SetGrad, and a
// view of a gradient taken before it was dropped.
func TestSuppliedAndViewedGradsKeepValues(t *testing.T) {
	m, x, y := reuseModel()
	opt := NewSGD(m.Parameters(), 0.1)
	w := firstWeight(m)
	mine := OnesLike(w).Mul(7)
	w.SetGrad(mine)
	opt.ZeroGrad()
	MSELoss()(m.Forward(x), y).Backward()
	if got := mine.Float32s(); slices.ContainsFunc(got, func(v float32) bool { return v != 7 }) {
		t.Fatal("a gradient supplied with SetGrad was overwritten")
	}
	row := w.Grad().Select(0, 0)
	want := row.Float32s()
	opt.ZeroGrad()
	MSELoss()(m.Forward(x.Mul(2)), y).Backward()
	if !slices.Equal(row.Float32s(), want) {
		t.Fatal("a view of a dropped gradient changed")
	}
}

// SetGrad(nil) drops a fresh gradient like ZeroGrad, and Params.ZeroGrad
// too; the next pass still computes the right gradient.
func TestGradReuseAfterSetGradNil(t *testing.T) {
	m, x, y := reuseModel()
	w := firstWeight(m)
	ps := m.Parameters()
	MSELoss()(m.Forward(x), y).Backward()
	w.SetGrad(nil)
	MSELoss()(m.Forward(x), y).Backward()
	a := w.Grad().Float32s()
	ps.ZeroGrad()
	MSELoss()(m.Forward(x), y).Backward()
	if !slices.Equal(w.Grad().Float32s(), a) {
		t.Fatal("the gradient computed into recycled storage differs")
	}
}

// After its first step, a training step of a Linear(784, 128) allocates
// far less than its weight's gradient (401 KB): the gradient is recycled.
func TestTrainingStepDoesNotReallocateWeightGrad(t *testing.T) {
	ManualSeed(0)
	m := NewSequential(NewLinear(784, 128), NewReLU(), NewLinear(128, 10))
	opt := NewSGD(m.Parameters(), 0.1)
	x, y := Rand(8, 784), Rand(8, 10)
	reuseStep(m, opt, x, y)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	const steps = 10
	for range steps {
		reuseStep(m, opt, x, y)
	}
	runtime.ReadMemStats(&after)
	perStep := (after.TotalAlloc - before.TotalAlloc) / steps
	if grad := uint64(784 * 128 * 4); perStep >= grad/4 {
		t.Fatalf("a step allocates %d bytes, the weight's gradient is %d", perStep, grad)
	}
}

// ReLU's backward masks its incoming gradient in place when that is the
// pass's own fresh buffer (a matrix product's). The first weight's
// gradient matches a float64 computation of x^T·(mask ⊙ 1·W2^T), zeros,
// NaN and negative pre-activations included, and equals the copying
// path's (forced by RetainGrad on ReLU's output, which makes the buffer
// visible) bit for bit.
func TestReLUBackwardInPlace(t *testing.T) {
	const n, in, hid, out = 8, 6, 5, 3
	run := func(retain bool) (x, w1, w2 *Tensor) {
		ManualSeed(5)
		x = Randn(n, in)
		x.Select(0, 1).Select(0, 2).Fill_(math.NaN()) // row 1's pre-activations are NaN
		w1 = Randn(in, hid)
		w1.Select(1, 0).Fill_(0) // column 0's are exact zeros
		w1.RequiresGrad_()
		w2 = Randn(hid, out).RequiresGrad_()
		h := x.MatMul(w1).ReLU()
		if retain {
			h.RetainGrad()
		}
		h.MatMul(w2).Sum().Backward()
		return x, w1, w2
	}
	x, w1, w2 := run(false)
	_, c1, _ := run(true)
	xs, a, b := x.Float64s(), w1.Float64s(), w2.Float64s()
	got, copied := w1.Grad().Float32s(), c1.Grad().Float32s()
	for i := range in {
		for j := range hid {
			want := 0.0
			for r := range n {
				pre := 0.0
				for k := range in {
					pre += xs[r*in+k] * a[k*hid+j]
				}
				if pre > 0 || pre != pre {
					up := 0.0
					for o := range out {
						up += b[j*out+o]
					}
					want += xs[r*in+i] * up
				}
			}
			g := float64(got[i*hid+j])
			if (want != want) != (g != g) || (want == want && math.Abs(g-want) > 1e-5*(1+math.Abs(want))) {
				t.Fatalf("dW1[%d][%d] = %v, want %v", i, j, g, want)
			}
			if math.Float32bits(got[i*hid+j]) != math.Float32bits(copied[i*hid+j]) && !(g != g) {
				t.Fatalf("dW1[%d][%d]: in place %v, copying path %v", i, j, got[i*hid+j], copied[i*hid+j])
			}
		}
	}
}
