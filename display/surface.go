package display

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/png"
	"math"
	"slices"
	"strconv"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gonotebooks/descent/gd"
)

// Surface is a 3-D plot of a function of two variables, z = f(x, y), that the
// reader can rotate, with optional paths drawn on it, such as the iterates of
// gradient descent on a loss surface:
//
//	s := display.NewSurface(rosenbrock, display.XLim(-2, 2), display.YLim(-1, 3))
//	s.Path(xs, ys, display.Color("red"), display.Label("gradient descent"))
//	s.Show()
//
// It is drawn by ECharts GL. The static fallback is a 2-D view from above: a
// heat map of z with the paths on top.
type Surface struct {
	f     func(x, y float64) float64
	cfg   figConfig
	paths []*surfacePath
	cycle int // next colour of the tab10 cycle
}

// ViewAngle sets the angle a surface is first seen from, in degrees:
// elevation above the x-y plane and azimuth around the z axis (matplotlib's
// ax.view_init(elev, azim); default 28 and 35). The reader can still rotate it.
func ViewAngle(elev, azim float64) FigureOption {
	checkFinite("display.ViewAngle", "elevation", elev)
	checkFinite("display.ViewAngle", "azimuth", azim)
	return func(c *figConfig) { c.view = &[2]float64{elev, azim} }
}

// markerAt reports whether a path draws a marker at point i of n: at every
// point with WithPoints, else at the start and the end.
func (p *surfacePath) markerAt(i, n int) bool { return p.cfg.points || i == 0 || i == n-1 }

type surfacePath struct {
	x, y []float64
	cfg  seriesConfig
}

// NewSurface samples f on a grid over XLim × YLim (default -2 to 2 each) with
// Samples points per axis (default 40). Title, XLabel, YLabel, ZLabel, Size
// and ViewAngle apply. Field gives the same function as a 2-D field, to draw
// its contours. It panics if f is nil.
func NewSurface(f func(x, y float64) float64, opts ...FigureOption) *Surface {
	if f == nil {
		panicf(gd.ErrValue, "display.NewSurface", "function is nil")
	}
	return &Surface{f: f, cfg: newFigConfig(opts)}
}

// Path adds a path on the surface through the points (xs[i], ys[i],
// f(xs[i], ys[i])), drawn as a line with markers at its start and end
// (WithPoints: at every point). Paths without a Color take the tab10 cycle,
// C0 first, as a Figure's series do; a Label puts the path in a legend. It
// panics if xs and ys differ in length.
func (s *Surface) Path(xs, ys []float64, opts ...SeriesOption) *Surface {
	checkXY("display.Path", xs, ys)
	p := &surfacePath{x: slices.Clone(xs), y: slices.Clone(ys), cfg: newSeriesConfig(opts)}
	if p.cfg.color == "" {
		p.cfg.color = tab10[s.cycle%len(tab10)]
		s.cycle++
	}
	s.paths = append(s.paths, p)
	return s
}

// String describes the surface: its z range and paths.
func (s *Surface) String() string {
	if s == nil || s.f == nil {
		return "<empty Surface>"
	}
	_, _, zs := s.grid()
	lo, hi := extent(false, zs...)
	return s.describe(lo, hi)
}

// Show displays the surface.
func (s *Surface) Show() { show(s.view()) }

func (s *Surface) view() view {
	checkMade("display.Show", s != nil && s.f != nil, "the *display.Surface", "display.NewSurface")
	return singleChart(s.spec())
}

// maxSurfaceSamples bounds a surface's grid per axis (the size budget): the
// grid travels as n² points, and a finer mesh than this shows no more.
const maxSurfaceSamples = 150

