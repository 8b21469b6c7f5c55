package display

import (
	"fmt"
	"math"
	"strings"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
)

// A diagram is boxes joined by arrows, laid out left to right: the autograd
// graph of a tensor and the workflow charts of the articles. It is drawn as an
// ECharts graph series with fixed positions computed here, so the live chart
// and its SVG fallback show the same picture.

type diagNode struct {
	lines        []string // first line is the heading
	tooltip      string
	fill, stroke string
	round        bool // pill-shaped (operations) instead of a box
}

type diagEdge struct {
	from, to int
	label    string
	loop     bool // a back edge, drawn as a curve under the boxes
}

type diagram struct {
	title         string
	nodes         []diagNode
	edges         []diagEdge
	width, height int // 0: fit the layout
	kind          string
}

// Node colours: pastel fills with dark text read the same on light and dark
// notebook themes.
const (
	diagText      = "#1f1f1f"
	diagEdgeColor = "#8c8c8c"
)

var (
	styleLeaf  = [2]string{"#d9e8f6", "#1f77b4"} // tensors that require grad (parameters, inputs)
	styleValue = [2]string{"#eceff1", "#7f7f7f"} // other tensors
	styleOp    = [2]string{"#fde3cc", "#ff7f0e"} // operations (grad_fn)
	styleStep  = [2]string{"#dff0dc", "#2ca02c"} // workflow steps
)

const (
	diagLine   = 17.0 // text line height
	diagPadX   = 14.0
	diagPadY   = 9.0
	diagGapX   = 56.0
	diagGapY   = 22.0
	diagMargin = 24.0

	maxDiagramWidth = 960.0
	loopDrop        = 30.0 // how far below the boxes a loop runs
)

func (n diagNode) size() [2]float64 {
	w := 0.0
	for i, l := range n.lines {
		size := 12.0
		if i == 0 {
			size = 13
		}
		w = math.Max(w, textWidth(l, size))
	}
	return [2]float64{math.Max(w+2*diagPadX, 64), float64(len(n.lines))*diagLine + 2*diagPadY}
}

// diagramLayout is a diagram placed in pixels, origin at the top left.
type diagramLayout struct {
	nodes []placed
	via   [][][2]float64 // per edge: the bends of a long edge, between its ends
	w, h  float64

	// For routing: the flow direction, each node's layer, and each layer's
	// extent along the flow (lo, hi), e.g. the column's left and right edges.
	down   bool
	layer  []int
	bounds [][2]float64
}

// virtualSize is the room a long edge takes as it passes a column.
const virtualSize = 10.0

// layout places the nodes and routes long edges between them.
func (d *diagram) layout() diagramLayout {
	var fwd [][2]int
	var fwdEdge []int
	for i, e := range d.edges {
		if !e.loop {
			fwd = append(fwd, [2]int{e.from, e.to})
			fwdEdge = append(fwdEdge, i)
		}
	}
	layer, order, chains := layered(len(d.nodes), fwd)
	sizes := make([][2]float64, len(layer))
	for i := range sizes {
		if i < len(d.nodes) {
			sizes[i] = d.nodes[i].size()
		} else {
			sizes[i] = [2]float64{virtualSize, virtualSize}
		}
	}
	all, lw, lh := place(sizes, layer, order, diagGapX, diagGapY)
	down := false
	if lw > maxDiagramWidth {
		// Deep graphs read better top to bottom than scrolled sideways.
		down = true
		all, lw, lh = placeDir(sizes, layer, order, diagGapX, diagGapY, true)
	}
	top := diagMargin
	if d.title != "" {
		top += 30
	}
	bottom := diagMargin
	for _, e := range d.edges {
		if e.loop {
			bottom = diagMargin + loopDrop + 6 // room for the loop under the boxes
		}
	}
	for i := range all {
		all[i].x += diagMargin
		all[i].y += top
	}
	lay := diagramLayout{nodes: all[:len(d.nodes)], via: make([][][2]float64, len(d.edges)),
		w: lw + 2*diagMargin, h: lh + top + bottom, down: down, layer: layer}
	for v, p := range all {
		for len(lay.bounds) <= layer[v] {
			lay.bounds = append(lay.bounds, [2]float64{math.Inf(1), math.Inf(-1)})
		}
		c, half := p.x, p.w/2
		if down {
			c, half = p.y, p.h/2
		}
		b := &lay.bounds[layer[v]]
		b[0], b[1] = math.Min(b[0], c-half), math.Max(b[1], c+half)
	}
	// A long edge runs straight across each column it passes, at the height
	// of its virtual node there.
	for k, chain := range chains {
		for _, v := range chain {
			b := lay.bounds[layer[v]]
			if down {
				lay.via[fwdEdge[k]] = append(lay.via[fwdEdge[k]], [2]float64{all[v].x, b[0]}, [2]float64{all[v].x, b[1]})
			} else {
				lay.via[fwdEdge[k]] = append(lay.via[fwdEdge[k]], [2]float64{b[0], all[v].y}, [2]float64{b[1], all[v].y})
			}
		}
	}
	return lay
}

