package display

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"html"
	"math"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/janpfeifer/gonb/gonbui"

	"github.com/gonotebooks/descent/gd"
)

// Progress is a live training view: a progress bar and the loss curve so far,
// updated in place while a loop runs, and replaced by one final chart when it
// ends. Redraws are throttled (Refresh, default 250ms), so Update is cheap
// enough to call on every step of a 10⁵-step loop.
//
//	p := display.NewProgress(epochs, display.Title("training"))
//	for i := range epochs {
//		loss := trainStep()
//		p.Update(i+1, loss.Item())
//	}
//	p.Done()
//
// In a notebook the live view is an output updated in place under a Jupyter
// display id (GoNB's UpdateHTML); Done replaces it, under the same id, with
// the final state: the summary and the whole loss curve as a chart. That is
// the one output the cell keeps and the notebook saves. The live view shows
// the elapsed time and an estimate of the time left; the final one leaves
// wall time out (unless ShowElapsed), so re-running a notebook reproduces its
// saved output. Outside a notebook the live view is a line of text on stderr
// and the final chart goes to the page. A Progress is not safe for
// concurrent use.
type Progress struct {
	total   int
	cfg     figConfig
	refresh time.Duration
	id      string
	start   time.Time
	next    time.Time // no redraw before this

	// Recorded points. Long runs keep every stride-th step so memory stays
	// bounded; the most recent step is always kept separately.
	steps    []float64
	losses   []float64
	smoothed []float64 // with Smooth: the moving average at each recorded step
	stride   int
	calls    int
	lastStep int
	lastLoss float64
	minStep  int // step of the lowest finite loss; 0 before there is one
	minLoss  float64
	ema      float64 // Smooth's moving average, before debiasing
	emaN     int     // finite losses averaged so far
	done     bool
	shown    bool // a live view was drawn
}

const (
	// maxPoints bounds the recorded curve; beyond it, every other point is dropped.
	maxPoints = 20000
	// The drawn curve is thinned further: a screen has no room for more
	// points, and the live view is resent on every redraw.
	livePoints  = 400
	finalPoints = 2000
)

// decimate thins a curve to about n points: the range is cut into n/2
// buckets and each keeps its lowest and highest value, plus any non-finite
// ones (a gap must stay visible), in their original order, and the last point.
func decimate(xs, ys []float64, n int) ([]float64, []float64) {
	if len(xs) <= n {
		return xs, ys
	}
	buckets := max(n/2, 1)
	var keep []int
	for b := range buckets {
		imin, imax := -1, -1
		for i := b * len(xs) / buckets; i < (b+1)*len(xs)/buckets; i++ {
			switch {
			case !finite(ys[i]):
				keep = append(keep, i)
			case imin < 0 || ys[i] < ys[imin]:
				imin = i
				if imax < 0 {
					imax = i
				}
			case ys[i] > ys[imax]:
				imax = i
			}
		}
		if imin >= 0 {
			keep = append(keep, imin, imax)
		}
	}
	keep = append(keep, len(xs)-1)
	slices.Sort(keep)
	keep = slices.Compact(keep)
	ox, oy := make([]float64, len(keep)), make([]float64, len(keep))
	for k, i := range keep {
		ox[k], oy[k] = xs[i], ys[i]
	}
	return ox, oy
}

// Refresh sets the minimum time between redraws of a live view (default
// 250ms). It panics if d is negative.
func Refresh(d time.Duration) FigureOption {
	if d < 0 {
		panicf(gd.ErrValue, "display.Refresh", "refresh interval must be >= 0, got %v", d)
	}
	return func(c *figConfig) { c.refresh = &d }
}

// NewProgress starts a progress view for a loop of total steps. Options:
// Title, XLabel and YLabel (default "step" and "loss"), LogY (loss on a log
// scale), Size, Refresh, Smooth (a moving average beside the loss) and
// ShowElapsed. Losses in the summary have 4 significant digits. It panics
// if total < 1.
func NewProgress(total int, opts ...FigureOption) *Progress {
	checkPositive("display.NewProgress", "total steps", total)
	cfg := newFigConfig(opts)
	p := &Progress{total: total, cfg: cfg, refresh: 250 * time.Millisecond, id: "gd-progress-" + newID(),
		start: time.Now(), stride: 1}
	if cfg.refresh != nil {
		p.refresh = *cfg.refresh
	}
	return p
}

