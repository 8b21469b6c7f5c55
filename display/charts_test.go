package display

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"

	"github.com/gonotebooks/descent/gd"
)

// The reason Surface builds its own series type: go-echarts v2.6.7's
// Surface3D emits "scatter3D" and asks for ECharts 4 from its asset host. If a
// go-echarts upgrade fixes this, this test fails and the workaround can go.
func TestGoEchartsSurface3DStillNeedsTheWorkaround(t *testing.T) {
	s := charts.NewSurface3D()
	s.AddSeries("s", []opts.Chart3DData{{Value: []any{1, 2, 3}}})
	m := jsonMap(s.JSON())
	if got := get(t, m, "series", 0, "type"); got != "scatter3D" {
		t.Errorf("go-echarts Surface3D series type is now %v: drop the workaround in surface.go", got)
	}
	if !slices.ContainsFunc(s.JSAssets.Values, func(v string) bool { return strings.Contains(v, "echarts@4") }) {
		t.Errorf("go-echarts 3-D charts no longer pull ECharts 4 (%v): revisit surface.go", s.JSAssets.Values)
	}
}

func TestSurfaceOption(t *testing.T) {
	rosen := func(x, y float64) float64 { return (1-x)*(1-x) + 100*(y-x*x)*(y-x*x) }
	s := NewSurface(rosen, XLim(-2, 2), YLim(-1, 3), Samples(11), ZLabel("loss"))
	s.Path([]float64{-1.5, -1}, []float64{2, 1}, Label("descent"))
	spec := s.spec()
	if !spec.gl {
		t.Error("a surface must ask for ECharts GL")
	}
	m := decoded(t, spec.option)
	if got := get(t, m, "series", 0, "type"); got != "surface" {
		t.Fatalf("surface series type = %v", got)
	}
	data := get(t, m, "series", 0, "data").([]any)
	if len(data) != 11*11 {
		t.Fatalf("surface has %d points, want 121", len(data))
	}
	// Rows of constant y with x increasing (what ECharts GL expects), z = f(x, y).
	first := get(t, data[0], "value").([]any)
	second := get(t, data[1], "value").([]any)
	if first[0] != -2.0 || first[1] != -1.0 || first[2] != rosen(-2, -1) || second[0] != -1.6 || second[1] != -1.0 {
		t.Errorf("surface grid starts %v, %v", first, second)
	}
	if got := get(t, m, "series", 0, "dataShape"); !reflect.DeepEqual(got, []any{11.0, 11.0}) {
		t.Errorf("dataShape = %v", got)
	}
	if got := get(t, m, "series", 1, "type"); got != "line3D" {
		t.Errorf("path type = %v", got)
	}
	z0 := get(t, get(t, m, "series", 1, "data", 0), "value").([]any)[2].(float64)
	if z0 < rosen(-1.5, 2) {
		t.Errorf("path point z = %v is below the surface %v", z0, rosen(-1.5, 2))
	}
	if got := get(t, m, "series", 2, "type"); got != "scatter3D" {
		t.Errorf("path markers type = %v", got)
	}
	if got := get(t, m, "zAxis3D", "name"); got != "loss" {
		t.Errorf("z axis name = %v", got)
	}
	zmax := math.Inf(-1)
	for _, p := range data {
		zmax = math.Max(zmax, get(t, p, "value").([]any)[2].(float64))
	}
	if got := get(t, m, "visualMap", 0, "max"); got != zmax || zmax != rosen(-2, -1) {
		t.Errorf("colour scale max = %v, want the largest z on the grid %v = f(-2, -1) = %v", got, zmax, rosen(-2, -1))
	}
}

