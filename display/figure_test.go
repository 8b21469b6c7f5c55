package display

import (
	"encoding/json"
	"errors"
	"html"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/gonotebooks/descent/gd"
)

// decoded returns a chart option as the browser receives it: marshalled to
// JSON and parsed back into maps, slices and float64s.
func decoded(t testing.TB, option map[string]any) map[string]any {
	t.Helper()
	raw, err := json.Marshal(option)
	if err != nil {
		t.Fatalf("option does not encode as JSON: %v", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

func get(t testing.TB, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %q: not an object: %T", k, v)
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("at [%d]: not a list long enough: %v", k, v)
			}
			v = l[k]
		}
	}
	return v
}

// points turns [[x, y], ...] back into float slices (NaN for null).
func points(t testing.TB, data any) (xs, ys []float64) {
	t.Helper()
	for _, p := range data.([]any) {
		pair := p.([]any)
		val := func(v any) float64 {
			if v == nil {
				return math.NaN()
			}
			return v.(float64)
		}
		xs, ys = append(xs, val(pair[0])), append(ys, val(pair[1]))
	}
	return xs, ys
}

func TestFigureOptionCarriesSeriesAxesAndLimits(t *testing.T) {
	ts := []float64{0, 1, 2, 3}
	speed := []float64{46.3, 37.1, 29.9, 23.8}
	preds := []float64{0.64, 0.0, -0.7, -1.4}
	fig := NewFigure(Title("show_preds"), XLabel("time"), YLabel("speed"), YLim(-300, 100))
	fig.Scatter(ts, speed)
	fig.Scatter(ts, preds, Color("red"), Label("preds"))
	fig.Line(ts, speed, Dashed())
	m := decoded(t, fig.spec().option)

	if got := get(t, m, "title", "text"); got != "show_preds" {
		t.Errorf("title = %v", got)
	}
	wantTypes := []string{"scatter", "scatter", "line"}
	for i, want := range wantTypes {
		if got := get(t, m, "series", i, "type"); got != want {
			t.Errorf("series %d type = %v, want %s", i, got, want)
		}
	}
	xs, ys := points(t, get(t, m, "series", 1, "data"))
	if !reflect.DeepEqual(xs, ts) || !reflect.DeepEqual(ys, preds) {
		t.Errorf("preds data = %v %v, want %v %v", xs, ys, ts, preds)
	}
	// Colours: tab10 cycle for unspecified series, "red" is tab:red, and an
	// explicit colour does not consume the cycle.
	if got := get(t, m, "series", 0, "itemStyle", "color"); got != "#1f77b4" {
		t.Errorf("first series colour = %v, want tab:blue", got)
	}
	if got := get(t, m, "series", 1, "itemStyle", "color"); got != "#d62728" {
		t.Errorf("red series colour = %v, want tab:red #d62728", got)
	}
	if got := get(t, m, "series", 2, "lineStyle", "color"); got != "#ff7f0e" {
		t.Errorf("third series colour = %v, want the cycle's second colour", got)
	}
	if got := get(t, m, "series", 2, "lineStyle", "type"); got != "dashed" {
		t.Errorf("dashed line type = %v", got)
	}
	if got := get(t, m, "yAxis", 0, "min"); got != -300.0 {
		t.Errorf("y min = %v, want -300", got)
	}
	if got := get(t, m, "yAxis", 0, "max"); got != 100.0 {
		t.Errorf("y max = %v, want 100", got)
	}
	if got := get(t, m, "xAxis", 0, "name"); got != "time" {
		t.Errorf("x name = %v", got)
	}
	if got := get(t, m, "yAxis", 0, "name"); got != "speed" {
		t.Errorf("y name = %v", got)
	}
	if got := get(t, m, "legend", "data"); !reflect.DeepEqual(got, []any{"preds"}) {
		t.Errorf("legend data = %v, want only the labelled series", got)
	}
	// Automatic x range: the data extent plus matplotlib's 5% margins.
	if lo, hi := get(t, m, "xAxis", 0, "min").(float64), get(t, m, "xAxis", 0, "max").(float64); math.Abs(lo+0.15) > 1e-9 || math.Abs(hi-3.15) > 1e-9 {
		t.Errorf("x range = [%v, %v], want [-0.15, 3.15]", lo, hi)
	}
}

