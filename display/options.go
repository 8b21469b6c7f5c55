package display

import (
	"cmp"
	"math"
	"time"

	"github.com/gonotebooks/descent/gd"
)

// FigureOption configures a whole figure: titles, axis labels and limits, size,
// animation timing. Pass them to NewFigure, PlotFunction, Subplots, NewSurface,
// Animate, NewProgress and the illustration helpers, or later with Figure.Set.
type FigureOption func(*figConfig)

// SeriesOption configures one series (one Scatter or Line call): colour,
// legend label, marker and line style.
type SeriesOption func(*seriesConfig)

type figConfig struct {
	title, xlabel, ylabel, zlabel string
	xlim, ylim                    *[2]float64
	domain                        *[2]float64 // where PlotFunction & co. sample the function
	width, height                 int         // pixels; 0 means the chart kind's default
	logX, logY                    bool
	axisOff                       bool
	interval                      time.Duration // animation frame interval
	autoPlay                      bool
	samples                       int            // points sampled by PlotFunction and friends
	refresh                       *time.Duration // Progress redraw interval
	elapsed                       bool           // Progress: wall time in the final summary
	smooth                        float64        // Progress: the moving average's factor, 0 for none
	view                          *[2]float64    // Surface: elevation and azimuth in degrees
	xnames, ynames                []string       // words for the ticks 0, 1, 2... (ConfusionMatrix)
}

type seriesConfig struct {
	label   string
	color   string
	size    float64 // marker diameter in pixels
	width   float64 // line width in pixels
	dashed  bool
	opacity float64
	marker  string
	points  bool // draw markers on a line
	centred bool // text centred on its point (a confusion matrix's counts), not above it

	// Fields and colour-mapped scatters.
	levels   []float64 // contour levels; nil: automatic
	nLevels  int       // about how many automatic levels; 0: 10
	logZ     bool      // values on a log scale
	cmap     string    // colour map name
	zRange   *[2]float64
	colorBar *bool // nil: the layer's default

	contourLabels bool // write the levels on the contour lines

	colorValues []float64 // ColorBy: a value per point
	classes     []string  // Classes: a class per point
}

// Title sets the figure title (plt.title / ax.set_title).
func Title(s string) FigureOption { return func(c *figConfig) { c.title = s } }

// XLabel names the x axis (plt.xlabel / ax.set_xlabel).
func XLabel(s string) FigureOption { return func(c *figConfig) { c.xlabel = s } }

// YLabel names the y axis (plt.ylabel / ax.set_ylabel).
func YLabel(s string) FigureOption { return func(c *figConfig) { c.ylabel = s } }

// ZLabel names the vertical axis of a 3-D surface.
func ZLabel(s string) FigureOption { return func(c *figConfig) { c.zlabel = s } }

// XLim fixes the x axis range (plt.xlim / ax.set_xlim). When no Domain is
// given, PlotFunction samples its function over this range too; for a surface
// it is the x range sampled. It panics if lo >= hi or either is not finite.
func XLim(lo, hi float64) FigureOption {
	checkRange("display.XLim", "x limits", lo, hi)
	return func(c *figConfig) { c.xlim = &[2]float64{lo, hi} }
}

// Domain sets the x range a function is sampled over by PlotFunction, Tangent
// and Descent (fastbook's plot_function min/max; default -2 to 2). Unlike XLim
// it leaves the axis its usual margins. It panics if lo >= hi.
func Domain(lo, hi float64) FigureOption {
	checkRange("display.Domain", "domain", lo, hi)
	return func(c *figConfig) { c.domain = &[2]float64{lo, hi} }
}

// YLim fixes the y axis range (plt.ylim / ax.set_ylim(-300, 100)). Points
// outside it are clipped, as in matplotlib. For a surface it is the y range
// the function is sampled over. It panics if lo >= hi or either is not finite.
func YLim(lo, hi float64) FigureOption {
	checkRange("display.YLim", "y limits", lo, hi)
	return func(c *figConfig) { c.ylim = &[2]float64{lo, hi} }
}

// Size sets the figure size in CSS pixels (matplotlib's figsize=(6,4) is about
// Size(600, 400)). For Subplots and Grid it is the size of the whole grid.
// It is the natural and largest size: in a narrower output area the chart
// shrinks to fit, keeping its aspect ratio (see the package documentation).
func Size(width, height int) FigureOption {
	checkPositive("display.Size", "width", width)
	checkPositive("display.Size", "height", height)
	return func(c *figConfig) { c.width, c.height = width, height }
}

