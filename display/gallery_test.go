package display

import (
	"fmt"
	"math"
	"time"

	"github.com/gonotebooks/descent/gd"
)

// buildGallery adds one cell per kind of display output to nb, the set the
// browser tests render, and returns how many charts those outputs contain.
func buildGallery(nb *testNotebook) (charts int) {
	ts := make([]float64, 20)
	speed := make([]float64, 20)
	preds := make([]float64, 20)
	for i := range ts {
		t := float64(i)
		ts[i] = t
		speed[i] = 0.5*(t-9.5)*(t-9.5) + 1 + math.Sin(3*t)
		preds[i] = -0.3*t*t + 2*t - 5
	}

	nb.markdown("## Scatter of data and predictions (show_preds)")
	nb.code("fig := display.NewFigure(...)", func() {
		fig := NewFigure(Title("speed vs time"), XLabel("time"), YLabel("speed"), YLim(-300, 100))
		fig.Scatter(ts, speed, Label("speed"))
		fig.Scatter(ts, preds, Color("red"), Label("preds"))
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

	nb.markdown("## plot_function with a marked point")
	nb.code("display.PlotFunction(f, ...)", func() {
		f := func(x float64) float64 { return x * x }
		fig := PlotFunction(f, XLabel("x"), YLabel("x**2"))
		fig.Point(-1.5, f(-1.5), Color("red"))
		fig.Show()
	})
	charts++

	nb.markdown("## Four predictions side by side (plt.subplots(1, 4))")
	nb.code("axs := display.Subplots(1, 4, ...)", func() {
		axs := Subplots(1, 4, Size(1200, 300))
		for k, ax := range axs.Axes() {
			p := make([]float64, len(ts))
			for i, t := range ts {
				p[i] = preds[i] + float64(k)*0.08*t*t
			}
			ax.Scatter(ts, speed)
			ax.Scatter(ts, p, Color("red"))
			ax.SetYLim(-300, 100)
		}
		axs.Show()
	})
	charts += 4

	nb.markdown("## |x|² over 1000 steps of gradient descent, on a log axis")
	nb.code("display.NewFigure(display.LogY())", func() {
		xs, ys := make([]float64, 1000), make([]float64, 1000)
		x := -6.4
		for i := range xs {
			x -= 0.2 * x
			xs[i], ys[i] = float64(i+1), x*x
		}
		ys[0] = 41
		fig := NewFigure(Title("f(x) per step"), LogY(), XLabel("step"), YLabel("f(x)"))
		fig.Line(xs, ys, Label("f(x)"))
		fig.Point(500, ys[499], Color("red"), Label("step 500"))
		fig.Show()
	})
	charts++

	nb.markdown("## Long legends in narrow cells")
	nb.code("display.Subplots(1, 3, display.Size(900, 300))", func() {
		axs := Subplots(1, 3, Size(900, 300))
		for _, ax := range axs.Axes() {
			ax.Line([]float64{0, 8}, []float64{-16, 48}, Color("red"), Dashed(), Label("ascent: f(4) + 8h (the tangent)"))
			ax.Line([]float64{4, 8}, []float64{16, -16}, Color("green"), Dashed(), Label("descent: f(4) − 8h"))
			ax.Line([]float64{0, 4, 8}, []float64{0, 16, 64}, Label("f(x) = x²"))
		}
		axs.Show()
	})
	charts += 3

	nb.markdown("## Animation of a line converging (FuncAnimation)")
	nb.code("display.Animate(fig, 100, ...)", func() {
		xs := make([]float64, 100)
		ys := make([]float64, 100)
		for i := range xs {
			xs[i] = -1 + 2*math.Mod(float64(i)*0.618, 1)
			ys[i] = 3*xs[i] + 2 + 0.3*math.Sin(float64(i))
		}
		a, b := -1.0, 1.0
		line := func() []float64 {
			out := make([]float64, len(xs))
			for i, x := range xs {
				out[i] = a*x + b
			}
			return out
		}
		fig := NewFigure(Title("fitting y = a·x + b"))
		fig.Scatter(xs, ys, Color("orange"))
		l := fig.Line(xs, line())
		Animate(fig, 100, func(int) {
			a += 0.1 * (3 - a)
			b += 0.1 * (2 - b)
			l.SetY(line())
		}, Interval(20*time.Millisecond)).Show()
	})
	charts++

	nb.markdown("## A 3-D loss surface with a descent path")
	nb.code("display.NewSurface(rosenbrock, ...)", func() {
		rosen := func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }
		var px, py []float64
		x, y := -1.5, 2.0
		for range 40 {
			px, py = append(px, x), append(py, y)
			gx := -2*(1-x) - 400*x*(y-x*x)
			gy := 200 * (y - x*x)
			x, y = x-0.0015*gx, y-0.0015*gy
		}
		s := NewSurface(rosen, Title("Rosenbrock"), XLim(-2, 2), YLim(-1, 3), ZLabel("loss"))
		s.Path(px, py, Label("gradient descent"))
		s.Show()
	})
	charts++

	nb.markdown("## Slope and learning rates")
	nb.code("display.Tangent(f, df, -1.5); display.Descent(...)", func() {
		f := func(x float64) float64 { return x * x }
		df := func(x float64) float64 { return 2 * x }
		Tangent(f, df, -1.5, Title("the slope at -1.5")).Show()
		Grid(1, 2, Descent(f, df, -1.5, 0.05, 8), Descent(f, df, -1.5, 0.95, 8)).Show()
	})
	charts += 3

	nb.markdown("## The autograd graph of a quadratic model's loss")
	nb.code("display.Graph(loss)", func() {
		params := gd.Vector(0.0121, -0.6397, 0.6416).RequiresGrad_().SetName("params")
		t := gd.Arange(0, 20).SetName("time")
		a, b, c := params.Unpack3()
		preds := a.Mul(t.Square()).Add(b.Mul(t)).Add(c).SetName("preds")
		speed := gd.FromSlice(speedOf(ts)).Float().SetName("speed")
		loss := preds.Sub(speed).Square().Mean().SetName("loss")
		loss.Backward()
		Graph(loss, Title("loss = mse(f(time, params), speed)")).Show()
	})
	charts++

	nb.markdown("## The seven-step workflow")
	nb.code("display.Flow(...).Loop(...)", func() {
		Flow("init", "predict", "loss", "gradient", "step", "stop").
			Loop("step", "predict", "repeat").SetTitle("training loop").Show()
	})
	charts++

	nb.markdown("## A tensor as a table, and Show on several values")
	nb.code("display.Tensor(t); display.Show(...)", func() {
		Tensor(gd.Arange(0, 20).Float())
		Show(gd.Scalar(3).RequiresGrad_(), "text", fmt.Errorf("an error"))
		Markdown("Markdown with math: $w \\leftarrow w - \\eta \\nabla L$")
	})

	nb.markdown("## Loss landscape: log-level contours, a path per learning rate (Explore), linked to the loss curve")
	nb.code("display.Explore(\"lr\", lrs, ...)", func() {
		galleryExplorer = exploreRosenbrock()
		galleryExplorer.Show()
	})
	charts += 2

	nb.markdown("## Two optimizers on one landscape, a learning-rate slider each (ExploreEach)")
	nb.code("display.ExploreEach(...)", func() {
		galleryEach = exploreEachRosenbrock()
		galleryEach.Show()
	})
	charts++

	nb.markdown("## Heat map with a colour bar, and a grid of images with titles")
	nb.code("fig.HeatMap(...); display.Images(...)", func() {
		fig := NewFigure(Title("sin(3x)·cos(2y)"), Size(480, 360))
		fig.HeatMap(NewField(func(x, y float64) float64 { return math.Sin(3*x) * math.Cos(2*y) }))
		fig.Show()
		var ims []*gd.Tensor
		for k := range 3 {
			px := make([]float64, 28*28)
			for i := range px {
				r, c := float64(i/28)-13.5, float64(i%28)-13.5
				px[i] = math.Exp(-(r*r + c*c) / float64(20*(k+1)))
			}
			ims = append(ims, gd.FromSlice(px, 28, 28))
		}
		Images(ims, []string{"narrow", "wider", "widest"}, 3).Show()
	})
	charts += 4

	nb.markdown("## Extreme but finite data still draws")
	nb.code("ax.Line(x, []float64{-1e308, 1e308}) ...", func() {
		axs := Subplots(1, 3, Size(1200, 300))
		for i, ys := range [][]float64{{-1e308, 1e308}, {1e18, 1e18 + 128}, {5e-324, 1.5e-323}} {
			axs.At(0, i).Line([]float64{0, 1}, ys, WithPoints())
		}
		axs.Show()
	})
	charts += 3

	nb.markdown("## Live progress, final state")
	nb.code("p := display.NewProgress(...)", func() {
		savedU, savedP := updateLive, printLive
		updateLive, printLive = func(string, string) {}, func(string) {}
		defer func() { updateLive, printLive = savedU, savedP }()
		p := NewProgress(200, Title("training"), LogY(), Refresh(0))
		for i := range 200 {
			p.Update(i+1, 700*math.Exp(-float64(i)/30)+280)
		}
		p.Done()
	})
	charts++
	return charts
}

// galleryExplorer is the Explorer the gallery shows, for the browser test
// to compare the charts it switches to with what Go computed.
var galleryExplorer *Explorer

// exploreRosenbrock is gradient descent on Rosenbrock's function from
// (-1.5, 2) for 4 learning rates: the path on a log-level contour map of
// the function, and the loss per step, linked by one slider.
func exploreRosenbrock() *Explorer {
	landscape := NewField(rosenbrock, XLim(-2, 2), YLim(-1, 3), Samples(80))
	lrs := []float64{0.0002, 0.0005, 0.001, 0.0015}
	return Explore("lr", lrs, func(lr float64) any {
		x, y := -1.5, 2.0
		xs, ys, steps, losses := []float64{x}, []float64{y}, []float64{0}, []float64{rosenbrock(x, y)}
		for i := 1; i <= 150; i++ {
			gx, gy := -2*(1-x)-400*x*(y-x*x), 200*(y-x*x)
			x, y = x-lr*gx, y-lr*gy
			xs, ys = append(xs, x), append(ys, y)
			steps, losses = append(steps, float64(i)), append(losses, rosenbrock(x, y))
		}
		path := NewFigure(Title(fmt.Sprintf("path, lr %g", lr)), Size(460, 340))
		path.Contour(landscape, LogScale())
		path.Line(xs, ys, Color("red"), Label("gradient descent"))
		curve := NewFigure(Title("loss"), LogY(), XLabel("step"), Size(460, 340))
		curve.Line(steps, losses)
		return []*Figure{path, curve}
	}).Default(0.0005)
}

// galleryEach is the gallery's ExploreEach, for the browser test.
var galleryEach *Explorer

// exploreEachRosenbrock draws gradient descent and heavy-ball momentum
// (β = 0.9) on Rosenbrock's function, each path with its own learning rate.
func exploreEachRosenbrock() *Explorer {
	landscape := NewField(rosenbrock, XLim(-2, 2), YLim(-1, 3), Samples(80))
	lrs := []float64{0.0002, 0.0005, 0.001}
	descend := func(lr, beta float64) (xs, ys []float64) {
		x, y, vx, vy := -1.5, 2.0, 0.0, 0.0
		for range 150 {
			xs, ys = append(xs, x), append(ys, y)
			gx, gy := -2*(1-x)-400*x*(y-x*x), 200*(y-x*x)
			vx, vy = beta*vx+gx, beta*vy+gy
			x, y = x-lr*vx, y-lr*vy
		}
		return xs, ys
	}
	return ExploreEach([]Param{{"gradient descent lr", lrs}, {"momentum lr", lrs}}, func(v []float64) any {
		f := NewFigure(Title("two optimizers"), XLim(-2, 2), YLim(-1, 3), Size(520, 380))
		f.Contour(landscape, LogScale())
		xs, ys := descend(v[0], 0)
		f.Line(xs, ys, Label("gradient descent")) // series 0
		xs, ys = descend(v[1], 0.9)
		f.Line(xs, ys, Label("momentum")) // series 1
		return f
	})
}

func speedOf(ts []float64) []float64 {
	out := make([]float64, len(ts))
	for i, t := range ts {
		out[i] = 0.5*(t-9.5)*(t-9.5) + 1 + math.Sin(3*t)
	}
	return out
}