func (d *diagram) spec() chartSpec {
	lay := d.layout()
	w, h := int(math.Ceil(lay.w)), int(math.Ceil(lay.h))
	// Boxes, arrows and labels sit at pixel positions: a narrower output
	// shrinks the diagram as a whole, like a picture.
	return chartSpec{option: d.option(lay, w, h), svg: d.svg(lay, w, h), width: w, height: h, alt: d.describe(), scaled: true}
}

// option builds an ECharts graph series holding the nodes at the computed
// pixel positions, on a hidden cartesian grid the size of the chart (so one
// unit is one pixel and the picture matches the SVG), and a lines series
// for the edges, routed here so that arrows end on box borders. The boxes
// themselves are graphic rectangles: a graph node's symbol is scaled from a
// square, which would draw the sides of a wide box thicker than its top.
// The graph's symbols stay, transparent, to carry labels and tooltips.
func (d *diagram) option(lay diagramLayout, w, h int) map[string]any {
	nodes := lay.nodes
	c := charts.NewGraph()
	c.SetGlobalOptions(
		charts.WithTitleOpts(opts.Title{Title: d.title, Left: "center", Top: "8",
			TitleStyle: &opts.TextStyle{FontSize: 15, FontWeight: "normal"}}),
		charts.WithTooltipOpts(opts.Tooltip{Show: opts.Bool(true), Trigger: "item"}),
	)
	gn := make([]opts.GraphNode, len(nodes))
	for i := range nodes {
		gn[i] = opts.GraphNode{Name: fmt.Sprintf("n%d", i)}
	}
	c.AddSeries(d.kind, gn, nil)
	m := jsonMap(c.JSON())
	delete(m, "toolbox")
	delete(m, "color")
	delete(m, "legend")
	hidden := func(max int, inverse bool) map[string]any {
		return map[string]any{"type": "value", "min": 0, "max": max, "show": false, "inverse": inverse}
	}
	m["grid"] = map[string]any{"left": 0, "right": 0, "top": 0, "bottom": 0}
	m["xAxis"] = hidden(w, false)
	m["yAxis"] = hidden(h, true)

	s := m["series"].([]any)[0].(map[string]any)
	s["coordinateSystem"] = "cartesian2d"
	s["layout"] = "none"
	s["roam"] = false
	s["draggable"] = false
	s["z"] = 3
	data := s["data"].([]any)
	for i, n := range nodes {
		dn := data[i].(map[string]any)
		node := d.nodes[i]
		dn["value"] = []any{num(n.x), num(n.y)}
		dn["symbol"] = "rect"
		dn["symbolSize"] = []any{num(n.w), num(n.h)}
		dn["itemStyle"] = map[string]any{"color": "rgba(0,0,0,0)", "borderWidth": 0}
		dn["label"] = map[string]any{
			"show": true, "position": "inside", "color": diagText, "lineHeight": diagLine, "align": "center",
			"formatter": strings.Join(richLines(node.lines), "\n"),
			"rich": map[string]any{
				"h": map[string]any{"fontWeight": "bold", "fontSize": 13, "color": diagText, "lineHeight": diagLine, "align": "center"},
				"t": map[string]any{"fontSize": 12, "color": diagText, "lineHeight": diagLine, "align": "center"},
			},
		}
		dn["tooltip"] = map[string]any{"formatter": strings.ReplaceAll(htmlText(node.tooltip), "\n", "<br/>")}
	}

	// Arrow symbols only show on straight (non-polyline) lines, so a routed
	// loop is its leading segments plus a final straight one with the arrow.
	var arrows, paths, labels []any
	coord := func(p [2]float64) any { return []any{num(p[0]), num(p[1])} }
	for i, e := range d.edges {
		pts, mid := d.route(lay, i)
		ls := map[string]any{"color": diagEdgeColor, "width": 1.5}
		if e.loop {
			ls["type"] = "dashed"
		}
		n := len(pts)
		if n > 2 {
			var lead []any
			for _, p := range pts[:n-1] {
				lead = append(lead, coord(p))
			}
			paths = append(paths, map[string]any{"coords": lead, "lineStyle": ls})
		}
		arrows = append(arrows, map[string]any{"coords": []any{coord(pts[n-2]), coord(pts[n-1])}, "lineStyle": ls})
		if e.label != "" {
			labels = append(labels, map[string]any{"value": coord(mid),
				"label": map[string]any{"show": true, "formatter": e.label, "position": "top", "fontSize": 12}})
		}
	}
	edgeStyle := map[string]any{"color": diagEdgeColor, "width": 1.5, "opacity": 1}
	series := []any{s, map[string]any{
		"type": "lines", "coordinateSystem": "cartesian2d", "data": arrows,
		"symbol": []any{"none", "arrow"}, "symbolSize": 9, "silent": true, "z": 4, "lineStyle": edgeStyle,
	}}
	if len(paths) > 0 {
		series = append(series, map[string]any{"type": "lines", "coordinateSystem": "cartesian2d", "polyline": true,
			"data": paths, "silent": true, "z": 4, "lineStyle": edgeStyle})
	}
	if len(labels) > 0 {
		series = append(series, map[string]any{"type": "scatter", "coordinateSystem": "cartesian2d",
			"symbolSize": 0, "data": labels, "silent": true, "tooltip": map[string]any{"show": false}})
	}
	m["series"] = series
	var boxes []any
	for i, n := range nodes {
		boxes = append(boxes, map[string]any{
			"type": "rect", "silent": true, "z": 1,
			"shape": map[string]any{"x": num(n.x - n.w/2), "y": num(n.y - n.h/2), "width": num(n.w), "height": num(n.h), "r": num(d.nodes[i].radius(n))},
			"style": map[string]any{"fill": d.nodes[i].fill, "stroke": d.nodes[i].stroke, "lineWidth": 1.5},
		})
	}
	m["graphic"] = map[string]any{"elements": boxes}
	return m
}

