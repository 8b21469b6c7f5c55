package display

import (
	"github.com/gonotebooks/descent/gd"
)

// ConfusionMatrix draws a classifier's confusion matrix: counts[i][j] is
// how many examples of class i were predicted as class j, drawn as a heat
// map in Blues with each count written in its cell and the classes named on
// both axes (scikit-learn's ConfusionMatrixDisplay, fastai's
// plot_confusion_matrix). Title and Size apply. It panics unless counts is
// a square 2-D tensor with one row per class.
func ConfusionMatrix(counts *gd.Tensor, classes []string, opts ...FigureOption) *Figure {
	rows, cols := matrixShape("display.ConfusionMatrix", counts, 1)
	if rows != cols || rows != len(classes) {
		panicf(gd.ErrShape, "display.ConfusionMatrix", "counts of shape %v for %d classes; want [%d, %d]",
			counts.Shape(), len(classes), len(classes), len(classes))
	}
	n := len(classes)
	fig := NewFigure(append([]FigureOption{XLabel("predicted"), YLabel("actual"), Size(140+60*n, 80+60*n)}, opts...)...)
	fig.cfg.xnames, fig.cfg.ynames = classes, classes
	fig.Image(counts, ColorMap("Blues"), ColorBar(true))
	z := fig.series[0].field.z
	lo, hi := fig.series[0].fieldRange()
	for r := range n {
		for c := range n {
			// Light text on the dark half of the map, dark on the light half.
			color := Color(svgInk)
			if (z[r][c]-lo)/(hi-lo) > 0.5 {
				color = Color("white")
			}
			fig.Text(float64(c), float64(r), sig4(z[r][c]), color).cfg.centred = true
		}
	}
	return fig
}
