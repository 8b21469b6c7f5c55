package notebooks_test

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// basicsNotebook is the Go reproduction of "Understanding the Basics:
// Gradient Descent" (article 000).
const basicsNotebook = "01-gradient-descent-basics.ipynb"

// The expected outputs of the seeded cells were printed by PyTorch 1.13
// (/usr/bin/python3) running the article's code with the notebook's seeds:
//
//	import torch
//	time = torch.arange(0,20).float(); print(time)
//	torch.manual_seed(42)
//	speed = torch.randn(20) + 0.50*(time-9.5)**2 + 1
//	def f(t, params):
//	    a,b,c = params
//	    return a*(t**2) + (b*t) + c
//	def mse(preds, targets): return ((preds-targets)**2).mean()
//	torch.manual_seed(19)
//	params = torch.randn(3).requires_grad_()
//	loss = mse(f(time, params), speed); print(loss)
//	loss.backward(); print(params.grad); print(params)
//	lr = 1e-5
//	params.data -= lr * params.grad.data; params.grad = None
//	print(mse(f(time, params), speed))
//	def apply_step(params, prn=True):
//	    preds = f(time, params); loss = mse(preds, speed); loss.backward()
//	    params.data -= lr * params.grad.data; params.grad = None
//	    if prn: print(loss.item())
//	    return preds
//	for i in range(10): apply_step(params)
//	for i in range(4 + 20000): apply_step(params, False)
//	print(params, mse(f(time, params), speed))
const (
	basicsTime = "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n" +
		"        14., 15., 16., 17., 18., 19.])\n"
	basicsLoss0     = "tensor(674.0602, grad_fn=<MeanBackward0>)\n"
	basicsGrad0     = "tensor([-6443.8286,  -418.6371,   -42.1469])\n"
	basicsParams0   = "tensor([-0.0021, -0.2836, -0.2791], requires_grad=True)\n"
	basicsLoss1     = "tensor(374.8610, grad_fn=<MeanBackward0>)\n"
	basicsLongTitle = "after 20015 steps: a = 0.1036, b = -0.3165, c = 2.2049, loss 273.3968"
)

// basicsLoopLosses are the ten loss.item() values apply_step prints, as
// Python's repr of the float32 losses.
var basicsLoopLosses = []string{
	"374.86102294921875",
	"318.24163818359375",
	"307.5257873535156",
	"305.4962158203125",
	"305.1103820800781",
	"305.03564453125",
	"305.0197448730469",
	"305.01495361328125",
	"305.0122985839844",
	"305.01007080078125",
}

// basicsPlain is the text/plain form of a cell's rich outputs.
func basicsPlain(c cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(text(o.Data["text/plain"]))
	}
	return b.String()
}

