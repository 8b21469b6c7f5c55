package notebooks_test

import (
	"strings"
	"testing"
)

// scratchNotebook is the reproduction of the "gradient descent from scratch"
// blog post (seed 002).
const scratchNotebook = "03-gradient-descent-from-scratch.ipynb"

// scratchPlain is the text/plain form of a cell's rich outputs: for charts,
// display's one-line summary of the series.
func scratchPlain(c cell) string {
	var b strings.Builder
	for _, o := range c.Outputs {
		b.WriteString(text(o.Data["text/plain"]))
	}
	return b.String()
}

// scratchLastLine is the last non-empty line a cell printed.
func scratchLastLine(c cell) string {
	lines := strings.Split(strings.TrimSpace(c.stdout()), "\n")
	return lines[len(lines)-1]
}

// TestScratchPrintedNumbers checks every number the post prints, and the ones
// its lost outputs must have shown, against Python. The expected values were
// printed by /usr/bin/python3 (NumPy, torch 1.13) running the post's code, with
// its lost lines restored as the notebook describes:
//
//	x = -10
//	for _ in range(2): x -= df(x) * 1e-01; print(x)            # -8.0, -6.4
//	for _ in range(1000): x -= df(x) * 1e-01
//	print(repr(x))                                             # -7.873484301831169e-97
//	x = torch.tensor(-10., requires_grad=True); lr = torch.tensor(1e-01)
//	f(x).backward(); with torch.no_grad(): x -= x.grad*lr; x.grad.zero_(); print(x)
//	                    # tensor(-8., ...), then tensor(-6.4000, ...), and after
//	                    # 1002 steps tensor(-2.8026e-45, ...) = -2.802596928649634e-45
//	optim = torch.optim.SGD([x], lr=1e-01)  # same three values with step()/zero_grad()
func TestScratchPrintedNumbers(t *testing.T) {
	nb := executedNotebook(t, scratchNotebook)
	for _, tc := range []struct {
		cell, want string
	}{
		// torch.tensor([[1., 2], [3, 4]]) @ torch.tensor([10., 20]), and @ torch.tensor([1., 2])
		{"inputs.MatMul(gd.Vector(10, 20))", "tensor([ 50., 110.])\ntensor([ 5., 11.])\n"},
		{"fmt.Println(df(-10), df(1))", "-20 2\n"},
		// NumPy / Python floats.
		{"x := -10.0", "-8.0\n"},
		{"x, _ := gradientDescent(-10, 1)", "-6.4\n"},
		// autograd, float32.
		{"x := gd.Scalar(-10).RequiresGrad_()\nx, _ = gradientDescentAutograd(x, 1)", "tensor(-8., requires_grad=True)\n"},
		{"x, _ := gradientDescentAutograd(gd.Scalar(-10).RequiresGrad_(), 1)", "tensor(-6.4000, requires_grad=True)\n"},
		// torch.optim.SGD.
		{"x, _ = gradientDescentSGD(x, optim, 1) // the step above", "tensor(-6.4000, requires_grad=True)\n"},
	} {
		if got := nb.findCode(t, tc.cell).stdout(); got != tc.want {
			t.Errorf("cell with %q printed %q, want %q", tc.cell, got, tc.want)
		}
	}
	if got := scratchLastLine(nb.findCode(t, "fmt.Println(optim)")); got != "tensor(-8., requires_grad=True)" {
		t.Errorf("first SGD step printed %q, want tensor(-8., requires_grad=True)", got)
	}
	for _, tc := range []struct {
		cell, want string
	}{
		{"plain Go (float64)", "-7.873484301831169e-97"},
		{"autograd (float32)", "tensor(-2.8026e-45, requires_grad=True)"},
		{"SGD optimizer (float32)", "tensor(-2.8026e-45, requires_grad=True)"},
	} {
		if got := scratchLastLine(nb.findCode(t, tc.cell)); got != tc.want {
			t.Errorf("1000-step cell %q ended on %q, want %q", tc.cell, got, tc.want)
		}
	}
}

