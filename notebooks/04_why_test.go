package notebooks_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// whyNotebook is the reproduction of the "Gradient Descent" notebook (seed
// 003): the derivative as a linear approximation and its squared error.
const whyNotebook = "04-why-gradient-descent-works.ipynb"

// TestWhyDerivative checks the difference quotients approaching f'(4) = 8 and
// autograd's value. Expected output from /usr/bin/python3:
//
//	for h in [1, 0.1, 0.01, 0.001]: print('%.4f' % (((4+h)**2 - 16) / h))
//	# 9.0000 8.1000 8.0100 8.0010
//	x = torch.tensor(4., requires_grad=True); y = x**2; y.backward(); print(y); print(x.grad)
//	# tensor(16., grad_fn=<PowBackward0>)
//	# tensor(8.)
func TestWhyDerivative(t *testing.T) {
	nb := executedNotebook(t, whyNotebook)
	out := nb.findCode(t, "(f(4+h) - f(4)) / h").stdout()
	var quotients []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Fields(line)
		quotients = append(quotients, f[len(f)-1])
	}
	if got, want := strings.Join(quotients, " "), "9.0000 8.1000 8.0100 8.0010"; got != want {
		t.Errorf("difference quotients %q, want %q (full output:\n%s)", got, want, out)
	}
	if got, want := nb.findCode(t, "y.Backward()").stdout(), "tensor(16., grad_fn=<PowBackward0>)\ntensor(8.)\n"; got != want {
		t.Errorf("autograd at x = 4 printed %q, want %q", got, want)
	}
}

// TestWhySquaredErrors checks equations (4) and (5) computed with tensors
// against PyTorch, and the notebook's table against the closed forms h⁴ and
// h²(16+h)². PyTorch (/usr/bin/python3, torch 1.13), with the slope from
// autograd as in the notebook:
//
//	h = torch.tensor([0.5, 1, 2, 4]); s = x.grad (8.); f0 = 16.
//	print((f0 + s*h - (h+4)**2)**2)  # tensor([6.2500e-02, 1.0000e+00, 1.6000e+01, 2.5600e+02])
//	print((f0 - s*h - (h+4)**2)**2)  # tensor([  68.0625,  289.0000, 1296.0000, 6400.0000])
func TestWhySquaredErrors(t *testing.T) {
	out := executedNotebook(t, whyNotebook).findCode(t, "gd.Vector(0.5, 1, 2, 4)").stdout()
	for _, want := range []string{
		"ascent:  tensor([6.2500e-02, 1.0000e+00, 1.6000e+01, 2.5600e+02])\n",
		"descent: tensor([  68.0625,  289.0000, 1296.0000, 6400.0000])\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q; got:\n%s", want, out)
		}
	}
	// Table rows: h, ascent (4), h⁴, descent (5), h²(16+h)².
	rows := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) != 5 {
			continue
		}
		v := make([]float64, 5)
		ok := true
		for i, s := range f {
			var err error
			if v[i], err = strconv.ParseFloat(s, 64); err != nil {
				ok = false
			}
		}
		if !ok {
			continue
		}
		rows++
		h := v[0]
		for _, c := range []struct {
			name      string
			got, want float64
		}{
			{"ascent (4)", v[1], math.Pow(h, 4)},
			{"h⁴ column", v[2], math.Pow(h, 4)},
			{"descent (5)", v[3], h * h * (16 + h) * (16 + h)},
			{"h²(16+h)² column", v[4], h * h * (16 + h) * (16 + h)},
		} {
			if c.got != c.want {
				t.Errorf("h = %g: %s is %g, want %g", h, c.name, c.got, c.want)
			}
		}
	}
	if rows != 4 {
		t.Errorf("found %d table rows, want 4; output:\n%s", rows, out)
	}
}

// TestWhyCharts checks the error plot the original ends with (both curves,
// ending at h = 5 on 5⁴ = 625 and 5²·21² = 11025, on a linear and a log
// panel), labelled as the reconstruction it is, and counts the notebook's
// charts: the ingredients diagram, the descent picture, the tangent with its
// predictions, and the two panels.
func TestWhyCharts(t *testing.T) {
	nb := executedNotebook(t, whyNotebook)
	c := nb.findCode(t, "gd.Linspace(0, 5, 101)")
	if n := c.charts(); n != 2 {
		t.Errorf("error plot drew %d charts, want 2 (linear and log panels)", n)
	}
	h := c.html()
	// The linear panel plots the errors; the log panel plots their base-10
	// logarithms (display's log axes draw exponents, labelled as powers).
	for _, p := range [][2]float64{{5, 625}, {5, 11025}, {1, 1}, {1, 289}} {
		linear := fmt.Sprintf("[%g,%g]", p[0], p[1])
		logged := "[" + strconv.FormatFloat(p[0], 'g', 7, 64) + "," + strconv.FormatFloat(math.Log10(p[1]), 'g', 7, 64) + "]"
		if got := strings.Count(h, linear); got != 1 {
			t.Errorf("linear panel has point %s %d times, want once", linear, got)
		}
		if got := strings.Count(h, logged); got != 1 {
			t.Errorf("log panel has point %s (log10 of %g) %d times, want once", logged, p[1], got)
		}
	}
	if !strings.Contains(h, `"gdFormat":{"kind":"power"}`) {
		t.Error("the right panel has no log axis (power-labelled exponents)")
	}
	if !strings.Contains(basicsPlain(c), "(a reconstruction)") {
		t.Errorf("the error plot's title does not say it is a reconstruction: %q", basicsPlain(c))
	}
	if n := nb.findCode(t, "display.Descent(").charts(); n != 1 {
		t.Errorf("descent picture: %d charts, want 1", n)
	}
	if n := nb.findCode(t, `"Predicting f(4 + h) from x = 4"`).charts(); n != 1 {
		t.Errorf("tangent chart: %d charts, want 1", n)
	}
	if n := nb.charts(); n != 5 {
		t.Errorf("notebook drew %d charts, want 5", n)
	}
}

// The original's picture of rule (1) is its ingredients: ∂L/∂w and α feed
// the product α·∂L/∂w, which is subtracted from w. The notebook draws that
// graph from the update computed with gd (w = 4, slope 8, α = 0.1 → 3.2),
// and calls the descent chart after it its own addition, not the original's.
func TestWhyIngredientsDiagram(t *testing.T) {
	nb := executedNotebook(t, whyNotebook)
	c := nb.findCode(t, "display.Graph(newW")
	plain := basicsPlain(c)
	for _, edge := range []string{"α () -> MulBackward0", "∂L/∂w () -> MulBackward0", "MulBackward0 -> α·∂L/∂w ()",
		"α·∂L/∂w () -> SubBackward0", "w () -> SubBackward0", "SubBackward0 -> w − α·∂L/∂w ()"} {
		if !strings.Contains(plain, edge) {
			t.Errorf("ingredients diagram lacks the edge %q: %s", edge, plain)
		}
	}
	if !strings.Contains(c.html(), "3.2") {
		t.Error("the diagram does not show the new weight 3.2")
	}
	for i, cl := range nb.Cells {
		if cl.CellType == "code" && strings.Contains(cl.SourceText(), "display.Descent(") {
			if md := nb.Cells[i-1].SourceText(); !strings.Contains(md, "Beyond the original") {
				t.Errorf("the text before the descent chart does not mark it as an addition: %q", md)
			}
		}
	}
}
