package display

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/gonotebooks/descent/gd"
)

// Animation is a figure recorded over a number of frames and played back with
// play/pause buttons and a frame slider (an ECharts timeline), like
// matplotlib's FuncAnimation rendered as jshtml. It plays in the notebook and
// in exported HTML; the static fallback shows the last frame.
type Animation struct {
	fig      *Figure
	frames   [][]seriesData // frames[k][i] is series i in frame k
	interval time.Duration
	autoPlay bool
}

type seriesData struct{ x, y []float64 }

// Animate records an animation of fig: frame 0 is the figure as it is now,
// then for each i in 0..frames-1 it calls step(i), which changes the figure's
// series (Series.SetY, SetData), and records the result as frame i+1. It is
// the counterpart of
//
//	line, = plt.plot(x, y)
//	def animate(i): update(); line.set_ydata(x@a)
//	FuncAnimation(fig, animate, np.arange(0, 100), interval=20)
//
// which in Go reads
//
//	line := fig.Line(x, y)
//	anim := display.Animate(fig, 100, func(i int) { update(); line.SetY(predict()) },
//		display.Interval(20*time.Millisecond))
//	anim.Show()
//
// Options: Interval (default 100ms) and AutoPlay. Axis ranges cover every
// frame unless the figure fixes them, so the axes stay still while it plays.
// It panics if frames is negative or step is nil.
func Animate(fig *Figure, frames int, step func(i int), opts ...FigureOption) *Animation {
	checkMade("display.Animate", fig != nil, "the *display.Figure to animate", "display.NewFigure")
	if frames < 0 || step == nil {
		panicf(gd.ErrValue, "display.Animate", "need frames >= 0 and a step function, got %d frames", frames)
	}
	cfg := newFigConfig(opts)
	a := &Animation{fig: fig, interval: cfg.interval, autoPlay: cfg.autoPlay}
	if a.interval == 0 {
		a.interval = 100 * time.Millisecond
	}
	a.frames = append(a.frames, snapshot(fig))
	for i := range frames {
		step(i)
		a.frames = append(a.frames, snapshot(fig))
	}
	return a
}

func snapshot(f *Figure) []seriesData {
	out := make([]seriesData, len(f.series))
	for i, s := range f.series {
		out[i] = seriesData{slices.Clone(s.x), slices.Clone(s.y)}
	}
	return out
}

// Frames returns the number of recorded frames (steps + 1).
func (a *Animation) Frames() int { return len(a.frames) }

// String describes the animation and its last frame.
func (a *Animation) String() string {
	if a == nil || a.fig == nil || len(a.frames) == 0 {
		return "<empty Animation>"
	}
	return fmt.Sprintf("<Animation of %d frames: %s>", len(a.frames), a.at(len(a.frames)-1).describe())
}

// Show displays the animation.
func (a *Animation) Show() { show(a.view()) }

func (a *Animation) view() view {
	checkMade("display.Show", a != nil && a.fig != nil && len(a.frames) > 0, "the *display.Animation", "display.Animate")
	return singleChart(a.spec())
}

// at returns a copy of the figure as it was in frame k. Series added after
// the first frame are not part of the animation.
func (a *Animation) at(k int) *Figure {
	g := a.fig.clone()
	g.series = g.series[:len(a.frames[0])]
	for i, s := range g.series {
		s.x, s.y = a.frames[k][i].x, a.frames[k][i].y
	}
	return g
}

const timelineHeight = 56 // pixels under the plot for the play controls

func (a *Animation) spec() chartSpec {
	first, last := a.at(0), a.at(len(a.frames)-1)
	w, h := first.size()

	// One scale for all frames: a figure holding every frame's points.
	all := first.clone()
	for k := 1; k < len(a.frames); k++ {
		all.series = append(all.series, a.at(k).series...)
	}
	sx, sy := all.scales(w, h)
	fr := first.frame(w, h, sx, sy)
	fr.bottom += timelineHeight

	drawnFirst, _ := first.drawn(sx, sy, fr)
	base := drawnFirst.option(sx, sy, fr)
	var labels []any
	var options []any
	for k := range a.frames {
		labels = append(labels, strconv.Itoa(k))
		// Series added by step after the first frame are not animated, nor
		// are field layers (a landscape under a moving path): the chart's
		// series list holds the point series first, in order, then the
		// fields' contour lines, which stay as they are.
		var series []any
		for i, d := range a.frames[k][:len(first.series)] {
			s := first.series[i]
			if s.field != nil {
				continue
			}
			if k > 0 && slices.Equal(d.x, a.frames[0][i].x) && slices.Equal(d.y, a.frames[0][i].y) {
				series = append(series, map[string]any{}) // unchanged: keep the base data
				continue
			}
			c := *s
			d.x, d.y, _ = reduceSeries(&c, d.x, d.y, sx, sy, fr)
			series = append(series, map[string]any{"data": seriesJSON(s, d, sx, sy)})
		}
		options = append(options, map[string]any{"series": series})
	}
	base["timeline"] = map[string]any{
		"axisType":     "category",
		"data":         labels,
		"autoPlay":     a.autoPlay,
		"loop":         true,
		"playInterval": a.interval.Milliseconds(),
		"left":         40, "right": 40, "bottom": 8, "height": 40,
		"symbolSize":      7,
		"label":           map[string]any{"interval": "auto"},
		"checkpointStyle": map[string]any{"symbolSize": 11, "animationDuration": 150},
		"controlStyle":    map[string]any{"itemSize": 20},
	}
	base["animationDurationUpdate"] = min(a.interval.Milliseconds(), 300)
	base["animationEasingUpdate"] = "linear"
	option := map[string]any{"baseOption": base, "options": options}

	drawnLast, notes := last.drawn(sx, sy, fr)
	svg := a.svg(drawnLast, sx, sy, fr)
	alt := fmt.Sprintf("<Animation of %d frames: %s>", len(a.frames), last.describe(notes...))
	return chartSpec{option: option, svg: svg, width: w, height: h, alt: alt, legendRows: len(fr.legend)}
}

// seriesJSON is the data of a series in a frame, encoded as the series kind
// expects it.
func seriesJSON(s *Series, d seriesData, sx, sy axisScale) any {
	c := *s
	c.x, c.y = d.x, d.y
	m := map[string]any{}
	c.patch(m, sx, sy)
	return m["data"]
}

// svg draws the last frame and, under it, a still picture of the slider.
func (a *Animation) svg(last *Figure, sx, sy axisScale, fr frame) string {
	doc := last.svg(sx, sy, fr)
	doc = doc[:len(doc)-len("</svg>")]
	d := &svgDoc{w: fr.w, h: fr.h}
	d.raw(doc)
	y := float64(fr.h) - 24
	d.line(60, y, float64(fr.w)-40, y, "#999999", 2, false)
	d.marker(float64(fr.w)-40, y, "circle", 11, tab10[0], 1)
	d.text(60, y+18, fmt.Sprintf("%d frames; this still image shows the last one", len(a.frames)), "start", svgMuted, 11, 0)
	return d.String()
}
