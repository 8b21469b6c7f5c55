package gd

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

// mustPanic runs f and returns the *Error it panicked with, failing the test
// if it did not panic with a gd error of the given kind.
func mustPanic(t *testing.T, kind ErrorKind, f func()) *Error {
	t.Helper()
	err := Catch(f)
	if err == nil {
		t.Fatalf("expected a %v panic, got none", kind)
	}
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, kind) {
		t.Fatalf("expected a %v, got %v", kind, err)
	}
	return e
}

func TestSquareGradient(t *testing.T) {
	// d(x²)/dx = 2x = 6 at x = 3.
	x := Scalar(3).RequiresGrad_()
	y := x.Pow(2)
	if y.Item() != 9 || y.GradFnName() != "PowBackward0" {
		t.Fatalf("y = %v (%s), want 9 (PowBackward0)", y.Item(), y.GradFnName())
	}
	if x.Grad() != nil {
		t.Fatal("grad is set before backward")
	}
	y.Backward()
	if got := x.Grad().Item(); got != 6 {
		t.Fatalf("grad = %v, want 6", got)
	}
}

func TestGradientsAccumulate(t *testing.T) {
	x := Scalar(3).RequiresGrad_()
	x.Pow(2).Backward()
	g := x.Grad()
	x.Mul(5).Backward()
	if got := x.Grad().Item(); got != 11 {
		t.Fatalf("accumulated grad = %v, want 6+5", got)
	}
	if x.Grad() != g {
		t.Error("accumulation replaced the Grad tensor instead of adding in place")
	}
	x.Grad().Zero_()
	x.Pow(2).Backward()
	if got := x.Grad().Item(); got != 6 {
		t.Fatalf("after Zero_, grad = %v, want 6", got)
	}
	x.SetGrad(nil)
	if x.Grad() != nil {
		t.Fatal("SetGrad(nil) kept the gradient")
	}
	x.Pow(3).Backward()
	if got := x.Grad().Item(); got != 27 {
		t.Fatalf("after SetGrad(nil), grad = %v, want 27", got)
	}
}

func TestOnlyLeavesKeepGrad(t *testing.T) {
	x := Vector(1, 2).RequiresGrad_()
	h := x.Mul(3)
	r := x.Mul(2).RetainGrad()
	h.Add(r).Sum().Backward()
	if !x.IsLeaf() || h.IsLeaf() {
		t.Fatal("IsLeaf wrong")
	}
	if h.Grad() != nil {
		t.Error("non-leaf kept a grad without RetainGrad")
	}
	if r.Grad() == nil || r.Grad().Float64s()[0] != 1 {
		t.Errorf("RetainGrad: grad = %v, want ones", r.Grad())
	}
	if got := x.Grad().Float64s(); got[0] != 5 || got[1] != 5 {
		t.Errorf("x.grad = %v, want [5 5]", got)
	}
}

func TestRequiresGradPropagatesAndNoGradStopsIt(t *testing.T) {
	x := Vector(1, 2).RequiresGrad_()
	c := Vector(3, 4)
	if c.Add(1).RequiresGrad() {
		t.Error("op on tensors without grad requires grad")
	}
	if !c.Add(x).RequiresGrad() {
		t.Error("requires grad did not propagate")
	}
	var y *Tensor
	NoGrad(func() {
		if IsGradEnabled() {
			t.Error("grad enabled inside NoGrad")
		}
		y = x.Mul(2)
	})
	if !IsGradEnabled() {
		t.Error("grad still disabled after NoGrad")
	}
	if y.RequiresGrad() || y.GradFnName() != "" || y.GradFnInputs() != nil {
		t.Errorf("result computed under NoGrad is recorded: requires=%v fn=%q", y.RequiresGrad(), y.GradFnName())
	}
	mustPanic(t, ErrGrad, func() { y.Sum().Backward() })
}

