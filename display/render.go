package display

import (
	"crypto/rand"
	_ "embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"strings"
	"sync/atomic"

	"github.com/gonotebooks/descent/display/assets"
)

//go:embed runtime.js
var runtimeJS string

// chartSpec is one chart, ready to draw both ways: the ECharts option for the
// live chart and the SVG for the static fallback, from the same data and layout.
type chartSpec struct {
	option        map[string]any
	width, height int  // natural size: the most the chart takes, and its aspect ratio
	gl            bool // needs ECharts GL (3-D)
	svg           string
	alt           string // text/plain summary and <img> alt text
	legendRows    int    // rows kept free for the legend at the natural size
	scaled        bool   // laid out in pixels (diagrams): shrink as a picture, never re-laid out
}

// view is what one display call puts in the notebook: charts laid out in a
// grid, or a piece of HTML (tensor table, markdown) with its plain-text form.
type view struct {
	charts []chartSpec
	cols   int
	title  string // over a grid of charts
	note   string // a line of small text above the charts, left-aligned (a progress summary)

	html     string // non-chart views
	markdown string
	text     string // the plain-text form, when not the charts' own

	sliders *sliderSpec // an Explorer's sliders over the charts
}

func singleChart(s chartSpec) view { return view{charts: []chartSpec{s}, cols: 1} }

// bundle is one notebook output: the same content under several MIME types,
// so each front end picks what it can show (JupyterLab and nbconvert take
// text/html; viewers that drop HTML can use the SVG or the text).
//
// The HTML of a chart is its body only: the runtime and the libraries it
// needs are added in front of it where the output goes (notebookData for a
// cell, pageHTML's head for the page), so each destination decides once
// what to carry and nothing is cut out again.
type bundle struct {
	html, svg, markdown, text string
	needsLib, needsGL         bool // the HTML expects the runtime and ECharts / ECharts GL on the page

	// displayID, when set, sends the output under that Jupyter display id:
	// it replaces the output last sent with the same id (a live view) and
	// is saved with the notebook like any output.
	displayID string
}

var idCounter atomic.Uint64

// newID returns a page-unique element id. Cells run as separate processes, so
// a counter alone would repeat across cells: the random part keeps ids apart.
func newID() string {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("display: no randomness for element ids: " + err.Error())
	}
	return fmt.Sprintf("gd-%s-%d", hex.EncodeToString(b[:]), idCounter.Add(1))
}

// runtimeScript is the <script> that defines window.gdDisplay. Every chart
// output in a notebook starts with it, followed by the libraries when the
// output carries them (see notebookData); a page has it once, in its head.
var runtimeScript = `<script type="text/javascript">` + compactJS(runtimeJS) + "</script>\n"

// compactJS drops the comment lines and indentation of runtime.js, a third
// of its size, which every chart output carries. Line breaks stay, so the
// code means what it says in the source.
func compactJS(js string) string {
	var b strings.Builder
	for line := range strings.Lines(js) {
		line = strings.TrimLeft(line, " \t")
		if !strings.HasPrefix(line, "//") {
			b.WriteString(line)
		}
	}
	return b.String()
}

// The smallest width, in CSS pixels, a chart shrinks to before a grid wraps
// its row (or, for a single chart, the output scrolls sideways): 280, or
// for the charts of a grid, which come in rows of several, three fifths of
// their natural width but at least 200. Titles, legends and tick labels
// keep their pixel sizes, so a chart much smaller than that has little room
// left for its plot. A chart never has a minimum above its natural width.
const (
	minChartWidth = 280
	minCellWidth  = 200
	gridGapX      = 14 // between charts of a row
	gridGapY      = 6  // between rows
)

func minWidth(natural int, inGrid bool) int {
	m := minChartWidth
	if inGrid {
		m = max(minCellWidth, min(minChartWidth, natural*3/5))
	}
	return min(m, natural)
}

