package display

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/gonotebooks/descent/gd"
)

// Field is a function of two variables sampled on a regular grid: a loss
// over two parameters, a picture, a matrix of counts. A Figure draws it as
// contour lines (Contour), filled contours (ContourFilled), a heat map
// (HeatMap) or an image (Figure.Image), under its lines and points:
//
//	field := display.NewField(rosenbrock, display.XLim(-2, 2), display.YLim(-1, 3))
//	fig := display.NewFigure()
//	fig.Contour(field, display.LogScale())     // plt.contour(X, Y, Z, levels=np.logspace(...))
//	fig.Line(xs, ys, display.Label("SGD"))     // plt.plot(xs, ys, label='SGD')
//	fig.Show()
type Field struct {
	xs, ys []float64   // grid coordinates, increasing
	z      [][]float64 // z[j][i] is the value at (xs[i], ys[j])
	// cells: each value fills a cell around its grid point (an image's
	// pixels, a matrix), drawn as a flat block, instead of a sample the
	// picture interpolates between.
	cells bool
}

// NewField samples f on a grid over XLim × YLim (default -2 to 2 each)
// with Samples points per axis (default 100): matplotlib's
// np.meshgrid(np.linspace(...), np.linspace(...)) and Z = f(X, Y). It panics
// if f is nil.
func NewField(f func(x, y float64) float64, opts ...FigureOption) *Field {
	if f == nil {
		panicf(gd.ErrValue, "display.NewField", "function is nil")
	}
	xs, ys := gridAxes(newFigConfig(opts), 100)
	z := make([][]float64, len(ys))
	for j, y := range ys {
		z[j] = make([]float64, len(xs))
		for i, x := range xs {
			z[j][i] = f(x, y)
		}
	}
	return &Field{xs: xs, ys: ys, z: z}
}

// TensorField samples a function written with gd tensors, so a loss defined
// once for training also draws its landscape: f is called once, outside
// autograd (NoGrad), with x and y as float64 tensors of shape [n, n] holding
// the grid's coordinates (x varies along rows, y down columns, as
// np.meshgrid gives them), and must return a tensor of n×n values.
//
//	rosen := func(x, y *gd.Tensor) *gd.Tensor { return x.Neg().Add(1).Pow(2).Add(y.Sub(x.Pow(2)).Pow(2).Mul(100)) }
//	field := display.TensorField(rosen, display.XLim(-2, 2), display.YLim(-1, 3))
//
// Options as for NewField. It panics if f is nil or returns the wrong number
// of values.
func TensorField(f func(x, y *gd.Tensor) *gd.Tensor, opts ...FigureOption) *Field {
	if f == nil {
		panicf(gd.ErrValue, "display.TensorField", "function is nil")
	}
	xs, ys := gridAxes(newFigConfig(opts), 100)
	nx, ny := len(xs), len(ys)
	gx, gy := make([]float64, nx*ny), make([]float64, nx*ny)
	for j := range ny {
		copy(gx[j*nx:], xs)
		for i := range nx {
			gy[j*nx+i] = ys[j]
		}
	}
	var out *gd.Tensor
	gd.NoGrad(func() { out = f(gd.FromSlice(gx, ny, nx), gd.FromSlice(gy, ny, nx)) })
	if out == nil || out.Numel() != nx*ny {
		n := 0
		if out != nil {
			n = out.Numel()
		}
		panicf(gd.ErrShape, "display.TensorField", "function returned %d values for a %d×%d grid", n, ny, nx)
	}
	vals := out.Float64s()
	z := make([][]float64, ny)
	for j := range z {
		z[j] = vals[j*nx : (j+1)*nx]
	}
	return &Field{xs: xs, ys: ys, z: z}
}

// FieldOf makes a field of a 2-D tensor of shape [rows, cols]: row j holds
// the values at y = ys[j], column i those at x = xs[i], over XLim × YLim
// (default: the column and row numbers). It panics unless t is 2-D with
// at least 2 rows and columns.
func FieldOf(t *gd.Tensor, opts ...FigureOption) *Field {
	rows, cols := matrixShape("display.FieldOf", t, 2)
	cfg := newFigConfig(opts)
	cfg.samples = 0
	xs := evenly(0, float64(cols-1), cols, cfg.xlim)
	ys := evenly(0, float64(rows-1), rows, cfg.ylim)
	return &Field{xs: xs, ys: ys, z: matrixRows(t, rows, cols)}
}

