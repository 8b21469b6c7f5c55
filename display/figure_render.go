package display

import (
	"cmp"
	"fmt"
	"html"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// Default figure size, matplotlib's figsize=(6, 4) at 100 dpi.
const defaultWidth, defaultHeight = 600, 400

// frame is the pixel layout of a 2-D chart: the plot area is the figure minus
// these margins. The ECharts grid and the SVG use the same numbers.
type frame struct {
	w, h                     int
	left, right, top, bottom float64
	legendTop                float64
	legend                   [][]int // legend rows: indices into the labels
	legendWrap               bool    // rows span the width from the left, not one row at the right
}

func (fr frame) plotW() float64 { return float64(fr.w) - fr.left - fr.right }
func (fr frame) plotH() float64 { return float64(fr.h) - fr.top - fr.bottom }

// px maps a data point to pixel coordinates of the SVG. Points far outside
// the plot (clipped by limits) are pulled in to a million pixels away, which
// keeps them off the plot, finite, and short to print.
func (fr frame) px(sx, sy axisScale, x, y float64) (float64, float64) {
	clamp := func(v float64) float64 { return math.Max(-1e6, math.Min(1e6, v)) }
	return clamp(fr.left + sx.frac(x)*fr.plotW()), clamp(fr.top + (1-sy.frac(y))*fr.plotH())
}

// The legend's geometry, as ECharts lays out a plain legend: 16px from the
// chart's side, 5px padding, items of a 25px icon, 5px and the label, 10px
// apart, rows 24px apart (a 14px item and the 10px gap).
const (
	legendSide  = 16
	legendPad   = 5
	legendIcon  = 25
	legendGap   = 10
	legendPitch = 24
)

func legendItemWidth(label string) float64 { return legendIcon + 5 + textWidth(label, 12) }

// legendRows wraps legend items into rows no wider than maxW, the way
// ECharts' box layout does: an item goes to a new row when it would end
// past maxW.
func legendRows(labels []string, maxW float64) [][]int {
	var rows [][]int
	x := 0.0
	for i, l := range labels {
		w := legendItemWidth(l)
		if len(rows) == 0 || (x > 0 && x+w > maxW) {
			rows = append(rows, nil)
			x = 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], i)
		x += w + legendGap
	}
	return rows
}

func (f *Figure) size() (int, int) {
	w, h := f.cfg.width, f.cfg.height
	if w == 0 {
		w, h = defaultWidth, defaultHeight
	}
	return w, h
}

func (f *Figure) labels() []string {
	var out []string
	for _, s := range f.series {
		if s.cfg.label != "" {
			out = append(out, s.cfg.label)
		}
	}
	return out
}

// axisLabel is an axis's name, with the offset or unit its tick labels
// leave out (matplotlib's offset text): "loss (+1e18)", or "×1e308" alone.
func axisLabel(label string, s axisScale) string {
	var off string
	switch {
	case s.unit != 0:
		off = "×" + formatTick(s.unit)
	case s.offset > 0:
		off = "+" + formatTick(s.offset)
	case s.offset < 0:
		off = formatTick(s.offset)
	default:
		return label
	}
	if label == "" {
		return off
	}
	return label + " (" + off + ")"
}

// scales picks both axes from the data and the figure's limits. A field
// sets the range to its own extent, without margins, as matplotlib's
// contourf and imshow do, unless other data reach beyond it; an image
// turns the y axis downwards, as its rows run.
func (f *Figure) scales(w, h int) (sx, sy axisScale) {
	var xs, ys [][]float64
	fx := [2]float64{math.Inf(1), math.Inf(-1)}
	fy := fx
	image := false
	for _, s := range f.series {
		if s.field == nil {
			xs, ys = append(xs, s.x), append(ys, s.y)
			continue
		}
		x0, x1 := s.field.extentX()
		y0, y1 := s.field.extentY()
		fx = [2]float64{math.Min(fx[0], x0), math.Max(fx[1], x1)}
		fy = [2]float64{math.Min(fy[0], y0), math.Max(fy[1], y1)}
		image = image || s.kind == kindImage
	}
	sx = axisFor(f.cfg.xlim, f.cfg.logX, xs, fx, max(3, w/110))
	sy = axisFor(f.cfg.ylim, f.cfg.logY, ys, fy, max(3, h/80))
	sy.inverse = image
	sx.named(f.cfg.xnames)
	sy.named(f.cfg.ynames)
	return sx, sy
}