// LogY draws the y axis on a log scale (plt.yscale("log")); handy for loss
// curves. Any positive float64 can be shown, down to 5e-324; values <= 0
// are left out. Ticks are whole decades, a few decades apart on long ranges,
// labelled 0.01, 1000 or 1e-120.
func LogY() FigureOption { return func(c *figConfig) { c.logY = true } }

// LogX draws the x axis on a log scale (plt.xscale("log")), for a sweep of
// learning rates from 1e-4 to 1; with LogY, a log-log plot. Values <= 0
// are left out. As for LogY, ticks fall on decades, and a range of less
// than about two decades also gets labels at 2× and 5× in between.
func LogX() FigureOption { return func(c *figConfig) { c.logX = true } }

// Interval sets the time between animation frames (FuncAnimation's interval=20
// is Interval(20*time.Millisecond)). It panics if d <= 0.
func Interval(d time.Duration) FigureOption {
	if d <= 0 {
		panicf(gd.ErrValue, "display.Interval", "frame interval must be positive, got %v", d)
	}
	return func(c *figConfig) { c.interval = d }
}

// AutoPlay starts an animation as soon as it is shown instead of waiting for
// the play button.
func AutoPlay() FigureOption { return func(c *figConfig) { c.autoPlay = true } }

// Samples sets how many points PlotFunction and the illustration helpers
// evaluate the function at (default 100, like fastbook's plot_function), or
// the grid resolution per axis of a surface (default 40).
func Samples(n int) FigureOption {
	if n < 2 {
		panicf(gd.ErrValue, "display.Samples", "need at least 2 samples, got %d", n)
	}
	return func(c *figConfig) { c.samples = n }
}

// Color sets a series' colour: a CSS name, "#rrggbb", "rgb(r,g,b)", or
// matplotlib's "C0".."C9" and "tab:blue". The basic names "red", "blue",
// "orange", "green" (and the other tab10 names) mean matplotlib's tab10 shades.
// It panics on an unknown colour.
func Color(c string) SeriesOption {
	v := resolveColor("display.Color", c)
	return func(s *seriesConfig) { s.color = v }
}

// Label names a series in the legend (matplotlib's label=...). A figure shows
// a legend when at least one of its series has a label.
func Label(s string) SeriesOption { return func(c *seriesConfig) { c.label = s } }

// MarkerSize sets the diameter of scatter markers in pixels (default 7).
func MarkerSize(px float64) SeriesOption {
	checkFinitePositive("display.MarkerSize", px)
	return func(c *seriesConfig) { c.size = px }
}

// LineWidth sets the width of a line in pixels (default 2).
func LineWidth(px float64) SeriesOption {
	checkFinitePositive("display.LineWidth", px)
	return func(c *seriesConfig) { c.width = px }
}

// Dashed draws a line dashed (matplotlib's linestyle="--").
func Dashed() SeriesOption { return func(c *seriesConfig) { c.dashed = true } }

// Opacity sets a series' opacity, from 0 (invisible) to 1 (default).
func Opacity(a float64) SeriesOption {
	if math.IsNaN(a) || a < 0 || a > 1 {
		panicf(gd.ErrValue, "display.Opacity", "opacity must be in [0, 1], got %v", a)
	}
	return func(c *seriesConfig) { c.opacity = a }
}

// Marker sets the marker shape: "circle" (default), "square", "triangle" or "diamond".
func Marker(shape string) SeriesOption {
	switch shape {
	case "circle", "square", "triangle", "diamond":
	default:
		panicf(gd.ErrValue, "display.Marker", "unknown marker %q: use circle, square, triangle or diamond", shape)
	}
	return func(c *seriesConfig) { c.marker = shape }
}

// WithPoints draws a marker at each point of a line (matplotlib's marker="o").
func WithPoints() SeriesOption { return func(c *seriesConfig) { c.points = true } }

func checkFinitePositive(op string, v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) || v <= 0 {
		panicf(gd.ErrValue, op, "must be a positive number, got %v", v)
	}
}

func newFigConfig(opts []FigureOption) figConfig {
	var c figConfig
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}

// markerSize and lineWidth are the series' sizes with their defaults, the
// one place the live chart and the static picture both read them from.
func (c seriesConfig) markerSize() float64 { return cmp.Or(c.size, 7) }
func (c seriesConfig) lineWidth() float64  { return cmp.Or(c.width, 2) }

// contourWidth is the width of contour lines, thinner than a data line.
func (c seriesConfig) contourWidth() float64 { return cmp.Or(c.width, 1.2) }

func newSeriesConfig(opts []SeriesOption) seriesConfig {
	c := seriesConfig{opacity: 1}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	return c
}