func TestDetachAndDataShareStorage(t *testing.T) {
	x := Vector(1, 2, 3).RequiresGrad_()
	d := x.Detach()
	if d.RequiresGrad() || !d.IsLeaf() {
		t.Error("Detach result requires grad")
	}
	d.Fill_(7)
	if x.Float64s()[0] != 7 {
		t.Error("Detach does not share storage")
	}
	x.Data().Sub_(Vector(1, 1, 1))
	if got := x.Float64s(); got[2] != 6 {
		t.Errorf("Data().Sub_ did not change x: %v", got)
	}
	// The article's update: params.data -= lr * params.grad.data
	x.Pow(2).Sum().Backward()
	x.Data().Sub_(x.Grad().Data().Mul(0.5))
	if got := x.Float64s(); got[0] != 0 {
		t.Errorf("after step x = %v, want 6 - 0.5*12 = 0", got)
	}
}

func TestInPlaceRules(t *testing.T) {
	x := Vector(1, 2).RequiresGrad_()
	e := mustPanic(t, ErrGrad, func() { x.Sub_(1) })
	if !strings.Contains(e.Error(), "leaf") || e.Op != "Sub_" {
		t.Errorf("message %q does not name the op and the leaf", e)
	}
	mustPanic(t, ErrGrad, func() { x.Select(0, 1).Mul_(2) })
	mustPanic(t, ErrGrad, func() { x.Mul(2).Add_(1) })
	mustPanic(t, ErrGrad, func() { Zeros(2).Add_(x) })
	NoGrad(func() { x.Sub_(1) })
	if got := x.Float64s(); got[0] != 0 || got[1] != 1 {
		t.Errorf("in-place under NoGrad: x = %v", got)
	}
	x.Data().Mul_(3)
	if got := x.Float64s(); got[1] != 3 {
		t.Errorf("in-place on Data: x = %v", got)
	}
	// A tensor that does not require grad can be changed through a view,
	// which shares storage: x[:, 0] = ... in the articles.
	m := Ones(3, 2)
	m.Select(1, 0).Fill_(5)
	if got := m.Float64s(); got[0] != 5 || got[1] != 1 || got[4] != 5 {
		t.Errorf("Select view does not share storage: %v", got)
	}
	m.Slice(0, 1, 3).Mul_(2)
	if got := m.Float64s(); got[0] != 5 || got[2] != 10 || got[3] != 2 {
		t.Errorf("Slice view does not share storage: %v", got)
	}
}

func TestFreedGraphAndRetainGraph(t *testing.T) {
	x := Scalar(2).RequiresGrad_()
	y := x.Pow(2)
	y.Backward()
	e := mustPanic(t, ErrGrad, func() { y.Backward() })
	if !strings.Contains(e.Error(), "second time") || !strings.Contains(e.Error(), "PowBackward0") {
		t.Errorf("message %q", e)
	}
	x.SetGrad(nil)
	z := x.Pow(2)
	z.Backward(RetainGraph())
	z.Backward()
	if got := x.Grad().Item(); got != 8 {
		t.Errorf("grad after two retained passes = %v, want 4+4", got)
	}
	// Ops that save nothing can be run backward again, as in PyTorch.
	x.SetGrad(nil)
	w := x.Add(1)
	w.Backward()
	w.Backward()
	if got := x.Grad().Item(); got != 2 {
		t.Errorf("grad = %v, want 2", got)
	}
}

func TestModifiedSavedTensorIsReported(t *testing.T) {
	w := Vector(1, 2).RequiresGrad_()
	v := Vector(3, 4)
	y := w.Mul(v).Sum()
	v.Mul_(2)
	e := mustPanic(t, ErrGrad, func() { y.Backward() })
	if !strings.Contains(e.Error(), "modified by an in-place operation") || !strings.Contains(e.Error(), "MulBackward0") {
		t.Errorf("message %q", e)
	}
	// Through a view sharing the storage too.
	v2 := Vector(3, 4)
	y2 := w.Mul(v2).Sum()
	v2.Index(0).Fill_(0)
	mustPanic(t, ErrGrad, func() { y2.Backward() })
	// Data() is not tracked (PyTorch's .data): no error, stale values.
	v3 := Vector(3, 4)
	y3 := w.Mul(v3).Sum()
	v3.Data().Fill_(0)
	y3.Backward()
}

