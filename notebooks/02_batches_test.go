package notebooks_test

import (
	"encoding/json"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// batchesNotebook is the Go reproduction of "Gradient descent and batches"
// (Erik Rodner, article 001).
const batchesNotebook = "02-gradient-descent-and-batches.ipynb"

// batchesFixture is what testdata/02_batches.py (NumPy 1.24, PyTorch 1.13)
// prints for the page's code: the text of each notebook cell, by cell id.
type batchesFixture struct {
	Stdout        map[string]string `json:"stdout"`
	RosenbrockEnd []float64         `json:"rosenbrock_end"`
}

func batchesLoadFixture(t *testing.T, path string, into any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, into); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// batchesCell returns the code cell with the given id.
func batchesCell(t *testing.T, nb *notebook, id string) cell {
	t.Helper()
	for _, c := range nb.code() {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no code cell with id %q", id)
	return cell{}
}

// batchesRender decodes the chart jobs a cell's HTML hands to the page
// (window.gdDisplay.render({...})), so tests can read the data drawn.
func batchesRender(t *testing.T, html string) []map[string]any {
	t.Helper()
	const call = "window.gdDisplay.render("
	var jobs []map[string]any
	for rest := html; ; {
		i := strings.Index(rest, call)
		if i < 0 {
			break
		}
		rest = rest[i+len(call):]
		var job map[string]any
		if err := json.NewDecoder(strings.NewReader(rest)).Decode(&job); err != nil {
			t.Fatalf("decoding a chart job: %v", err)
		}
		jobs = append(jobs, job)
	}
	return jobs
}

// batchesNumber extracts the numbers that follow each occurrence of label in s, e.g.
// "w = " in "w = 2.0704".
func batchesNumber(t *testing.T, s, label string) []float64 {
	t.Helper()
	re := regexp.MustCompile(regexp.QuoteMeta(label) + ` *(-?[0-9.]+(?:e[-+]?[0-9]+)?)`)
	var out []float64
	for _, m := range re.FindAllStringSubmatch(s, -1) {
		v, err := strconv.ParseFloat(m[1], 64)
		if err != nil {
			t.Fatalf("parsing %q: %v", m[0], err)
		}
		out = append(out, v)
	}
	if len(out) == 0 {
		t.Fatalf("no %q in %q", label, s)
	}
	return out
}

func TestBatchesNamesTheArticle(t *testing.T) {
	nb := executedNotebook(t, batchesNotebook)
	intro := nb.Cells[0].SourceText()
	for _, s := range []string{"Gradient descent and batches", "Erik Rodner", "Go reproduction"} {
		if !strings.Contains(intro, s) {
			t.Errorf("first cell does not mention %q", s)
		}
	}
}

// Every line the notebook prints equals what NumPy and PyTorch print for the
// page's code (and for the notebook's additions, computed in Python).
func TestBatchesPrintsWhatPythonPrints(t *testing.T) {
	nb := executedNotebook(t, batchesNotebook)
	var want batchesFixture
	batchesLoadFixture(t, "testdata/02_batches.json", &want)
	if len(want.Stdout) != 7 {
		t.Fatalf("fixture has %d cells, want 7", len(want.Stdout))
	}
	for id, text := range want.Stdout {
		if got := batchesCell(t, nb, id).stdout(); got != text {
			t.Errorf("cell %s prints:\n%s\nPython prints:\n%s", id, got, text)
		}
	}
	// Cells that print nothing.
	for _, id := range []string{"imports", "torch-data"} {
		if got := batchesCell(t, nb, id).stdout(); got != "" {
			t.Errorf("cell %s prints %q, want nothing", id, got)
		}
	}
}

// The gradient of the mean loss is the mean of the per-example gradients:
// by hand, (1/5)·Σ −2(yᵢ − 1.5xᵢ)xᵢ = −2·27.7/5 = −11.08.
func TestBatchesAverageOfGradients(t *testing.T) {
	out := batchesCell(t, executedNotebook(t, batchesNotebook), "average-check").stdout()
	for _, label := range []string{"gradient of the mean loss:", "mean of per-example gradients:"} {
		if got := batchesNumber(t, out, label)[0]; got != -11.08 {
			t.Errorf("%s %v, want -11.0800", label, got)
		}
	}
}

// The NumPy loop and the per-sample PyTorch loop recover the lines the data
// was drawn around (5x + 7 and 2x + 3), up to the noise.
func TestBatchesPerSampleSGDFindsTheLine(t *testing.T) {
	nb := executedNotebook(t, batchesNotebook)
	np := batchesCell(t, nb, "numpy-sgd").stdout()
	if w := batchesNumber(t, np, "Trained weight: ")[0]; math.Abs(w-5) > 0.2 {
		t.Errorf("NumPy SGD weight %v, want 5 ± 0.2", w)
	}
	if b := batchesNumber(t, np, "Trained bias: ")[0]; math.Abs(b-7) > 0.5 {
		t.Errorf("NumPy SGD bias %v, want 7 ± 0.5", b)
	}
	// The first report is the loss of the random start, the last ones are small.
	losses := batchesNumber(t, np, "Loss: ")
	if len(losses) != 50 || losses[0] < 100 || losses[len(losses)-1] > 10 {
		t.Errorf("NumPy SGD losses %v: want 50 reports falling from > 100 to < 10", losses)
	}

	torch := batchesCell(t, nb, "per-sample").stdout()
	after := torch[strings.Index(torch, "Model Parameters after SGD:"):]
	if w := batchesNumber(t, after, "tensor([[")[0]; math.Abs(w-2) > 0.15 {
		t.Errorf("per-sample weight %v, want 2 ± 0.15", w)
	}
	// The weight prints as tensor([[w]], ...), the bias as tensor([b], ...).
	if b := batchesNumber(t, after, "Parameter containing:\ntensor([")[0]; math.Abs(b-3) > 0.3 {
		t.Errorf("per-sample bias %v, want 3 ± 0.3", b)
	}
	if n := strings.Count(torch, "Sample ["); n != 50 {
		t.Errorf("per-sample loop printed %d reports, want 50", n)
	}
}

// Five epochs of mini-batches are 50 updates: the weight is close, the bias
// still far below 3, and the loss on all points above the per-sample run's.
func TestBatchesMiniBatchNeedsMoreUpdates(t *testing.T) {
	nb := executedNotebook(t, batchesNotebook)
	mb := batchesCell(t, nb, "mini-batch").stdout()
	if n := strings.Count(mb, "Epoch ["); n != 5 {
		t.Errorf("mini-batch loop printed %d epoch lines, want 5", n)
	}
	cmp := batchesCell(t, nb, "compare").stdout()
	loss := batchesNumber(t, cmp, "loss on all points = ")
	w := batchesNumber(t, cmp, "w = ")
	b := batchesNumber(t, cmp, "b = ")
	if len(loss) != 2 || len(w) != 2 || len(b) != 2 {
		t.Fatalf("compare cell prints %q", cmp)
	}
	// The noise has variance 1, so no line does much better than an MSE of 1.
	if loss[0] < 0.8 || loss[0] > 1.5 {
		t.Errorf("per-sample loss on all points %v, want about 1 (the noise variance)", loss[0])
	}
	if loss[1] <= loss[0] {
		t.Errorf("mini-batch loss %v should be above per-sample loss %v after 5 epochs", loss[1], loss[0])
	}
	if math.Abs(w[1]-2) > 0.5 || b[1] > 1.5 {
		t.Errorf("mini-batch w = %v, b = %v: want w near 2 and b still far below 3", w[1], b[1])
	}
}

// The 3-D figure is a surface with the descent path on it, ending where the
// same loop in Python ends, near the minimum (1, 1).
func TestBatchesRosenbrockSurface(t *testing.T) {
	nb := executedNotebook(t, batchesNotebook)
	var want batchesFixture
	batchesLoadFixture(t, "testdata/02_batches.json", &want)
	jobs := batchesRender(t, batchesCell(t, nb, "rosenbrock").html())
	if len(jobs) != 1 {
		t.Fatalf("rosenbrock cell renders %d charts, want 1", len(jobs))
	}
	series, _ := jobs[0]["option"].(map[string]any)["series"].([]any)
	types := map[string][]any{}
	for _, s := range series {
		m := s.(map[string]any)
		types[m["type"].(string)], _ = m["data"].([]any)
	}
	if len(types["surface"]) != 60*60 {
		t.Errorf("surface has %d points, want 60×60", len(types["surface"]))
	}
	path := types["line3D"]
	if len(path) != 1+20+100 {
		t.Fatalf("descent path has %d points, want 121 (start, 20 early steps, every 50th up to 5000)", len(path))
	}
	point := func(p any) []any { return p.(map[string]any)["value"].([]any) }
	if start := point(path[0]); start[0] != 0.0 || start[1] != 2.5 {
		t.Errorf("path starts at %v, want (0, 2.5)", start)
	}
	end := point(path[len(path)-1])
	for i, w := range want.RosenbrockEnd {
		if got := end[i].(float64); math.Abs(got-w) > 1e-6 {
			t.Errorf("path ends at %v, Python's loop at %v", end[:2], want.RosenbrockEnd)
		}
	}
	if math.Hypot(want.RosenbrockEnd[0]-1, want.RosenbrockEnd[1]-1) > 0.1 {
		t.Errorf("descent ends at %v, want within 0.1 of the minimum (1, 1)", want.RosenbrockEnd)
	}
}

// The page's figure is an animation: the same descent plays on the contour
// map, one frame per recorded point of the path (121: the start, 20 early
// steps, then every 50th), the last frame ending where Python's loop ends.
func TestBatchesRosenbrockAnimation(t *testing.T) {
	nb := executedNotebook(t, batchesNotebook)
	var want batchesFixture
	batchesLoadFixture(t, "testdata/02_batches.json", &want)
	c := batchesCell(t, nb, "rosenbrock-animation")
	if !strings.Contains(c.source(), "display.Animate(") {
		t.Error("the animation cell does not use display.Animate")
	}
	jobs := batchesRender(t, c.html())
	if len(jobs) != 1 {
		t.Fatalf("animation cell renders %d charts, want 1", len(jobs))
	}
	option := jobs[0]["option"].(map[string]any)
	frames, _ := option["options"].([]any)
	if len(frames) != 121 {
		t.Fatalf("animation has %d frames, want 121", len(frames))
	}
	// A frame lists the data of the base option's series, in their order.
	idx := -1
	for i, s := range option["baseOption"].(map[string]any)["series"].([]any) {
		if s.(map[string]any)["name"] == "gradient descent, γ = 0.001" {
			idx = i
		}
	}
	if idx < 0 {
		t.Fatal("the animation has no descent path")
	}
	path := func(frame int) []any {
		data, _ := frames[frame].(map[string]any)["series"].([]any)[idx].(map[string]any)["data"].([]any)
		return data
	}
	if first := path(0); len(first) != 1 || first[0].([]any)[0] != 0.0 || first[0].([]any)[1] != 2.5 {
		t.Errorf("frame 0 draws %v, want the start (0, 2.5) alone", first)
	}
	last := path(120)
	end := last[len(last)-1].([]any)
	if len(last) != 121 {
		t.Errorf("the last frame draws %d points, want the whole path of 121", len(last))
	}
	for i, w := range want.RosenbrockEnd {
		if got := end[i].(float64); math.Abs(got-w) > 1e-6 {
			t.Errorf("the last frame ends at %v, Python's loop at %v", end, want.RosenbrockEnd)
		}
	}
}

func TestBatchesCharts(t *testing.T) {
	nb := executedNotebook(t, batchesNotebook)
	want := map[string]int{
		"rosenbrock":           1, // the page's 3-D figure
		"rosenbrock-animation": 1, // and its animation, on the map
		"numpy-sgd":            1, // live view, final state
		"per-sample":           1,
		"mini-batch":           1,
		"compare":              2, // fitted lines, loss curves
	}
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
}
