package display

import (
	"slices"

	"github.com/gonotebooks/descent/gd"
)

// Figure is one 2-D chart: scatter and line series on value axes, with a
// title, axis labels, limits and a legend. It plays the role of matplotlib's
// figure-with-one-axes (and of one "ax" of Subplots):
//
//	fig := display.NewFigure(display.Title("speed"), display.YLim(-300, 100))
//	fig.Scatter(time, speed)                      // plt.scatter(time, speed)
//	fig.Scatter(time, preds, display.Color("red")) // plt.scatter(time, preds, color='red')
//	fig.Show()
//
// Nothing is drawn until Show (or display.Show(fig)). A Figure is not safe for
// concurrent use.
type Figure struct {
	cfg    figConfig
	series []*Series
	cycle  int // next colour of the tab10 cycle
}

// Series is one set of points added to a Figure. Keep it to change its data
// later, as matplotlib's `line, = plt.plot(...)` and `line.set_ydata(...)` do
// in an animation.
type Series struct {
	fig  *Figure
	kind seriesKind
	x, y []float64
	text string // for kindText
	cfg  seriesConfig

	field *Field // for the field layers (contours, heat maps, images)
}

type seriesKind int

const (
	kindScatter seriesKind = iota
	kindLine
	kindArrows  // consecutive points joined by arrows
	kindText    // a text label anchored at one point
	kindContour // a field's contour lines
	kindFilled  // a field's filled contours
	kindHeat    // a field as a heat map
	kindImage   // a matrix as a picture, one block per value
)

func (k seriesKind) String() string {
	return [...]string{"scatter", "line", "arrows", "text", "contour", "filled contour", "heat map", "image"}[k]
}

// NewFigure returns an empty figure (plt.figure() / plt.subplots()).
func NewFigure(opts ...FigureOption) *Figure {
	return &Figure{cfg: newFigConfig(opts)}
}

// Set applies figure options after creation (ax.set(...)).
func (f *Figure) Set(opts ...FigureOption) *Figure {
	for _, o := range opts {
		if o != nil {
			o(&f.cfg)
		}
	}
	return f
}

// SetTitle sets the title (ax.set_title).
func (f *Figure) SetTitle(s string) *Figure { return f.Set(Title(s)) }

// SetXLabel names the x axis (ax.set_xlabel).
func (f *Figure) SetXLabel(s string) *Figure { return f.Set(XLabel(s)) }

// SetYLabel names the y axis (ax.set_ylabel).
func (f *Figure) SetYLabel(s string) *Figure { return f.Set(YLabel(s)) }

// SetXLim fixes the x range (ax.set_xlim). It panics if lo >= hi.
func (f *Figure) SetXLim(lo, hi float64) *Figure { return f.Set(XLim(lo, hi)) }

// SetYLim fixes the y range (ax.set_ylim(-300, 100)). It panics if lo >= hi.
func (f *Figure) SetYLim(lo, hi float64) *Figure { return f.Set(YLim(lo, hi)) }

// Scatter adds points drawn as markers (plt.scatter(x, y)). The slices are
// copied. Non-finite values (NaN, ±Inf, e.g. a diverged loss) are left out.
// It panics if x and y differ in length.
func (f *Figure) Scatter(x, y []float64, opts ...SeriesOption) *Series {
	return f.add("display.Scatter", kindScatter, x, y, opts)
}

// Line adds points joined by a line, in the order given (plt.plot(x, y)).
// Non-finite values break the line. It panics if x and y differ in length.
func (f *Figure) Line(x, y []float64, opts ...SeriesOption) *Series {
	return f.add("display.Line", kindLine, x, y, opts)
}

// Point adds a single marker (plt.scatter(-1.5, f(-1.5), color='red')).
func (f *Figure) Point(x, y float64, opts ...SeriesOption) *Series {
	return f.add("display.Point", kindScatter, []float64{x}, []float64{y}, opts)
}

// Arrows joins consecutive points with arrows, for drawing a sequence of
// steps (ax.annotate with arrowprops, repeated).
func (f *Figure) Arrows(x, y []float64, opts ...SeriesOption) *Series {
	return f.add("display.Arrows", kindArrows, x, y, opts)
}

// Text writes text at the point (x, y) (plt.text / ax.annotate).
func (f *Figure) Text(x, y float64, text string, opts ...SeriesOption) *Series {
	s := f.add("display.Text", kindText, []float64{x}, []float64{y}, opts)
	s.text = text
	return s
}

func (f *Figure) add(op string, kind seriesKind, x, y []float64, opts []SeriesOption) *Series {
	checkXY(op, x, y)
	s := &Series{fig: f, kind: kind, x: slices.Clone(x), y: slices.Clone(y), cfg: newSeriesConfig(opts)}
	perPoint := s.cfg.colorValues != nil || s.cfg.classes != nil
	if perPoint {
		s.checkPerPoint()
	}
	if s.cfg.colorValues != nil && s.cfg.colorBar == nil {
		bar := true
		s.cfg.colorBar = &bar
	}
	if s.cfg.colorValues != nil && s.cfg.cmap == "" {
		s.cfg.cmap = "viridis"
	}
	if s.cfg.color == "" && !perPoint && (kind == kindScatter || kind == kindLine) {
		// As in matplotlib, only series that take their colour from the
		// cycle advance it: an orange scatter leaves the next line blue.
		s.cfg.color = tab10[f.cycle%len(tab10)]
		f.cycle++
	}
	f.series = append(f.series, s)
	return s
}

// SetData replaces the series' points (line.set_data(x, y)). It panics if x and
// y differ in length.
func (s *Series) SetData(x, y []float64) {
	checkXY("display.SetData", x, y)
	s.x, s.y = slices.Clone(x), slices.Clone(y)
}

// SetY replaces the y values and keeps x (line.set_ydata(y)). It panics if the
// number of values changes.
func (s *Series) SetY(y []float64) {
	if len(y) != len(s.x) {
		panicf(gd.ErrShape, "display.SetY", "series has %d points, new y has %d values", len(s.x), len(y))
	}
	s.y = slices.Clone(y)
}

// Len returns the number of points in the series.
func (s *Series) Len() int { return len(s.x) }

// String describes the figure's series in one line (the text/plain form).
func (f *Figure) String() string {
	if f == nil {
		return "<nil Figure>"
	}
	return f.describe()
}

// Show displays the figure: inline in a notebook, or in the HTML page written
// outside one (see the package documentation).
func (f *Figure) Show() { show(f.view()) }

func (f *Figure) view() view {
	checkMade("display.Show", f != nil, "the *display.Figure", "display.NewFigure")
	return singleChart(f.spec())
}

// clone deep-copies the figure, so a snapshot does not change with it.
func (f *Figure) clone() *Figure {
	g := &Figure{cfg: f.cfg, cycle: f.cycle}
	for _, s := range f.series {
		c := *s
		c.fig = g
		c.x, c.y = slices.Clone(s.x), slices.Clone(s.y)
		g.series = append(g.series, &c)
	}
	return g
}
