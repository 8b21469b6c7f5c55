package display

import (
	"encoding/json"
	"errors"
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
	fig.Line([]float64{1, 2, 3}, []float64{500, 20, 0.3})
	m := decoded(t, fig.spec().option)
	if got := get(t, m, "yAxis", 0, "type"); got != "log" {
		t.Fatalf("y axis type = %v, want log", got)
	}
	if lo, hi := get(t, m, "yAxis", 0, "min"), get(t, m, "yAxis", 0, "max"); lo != 0.1 || hi != 1000.0 {
		t.Errorf("log range = [%v, %v], want whole decades [0.1, 1000]", lo, hi)
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