// Field is the surface's function sampled on a 2-D grid over the same
// ranges (at Samples points per axis, default 100), to draw as contours or
// a heat map: the 3-D view and the map of the same landscape.
func (s *Surface) Field() *Field {
	checkMade("display.Surface.Field", s != nil && s.f != nil, "the *display.Surface", "display.NewSurface")
	opts := []FigureOption{}
	if s.cfg.xlim != nil {
		opts = append(opts, XLim(s.cfg.xlim[0], s.cfg.xlim[1]))
	}
	if s.cfg.ylim != nil {
		opts = append(opts, YLim(s.cfg.ylim[0], s.cfg.ylim[1]))
	}
	return NewField(s.f, opts...)
}

// Range returns the lowest and highest finite value of the field (+Inf,
// -Inf when there is none).
func (fl *Field) Range() (lo, hi float64) { return extent(false, fl.z...) }

// String describes the field's grid and range.
func (fl *Field) String() string {
	lo, hi := fl.Range()
	return fmt.Sprintf("<Field %d×%d over x %s..%s, y %s..%s, z %s>", len(fl.ys), len(fl.xs),
		sig4(fl.xs[0]), sig4(fl.xs[len(fl.xs)-1]), sig4(fl.ys[0]), sig4(fl.ys[len(fl.ys)-1]), zRangeText(lo, hi))
}

func zRangeText(lo, hi float64) string {
	if lo > hi {
		return "has no finite value"
	}
	return "from " + sig4(lo) + " to " + sig4(hi)
}

// extentX and extentY are the ranges the field covers: its grid, or for
// cells, half a cell more on each side.
func (fl *Field) extentX() (float64, float64) { return fl.extent(fl.xs) }
func (fl *Field) extentY() (float64, float64) { return fl.extent(fl.ys) }

func (fl *Field) extent(v []float64) (float64, float64) {
	lo, hi := v[0], v[len(v)-1]
	if fl.cells {
		half := (hi - lo) / float64(len(v)-1) / 2
		if len(v) == 1 {
			half = 0.5
		}
		lo, hi = lo-half, hi+half
	}
	return lo, hi
}

// gridAxes are the sample points of a grid: XLim × YLim (default -2..2)
// with Samples per axis (default def).
func gridAxes(cfg figConfig, def int) (xs, ys []float64) {
	n := cmp.Or(cfg.samples, def)
	return evenly(-2, 2, n, cfg.xlim), evenly(-2, 2, n, cfg.ylim)
}

// evenly is n points from lo to hi, or over lim when given.
func evenly(lo, hi float64, n int, lim *[2]float64) []float64 {
	if lim != nil {
		lo, hi = lim[0], lim[1]
	}
	xs, _ := sample(func(float64) float64 { return 0 }, lo, hi, n)
	return xs
}

// matrixShape checks that t is a 2-D tensor (or a 3-D one with one
// channel) of at least min rows and columns, and returns its shape.
func matrixShape(op string, t *gd.Tensor, min int) (rows, cols int) {
	if t == nil {
		panicf(gd.ErrValue, op, "tensor is nil")
	}
	shape := t.Shape()
	if len(shape) == 3 && shape[0] == 1 {
		shape = shape[1:]
	}
	if len(shape) != 2 || shape[0] < min || shape[1] < min {
		panicf(gd.ErrShape, op, "need a 2-D tensor [rows, cols] (or [1, rows, cols]) with at least %d of each, got shape %v", min, t.Shape())
	}
	return shape[0], shape[1]
}

// matrixRows copies a tensor's values into rows.
func matrixRows(t *gd.Tensor, rows, cols int) [][]float64 {
	vals := t.Float64s()
	z := make([][]float64, rows)
	for j := range z {
		z[j] = slices.Clone(vals[j*cols : (j+1)*cols])
	}
	return z
}

// Contour draws the field's contour lines (plt.contour): at Levels, or
// at about LevelCount automatic ones (default 10), evenly spaced or, with
// LogScale, spaced by decades — what a loss spanning 1e-3 to 1e3 needs.
// Each level takes its colour from ColorMap (default viridis) unless Color
// gives one colour to all; LineWidth, Label and ContourLabels (the levels
// written on their lines, plt.clabel) apply.
func (f *Figure) Contour(fl *Field, opts ...SeriesOption) *Series {
	return f.addField("display.Contour", kindContour, fl, opts)
}