// radius is the corner radius of a node's box: pills for operations.
func (n diagNode) radius(p placed) float64 {
	if n.round {
		return p.h / 2
	}
	return 3
}

// route returns the points of an edge's path and where its label goes. A
// forward edge is a straight segment between box borders; a loop (a back
// edge) leaves the bottom of its source, runs under the row and enters the
// bottom of its target.
func (d *diagram) route(lay diagramLayout, i int) (pts [][2]float64, mid [2]float64) {
	e := d.edges[i]
	a, b := lay.nodes[e.from], lay.nodes[e.to]
	if e.loop {
		bottom := math.Max(a.y+a.h/2, b.y+b.h/2) + loopDrop
		pts = [][2]float64{{a.x, a.y + a.h/2}, {a.x, bottom}, {b.x, bottom}, {b.x, b.y + b.h/2}}
		return pts, [2]float64{(a.x + b.x) / 2, bottom}
	}
	// Out of the source's far side, across to the edge of its column, then
	// (through any columns between) to the near edge of the target's column
	// and into the target: segments between columns only, never across boxes.
	var out, in, exit, enter [2]float64
	ba, bb := lay.bounds[lay.layer[e.from]], lay.bounds[lay.layer[e.to]]
	if lay.down {
		out, exit = [2]float64{a.x, a.y + a.h/2}, [2]float64{a.x, ba[1]}
		in, enter = [2]float64{b.x, b.y - b.h/2}, [2]float64{b.x, bb[0]}
	} else {
		out, exit = [2]float64{a.x + a.w/2, a.y}, [2]float64{ba[1], a.y}
		in, enter = [2]float64{b.x - b.w/2, b.y}, [2]float64{bb[0], b.y}
	}
	all := append([][2]float64{out, exit}, lay.via[i]...)
	all = append(all, enter, in)
	for _, p := range all {
		if len(pts) == 0 || math.Hypot(p[0]-pts[len(pts)-1][0], p[1]-pts[len(pts)-1][1]) > 0.5 {
			pts = append(pts, p)
		}
	}
	// The label sits on the longest segment, the one between columns.
	best := 0
	for k := 0; k+1 < len(pts); k++ {
		if seg(pts, k) > seg(pts, best) {
			best = k
		}
	}
	return pts, [2]float64{(pts[best][0] + pts[best+1][0]) / 2, (pts[best][1] + pts[best+1][1]) / 2}
}

