package display

import (
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/gonotebooks/descent/gd"
)

// liveRecorder stands in for GoNB: it records transient updates and final
// displays as a notebook session would receive them.
type liveRecorder struct {
	updates []string // HTML sent to the live display id, in order
	ids     map[string]bool
	final   []bundle
}

func recordLive(t *testing.T) *liveRecorder {
	t.Helper()
	r := &liveRecorder{ids: map[string]bool{}}
	savedU, savedP, savedE, savedNB := updateLive, printLive, emit, gonbui.IsNotebook
	updateLive = func(id, h string) { r.ids[id] = true; r.updates = append(r.updates, h) }
	printLive = func(string) { t.Error("printed to the terminal in notebook mode") }
	emit = func(b bundle) { r.final = append(r.final, b) }
	gonbui.IsNotebook = true
	t.Cleanup(func() { updateLive, printLive, emit, gonbui.IsNotebook = savedU, savedP, savedE, savedNB })
	return r
}

func TestProgressUpdatesInPlaceThenLeavesOneFinalChart(t *testing.T) {
	r := recordLive(t)
	p := NewProgress(50, Title("fit"), Refresh(0))
	for i := range 50 {
		p.Update(i+1, 100/float64(i+1))
	}
	p.Done()
	p.Done() // idempotent

	if len(r.ids) != 1 {
		t.Errorf("live view used %d display ids, want 1", len(r.ids))
	}
	if len(r.updates) != 51 {
		t.Fatalf("%d live updates, want 50 redraws and 1 clear", len(r.updates))
	}
	if !strings.Contains(r.updates[49], "step 50/50") || !strings.Contains(r.updates[49], "width:100.0%") {
		t.Errorf("last live view does not show the finished bar: %.200s", r.updates[49])
	}
	if r.updates[50] != "" {
		t.Error("Done does not clear the transient view")
	}
	if len(r.final) != 1 || len(r.final[0].html) == 0 || !strings.Contains(r.final[0].html, `class="gd-chart"`) {
		t.Fatalf("Done displayed %d outputs, want one final chart", len(r.final))
	}
	if !strings.Contains(r.final[0].text, "fit: step 50/50, loss 2") {
		t.Errorf("final summary = %q", r.final[0].text)
	}
	xs, ys := p.curve()
	if len(xs) != 50 || xs[49] != 50 || ys[0] != 100 {
		t.Errorf("final curve has %d points ending at step %v", len(xs), xs[len(xs)-1])
	}
	wantPanic(t, gd.ErrValue, func() { p.Update(51, 1) }, "after Done")
}

func TestProgressThrottlesRedraws(t *testing.T) {
	r := recordLive(t)
	p := NewProgress(100000, Refresh(time.Hour))
	for i := range 100000 {
		p.Update(i+1, float64(i))
	}
	if len(r.updates) != 1 {
		t.Errorf("%d redraws for 10⁵ updates within one refresh interval, want 1", len(r.updates))
	}
	// Memory stays bounded on long runs, and the last step is kept.
	if len(p.steps) >= maxPoints {
		t.Errorf("kept %d points, want fewer than %d", len(p.steps), maxPoints)
	}
	xs, ys := p.curve()
	if xs[len(xs)-1] != 100000 || ys[len(ys)-1] != 99999 {
		t.Errorf("curve ends at (%v, %v), want the last step", xs[len(xs)-1], ys[len(ys)-1])
	}
	for i := 1; i < len(xs); i++ {
		if xs[i] <= xs[i-1] {
			t.Fatalf("curve steps not increasing at %d: %v, %v", i, xs[i-1], xs[i])
		}
	}
}

func TestProgressDivergingLoss(t *testing.T) {
	r := recordLive(t)
	p := NewProgress(3, LogY(), Refresh(0))
	p.Update(1, 10)
	p.Update(2, math.Inf(1))
	p.Update(3, math.NaN())
	p.Done()
	if len(r.final) != 1 {
		t.Fatal("no final output")
	}
	if !strings.Contains(r.final[0].text, "loss NaN") {
		t.Errorf("summary hides the NaN loss: %q", r.final[0].text)
	}
}

// Update must cost next to nothing between redraws, so a 10⁵-step loop is
// not slowed by the view.
func BenchmarkProgressUpdate(b *testing.B) {
	savedU, savedP := updateLive, printLive
	updateLive, printLive = func(string, string) {}, func(string) {}
	defer func() { updateLive, printLive = savedU, savedP }()
	p := NewProgress(b.N + 1)
	b.ResetTimer()
	for i := range b.N {
		p.Update(i+1, float64(i))
	}
}

func TestDecimateKeepsShape(t *testing.T) {
	n := 10000
	xs, ys := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i], ys[i] = float64(i), math.Sin(float64(i)/500)
	}
	ys[1234] = 50          // a spike
	ys[5678] = math.Inf(1) // a divergence
	ox, oy := decimate(xs, ys, 400)
	if len(ox) > 410 || len(ox) < 200 {
		t.Errorf("decimated to %d points, want about 400", len(ox))
	}
	has := func(x float64) bool { return slices.Contains(ox, x) }
	if !has(1234) || !has(5678) || !has(0) || !has(float64(n-1)) {
		t.Error("decimation lost the spike, the gap, or an end point")
	}
	for i := 1; i < len(ox); i++ {
		if ox[i] <= ox[i-1] {
			t.Fatalf("decimated x not increasing at %d", i)
		}
	}
	if lo, hi := extent(false, oy); lo != -1 && math.Abs(lo+1) > 1e-3 || hi != 50 {
		t.Errorf("decimated range [%v, %v], want about [-1, 50]", lo, hi)
	}
}