func TestNonFiniteValuesAreGaps(t *testing.T) {
	xs := []float64{0, 1, 2, 3}
	ys := []float64{1, math.NaN(), math.Inf(1), 4}
	fig := NewFigure()
	fig.Line(xs, ys)
	fig.Scatter(xs, ys)
	m := decoded(t, fig.spec().option)

	lx, ly := points(t, get(t, m, "series", 0, "data"))
	if len(lx) != 4 || !math.IsNaN(ly[1]) || !math.IsNaN(ly[2]) || ly[3] != 4 {
		t.Errorf("line data = %v %v: non-finite y should be null, keeping the x", lx, ly)
	}
	sx, _ := points(t, get(t, m, "series", 1, "data"))
	if !reflect.DeepEqual(sx, []float64{0, 3}) {
		t.Errorf("scatter kept x = %v, want only the finite points [0 3]", sx)
	}
	if get(t, m, "series", 0, "connectNulls") != false {
		t.Error("a line must break at gaps")
	}
}

func TestLogAxis(t *testing.T) {
	fig := NewFigure(LogY())
	fig.Line([]float64{1, 2, 3, 4}, []float64{500, 20, 0.3, 0})
	m := decoded(t, fig.spec().option)
	// A value axis over exponents: whole decades from 0.1 to 1000.
	if got := get(t, m, "yAxis", 0, "type"); got != "value" {
		t.Fatalf("y axis type = %v, want a value axis over log10(y)", got)
	}
	if lo, hi := get(t, m, "yAxis", 0, "min"), get(t, m, "yAxis", 0, "max"); lo != -1.0 || hi != 3.0 {
		t.Errorf("log range = [%v, %v], want the exponents of the decades [0.1, 1000]: [-1, 3]", lo, hi)
	}
	if got := get(t, m, "yAxis", 0, "minInterval"); got != 1.0 {
		t.Errorf("minInterval = %v, want 1 (ticks on whole decades)", got)
	}
	if got := get(t, m, "yAxis", 0, "axisLabel", "gdFormat", "kind"); got != "power" {
		t.Errorf("y labels formatted by %v, want power (10^tick)", got)
	}
	_, ys := points(t, get(t, m, "series", 0, "data"))
	for i, want := range []float64{math.Log10(500), math.Log10(20), math.Log10(0.3)} {
		if math.Abs(ys[i]-want) > 1e-6 {
			t.Errorf("point %d plotted at %v, want log10 = %v", i, ys[i], want)
		}
	}
	if !math.IsNaN(ys[3]) {
		t.Errorf("y = 0 plotted at %v, want a gap (null)", ys[3])
	}
}

// The case that broke ECharts' own log axis: |x| over 1000 steps of
// gradient descent, from 41 down to 1e-193. Every tick must be labelled,
// a few decades apart, in 1e-120 style, and the points must be where the
// exponents say.
func TestLogAxisHugeRange(t *testing.T) {
	xs, ys := make([]float64, 1000), make([]float64, 1000)
	x := -6.4
	for i := range xs {
		x -= 0.1 * 2 * x
		xs[i], ys[i] = float64(i+1), x*x
	}
	ys[0] = 41
	fig := NewFigure(LogY(), Title("f(x) per step"))
	fig.Line(xs, ys)
	w, h := fig.size()
	_, sy := fig.scales(w, h)
	m := decoded(t, fig.spec().option)
	lo, hi := get(t, m, "yAxis", 0, "min").(float64), get(t, m, "yAxis", 0, "max").(float64)
	if want := math.Floor(math.Log10(ys[999])); lo != want || hi != 2 {
		t.Errorf("exponent range [%v, %v], want [%v, 2]", lo, hi, want)
	}
	ticks := sy.ticks()
	if len(ticks) < 4 || len(ticks) > 10 {
		t.Errorf("%d ticks over %v decades, want a readable 4 to 10: %v", len(ticks), hi-lo, ticks)
	}
	var labels []string
	for _, tk := range ticks {
		if tk != math.Trunc(tk) || math.Mod(tk, sy.step) != 0 {
			t.Errorf("tick %v is not a whole multiple of the step %v", tk, sy.step)
		}
		labels = append(labels, sy.label(tk))
	}
	if labels[0] != "1e-180" || labels[len(labels)-1] != "1" {
		t.Errorf("labels %v, want 1e-180 ... 1", labels)
	}
	_, py := points(t, get(t, m, "series", 0, "data"))
	if math.Abs(py[999]-math.Log10(ys[999])) > 1e-4 || math.Abs(py[0]-math.Log10(41)) > 1e-6 {
		t.Errorf("end points at exponents %v and %v", py[0], py[999])
	}
	// The SVG labels its ticks alike, and leaves room for the widest label.
	svg := fig.spec().svg
	for _, l := range labels {
		if !strings.Contains(svg, ">"+l+"</text>") {
			t.Errorf("SVG lacks the tick label %q", l)
		}
	}
	// The smallest positive float64s (subnormal) have exponents down to -324.
	tiny := NewFigure(LogY())
	tiny.Line([]float64{0, 1}, []float64{5e-324, 1.5e308})
	_, typ := points(t, get(t, decoded(t, tiny.spec().option), "series", 0, "data"))
	if math.Abs(typ[0]+323.306) > 1e-3 {
		t.Errorf("5e-324 plotted at exponent %v, want -323.306", typ[0])
	}
	ty := decoded(t, tiny.spec().option)
	if lo, hi := get(t, ty, "yAxis", 0, "min"), get(t, ty, "yAxis", 0, "max"); lo != -324.0 || hi != 309.0 {
		t.Errorf("range of the extreme float64s = [%v, %v], want [-324, 309]", lo, hi)
	}
}

