package display

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/gonotebooks/descent/gd"
)

// Explorer is a figure, or several linked figures, computed in Go for every
// value of a parameter (or every pair of values of two) and shown with a
// slider per parameter, labelled with its value: moving a slider switches
// every linked chart at once. Every view is precomputed, so the sliders
// work with no kernel behind them: in JupyterLab, Notebook 7, exported HTML
// and the page written outside a notebook. Where scripts do not run, the
// static pictures show the Default values.
//
//	lrs := []float64{0.001, 0.003, 0.01, 0.03, 0.1}
//	display.Explore("lr", lrs, func(lr float64) any {
//		xs, ys, losses := descend(lr)
//		path := display.NewFigure(display.Title("path"))
//		path.Contour(landscape, display.LogScale())
//		path.Line(xs, ys)
//		curve := display.NewFigure(display.Title("loss"), display.LogY())
//		curve.Line(steps, losses)
//		return []*display.Figure{path, curve} // linked: one slider moves both
//	}).Default(0.01).Show()
//
// It is what a notebook does with ipywidgets' interact and a live kernel,
// and what distill.pub's "Why Momentum Really Works" does with sliders.
type Explorer struct {
	params  []Param
	views   []view // one per combination of values, the last parameter varying fastest
	initial []int  // index into each parameter's values

	// ExploreEach: views[0] is the default values' view, and each[i][j]
	// the view with parameter i at its value j and the others at theirs.
	each  [][]view
	op    string
	build func([]float64) any
}

// maxExploreViews bounds the number of precomputed views of an Explorer:
// each one travels in the output.
const maxExploreViews = 400

// Explore computes build(v) for each of the values and shows the results
// with a slider named name. build returns what to show for one value: a
// *Figure, a []*Figure (linked charts side by side) or a *FigureGrid, with
// the same number of charts for every value. It panics if there are no
// values, a value is not finite, or a result is nil or of another kind.
func Explore(name string, values []float64, build func(v float64) any) *Explorer {
	if build == nil {
		panicf(gd.ErrValue, "display.Explore", "build function is nil")
	}
	return explore("display.Explore", []Param{{name, values}}, func(v []float64) any { return build(v[0]) })
}

// Explore2 is Explore over two parameters, with a slider for each: build is
// called for every pair (a, b) of values, such as a step size and a
// momentum.
func Explore2(nameA string, valuesA []float64, nameB string, valuesB []float64, build func(a, b float64) any) *Explorer {
	if build == nil {
		panicf(gd.ErrValue, "display.Explore2", "build function is nil")
	}
	return explore("display.Explore2", []Param{{nameA, valuesA}, {nameB, valuesB}},
		func(v []float64) any { return build(v[0], v[1]) })
}

// Param is one parameter of ExploreN: its name on the slider and its values.
type Param struct {
	Name   string
	Values []float64
}

// ExploreN is Explore over any number of parameters, a slider for each:
// build gets one value per parameter, in order, for every combination (at
// most 400 in all, as each travels in the output). Three optimizers on one
// loss landscape, each with its own learning rate, are three parameters.
func ExploreN(params []Param, build func(values []float64) any) *Explorer {
	if build == nil || len(params) == 0 {
		panicf(gd.ErrValue, "display.ExploreN", "need parameters and a build function")
	}
	return explore("display.ExploreN", slices.Clone(params), func(v []float64) any { return build(slices.Clone(v)) })
}

// ExploreEach is ExploreN for parameters that each control their own series,
// such as one optimizer's path per learning rate on a shared landscape:
// each slider switches its series alone. Only the views that change one
// parameter at a time are computed and sent, so ten values for each of
// three parameters make 28 views, not 1000. build gets one value per
// parameter, as for ExploreN. Show panics if changing a parameter changes
// anything but series (a title, an axis range: fix them with XLim and
// YLim), or a series that another parameter also changes.
func ExploreEach(params []Param, build func(values []float64) any) *Explorer {
	if build == nil || len(params) == 0 {
		panicf(gd.ErrValue, "display.ExploreEach", "need parameters and a build function")
	}
	e := &Explorer{op: "display.ExploreEach", initial: make([]int, len(params))}
	e.params = slices.Clone(params)
	e.build = func(v []float64) any { return build(slices.Clone(v)) }
	checkParams(e.op, e.params, func(total int) {
		views := 1
		for _, p := range e.params {
			views += len(p.Values) - 1
		}
		if views > maxExploreViews {
			panicf(gd.ErrValue, e.op, "%d views; at most %d can travel in one output", views, maxExploreViews)
		}
	})
	e.buildEach()
	return e
}