func TestBackwardNeedsScalarOrGradient(t *testing.T) {
	x := Vector(1, 2).RequiresGrad_()
	y := x.Mul(x)
	e := mustPanic(t, ErrGrad, func() { y.Backward() })
	if !strings.Contains(e.Error(), "scalar outputs") || !strings.Contains(e.Error(), "(2)") {
		t.Errorf("message %q", e)
	}
	mustPanic(t, ErrShape, func() { y.BackwardWithGrad(Ones(3)) })
	y.BackwardWithGrad(Vector(1, 10))
	if got := x.Grad().Float64s(); got[0] != 2 || got[1] != 40 {
		t.Errorf("grad = %v, want [2 40]", got)
	}
}

func TestRequiresGradFlags(t *testing.T) {
	x := Vector(1).RequiresGrad_()
	y := x.Mul(2)
	if y.RequiresGrad_() != y {
		t.Error("RequiresGrad_ on a non-leaf should return it unchanged")
	}
	mustPanic(t, ErrGrad, func() { y.SetRequiresGrad(false) })
	x.SetRequiresGrad(false)
	if x.RequiresGrad() {
		t.Error("SetRequiresGrad(false) on a leaf failed")
	}
	mustPanic(t, ErrShape, func() { x.SetGrad(Ones(2)) })
	mustPanic(t, ErrDType, func() { x.SetGrad(Ones(1).Double()) })
	mustPanic(t, ErrGrad, func() { Ones(1).RetainGrad() })
}

func TestGraphHooks(t *testing.T) {
	x := Scalar(3).RequiresGrad_().SetName("xt")
	c := Scalar(2)
	y := x.Pow(2).Mul(c).SetName("yt")
	if y.Name() != "yt" || x.Name() != "xt" {
		t.Error("names not kept")
	}
	in := y.GradFnInputs()
	if len(in) != 2 || in[1] != c || in[0].GradFnName() != "PowBackward0" {
		t.Fatalf("GradFnInputs = %v", in)
	}
	if got := in[0].GradFnInputs(); len(got) != 1 || got[0] != x {
		t.Errorf("PowBackward0 inputs = %v", got)
	}
	if x.GradFnInputs() != nil {
		t.Error("leaf has grad_fn inputs")
	}
}

func TestOperandTypes(t *testing.T) {
	x := Vector(1, 2)
	for _, v := range []any{int(2), int64(2), float32(2), float64(2), uint8(2)} {
		if got := x.Mul(v).Float64s(); got[1] != 4 {
			t.Errorf("Mul(%T) = %v", v, got)
		}
	}
	e := mustPanic(t, ErrValue, func() { x.Add("3") })
	if !strings.Contains(e.Error(), "string") {
		t.Errorf("message %q does not name the bad type", e)
	}
	mustPanic(t, ErrValue, func() { x.Add((*Tensor)(nil)) })
}

func TestErrorMessagesNameOpAndShapes(t *testing.T) {
	cases := []struct {
		f    func()
		want string
	}{
		{func() { Ones(100, 2).MatMul(Ones(3)) }, "gd: MatMul: shapes (100,2) and (3) are not aligned"},
		{func() { Ones(3).Add(Ones(2)) }, "gd: Add: shapes (3) and (2) cannot be broadcast"},
		{func() { Ones(2, 3).View(4, 2) }, "gd: View: shape [4, 2] is invalid for input of size 6"},
		{func() { Ones(3, 2).Index(3) }, "gd: Select: index 3 is out of bounds for dimension 0 with size 3"},
		{func() { Ones(3).Sum(1) }, "gd: Sum: dimension out of range"},
		{func() { Ones(2, 3).T().View(6) }, "gd: View: view size (6) is not compatible"},
	}
	for _, c := range cases {
		err := Catch(c.f)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("got %v, want prefix %q", err, c.want)
		}
	}
}