// grid samples the function: zs[j][i] = f(xs[i], ys[j]).
func (s *Surface) grid() (xs, ys []float64, zs [][]float64) {
	n := 40
	if s.cfg.samples > 0 {
		n = min(s.cfg.samples, maxSurfaceSamples)
	}
	xlo, xhi, ylo, yhi := -2.0, 2.0, -2.0, 2.0
	if s.cfg.xlim != nil {
		xlo, xhi = s.cfg.xlim[0], s.cfg.xlim[1]
	}
	if s.cfg.ylim != nil {
		ylo, yhi = s.cfg.ylim[0], s.cfg.ylim[1]
	}
	xs, _ = sample(func(float64) float64 { return 0 }, xlo, xhi, n)
	ys, _ = sample(func(float64) float64 { return 0 }, ylo, yhi, n)
	zs = make([][]float64, n)
	for j, y := range ys {
		zs[j] = make([]float64, n)
		for i, x := range xs {
			zs[j][i] = s.f(x, y)
		}
	}
	return xs, ys, zs
}

func (s *Surface) spec() chartSpec {
	w, h := s.cfg.width, s.cfg.height
	if w == 0 {
		w, h = 640, 520
	}
	xs, ys, zs := s.grid()
	zlo, zhi := extent(false, zs...)
	alt := s.describe(zlo, zhi)
	switch {
	case zlo > zhi: // no finite z at all: an empty surface on a unit colour scale
		zlo, zhi = 0, 1
	case zlo == zhi:
		zlo, zhi = clampFinite(zlo-1), clampFinite(zhi+1)
	}
	return chartSpec{option: s.option(xs, ys, zs, zlo, zhi), svg: s.svg(w, h, xs, ys, zs, zlo, zhi),
		width: w, height: h, gl: true, alt: alt}
}