// checkParams panics unless every parameter has finite values, and hands
// the number of combinations to limit.
func checkParams(op string, params []Param, limit func(total int)) {
	total := 1
	for _, p := range params {
		if len(p.Values) == 0 {
			panicf(gd.ErrValue, op, "no values for %q", p.Name)
		}
		for _, v := range p.Values {
			checkFinite(op, fmt.Sprintf("a value of %q", p.Name), v)
		}
		total *= len(p.Values)
	}
	limit(total)
}

// buildEach computes ExploreEach's views around the default values.
func (e *Explorer) buildEach() {
	defaults := e.valuesAt(e.index(e.initial))
	base := exploreView(e.op, e.build(defaults), defaults)
	e.views, e.each = []view{base}, make([][]view, len(e.params))
	for i, p := range e.params {
		for j, v := range p.Values {
			if j == e.initial[i] {
				e.each[i] = append(e.each[i], base)
				continue
			}
			vals := slices.Clone(defaults)
			vals[i] = v
			w := exploreView(e.op, e.build(vals), vals)
			if len(w.charts) != len(base.charts) {
				panicf(gd.ErrShape, e.op, "%d charts for %s but %d for the default values; every value must give the same charts",
					len(w.charts), e.describeValues(vals), len(base.charts))
			}
			e.each[i] = append(e.each[i], w)
		}
	}
}

func explore(op string, params []Param, build func([]float64) any) *Explorer {
	total := 1
	checkParams(op, params, func(n int) {
		if total = n; n > maxExploreViews {
			panicf(gd.ErrValue, op, "%d combinations of values; at most %d views can travel in one output", n, maxExploreViews)
		}
	})
	e := &Explorer{params: params, initial: make([]int, len(params))}
	for k := range total {
		vals := e.valuesAt(k)
		v := exploreView(op, build(vals), vals)
		if k > 0 && len(v.charts) != len(e.views[0].charts) {
			panicf(gd.ErrShape, op, "%d charts for %s but %d for the first values; every value must give the same charts",
				len(v.charts), e.describeValues(vals), len(e.views[0].charts))
		}
		e.views = append(e.views, v)
	}
	return e
}

// exploreView is the view of one result of build.
func exploreView(op string, r any, vals []float64) view {
	switch x := r.(type) {
	case *Figure:
		if x != nil {
			return x.view()
		}
	case *FigureGrid:
		if x != nil {
			return x.view()
		}
	case []*Figure:
		v := view{cols: len(x)}
		for _, f := range x {
			if f == nil {
				panicf(gd.ErrValue, op, "a nil *Figure in the list built for %v", vals)
			}
			v.charts = append(v.charts, f.spec())
		}
		if len(v.charts) > 0 {
			return v
		}
	}
	panicf(gd.ErrValue, op, "build returned %T (nil or empty) for %v; return a *Figure, []*Figure or *FigureGrid", r, vals)
	return view{}
}

// valuesAt are the parameter values of combination k.
func (e *Explorer) valuesAt(k int) []float64 {
	out := make([]float64, len(e.params))
	for i := len(e.params) - 1; i >= 0; i-- {
		n := len(e.params[i].Values)
		out[i] = e.params[i].Values[k%n]
		k /= n
	}
	return out
}

// index is the combination of the parameters' value indices.
func (e *Explorer) index(at []int) int {
	k := 0
	for i, p := range e.params {
		k = k*len(p.Values) + at[i]
	}
	return k
}

// Default picks the values shown first, and by the static pictures: for
// each parameter, the one of its values nearest to the given one (default:
// the first of each). It panics unless there is one value per parameter.
func (e *Explorer) Default(values ...float64) *Explorer {
	if len(values) != len(e.params) {
		panicf(gd.ErrValue, "display.Explorer.Default", "%d values for %d parameters", len(values), len(e.params))
	}
	for i, p := range e.params {
		best := 0
		for j, v := range p.Values {
			if math.Abs(v-values[i]) < math.Abs(p.Values[best]-values[i]) {
				best = j
			}
		}
		e.initial[i] = best
	}
	if e.each != nil {
		e.buildEach()
	}
	return e
}

// Show displays the charts at the default values, with the sliders.
func (e *Explorer) Show() { show(e.view()) }

// String describes the parameters and the charts shown at the default values.
func (e *Explorer) String() string {
	if e == nil || len(e.views) == 0 {
		return "<empty Explorer>"
	}
	return e.describe()
}

