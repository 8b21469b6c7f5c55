package notebooks_test

import (
	"math"
	"strings"
	"testing"
)

// linregNotebook is the Go reproduction of "Notes - Gradient Descent" (after
// fastai course-v3 lesson2-sgd, article 004).
const linregNotebook = "05-sgd-linear-regression.ipynb"

// linregFixture is what testdata/05_linreg.py (PyTorch 1.13, seed 42) prints
// for the post's code, by notebook cell id, and the parameters after the
// animation's 100 updates.
type linregFixture struct {
	Stdout          map[string]string `json:"stdout"`
	AnimationFinalA []float64         `json:"animation_final_a"`
}

func TestLinregNamesTheArticle(t *testing.T) {
	nb := executedNotebook(t, linregNotebook)
	intro := nb.Cells[0].SourceText()
	for _, s := range []string{"Notes - Gradient Descent", "lesson2-sgd", "Go reproduction", "ManualSeed(42)", "unseeded"} {
		if !strings.Contains(intro, s) {
			t.Errorf("first cell does not mention %q", s)
		}
	}
}

// Every line the notebook prints equals what PyTorch prints for the post's
// code with the same seed.
func TestLinregPrintsWhatPyTorchPrints(t *testing.T) {
	nb := executedNotebook(t, linregNotebook)
	var want linregFixture
	batchesLoadFixture(t, "testdata/05_linreg.json", &want)
	if len(want.Stdout) != 6 {
		t.Fatalf("fixture has %d cells, want 6", len(want.Stdout))
	}
	for id, text := range want.Stdout {
		if got := batchesCell(t, nb, id).stdout(); got != text {
			t.Errorf("cell %s prints:\n%s\nPyTorch prints:\n%s", id, got, text)
		}
	}
	for _, id := range []string{"n", "y", "mse", "a-guess", "update", "animation"} {
		if got := batchesCell(t, nb, id).stdout(); got != "" {
			t.Errorf("cell %s prints %q, want nothing (as in the post)", id, got)
		}
	}
}

// The loss falls at every report and ends below the floor the noise allows
// plus a little: uniform noise on [0, 1) has variance 1/12 ≈ 0.083.
func TestLinregLossFalls(t *testing.T) {
	out := batchesCell(t, executedNotebook(t, linregNotebook), "train").stdout()
	if n := strings.Count(out, "grad_fn=<MeanBackward0>"); n != 10 {
		t.Errorf("training printed %d losses with grad_fn, want 10:\n%s", n, out)
	}
	losses := batchesNumber(t, out, "tensor(")
	if len(losses) != 10 {
		t.Fatalf("training printed %d losses, want 10", len(losses))
	}
	for i := 1; i < len(losses); i++ {
		if losses[i] > losses[i-1] {
			t.Errorf("loss rose from %v to %v at report %d", losses[i-1], losses[i], i)
		}
	}
	if losses[0] < 1 || losses[len(losses)-1] > 0.1 {
		t.Errorf("losses %v: want a start above 1 and an end below 0.1", losses)
	}
	// a ends near slope 3 and intercept 2 + 0.5 (the noise's mean).
	fit := batchesCell(t, executedNotebook(t, linregNotebook), "scatter-fit").stdout()
	a := batchesNumber(t, fit, "tensor([")
	b := batchesNumber(t, fit, ", ")
	if math.Abs(a[0]-3) > 0.15 || math.Abs(b[0]-2.5) > 0.1 {
		t.Errorf("fitted a = (%v, %v), want about (3, 2.5)", a[0], b[0])
	}
}

// The animation is a 101-frame timeline (the start and 100 updates) whose
// last frame draws the line x@a for the a PyTorch reaches from (-1, 1).
func TestLinregAnimation(t *testing.T) {
	nb := executedNotebook(t, linregNotebook)
	var want linregFixture
	batchesLoadFixture(t, "testdata/05_linreg.json", &want)
	jobs := batchesRender(t, batchesCell(t, nb, "animation").html())
	if len(jobs) != 1 {
		t.Fatalf("animation cell renders %d charts, want 1", len(jobs))
	}
	option := jobs[0]["option"].(map[string]any)
	frames, _ := option["options"].([]any)
	timeline, _ := option["baseOption"].(map[string]any)["timeline"].(map[string]any)
	ticks, _ := timeline["data"].([]any)
	if len(frames) != 101 || len(ticks) != 101 {
		t.Fatalf("animation has %d frames and %d timeline ticks, want 101", len(frames), len(ticks))
	}
	lineAt := func(frame int) []any {
		series := frames[frame].(map[string]any)["series"].([]any)
		data, _ := series[len(series)-1].(map[string]any)["data"].([]any)
		return data
	}
	for _, f := range []struct {
		frame int
		a     []float64
	}{{0, []float64{-1, 1}}, {100, want.AnimationFinalA}} {
		line := lineAt(f.frame)
		if len(line) != 100 {
			t.Fatalf("frame %d: line has %d points, want 100", f.frame, len(line))
		}
		for _, p := range line {
			xy := p.([]any)
			x, y := xy[0].(float64), xy[1].(float64)
			if want := f.a[0]*x + f.a[1]; math.Abs(y-want) > 1e-4 {
				t.Fatalf("frame %d: line at x=%v is %v, want %v (a = %v)", f.frame, x, y, want, f.a)
			}
		}
	}
	if !strings.Contains(batchesCell(t, nb, "animation").source(), "display.Animate(") {
		t.Error("the animation cell does not use display.Animate")
	}
}

func TestLinregCharts(t *testing.T) {
	nb := executedNotebook(t, linregNotebook)
	want := map[string]int{"scatter-data": 1, "scatter-guess": 1, "scatter-fit": 1, "animation": 1}
	total := 0
	for id, n := range want {
		if got := batchesCell(t, nb, id).charts(); got != n {
			t.Errorf("cell %s draws %d charts, want %d", id, got, n)
		}
		total += n
	}
	if got := nb.charts(); got != total {
		t.Errorf("notebook draws %d charts, want %d", got, total)
	}
	for id := range want {
		basicsAxesNamed(t, batchesCell(t, nb, id))
	}
	// The fit's second scatter is x@a for the fitted a.
	jobs := batchesRender(t, batchesCell(t, nb, "scatter-fit").html())
	series := jobs[0]["option"].(map[string]any)["series"].([]any)
	if len(series) != 2 {
		t.Fatalf("fit chart has %d series, want 2 (data, predictions)", len(series))
	}
}

// The first five rows of x are also shown as an HTML table (display.Tensor):
// a header row plus five value rows, with the same digits printing shows.
func TestLinregShowsTheRowsAsATable(t *testing.T) {
	nb := executedNotebook(t, linregNotebook)
	printed := nb.findCode(t, "fmt.Println(x.Slice(0, 0, 5))").stdout()
	h := nb.findCode(t, "display.Tensor(x.Slice(0, 0, 5))").html()
	if !strings.Contains(h, `class="gd-tensor"`) {
		t.Fatalf("no tensor table in the output:\n%.300s", h)
	}
	if rows := strings.Count(h, "<tr"); rows != 6 {
		t.Errorf("table has %d rows, want a header and 5 rows", rows)
	}
	// Every value printed for x[:5] appears as a cell of the table.
	for _, field := range strings.FieldsFunc(printed, func(r rune) bool { return strings.ContainsRune("tensor([]), \n", r) }) {
		if !strings.Contains(h, ">"+field+"<") {
			t.Errorf("printed value %s is not a cell of the table", field)
		}
	}
}