func basicsWant(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestBasicsMetadata(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	ks, _ := nb.Metadata["kernelspec"].(map[string]any)
	if ks["name"] != "gd" || ks["language"] != "go" {
		t.Errorf("kernelspec = %v, want the gd kernel", ks)
	}
	ids := map[string]bool{}
	for i, c := range nb.Cells {
		if c.ID == "" || ids[c.ID] {
			t.Errorf("cell %d: id %q is missing or repeated", i, c.ID)
		}
		ids[c.ID] = true
	}
}

// TestBasicsAutograd checks the deterministic autograd example: x² at 3.
func TestBasicsAutograd(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	basicsWant(t, "yt", nb.findCode(t, "fmt.Println(yt)").stdout(), "tensor(9., grad_fn=<PowBackward0>)\n")
	basicsWant(t, "xt.grad", nb.findCode(t, "fmt.Println(xt.Grad())").stdout(), "tensor(6.)\n")

	g := nb.findCode(t, "display.Graph(yt")
	if g.charts() != 1 {
		t.Errorf("autograd graph cell drew %d charts, want 1", g.charts())
	}
	for _, s := range []string{"PowBackward0", "xt ()", "yt ()"} {
		if !strings.Contains(basicsPlain(g), s) {
			t.Errorf("autograd graph %q does not mention %q", basicsPlain(g), s)
		}
	}
	// The leaf's box shows the gradient the backward pass left in it.
	if !strings.Contains(g.html(), "grad 6") {
		t.Error("autograd graph does not show xt's gradient 6")
	}
}

// TestBasicsLosses checks the MAE/RMSE worked example; the values are
// torch.nn.functional.l1_loss and mse_loss(...).sqrt() of the same tensors.
func TestBasicsLosses(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	basicsWant(t, "MAE/RMSE example", nb.findCode(t, "gd.MAE(oneMiss, targets)").stdout(),
		"preds: tensor([4., 4., 3., 7.])  MAE: tensor(1.)  RMSE: tensor(1.)\n"+
			"preds: tensor([ 3.,  5.,  2., 12.])  MAE: tensor(1.)  RMSE: tensor(2.)\n"+
			"gd.MAE and gd.RMSE say the same: tensor(1.) tensor(2.)\n")
}

// TestBasicsIllustrations checks the sketches: slope -3 at -1.5, and the
// number of steps drawn at each learning rate.
func TestBasicsIllustrations(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	if p := basicsPlain(nb.findCode(t, "display.Tangent(f, df, -1.5,")); !strings.Contains(p, "tangent, slope -3") {
		t.Errorf("tangent at -1.5: %q, want slope -3", p)
	}
	slopes := basicsPlain(nb.findCode(t, "stepFrom(1.5,"))
	for _, s := range []string{"tangent, slope -3", "tangent, slope 3", "one step"} {
		if !strings.Contains(slopes, s) {
			t.Errorf("slope-sign grid %q does not mention %q", slopes, s)
		}
	}
	for src, title := range map[string]string{
		"-1.5, 0.2, 8,":   "learning rate 0.2: 8 steps",
		"-1.5, 0.02, 30,": "learning rate 0.02: 30 steps",
		"-1.5, 0.9, 10,":  "learning rate 0.9: 10 steps",
	} {
		if p := basicsPlain(nb.findCode(t, src)); !strings.Contains(p, title) {
			t.Errorf("descent cell %q: %q, want %q", src, p, title)
		}
	}
	if p := basicsPlain(nb.findCode(t, `Loop("step", "predict", "repeat")`)); !strings.Contains(p, "step -> predict") {
		t.Errorf("workflow %q has no loop from step back to predict", p)
	}
}

// TestBasicsSGD checks the quadratic fit against PyTorch's numbers.
func TestBasicsSGD(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	basicsWant(t, "time", nb.findCode(t, "fmt.Println(time)").stdout(), basicsTime)
	basicsWant(t, "initial loss", nb.findCode(t, "fmt.Println(loss)").stdout(), basicsLoss0)
	basicsWant(t, "params.grad", nb.findCode(t, "fmt.Println(params.Grad())").stdout(), basicsGrad0)
	basicsWant(t, "params", nb.findCode(t, "fmt.Println(params)").stdout(), basicsParams0)
	basicsWant(t, "loss after one step", nb.findCode(t, "fmt.Println(mse(preds, speed))").stdout(), basicsLoss1)

	got := strings.Fields(nb.findCode(t, "applyStep(params, true)").stdout())
	basicsWant(t, "apply_step losses", strings.Join(got, "\n"), strings.Join(basicsLoopLosses, "\n"))
	prev := 0.0
	for i, s := range got {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			t.Fatalf("loss %d: %v", i, err)
		}
		if i > 0 && v >= prev {
			t.Errorf("loss %d = %v did not fall below %v", i, v, prev)
		}
		prev = v
	}

	long := nb.findCode(t, "display.NewProgress(")
	if p := basicsPlain(long); !strings.Contains(p, basicsLongTitle) {
		t.Errorf("long run: %q, want %q", p, basicsLongTitle)
	}
	if p := basicsPlain(long); !strings.Contains(p, "step 20000/20000") {
		t.Errorf("progress view did not reach the last step: %q", p)
	}
}