// named puts words on the axis's whole-number ticks 0..len(names)-1.
func (s *axisScale) named(names []string) {
	if names == nil {
		return
	}
	s.names, s.custom = names, nil
	for i := range names {
		if c := float64(i); c >= s.lo && c <= s.hi {
			s.custom = append(s.custom, c)
		}
	}
}

// axisFor is one axis's scale: the fixed limits, else the data's range,
// where a field's extent (empty when lo > hi) counts as fixed unless the
// data reach outside it.
func axisFor(fixed *[2]float64, log bool, data [][]float64, field [2]float64, target int) axisScale {
	lo, hi := extent(log, data...)
	if fixed == nil && field[0] < field[1] && (!log || field[0] > 0) {
		if lo > hi || (lo >= field[0] && hi <= field[1]) {
			fixed = &field
		} else {
			lo, hi = math.Min(lo, field[0]), math.Max(hi, field[1])
		}
	}
	if log {
		return logScale(lo, hi, fixed, target)
	}
	return linearScale(lo, hi, fixed, target)
}

func (f *Figure) frame(w, h int, sx, sy axisScale) frame {
	widest := 0.0
	for _, t := range sy.ticks() {
		widest = math.Max(widest, textWidth(sy.label(t), 12)) // ECharts labels are 12px
	}
	fr := frame{w: w, h: h, right: 20, top: 16, bottom: 30, left: 14 + widest}
	if f.cfg.axisOff {
		fr.left, fr.bottom, fr.right = 8, 8, 8
	}
	if f.colorBar() != nil {
		fr.right += colorBarWidth - 8
	}
	if f.cfg.title != "" {
		fr.top += 26
	}
	if labels := f.labels(); len(labels) > 0 {
		// One row at the top right when it fits, else rows across the
		// whole width, with room kept for every row: a legend never
		// covers the plot.
		fr.legendTop = fr.top - 8
		fr.legend = legendRows(labels, float64(w)-legendSide-2*legendPad)
		if len(fr.legend) > 1 {
			fr.legendWrap = true
			fr.legend = legendRows(labels, float64(w)-2*legendSide-2*legendPad)
		}
		fr.top += 22 + legendPitch*float64(len(fr.legend)-1)
	}
	if axisLabel(f.cfg.xlabel, sx) != "" && !f.cfg.axisOff {
		fr.bottom += 20
	}
	if axisLabel(f.cfg.ylabel, sy) != "" && !f.cfg.axisOff {
		fr.left += 22
	}
	f.squarePixels(&fr)
	return fr
}

// squarePixels narrows the plot area of a figure showing an image so that
// its blocks are square (matplotlib's aspect="equal" for imshow), centring it.
func (f *Figure) squarePixels(fr *frame) {
	for _, s := range f.series {
		if s.kind != kindImage || f.cfg.xlim != nil || f.cfg.ylim != nil {
			continue
		}
		x0, x1 := s.field.extentX()
		y0, y1 := s.field.extentY()
		aspect := (x1 - x0) / (y1 - y0)
		if w, h := fr.plotW(), fr.plotH(); w > h*aspect {
			extra := (w - h*aspect) / 2
			fr.left, fr.right = fr.left+extra, fr.right+extra
		} else {
			extra := (h - w/aspect) / 2
			fr.top, fr.bottom = fr.top+extra, fr.bottom+extra
		}
		return
	}
}

// spec renders the figure both ways from one layout.
func (f *Figure) spec() chartSpec {
	f = f.byClass()
	w, h := f.size()
	sx, sy := f.scales(w, h)
	fr := f.frame(w, h, sx, sy)
	d, notes := f.drawn(sx, sy, fr)
	return chartSpec{option: d.option(sx, sy, fr), svg: d.svg(sx, sy, fr), width: w, height: h, alt: f.describe(notes...),
		legendRows: len(fr.legend)}
}

