package display

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/gonotebooks/descent/gd"
)

// What switches a chart between views: the parts that vary, in full, in
// every view (so any view can follow any other), and nothing of the rest.
func TestSwitchOptionsSendsWhatVaries(t *testing.T) {
	background := map[string]any{"type": "line", "data": []any{1.0, 2.0}}
	opts := []map[string]any{
		{"title": "a", "graphic": "picture", "series": []any{map[string]any{"data": []any{1.0}}, background}},
		{"title": "b", "graphic": "picture", "series": []any{map[string]any{"data": []any{2.0}}, background}},
		{"title": "b", "graphic": "picture", "series": []any{map[string]any{"data": []any{1.0}}, background}},
	}
	got := switchOptions(opts)
	for k, ch := range got {
		m := ch.(map[string]any)
		if _, ok := m["graphic"]; ok {
			t.Errorf("view %d repeats the unchanging picture", k)
		}
		if m["title"] != opts[k]["title"] {
			t.Errorf("view %d: title %v, want %v", k, m["title"], opts[k]["title"])
		}
		series := m["series"].([]any)
		if !reflect.DeepEqual(series[0], opts[k]["series"].([]any)[0]) || !reflect.DeepEqual(series[1], map[string]any{}) {
			t.Errorf("view %d: series %v, want the varying one in full and {} for the background", k, series)
		}
	}
	// A different number of series: the whole list, replaced.
	opts[2]["series"] = []any{background}
	if m := switchOptions(opts)[2].(map[string]any); m["gdReplace"] != true || len(m["series"].([]any)) != 1 {
		t.Errorf("with one series fewer: %v", m)
	}
}

// setOption merges objects key by key, so a key that one view sets and
// another leaves out must be sent as null to the view without it: a log
// axis switched from a short range (custom ticks) to a long one loses the
// short range's ticks. The views' own options are left as they were.
func TestSwitchOptionsClearsWhatAViewLeavesOut(t *testing.T) {
	short := map[string]any{"min": -1.7, "axisLabel": map[string]any{"customValues": []any{-1.5, -1.0}, "hideOverlap": true},
		"axisTick": map[string]any{"customValues": []any{-1.5, -1.0}}}
	long := map[string]any{"min": -5.0, "axisLabel": map[string]any{"hideOverlap": true, "showMinLabel": true}}
	line := func(data []any, extra map[string]any) map[string]any {
		s := map[string]any{"type": "line", "data": data}
		for k, v := range extra {
			s[k] = v
		}
		return s
	}
	opts := []map[string]any{
		{"yAxis": []any{short}, "series": []any{line([]any{[]any{1.0, -1.2}}, map[string]any{"markLine": "at 0.1"})}},
		{"yAxis": []any{long}, "series": []any{line([]any{[]any{1.0, -4.0}}, nil)}},
	}
	got := switchOptions(opts)
	toLong := got[1].(map[string]any)
	axis := toLong["yAxis"].([]any)[0].(map[string]any)
	want := map[string]any{"min": -5.0, "axisLabel": map[string]any{"customValues": nil, "hideOverlap": true, "showMinLabel": true},
		"axisTick": map[string]any{"customValues": nil}}
	if !reflect.DeepEqual(axis, want) {
		t.Errorf("switching to the long axis sends %v, want %v", axis, want)
	}
	if s := toLong["series"].([]any)[0].(map[string]any); s["markLine"] != nil || !reflect.DeepEqual(s["data"], []any{[]any{1.0, -4.0}}) {
		t.Errorf("switching to the plain line sends %v, want its data and markLine null", s)
	}
	toShort := got[0].(map[string]any)["yAxis"].([]any)[0].(map[string]any)
	if label := toShort["axisLabel"].(map[string]any); label["showMinLabel"] != nil || label["customValues"] == nil {
		t.Errorf("switching to the short axis sends labels %v, want its custom values and showMinLabel null", label)
	}
	if _, ok := long["axisTick"]; ok {
		t.Error("the long axis's own option was changed")
	}
}

