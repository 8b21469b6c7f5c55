package display

import (
	"encoding/json"
	"math"
	"strconv"
)

// go-echarts builds the option objects (its typed structs follow the ECharts
// option reference), and display then adjusts the result as a plain JSON map
// for the few things go-echarts v2.6 cannot express: tick intervals, log axes,
// the timeline of an animation, ECharts GL's surface series. Only the option
// JSON is taken from go-echarts; its HTML templates and asset URLs are not
// used, which is what keeps every output free of network references.

// jsonMap round-trips v (a go-echarts option map or struct) through JSON into
// plain maps and slices that can be adjusted and asserted on.
func jsonMap(v any) map[string]any {
	raw, err := json.Marshal(v)
	if err != nil {
		panic("display: encoding chart option: " + err.Error()) // our own structures; a bug if it happens
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		panic("display: decoding chart option: " + err.Error())
	}
	return m
}

// child returns m[key] as a map, creating it when absent. For a list value
// (ECharts allows xAxis: [...]) it returns the first element.
func child(m map[string]any, key string) map[string]any {
	switch v := m[key].(type) {
	case map[string]any:
		return v
	case []any:
		if len(v) > 0 {
			if c, ok := v[0].(map[string]any); ok {
				return c
			}
		}
	}
	c := map[string]any{}
	m[key] = c
	return c
}

// num rounds v to 7 significant digits (float32 precision, where most values
// come from) so option JSON stays short and tooltips readable; non-finite
// values become nil, which ECharts draws as a gap.
func num(v float64) any {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 7, 64), 64)
	if !finite(r) {
		return v // 1.7976931e308 rounds past the largest float64
	}
	return r
}

// num5 is num to 5 significant digits, for the many points of contour
// lines, which are a picture's worth of precision.
func num5(v float64) any {
	if !finite(v) {
		return nil
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 5, 64), 64)
	if !finite(r) {
		return v
	}
	return r
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// pairs encodes points as [[x, y], ...]. For markers, points with a non-finite
// coordinate are dropped; for lines they become [x, null] so the line breaks there.
func pairs(xs, ys []float64, keepGaps bool) []any {
	out := make([]any, 0, len(xs))
	for i := range xs {
		if !finite(xs[i]) || !finite(ys[i]) {
			if keepGaps {
				out = append(out, []any{num(xs[i]), nil})
			}
			continue
		}
		out = append(out, []any{num(xs[i]), num(ys[i])})
	}
	return out
}

// applyScale gives a value axis the shared scale's range and tick step, so
// ECharts draws exactly the ticks the SVG shows.
func applyScale(axis map[string]any, s axisScale) {
	// A log axis is a value axis over exponents (see axisScale): its
	// labels print 10^position, its step is whole decades.
	axis["type"] = "value"
	axis["min"] = num(s.lo)
	axis["max"] = num(s.hi)
	// Not "interval": a fixed interval makes ECharts count ticks from
	// the range's start. With splitNumber it steps from multiples of
	// niceStep, which is what the SVG draws.
	axis["splitNumber"] = s.split
	delete(axis, "interval")
	label := child(axis, "axisLabel")
	// Labels are printed in the browser (runtime.js) by the rules of
	// formatTick and formatPower, so they read as the SVG's do.
	label["gdFormat"] = map[string]any{"kind": "tick"}
	if s.log {
		axis["minInterval"] = 1
		label["gdFormat"] = map[string]any{"kind": "power"}
	}
	// ECharts labels the range ends even when they are not ticks
	// (5% margins); the SVG does not, so neither should the chart.
	label["showMinLabel"] = onTick(s.lo, s.step)
	label["showMaxLabel"] = onTick(s.hi, s.step)
	if s.custom != nil {
		// Ticks between decades: ECharts draws exactly these.
		custom := make([]any, len(s.custom))
		for i, c := range s.custom {
			custom[i] = num(c)
		}
		label["customValues"] = custom
		child(axis, "axisTick")["customValues"] = custom
		delete(label, "showMinLabel")
		delete(label, "showMaxLabel")
	}
	if s.names != nil {
		label["gdFormat"] = map[string]any{"kind": "names", "names": s.names}
	}
	if s.inverse {
		axis["inverse"] = true
	}
	// When a chart is narrower than its natural size, labels that would
	// overlap are dropped rather than drawn over each other.
	label["hideOverlap"] = true
	// Axes sit on the frame's edges, as in matplotlib, not across the middle at zero.
	child(axis, "axisLine")["onZero"] = false
}