func TestAnimationFrames(t *testing.T) {
	xs := []float64{-1, 0, 1}
	a, b := -1.0, 1.0
	line := func() []float64 { return []float64{b - a, b, b + a} }
	fig := NewFigure()
	fig.Scatter(xs, []float64{-1, 2, 5}, Color("orange"))
	l := fig.Line(xs, line())
	var calls []int
	anim := Animate(fig, 4, func(i int) {
		calls = append(calls, i)
		a, b = a+1, b+0.25
		l.SetY(line())
	}, Interval(20*time.Millisecond))
	if !reflect.DeepEqual(calls, []int{0, 1, 2, 3}) {
		t.Errorf("step called with %v", calls)
	}
	if anim.Frames() != 5 {
		t.Fatalf("frames = %d, want 5 (initial + 4 steps)", anim.Frames())
	}
	m := decoded(t, anim.spec().option)
	tl := get(t, m, "baseOption", "timeline")
	if got := get(t, tl, "playInterval"); got != 20.0 {
		t.Errorf("playInterval = %v, want 20", got)
	}
	if got := len(get(t, tl, "data").([]any)); got != 5 {
		t.Errorf("timeline has %d ticks", got)
	}
	opts := get(t, m, "options").([]any)
	if len(opts) != 5 {
		t.Fatalf("%d frame options", len(opts))
	}
	// The scatter never changes: later frames leave it to the base option.
	if got := get(t, opts[3], "series", 0); !reflect.DeepEqual(got, map[string]any{}) {
		t.Errorf("unchanged series in frame 3 = %v, want {}", got)
	}
	// Frame 3 is after three steps: a = 2, b = 1.75.
	_, ys := points(t, get(t, opts[3], "series", 1, "data"))
	if !reflect.DeepEqual(ys, []float64{-0.25, 1.75, 3.75}) {
		t.Errorf("frame 3 line = %v", ys)
	}
	// One y scale for every frame: the line ends at [-1, 2, 5] after four
	// steps and starts at [2, 1, 0]; with 5% margins the range is [-1.3, 5.3].
	lo, hi := get(t, m, "baseOption", "yAxis", 0, "min").(float64), get(t, m, "baseOption", "yAxis", 0, "max").(float64)
	if math.Abs(lo+1.3) > 1e-9 || math.Abs(hi-5.3) > 1e-9 {
		t.Errorf("y range [%v, %v], want [-1.3, 5.3] covering every frame", lo, hi)
	}
}

func TestSubplotsSizes(t *testing.T) {
	axs := Subplots(1, 4, Size(1200, 300), Title("four steps"))
	for _, ax := range axs.Axes() {
		ax.Scatter([]float64{0, 1}, []float64{0, 1})
		ax.SetYLim(-300, 100)
	}
	v := axs.view()
	if len(v.charts) != 4 || v.cols != 4 || v.title != "four steps" {
		t.Fatalf("grid view: %d charts, %d cols, title %q", len(v.charts), v.cols, v.title)
	}
	for i, c := range v.charts {
		if c.width != 300 || c.height != 300 {
			t.Errorf("cell %d is %dx%d, want 300x300", i, c.width, c.height)
		}
		if got := get(t, decoded(t, c.option), "yAxis", 0, "min"); got != -300.0 {
			t.Errorf("cell %d y min = %v", i, got)
		}
	}
	b := render(v)
	if strings.Count(b.html, `class="gd-chart"`) != 4 {
		t.Error("grid output does not hold 4 charts")
	}
}

func TestGraphOfAutograd(t *testing.T) {
	xt := gd.Scalar(3).RequiresGrad_().SetName("xt")
	yt := xt.Pow(2).SetName("yt")
	yt.Backward()
	g := Graph(yt)
	d := g.d
	if len(d.nodes) != 3 || len(d.edges) != 2 {
		t.Fatalf("graph has %d nodes, %d edges: %s", len(d.nodes), len(d.edges), g)
	}
	if got := g.String(); got != "<Graph: PowBackward0 -> yt (); xt () -> PowBackward0>" {
		t.Errorf("graph = %s", got)
	}
	label := func(i int) string { return strings.Join(d.nodes[i].lines, " | ") }
	// Node 0 is yt, 1 its grad_fn, 2 xt (visit order).
	if got := label(2); got != "xt () | data 3 | grad 6" {
		t.Errorf("xt node = %q", got)
	}
	if got := label(0); got != "yt () | data 9" {
		t.Errorf("yt node = %q", got)
	}
	nodes := d.layout().nodes
	if !(nodes[2].x < nodes[1].x && nodes[1].x < nodes[0].x) {
		t.Errorf("layout is not input → op → output left to right: x = %v, %v, %v", nodes[2].x, nodes[1].x, nodes[0].x)
	}
	m := decoded(t, d.spec().option)
	if got := get(t, m, "series", 0, "type"); got != "graph" {
		t.Errorf("series type = %v", got)
	}
	if got := get(t, m, "series", 1, "type"); got != "lines" {
		t.Errorf("edges type = %v", got)
	}
}

