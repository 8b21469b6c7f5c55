package display

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// responsivePage is a standalone page whose outputs sit in a column of
// adjustable width (#col), like a notebook's output area: the charts that
// overflowed it before (a 1×4 and a 1×2 grid at matplotlib sizes), legends
// in narrow cells, a log plot over 190 decades, a diagram, a surface.
func responsivePage(t *testing.T) (path string, charts int) {
	t.Helper()
	var parts []string
	add := func(v view) {
		parts = append(parts, render(v).html)
		charts += len(v.charts)
	}
	ts, speed := make([]float64, 20), make([]float64, 20)
	for i := range ts {
		ts[i] = float64(i)
		speed[i] = 0.5*(ts[i]-9.5)*(ts[i]-9.5) + 1 + math.Sin(3*ts[i])
	}
	axs := Subplots(1, 4, Size(1200, 300)) // plt.subplots(1, 4, figsize=(12, 3))
	for k, ax := range axs.Axes() {
		ax.Scatter(ts, speed, Label("speed"))
		p := make([]float64, len(ts))
		for i, t := range ts {
			p[i] = -0.3*t*t + 2*t - 5 + float64(k)*0.08*t*t
		}
		ax.Scatter(ts, p, Color("red"), Label("predictions"))
		ax.SetYLim(-300, 100)
	}
	add(axs.view())

	sq, dsq := func(x float64) float64 { return x * x }, func(x float64) float64 { return 2 * x }
	step := func(x0 float64, title string) *Figure {
		fig := Tangent(sq, dsq, x0, Title(title), XLabel("x"), YLabel("x**2"))
		x1 := x0 - 0.3*dsq(x0)
		fig.Arrows([]float64{x0, x1}, []float64{sq(x0), sq(x1)}, Color("green"), Label("one step"))
		return fig
	}
	add(Grid(1, 2, step(-1.5, "slope < 0: the step increases x"), step(1.5, "slope > 0: the step decreases x")).
		Set(Size(1000, 380)).view())

	long := Subplots(1, 3, Size(900, 300), Title("long legends in narrow cells"))
	for _, ax := range long.Axes() {
		ax.Line([]float64{0, 1}, []float64{0, 1}, Label("ascent: f(4) + 8h (the tangent)"))
		ax.Line([]float64{0, 1}, []float64{1, 0}, Label("descent: f(4) − 8h"))
		ax.Line([]float64{0, 1}, []float64{0.5, 0.5}, Label("the truth, f(4 + h)"))
	}
	add(long.view())

	xs, ys := make([]float64, 1000), make([]float64, 1000)
	x := -6.4
	for i := range xs {
		x -= 0.2 * x
		xs[i], ys[i] = float64(i+1), x*x
	}
	ys[0] = 41
	logFig := NewFigure(Title("f(x) per step, 41 down to 1e-193"), LogY(), XLabel("step"), YLabel("f(x)"))
	logFig.Line(xs, ys, Label("f(x)"))
	logFig.Point(500, ys[499], Color("red"), Label("step 500"))
	add(logFig.view())

	add(singleChart(Flow("init", "predict", "loss", "gradient", "step", "stop").
		Loop("step", "predict", "repeat").SetTitle("training loop").d.spec()))
	add(singleChart(NewSurface(func(x, y float64) float64 { return x*x + y*y }, Title("bowl")).spec()))

	page := pageHTML("responsive", parts, true)
	page = strings.Replace(page, "<body>", `<body><div id="col" style="width:1000px">`, 1)
	page = strings.Replace(page, "</body>", "</div></body>", 1)
	path = filepath.Join(t.TempDir(), "responsive.html")
	if err := os.WriteFile(path, []byte(page), 0o644); err != nil {
		t.Fatal(err)
	}
	return path, charts
}

// chartGeometry is what the browser reports of one chart.
type chartGeometry struct {
	ID          string     `json:"id"`
	Natural     [2]int     `json:"natural"` // the job's w, h
	Box         [2]float64 `json:"box"`     // the live chart's element
	Chart       [2]float64 `json:"chart"`   // ECharts' own idea of its size
	Top         float64    `json:"top"`
	Scaled      bool       `json:"scaled"`
	LegendType  string     `json:"legendType"`
	LegendBox   []float64  `json:"legendBox"` // x, y, w, h in chart pixels
	GridTop     float64    `json:"gridTop"`
	TitleBottom float64    `json:"titleBottom"`
	PagerRight  float64    `json:"pagerRight"`
}

