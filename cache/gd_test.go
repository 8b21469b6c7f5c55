package cache

import (
	"math"
	"slices"
	"testing"

	"github.com/gonotebooks/descent/gd"
)

// gd's tensors and layers are stored through their MarshalBinary
// (safetensors) and come back bit for bit, with requires_grad; a trained
// layer read in a later cell predicts exactly what it did when trained.
func TestGdValuesRoundTrip(t *testing.T) {
	keyed(t, "decls", "call", "call")
	gd.ManualSeed(0)
	x := gd.Rand(3, 2).Mul(1e-30).RequiresGrad_()
	got := value("x", func() *gd.Tensor { return x }, "/cell/main.go", 10)
	if got != x {
		t.Fatal("the first call did not return the computed tensor")
	}
	again := value("x", func() *gd.Tensor { t.Error("recomputed the tensor"); return nil }, "/cell/main.go", 10)
	if again == x || !sameBits(again.Float64s(), x.Float64s()) || !again.RequiresGrad() || again.String() != x.String() {
		t.Errorf("tensor read back as %v (requires grad %v), want a copy of %v", again, again.RequiresGrad(), x)
	}

	model := gd.NewLinear(2, 1)
	in := gd.Rand(4, 2)
	want := model.Forward(in).Float64s()
	value("model", func() *gd.Linear { return model }, "/cell/main.go", 10)
	stored := value("model", func() *gd.Linear { t.Error("recomputed the layer"); return nil }, "/cell/main.go", 10)
	if stored == model || !sameBits(stored.Forward(in).Float64s(), want) {
		t.Errorf("the stored layer predicts %v, want %v", stored.Forward(in).Float64s(), want)
	}
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}