func TestTickLabels(t *testing.T) {
	for _, c := range []struct {
		v    float64
		want string
	}{{0, "0"}, {0.5, "0.5"}, {-300, "-300"}, {1000, "1000"}, {0.0001, "0.0001"}, {2.5e-5, "2.5e-5"},
		{1e6, "1e6"}, {-1.25e7, "-1.25e7"}, {0.30000000000000004, "0.30000000000000004"}} {
		if got := formatTick(c.v); got != c.want {
			t.Errorf("formatTick(%v) = %q, want %q", c.v, got, c.want)
		}
	}
	for _, c := range []struct {
		e    float64
		want string
	}{{0, "1"}, {-4, "0.0001"}, {5, "100000"}, {6, "1e6"}, {-5, "1e-5"}, {-193, "1e-193"}, {0.5, "3.162"}, {-200.5, "3.162e-201"}} {
		if got := formatPower(c.e); got != c.want {
			t.Errorf("formatPower(%v) = %q, want %q", c.e, got, c.want)
		}
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{46.305813, "46.31"}, {3.14159265, "3.142"}, {0.00123456, "0.001235"}, {1.2345e-7, "1.235e-7"}, {1e-193, "1e-193"},
		{123456.7, "123500"}, {2.5e6, "2.5e6"}, {-7, "-7"}} {
		if got := sig4(c.v); got != c.want {
			t.Errorf("sig4(%v) = %q, want %q", c.v, got, c.want)
		}
	}
}

// Legends keep to rows reserved for them above the plot: one row at the top
// right when the labels fit, else as many rows as they need across the width,
// with the plot pushed down to make room, in the option and the SVG alike.
func TestLegendRowsNeverCoverThePlot(t *testing.T) {
	build := func(w int, labels ...string) (*Figure, frame) {
		fig := NewFigure(Size(w, 300), Title("t"))
		for i, l := range labels {
			fig.Line([]float64{0, 1}, []float64{float64(i), 1}, Label(l))
		}
		sx, sy := fig.scales(fig.size())
		return fig, fig.frame(w, 300, sx, sy)
	}
	_, one := build(600, "ascent (4)", "descent (5)")
	if len(one.legend) != 1 || one.legendWrap {
		t.Errorf("two short labels in 600px: %d rows, wrap %v; want one row at the right", len(one.legend), one.legendWrap)
	}
	labels := []string{"ascent: f(4) + 8h (the tangent)", "descent: f(4) − 8h", "truth", "momentum 0 (the post)"}
	fig, many := build(300, labels...)
	if len(many.legend) < 3 || !many.legendWrap {
		t.Fatalf("four long labels in 300px: %d rows, wrap %v; want them wrapped", len(many.legend), many.legendWrap)
	}
	for _, row := range many.legend {
		w := -float64(legendGap)
		for _, i := range row {
			w += legendItemWidth(labels[i]) + legendGap
		}
		if w > 300-2*legendSide-2*legendPad && len(row) > 1 {
			t.Errorf("legend row %v is %.0fpx wide, more than the chart allows", row, w)
		}
	}
	legendBottom := many.legendTop + legendPad + 14 + legendPitch*float64(len(many.legend)-1)
	if many.top <= legendBottom {
		t.Errorf("plot starts at %v, above the legend's last row ending at %v", many.top, legendBottom)
	}
	spec := fig.spec()
	if spec.legendRows != len(many.legend) {
		t.Errorf("chart reserves %d legend rows, layout has %d", spec.legendRows, len(many.legend))
	}
	m := decoded(t, spec.option)
	if got := get(t, m, "grid", 0, "top"); got != f1(many.top) {
		t.Errorf("grid top = %v, want %v below the legend", got, f1(many.top))
	}
	if get(t, m, "legend", "left") != float64(legendSide) || get(t, m, "legend", "type") != "plain" {
		t.Errorf("wrapped legend = %v, want a plain legend spanning from the left", get(t, m, "legend"))
	}
	for _, l := range labels {
		if !strings.Contains(spec.svg, ">"+html.EscapeString(l)+"</text>") {
			t.Errorf("SVG legend lacks %q", l)
		}
	}
}