// drawn is the figure as it is drawn in the frame: each series within the
// size budget (see reduceSeries), with a note per series, "" where it is
// drawn in full. The figure itself keeps its data.
func (f *Figure) drawn(sx, sy axisScale, fr frame) (*Figure, []string) {
	d := &Figure{cfg: f.cfg, cycle: f.cycle}
	notes := make([]string, len(f.series))
	for i, s := range f.series {
		c := *s
		c.fig = d
		c.x, c.y, notes[i] = reduceSeries(&c, s.x, s.y, sx, sy, fr) // may thin c's colour values too
		d.series = append(d.series, &c)
	}
	return d, notes
}

// option builds the ECharts option with go-echarts, then sets what go-echarts
// cannot: tick intervals, log axes, gaps, arrow and text series.
func (f *Figure) option(sx, sy axisScale, fr frame) map[string]any {
	c := charts.NewLine()
	labels := f.labels()
	c.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: f.cfg.title, Left: "center", Top: "8",
			TitleStyle: &opts.TextStyle{FontSize: 15, FontWeight: "normal"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
		charts.WithLegendOpts(opts.Legend{Show: opts.Bool(len(labels) > 0), Type: "plain", Right: f1(legendSide),
			Top: f1(fr.legendTop), Data: labels}),
		charts.WithXAxisOpts(opts.XAxis{Type: "value", Name: axisLabel(f.cfg.xlabel, sx), NameLocation: "middle", NameGap: 28,
			SplitLine: &opts.SplitLine{Show: opts.Bool(true)}}),
		charts.WithYAxisOpts(opts.YAxis{Type: "value", Name: axisLabel(f.cfg.ylabel, sy), NameLocation: "middle",
			NameGap: int(fr.left - 14), SplitLine: &opts.SplitLine{Show: opts.Bool(true)}}),
		charts.WithGridOpts(opts.Grid{Show: opts.Bool(true), Left: f1(fr.left), Right: f1(fr.right), Top: f1(fr.top), Bottom: f1(fr.bottom)}),
	)
	var plain []*Series // the point series; field layers are added below
	for _, s := range f.series {
		if s.field == nil {
			plain = append(plain, s)
			c.MultiSeries = append(c.MultiSeries, s.echarts())
		}
	}
	m := jsonMap(c.JSON())
	delete(m, "toolbox")
	delete(m, "color") // every series carries its own colour
	m["animationDuration"] = 400
	if fr.legendWrap {
		child(m, "legend")["left"] = legendSide
	}
	applyScale(child(m, "xAxis"), sx)
	applyScale(child(m, "yAxis"), sy)
	child(m, "yAxis")["nameRotate"] = 90
	series, _ := m["series"].([]any) // none in an empty figure (a blank grid cell)
	for i, s := range plain {
		s.patch(series[i].(map[string]any), sx, sy)
	}
	if f.cfg.axisOff {
		for _, k := range []string{"xAxis", "yAxis"} {
			child(m, k)["show"] = false
		}
		child(m, "grid")["show"] = false
	}
	var graphics []any
	for _, s := range f.series {
		switch s.kind {
		case kindContour:
			series = append(series, s.contourSeries(sx, sy, fr)...)
		case kindFilled, kindHeat, kindImage:
			if r, ok := s.raster(sx, sy, fr); ok {
				graphics = append(graphics, map[string]any{
					"type": "image", "id": fmt.Sprintf("gd-field-%d", len(graphics)), "z": 1, "silent": true,
					"x": r.x0, "y": r.y0, "style": map[string]any{"image": r.uri, "width": r.x1 - r.x0, "height": r.y1 - r.y0},
					// runtime.js keeps the picture on this part of the plot area as the chart resizes.
					"gdPlace": []float64{r.fx0, r.fy0, r.fx1, r.fy1},
				})
			}
		}
	}
	m["series"] = series
	if b := f.colorBar(); b != nil {
		graphics = append(graphics, b.graphics(fr)...)
	}
	if graphics != nil {
		m["graphic"] = graphics
	}
	return m
}