// ContourFilled fills the bands between contour levels with the colour map
// (plt.contourf), with a colour bar; options as for Contour.
func (f *Figure) ContourFilled(fl *Field, opts ...SeriesOption) *Series {
	return f.addField("display.ContourFilled", kindFilled, fl, opts)
}

// HeatMap colours every point of the plot by the field's value there,
// interpolated between grid points (plt.imshow(Z, extent=..., origin=
// 'lower') or pcolormesh with shading), with a colour bar. LogScale colours
// by log10 of the value (matplotlib's LogNorm); ColorRange fixes the values
// the map's ends stand for; ColorMap picks the map.
func (f *Figure) HeatMap(fl *Field, opts ...SeriesOption) *Series {
	return f.addField("display.HeatMap", kindHeat, fl, opts)
}

// Image draws a 2-D tensor as a picture, one block per value, row 0 at the
// top (plt.imshow(t) and fastai's show_image): a digit, a weight matrix, a
// confusion matrix. Colours come from ColorMap (default "greys", dark for
// high values, as fastbook sets matplotlib up) over the tensor's range or
// ColorRange; ColorBar adds a colour bar. The figure's y axis then runs
// downwards, as row numbers do. It panics unless t is 2-D (or [1, h, w]).
func (f *Figure) Image(t *gd.Tensor, opts ...SeriesOption) *Series {
	rows, cols := matrixShape("display.Image", t, 1)
	z := matrixRows(t, rows, cols)
	fl := &Field{xs: evenly(0, float64(cols-1), cols, nil), ys: evenly(0, float64(rows-1), rows, nil), z: z, cells: true}
	if cols == 1 {
		fl.xs = []float64{0}
	}
	if rows == 1 {
		fl.ys = []float64{0}
	}
	return f.addField("display.Image", kindImage, fl, opts)
}

func (f *Figure) addField(op string, kind seriesKind, fl *Field, opts []SeriesOption) *Series {
	checkMade(op, fl != nil && len(fl.z) > 0, "the *display.Field", "display.NewField, TensorField or FieldOf")
	s := &Series{fig: f, kind: kind, field: fl, cfg: newSeriesConfig(opts)}
	if s.cfg.cmap == "" {
		s.cfg.cmap = "viridis"
		if kind == kindImage {
			s.cfg.cmap = "greys"
		}
	}
	if s.cfg.colorBar == nil {
		bar := kind == kindFilled || kind == kindHeat
		s.cfg.colorBar = &bar
	}
	f.series = append(f.series, s)
	return s
}

// Levels sets the contour levels of Contour and ContourFilled
// (plt.contour(..., levels=[...])). It panics unless the levels are finite.
func Levels(levels ...float64) SeriesOption {
	for _, l := range levels {
		checkFinite("display.Levels", "level", l)
	}
	ls := slices.Clone(levels)
	slices.Sort(ls)
	ls = slices.Compact(ls)
	return func(c *seriesConfig) { c.levels = ls }
}

// LevelCount asks Contour and ContourFilled for about n automatic levels
// (default 10), at round numbers. It panics if n < 1.
func LevelCount(n int) SeriesOption {
	checkPositive("display.LevelCount", "level count", n)
	return func(c *seriesConfig) { c.nLevels = n }
}

// LogScale puts a field's values on a log scale: contour levels a decade
// (or 1-2-5 steps) apart, and heat-map colours by log10 of the value
// (matplotlib's LogNorm and LogLocator). Values <= 0 are left blank.
func LogScale() SeriesOption { return func(c *seriesConfig) { c.logZ = true } }

// ColorMap picks a field's colour map by matplotlib's name: "viridis",
// "gray", "Greys", "RdBu_r", "Blues". It panics on another name.
func ColorMap(name string) SeriesOption {
	colorMapNamed("display.ColorMap", name)
	return func(c *seriesConfig) { c.cmap = name }
}

// ColorRange fixes the values the two ends of the colour map stand for
// (matplotlib's vmin and vmax); values beyond take the end colours. It
// panics unless lo < hi are finite.
func ColorRange(lo, hi float64) SeriesOption {
	checkRange("display.ColorRange", "colour range", lo, hi)
	return func(c *seriesConfig) { c.zRange = &[2]float64{lo, hi} }
}