func (e *Explorer) describe() string {
	var ps []string
	for _, p := range e.params {
		ps = append(ps, fmt.Sprintf("%s: %d values from %s to %s", p.Name, len(p.Values), sig4(p.Values[0]), sig4(p.Values[len(p.Values)-1])))
	}
	k := e.index(e.initial)
	if e.each != nil {
		k = 0
	}
	var alts []string
	for _, c := range e.views[k].charts {
		alts = append(alts, c.alt)
	}
	return fmt.Sprintf("<Explorer %s; showing %s: %s>", strings.Join(ps, ", "), e.describeValues(e.valuesAt(k)), strings.Join(alts, ", "))
}

func (e *Explorer) describeValues(vals []float64) string {
	var parts []string
	for i, p := range e.params {
		parts = append(parts, p.Name+" = "+sig4(vals[i]))
	}
	return strings.Join(parts, ", ")
}

// view is the default values' charts, with every other combination as the
// changes to each chart's option that switch to it.
func (e *Explorer) view() view {
	checkMade("display.Show", e != nil && len(e.views) > 0, "the *display.Explorer", "display.Explore")
	k0 := e.index(e.initial)
	if e.each != nil {
		k0 = 0
	}
	v := e.views[k0]
	v.text = e.describe()
	spec := &sliderSpec{initial: e.initial, each: e.each != nil}
	for _, p := range e.params {
		labels := make([]string, len(p.Values))
		for i, x := range p.Values {
			labels[i] = sig4(x)
		}
		spec.params = append(spec.params, sliderParam{Name: p.Name, Labels: labels})
	}
	if e.each != nil {
		spec.changes = e.eachChanges()
		v.sliders = spec
		return v
	}
	spec.changes = make([][]any, len(e.views))
	for c := range v.charts {
		opts := make([]map[string]any, len(e.views))
		for k, w := range e.views {
			opts[k] = w.charts[c].option
		}
		for k, ch := range switchOptions(opts) {
			spec.changes[k] = append(spec.changes[k], ch)
		}
	}
	v.sliders = spec
	return v
}

// sliderSpec is what the page needs to switch charts: the parameters, the
// combination shown first, and per combination and chart the option changes.
type sliderSpec struct {
	params  []sliderParam
	initial []int
	changes [][]any // [combination][chart], or with each [parameter][value] of [chart]
	each    bool    // ExploreEach: a slider switches its own series only
}

// eachChanges are ExploreEach's switches: for parameter i at value j, per
// chart, the series parameter i controls (in full; {} for the others). It
// panics, naming the parameter, where a parameter changes anything else.
func (e *Explorer) eachChanges() [][]any {
	base := e.views[0]
	owner := map[[2]int]int{} // (chart, series) -> parameter that changes it
	out := make([][]any, len(e.params))
	for i, views := range e.each {
		for c, bc := range base.charts {
			bs, _ := bc.option["series"].([]any)
			varies := make([]bool, len(bs))
			for _, w := range views {
				o := w.charts[c].option
				// Both charts' keys, sorted, so that an option only one of them
				// has counts too and the error names the same option every run.
				keys := slices.AppendSeq(slices.Collect(maps.Keys(o)), maps.Keys(bc.option))
				slices.Sort(keys)
				for _, k := range slices.Compact(keys) {
					if k != "series" && !sameJSON(o[k], bc.option[k]) {
						panicf(gd.ErrValue, e.op, "changing %q changes the chart's %q, not only its series; fix it (XLim, YLim, a Title without the value) or use ExploreN", e.params[i].Name, k)
					}
				}
				ws, _ := o["series"].([]any)
				if len(ws) != len(bs) {
					panicf(gd.ErrValue, e.op, "changing %q changes the number of series (%d, not %d); use ExploreN", e.params[i].Name, len(ws), len(bs))
				}
				for s := range ws {
					if !sameJSON(ws[s], bs[s]) {
						varies[s] = true
					}
				}
			}
			for s, v := range varies {
				if !v {
					continue
				}
				if other, ok := owner[[2]int{c, s}]; ok && other != i {
					panicf(gd.ErrValue, e.op, "series %d changes with both %q and %q; give each parameter its own series, or use ExploreN",
						s, e.params[other].Name, e.params[i].Name)
				}
				owner[[2]int{c, s}] = i
			}
		}
		out[i] = make([]any, len(views))
		for j, w := range views {
			var perChart []any
			for c := range base.charts {
				ws, _ := w.charts[c].option["series"].([]any)
				list := make([]any, len(ws))
				for s := range ws {
					list[s] = map[string]any{}
					if ownedBy(owner, c, s, i) {
						list[s] = ws[s]
					}
				}
				perChart = append(perChart, map[string]any{"series": list})
			}
			out[i][j] = perChart
		}
	}
	return out
}