// render turns a view into an output bundle.
//
// Charts are responsive: each has its natural size (Size, or the kind's
// default) as its maximum, and shrinks with the output area, keeping its
// aspect ratio, down to a minimum width. The cells of a grid row shrink in
// proportion to their natural widths; when even the minimum does not fit,
// the row wraps. The live chart re-lays itself out at the new size (ECharts
// resize, on a ResizeObserver) and the static picture scales as an image.
func render(v view) bundle {
	if len(v.charts) == 0 {
		return bundle{html: v.html, markdown: v.markdown, text: v.text}
	}
	var b bundle
	var h strings.Builder
	cols := max(v.cols, 1)
	rows := (len(v.charts) + cols - 1) / cols
	inGrid := len(v.charts) > 1
	// A column's width is its widest chart; the natural width of the whole
	// is the widest row, which is where the title centres.
	colW := make([]int, cols)
	for i, c := range v.charts {
		colW[i%cols] = max(colW[i%cols], c.width)
	}
	natural := -gridGapX
	for _, w := range colW {
		natural += w + gridGapX
	}
	fmt.Fprintf(&h, `<div class="gd-display" style="max-width:%dpx;overflow-x:auto">`, natural)
	if v.title != "" {
		fmt.Fprintf(&h, `<div class="gd-title" style="text-align:center;font-size:15px;margin:4px 0">%s</div>`, html.EscapeString(v.title))
	}
	if v.note != "" {
		fmt.Fprintf(&h, `<div class="gd-note" style="font-size:13px;margin:2px 0 4px">%s</div>`, html.EscapeString(v.note))
	}
	sliderID := ""
	if v.sliders != nil {
		sliderID = newID()
		writeSliders(&h, sliderID, v.sliders)
	}
	var script strings.Builder
	script.WriteString(`<script type="text/javascript">`)
	var alts, ids []string
	for r := range rows {
		fmt.Fprintf(&h, `<div class="gd-row" style="display:flex;flex-wrap:wrap;gap:%dpx %dpx;margin-bottom:%dpx">`, gridGapY, gridGapX, gridGapY)
		for col := range cols {
			i := r*cols + col
			if i >= len(v.charts) {
				// Keep the columns of a short last row aligned with the rows above.
				fmt.Fprintf(&h, `<div class="gd-spacer" style="%s;visibility:hidden"></div>`, cellStyle(colW[col], minWidth(colW[col], inGrid)))
				continue
			}
			c := v.charts[i]
			id := newID()
			ids = append(ids, id)
			fmt.Fprintf(&h, `<div class="gd-chart" id="%s" style="%s">`, id, cellStyle(c.width, minWidth(c.width, inGrid)))
			fmt.Fprintf(&h, `<img class="gd-fallback" alt="%s" width="%d" height="%d" style="display:block;width:100%%;height:auto" src="data:image/svg+xml;base64,%s">`,
				html.EscapeString(c.alt), c.width, c.height, base64.StdEncoding.EncodeToString([]byte(c.svg)))
			fmt.Fprintf(&h, `<div class="gd-canvas" style="display:none;width:100%%;aspect-ratio:%d/%d;overflow:hidden"></div></div>`, c.width, c.height)
			job := map[string]any{"id": id, "option": c.option, "w": c.width, "h": c.height, "gl": c.gl}
			if c.legendRows > 0 {
				job["legendRows"] = c.legendRows
			}
			if c.scaled {
				job["scaled"] = true
			}
			raw, err := json.Marshal(job)
			if err != nil {
				panic("display: encoding chart: " + err.Error())
			}
			fmt.Fprintf(&script, "window.gdDisplay.render(%s);\n", raw)
			b.needsLib = true
			b.needsGL = b.needsGL || c.gl
			alts = append(alts, c.alt)
		}
		h.WriteString(`</div>`)
	}
	h.WriteString(`</div>`)
	if v.sliders != nil {
		raw, err := json.Marshal(map[string]any{"id": sliderID, "charts": ids, "params": v.sliders.params,
			"initial": v.sliders.initial, "changes": v.sliders.changes, "each": v.sliders.each})
		if err != nil {
			panic("display: encoding sliders: " + err.Error())
		}
		fmt.Fprintf(&script, "window.gdDisplay.explore(%s);\n", raw)
	}
	script.WriteString(`</script>`)
	b.html = h.String() + "\n" + script.String()
	b.svg = combineSVG(v)
	b.text = strings.Join(alts, "\n")
	if v.text != "" {
		b.text = v.text
	}
	for _, head := range []string{v.note, v.title} {
		if head != "" {
			b.text = head + "\n" + b.text
		}
	}
	return b
}