func TestExplorerViews(t *testing.T) {
	var built []float64
	e := Explore("lr", []float64{0.1, 0.3, 1}, func(lr float64) any {
		built = append(built, lr)
		a, b := NewFigure(Title("path")), NewFigure(Title("loss"))
		a.Line([]float64{0, lr}, []float64{0, lr})
		b.Line([]float64{0, 1}, []float64{1, 1 - lr})
		return []*Figure{a, b}
	}).Default(0.25)
	if !reflect.DeepEqual(built, []float64{0.1, 0.3, 1}) {
		t.Errorf("built for %v, want each value once, in order", built)
	}
	v := e.view()
	if len(v.charts) != 2 || v.sliders == nil || !reflect.DeepEqual(v.sliders.initial, []int{1}) {
		t.Fatalf("view: %d charts, sliders %+v; want 2 charts starting at the value nearest 0.25 (0.3)", len(v.charts), v.sliders)
	}
	if got := v.sliders.params; !reflect.DeepEqual(got, []sliderParam{{"lr", []string{"0.1", "0.3", "1"}}}) {
		t.Errorf("slider %+v", got)
	}
	if len(v.sliders.changes) != 3 || len(v.sliders.changes[2]) != 2 {
		t.Fatalf("changes for %d views of %d charts, want 3 of 2", len(v.sliders.changes), len(v.sliders.changes[0]))
	}
	// The static charts are the default's: its path ends at (0.3, 0.3).
	xs, _ := points(t, get(t, decoded(t, v.charts[0].option), "series", 0, "data"))
	if xs[1] != 0.3 {
		t.Errorf("static chart ends at x = %v, want 0.3", xs[1])
	}
	if !strings.Contains(e.String(), "showing lr = 0.3") {
		t.Errorf("text %q does not say which value it shows", e.String())
	}
	b := render(v)
	if !strings.Contains(b.html, `class="gd-sliders"`) || !strings.Contains(b.html, "window.gdDisplay.explore(") ||
		!strings.Contains(b.html, "lr = 0.3") {
		t.Error("the output lacks the sliders, their script or the static line naming the values shown")
	}
}

func TestExplore2Combinations(t *testing.T) {
	var seen [][2]float64
	e := Explore2("lr", []float64{1, 2}, "momentum", []float64{0, 0.5, 0.9}, func(a, b float64) any {
		seen = append(seen, [2]float64{a, b})
		f := NewFigure()
		f.Point(a, b)
		return f
	}).Default(2, 0.9)
	if len(seen) != 6 || seen[1] != [2]float64{1, 0.5} || seen[3] != [2]float64{2, 0} {
		t.Errorf("combinations %v, want the last parameter varying fastest", seen)
	}
	if k := e.index(e.initial); k != 5 {
		t.Errorf("default combination %d, want 5 (lr 2, momentum 0.9)", k)
	}
	if v := e.view(); len(v.sliders.params) != 2 || len(v.sliders.changes) != 6 {
		t.Errorf("%d sliders, %d views", len(v.sliders.params), len(v.sliders.changes))
	}
}

func TestExploreMisuse(t *testing.T) {
	one := func(n int) any {
		figs := make([]*Figure, n)
		for i := range figs {
			figs[i] = NewFigure()
		}
		return figs
	}
	wantPanic(t, gd.ErrShape, func() {
		Explore("k", []float64{1, 2}, func(v float64) any { return one(int(v)) })
	}, "every value must give the same charts")
	wantPanic(t, gd.ErrValue, func() { Explore("k", nil, func(float64) any { return one(1) }) }, `no values for "k"`)
	wantPanic(t, gd.ErrValue, func() { Explore("k", []float64{1}, func(float64) any { return nil }) }, "*Figure, []*Figure or *FigureGrid")
	wantPanic(t, gd.ErrValue, func() {
		Explore2("a", make([]float64, 30), "b", make([]float64, 30), func(a, b float64) any { return one(1) })
	}, "900 combinations")
}