// ownedBy reports whether parameter i changes series s of chart c.
func ownedBy(owner map[[2]int]int, c, s, i int) bool {
	o, ok := owner[[2]int{c, s}]
	return ok && o == i
}

type sliderParam struct {
	Name   string   `json:"name"`
	Labels []string `json:"labels"`
}

// switchOptions turns the options one chart has across an Explorer's views
// into what setOption needs to switch to each view from any other: the
// parts of the option that vary between views, in full, and nothing of the
// parts that do not (a contour background is sent once, with the chart).
// Series are taken one by one: a series that never changes is an empty
// object, which leaves it as it is. When views differ in their number of
// series, the whole list is sent and the page replaces it (gdReplace).
func switchOptions(opts []map[string]any) []any {
	varies := map[string]bool{}
	for _, o := range opts {
		for k, v := range o {
			varies[k] = varies[k] || !sameJSON(v, opts[0][k])
		}
		for k := range opts[0] {
			varies[k] = varies[k] || o[k] == nil
		}
	}
	seriesOf := func(o map[string]any) []any { s, _ := o["series"].([]any); return s }
	sameCount := true
	var seriesVaries []bool
	for _, o := range opts {
		s := seriesOf(o)
		sameCount = sameCount && len(s) == len(seriesOf(opts[0]))
		for i := range s {
			if i >= len(seriesVaries) {
				seriesVaries = append(seriesVaries, false)
			}
			if i >= len(seriesOf(opts[0])) || !sameJSON(s[i], seriesOf(opts[0])[i]) {
				seriesVaries[i] = true
			}
		}
	}
	out := make([]any, len(opts))
	for n, o := range opts {
		ch := map[string]any{}
		for k, v := range varies {
			if v && k != "series" {
				ch[k] = withNulls(o[k], valuesAt(opts, func(o map[string]any) any { return o[k] }))
			}
		}
		if _, anim := o["baseOption"]; anim {
			ch = o // animations are switched whole
		} else if varies["series"] {
			s := seriesOf(o)
			if !sameCount {
				ch["series"], ch["gdReplace"] = s, true
			} else {
				list := make([]any, len(s))
				for i := range s {
					list[i] = map[string]any{}
					if seriesVaries[i] {
						list[i] = withNulls(s[i], valuesAt(opts, func(o map[string]any) any { return seriesOf(o)[i] }))
					}
				}
				ch["series"] = list
			}
		}
		out[n] = ch
	}
	return out
}

// valuesAt returns what at picks from each view's option.
func valuesAt(opts []map[string]any, at func(map[string]any) any) []any {
	out := make([]any, len(opts))
	for i, o := range opts {
		out[i] = at(o)
	}
	return out
}

// withNulls returns a copy of v with a null for every key that another
// view's value has at the same place and v lacks, through nested objects
// (an object v lacks becomes one of nulls) and arrays of objects. ECharts' setOption merges objects key by key, so
// a key a view leaves out would keep the previous view's value: a log axis
// switched from a short range (custom ticks between decades) to a long one
// would keep the short range's tick labels. Data arrays are left as they
// are: they are replaced whole.
func withNulls(v any, others []any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		nested := map[string][]any{}
		for k, x := range v {
			out[k] = x
		}
		for _, o := range others {
			om, _ := o.(map[string]any)
			for k, x := range om {
				if _, has := v[k]; !has {
					out[k] = cleared(out[k], x)
				} else {
					nested[k] = append(nested[k], x)
				}
			}
		}
		for k, xs := range nested {
			out[k] = withNulls(v[k], xs)
		}
		return out
	case []any:
		out := append([]any(nil), v...)
		for i, x := range v {
			if _, ok := x.(map[string]any); !ok {
				continue
			}
			var at []any
			for _, o := range others {
				if oa, ok := o.([]any); ok && i < len(oa) {
					at = append(at, oa[i])
				}
			}
			out[i] = withNulls(x, at)
		}
		return out
	}
	return v
}

// cleared adds to have (nil or what cleared returned before) a null for
// every value of x, keeping x's nested objects as objects: a whole
// component set to null (an axis's axisTick) would lose its defaults too.
func cleared(have, x any) any {
	xm, ok := x.(map[string]any)
	if !ok {
		return have
	}
	out, _ := have.(map[string]any)
	if out == nil {
		out = map[string]any{}
	}
	for k, v := range xm {
		out[k] = cleared(out[k], v)
	}
	return out
}

func sameJSON(a, b any) bool {
	ra, err1 := json.Marshal(a)
	rb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ra) == string(rb)
}
