package display

import (
	"fmt"
	"image"
	"math"
	"sort"
)

// A field layer reaches both renderings the same way: filled contours, heat
// maps and images as one raster picture of the visible part of the field,
// computed here at about the plot's resolution (ECharts shows it as a
// graphic image that runtime.js keeps over the plot area as the chart
// resizes; the SVG as an <image>), and contour lines as polylines in data
// coordinates (ECharts line series, SVG polylines).

// raster is a layer's picture and where it goes, in frame pixels.
type raster struct {
	uri                    string
	x0, y0, x1, y1         float64 // pixels of the frame
	fx0, fy0, fx1, fy1     float64 // the same as fractions of the plot area, from its top left
	pixelW, pixelH, layers int
}

// maxRasterSide bounds a raster's width and height in pixels.
const maxRasterSide = 1200

// raster draws the part of the layer's field inside the axes; ok is false
// when none of it is.
func (s *Series) raster(sx, sy axisScale, fr frame) (r raster, ok bool) {
	fl := s.field
	ex0, ex1 := fl.extentX()
	ey0, ey1 := fl.extentY()
	// The visible rectangle in axis coordinates.
	cx0, cx1 := math.Max(sx.coord(ex0), sx.lo), math.Min(sx.coord(ex1), sx.hi)
	cy0, cy1 := math.Max(sy.coord(ey0), sy.lo), math.Min(sy.coord(ey1), sy.hi)
	if sx.log && !(ex0 > 0) {
		cx0 = sx.lo
	}
	if sy.log && !(ey0 > 0) {
		cy0 = sy.lo
	}
	if !(cx0 < cx1) || !(cy0 < cy1) {
		return r, false
	}
	r.fx0, r.fx1 = sx.fracAt(cx0), sx.fracAt(cx1)
	r.fy0, r.fy1 = 1-sy.fracAt(cy1), 1-sy.fracAt(cy0)
	if r.fy0 > r.fy1 { // an inverted y axis
		r.fy0, r.fy1 = r.fy1, r.fy0
	}
	r.x0, r.x1 = fr.left+r.fx0*fr.plotW(), fr.left+r.fx1*fr.plotW()
	r.y0, r.y1 = fr.top+r.fy0*fr.plotH(), fr.top+r.fy1*fr.plotH()

	// Resolution: the plot's pixels for sharp edges (bands, image blocks);
	// for a smooth heat map, about two raster pixels per grid step, which
	// the browser interpolates between.
	w, h := int(math.Ceil(r.x1-r.x0)), int(math.Ceil(r.y1-r.y0))
	if s.kind == kindHeat {
		w, h = min(w, max(2*len(fl.xs), 64)), min(h, max(2*len(fl.ys), 64))
	}
	w, h = max(1, min(w, maxRasterSide)), max(1, min(h, maxRasterSide))
	r.pixelW, r.pixelH = w, h

	lo, hi := s.fieldRange()
	norm := s.norm(lo, hi)
	cmap := colorMapNamed("display.Show", s.cfg.cmap)
	var levels []float64
	if s.kind == kindFilled {
		levels = s.levels()
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for py := range h {
		// Pixel centres, from the top, back to axis then data coordinates.
		fy := r.fy0 + (r.fy1-r.fy0)*(float64(py)+0.5)/float64(h)
		y := sy.value(sy.atFrac(1 - fy))
		for px := range w {
			fx := r.fx0 + (r.fx1-r.fx0)*(float64(px)+0.5)/float64(w)
			v := fl.at(sx.value(sx.atFrac(fx)), y)
			t := norm(v)
			if levels != nil && !math.IsNaN(t) {
				band := sort.SearchFloat64s(levels, v) // levels below v
				if band < len(levels) && levels[band] == v {
					band++
				}
				t = (float64(band) + 0.5) / float64(len(levels)+1)
			}
			img.SetRGBA(px, py, cmap.at(t))
		}
	}
	r.uri = pngDataURI(img)
	return r, true
}

// at is the field's value at (x, y): the cell's value for cells, else
// interpolated between the four grid points around it; NaN outside.
func (fl *Field) at(x, y float64) float64 {
	if fl.cells {
		i, okx := cellIndex(fl, fl.xs, x)
		j, oky := cellIndex(fl, fl.ys, y)
		if !okx || !oky {
			return math.NaN()
		}
		return fl.z[j][i]
	}
	i, tx, okx := gridIndex(fl.xs, x)
	j, ty, oky := gridIndex(fl.ys, y)
	if !okx || !oky {
		return math.NaN()
	}
	i1, j1 := min(i+1, len(fl.xs)-1), min(j+1, len(fl.ys)-1)
	z := fl.z
	bottom := z[j][i] + (z[j][i1]-z[j][i])*tx
	top := z[j1][i] + (z[j1][i1]-z[j1][i])*tx
	if tx == 0 {
		bottom, top = z[j][i], z[j1][i] // keep a NaN neighbour out of an exact hit
	}
	if ty == 0 {
		return bottom
	}
	return bottom + (top-bottom)*ty
}

// gridIndex finds v on an evenly spaced grid: the point below it and how
// far towards the next one.
func gridIndex(g []float64, v float64) (int, float64, bool) {
	n := len(g)
	if n == 1 {
		return 0, 0, v == g[0]
	}
	u := along(v, g[0], g[n-1]) * float64(n-1)
	if !(u >= 0 && u <= float64(n-1)) {
		return 0, 0, false
	}
	i := min(int(u), n-2)
	return i, u - float64(i), true
}

// along is how far v is from lo towards hi, as a fraction; halving first
// keeps a grid wider than the largest float64 (-1e308 to 1e308) finite.
func along(v, lo, hi float64) float64 {
	if span := hi - lo; finite(span) {
		return (v - lo) / span
	}
	return (v/2 - lo/2) / (hi/2 - lo/2)
}

// cellIndex finds the cell holding v.
func cellIndex(fl *Field, g []float64, v float64) (int, bool) {
	lo, hi := fl.extent(g)
	u := along(v, lo, hi) * float64(len(g))
	if !(u >= 0 && u <= float64(len(g))) {
		return 0, false
	}
	return min(int(u), len(g)-1), true
}

// contourLines are a Contour layer's lines, per level, as drawn in the
// frame, and each level's colour. A fine grid gives lines with many points
// a pixel apart or less: those are thinned to what the plot can show (the
// size budget), keeping each line's ends.
func (s *Series) contourLines(sx, sy axisScale, fr frame) (levels []float64, lines [][][][2]float64, colors []string) {
	levels = s.levels()
	lo, hi := s.fieldRange()
	norm := s.norm(lo, hi)
	cmap := colorMapNamed("display.Show", s.cfg.cmap)
	for k, l := range levels {
		ls := isolines(s.field.xs, s.field.ys, s.field.z, l)
		for i, line := range ls {
			ls[i] = thinLine(line, sx, sy, fr)
		}
		lines = append(lines, ls)
		c := s.cfg.color
		if c == "" {
			t := norm(l)
			if s.cfg.levels == nil && len(levels) > 1 {
				t = float64(k) / float64(len(levels)-1) // the whole map over the levels shown
			}
			c = cmap.css(t)
		}
		colors = append(colors, c)
	}
	return levels, lines, colors
}

// contourLabel is a level's value written on its line (ContourLabels).
type contourLabel struct {
	x, y  float64
	text  string
	color string
}

// contourLabels are the labels of a Contour layer with ContourLabels: each
// level's value at the middle of its longest line.
func (s *Series) contourLabels(sx, sy axisScale, fr frame) []contourLabel {
	if !s.cfg.contourLabels {
		return nil
	}
	levels, lines, colors := s.contourLines(sx, sy, fr)
	var out []contourLabel
	for k, ls := range lines {
		longest := -1
		for i, l := range ls {
			if longest < 0 || len(l) > len(ls[longest]) {
				longest = i
			}
		}
		if longest >= 0 && len(ls[longest]) > 2 {
			p := ls[longest][len(ls[longest])/2]
			out = append(out, contourLabel{p[0], p[1], sig4(levels[k]), colors[k]})
		}
	}
	return out
}

// thinLine keeps the points of a line that are at least a pixel from the
// last one kept, and its last point.
func thinLine(line [][2]float64, sx, sy axisScale, fr frame) [][2]float64 {
	if len(line) < 3 {
		return line
	}
	out := [][2]float64{line[0]}
	lx, ly := fr.px(sx, sy, line[0][0], line[0][1])
	for _, p := range line[1 : len(line)-1] {
		if x, y := fr.px(sx, sy, p[0], p[1]); math.Abs(x-lx) >= 1 || math.Abs(y-ly) >= 1 {
			out, lx, ly = append(out, p), x, y
		}
	}
	return append(out, line[len(line)-1])
}

// colorBar describes the colour bar of a figure: the first layer that
// shows one sets it.
type colorBar struct {
	series   *Series
	cmap     colorMap
	lo, hi   float64 // the values at the bar's ends
	log      bool
	discrete []float64 // the levels of filled contours, marked on the bar
}

func (f *Figure) colorBar() *colorBar {
	for _, s := range f.series {
		if s.cfg.colorBar == nil || !*s.cfg.colorBar {
			continue
		}
		b := &colorBar{series: s, cmap: colorMapNamed("display.Show", s.cfg.cmap), log: s.cfg.logZ}
		switch {
		case s.field != nil:
			b.lo, b.hi = s.fieldRange()
			if s.kind == kindFilled {
				b.discrete = s.levels()
			}
		default: // a scatter coloured by value
			b.lo, b.hi = s.valueRange()
		}
		if b.log && b.lo <= 0 {
			b.lo = b.hi / 1e6
		}
		return b
	}
	return nil
}

// ContourLabels writes each contour level's value on its line
// (plt.clabel).
func ContourLabels() SeriesOption { return func(c *seriesConfig) { c.contourLabels = true } }

// colorBarWidth is the room kept at the right of the plot for a colour bar.
const colorBarWidth = 84

// The colour bar is drawn the same way in both renderings: a strip of the
// colour map (banded for filled contours) beside the plot area, framed,
// with labelled ticks. The live chart places it as graphic elements that
// runtime.js moves with the plot area as the chart resizes (gdBar).
const (
	barGap   = 14 // between the plot area and the bar
	barWidth = 14
)

// strip is the bar's picture, highest values at the top.
func (b *colorBar) strip() string {
	img := image.NewRGBA(image.Rect(0, 0, 1, 256))
	for k := range 256 {
		t := float64(k) / 255
		if b.discrete != nil {
			band := min(int(t*float64(len(b.discrete)+1)), len(b.discrete))
			t = (float64(band) + 0.5) / float64(len(b.discrete)+1)
		}
		img.Set(0, 255-k, b.cmap.at(t))
	}
	return pngDataURI(img)
}

// barTick is a labelled tick of the bar, at a fraction of its height from
// the bottom.
type barTick struct {
	frac  float64
	label string
}

// ticks are the bar's labelled values: the levels of filled contours (at
// the band edges), else round values along the scale (decades on a log
// scale), at most about 8.
func (b *colorBar) ticks() []barTick {
	var out []barTick
	if b.discrete != nil {
		n := len(b.discrete)
		every := (n + 7) / 8
		for k, l := range b.discrete {
			if k%every == 0 {
				out = append(out, barTick{float64(k+1) / float64(n+1), sig4(l)})
			}
		}
		return out
	}
	if b.log {
		a, z := log10(b.lo), log10(b.hi)
		s := logScale(b.lo, b.hi, &[2]float64{b.lo, b.hi}, 6)
		for _, e := range s.ticks() {
			if e >= a && e <= z {
				out = append(out, barTick{(e - a) / (z - a), formatPower(e)})
			}
		}
		return out
	}
	s := linearScale(b.lo, b.hi, &[2]float64{b.lo, b.hi}, 6)
	for _, t := range s.ticks() {
		out = append(out, barTick{s.fracAt(t), s.label(t)})
	}
	return out
}

// svg draws the bar at the right of the plot area.
func (b *colorBar) svg(d *svgDoc, fr frame) {
	x := fr.left + fr.plotW() + barGap
	fmt.Fprintf(&d.b, `<image x="%s" y="%s" width="%d" height="%s" preserveAspectRatio="none" href="%s"/>`,
		f1(x), f1(fr.top), barWidth, f1(fr.plotH()), b.strip())
	d.rect(x, fr.top, barWidth, fr.plotH(), "none", "#999999")
	for _, t := range b.ticks() {
		y := fr.top + (1-t.frac)*fr.plotH()
		d.line(x+barWidth, y, x+barWidth+4, y, svgMuted, 1, false)
		d.text(x+barWidth+7, y+4, t.label, "start", svgMuted, 11, 0)
	}
}

// graphics are the bar as ECharts graphic elements, placed for the
// natural size; gdBar tells runtime.js how to follow the plot area: the
// strip and its frame span it, a tick sits at its fraction of the height.
func (b *colorBar) graphics(fr frame) []any {
	x, h := fr.left+fr.plotW()+barGap, fr.plotH()
	out := []any{
		map[string]any{"type": "image", "id": "gd-bar", "silent": true, "z": 1, "x": x, "y": fr.top,
			"style": map[string]any{"image": b.strip(), "width": barWidth, "height": h}, "gdBar": map[string]any{"span": true}},
		map[string]any{"type": "rect", "id": "gd-bar-frame", "silent": true, "z": 1, "x": x, "y": fr.top,
			"shape": map[string]any{"width": barWidth, "height": h}, "style": map[string]any{"fill": "none", "stroke": "#999999"},
			"gdBar": map[string]any{"span": true}},
	}
	for k, t := range b.ticks() {
		out = append(out, map[string]any{"type": "text", "id": fmt.Sprintf("gd-bar-%d", k), "silent": true, "z": 1,
			"x": x + barWidth + 7, "y": fr.top + (1-t.frac)*h,
			"style": map[string]any{"text": t.label, "fill": svgMuted, "fontSize": 11, "verticalAlign": "middle"},
			"gdBar": map[string]any{"frac": t.frac, "text": true}})
	}
	return out
}
