package display

import (
	"html"
	"math"
	"reflect"
	"regexp"
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
	if len(r.updates) != 50 {
		t.Fatalf("%d live updates, want 50 redraws", len(r.updates))
	}
	if !strings.Contains(r.updates[49], "step 50/50") || !strings.Contains(r.updates[49], "width:100.0%") {
		t.Errorf("last live view does not show the finished bar: %.200s", r.updates[49])
	}
	for _, u := range r.updates {
		if u == "" {
			t.Error("the live view was blanked: that leaves an empty output in the notebook")
		}
	}
	if len(r.final) != 1 || len(r.final[0].html) == 0 || !strings.Contains(r.final[0].html, `class="gd-chart"`) {
		t.Fatalf("Done displayed %d outputs, want one final chart", len(r.final))
	}
	// The final chart replaces the live view: same display id, so the
	// notebook keeps one output for the loop.
	if !r.ids[r.final[0].displayID] {
		t.Errorf("final output has display id %q, not the live view's", r.final[0].displayID)
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

// A loop too short to draw a live view, or a view never updated, leaves its
// final chart as a new output.
func TestProgressWithoutLiveViewDisplaysANewOutput(t *testing.T) {
	r := recordLive(t)
	p := NewProgress(3, Refresh(time.Hour))
	p.Done()
	if len(r.updates) != 0 || len(r.final) != 1 || r.final[0].displayID != "" {
		t.Errorf("%d live updates, %d finals (display id %q); want only a new final output",
			len(r.updates), len(r.final), r.final[0].displayID)
	}
}

// What a notebook saves must not depend on how fast the machine is: the
// live view shows timings, the final summary shows the loss and where it
// was lowest instead, unless ShowElapsed asks for the time.
func TestProgressFinalSummaryIsDeterministic(t *testing.T) {
	run := func(opts ...FigureOption) (live string, final bundle) {
		r := recordLive(t)
		p := NewProgress(100, append([]FigureOption{Title("loss"), Refresh(0)}, opts...)...)
		for i := range 100 {
			loss := math.Abs(float64(i)-60) + 1 // lowest at step 61
			if i == 99 {
				loss = math.NaN()
			}
			p.Update(i+1, loss)
			if i == 9 {
				time.Sleep(3 * time.Millisecond) // some wall time to show
			}
		}
		p.Done()
		return r.updates[50], r.final[0]
	}
	timing := regexp.MustCompile(`\d(ns|µs|ms|s|m|h)\b`)
	live, final := run()
	if !timing.MatchString(live) || !strings.Contains(live, "left") {
		t.Errorf("live view lacks elapsed time and estimate: %.300s", live)
	}
	pictures := regexp.MustCompile(`base64,[A-Za-z0-9+/=]+`) // not text, and may look like "4s+"
	if h := pictures.ReplaceAllString(final.html, ""); timing.MatchString(final.text) || timing.MatchString(h) {
		t.Errorf("final output shows a wall time: %q", timing.FindString(final.text+h))
	}
	want := "loss: step 100/100, loss NaN (lowest 1 at step 61)"
	if !strings.HasPrefix(final.text, want+"\n") || !strings.Contains(final.html, html.EscapeString(want)) {
		t.Errorf("final summary = %.200q, want %q in the text and the HTML", final.text, want)
	}
	_, again := run()
	if again.text != final.text || stripIDs(again.svg) != stripIDs(final.svg) {
		t.Error("two identical runs give different final outputs")
	}
	// A loss that stops moving says since when.
	r := recordLive(t)
	p := NewProgress(5, Refresh(0))
	for i, l := range []float64{9, 4, 1, 1, 1} {
		p.Update(i+1, l)
	}
	p.Done()
	if want := "step 5/5, loss 1 (first reached at step 3)\n"; !strings.HasPrefix(r.final[0].text, want) {
		t.Errorf("stalled loss: summary %q, want %q", r.final[0].text, want)
	}
	_, timed := run(ShowElapsed())
	if first := strings.SplitN(timed.text, "\n", 2)[0]; !timing.MatchString(first) {
		t.Errorf("ShowElapsed: final summary %q has no time", first)
	}
}

// stripIDs removes the random element ids and clip-path names of an output.
func stripIDs(s string) string {
	return regexp.MustCompile(`gd-[0-9a-f]{12}-\d+`).ReplaceAllString(s, "ID")
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

// The smoothed loss is the debiased exponential moving average, checked
// against its closed form: Σ (1-β) β^(n-i) loss_i / (1 - β^n).
func TestProgressSmoothedLossAndLabels(t *testing.T) {
	r := recordLive(t)
	const beta = 0.9
	losses := []float64{3, 1, math.NaN(), 2, 0.5, 1.0 / 3}
	p := NewProgress(len(losses), Smooth(beta), XLabel("epoch"), Refresh(0))
	for i, l := range losses {
		p.Update(i+1, l)
	}
	var finite []float64
	for _, l := range losses {
		if !math.IsNaN(l) {
			finite = append(finite, l)
		}
	}
	n, want := len(finite), 0.0
	for i, l := range finite {
		want += (1 - beta) * math.Pow(beta, float64(n-1-i)) * l
	}
	want /= 1 - math.Pow(beta, float64(n))
	if got := p.smooth(); math.Abs(got-want) > 1e-12 {
		t.Errorf("smoothed loss %v, want %v", got, want)
	}
	p.Done()
	summary := strings.SplitN(r.final[0].text, "\n", 2)[0]
	if wantText := "step 6/6, loss 0.3333, smoothed " + sig4(want); !strings.HasPrefix(summary, wantText) {
		t.Errorf("summary %q, want it to start %q (4 significant digits)", summary, wantText)
	}
	m := decoded(t, p.figure(finalPoints).spec().option)
	if name := get(t, m, "xAxis", 0, "name"); name != "epoch" {
		t.Errorf("x axis named %v, want epoch", name)
	}
	if got := get(t, m, "legend", "data"); !reflect.DeepEqual(got, []any{"loss", "smoothed (β = 0.9)"}) {
		t.Errorf("legend %v, want the loss and its smoothed curve", got)
	}
}
