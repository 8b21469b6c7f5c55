package display_test

import (
	"fmt"

	"github.com/gonotebooks/descent/display"
	"github.com/gonotebooks/descent/gd"
)

func rosenbrock(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }

// A loss landscape with an optimizer's path on top: log-spaced levels,
// which a function ranging from 0 to 2500 needs to show its valley.
func ExampleFigure_Contour() {
	field := display.NewField(rosenbrock, display.XLim(-2, 2), display.YLim(-1, 3)) // X, Y = np.meshgrid(...); Z = f(X, Y)
	fig := display.NewFigure(display.Title("Rosenbrock"))
	fig.Contour(field, display.LogScale())                      // plt.contour(X, Y, Z, levels=np.logspace(-2, 3, 6))
	fig.Line([]float64{-1.5, -1, 0.2}, []float64{2, 0.9, 0.05}) // plt.plot(xs, ys)
	fig.Point(1, 1, display.Color("red"), display.Label("minimum"))
	fmt.Println(fig)
	// Output: <Figure "Rosenbrock": contour of 100×100 values, z from 0.0001031 to 2509, line of 3 points, scatter of 1 point "minimum">
}

// Filled contours and a heat map, each with its colour bar.
func ExampleFigure_HeatMap() {
	field := display.NewField(func(x, y float64) float64 { return x*x + 2*y*y }, display.Samples(50))
	filled := display.NewFigure()
	filled.ContourFilled(field, display.Levels(0.5, 1, 2, 4, 8)) // plt.contourf(X, Y, Z, levels=[...]); plt.colorbar()
	heat := display.NewFigure()
	heat.HeatMap(field, display.ColorMap("RdBu_r")) // plt.imshow(Z, extent=(-2, 2, -2, 2), origin='lower', cmap='RdBu_r')
	fmt.Println(filled)
	fmt.Println(heat)
	// Output:
	// <Figure: filled contour of 50×50 values, z from 0.004998 to 12>
	// <Figure: heat map of 50×50 values, z from 0.004998 to 12>
}

// The landscape from the loss written once, with gd tensors: TensorField
// calls it a single time on the whole grid.
func ExampleTensorField() {
	loss := func(x, y *gd.Tensor) *gd.Tensor { // (1 - x)**2 + 100 * (y - x**2)**2
		return x.Neg().Add(1).Pow(2).Add(y.Sub(x.Pow(2)).Pow(2).Mul(100))
	}
	field := display.TensorField(loss, display.XLim(-2, 2), display.YLim(-1, 3), display.Samples(41))
	fmt.Println(field)
	// Output: <Field 41×41 over x -2..2, y -1..3, z from 0 to 2509>
}

// A digit, and a batch of them with titles, as fastai's show_image and
// show_images draw them; a classifier's confusion matrix.
func ExampleImages() {
	digit := gd.Zeros(28, 28)
	digit.Select(0, 14).Fill_(1) // a horizontal stroke
	fig := display.NewFigure(display.AxisOff())
	fig.Image(digit)                                                              // show_image(digit)
	grid := display.Images([]*gd.Tensor{digit, digit.T()}, []string{"—", "|"}, 2) // show_images(ims, ncols=2, titles=...)

	counts := gd.Matrix([][]float64{{50, 2}, {5, 43}})
	cm := display.ConfusionMatrix(counts, []string{"3", "7"}) // ConfusionMatrixDisplay(cm, display_labels=['3', '7']).plot()
	fmt.Println(fig)
	fmt.Println(grid)
	fmt.Println(cm)
	// Output:
	// <Figure: image of 28×28 values>
	// <FigureGrid 1×2>
	// <Figure: image of 2×2 values, text "50", text "2", text "5", text "43">
}

// A learning-rate sweep on a log x axis, points coloured by class, and
// points coloured by a value with a colour bar.
func ExampleLogX() {
	sweep := display.NewFigure(display.LogX(), display.XLabel("learning rate")) // plt.xscale('log')
	sweep.Line([]float64{0.0025, 0.004, 0.006, 0.0087}, []float64{0.9, 0.5, 0.4, 0.6}, display.WithPoints())

	x, y := []float64{0, 1, 2, 3}, []float64{1, 0, 1, 0}
	classes := display.NewFigure()
	classes.Scatter(x, y, display.Classes([]string{"cat", "dog", "cat", "dog"})) // sns.scatterplot(x=x, y=y, hue=labels)
	values := display.NewFigure()
	values.Scatter(x, y, display.ColorBy([]float64{0.1, 0.5, 0.7, 0.9})) // plt.scatter(x, y, c=v); plt.colorbar()
	fmt.Println(sweep)
	fmt.Println(classes)
	fmt.Println(values)
	// Output:
	// <Figure: line of 4 points>
	// <Figure: scatter of 4 points>
	// <Figure: scatter of 4 points>
}

// A learning-rate slider over linked charts, computed in Go for each value:
// it works in an exported report, with no kernel.
func ExampleExplore() {
	descend := func(lr float64) (xs, losses []float64) {
		x := -10.0
		for range 20 {
			xs, losses = append(xs, x), append(losses, x*x)
			x -= lr * 2 * x // a step of gradient descent on x²
		}
		return xs, losses
	}
	lrs := []float64{0.01, 0.1, 0.5, 0.9, 1.1}
	e := display.Explore("lr", lrs, func(lr float64) any { // ipywidgets.interact(plot, lr=lrs)
		xs, losses := descend(lr)
		path := display.PlotFunction(func(x float64) float64 { return x * x }, display.Domain(-12, 12))
		path.Scatter(xs, losses, display.Color("red"))
		curve := display.NewFigure(display.LogY(), display.XLabel("step"))
		curve.Line(steps(len(losses)), losses)
		return []*display.Figure{path, curve}
	}).Default(0.1)
	fmt.Println(e)
	// Output: <Explorer lr: 5 values from 0.01 to 1.1; showing lr = 0.1: <Figure: line of 100 points, scatter of 20 points>, <Figure: line of 20 points>>
}

func steps(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = float64(i)
	}
	return out
}