func TestTypePromotion(t *testing.T) {
	f32, f64 := Vector(1, 2), FromSlice([]float64{1, 2})
	if d := f32.Add(f64).DType(); d != Float64 {
		t.Errorf("float32 vector + float64 vector = %v, want float64", d)
	}
	if d := f32.Mul(FromSlice([]float64{2}).View()).DType(); d != Float32 {
		t.Errorf("float32 vector * float64 0-d = %v, want float32", d)
	}
	x := Vector(1, 2).RequiresGrad_()
	x.Double().Mul(f64).Sum().Backward()
	if x.Grad().DType() != Float32 {
		t.Errorf("grad of a float32 leaf has dtype %v", x.Grad().DType())
	}
	if x.Float() != x {
		t.Error("Float() on a float32 tensor should return it")
	}
}

func TestViewsShareAndCheckShapes(t *testing.T) {
	x := Arange(0, 6)
	v := x.View(2, -1)
	if got := v.Shape(); got[0] != 2 || got[1] != 3 {
		t.Fatalf("View(2,-1) shape %v", got)
	}
	v.Index(1).Fill_(9)
	if x.Float64s()[5] != 9 {
		t.Error("View does not share storage")
	}
	if r := x.View(2, 3).T().Reshape(6); r.Float64s()[1] != 9 || r.Float64s()[2] != 1 {
		t.Errorf("Reshape of a transpose = %v", r.Float64s())
	}
	if x.View(2, 3).T().IsContiguous() {
		t.Error("transpose reported contiguous")
	}
	mustPanic(t, ErrShape, func() { x.View(-1, -1) })
	mustPanic(t, ErrIndex, func() { x.Unsqueeze(3) })
	if got := Ones(1, 3, 1).Squeeze(0).Shape(); len(got) != 2 {
		t.Errorf("Squeeze(0) shape %v", got)
	}
	e := x.View(6, 1).Expand(6, 4)
	if e.strides[1] != 0 {
		t.Error("Expand copied instead of broadcasting")
	}
	if got := x.Slice(0, -2, 100).Float64s(); len(got) != 2 || got[1] != 9 {
		t.Errorf("Slice(-2, 100) = %v", got)
	}
	if got := x.IndexSelect(0, []int{-1, 0}).Float64s(); got[0] != 9 || got[1] != 0 {
		t.Errorf("IndexSelect = %v", got)
	}
	mustPanic(t, ErrValue, func() { Ones(2).Unpack3() })
}

func TestReductionsAndArgmax(t *testing.T) {
	m := Matrix([][]float64{{1, 5, 2}, {7, 0, 7}})
	if got := m.Argmax(1).Ints(); !slices.Equal(got, []int{1, 0}) {
		t.Errorf("Argmax(1) = %v, want [1 0] (first of ties)", got)
	}
	if got := m.Argmin(0).Ints(); !slices.Equal(got, []int{0, 1, 0}) {
		t.Errorf("Argmin(0) = %v", got)
	}
	if got := m.Argmax(); got.Dim() != 0 || got.Item() != 3 || got.DType() != Int64 {
		t.Errorf("Argmax() = %v", got)
	}
	if got := m.Max(1).Float64s(); got[0] != 5 || got[1] != 7 {
		t.Errorf("Max(1) = %v", got)
	}
	if got := m.Mean().Item(); got != 22.0/6 && float32(got) != float32(22.0/6) {
		t.Errorf("Mean = %v", got)
	}
	if got := m.SumKeepDim(1).Shape(); got[0] != 2 || got[1] != 1 {
		t.Errorf("SumKeepDim shape %v", got)
	}
	mustPanic(t, ErrIndex, func() { m.Sum(0, 0) })
	mustPanic(t, ErrValue, func() { Zeros(0).Argmax() })
}