const geometryJS = `(() => {
	const rect = (v) => { if (!v || !v.group) return null;
		const r = v.group.getBoundingRect().clone(); r.applyTransform(v.group.getLocalTransform()); return [r.x, r.y, r.width, r.height]; };
	return Array.from(document.querySelectorAll('.gd-chart')).map(el => {
		const job = window.gdDisplay.live.find(e => e.root === el);
		const box = el.querySelector('.gd-canvas'), c = job && job.chart, b = box.getBoundingClientRect();
		const out = {id: el.id, natural: job ? [job.job.w, job.job.h] : [0, 0], box: [b.width, b.height],
			chart: c ? [c.getWidth(), c.getHeight()] : [0, 0], top: el.getBoundingClientRect().top, scaled: !!(job && job.job.scaled)};
		if (c && !out.scaled) {
			const m = c.getModel(), lm = m.getComponent('legend'), gm = m.getComponent('grid', 0), tm = m.getComponent('title');
			if (lm && lm.get('show') && (lm.get('data') || []).length) {
				const v = c.getViewOfComponentModel(lm);
				out.legendType = lm.subType;
				out.legendBox = rect(v);
				if (lm.subType === 'scroll') {
					// Only the pager and the clipped window show; the box above spans all items.
					const cg = v._controllerGroup, r = cg.getBoundingRect().clone();
					r.applyTransform(cg.getLocalTransform()); r.applyTransform(v.group.getLocalTransform());
					out.pagerRight = r.x + r.width;
				}
			}
			if (gm) out.gridTop = gm.coordinateSystem.getRect().y;
			const tr = tm && tm.get('text') && rect(c.getViewOfComponentModel(tm));
			if (tr) out.titleBottom = tr[1] + tr[3];
		}
		return out;
	});
})()`

// settledJS is true once every chart is drawn and ECharts has caught up with
// its element's size (the ResizeObserver has run).
const settledJS = `document.querySelectorAll('.gd-chart:not([data-gd-drawn])').length === 0 &&
	window.gdDisplay.live.every(e => e.job.scaled || Math.abs(e.chart.getWidth() - e.box.clientWidth) <= 1)`

// Charts fit the output column at the widths a notebook gives them: the
// width of an exported report's content (about 1000px), a narrower window,
// a phone-sized one. The column is resized in place, so this also checks
// that charts follow their container (ResizeObserver, ECharts resize).
func TestChartsFitTheOutputWidth(t *testing.T) {
	path, charts := responsivePage(t)
	b := newBrowser(t, true)
	defer b.cancel()
	art := artifactDir(t)
	b.run(chromedp.Navigate("file://"+path),
		chromedp.Poll(settledJS, nil, chromedp.WithPollingTimeout(60*time.Second)))

	for _, width := range []int{1000, 700, 420} {
		t.Run(strconv.Itoa(width), func(t *testing.T) {
			b.run(chromedp.Evaluate(fmt.Sprintf(`document.getElementById('col').style.width = '%dpx'; true`, width), nil),
				chromedp.Sleep(300*time.Millisecond),
				chromedp.Poll(settledJS, nil, chromedp.WithPollingTimeout(20*time.Second)),
				chromedp.Sleep(700*time.Millisecond)) // legend and title refits, animations
			var overflow []string
			b.run(chromedp.Evaluate(`Array.from(document.querySelectorAll('.gd-display')).filter(d => d.scrollWidth > d.clientWidth + 1 || d.getBoundingClientRect().width > `+strconv.Itoa(width)+`).map(d => d.innerText.slice(0, 40) + ' ' + d.scrollWidth)`, &overflow))
			for _, o := range overflow {
				t.Errorf("an output is wider than the %dpx column: %s", width, o)
			}
			var geo []chartGeometry
			b.run(chromedp.Evaluate(geometryJS, &geo))
			if len(geo) != charts {
				t.Fatalf("%d charts on the page, want %d", len(geo), charts)
			}
			for i, g := range geo {
				w, h := float64(g.Natural[0]), float64(g.Natural[1])
				if g.Box[0] > w+0.5 || g.Box[0] > float64(width)+0.5 {
					t.Errorf("chart %d is %.0fpx wide: more than its natural %v or the column", i, g.Box[0], w)
				}
				if r := g.Box[1] / g.Box[0]; math.Abs(r-h/w) > 0.01 {
					t.Errorf("chart %d is %.0f×%.0f: aspect %.3f, natural %.3f", i, g.Box[0], g.Box[1], r, h/w)
				}
				if !g.Scaled && (math.Abs(g.Chart[0]-g.Box[0]) > 1 || math.Abs(g.Chart[1]-g.Box[1]) > 1) {
					t.Errorf("chart %d: ECharts draws %.0f×%.0f in a %.0f×%.0f box", i, g.Chart[0], g.Chart[1], g.Box[0], g.Box[1])
				}
				if g.LegendBox != nil {
					lb := g.LegendBox
					if lb[1]+lb[3] > g.GridTop+0.5 {
						t.Errorf("chart %d: %s legend ends at y=%.0f, below the plot's top %.0f", i, g.LegendType, lb[1]+lb[3], g.GridTop)
					}
					if lb[1] < g.TitleBottom-0.5 {
						t.Errorf("chart %d: legend starts at y=%.0f, over the title ending at %.0f", i, lb[1], g.TitleBottom)
					}
					right := lb[0] + lb[2]
					if g.LegendType == "scroll" {
						right = g.PagerRight
					}
					if lb[0] < -0.5 || right > g.Box[0]+0.5 {
						t.Errorf("chart %d: %s legend spans x=%.0f..%.0f, outside the %.0fpx chart", i, g.LegendType, lb[0], right, g.Box[0])
					}
				}
			}
			// The 1×4 grid (charts 0-3) stays one row where 4 × 200px fit,
			// and wraps where they do not.
			rows := map[float64]bool{}
			for _, g := range geo[:4] {
				rows[math.Round(g.Top)] = true
			}
			if width >= 1000 && len(rows) != 1 {
				t.Errorf("1×4 grid in %dpx takes %d rows, want 1", width, len(rows))
			}
			if width < 4*minWidth(300, true)+3*gridGapX && len(rows) < 2 {
				t.Errorf("1×4 grid in %dpx stays in one row: its charts would be below the minimum width", width)
			}
			if width >= 1000 {
				// The 1×3 grid of long legends: the live legend keeps to the
				// rows the layout reserved (wrapping) instead of scrolling.
				for _, g := range geo[6:9] {
					if g.LegendType != "plain" {
						t.Errorf("chart %s: legend type %q at the natural size, want plain", g.ID, g.LegendType)
					}
				}
			}
			var shot []byte
			b.run(chromedp.FullScreenshot(&shot, 100))
			if err := os.WriteFile(filepath.Join(art, fmt.Sprintf("responsive-%d.png", width)), shot, 0o644); err != nil {
				t.Fatal(err)
			}
		})
	}
	errs, _, _ := b.snapshot()
	for _, e := range errs {
		t.Errorf("browser console: %s", e)
	}
}