func seg(pts [][2]float64, k int) float64 {
	return math.Hypot(pts[k+1][0]-pts[k][0], pts[k+1][1]-pts[k][1])
}

// richLines formats lines for ECharts rich text: a bold heading, then plain.
// ECharts' own template syntax uses braces, so they are dropped from content.
func richLines(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		l = strings.NewReplacer("{", "(", "}", ")", "|", "¦").Replace(l)
		if i == 0 {
			out[i] = "{h|" + l + "}"
		} else {
			out[i] = "{t|" + l + "}"
		}
	}
	return out
}

func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// svg draws the same diagram statically.
func (d *diagram) svg(lay diagramLayout, w, h int) string {
	nodes := lay.nodes
	doc := newSVG(w, h)
	if d.title != "" {
		doc.text(float64(w)/2, 28, d.title, "middle", svgInk, 15, 0)
	}
	for k, e := range d.edges {
		pts, mid := d.route(lay, k)
		for i := 0; i+2 < len(pts); i++ {
			doc.line(pts[i][0], pts[i][1], pts[i+1][0], pts[i+1][1], diagEdgeColor, 1.5, e.loop)
		}
		n := len(pts)
		doc.arrow(pts[n-2][0], pts[n-2][1], pts[n-1][0], pts[n-1][1], diagEdgeColor, 1.5)
		if e.label != "" {
			doc.text(mid[0], mid[1]-6, e.label, "middle", svgMuted, 12, 0)
		}
	}
	for i, n := range nodes {
		node := d.nodes[i]
		r := node.radius(n)
		fmt.Fprintf(&doc.b, `<rect x="%s" y="%s" width="%s" height="%s" rx="%s" fill="%s" stroke="%s" stroke-width="1.5"/>`,
			f1(n.x-n.w/2), f1(n.y-n.h/2), f1(n.w), f1(n.h), f1(r), node.fill, node.stroke)
		y := n.y - float64(len(node.lines))*diagLine/2 + diagLine*0.72
		for k, l := range node.lines {
			size, weight := 12.0, ""
			if k == 0 {
				size, weight = 13, ` font-weight="bold"`
			}
			fmt.Fprintf(&doc.b, `<text x="%s" y="%s" text-anchor="middle" fill="%s" font-size="%s"%s>%s</text>`,
				f1(n.x), f1(y), diagText, f1(size), weight, htmlText(l))
			y += diagLine
		}
	}
	return doc.String()
}

func (d *diagram) describe() string {
	var parts []string
	for _, e := range d.edges {
		parts = append(parts, fmt.Sprintf("%s -> %s", d.nodes[e.from].lines[0], d.nodes[e.to].lines[0]))
	}
	name := d.kind
	if d.title != "" {
		name += fmt.Sprintf(" %q", d.title)
	}
	return fmt.Sprintf("<%s: %s>", name, strings.Join(parts, "; "))
}