// ColorBar shows (or, with false, hides) a colour bar beside the plot
// (plt.colorbar()). HeatMap, ContourFilled and Scatter's ColorBy show one
// unless told not to; Contour and Image only when asked.
func ColorBar(show bool) SeriesOption {
	return func(c *seriesConfig) { c.colorBar = &show }
}

// AxisOff hides the axes, their ticks and grid (plt.axis('off')), as
// pictures are shown.
func AxisOff() FigureOption { return func(c *figConfig) { c.axisOff = true } }

// fieldRange is the value range a layer's colours span: ColorRange, else
// the field's finite (for a log scale, positive) values.
func (s *Series) fieldRange() (lo, hi float64) {
	if s.cfg.zRange != nil {
		return s.cfg.zRange[0], s.cfg.zRange[1]
	}
	lo, hi = extent(s.cfg.logZ, s.field.z...)
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		if s.cfg.logZ {
			return lo / 10, hi * 10
		}
		return lo - 0.5, hi + 0.5
	}
	return lo, hi
}

// norm maps a value to [0, 1] along the layer's colour scale (NaN for
// values a log scale cannot show).
func (s *Series) norm(lo, hi float64) func(float64) float64 {
	if s.cfg.logZ {
		if lo <= 0 {
			lo = hi / 1e6
		}
		a, b := log10(lo), log10(hi)
		return func(v float64) float64 {
			if !(v > 0) {
				return math.NaN()
			}
			return (log10(v) - a) / (b - a)
		}
	}
	return func(v float64) float64 { return along(v, lo, hi) }
}

// levels are the contour levels of the layer: given, or automatic inside
// the field's range.
func (s *Series) levels() []float64 {
	if s.cfg.levels != nil {
		return s.cfg.levels
	}
	n := cmp.Or(s.cfg.nLevels, 10)
	lo, hi := s.fieldRange()
	if s.cfg.logZ {
		return logLevels(lo, hi, n)
	}
	sc := linearScale(lo, hi, &[2]float64{lo, hi}, n)
	var out []float64
	for _, t := range sc.ticks() {
		if t > lo && t < hi {
			out = append(out, t)
		}
	}
	return out
}

// logLevels are about n levels strictly inside (lo, hi) with lo > 0: every
// decade, or 1-2-5 steps when there are few decades, or every k-th decade
// when there are many.
func logLevels(lo, hi float64, n int) []float64 {
	a, b := math.Ceil(log10(lo)), math.Floor(log10(hi))
	if math.Pow(10, a) <= lo {
		a++ // strictly inside
	}
	if math.Pow(10, b) >= hi {
		b--
	}
	var out []float64
	if b-a+1 < float64(n)/2 {
		for e := a - 1; e <= b; e++ {
			for _, m := range []float64{1, 2, 5} {
				if v := m * math.Pow(10, e); v > lo && v < hi {
					out = append(out, v)
				}
			}
		}
		return out
	}
	k := math.Max(1, math.Ceil((b-a+1)/float64(n)))
	for e := a; e <= b; e += k {
		if v := math.Pow(10, e); v > lo && v < hi {
			out = append(out, v)
		}
	}
	return out
}

// Images shows pictures in a grid of cols columns, each with its title (a
// nil titles or an empty title leaves one out), and no axes, like fastai's
// show_images(ims, ncols=cols, titles=titles): a batch of digits, the
// weights of a layer. Each image is a 2-D tensor (or [1, h, w]); a batch
// of shape [n, h, w] is batch.Unbind(0). Options
// apply to every image (ColorMap, ColorRange). Size is the whole grid's
// (default 160 pixels a side per image). It panics if there are no images,
// cols < 1, or a title has no image.
func Images(ims []*gd.Tensor, titles []string, cols int, opts ...SeriesOption) *FigureGrid {
	checkPositive("display.Images", "cols", cols)
	if len(ims) == 0 || len(titles) > len(ims) {
		panicf(gd.ErrValue, "display.Images", "%d images and %d titles; need at least one image and no more titles than images", len(ims), len(titles))
	}
	rows := (len(ims) + cols - 1) / cols
	figs := make([]*Figure, len(ims))
	for i, im := range ims {
		title := ""
		if i < len(titles) {
			title = titles[i]
		}
		figs[i] = NewFigure(AxisOff(), Title(title))
		figs[i].Image(im, opts...)
	}
	cellH := 160
	if len(titles) > 0 {
		cellH += 30 // the title's line
	}
	return Grid(rows, cols, figs...).Set(Size(160*cols, cellH*rows))
}