// Update records the loss after step (counting from 1 to total; 0 is the
// state before the first step) and redraws the live view if Refresh has
// passed since the last redraw. A non-finite loss (a diverging run) is
// recorded and shows as a gap. It panics after Done, and on a step outside
// 0..total, which is a loop that does not match the Progress it reports to.
func (p *Progress) Update(step int, loss float64) {
	p.check("display.Progress.Update")
	if p.done {
		panicf(gd.ErrValue, "display.Progress.Update", "Update at step %d after Done", step)
	}
	if step < 0 || step > p.total {
		panicf(gd.ErrValue, "display.Progress.Update", "step %d is outside 0..%d, the total given to NewProgress", step, p.total)
	}
	p.lastStep, p.lastLoss = step, loss
	if finite(loss) && (p.minStep == 0 || loss < p.minLoss) {
		p.minStep, p.minLoss = step, loss
	}
	if p.cfg.smooth > 0 && finite(loss) {
		p.ema = p.cfg.smooth*p.ema + (1-p.cfg.smooth)*loss
		p.emaN++
	}
	if p.calls%p.stride == 0 {
		p.steps = append(p.steps, float64(step))
		p.losses = append(p.losses, loss)
		if p.cfg.smooth > 0 {
			p.smoothed = append(p.smoothed, p.smooth())
		}
		if len(p.steps) >= maxPoints {
			p.steps, p.losses = halve(p.steps), halve(p.losses)
			if p.smoothed != nil {
				p.smoothed = halve(p.smoothed)
			}
			p.stride *= 2
		}
	}
	p.calls++
	if now := time.Now(); !now.Before(p.next) {
		p.next = now.Add(p.refresh)
		p.drawLive()
	}
}

// smooth is the debiased moving average of the finite losses so far, as
// fastai's SmoothenValue computes it: an average that starts at zero
// weighs the first values too little, and dividing by 1 - β^n undoes that.
// NaN before the first finite loss.
func (p *Progress) smooth() float64 {
	if p.emaN == 0 {
		return math.NaN()
	}
	return p.ema / (1 - math.Pow(p.cfg.smooth, float64(p.emaN)))
}

// Smooth adds to a Progress's loss curve its exponential moving average
// with factor beta (fastai's smoothed loss uses 0.98), the trend of a noisy
// mini-batch loss; the summary gives it too. Non-finite losses are left out
// of it. It panics unless 0 < beta < 1.
func Smooth(beta float64) FigureOption {
	if !(beta > 0 && beta < 1) {
		panicf(gd.ErrValue, "display.Smooth", "beta must be between 0 and 1, got %v", beta)
	}
	return func(c *figConfig) { c.smooth = beta }
}

func halve(v []float64) []float64 {
	out := v[:0]
	for i := 0; i < len(v); i += 2 {
		out = append(out, v[i])
	}
	return out
}

// Done ends the view: the final state (the summary and the whole loss
// curve) takes the live output's place, or is displayed as a new output if
// no live view was drawn. Calling Done again does nothing.
func (p *Progress) Done() {
	p.check("display.Progress.Done")
	if p.done {
		return
	}
	p.done = true
	b := render(p.finalView())
	if p.shown {
		if gonbui.IsNotebook {
			// An update of the live output, not a new one: no empty
			// output is left where the live view was.
			b.displayID = p.id
		} else {
			printLive("\n") // end the terminal's progress line
		}
	}
	emit(b)
}

// ShowElapsed keeps the wall time in a Progress's final summary. It is left
// out by default so that re-running a notebook gives the same saved output;
// the live view always shows it.
func ShowElapsed() FigureOption { return func(c *figConfig) { c.elapsed = true } }

// String is the one-line state of the loop.
func (p *Progress) String() string {
	if p == nil || p.total == 0 {
		return "<Progress not made by NewProgress>"
	}
	return p.summary()
}

// check panics with a display error for a nil or zero Progress, which has
// no total to measure against.
func (p *Progress) check(op string) {
	checkMade(op, p != nil && p.total > 0, "the *display.Progress", "display.NewProgress(total)")
}

// curve returns the recorded points plus the latest one.
func (p *Progress) curve() (xs, ys []float64) {
	xs, ys = append([]float64(nil), p.steps...), append([]float64(nil), p.losses...)
	if p.calls > 0 && (len(xs) == 0 || xs[len(xs)-1] != float64(p.lastStep)) {
		xs, ys = append(xs, float64(p.lastStep)), append(ys, p.lastLoss)
	}
	return xs, ys
}