func TestFlowLoopRunsUnderTheRow(t *testing.T) {
	f := Flow("init", "predict", "loss", "gradient", "step", "stop").Loop("step", "predict", "repeat")
	lay := f.d.layout()
	nodes, h := lay.nodes, lay.h
	for i := 1; i < len(nodes); i++ {
		if nodes[i].x <= nodes[i-1].x || nodes[i].y != nodes[0].y {
			t.Fatalf("steps are not one left-to-right row: %+v", nodes)
		}
	}
	pts, mid := f.d.route(lay, len(f.d.edges)-1)
	if len(pts) != 4 || mid[1] <= nodes[0].y+nodes[0].h/2 || mid[1] >= h {
		t.Errorf("loop route %v (label at %v) is not below the boxes and inside the chart (height %v)", pts, mid, h)
	}
	if pts[0][0] != nodes[4].x || pts[3][0] != nodes[1].x {
		t.Errorf("loop goes from x=%v to x=%v, want step (%v) to predict (%v)", pts[0][0], pts[3][0], nodes[4].x, nodes[1].x)
	}
}

func TestLayeredLayout(t *testing.T) {
	// A diamond with a long edge: 0→1→3, 0→2→3, 0→3, and an input 4→3 used late.
	edges := [][2]int{{0, 1}, {1, 3}, {0, 2}, {2, 3}, {0, 3}, {4, 3}}
	layer, order, chains := layered(5, edges)
	for _, e := range edges {
		if layer[e[0]] >= layer[e[1]] {
			t.Errorf("edge %v does not point right: layers %v", e, layer)
		}
	}
	if layer[4] != layer[3]-1 {
		t.Errorf("late input sits in layer %d, want next to its consumer (%d)", layer[4], layer[3]-1)
	}
	// The long edge 0→3 crosses one column: one virtual node, in that column.
	if len(chains[4]) != 1 || layer[chains[4][0]] != layer[0]+1 || len(layer) != 6 {
		t.Fatalf("long edge chain %v, layers %v", chains[4], layer)
	}
	sizes := [][2]float64{{80, 30}, {60, 30}, {60, 30}, {80, 40}, {50, 30}, {10, 10}}
	for _, down := range []bool{false, true} {
		nodes, w, h := placeDir(sizes, layer, order, 40, 20, down)
		for i := range nodes {
			a := nodes[i]
			if a.x-a.w/2 < -1e-9 || a.x+a.w/2 > w+1e-9 || a.y-a.h/2 < -1e-9 || a.y+a.h/2 > h+1e-9 {
				t.Errorf("down=%v: node %d %+v outside %vx%v", down, i, a, w, h)
			}
			for j := range i {
				b := nodes[j]
				if math.Abs(a.x-b.x) < (a.w+b.w)/2 && math.Abs(a.y-b.y) < (a.h+b.h)/2 {
					t.Errorf("down=%v: nodes %d and %d overlap: %+v %+v", down, i, j, a, b)
				}
			}
		}
	}
}

