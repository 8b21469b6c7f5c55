package display

import (
	"fmt"
	"math"

	"github.com/gonotebooks/descent/gd"
)

// PlotFunction draws f as a line over its domain, like fastbook's
// plot_function(f, 'x', 'x**2'):
//
//	fig := display.PlotFunction(f, display.XLabel("x"), display.YLabel("x**2"))
//	fig.Point(-1.5, f(-1.5), display.Color("red")) // plt.scatter(-1.5, f(-1.5), color='red')
//	fig.Show()
//
// The domain is Domain(lo, hi), else XLim, else -2 to 2; Samples sets the
// number of points (default 100). Points where f is not finite are left out.
func PlotFunction(f func(float64) float64, opts ...FigureOption) *Figure {
	if f == nil {
		panicf(gd.ErrValue, "display.PlotFunction", "function is nil")
	}
	fig := NewFigure(opts...)
	lo, hi := fig.domain(-2, 2)
	xs, ys := sample(f, lo, hi, fig.samples(100))
	fig.Line(xs, ys)
	return fig
}

// Tangent illustrates the slope of f at x0: the curve, the point
// (x0, f(x0)), and the tangent line f(x0) + df(x0)(x - x0) around it,
// labelled with the slope. df is the derivative of f.
func Tangent(f, df func(float64) float64, x0 float64, opts ...FigureOption) *Figure {
	if f == nil || df == nil {
		panicf(gd.ErrValue, "display.Tangent", "function or derivative is nil")
	}
	checkFinite("display.Tangent", "x0", x0)
	fig := NewFigure(opts...)
	half := math.Max(2, math.Abs(x0)+1)
	lo, hi := fig.domain(-half, half)
	xs, ys := sample(f, lo, hi, fig.samples(100))
	fig.Line(xs, ys)
	y0, slope := f(x0), df(x0)
	w := (hi - lo) / 5
	fig.Line([]float64{x0 - w, x0 + w}, []float64{y0 - slope*w, y0 + slope*w}, Color("red"), Dashed(),
		Label(fmt.Sprintf("tangent, slope %s", formatTick(tidySig(slope)))))
	fig.Point(x0, y0, Color("red"), MarkerSize(9))
	return fig
}

// Descent illustrates gradient descent on a one-parameter function: starting
// at x0 it takes steps x ← x - lr·df(x) and draws the curve, each iterate on
// it, and arrows from one iterate to the next. A small lr creeps towards the
// minimum; a large one bounces across it or flies off. Steps stop early if x
// stops being finite.
func Descent(f, df func(float64) float64, x0, lr float64, steps int, opts ...FigureOption) *Figure {
	if f == nil || df == nil {
		panicf(gd.ErrValue, "display.Descent", "function or derivative is nil")
	}
	checkFinite("display.Descent", "x0", x0)
	checkFinite("display.Descent", "learning rate", lr)
	if steps < 0 {
		panicf(gd.ErrValue, "display.Descent", "steps must be >= 0, got %d", steps)
	}
	xs := []float64{x0}
	for x := x0; len(xs) <= steps; {
		x -= lr * df(x)
		if !finite(x) || !finite(f(x)) {
			break
		}
		xs = append(xs, x)
	}
	ys := make([]float64, len(xs))
	for i, x := range xs {
		ys[i] = f(x)
	}
	all := append([]FigureOption{Title(fmt.Sprintf("learning rate %g: %d steps", lr, len(xs)-1))}, opts...)
	fig := NewFigure(all...)
	xlo, xhi := extent(false, xs)
	pad := math.Max((xhi-xlo)*0.25, 1)
	lo, hi := fig.domain(xlo-pad, xhi+pad)
	cx, cy := sample(f, lo, hi, fig.samples(200))
	fig.Line(cx, cy)
	fig.Arrows(xs, ys, Color("red"), LineWidth(1.5))
	fig.Scatter(xs, ys, Color("orange"))
	fig.Point(xs[0], ys[0], Color("red"), MarkerSize(9))
	return fig
}

// domain is the sampling range: Domain, else XLim, else the default.
func (f *Figure) domain(lo, hi float64) (float64, float64) {
	switch {
	case f.cfg.domain != nil:
		return f.cfg.domain[0], f.cfg.domain[1]
	case f.cfg.xlim != nil:
		return f.cfg.xlim[0], f.cfg.xlim[1]
	}
	return lo, hi
}

func (f *Figure) samples(def int) int {
	if f.cfg.samples > 0 {
		return f.cfg.samples
	}
	return def
}

// sample evaluates f at n evenly spaced points from lo to hi inclusive.
func sample(f func(float64) float64, lo, hi float64, n int) (xs, ys []float64) {
	xs, ys = make([]float64, n), make([]float64, n)
	wide := !finite(hi - lo) // -1e308 to 1e308: weigh the ends instead
	for i := range xs {
		t := float64(i) / float64(n-1)
		if xs[i] = lo + (hi-lo)*t; wide {
			xs[i] = lo*(1-t) + hi*t
		}
		ys[i] = f(xs[i])
	}
	return xs, ys
}

func checkFinite(op, what string, v float64) {
	if !finite(v) {
		panicf(gd.ErrValue, op, "%s must be finite, got %v", what, v)
	}
}