// contourSeries are a Contour layer's ECharts series: one line series per
// level, its lines separated by gaps.
func (s *Series) contourSeries(sx, sy axisScale, fr frame) []any {
	_, lines, colors := s.contourLines(sx, sy, fr)
	var out []any
	for k, ls := range lines {
		var data []any
		for _, l := range ls {
			if len(data) > 0 {
				data = append(data, []any{nil, nil})
			}
			for _, p := range l {
				data = append(data, []any{num5(sx.coord(p[0])), num5(sy.coord(p[1]))})
			}
		}
		out = append(out, map[string]any{
			"type": "line", "name": s.cfg.label, "data": data, "showSymbol": false, "connectNulls": false,
			"silent": true, "animation": false, "z": 2, "tooltip": map[string]any{"show": false},
			"lineStyle": map[string]any{"color": colors[k], "width": s.cfg.contourWidth(), "opacity": s.cfg.opacity},
			"itemStyle": map[string]any{"color": colors[k]},
		})
	}
	if labels := s.contourLabels(sx, sy, fr); labels != nil {
		var data []any
		for _, l := range labels {
			data = append(data, map[string]any{"value": []any{num5(sx.coord(l.x)), num5(sy.coord(l.y))},
				"label": map[string]any{"formatter": l.text, "color": l.color}})
		}
		out = append(out, map[string]any{
			"type": "scatter", "data": data, "symbolSize": 0, "silent": true, "z": 3, "animation": false,
			"tooltip": map[string]any{"show": false},
			"label": map[string]any{"show": true, "position": "inside", "fontSize": 10,
				"textBorderColor": "#ffffff", "textBorderWidth": 3},
		})
	}
	return out
}

// echarts returns the go-echarts series for s.
func (s *Series) echarts() charts.SingleSeries {
	c := s.cfg
	out := charts.SingleSeries{Name: s.cfg.label}
	size, width := c.markerSize(), c.lineWidth()
	lineType := "solid"
	if c.dashed {
		lineType = "dashed"
	}
	switch s.kind {
	case kindScatter:
		out.Type = "scatter"
		out.Symbol = echartsSymbol(c.marker)
		out.SymbolSize = size
		out.ItemStyle = &opts.ItemStyle{Color: c.color, Opacity: opts.Float(float32(c.opacity))}
	case kindLine:
		out.Type = "line"
		out.ShowSymbol = opts.Bool(c.points)
		out.Symbol = echartsSymbol(c.marker)
		out.SymbolSize = size
		out.ItemStyle = &opts.ItemStyle{Color: c.color}
		out.LineStyle = &opts.LineStyle{Color: c.color, Width: float32(width), Type: lineType, Opacity: opts.Float(float32(c.opacity))}
	case kindArrows:
		out.Type = "lines"
		out.CoordSystem = "cartesian2d"
		out.LineStyle = &opts.LineStyle{Color: s.color(), Width: float32(width), Type: lineType, Opacity: opts.Float(float32(c.opacity))}
	case kindText:
		out.Type = "scatter"
		out.SymbolSize = 0
		pos := "top"
		if c.centred {
			pos = "inside"
		}
		out.Label = &opts.Label{Show: opts.Bool(true), Position: pos, Formatter: s.text, Color: c.color, FontSize: 13}
	}
	return out
}

