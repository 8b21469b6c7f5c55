package gd

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func mlp() *Sequential {
	return NewSequential(NewLinear(3, 4), NewReLU(), NewLinear(4, 1, NoBias()))
}

// Names and repr as PyTorch's for the same model.
func TestStateDictNamesMatchPyTorch(t *testing.T) {
	fx := loadOptimFixtures(t)
	m := mlp()
	var names []string
	for _, nt := range m.NamedParameters() {
		names = append(names, nt.Name)
	}
	if !slices.Equal(names, fx.StateDict.SequentialKeys) {
		t.Errorf("names %v, PyTorch %v", names, fx.StateDict.SequentialKeys)
	}
	if got := m.String(); got != fx.StateDict.SequentialRepr {
		t.Errorf("repr\n%s\nPyTorch\n%s", got, fx.StateDict.SequentialRepr)
	}
	sd := StateDict(m)
	if len(sd) != 3 || sd["0.weight"].RequiresGrad() || !slices.Equal(sd["2.weight"].Shape(), []int{1, 4}) {
		t.Errorf("state dict %v", describeStateDict(sd))
	}
}

// Train in one "cell", save; build a fresh model in the next and load it:
// same parameters, same predictions, bit for bit.
func TestSaveAndLoadModule(t *testing.T) {
	ManualSeed(1)
	x, y := Randn(16, 3), Randn(16, 1)
	m := mlp()
	opt := NewAdam(m.Parameters(), 0.01)
	for range 20 {
		opt.ZeroGrad()
		MSELoss()(m.Forward(x), y).Backward()
		opt.Step()
	}
	path := filepath.Join(t.TempDir(), "mlp.safetensors")
	if err := SaveModule(path, m); err != nil {
		t.Fatal(err)
	}
	fresh := mlp()
	if err := LoadModule(path, fresh); err != nil {
		t.Fatal(err)
	}
	for i, p := range fresh.Parameters() {
		sameTensor(t, "parameter", p, m.Parameters()[i])
		if !p.RequiresGrad() || !p.IsParameter() {
			t.Error("loading replaced the parameters instead of copying into them")
		}
	}
	sameTensor(t, "prediction", fresh.Forward(x), m.Forward(x))

	// The same through bytes (encoding.BinaryMarshaler), for a cache.
	b, err := m.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	again := mlp()
	if err := again.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	sameTensor(t, "prediction from bytes", again.Forward(x), m.Forward(x))
	lb, _ := m.Layers[0].(*Linear).MarshalBinary()
	var l Linear // a zero Linear is built from the saved shapes
	if err := l.UnmarshalBinary(lb); err != nil {
		t.Fatal(err)
	}
	if l.String() != "Linear(in_features=3, out_features=4, bias=True)" {
		t.Errorf("rebuilt %v", &l)
	}
	sameTensor(t, "rebuilt layer", l.Forward(x), m.Layers[0].Forward(x))
	var l2 Linear
	if err := l2.UnmarshalBinary(b); err == nil {
		t.Error("a Sequential's bytes made a Linear")
	}
}

func TestLoadStateDictErrorsNameKeysAndShapes(t *testing.T) {
	m := mlp()
	before := m.Parameters()[0].Float64s()
	good := StateDict(mlp())
	check := func(name string, sd map[string]*Tensor, kind ErrorKind, wants ...string) {
		t.Helper()
		err := LoadStateDict(m, sd)
		var e *Error
		if !errors.As(err, &e) || e.Kind != kind {
			t.Errorf("%s: got %v, want a %v", name, err, kind)
			return
		}
		for _, w := range wants {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q does not mention %q", name, err, w)
			}
		}
		if !slices.Equal(m.Parameters()[0].Float64s(), before) {
			t.Errorf("%s: a failed load changed the model", name)
		}
	}
	missing := StateDict(mlp())
	delete(missing, "0.bias")
	check("missing", missing, ErrValue, `missing key(s) in state_dict: "0.bias"`)
	extra := StateDict(mlp())
	extra["3.weight"] = Ones(1)
	check("unexpected", extra, ErrValue, `unexpected key(s) in state_dict: "3.weight"`)
	shape := StateDict(mlp())
	shape["0.weight"] = Ones(3, 4)
	check("shape", shape, ErrShape, "size mismatch for 0.weight", "(3,4) from checkpoint", "current model is (4,3)")
	if err := LoadStateDict(m, good); err != nil {
		t.Errorf("a matching state dict: %v", err)
	}
	// float64 values load into float32 parameters, converted (load_state_dict copies).
	l := NewLinear(2, 1)
	if err := LoadStateDict(l, map[string]*Tensor{"weight": FromSlice([]float64{0.5, 0.25}, 1, 2), "bias": FromSlice([]float64{1}, 1)}); err != nil || l.Weight.DType() != Float32 || l.Weight.Float64s()[1] != 0.25 {
		t.Errorf("float64 into float32: %v %v", err, l.Weight)
	}
	if err := SaveModule(filepath.Join(t.TempDir(), "x"), unnamed{}); !errors.Is(err, ErrValue) || !strings.Contains(err.Error(), "gd.unnamed") {
		t.Errorf("a module without names: %v", err)
	}
	if err := LoadModule(filepath.Join(t.TempDir(), "none.safetensors"), m); err == nil {
		t.Error("loading a missing file succeeded")
	}
}

type unnamed struct{}

func (unnamed) Forward(x *Tensor) *Tensor { return x }
func (unnamed) Parameters() Params        { return Params{Ones(1).RequiresGrad_()} }
