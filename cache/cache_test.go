package cache

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
)

// keyed sets the shim's keys for a pretend cell with calls on lines 10 and
// 20, and restores the empty (off) state afterwards.
func keyed(t *testing.T, code, call10, call20 string) {
	t.Helper()
	old := [4]string{codeKey, callKeys, callFile, dir}
	t.Cleanup(func() { codeKey, callKeys, callFile, dir = old[0], old[1], old[2], old[3] })
	codeKey, callKeys, callFile = code, "10:"+call10+",20:"+call20, "/cell/main.go"
	dir = t.TempDir()
}

// counter returns a compute function that counts its runs.
func counter(result int) (func() int, *int) {
	n := 0
	return func() int { n++; return result }, &n
}

func TestHitMissAndNeverStale(t *testing.T) {
	keyed(t, "decls-1", "call-a", "call-a")
	compute, runs := counter(42)
	if v := value("answer", compute, "/cell/main.go", 10); v != 42 || *runs != 1 {
		t.Fatalf("first call = %d after %d runs, want 42 after 1", v, *runs)
	}
	// Another cell, the same code: a hit, from another call site with the same text.
	again, againRuns := counter(-1)
	if v := value("answer", again, "/cell/main.go", 20); v != 42 || *againRuns != 0 {
		t.Errorf("second call = %d after %d runs, want the stored 42 without running compute", v, *againRuns)
	}
	// A declaration changed: computed again, and the new result is what later calls get.
	codeKey = "decls-2"
	changed, changedRuns := counter(48)
	if v := value("answer", changed, "/cell/main.go", 10); v != 48 || *changedRuns != 1 {
		t.Errorf("after a change = %d after %d runs, want a fresh 48", v, *changedRuns)
	}
	// The compute argument's text changed: computed again.
	callKeys = "10:call-b"
	other, otherRuns := counter(7)
	if v := value("answer", other, "/cell/main.go", 10); v != 7 || *otherRuns != 1 {
		t.Errorf("after a new compute argument = %d after %d runs, want a fresh 7", v, *otherRuns)
	}
	// Back to the first code: its value was kept.
	codeKey, callKeys = "decls-1", "10:call-a"
	first, firstRuns := counter(-1)
	if v := value("answer", first, "/cell/main.go", 10); v != 42 || *firstRuns != 0 {
		t.Errorf("back to the first code = %d after %d runs, want its stored 42", v, *firstRuns)
	}
}

func TestNoKeyNoCache(t *testing.T) {
	keyed(t, "decls", "call", "call")
	for _, c := range []struct {
		name string
		file string
		line int
	}{{"call site the shim did not see", "/cell/main.go", 11}, {"another file", "/elsewhere/lib.go", 10}} {
		compute, runs := counter(1)
		value("v", compute, c.file, c.line)
		value("v", compute, c.file, c.line)
		if *runs != 2 {
			t.Errorf("%s: compute ran %d times for two calls, want 2 (no caching)", c.name, *runs)
		}
	}
	codeKey = ""
	compute, runs := counter(1)
	value("v", compute, "/cell/main.go", 10)
	value("v", compute, "/cell/main.go", 10)
	if *runs != 2 {
		t.Errorf("outside a notebook compute ran %d times for two calls, want 2", *runs)
	}
}

// weights implements BinaryMarshaler as gd's tensors do: its own bytes, here
// float64 bits, so the round trip is exact.
type weights struct{ w []float64 }

func (p *weights) MarshalBinary() ([]byte, error) {
	var b []byte
	for _, x := range p.w {
		bits := math.Float64bits(x)
		for i := range 8 {
			b = append(b, byte(bits>>(8*i)))
		}
	}
	return b, nil
}

func (p *weights) UnmarshalBinary(b []byte) error {
	if len(b)%8 != 0 {
		return errors.New("weights: length not a multiple of 8")
	}
	p.w = make([]float64, len(b)/8)
	for i := range p.w {
		var bits uint64
		for j := range 8 {
			bits |= uint64(b[8*i+j]) << (8 * j)
		}
		p.w[i] = math.Float64frombits(bits)
	}
	return nil
}

type history struct {
	Epochs int
	Losses []float64
}

// onlyJSON cannot be gob-encoded (no exported fields) but marshals to JSON.
type onlyJSON struct{ x int }

func (o onlyJSON) MarshalJSON() ([]byte, error) { return json.Marshal(map[string]int{"x": o.x}) }

func (o *onlyJSON) UnmarshalJSON(b []byte) error {
	var m map[string]int
	err := json.Unmarshal(b, &m)
	o.x = m["x"]
	return err
}

func TestValuesRoundTrip(t *testing.T) {
	keyed(t, "decls", "call", "call")
	stored := func(t *testing.T, want any, get func() any) {
		t.Helper()
		if got := get(); !equal(got, want) {
			t.Errorf("read back %#v, want %#v", got, want)
		}
	}
	w := &weights{w: []float64{0.1, -2.5e-300, math.Inf(1)}}
	value("w", func() *weights { return w }, "/cell/main.go", 10)
	stored(t, w, func() any {
		return value("w", func() *weights { t.Error("recomputed *weights"); return nil }, "/cell/main.go", 10)
	})
	h := history{Epochs: 3, Losses: []float64{1, 0.5, 0.25}}
	value("h", func() history { return h }, "/cell/main.go", 10)
	stored(t, h, func() any {
		return value("h", func() history { t.Error("recomputed history"); return history{} }, "/cell/main.go", 10)
	})
	j := onlyJSON{x: 7}
	value("j", func() onlyJSON { return j }, "/cell/main.go", 10)
	stored(t, j, func() any {
		return value("j", func() onlyJSON { t.Error("recomputed onlyJSON"); return onlyJSON{} }, "/cell/main.go", 10)
	})
	// Same name, another type: its own value, not a failed decode of the other.
	if got := value("h", func() int { return 5 }, "/cell/main.go", 10); got != 5 {
		t.Errorf("an int under the name of a history = %d, want 5", got)
	}
}

func equal(a, b any) bool {
	switch x := a.(type) {
	case *weights:
		y := b.(*weights)
		if len(x.w) != len(y.w) {
			return false
		}
		for i := range x.w {
			if math.Float64bits(x.w[i]) != math.Float64bits(y.w[i]) {
				return false
			}
		}
		return true
	case history:
		y := b.(history)
		if x.Epochs != y.Epochs || len(x.Losses) != len(y.Losses) {
			return false
		}
		for i := range x.Losses {
			if x.Losses[i] != y.Losses[i] {
				return false
			}
		}
		return true
	}
	return a == b
}