func TestSharedIntermediateAccumulates(t *testing.T) {
	// h feeds two consumers; its gradient is the sum of both paths.
	x := Vector(1, 2).RequiresGrad_()
	h := x.Mul(2)
	y := h.Mul(h).Add(h).Sum() // Σ 4x² + 2x → grad 8x + 2
	y.Backward()
	if got := x.Grad().Float64s(); got[0] != 10 || got[1] != 18 {
		t.Errorf("grad = %v, want [10 18]", got)
	}
	gradcheck(t, func(in []*Tensor) *Tensor {
		h := in[0].Exp()
		return h.Mul(h.Sum()).Add(h.Sqrt())
	}, in64(50, -1, 1, 2, 3))
}

func TestSmallAPIs(t *testing.T) {
	x := Vector(8, 6)
	x.Div_(2)
	if got := x.Float64s(); got[0] != 4 || got[1] != 3 {
		t.Errorf("Div_ = %v", got)
	}
	a, b := x.Unpack2()
	if a.Item() != 4 || b.Item() != 3 {
		t.Error("Unpack2")
	}
	if got := Vector(1, 2, 3).Dot(Vector(4, 5, 6)).Item(); got != 32 {
		t.Errorf("Dot = %v", got)
	}
	mustPanic(t, ErrShape, func() { Ones(2, 2).Dot(Ones(2)) })
	ps := Params{Ones(2, 3).RequiresGrad_(), Ones(3).RequiresGrad_()}
	if ps.Numel() != 9 {
		t.Errorf("Numel = %d", ps.Numel())
	}
	ps[0].Sum().Backward()
	ps.ZeroGrad()
	if ps[0].Grad() != nil {
		t.Error("Params.ZeroGrad kept a gradient")
	}
	l := NewDataLoader(NewTensorDataset(Ones(4), Zeros(4)), 3)
	if l.BatchSize() != 3 || l.Dataset().Len() != 4 || len(l.Dataset().(*TensorDataset).Tensors()) != 2 {
		t.Error("DataLoader accessors")
	}
	s := NewSGD(ps, 0.1, Momentum(0.5))
	if len(s.Params()) != 2 || !strings.Contains(s.String(), "    momentum: 0.5\n") {
		t.Errorf("SGD accessors: %s", s)
	}
	c := Arange(0, 6).View(2, 3)
	c.Copy_(Vector(1, 2, 3))
	if got := c.Float64s(); got[3] != 1 || got[5] != 3 {
		t.Errorf("Copy_ broadcast = %v", got)
	}
	c.T().Copy_(c.T().Mul(2)) // overlapping source and destination
	if got := c.Float64s(); got[4] != 4 {
		t.Errorf("Copy_ through a transposed view = %v", got)
	}
}

func TestSiblingsShareUpstreamGradient(t *testing.T) {
	// Add hands the same upstream gradient tensor to both of its inputs;
	// a backward that wrote into it would corrupt its sibling's gradient.
	// Each masking op comes first in one order and last in the other.
	x := Vector(-3, 0.5, 3).RequiresGrad_()
	for _, order := range []string{"narrow first", "wide first"} {
		x.SetGrad(nil)
		narrow, wide := x.Clamp(-1, 1), x.Clamp(-5, 5)
		relu := x.ReLU()
		sum := narrow.Add(wide).Add(relu)
		if order == "wide first" {
			sum = relu.Add(wide).Add(narrow)
		}
		sum.Sum().Backward()
		// d/dx: clamp(-1,1) → [0 1 0], clamp(-5,5) → [1 1 1], relu → [0 1 1].
		if got := x.Grad().Float64s(); got[0] != 1 || got[1] != 3 || got[2] != 2 {
			t.Errorf("%s: grad = %v, want [1 3 2]", order, got)
		}
	}
	gradcheck(t, func(in []*Tensor) *Tensor {
		x := in[0]
		return x.Clamp(-0.5, 0.5).Add(x.ReLU()).Add(x.Clamp(-2, 0.3)).Add(x.Pow(2)).Add(x.Mul(3)).Add(x.Exp())
	}, in64(51, -2, 2, 2, 3))
}

