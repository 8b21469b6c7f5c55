package notebooks_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// classifyNotebook carries fastbook chapter 4 (which article 000 follows)
// from regression to classification, on the 8×8 digits.
const classifyNotebook = "07-regression-to-classification.ipynb"

// classifyFixture is what testdata/make_07_fixtures.py (PyTorch 1.13)
// computes with the notebook's steps: each cell's printed text, by cell id,
// and the key results as numbers.
type classifyFixture struct {
	Stdout    map[string]string          `json:"stdout"`
	Histories map[string]classifyHistory `json:"histories"`
	Confusion [][]int                    `json:"confusion"`
	LRSweep   []struct {
		LR        float64         `json:"lr"`
		MnistLoss classifyHistory `json:"mnist_loss"`
		BCE       classifyHistory `json:"bce"`
	} `json:"lr_sweep"`
	Worst []struct {
		Index, Label, Predicted int
		Loss                    float64
	} `json:"worst"`
}

type classifyHistory struct {
	Loss     []float64 `json:"loss"`
	Accuracy []float64 `json:"accuracy"`
}

// classifyLoad reads the fixture and checks it has what the tests compare:
// a truncated or stale file fails here rather than passing vacuously.
func classifyLoad(t *testing.T) classifyFixture {
	t.Helper()
	var fx classifyFixture
	batchesLoadFixture(t, "testdata/07_classify.json", &fx)
	if len(fx.Stdout) != 20 || len(fx.Confusion) != 10 || len(fx.Worst) != 10 || len(fx.LRSweep) != 8 || len(fx.Histories) != 6 {
		t.Fatalf("fixture has %d cells, %d confusion rows, %d worst images, %d learning rates and %d histories; want 20, 10, 10, 8 and 6 (run make_07_fixtures.py)",
			len(fx.Stdout), len(fx.Confusion), len(fx.Worst), len(fx.LRSweep), len(fx.Histories))
	}
	for name, h := range fx.Histories {
		if len(h.Loss) != 20 || len(h.Accuracy) != 20 {
			t.Fatalf("fixture history %s has %d losses and %d accuracies, want 20 epochs", name, len(h.Loss), len(h.Accuracy))
		}
	}
	return fx
}

// Cells whose numbers come out of sigmoids, softmaxes and logarithms, which
// gd computes to a few float32 ulps of PyTorch rather than bit for bit (see
// gd/ops_softmax.go), trained over hundreds of steps: a printed decimal may
// differ from PyTorch's by one unit in its last place. Everything else, and
// every integer, must match exactly.
var classifyUlpCells = map[string]bool{
	"train37": true, "sweep": true, "mlp37": true, "init-scale": true, "ten-train": true, "worst": true, "weights10": true,
}

var classifyDecimal = regexp.MustCompile(`-?[0-9]+\.[0-9]+`)

// classifySameText compares printed text with PyTorch's: the same words and
// integers, and decimals equal, or within one unit of their last printed
// digit when lastDigit is set.
func classifySameText(got, want string, lastDigit bool) error {
	skeleton := func(s string) string { return classifyDecimal.ReplaceAllString(s, "#") }
	if skeleton(got) != skeleton(want) {
		return fmt.Errorf("text differs beyond its decimals")
	}
	g, w := classifyDecimal.FindAllString(got, -1), classifyDecimal.FindAllString(want, -1)
	for i := range w {
		if g[i] == w[i] {
			continue
		}
		gv, _ := strconv.ParseFloat(g[i], 64)
		wv, _ := strconv.ParseFloat(w[i], 64)
		unit := math.Pow(10, -float64(len(w[i])-strings.IndexByte(w[i], '.')-1))
		if !lastDigit || math.Abs(gv-wv) > unit*1.001 {
			return fmt.Errorf("decimal %d is %s, PyTorch %s", i+1, g[i], w[i])
		}
	}
	return nil
}

func TestClassifyNamesItsAnchor(t *testing.T) {
	intro := executedNotebook(t, classifyNotebook).Cells[0].SourceText()
	for _, s := range []string{"chapter 4", "fastbook", "article 000", "Understanding the Basics: Gradient Descent",
		"Optical Recognition of Handwritten Digits", "CC BY 4.0", "make_07_fixtures.py"} {
		if !strings.Contains(intro, s) {
			t.Errorf("first cell does not mention %q", s)
		}
	}
}