// patch sets the series fields go-echarts has no typed field for.
func (s *Series) patch(m map[string]any, sx, sy axisScale) {
	logX, logY := sx.log, sy.log
	// The chart plots axis coordinates (see axisScale): exponents on a log
	// axis, where values <= 0 cannot be shown, and values less the offset
	// on an axis spanning less than a millionth of its values.
	xs, ys := coords(s.x, sx), coords(s.y, sy)
	switch s.kind {
	case kindScatter:
		m["data"] = pairs(xs, ys, false)
		if s.cfg.colorValues != nil {
			m["data"] = s.coloured(xs, ys)
		}
		// Formatted in the browser (runtime.js): 4 significant digits, and
		// the value itself, not its exponent, on a log axis.
		format := map[string]any{"kind": "point", "logX": logX, "logY": logY, "named": s.cfg.label != ""}
		// Axes with an offset or a unit plot coordinates; tooltips give values.
		for _, a := range []struct {
			key string
			s   axisScale
		}{{"x", sx}, {"y", sy}} {
			if a.s.offset != 0 || a.s.unit != 0 {
				format[a.key] = map[string]any{"offset": a.s.offset, "unit": cmp.Or(a.s.unit, 1)}
			}
		}
		m["tooltip"] = map[string]any{"gdFormat": format}
	case kindLine:
		m["data"] = pairs(xs, ys, true)
		m["connectNulls"] = false
		m["tooltip"] = map[string]any{"show": false}
	case kindArrows:
		var segs []any
		for i := 0; i+1 < len(xs); i++ {
			if finite(xs[i]) && finite(ys[i]) && finite(xs[i+1]) && finite(ys[i+1]) {
				segs = append(segs, map[string]any{"coords": []any{
					[]any{num(xs[i]), num(ys[i])}, []any{num(xs[i+1]), num(ys[i+1])}}})
			}
		}
		m["data"] = segs
		m["symbol"] = []any{"none", "arrow"}
		m["symbolSize"] = 7
		m["silent"] = true
	case kindText:
		m["data"] = pairs(xs, ys, false)
		m["silent"] = true
		m["tooltip"] = map[string]any{"show": false}
		if s.cfg.color == "" {
			delete(child(m, "label"), "color") // follow the theme's text colour
		}
	}
	m["z"] = 2 + int(s.kind) // arrows and text above the data
}

// coloured encodes the points of a ColorBy scatter, each with its colour:
// {value: [x, y], itemStyle: {color}}, dropping non-finite points.
func (s *Series) coloured(xs, ys []float64) []any {
	lo, hi := s.valueRange()
	norm, cmap := s.norm(lo, hi), colorMapNamed("display.Show", s.cfg.cmap)
	out := make([]any, 0, len(xs))
	for i := range xs {
		if finite(xs[i]) && finite(ys[i]) {
			out = append(out, map[string]any{"value": []any{num(xs[i]), num(ys[i])},
				"itemStyle": map[string]any{"color": cmap.css(norm(s.cfg.colorValues[i]))}})
		}
	}
	return out
}

// coords maps values to the scale's axis coordinates.
func coords(v []float64, s axisScale) []float64 {
	if !s.log && s.offset == 0 && s.unit == 0 {
		return v
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = s.coord(x)
	}
	return out
}

// logOf is log10 of the values when log is set (NaN for those <= 0), else
// the values themselves.
func logOf(v []float64, log bool) []float64 {
	if !log {
		return v
	}
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.NaN()
		if x > 0 {
			out[i] = log10(x)
		}
	}
	return out
}

// color is the colour the SVG uses; arrows and text default to neutral ink.
func (s *Series) color() string {
	if s.cfg.color != "" {
		return s.cfg.color
	}
	switch {
	case s.kind == kindArrows:
		return tab10[7]
	case s.cfg.cmap != "":
		return colorMapNamed("display.Show", s.cfg.cmap).css(0.5) // a legend entry for a colour-mapped layer
	}
	return svgInk
}

func echartsSymbol(marker string) string {
	switch marker {
	case "square":
		return "rect"
	case "", "circle":
		return "circle"
	}
	return marker
}

// svg draws the static fallback of the figure.
func (f *Figure) svg(sx, sy axisScale, fr frame) string {
	d := newSVG(fr.w, fr.h)
	if f.cfg.axisOff {
		if f.cfg.title != "" {
			d.text(float64(fr.w)/2, 28, fitText(f.cfg.title, 15, float64(fr.w)-20), "middle", svgInk, 15, 0)
		}
	} else {
		drawAxes(d, fr, sx, sy, f.cfg.title, axisLabel(f.cfg.xlabel, sx), axisLabel(f.cfg.ylabel, sy))
	}
	id := "clip-" + newID()
	fmt.Fprintf(&d.b, `<clipPath id="%s"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath><g clip-path="url(#%s)">`,
		id, f1(fr.left), f1(fr.top), f1(fr.plotW()), f1(fr.plotH()), id)
	// Fields under the points and lines, as in matplotlib.
	fields := false
	for _, s := range f.series {
		if s.field != nil {
			fields = true
			s.drawFieldSVG(d, fr, sx, sy)
		}
	}
	for _, s := range f.series {
		if s.field == nil {
			s.drawSVG(d, fr, sx, sy)
		}
	}
	d.raw("</g>")
	if fields && !f.cfg.axisOff {
		d.rect(fr.left, fr.top, fr.plotW(), fr.plotH(), "none", "#999999") // the frame, over the picture's edge
	}
	if b := f.colorBar(); b != nil {
		b.svg(d, fr)
	}
	drawLegend(d, fr, f.series)
	return d.String()
}