// Without scripts the static pictures scale the same way: no picture is
// wider than the column, and each keeps its aspect ratio.
func TestFallbackPicturesFitTheOutputWidth(t *testing.T) {
	path, charts := responsivePage(t)
	b := newBrowser(t, false)
	defer b.cancel()
	for _, width := range []int{1000, 420} {
		var got []struct {
			W, H, NW, NH float64
		}
		var overflow int
		b.run(chromedp.Navigate("file://"+path), chromedp.Sleep(300*time.Millisecond),
			chromedp.Evaluate(fmt.Sprintf(`document.getElementById('col').style.width = '%dpx'; true`, width), nil),
			chromedp.Sleep(200*time.Millisecond),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('.gd-fallback')).map(i => {
				const r = i.getBoundingClientRect(); return {W: r.width, H: r.height, NW: i.naturalWidth, NH: i.naturalHeight}; })`, &got),
			chromedp.Evaluate(`Array.from(document.querySelectorAll('.gd-display')).filter(d => d.scrollWidth > d.clientWidth + 1).length`, &overflow))
		if len(got) != charts {
			t.Fatalf("%d pictures, want %d", len(got), charts)
		}
		for i, g := range got {
			if g.W > float64(width)+0.5 || g.W > g.NW+0.5 || g.W < 1 {
				t.Errorf("%dpx column: picture %d is %.0fpx wide (natural %.0f)", width, i, g.W, g.NW)
			}
			if math.Abs(g.H/g.W-g.NH/g.NW) > 0.01 {
				t.Errorf("%dpx column: picture %d is %.0f×%.0f, natural %.0f×%.0f", width, i, g.W, g.H, g.NW, g.NH)
			}
		}
		if overflow > 0 {
			t.Errorf("%dpx column: %d outputs scroll sideways", width, overflow)
		}
	}
}

// The ECharts labels and tooltips of the live chart read as the SVG's do:
// the browser's formatters (runtime.js) against display's Go ones.
func TestBrowserFormatsNumbersLikeGo(t *testing.T) {
	path, _ := responsivePage(t)
	b := newBrowser(t, true)
	defer b.cancel()
	values := []float64{0, 0.5, -300, 1000, 0.0001, 2.5e-5, 1e6, -1.25e7, 46.305813, 3.14159265, 0.00123456, 1.2345e-7, 1e-193, 123456.7, 999999.5}
	powers := []float64{0, -4, 5, 6, -5, -193, -324, 309, 0.5, -200.5}
	var js []string
	for _, v := range values {
		js = append(js, strconv.FormatFloat(v, 'g', -1, 64))
	}
	var pw []string
	for _, e := range powers {
		pw = append(pw, strconv.FormatFloat(e, 'g', -1, 64))
	}
	var got struct {
		Tick, Fmt4, Power []string
		Tooltip           string
	}
	b.run(chromedp.Navigate("file://"+path),
		chromedp.Poll(settledJS, nil, chromedp.WithPollingTimeout(60*time.Second)),
		chromedp.Evaluate(`(() => { const g = window.gdDisplay, vs = [`+strings.Join(js, ",")+`], ps = [`+strings.Join(pw, ",")+`];
			// The log figure's marker: its tooltip formatter turns the plotted exponent back into the value.
			const e = g.live.find(e => (e.job.option.title || {}).text === 'f(x) per step, 41 down to 1e-193');
			const s = e.chart.getOption().series[1];
			return {Tick: vs.map(g.tick), Fmt4: vs.map(g.fmt4), Power: ps.map(g.power),
				Tooltip: s.tooltip.formatter({seriesName: s.name, value: s.data[0]})}; })()`, &got))
	for i, v := range values {
		if got.Tick[i] != formatTick(v) {
			t.Errorf("tick label of %v: browser %q, Go %q", v, got.Tick[i], formatTick(v))
		}
		if got.Fmt4[i] != sig4(v) {
			t.Errorf("4 digits of %v: browser %q, Go %q", v, got.Fmt4[i], sig4(v))
		}
	}
	for i, e := range powers {
		if got.Power[i] != formatPower(e) {
			t.Errorf("log label at %v: browser %q, Go %q", e, got.Power[i], formatPower(e))
		}
	}
	x := -6.4
	for range 500 {
		x -= 0.2 * x
	}
	if want := "step 500<br/>(500, " + sig4(x*x) + ")"; got.Tooltip != want {
		t.Errorf("tooltip of the log figure's marker = %q, want %q", got.Tooltip, want)
	}
	errs, _, _ := b.snapshot()
	for _, e := range errs {
		t.Errorf("browser console: %s", e)
	}
}

var cellStyleRE = regexp.MustCompile(`class="gd-chart" id="[^"]+" style="flex:(\d+) 1 0px;min-width:(\d+)px;max-width:(\d+)px"`)

// The markup: charts grow with the column up to their natural size, cells of
// a grid in proportion to their natural widths, the live chart and the
// picture at the natural aspect ratio.
func TestResponsiveMarkup(t *testing.T) {
	axs := Subplots(1, 4, Size(1200, 300), Title("four"))
	for _, ax := range axs.Axes() {
		ax.Scatter([]float64{0, 1}, []float64{0, 1})
	}
	h := render(axs.view()).html
	cells := cellStyleRE.FindAllStringSubmatch(h, -1)
	if len(cells) != 4 {
		t.Fatalf("%d responsive chart cells, want 4:\n%.600s", len(cells), h)
	}
	for _, c := range cells {
		if c[1] != "300" || c[2] != "200" || c[3] != "300" {
			t.Errorf("cell style grows %s, min %s, max %s; want 300, 200, 300", c[1], c[2], c[3])
		}
	}
	if !strings.Contains(h, `class="gd-display" style="max-width:1242px;`) {
		t.Error("grid's natural width (4×300 + 3 gaps of 14) is not its maximum")
	}
	if n := strings.Count(h, `aspect-ratio:300/300`); n != 4 {
		t.Errorf("%d live chart boxes keep the 300/300 aspect ratio, want 4", n)
	}
	if n := strings.Count(h, `style="display:block;width:100%;height:auto"`); n != 4 {
		t.Errorf("%d pictures scale with their cell, want 4", n)
	}
	// A Grid with an empty last cell keeps its columns aligned.
	f := NewFigure(Size(400, 300))
	g := render(Grid(2, 2, f, f, f).view()).html
	if strings.Count(g, `class="gd-spacer"`) != 1 || strings.Count(g, `class="gd-row"`) != 2 {
		t.Errorf("2×2 grid of 3 figures: %d spacers, %d rows; want 1 and 2", strings.Count(g, `class="gd-spacer"`), strings.Count(g, `class="gd-row"`))
	}
	// Larger cells of a grid wrap sooner: 500px ones at 280px, not 200.
	g2 := render(Grid(1, 2, NewFigure(), NewFigure()).Set(Size(1000, 380)).view()).html
	for _, m := range cellStyleRE.FindAllStringSubmatch(g2, -1) {
		if m[2] != "280" {
			t.Errorf("1×2 grid of 500px cells: minimum %spx, want 280", m[2])
		}
	}
	// A single chart has the larger minimum.
	one := render(NewFigure().view()).html
	if m := cellStyleRE.FindStringSubmatch(one); m == nil || m[2] != strconv.Itoa(minChartWidth) || m[3] != "600" {
		t.Errorf("single chart cell %v, want min %d, max 600", m, minChartWidth)
	}
}
