package gd

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// Adam keeps PyTorch's bits while first moments decay through float32's
// subnormals (the dead-lane path of internal/vec): the fixture's parameter
// and moments, bit for bit, at every recorded step.
func TestAdamSubnormalMomentsMatchPyTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/adam_subnormal_fixture.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		N, Steps int
		Check    map[string]map[string][]uint32
	}
	if err := json.Unmarshal(raw, &fx); err != nil {
		t.Fatal(err)
	}
	init := make([]float32, fx.N)
	for i := range init {
		init[i] = float32((i*37)%19-9) / 16
	}
	p := Parameter(FromSlice(init, fx.N))
	opt := NewAdam(Params{p}, 1e-3)
	g := make([]float32, fx.N)
	subnormal := 0
	for step := 1; step <= fx.Steps; step++ {
		for i := range g {
			g[i] = 0
			if i%16 == 0 || step < 40+(i%64)*5 {
				g[i] = float32((7*i+13*step)%101-50) * 0x1p-14
			}
		}
		p.SetGrad(FromSlice(g, fx.N))
		opt.Step()
		want, ok := fx.Check[strconv.Itoa(step)]
		if !ok {
			continue
		}
		st := OptimizerStateDict(opt)
		for name, got := range map[string]*Tensor{"param": p, "exp_avg": st["state.0.exp_avg"], "exp_avg_sq": st["state.0.exp_avg_sq"]} {
			if got == nil {
				t.Fatalf("step %d: no %s in the optimizer's state", step, name)
			}
			for i, v := range got.Float32s() {
				if b := math.Float32bits(v); b != want[name][i] {
					t.Fatalf("step %d: %s[%d] = %#08x, PyTorch %#08x", step, name, i, b, want[name][i])
				}
				if name == "exp_avg" && v != 0 && math.Abs(float64(v)) < 0x1p-126 {
					subnormal++
				}
			}
		}
	}
	if subnormal == 0 {
		t.Fatal("no first moment was subnormal at a checked step: the fixture misses what it is for")
	}
}