func TestSeedGradientIsNeverExposed(t *testing.T) {
	// A 0-d root starts its backward pass from a shared unit gradient.
	// Whatever path it takes to a Grad (pass-through ops, views, dtype
	// changes, RetainGrad, a leaf root), zeroing that Grad in place must
	// not change the next pass: d/dx of each function is 1.
	paths := map[string]func(x *Tensor) *Tensor{
		"leaf":       func(x *Tensor) *Tensor { return x },
		"Clone":      func(x *Tensor) *Tensor { return x.Clone() },
		"Add 0":      func(x *Tensor) *Tensor { return x.Add(0) },
		"View":       func(x *Tensor) *Tensor { return x.View() },
		"To float64": func(x *Tensor) *Tensor { return x.To(Float64) },
		"Sum":        func(x *Tensor) *Tensor { return x.Sum() },
		"sibling":    func(x *Tensor) *Tensor { return x.Add(x.Detach()) },
	}
	for name, f := range paths {
		x := Scalar(3).RequiresGrad_()
		for pass := range 3 {
			y := f(x)
			if y.GradFnName() != "" {
				y.RetainGrad()
			}
			y.Backward()
			if got := x.Grad().Item(); got != 1 {
				t.Fatalf("%s, pass %d: grad = %v, want 1", name, pass, got)
			}
			if y.GradFnName() != "" {
				if got := y.Grad().Item(); got != 1 {
					t.Fatalf("%s, pass %d: retained grad = %v, want 1", name, pass, got)
				}
				y.Grad().Zero_()
			}
			x.Grad().Zero_()
			x.SetGrad(nil)
		}
	}
}

func TestUnbindOutputsShareOneNode(t *testing.T) {
	// Like PyTorch's UnbindBackward0, one node serves every slice; each
	// slice's gradient lands in its own place.
	x := Vector(1, 2, 3).RequiresGrad_()
	a, b, c := x.Unpack3()
	if a.GradFnName() != "UnbindBackward0" || c.GradFnName() != "UnbindBackward0" {
		t.Fatalf("grad_fn names %q, %q", a.GradFnName(), c.GradFnName())
	}
	b.RetainGrad()
	// y = a*b + 4b + c² → dy/dx = (b, a+4, 2c) = (2, 5, 6); dy/db = 5.
	y := a.Mul(b).Add(b.Mul(4)).Add(c.Square())
	y.Backward()
	if got := x.Grad().Float64s(); got[0] != 2 || got[1] != 5 || got[2] != 6 {
		t.Errorf("x.Grad() = %v, want [2 5 6]", got)
	}
	if got := b.Grad().Item(); got != 5 {
		t.Errorf("b.Grad() = %v, want 5", got)
	}
	// The node saves nothing, so a second pass through another slice is
	// allowed and adds only that slice's gradient (PyTorch 1.13 prints
	// [0, 0, 10] then [10, 0, 10]).
	x = Vector(1, 2, 3).RequiresGrad_()
	a, _, c = x.Unpack3()
	c.Mul(10).Backward()
	a.Mul(10).Backward()
	if got := x.Grad().Float64s(); got[0] != 10 || got[1] != 0 || got[2] != 10 {
		t.Errorf("after a second pass x.Grad() = %v, want [10 0 10]", got)
	}
	// A slice can be the root itself.
	p, q := Vector(7, 8).RequiresGrad_().Unpack2()
	q.Backward()
	if got := q.GradFnInputs()[0].Grad().Float64s(); got[0] != 0 || got[1] != 1 {
		t.Errorf("grad of a slice as the root = %v, want [0 1]", got)
	}
	_ = p
}