// drawFieldSVG draws a field layer: its raster, or its contour lines.
func (s *Series) drawFieldSVG(d *svgDoc, fr frame, sx, sy axisScale) {
	if s.kind != kindContour {
		if r, ok := s.raster(sx, sy, fr); ok {
			fmt.Fprintf(&d.b, `<image x="%s" y="%s" width="%s" height="%s" preserveAspectRatio="none" href="%s"/>`,
				f1(r.x0), f1(r.y0), f1(r.x1-r.x0), f1(r.y1-r.y0), r.uri)
		}
		return
	}
	_, lines, colors := s.contourLines(sx, sy, fr)
	for k, ls := range lines {
		for _, l := range ls {
			pts := make([][2]float64, len(l))
			ok := make([]bool, len(l))
			for i, p := range l {
				pts[i][0], pts[i][1] = fr.px(sx, sy, p[0], p[1])
				ok[i] = finite(pts[i][0]) && finite(pts[i][1])
			}
			d.polyline(pts, ok, colors[k], s.cfg.contourWidth(), s.cfg.dashed, s.cfg.opacity)
		}
	}
	for _, l := range s.contourLabels(sx, sy, fr) {
		x, y := fr.px(sx, sy, l.x, l.y)
		fmt.Fprintf(&d.b, `<text x="%s" y="%s" text-anchor="middle" fill="%s" font-size="10" stroke="#ffffff" stroke-width="3" paint-order="stroke">%s</text>`,
			f1(x), f1(y+3.5), l.color, html.EscapeString(l.text))
	}
}

// drawAxes draws title, grid lines, frame, ticks and axis names.
func drawAxes(d *svgDoc, fr frame, sx, sy axisScale, title, xlabel, ylabel string) {
	if title != "" {
		d.text(float64(fr.w)/2, 28, fitText(title, 15, float64(fr.w)-20), "middle", svgInk, 15, 0)
	}
	x0, y0, x1, y1 := fr.left, fr.top, fr.left+fr.plotW(), fr.top+fr.plotH()
	for _, t := range sx.ticks() {
		x := x0 + sx.fracAt(t)*fr.plotW()
		d.line(x, y0, x, y1, svgGrid, 1, false)
		d.line(x, y1, x, y1+5, svgMuted, 1, false)
		d.text(x, y1+18, sx.label(t), "middle", svgMuted, 11, 0)
	}
	for _, t := range sy.ticks() {
		y := y0 + (1-sy.fracAt(t))*fr.plotH()
		d.line(x0, y, x1, y, svgGrid, 1, false)
		d.line(x0-5, y, x0, y, svgMuted, 1, false)
		d.text(x0-8, y+4, sy.label(t), "end", svgMuted, 11, 0)
	}
	d.rect(x0, y0, x1-x0, y1-y0, "none", "#999999")
	if xlabel != "" {
		d.text((x0+x1)/2, y1+40, xlabel, "middle", svgInk, 12, 0)
	}
	if ylabel != "" {
		d.text(14, (y0+y1)/2, ylabel, "middle", svgInk, 12, -90)
	}
}