// Outside a notebook the page carries the sliders and their views too.
func TestExplorerOnThePage(t *testing.T) {
	t.Setenv("GD_DISPLAY_DIR", t.TempDir())
	resetPage(t)
	exploreRosenbrock().Show()
	raw, err := os.ReadFile(PagePath())
	if err != nil {
		t.Fatal(err)
	}
	page := string(raw)
	if !strings.Contains(page, `class="gd-sliders"`) || strings.Count(page, "window.gdDisplay.explore(") != 1 {
		t.Error("the page lacks the sliders or their script")
	}
	assertOffline(t, "page", page)
}

func BenchmarkExploreRosenbrock(b *testing.B) {
	for b.Loop() {
		render(exploreRosenbrock().view())
	}
}

func TestExploreNCombinations(t *testing.T) {
	n := 0
	e := ExploreN([]Param{{"a", []float64{1, 2}}, {"b", []float64{3}}, {"c", []float64{4, 5, 6}}}, func(v []float64) any {
		if len(v) != 3 || v[1] != 3 {
			t.Errorf("build got %v", v)
		}
		n++
		f := NewFigure()
		f.Point(v[0], v[2])
		return f
	}).Default(2, 3, 5)
	if n != 6 || e.index(e.initial) != 4 || len(e.view().sliders.params) != 3 {
		t.Errorf("%d views, default %d, want 6 views and the 5th (a 2, b 3, c 5)", n, e.index(e.initial))
	}
}

// paths is one figure with a path per learning rate, on fixed axes.
func paths(lrs []float64) any {
	f := NewFigure(XLim(-1, 1), YLim(-1, 1))
	for i, lr := range lrs {
		f.Line([]float64{0, lr}, []float64{float64(i) / 10, lr}, Label(fmt.Sprint("optimizer ", i)))
	}
	return f
}

// ExploreEach computes one view per value of each parameter, the others at
// their defaults, and each slider switches the series it controls alone.
func TestExploreEach(t *testing.T) {
	calls := 0
	e := ExploreEach([]Param{{"a", []float64{0.1, 0.2, 0.3}}, {"b", []float64{0.5, 0.6}}}, func(v []float64) any {
		calls++
		return paths(v)
	}).Default(0.2, 0.5)
	if want := 2 * (1 + 2 + 1); calls != want { // twice: built once for the first values, again for Default
		t.Errorf("%d builds, want %d (the defaults, then one per other value of each parameter)", calls, want)
	}
	v := e.view()
	if !v.sliders.each || len(v.sliders.changes) != 2 || len(v.sliders.changes[0]) != 3 || len(v.sliders.changes[1]) != 2 {
		t.Fatalf("changes %d × (%d, %d), want per parameter per value", len(v.sliders.changes), len(v.sliders.changes[0]), len(v.sliders.changes[1]))
	}
	// Parameter b at 0.6: chart 0's series 1 is the path for lr 0.6, series 0 untouched.
	series := decoded(t, map[string]any{"c": v.sliders.changes[1][1].([]any)[0]})["c"].(map[string]any)["series"].([]any)
	if len(series[0].(map[string]any)) != 0 {
		t.Errorf("parameter b changes series 0: %v", series[0])
	}
	if xs, _ := points(t, get(t, series[1], "data")); len(xs) != 2 || xs[1] != 0.6 {
		t.Errorf("parameter b at 0.6: path %v, want one ending at x = 0.6", xs)
	}

	wantPanic(t, gd.ErrValue, func() {
		ExploreEach([]Param{{"a", []float64{1, 2}}}, func(v []float64) any {
			f := NewFigure(Title(fmt.Sprint("lr ", v[0])))
			f.Point(v[0], 1)
			return f
		}).view()
	}, `changing "a" changes the chart's "title"`)
	wantPanic(t, gd.ErrValue, func() {
		ExploreEach([]Param{{"a", []float64{0.1, 0.2}}, {"b", []float64{0.3, 0.4}}}, func(v []float64) any {
			return paths([]float64{v[0] + v[1]})
		}).view()
	}, `changes with both "a" and "b"`)
}