// writeSliders writes an Explorer's sliders, one row per parameter with its
// name and current value. The rows stay hidden until the runtime wires them
// up: where scripts do not run, a line of text says which values the
// pictures show instead.
func writeSliders(h *strings.Builder, id string, s *sliderSpec) {
	var shown []string
	fmt.Fprintf(h, `<div class="gd-sliders" id="%s" style="display:none;font-size:13px;margin:2px 0 6px">`, id)
	for i, p := range s.params {
		label := p.Labels[s.initial[i]]
		shown = append(shown, p.Name+" = "+label)
		fmt.Fprintf(h, `<label style="display:flex;align-items:center;gap:10px;margin:2px 0"><span class="gd-param">%s</span>`+
			`<input type="range" min="0" max="%d" step="1" value="%d" data-gd-param="%d" aria-label="%s" style="flex:1;max-width:320px">`+
			`<span class="gd-value" style="min-width:5em">%s</span></label>`,
			html.EscapeString(p.Name), len(p.Labels)-1, s.initial[i], i, html.EscapeString(p.Name), html.EscapeString(label))
	}
	h.WriteString(`</div>`)
	fmt.Fprintf(h, `<div class="gd-slider-static" style="font-size:13px;margin:2px 0 4px">%s</div>`, html.EscapeString(strings.Join(shown, ", ")))
}

// cellStyle is the flex item style of a chart of natural width w: it grows
// in proportion to w from nothing, up to w, and never below minW (where the
// row wraps instead).
func cellStyle(w, minW int) string {
	return fmt.Sprintf("flex:%d 1 0px;min-width:%dpx;max-width:%dpx", w, minW, w)
}

// combineSVG lays the charts' SVGs out on one canvas for the image/svg+xml
// form of the output.
func combineSVG(v view) string {
	if len(v.charts) == 1 && v.title == "" && v.note == "" {
		return v.charts[0].svg
	}
	cols := max(v.cols, 1)
	top := 0
	if v.title != "" {
		top += 30
	}
	if v.note != "" {
		top += 22
	}
	// Column widths and row heights are the largest of their charts.
	colW := make([]int, cols)
	rows := (len(v.charts) + cols - 1) / cols
	rowH := make([]int, rows)
	for i, c := range v.charts {
		colW[i%cols] = max(colW[i%cols], c.width)
		rowH[i/cols] = max(rowH[i/cols], c.height)
	}
	W, H := 0, top
	for _, w := range colW {
		W += w
	}
	for _, h := range rowH {
		H += h
	}
	d := newSVG(W, H)
	if v.title != "" {
		d.text(float64(W)/2, 21, fitText(v.title, 15, float64(W)-20), "middle", svgInk, 15, 0)
	}
	if v.note != "" {
		d.text(8, float64(top)-7, fitText(v.note, 13, float64(W)-16), "start", svgInk, 13, 0)
	}
	y := top
	for r := 0; r < rows; r++ {
		x := 0
		for c := 0; c < cols && r*cols+c < len(v.charts); c++ {
			ch := v.charts[r*cols+c]
			inner := strings.Replace(ch.svg, "<svg ", fmt.Sprintf(`<svg x="%d" y="%d" `, x, y), 1)
			d.raw(inner)
			x += colW[c]
		}
		y += rowH[r]
	}
	return d.String()
}

// libraryHTML is the runtime and the ECharts bundles, for a page or an
// output without a chart of its own (Init).
func libraryHTML(echarts, gl bool) string { return runtimeScript + libraryScripts(echarts, gl) }

// libraryScripts is the HTML that loads the ECharts bundles onto a page,
// after the runtime. Each bundle runs inside a function whose define, module
// and exports parameters are undefined: nbconvert's exported pages load
// require.js, and a UMD bundle that sees its global `define` registers itself
// as an AMD module instead of setting window.echarts. Shadowing those names
// sends it down the browser-global branch on every page, with or without
// require.js.
func libraryScripts(echarts, gl bool) string {
	var h strings.Builder
	wrap := func(name, js string) {
		fmt.Fprintf(&h, "<script type=\"text/javascript\" data-gd-library=%q>(function (define, module, exports) {\n%s\n}).call(window);\nwindow.gdDisplay.loaded();</script>\n", name, js)
	}
	if echarts {
		wrap("echarts "+assets.EChartsVersion, assets.ECharts())
	}
	if gl {
		wrap("echarts-gl "+assets.EChartsGLVersion, assets.EChartsGL())
	}
	return h.String()
}