// Every line the notebook prints is what the same computation prints in
// PyTorch, and the cells that only draw print nothing.
func TestClassifyPrintsWhatPyTorchPrints(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	want := classifyLoad(t)
	for id, text := range want.Stdout {
		if err := classifySameText(batchesCell(t, nb, id).stdout(), text, classifyUlpCells[id]); err != nil {
			t.Errorf("cell %s: %v; it prints:\n%s\nPyTorch prints:\n%s", id, err, batchesCell(t, nb, id).stdout(), text)
		}
	}
	for _, id := range []string{"imports", "show", "pixels", "sigmoid", "curves", "confusion-epochs", "weights37", "hidden"} {
		if got := batchesCell(t, nb, id).stdout(); got != "" {
			t.Errorf("cell %s prints %q, want nothing", id, got)
		}
	}
}

// classifyTable reads the rows of a printed per-epoch table: the numbers
// after the epoch, one slice per row.
func classifyTable(t *testing.T, out string) [][]float64 {
	t.Helper()
	var rows [][]float64
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 3 {
			continue
		}
		if _, err := strconv.Atoi(f[0]); err != nil {
			continue
		}
		var row []float64
		for _, s := range f[1:] {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("table row %q: %v", line, err)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return rows
}

// The training tables hold PyTorch's losses (to float32 rounding) and its
// accuracies (exact: counts of images over 64 or 360), epoch by epoch.
func TestClassifyTrainingMatchesPyTorch(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	want := classifyLoad(t)
	for _, c := range []struct {
		cell  string
		names []string // the histories in the table's column pairs
	}{
		{"train37", []string{"mnist_loss", "bce"}},
		{"mlp37", []string{"linear37", "simple_net"}},
		{"ten-train", []string{"ten_digits"}},
	} {
		rows := classifyTable(t, batchesCell(t, nb, c.cell).stdout())
		for k, name := range c.names {
			h, ok := want.Histories[name]
			if !ok {
				t.Fatalf("fixture has no history %s", name)
			}
			if len(rows) != len(h.Loss) {
				t.Fatalf("cell %s prints %d epochs, PyTorch trained %d", c.cell, len(rows), len(h.Loss))
			}
			for e, row := range rows {
				loss, acc := row[2*k], row[2*k+1]
				if math.Abs(loss-h.Loss[e]) > 6e-5 {
					t.Errorf("%s epoch %d: loss %.4f, PyTorch %.6f", name, e+1, loss, h.Loss[e])
				}
				if fmt.Sprintf("%.4f", acc) != fmt.Sprintf("%.4f", h.Accuracy[e]) {
					t.Errorf("%s epoch %d: accuracy %.4f, PyTorch %.4f", name, e+1, acc, h.Accuracy[e])
				}
			}
		}
	}
	// The ten-digit network learns: above 95% on the validation set.
	if h := want.Histories["ten_digits"]; h.Accuracy[len(h.Accuracy)-1] < 0.95 {
		t.Errorf("the ten-digit network ends at %.4f accuracy, want above 0.95", h.Accuracy[len(h.Accuracy)-1])
	}
}

// The model saved at the end of training is the one the next cell loads: it
// scores exactly the accuracy training ended with.
func TestClassifySavesAndLoadsTheModel(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	code := nb.code()
	for i, c := range code {
		if c.ID != "ten-train" {
			continue
		}
		if !strings.Contains(c.source(), "gd.SaveModule(") {
			t.Error("the training cell does not save the model with gd.SaveModule")
		}
		if i+1 >= len(code) || code[i+1].ID != "load" || !strings.Contains(code[i+1].source(), "gd.LoadModule(") {
			t.Fatal("the cell after training is not the one that loads the model with gd.LoadModule")
		}
	}
	rows := classifyTable(t, batchesCell(t, nb, "ten-train").stdout())
	loaded := batchesNumber(t, batchesCell(t, nb, "load").stdout(), "tensor(")
	if len(rows) == 0 || len(loaded) != 1 || fmt.Sprintf("%.4f", rows[len(rows)-1][1]) != fmt.Sprintf("%.4f", loaded[0]) {
		t.Errorf("loaded model scores %v, training ended at %v", loaded, rows[len(rows)-1])
	}
	// The cross-cell cache: the curves come from the runs the training cell stored.
	for _, id := range []string{"train37", "curves", "weights37"} {
		if !strings.Contains(batchesCell(t, nb, id).source(), `cache.Value("linear 3s and 7s", trainBoth)`) {
			t.Errorf("cell %s does not read the runs through cache.Value", id)
		}
	}
}

// The confusion matrix printed and drawn is PyTorch's, count for count, and
// its diagonal is the accuracy.
func TestClassifyConfusionMatrix(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	want := classifyLoad(t)
	var flat []string
	total, diag := 0, 0
	for i, row := range want.Confusion {
		for j, n := range row {
			flat = append(flat, strconv.Itoa(n))
			total += n
			if i == j {
				diag += n
			}
		}
	}
	if total != 360 {
		t.Fatalf("fixture confusion matrix counts %d images, want the 360 validation images", total)
	}
	c := batchesCell(t, nb, "confusion")
	printed := regexp.MustCompile(`[0-9]+`).FindAllString(c.stdout(), -1)
	if strings.Join(printed, " ") != strings.Join(flat, " ") {
		t.Errorf("printed counts %v\nPyTorch's      %v", printed, flat)
	}
	// The chart writes each count in its cell, row by row (its text form lists them).
	var drawn []string
	for _, m := range regexp.MustCompile(`text "([0-9]+)"`).FindAllStringSubmatch(c.Data("text/plain"), -1) {
		drawn = append(drawn, m[1])
	}
	if strings.Join(drawn, " ") != strings.Join(flat, " ") {
		t.Errorf("the chart shows %v\nPyTorch's counts %v", drawn, flat)
	}
	loaded := batchesNumber(t, batchesCell(t, nb, "load").stdout(), "tensor(")
	if got := fmt.Sprintf("%.4f", float64(diag)/360); got != fmt.Sprintf("%.4f", loaded[0]) {
		t.Errorf("diagonal gives accuracy %s, the loaded model %.4f", got, loaded[0])
	}
}

// The worst-classified images shown are PyTorch's ten highest losses, titled
// with label, prediction and loss.
func TestClassifyWorstImages(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	want := classifyLoad(t)
	titles := regexp.MustCompile(`<Figure "([^"]*)"`).FindAllStringSubmatch(batchesCell(t, nb, "worst").Data("text/plain"), -1)
	if len(titles) != 10 {
		t.Fatalf("the worst cell shows %d images, want 10", len(titles))
	}
	for i, w := range want.Worst {
		if got, wantTitle := titles[i][1], fmt.Sprintf("%d as %d, loss %.1f", w.Label, w.Predicted, w.Loss); got != wantTitle {
			t.Errorf("worst image %d is titled %q, PyTorch's is %q", i+1, got, wantTitle)
		}
	}
}

func TestClassifyCharts(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	want := map[string]int{
		"show": 20, "baseline-means": 2, "sigmoid": 1, "bce-slopes": 2, "curves": 2, "sweep": 2,
		"confusion": 1, "confusion-epochs": 1, "worst": 10, "weights37": 3, "weights10": 10, "hidden": 30,
	}
	got := map[string]int{} // every cell that draws, and how many charts
	for _, c := range nb.code() {
		if n := c.charts(); n > 0 {
			got[c.ID] = n
		}
	}
	if !maps.Equal(got, want) {
		t.Errorf("charts per cell:\n%v\nwant\n%v", got, want)
	}
	if !strings.Contains(batchesCell(t, nb, "confusion").source(), "display.ConfusionMatrix(") {
		t.Error("the confusion cell does not use display.ConfusionMatrix")
	}
	if !strings.Contains(batchesCell(t, nb, "show").source(), "display.Images(") {
		t.Error("the first images are not shown with display.Images")
	}
}

// classifyExplorer decodes the slider data of a cell's explorer
// (window.gdDisplay.explore({...})): for each value, what changes in each
// linked chart's option.
func classifyExplorer(t *testing.T, html string) (labels []string, changes [][]map[string]any) {
	t.Helper()
	const call = "window.gdDisplay.explore("
	i := strings.Index(html, call)
	if i < 0 {
		t.Fatal("no explorer in the cell's output")
	}
	var job struct {
		Params []struct {
			Labels []string `json:"labels"`
		} `json:"params"`
		Changes [][]map[string]any `json:"changes"`
	}
	if err := json.NewDecoder(strings.NewReader(html[i+len(call):])).Decode(&job); err != nil {
		t.Fatalf("decoding the explorer: %v", err)
	}
	if len(job.Params) != 1 {
		t.Fatalf("explorer has %d sliders, want 1", len(job.Params))
	}
	return job.Params[0].Labels, job.Changes
}

// classifySeriesY returns the y values of series k of a chart option.
func classifySeriesY(t *testing.T, option map[string]any, k int) []float64 {
	t.Helper()
	series, _ := option["series"].([]any)
	if k >= len(series) {
		t.Fatalf("chart has %d series, want at least %d", len(series), k+1)
	}
	data, _ := series[k].(map[string]any)["data"].([]any)
	var ys []float64
	for _, p := range data {
		ys = append(ys, p.([]any)[1].(float64))
	}
	return ys
}

// The learning-rate slider switches both charts to PyTorch's curves at
// that rate: the losses (drawn as log10) and the validation accuracies of
// mnist_loss and BCE, epoch by epoch. At 30, mnist_loss is stuck and BCE
// is not.
func TestClassifyLearningRateSlider(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	want := classifyLoad(t)
	labels, changes := classifyExplorer(t, batchesCell(t, nb, "sweep").html())
	if len(labels) != len(want.LRSweep) || len(changes) != len(want.LRSweep) {
		t.Fatalf("slider has %d labels and %d views, want %d", len(labels), len(changes), len(want.LRSweep))
	}
	for i, run := range want.LRSweep {
		if labels[i] != strconv.FormatFloat(run.LR, 'g', -1, 64) {
			t.Errorf("slider value %d is labelled %q, want %v", i, labels[i], run.LR)
		}
		if len(changes[i]) != 2 {
			t.Fatalf("view %d changes %d charts, want the loss and accuracy charts", i, len(changes[i]))
		}
		for k, h := range []classifyHistory{run.MnistLoss, run.BCE} {
			logLoss := classifySeriesY(t, changes[i][0], k)
			acc := classifySeriesY(t, changes[i][1], k)
			if len(logLoss) != len(h.Loss) || len(acc) != len(h.Accuracy) {
				t.Fatalf("lr %v series %d: %d losses and %d accuracies drawn, PyTorch %d", run.LR, k, len(logLoss), len(acc), len(h.Loss))
			}
			for e := range h.Loss {
				if math.Abs(logLoss[e]-math.Log10(h.Loss[e])) > 1e-4 {
					t.Errorf("lr %v series %d epoch %d: log10 loss %v, PyTorch %v", run.LR, k, e+1, logLoss[e], math.Log10(h.Loss[e]))
				}
				if math.Abs(acc[e]-h.Accuracy[e]) > 1e-6 {
					t.Errorf("lr %v series %d epoch %d: accuracy %v, PyTorch %v", run.LR, k, e+1, acc[e], h.Accuracy[e])
				}
			}
		}
	}
	last := want.LRSweep[len(want.LRSweep)-1]
	if m, b := last.MnistLoss.Accuracy[19], last.BCE.Accuracy[19]; last.LR != 30 || m > 0.6 || b < 0.95 {
		t.Errorf("at lr %v: mnist_loss ends at %v, BCE at %v; the notebook says mnist_loss collapses there and BCE does not", last.LR, m, b)
	}
}

// The epoch slider over the confusion matrix: one view per epoch, each
// titled with the right answers PyTorch's network has after that epoch
// (its validation accuracy × 360), and the default view, the last epoch,
// holds PyTorch's final counts.
func TestClassifyConfusionByEpoch(t *testing.T) {
	nb := executedNotebook(t, classifyNotebook)
	want := classifyLoad(t)
	c := batchesCell(t, nb, "confusion-epochs")
	labels, changes := classifyExplorer(t, c.html())
	acc := want.Histories["ten_digits"].Accuracy
	if len(labels) != len(acc) || len(changes) != len(acc) {
		t.Fatalf("slider has %d labels and %d views, want one per epoch (%d)", len(labels), len(changes), len(acc))
	}
	for e := range acc {
		title, _ := changes[e][0]["title"].(map[string]any)
		wantTitle := fmt.Sprintf("after epoch %d: %d of 360 right", e+1, int(math.Round(acc[e]*360)))
		if labels[e] != strconv.Itoa(e+1) || title["text"] != wantTitle {
			t.Errorf("view %d (label %q) is titled %q, want %q", e+1, labels[e], title["text"], wantTitle)
		}
	}
	var drawn, flat []string
	for _, m := range regexp.MustCompile(`text "([0-9]+)"`).FindAllStringSubmatch(c.Data("text/plain"), -1) {
		drawn = append(drawn, m[1])
	}
	for _, row := range want.Confusion {
		for _, n := range row {
			flat = append(flat, strconv.Itoa(n))
		}
	}
	if strings.Join(drawn, " ") != strings.Join(flat, " ") {
		t.Errorf("the last epoch's view shows %v\nPyTorch's counts %v", drawn, flat)
	}
}