// No edge of a laid-out diagram passes through a box it does not join.
func TestDiagramEdgesAvoidBoxes(t *testing.T) {
	params := gd.Vector(0.5, -0.5, 0.25).RequiresGrad_().SetName("params")
	x := gd.Arange(0, 5).SetName("x")
	a, b, c := params.Unpack3()
	loss := a.Mul(x.Square()).Add(b.Mul(x)).Add(c).Square().Mean().SetName("loss")
	d := Graph(loss).d
	lay := d.layout()
	for i, e := range d.edges {
		pts, _ := d.route(lay, i)
		for k := 0; k+1 < len(pts); k++ {
			for j, n := range lay.nodes {
				if j == e.from || j == e.to {
					continue
				}
				// Sample the segment; a point strictly inside the box is a crossing.
				for s := 0.0; s <= 1; s += 0.02 {
					px := pts[k][0] + s*(pts[k+1][0]-pts[k][0])
					py := pts[k][1] + s*(pts[k+1][1]-pts[k][1])
					if math.Abs(px-n.x) < n.w/2-1 && math.Abs(py-n.y) < n.h/2-1 {
						t.Fatalf("edge %s -> %s crosses %s", d.nodes[e.from].lines[0], d.nodes[e.to].lines[0], d.nodes[j].lines[0])
					}
				}
			}
		}
	}
}

func TestTickSteps(t *testing.T) {
	// ECharts' numberUtil.nice(span/split, round=true): mantissas 1, 2, 3, 5, 10.
	for _, c := range []struct {
		span  float64
		split int
		want  float64
	}{{4.4, 5, 1}, {400, 5, 100}, {20.9, 5, 5}, {0.37, 5, 0.1}, {0.3, 5, 0.05}, {6.9, 3, 2}, {7.2, 6, 1}, {1600, 5, 300}} {
		if got := niceStep(c.span, c.split); got != c.want {
			t.Errorf("niceStep(%v, %d) = %v, want %v", c.span, c.split, got, c.want)
		}
	}
	s := axisScale{lo: -0.15, hi: 3.15, step: 0.5}
	if got := s.ticks(); !reflect.DeepEqual(got, []float64{0, 0.5, 1, 1.5, 2, 2.5, 3}) {
		t.Errorf("ticks = %v", got)
	}
}

func TestDescentSteps(t *testing.T) {
	f := func(x float64) float64 { return x * x }
	df := func(x float64) float64 { return 2 * x }
	fig := Descent(f, df, -10, 0.1, 2)
	// Article 002: -10 → -8 → -6.4.
	var steps *Series
	for _, s := range fig.series {
		if s.kind == kindArrows {
			steps = s
		}
	}
	if steps == nil || !reflect.DeepEqual(steps.x, []float64{-10, -8, -6.4}) {
		t.Fatalf("descent iterates = %v, want [-10 -8 -6.4]", steps.x)
	}
	// A diverging run stops at the first non-finite value.
	fig = Descent(f, df, 1, 1e200, 5)
	for _, s := range fig.series {
		for _, v := range s.x {
			if math.IsInf(v, 0) || math.IsNaN(v) {
				t.Errorf("diverging descent kept %v", v)
			}
		}
	}
}

func TestJSONHasNoNaN(t *testing.T) {
	fig := PlotFunction(func(x float64) float64 { return 1 / x }, Domain(-1, 1), Samples(3))
	if _, err := json.Marshal(fig.spec().option); err != nil {
		t.Fatalf("1/x at 0 broke the option: %v", err)
	}
}

func TestAnimationIgnoresSeriesAddedWhilePlaying(t *testing.T) {
	fig := NewFigure()
	l := fig.Line([]float64{0, 1}, []float64{0, 1})
	anim := Animate(fig, 2, func(i int) {
		l.SetY([]float64{float64(i), 1})
		fig.Point(0.5, 0.5) // not part of the recorded frames
	})
	m := decoded(t, anim.spec().option)
	for k, o := range get(t, m, "options").([]any) {
		if n := len(get(t, o, "series").([]any)); n != 1 {
			t.Errorf("frame %d has %d series, want 1", k, n)
		}
	}
}
