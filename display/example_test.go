package display_test

import (
	"fmt"
	"time"

	"github.com/gonotebooks/descent/display"
	"github.com/gonotebooks/descent/gd"
)

// fastbook's plot_function with the point the article marks at -1.5.
// In a notebook the last line would be fig.Show(); printing a figure gives
// its plain-text summary.
func ExamplePlotFunction() {
	f := func(x float64) float64 { return x * x }
	fig := display.PlotFunction(f, display.XLabel("x"), display.YLabel("x**2")) // plot_function(f, 'x', 'x**2')
	fig.Point(-1.5, f(-1.5), display.Color("red"))                              // plt.scatter(-1.5, f(-1.5), color='red')
	fmt.Println(fig)
	// Output: <Figure: line of 100 points, scatter of 1 point>
}

// show_preds from article 000: data in the default colour, predictions in
// red, y limits fixed.
func ExampleFigure_Scatter() {
	time := []float64{0, 1, 2, 3}
	speed := []float64{46.3, 37.1, 29.9, 23.8}
	preds := []float64{0.64, 0.0, -0.7, -1.4}

	ax := display.NewFigure()
	ax.Scatter(time, speed)                       // ax.scatter(time, speed)
	ax.Scatter(time, preds, display.Color("red")) // ax.scatter(time, to_np(preds), color='red')
	ax.SetYLim(-300, 100)                         // ax.set_ylim(-300, 100)
	fmt.Println(ax)
	// Output: <Figure: scatter of 4 points, scatter of 4 points>
}

// plt.subplots(1, 4, figsize=(12, 3)): four figures side by side.
func ExampleSubplots() {
	axs := display.Subplots(1, 4, display.Size(1200, 300))
	for i, ax := range axs.Axes() {
		ax.Line([]float64{0, 1}, []float64{0, float64(i)})
	}
	fmt.Println(axs, len(axs.Axes()))
	// Output: <FigureGrid 1×4> 4
}

// matplotlib's FuncAnimation of a line converging, from article 004.
func ExampleAnimate() {
	xs := []float64{-1, 0, 1}
	a := -1.0
	fit := func() []float64 { return []float64{-a, 0, a} }

	fig := display.NewFigure()
	fig.Scatter(xs, []float64{-3, 0, 3}, display.Color("orange")) // plt.scatter(x[:,0], y, c='orange')
	line := fig.Line(xs, fit())                                   // line, = plt.plot(x[:,0], x@a)
	anim := display.Animate(fig, 100, func(i int) {               // def animate(i):
		a += 0.1 * (3 - a) //     update()
		line.SetY(fit())   //     line.set_ydata(x@a)
	}, display.Interval(20*time.Millisecond)) // FuncAnimation(fig, animate, np.arange(0, 100), interval=20)
	fmt.Println(anim.Frames())
	// Output: 101
}

// The learning-rate sketches of article 000: the same quadratic descended
// with a small step and with a step so large it bounces across the minimum.
func ExampleDescent() {
	f := func(x float64) float64 { return x * x }
	df := func(x float64) float64 { return 2 * x }
	low := display.Descent(f, df, -1.5, 0.05, 10)
	high := display.Descent(f, df, -1.5, 0.95, 10)
	fmt.Println(display.Grid(1, 2, low, high))
	fmt.Println(high)
	// Output:
	// <FigureGrid 1×2>
	// <Figure "learning rate 0.95: 10 steps": line of 200 points, arrows of 11 points, scatter of 11 points, scatter of 1 point>
}

// The autograd graph of article 000's first example: xt = 3, yt = xt².
func ExampleGraph() {
	xt := gd.Scalar(3).RequiresGrad_().SetName("xt")
	yt := xt.Pow(2).SetName("yt")
	yt.Backward()
	fmt.Println(display.Graph(yt))
	// Output: <Graph: PowBackward0 -> yt (); xt () -> PowBackward0>
}

// The seven-step workflow of article 000, with its loop back to predict.
func ExampleFlow() {
	flow := display.Flow("init", "predict", "loss", "gradient", "step", "stop").
		Loop("step", "predict", "repeat")
	fmt.Println(flow)
	// Output: <Flow: init -> predict; predict -> loss; loss -> gradient; gradient -> step; step -> stop; step -> predict>
}

// Article 001's figure: a loss surface with the path gradient descent takes.
func ExampleNewSurface() {
	rosenbrock := func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }
	xs, ys := []float64{-1.5}, []float64{2}
	for range 50 {
		x, y := xs[len(xs)-1], ys[len(ys)-1]
		gx, gy := -2*(1-x)-400*x*(y-x*x), 200*(y-x*x)
		xs, ys = append(xs, x-0.001*gx), append(ys, y-0.001*gy)
	}
	s := display.NewSurface(rosenbrock, display.XLim(-2, 2), display.YLim(-1, 3), display.ZLabel("loss"))
	s.Path(xs, ys, display.Label("gradient descent"))
	fmt.Println(s)
	// Output: <Surface: z from 0.0007007 to 2509, 1 path(s)>
}

// A training loop with a live view. Outside a notebook the live view is a
// line on stderr and the final chart goes to the HTML page (see PagePath).
func ExampleNewProgress() {
	const steps = 1000
	p := display.NewProgress(steps, display.Title("training"), display.Refresh(time.Second))
	loss := 10.0
	for i := range steps {
		loss *= 0.99
		p.Update(i+1, loss)
	}
	fmt.Printf("%.4g\n", loss) // p.Done() would now display the final chart
	// Output: 0.0004317
}