// TestScratchFloat32Floor checks the float32/float64 explanation: the exact end
// values, and the steps where float32 turns subnormal and stops moving.
// /usr/bin/python3 with torch 1.13, 1002 steps of the autograd loop from -10:
//
//	float32: x.item() == -2.802596928649634e-45; first |x| < finfo(float32).tiny
//	         at step 402; last change at step 469
//	float64 (dtype=torch.float64, lr 0.1): tensor(-7.8735e-97, dtype=torch.float64,
//	         requires_grad=True), x.item() == -7.873484301831169e-97
func TestScratchFloat32Floor(t *testing.T) {
	c := executedNotebook(t, scratchNotebook).findCode(t, "x64, xs64 :=")
	out := c.stdout()
	for _, want := range []string{
		"tensor(-2.8026e-45, requires_grad=True) = -2.802596928649634e-45\n",
		"tensor(-7.8735e-97, dtype=torch.float64, requires_grad=True) = -7.873484301831169e-97\n",
		"float32: subnormal from step 402 on, unchanged after step 469 (x = -2 × 2⁻¹⁴⁹)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("float32/float64 cell output lacks %q; got:\n%s", want, out)
		}
	}
	if n := c.charts(); n != 1 {
		t.Errorf("float32/float64 cell drew %d charts, want 1", n)
	}
	if p := scratchPlain(c); !strings.Contains(p, `line of 1003 points "float64", line of 1003 points "float32"`) {
		t.Errorf("comparison chart should plot 1003 iterates of each run; got %q", p)
	}
}

// TestScratchMomentum checks the extra momentum run against PyTorch:
//
//	x = torch.tensor(-10., requires_grad=True)
//	opt = torch.optim.SGD([x], lr=1e-01, momentum=0.9)
//	1002 × (f(x).backward(); opt.step(); opt.zero_grad())
//	print(x)  # tensor(9.8252e-23, requires_grad=True)
func TestScratchMomentum(t *testing.T) {
	c := executedNotebook(t, scratchNotebook).findCode(t, "gd.Momentum(0.9)")
	if got, want := c.stdout(), "tensor(9.8252e-23, requires_grad=True)\n"; got != want {
		t.Errorf("momentum run printed %q, want %q", got, want)
	}
	if n := c.charts(); n != 1 {
		t.Errorf("momentum cell drew %d charts, want 1", n)
	}
}

// TestScratchCharts checks that each of the post's five seaborn plots is a
// chart with the points the post plots, and counts the notebook's charts:
// the five plots, the training-loop diagram, three progress views, the
// float32/float64 comparison and the momentum paths.
func TestScratchCharts(t *testing.T) {
	nb := executedNotebook(t, scratchNotebook)
	for _, tc := range []struct {
		cell, summary string
	}{
		{"visualize(f, -10, 1)", "line of 100 points, scatter of 2 points"},
		{"visualize(f, -10)", "line of 100 points, scatter of 1 point"},
		// the start at -6.4 plus 1000 steps
		{"_, collectedXs := gradientDescent(x, 1000)", "line of 100 points, scatter of 1001 points"},
		{"_, collectedXs := gradientDescentAutograd(x, 1000)", "line of 100 points, scatter of 1001 points"},
		{"_, collectedXs := gradientDescentSGD(x, optim, 1000)", "line of 100 points, scatter of 1001 points"},
	} {
		c := nb.findCode(t, tc.cell)
		if n := c.charts(); n != 1 {
			t.Errorf("cell %q drew %d charts, want 1", tc.cell, n)
		}
		if p := scratchPlain(c); !strings.Contains(p, tc.summary) {
			t.Errorf("cell %q: chart is %q, want %q", tc.cell, p, tc.summary)
		}
		if h := c.html(); !strings.Contains(h, "#d62728") {
			t.Errorf("cell %q: points are not red (tab10 #d62728)", tc.cell)
		}
	}
	for _, cell := range []string{"plain Go (float64)", "autograd (float32)", "SGD optimizer (float32)"} {
		if p := scratchPlain(nb.findCode(t, cell)); !strings.Contains(p, "step 1000/1000") {
			t.Errorf("progress view of %q did not reach step 1000: %q", cell, p)
		}
	}
	if n := nb.findCode(t, "display.Flow(").charts(); n != 1 {
		t.Errorf("training-loop diagram: %d charts, want 1", n)
	}
	if n := nb.charts(); n != 11 {
		t.Errorf("notebook drew %d charts, want 11", n)
	}
}