func TestSeriesSetData(t *testing.T) {
	fig := NewFigure()
	l := fig.Line([]float64{0, 1}, []float64{0, 0})
	l.SetY([]float64{2, 3})
	m := decoded(t, fig.spec().option)
	_, ys := points(t, get(t, m, "series", 0, "data"))
	if !reflect.DeepEqual(ys, []float64{2, 3}) {
		t.Errorf("after SetY, y = %v", ys)
	}
}

// wantPanic runs f and checks that it panics with a *gd.Error of the kind
// whose message contains every fragment.
func wantPanic(t *testing.T, kind gd.ErrorKind, f func(), fragments ...string) {
	t.Helper()
	err := gd.Catch(f)
	if err == nil {
		t.Fatalf("no panic; want a %v", kind)
	}
	var e *gd.Error
	if !errors.As(err, &e) || !errors.Is(err, kind) {
		t.Fatalf("panic %v is not a gd %v", err, kind)
	}
	for _, frag := range fragments {
		if !strings.Contains(err.Error(), frag) {
			t.Errorf("message %q does not mention %q", err.Error(), frag)
		}
	}
}

func TestMisusePanicsWithNamedErrors(t *testing.T) {
	fig := NewFigure()
	wantPanic(t, gd.ErrShape, func() { fig.Scatter([]float64{1, 2, 3}, []float64{1, 2}) },
		"display.Scatter", "x has 3 values but y has 2")
	wantPanic(t, gd.ErrShape, func() { fig.Line([]float64{1}, nil) }, "display.Line")
	wantPanic(t, gd.ErrValue, func() { YLim(100, -300) }, "display.YLim", "100", "-300")
	wantPanic(t, gd.ErrValue, func() { XLim(0, math.NaN()) }, "display.XLim")
	wantPanic(t, gd.ErrValue, func() { Color("reed") }, "display.Color", `"reed"`)
	wantPanic(t, gd.ErrValue, func() { Size(0, 300) }, "display.Size", "width")
	wantPanic(t, gd.ErrValue, func() { Marker("star") }, "display.Marker", "star")
	wantPanic(t, gd.ErrValue, func() { Opacity(2) }, "display.Opacity")
	wantPanic(t, gd.ErrValue, func() { Subplots(0, 4) }, "display.Subplots", "rows")
	wantPanic(t, gd.ErrShape, func() { Grid(1, 2, NewFigure(), NewFigure(), NewFigure()) }, "display.Grid", "3 figures", "1×2")
	wantPanic(t, gd.ErrIndex, func() { Subplots(1, 4).At(1, 0) }, "display.At", "(1, 0)")
	wantPanic(t, gd.ErrValue, func() { PlotFunction(nil) }, "display.PlotFunction")
	wantPanic(t, gd.ErrValue, func() { Animate(fig, -1, func(int) {}) }, "display.Animate")
	wantPanic(t, gd.ErrValue, func() { Descent(math.Sin, math.Cos, math.Inf(1), 0.1, 3) }, "display.Descent", "x0")
	wantPanic(t, gd.ErrValue, func() { NewProgress(0) }, "display.NewProgress")
	wantPanic(t, gd.ErrValue, func() { Flow("a", "b", "a") }, "display.Flow", `"a" appears twice`)
	wantPanic(t, gd.ErrValue, func() { Flow("a", "b").Loop("b", "c", "") }, "display.Loop", `no step "c"`, "a, b")
	wantPanic(t, gd.ErrValue, func() { Graph(nil) }, "display.Graph")
	wantPanic(t, gd.ErrShape, func() {
		l := NewFigure().Line([]float64{1, 2}, []float64{1, 2})
		l.SetY([]float64{1})
	}, "display.SetY", "2 points", "1 values")
}

func TestColorNames(t *testing.T) {
	for in, want := range map[string]string{
		"red": "#d62728", "C0": "#1f77b4", "tab:orange": "#ff7f0e", "#ABCDEF": "#abcdef",
		"rgb(1, 2, 3)": "rgb(1, 2, 3)", "steelblue": "steelblue", " Blue ": "#1f77b4",
	} {
		if got := resolveColor("test", in); got != want {
			t.Errorf("colour %q = %q, want %q", in, got, want)
		}
	}
}