// option builds the ECharts GL option. go-echarts v2.6's Surface3D emits its
// series as "scatter3D" (and its own pages pull ECharts 4 for ECharts GL), so
// the series type is corrected here and the page uses ECharts 5 + GL 2.
func (s *Surface) option(xs, ys []float64, zs [][]float64, zlo, zhi float64) map[string]any {
	c := charts.NewSurface3D()
	c.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: s.cfg.title, Left: "center", Top: "8",
			TitleStyle: &opts.TextStyle{FontSize: 15, FontWeight: "normal"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true)}),
		charts.WithXAxis3DOpts(opts.XAxis3D{Type: "value", Name: axisName(s.cfg.xlabel, "x"), Min: num(xs[0]), Max: num(xs[len(xs)-1])}),
		charts.WithYAxis3DOpts(opts.YAxis3D{Type: "value", Name: axisName(s.cfg.ylabel, "y"), Min: num(ys[0]), Max: num(ys[len(ys)-1])}),
		charts.WithZAxis3DOpts(opts.ZAxis3D{Type: "value", Name: axisName(s.cfg.zlabel, "z")}),
		charts.WithGrid3DOpts(opts.Grid3D{BoxWidth: 100, BoxDepth: 100, BoxHeight: 70}),
		charts.WithVisualMapOpts(opts.VisualMap{Type: "continuous", Show: opts.Bool(true), Dimension: "2",
			Calculable: opts.Bool(false), Right: "10", Top: "middle", InRange: &opts.VisualMapInRange{Color: colorMaps["viridis"].hex()}}),
	)
	var data []opts.Chart3DData
	for j, y := range ys {
		for i, x := range xs {
			data = append(data, opts.Chart3DData{Value: []any{num(x), num(y), num(zs[j][i])}})
		}
	}
	c.AddSeries("surface", data)
	lift := (zhi - zlo) * 0.01 // keep paths visible above the surface they lie on
	for _, p := range s.paths {
		var pts []opts.Chart3DData
		for i := range p.x {
			pts = append(pts, opts.Chart3DData{Value: []any{num(p.x[i]), num(p.y[i]), num(s.f(p.x[i], p.y[i]) + lift)}})
		}
		c.AddSeries(p.cfg.label, pts)
	}
	m := jsonMap(c.JSON())
	delete(m, "toolbox")
	delete(m, "color")
	var labels []string
	for _, p := range s.paths {
		if p.cfg.label != "" {
			labels = append(labels, p.cfg.label)
		}
	}
	if len(labels) > 0 {
		m["legend"] = map[string]any{"show": true, "data": labels, "top": 8 + 26*min(1, len(s.cfg.title)), "left": "center"}
	} else {
		delete(m, "legend")
	}
	vm := m["visualMap"].([]any)[0].(map[string]any)
	vm["min"], vm["max"] = num(zlo), num(zhi)
	vm["seriesIndex"] = 0 // colour the surface only; paths keep their colours
	vm["itemHeight"] = 160
	vm["text"] = []string{shortNum(zhi), shortNum(zlo)}
	g := child(m, "grid3D")
	g["axisLabel"] = map[string]any{"textStyle": map[string]any{"fontSize": 12}}
	alpha, beta := 28.0, 35.0
	if s.cfg.view != nil {
		alpha, beta = s.cfg.view[0], s.cfg.view[1]
	}
	g["viewControl"] = map[string]any{"alpha": alpha, "beta": beta, "distance": 210, "zoomSensitivity": 0}
	g["light"] = map[string]any{"main": map[string]any{"intensity": 1.1, "alpha": 40, "beta": 30}, "ambient": map[string]any{"intensity": 0.35}}
	series := m["series"].([]any)
	surf := series[0].(map[string]any)
	surf["type"] = "surface" // the go-echarts workaround
	surf["shading"] = "lambert"
	surf["dataShape"] = []int{len(ys), len(xs)}
	surf["wireframe"] = map[string]any{"show": true, "lineStyle": map[string]any{"color": "rgba(0,0,0,0.18)", "width": 0.6}}
	surf["itemStyle"] = map[string]any{"opacity": 0.92}
	point3D := map[string]any{"gdFormat": map[string]any{"kind": "point3D"}} // runtime.js: 4 significant digits
	surf["tooltip"] = point3D
	for k, p := range s.paths {
		ps := series[k+1].(map[string]any)
		ps["type"] = "line3D"
		width := p.cfg.width
		if width == 0 {
			width = 4
		}
		ps["lineStyle"] = map[string]any{"color": p.cfg.color, "width": width, "opacity": p.cfg.opacity}
		// Markers at the start and end, or every iterate: a second series.
		var marks []any
		for i, d := range ps["data"].([]any) {
			if p.markerAt(i, len(p.x)) {
				marks = append(marks, d)
			}
		}
		series = append(series, map[string]any{
			"type": "scatter3D", "name": p.cfg.label, "coordinateSystem": "cartesian3D", "data": marks,
			"symbolSize": 7, "itemStyle": map[string]any{"color": p.cfg.color, "opacity": p.cfg.opacity},
			"tooltip": point3D,
		})
		ps["tooltip"] = point3D
	}
	m["series"] = series
	return m
}

func axisName(label, def string) string {
	if label != "" {
		return label
	}
	return def
}