// TestBasicsCharts counts the charts: every figure of the article and the
// progress view.
func TestBasicsCharts(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	for src, want := range map[string]int{
		`Loop("step", "predict", "repeat")`:              1, // the workflow diagram
		"fig.Point(-1.5, f(-1.5)":                        1, // x² with the point at -1.5
		"display.Tangent(f, df, -1.5,":                   1, // the slope
		"-1.5, 0.2, 8,":                                  1, // reaching the bottom
		`"tag the inputs"`:                               1, // autograd steps
		"display.Graph(yt":                               1, // autograd graph
		"stepFrom(1.5,":                                  2, // slope sign, two panels
		"-1.5, 0.02, 30,":                                1, // learning rate too low
		"-1.5, 0.9, 10,":                                 1, // learning rate too high
		"fig.Scatter(time.Float64s(), speed.Float64s())": 1, // the data
		"showPreds(preds, nil)":                          1, // initial predictions
		"showPreds(f(time, firstStep()), nil)":           1, // after one step
		"display.Subplots(1, 4, display.Size(960, 260)) // figsize": 4, // 1×4 subplots
		"for i, at := range []int{0, 1, 2, 10}":                     4, // the early steps, beyond the post
		"display.NewProgress(":                                      2, // loss curve and final fit
	} {
		if got := nb.findCode(t, src).charts(); got != want {
			t.Errorf("cell with %q drew %d charts, want %d", src, got, want)
		}
	}
	if got := nb.charts(); got != 23 {
		t.Errorf("notebook drew %d charts, want 23", got)
	}
}

// basicsAxesNamed checks that every chart a cell draws names both axes.
func basicsAxesNamed(t *testing.T, c cell) {
	t.Helper()
	jobs := batchesRender(t, c.html())
	if len(jobs) == 0 {
		t.Fatalf("cell %s draws no chart", c.ID)
	}
	for i, job := range jobs {
		option := job["option"].(map[string]any)
		if base, ok := option["baseOption"].(map[string]any); ok { // an animation
			option = base
		}
		for _, axis := range []string{"xAxis", "yAxis"} {
			list, _ := option[axis].([]any)
			if len(list) == 0 {
				t.Errorf("cell %s chart %d has no %s", c.ID, i, axis)
				continue
			}
			if name, _ := list[0].(map[string]any)["name"].(string); name == "" {
				t.Errorf("cell %s chart %d: %s has no name", c.ID, i, axis)
			}
		}
	}
}

// Every chart of predictions against the data names its axes.
func TestBasicsPredictionAxesNamed(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	for _, src := range []string{"showPreds(preds, nil)", "showPreds(f(time, firstStep()), nil)",
		"display.Subplots(1, 4, display.Size(960, 260)) // figsize", "for i, at := range []int{0, 1, 2, 10}"} {
		basicsAxesNamed(t, nb.findCode(t, src))
	}
}

// The four panels after ten steps look alike (the loss stays at 305.0), so
// the notebook says so and adds the steps where the fit visibly moves: 0, 1,
// 2 and 10, titled with PyTorch's losses there (the initial loss, then the
// loop's first, second and tenth).
func TestBasicsEarlyPanels(t *testing.T) {
	nb := executedNotebook(t, basicsNotebook)
	plain := basicsPlain(nb.findCode(t, "for i, at := range []int{0, 1, 2, 10}"))
	loss0, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimPrefix(basicsLoss0, "tensor("), ", grad_fn=<MeanBackward0>)\n"), 64)
	if err != nil {
		t.Fatal(err)
	}
	for i, at := range []int{0, 1, 2, 10} {
		want := loss0
		if at > 0 {
			if want, err = strconv.ParseFloat(basicsLoopLosses[at-1], 64); err != nil {
				t.Fatal(err)
			}
		}
		if title := fmt.Sprintf(`"step %d: loss %.1f"`, at, want); !strings.Contains(plain, title) {
			t.Errorf("panel %d: no title %s in %q", i, title, plain)
		}
	}
	for _, c := range nb.Cells {
		if c.ID == "subplots-why" && !strings.Contains(c.SourceText(), "look the same") {
			t.Error("the text after the post's four panels does not say why they look the same")
		}
	}
}
