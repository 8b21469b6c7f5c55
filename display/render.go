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
	width, height int
	gl            bool // needs ECharts GL (3-D)
	svg           string
	alt           string // text/plain summary and <img> alt text
}

// view is what one display call puts in the notebook: charts laid out in a
// grid, or a piece of HTML (tensor table, markdown) with its plain-text form.
type view struct {
	charts []chartSpec
	cols   int
	title  string // over a grid of charts

	html     string // non-chart views
	markdown string
	text     string
}

func singleChart(s chartSpec) view { return view{charts: []chartSpec{s}, cols: 1} }

// bundle is one notebook output: the same content under several MIME types,
// so each front end picks what it can show (JupyterLab and nbconvert take
// text/html; viewers that drop HTML can use the SVG or the text).
type bundle struct {
	html, svg, markdown, text string
	needsLib, needsGL         bool // the HTML expects ECharts / ECharts GL on the page
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

// render turns a view into an output bundle.
func render(v view) bundle {
	if len(v.charts) == 0 {
		return bundle{html: v.html, markdown: v.markdown, text: v.text}
	}
	var b bundle
	var h strings.Builder
	cols := max(v.cols, 1)
	fmt.Fprintf(&h, `<div class="gd-display" style="display:grid;grid-template-columns:repeat(%d,max-content);gap:6px 14px;max-width:100%%;overflow-x:auto">`, cols)
	if v.title != "" {
		fmt.Fprintf(&h, `<div style="grid-column:1/-1;text-align:center;font-size:15px;margin:4px 0">%s</div>`, html.EscapeString(v.title))
	}
	var script strings.Builder
	script.WriteString(`<script type="text/javascript">`)
	script.WriteString(runtimeJS)
	var alts []string
	for _, c := range v.charts {
		id := newID()
		fmt.Fprintf(&h, `<div class="gd-chart" id="%s" style="width:%dpx;max-width:100%%">`, id, c.width)
		fmt.Fprintf(&h, `<img class="gd-fallback" alt="%s" width="%d" height="%d" style="display:block;max-width:100%%;height:auto" src="data:image/svg+xml;base64,%s">`,
			html.EscapeString(c.alt), c.width, c.height, base64.StdEncoding.EncodeToString([]byte(c.svg)))
		fmt.Fprintf(&h, `<div class="gd-canvas" style="display:none;width:%dpx;height:%dpx"></div></div>`, c.width, c.height)
		job, err := json.Marshal(map[string]any{"id": id, "option": c.option, "w": c.width, "h": c.height, "gl": c.gl})
		if err != nil {
			panic("display: encoding chart: " + err.Error())
		}
		fmt.Fprintf(&script, "window.gdDisplay.render(%s);\n", job)
		b.needsLib = true
		b.needsGL = b.needsGL || c.gl
		alts = append(alts, c.alt)
	}
	h.WriteString(`</div>`)
	script.WriteString(`</script>`)
	b.html = h.String() + "\n" + script.String()
	b.svg = combineSVG(v)
	b.text = strings.Join(alts, "\n")
	if v.title != "" {
		b.text = v.title + "\n" + b.text
	}
	return b
}

// combineSVG lays the charts' SVGs out on one canvas for the image/svg+xml
// form of the output.
func combineSVG(v view) string {
	if len(v.charts) == 1 && v.title == "" {
		return v.charts[0].svg
	}
	cols := max(v.cols, 1)
	top := 0
	if v.title != "" {
		top = 30
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
		d.text(float64(W)/2, 21, v.title, "middle", svgInk, 15, 0)
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

// libraryHTML is the HTML that loads the ECharts bundles onto a page. Each
// bundle runs inside a function whose define, module and exports parameters
// are undefined: nbconvert's exported pages load require.js, and a UMD bundle
// that sees its global `define` registers itself as an AMD module instead of
// setting window.echarts. Shadowing those names sends it down the
// browser-global branch on every page, with or without require.js.
func libraryHTML(echarts, gl bool) string {
	var h strings.Builder
	h.WriteString(`<script type="text/javascript">`)
	h.WriteString(runtimeJS)
	h.WriteString("</script>\n")
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