// svg draws the view from above: a heat map of z (a small PNG the browser
// smooths when scaling), the paths, and a colour bar.
func (s *Surface) svg(w, h int, xs, ys []float64, zs [][]float64, zlo, zhi float64) string {
	fr := frame{w: w, h: h, left: 64, right: 86, top: 20, bottom: 48}
	if s.cfg.title != "" {
		fr.top += 26
	}
	// The paths' legend, as a Figure lays one out.
	var named []*Series
	var labels []string
	for _, p := range s.paths {
		if p.cfg.label != "" {
			named = append(named, &Series{kind: kindLine, cfg: p.cfg})
			labels = append(labels, p.cfg.label)
		}
	}
	if len(labels) > 0 {
		fr.legendTop = fr.top - 8
		fr.legend = legendRows(labels, float64(w)-2*legendSide-2*legendPad)
		fr.legendWrap = len(fr.legend) > 1
		fr.top += 22 + legendPitch*float64(len(fr.legend)-1)
	}
	sx := linearScale(xs[0], xs[len(xs)-1], &[2]float64{xs[0], xs[len(xs)-1]}, 5)
	sy := linearScale(ys[0], ys[len(ys)-1], &[2]float64{ys[0], ys[len(ys)-1]}, 5)
	d := newSVG(w, h)
	img := image.NewRGBA(image.Rect(0, 0, len(xs), len(ys)))
	for j := range ys {
		for i := range xs {
			img.Set(i, len(ys)-1-j, colorMaps["viridis"].at((zs[j][i]-zlo)/(zhi-zlo)))
		}
	}
	fmt.Fprintf(&d.b, `<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none" href="%s"/>`,
		f1(fr.left), f1(fr.top), f1(fr.plotW()), f1(fr.plotH()), pngDataURI(img))
	drawAxes(d, fr, sx, sy, s.cfg.title, axisName(s.cfg.xlabel, "x"), axisName(s.cfg.ylabel, "y"))
	for _, p := range s.paths {
		pts := make([][2]float64, len(p.x))
		ok := make([]bool, len(p.x))
		for i := range p.x {
			ok[i] = finite(p.x[i]) && finite(p.y[i])
			pts[i][0], pts[i][1] = fr.px(sx, sy, p.x[i], p.y[i])
		}
		d.polyline(pts, ok, p.cfg.color, 2.5, false, 1)
		for i := range pts {
			if ok[i] && p.markerAt(i, len(pts)) {
				d.marker(pts[i][0], pts[i][1], "circle", 6, p.cfg.color, 1)
			}
		}
	}
	// Colour bar.
	bar := image.NewRGBA(image.Rect(0, 0, 1, 64))
	for k := range 64 {
		bar.Set(0, 63-k, colorMaps["viridis"].at(float64(k)/63))
	}
	bx := float64(w) - 66
	fmt.Fprintf(&d.b, `<image x="%s" y="%s" width="14" height="%s" preserveAspectRatio="none" href="%s"/>`,
		f1(bx), f1(fr.top), f1(fr.plotH()), pngDataURI(bar))
	d.text(bx+18, fr.top+10, shortNum(zhi), "start", svgMuted, 11, 0)
	d.text(bx+18, fr.top+fr.plotH(), shortNum(zlo), "start", svgMuted, 11, 0)
	d.text(bx+7, fr.top-6, axisName(s.cfg.zlabel, "z"), "middle", svgInk, 12, 0)
	drawLegend(d, fr, named)
	return d.String()
}

// shortNum prints a colour-bar end compactly: 2509, 12.35, 7.01e-04.
func shortNum(v float64) string {
	if a := math.Abs(v); a != 0 && (a < 0.01 || a >= 1e5) {
		return strconv.FormatFloat(v, 'e', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}

// tidySig rounds to 4 significant digits for a label.
func tidySig(v float64) float64 {
	if v == 0 || !finite(v) {
		return v
	}
	p := math.Pow(10, 3-math.Floor(math.Log10(math.Abs(v))))
	return math.Round(v*p) / p
}

func pngDataURI(img image.Image) string {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic("display: encoding PNG: " + err.Error())
	}
	return "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())
}

func (s *Surface) describe(zlo, zhi float64) string {
	name := "Surface"
	if s.cfg.title != "" {
		name += fmt.Sprintf(" %q", s.cfg.title)
	}
	if s.cfg.samples > maxSurfaceSamples {
		name += fmt.Sprintf(" (drawn on a %d×%d grid, not %d×%d)", maxSurfaceSamples, maxSurfaceSamples, s.cfg.samples, s.cfg.samples)
	}
	if zlo > zhi {
		return fmt.Sprintf("<%s: no finite z (every value is NaN or infinite), %d path(s)>", name, len(s.paths))
	}
	return fmt.Sprintf("<%s: z from %s to %s, %d path(s)>", name, formatTick(tidySig(zlo)), formatTick(tidySig(zhi)), len(s.paths))
}