// figure is the loss curve, thinned to at most limit points.
func (p *Progress) figure(limit int) *Figure {
	w, h := p.cfg.width, p.cfg.height
	if w == 0 {
		w, h = 600, 300
	}
	// The axis names: XLabel and YLabel when given (a sweep is not "steps").
	opts := []FigureOption{XLabel(cmp.Or(p.cfg.xlabel, "step")), YLabel(cmp.Or(p.cfg.ylabel, "loss")), Size(w, h)}
	if p.cfg.logY {
		opts = append(opts, LogY())
	}
	fig := NewFigure(opts...)
	xs, ys := p.curve()
	dx, dy := decimate(xs, ys, limit)
	var raw []SeriesOption
	if p.cfg.smooth > 0 {
		raw = append(raw, Label("loss"), Opacity(0.45))
	}
	fig.Line(dx, dy, append(raw, WithPoints(), MarkerSize(3))...)
	if len(dx) > 60 {
		fig.series[0].cfg.points = false
	}
	if p.cfg.smooth > 0 {
		sy := append([]float64(nil), p.smoothed...)
		if len(sy) < len(xs) {
			sy = append(sy, p.smooth()) // the latest step, kept apart from the recorded ones
		}
		sx, sy := decimate(xs, sy, limit)
		fig.Line(sx, sy, Label(fmt.Sprintf("smoothed (β = %g)", p.cfg.smooth)), Color("C1"))
	}
	return fig
}

// summary is the one-line state: title, step, loss, and while running the
// time so far and an estimate of the time left. After Done it is the final
// summary: the lowest loss and its step instead of times (ShowElapsed adds
// the total time back), so that it depends on the computation only.
func (p *Progress) summary() string {
	var b strings.Builder
	if p.cfg.title != "" {
		b.WriteString(p.cfg.title + ": ")
	}
	elapsed := time.Since(p.start)
	fmt.Fprintf(&b, "step %d/%d", p.lastStep, p.total)
	if p.calls > 0 {
		fmt.Fprintf(&b, ", loss %s", sig4(p.lastLoss))
		if p.cfg.smooth > 0 {
			fmt.Fprintf(&b, ", smoothed %s", sig4(p.smooth()))
		}
	}
	if p.done {
		switch {
		case p.minStep == 0 || p.minStep == p.lastStep:
		case p.minLoss == p.lastLoss:
			fmt.Fprintf(&b, " (first reached at step %d)", p.minStep) // a stalled loss
		default:
			fmt.Fprintf(&b, " (lowest %s at step %d)", sig4(p.minLoss), p.minStep)
		}
		if p.cfg.elapsed {
			fmt.Fprintf(&b, ", %s", roundDuration(elapsed))
		}
		return b.String()
	}
	fmt.Fprintf(&b, ", %s", roundDuration(elapsed))
	if p.lastStep > 0 && p.lastStep < p.total {
		eta := time.Duration(float64(elapsed) / float64(p.lastStep) * float64(p.total-p.lastStep))
		fmt.Fprintf(&b, ", about %s left", roundDuration(eta))
	}
	return b.String()
}

func roundDuration(d time.Duration) time.Duration {
	switch {
	case d > time.Minute:
		return d.Round(time.Second)
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// fraction is how far along the loop is, in [0, 1].
func (p *Progress) fraction() float64 {
	return math.Max(0, math.Min(1, float64(p.lastStep)/float64(p.total)))
}

// liveHTML is the transient view: summary, bar, and the curve as a static
// image (cheap to redraw many times, unlike a chart that must be re-created).
func (p *Progress) liveHTML() string {
	spec := p.figure(livePoints).spec()
	return fmt.Sprintf(`<div class="gd-progress" style="max-width:%dpx">`+
		`<div style="font-size:13px;margin:2px 0 4px">%s</div>`+
		`<div style="height:8px;border-radius:4px;background:rgba(128,128,128,0.25);overflow:hidden">`+
		`<div style="width:%.1f%%;height:100%%;background:#1f77b4"></div></div>`+
		`<img alt="loss so far" width="%d" height="%d" style="display:block;max-width:100%%;height:auto;margin-top:6px" src="data:image/svg+xml;base64,%s"></div>`,
		spec.width, html.EscapeString(p.summary()), 100*p.fraction(), spec.width, spec.height,
		base64.StdEncoding.EncodeToString([]byte(spec.svg)))
}

func (p *Progress) finalView() view {
	v := view{charts: []chartSpec{p.figure(finalPoints).spec()}, cols: 1, note: p.summary()}
	return v
}

func (p *Progress) drawLive() {
	p.shown = true
	if gonbui.IsNotebook {
		updateLive(p.id, p.liveHTML())
		return
	}
	printLive(fmt.Sprintf("\r%s [%s]", p.summary(), bar(p.fraction(), 20)))
}

func bar(frac float64, width int) string {
	n := int(math.Round(frac * float64(width)))
	return strings.Repeat("#", n) + strings.Repeat(".", width-n)
}

// The live-output hooks; tests replace them.
var (
	updateLive = func(id, h string) { gonbui.UpdateHTML(id, h) }
	printLive  = func(s string) { fmt.Fprint(os.Stderr, s) }
)