func (s *Series) drawSVG(d *svgDoc, fr frame, sx, sy axisScale) {
	c := s.cfg
	size, width := c.markerSize(), c.lineWidth()
	ok := func(i int) bool {
		return finite(s.x[i]) && finite(s.y[i]) && (!sx.log || s.x[i] > 0) && (!sy.log || s.y[i] > 0)
	}
	switch s.kind {
	case kindScatter:
		color := func(int) string { return s.color() }
		if c.colorValues != nil {
			lo, hi := s.valueRange()
			norm, cmap := s.norm(lo, hi), colorMapNamed("display.Show", c.cmap)
			color = func(i int) string { return cmap.css(norm(c.colorValues[i])) }
		}
		for i := range s.x {
			if ok(i) {
				x, y := fr.px(sx, sy, s.x[i], s.y[i])
				d.marker(x, y, c.marker, size, color(i), c.opacity)
			}
		}
	case kindLine:
		pts := make([][2]float64, len(s.x))
		good := make([]bool, len(s.x))
		for i := range s.x {
			if good[i] = ok(i); good[i] {
				pts[i][0], pts[i][1] = fr.px(sx, sy, s.x[i], s.y[i])
			}
		}
		d.polyline(pts, good, s.color(), width, c.dashed, c.opacity)
		if c.points {
			for i, p := range pts {
				if good[i] {
					d.marker(p[0], p[1], c.marker, size, s.color(), c.opacity)
				}
			}
		}
	case kindArrows:
		for i := 0; i+1 < len(s.x); i++ {
			if ok(i) && ok(i+1) {
				x1, y1 := fr.px(sx, sy, s.x[i], s.y[i])
				x2, y2 := fr.px(sx, sy, s.x[i+1], s.y[i+1])
				d.arrow(x1, y1, x2, y2, s.color(), width)
			}
		}
	case kindText:
		if ok(0) {
			x, y := fr.px(sx, sy, s.x[0], s.y[0])
			dy := -6.0 // above the point, or centred on it
			if c.centred {
				dy = 4.5
			}
			d.text(x, y+dy, s.text, "middle", s.color(), 13, 0)
		}
	}
}

// drawLegend draws the legend rows the frame laid out: one row ending at
// the top right, or rows from the left when it wraps, as ECharts places them.
func drawLegend(d *svgDoc, fr frame, series []*Series) {
	var items []*Series
	for _, s := range series {
		if s.cfg.label != "" {
			items = append(items, s)
		}
	}
	for r, row := range fr.legend {
		x := float64(legendSide + legendPad)
		if !fr.legendWrap {
			total := -float64(legendGap)
			for _, i := range row {
				total += legendItemWidth(items[i].cfg.label) + legendGap
			}
			x = float64(fr.w) - legendSide - legendPad - total
		}
		y := fr.legendTop + legendPad + 7 + legendPitch*float64(r)
		for _, i := range row {
			s := items[i]
			if s.kind == kindLine || s.kind == kindArrows {
				d.line(x, y, x+legendIcon, y, s.color(), 2, s.cfg.dashed)
			} else {
				d.marker(x+legendIcon/2, y, s.cfg.marker, 8, s.color(), 1)
			}
			// A label longer than the chart is wide is cut short.
			label := fitText(s.cfg.label, 12, float64(fr.w)-2*legendSide-2*legendPad-legendIcon-5)
			d.text(x+legendIcon+5, y+4, label, "start", svgInk, 12, 0)
			x += legendItemWidth(s.cfg.label) + legendGap
		}
	}
}

// describe is the text/plain form of the figure, also used as alt text;
// notes[i], when given and not empty, says how series i was reduced.
func (f *Figure) describe(notes ...string) string {
	var parts []string
	for i, s := range f.series {
		p := fmt.Sprintf("%s of %d points", s.kind, len(s.x))
		if len(s.x) == 1 {
			p = fmt.Sprintf("%s of 1 point", s.kind)
		}
		if s.kind == kindText {
			p = fmt.Sprintf("text %q", s.text)
		}
		if s.field != nil {
			p = fmt.Sprintf("%s of %d×%d values", s.kind, len(s.field.ys), len(s.field.xs))
			if lo, hi := s.field.Range(); s.kind != kindImage {
				p += ", z " + zRangeText(lo, hi)
			}
		}
		if s.cfg.label != "" {
			p = fmt.Sprintf("%s %q", p, s.cfg.label)
		}
		if i < len(notes) && notes[i] != "" {
			p += " (" + notes[i] + ")"
		}
		parts = append(parts, p)
	}
	name := "Figure"
	if f.cfg.title != "" {
		name += " " + fmt.Sprintf("%q", f.cfg.title)
	}
	return fmt.Sprintf("<%s: %s>", name, strings.Join(parts, ", "))
}
