package display

import "math"

// buildGallery adds one cell per kind of display output to nb, the set the
// browser tests render, and returns how many charts those outputs contain.
func buildGallery(nb *testNotebook) (charts int) {
	time := make([]float64, 20)
	speed := make([]float64, 20)
	preds := make([]float64, 20)
	for i := range time {
		t := float64(i)
		time[i] = t
		speed[i] = 0.5*(t-9.5)*(t-9.5) + 1 + math.Sin(3*t)
		preds[i] = -0.3*t*t + 2*t - 5
	}

	nb.markdown("## Scatter of data and predictions (show_preds)")
	nb.code("fig := display.NewFigure(...)", func() {
		fig := NewFigure(Title("speed vs time"), XLabel("time"), YLabel("speed"), YLim(-300, 100))
		fig.Scatter(time, speed, Label("speed"))
		fig.Scatter(time, preds, Color("red"), Label("preds"))
		fig.Show()
	})
	charts++

	nb.markdown("## Line with a gap and a marked point")
	nb.code("fig.Line(...)", func() {
		xs := make([]float64, 101)
		ys := make([]float64, 101)
		for i := range xs {
			xs[i] = -2 + 4*float64(i)/100
			ys[i] = xs[i] * xs[i]
		}
		ys[70] = math.NaN()
		fig := NewFigure(XLabel("x"), YLabel("x**2"))
		fig.Line(xs, ys)
		fig.Point(-1.5, 2.25, Color("red"))
		fig.Show()
	})
	charts++
	return charts
}
