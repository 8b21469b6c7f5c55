package display

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/gonotebooks/descent/gd"
)

// Charts that survive any data: each case below is drawn in a child process
// (this test binary, re-run by TestMain) that a watchdog stops when its heap
// passes memLimit, and that the parent kills after a deadline. A tick loop
// that never ends or an output that grows without bound fails its case
// instead of hanging or swapping the whole suite. The deadline is a hang
// guard, not a speed goal (BenchmarkLineOfAMillionPoints measures speed).
const (
	extremeEnv   = "GD_DISPLAY_EXTREME_CASE"
	memLimit     = 1 << 30
	caseDeadline = 60 * time.Second
	maxOutput    = 4 << 20 // bytes of HTML plus SVG: "a few MB at most"
)

func TestMain(m *testing.M) {
	if name := os.Getenv(extremeEnv); name != "" {
		os.Exit(runExtremeCase(name))
	}
	os.Exit(m.Run())
}

// descentOnSquare is gradient descent on x² in float64 with learning rate
// lr: x ← x − lr·2x, so lr 1.5 doubles |x| each step until x² overflows.
func descentOnSquare(x0, lr float64, steps int) (step, x, loss []float64) {
	for i := range steps {
		step, x, loss = append(step, float64(i)), append(x, x0), append(loss, x0*x0)
		x0 -= lr * 2 * x0
	}
	return step, x, loss
}

// extremeCases are the figures the reliability probe found hanging or
// overflowing, and their neighbours at the edges of float64.
var extremeCases = map[string]func() any{
	"scatter ±1e308": func() any {
		f := NewFigure()
		f.Scatter([]float64{0, 1}, []float64{-1e308, 1e308})
		return f
	},
	"±MaxFloat64 on both axes": func() any {
		f := NewFigure()
		f.Scatter([]float64{-math.MaxFloat64, math.MaxFloat64}, []float64{math.MaxFloat64, -math.MaxFloat64})
		return f
	},
	"1e18 and 1e18+128": func() any {
		f := NewFigure()
		f.Scatter([]float64{0, 1}, []float64{1e18, 1e18 + 128})
		return f
	},
	"span below one ulp": func() any {
		f := NewFigure()
		f.Line([]float64{1e15, math.Nextafter(1e15, 2e15)}, []float64{1, math.Nextafter(1, 2)})
		return f
	},
	"subnormals": func() any {
		f := NewFigure()
		f.Scatter([]float64{5e-324, 1e-323, 1.5e-323}, []float64{1e-320, 2e-320, 3e-320})
		return f
	},
	"subnormals on a log axis": func() any {
		f := NewFigure(LogY())
		f.Line([]float64{0, 1, 2}, []float64{5e-324, 1e-300, 1e308})
		return f
	},
	"YLim(-1e308, 1e308)": func() any {
		f := NewFigure(YLim(-1e308, 1e308), XLim(-1e308, 1e308))
		f.Line([]float64{0, 1}, []float64{0, 1})
		return f
	},
	"descent on x² with lr 1.5, 1000 steps": func() any {
		step, x, loss := descentOnSquare(1, 1.5, 1000)
		g := Subplots(1, 3)
		g.At(0, 0).Line(step, x)
		g.At(0, 1).Line(step, loss)
		g.At(0, 2).Set(LogY()).Line(step, loss)
		return g
	},
	"Descent helper with lr 1.5, 1000 steps": func() any {
		return Descent(func(x float64) float64 { return x * x }, func(x float64) float64 { return 2 * x }, 1, 1.5, 1000)
	},
	"surface over ±1e308": func() any {
		return NewSurface(func(x, y float64) float64 { return x * y }, XLim(-1e308, 1e308), YLim(-1e308, 1e308))
	},
	"fields of overflowing, NaN and subnormal values": func() any {
		g := Subplots(1, 3)
		g.At(0, 0).Contour(NewField(func(x, y float64) float64 { return math.Exp(800 * x * y) }), LogScale(), ContourLabels())
		g.At(0, 1).HeatMap(NewField(func(x, y float64) float64 { return math.NaN() }))
		g.At(0, 2).ContourFilled(NewField(func(x, y float64) float64 { return 5e-324 * (x + 3) }, XLim(-1e308, 1e308)))
		return g
	},
	"log-log axes from subnormals to 1e308": func() any {
		f := NewFigure(LogX(), LogY())
		f.Line([]float64{5e-324, 1, 1e308}, []float64{1e308, 1, 5e-324})
		return f
	},
	"line of a million points": func() any {
		return millionPointLine()
	},
	"random walk of a million points": func() any {
		r := rand.New(rand.NewPCG(1, 2))
		x, y := make([]float64, 1e6), make([]float64, 1e6)
		for i := 1; i < len(x); i++ {
			x[i], y[i] = x[i-1]+r.NormFloat64(), y[i-1]+r.NormFloat64()
		}
		f := NewFigure()
		f.Line(x, y)
		return f
	},
	"scatter of a million points": func() any {
		r := rand.New(rand.NewPCG(3, 4))
		x, y := make([]float64, 1e6), make([]float64, 1e6)
		for i := range x {
			x[i], y[i] = r.NormFloat64(), r.NormFloat64()
		}
		f := NewFigure()
		f.Scatter(x, y)
		return f
	},
	"animation of a million-point line": func() any {
		f := millionPointLine()
		s := f.series[0]
		return Animate(f, 3, func(i int) {
			y := make([]float64, s.Len())
			for k := range y {
				y[k] = math.Cos(float64(k) * 1e-4 * float64(i+2))
			}
			s.SetY(y)
		})
	},
}

func millionPointLine() *Figure {
	x, y := make([]float64, 1e6), make([]float64, 1e6)
	for i := range x {
		x[i], y[i] = float64(i), math.Sin(float64(i)*1e-4)+0.1*math.Sin(float64(i))
	}
	f := NewFigure()
	f.Line(x, y)
	return f
}

// extremeResult is what the child reports about the output it drew.
type extremeResult struct {
	HTML, SVG int // bytes
	Text      string
	BadSVG    string      // "NaN" or "Inf" when the picture holds one
	Axes      [][]float64 // per figure: x ticks, y ticks, then x and y range
}

// runExtremeCase draws one case and prints an extremeResult as JSON.
func runExtremeCase(name string) int {
	build, ok := extremeCases[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "no case %q\n", name)
		return 2
	}
	go func() { // the memory bound
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(sample)
			if used := sample[0].Value.Uint64(); used > memLimit {
				fmt.Fprintf(os.Stderr, "heap passed %d MB\n", used>>20)
				os.Exit(3)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	v := build()
	b := render(viewOf(v))
	res := extremeResult{HTML: len(b.html), SVG: len(b.svg), Text: b.text}
	for _, bad := range []string{"NaN", "Inf"} {
		if strings.Contains(b.svg, bad) {
			res.BadSVG = bad
		}
	}
	var figs []*Figure
	switch x := v.(type) {
	case *Figure:
		figs = []*Figure{x}
	case *FigureGrid:
		figs = x.figs
	}
	for _, f := range figs {
		w, h := f.size()
		sx, sy := f.scales(w, h)
		res.Axes = append(res.Axes, sx.ticks(), sy.ticks(), []float64{sx.lo, sx.hi}, []float64{sy.lo, sy.hi})
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	return 0
}

func TestChartsSurviveExtremeData(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for name := range extremeCases {
		t.Run(name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), caseDeadline)
			defer cancel()
			cmd := exec.CommandContext(ctx, exe, "-test.run=^$")
			cmd.Env = append(os.Environ(), extremeEnv+"="+name)
			var stderr strings.Builder
			cmd.Stderr = &stderr
			out, err := cmd.Output()
			if ctx.Err() != nil {
				t.Fatalf("not drawn within %v (a loop that does not end?)", caseDeadline)
			}
			if err != nil {
				t.Fatalf("drawing failed: %v\n%s", err, stderr.String())
			}
			var r extremeResult
			if err := json.Unmarshal(out, &r); err != nil {
				t.Fatalf("child output %q: %v", out, err)
			}
			if r.HTML+r.SVG > maxOutput {
				t.Errorf("output is %d KB of HTML and %d KB of SVG, over the %d MB budget", r.HTML>>10, r.SVG>>10, maxOutput>>20)
			}
			if r.BadSVG != "" {
				t.Errorf("the static picture holds %s", r.BadSVG)
			}
			for i := 0; i < len(r.Axes); i += 4 {
				for k, ticks := range r.Axes[i : i+2] {
					lim := r.Axes[i+2+k]
					for j, v := range ticks {
						if v < lim[0] || v > lim[1] || j > 0 && v <= ticks[j-1] {
							t.Errorf("axis %d: ticks %v are not increasing inside %v", k, ticks, lim)
							break
						}
					}
				}
			}
			if strings.Contains(name, "million") && !strings.Contains(r.Text, "drawn with") {
				t.Errorf("text form %q does not say the series was reduced", r.Text)
			}
		})
	}
}

// The ticks of the cases above, worked out by hand. 1e18 and 1e18+128 are
// neighbouring floats: the axis counts from an offset of 1e18, so its range
// is -6.4 to 134.4 (5% margins) with ticks every 30, and its name carries
// the offset. Values beyond 1e300 or below 1e-200 are counted in a unit,
// the power of ten of the largest: ±1e308 is ±1 × 1e308, a range of ±1.1
// with ticks every 0.5, and subnormal numbers from 5e-324 to 1.5e-323 run
// from 0.5 to 1.5 × 1e-323.
func TestTicksAtTheEdgesOfFloat64(t *testing.T) {
	near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }
	s := linearScale(1e18, 1e18+128, nil, 5)
	if s.offset != 1e18 || s.lo != -6.4 || s.hi != 134.4 || !reflect.DeepEqual(s.ticks(), []float64{0, 30, 60, 90, 120}) {
		t.Errorf("1e18..1e18+128: offset %v, range [%v, %v], ticks %v", s.offset, s.lo, s.hi, s.ticks())
	}
	if got := axisLabel("", s); got != "+1e18" {
		t.Errorf("axis name %q, want +1e18", got)
	}
	if f := s.frac(1e18 + 128); !near(f, 134.4/140.8) {
		t.Errorf("1e18+128 sits at %v of the axis, want %v", f, 134.4/140.8)
	}

	s = linearScale(-1e308, 1e308, nil, 5)
	if !near(s.lo, -1.1) || !near(s.hi, 1.1) || s.step != 0.5 || !reflect.DeepEqual(s.ticks(), []float64{-1, -0.5, 0, 0.5, 1}) {
		t.Errorf("±1e308: range [%v, %v] step %v ticks %v; want ±1.1, step 0.5, ticks -1..1", s.lo, s.hi, s.step, s.ticks())
	}
	if f := s.frac(0); f != 0.5 {
		t.Errorf("0 sits at %v of a ±1.1e308 axis, want 0.5", f)
	}
	if got := axisLabel("loss", s); got != "loss (×1e308)" {
		t.Errorf("axis name %q", got)
	}
	s = linearScale(-math.MaxFloat64, math.MaxFloat64, nil, 5)
	if !reflect.DeepEqual(s.ticks(), []float64{-1, 0, 1}) || !near(s.frac(math.MaxFloat64), 1/1.1+(1-1/1.1)/2) {
		t.Errorf("±MaxFloat64: range [%v, %v], ticks %v", s.lo, s.hi, s.ticks())
	}

	sub := linearScale(5e-324, 1.5e-323, nil, 5)
	if ticks := sub.ticks(); !reflect.DeepEqual(ticks, []float64{0.6, 0.8, 1, 1.2, 1.4}) || !near(sub.coord(1e-323), 1) {
		t.Errorf("subnormals: range [%v, %v] ticks %v, 1e-323 at %v", sub.lo, sub.hi, ticks, sub.coord(1e-323))
	}
	// Just above the subnormals, without a unit, the step is still never
	// finer than 8 spacings of the floats there.
	if s := linearScale(1e-200, math.Nextafter(1e-200, 1), nil, 5); s.step < 8*(math.Nextafter(1e-200, 1)-1e-200) {
		t.Errorf("a one-ulp range at 1e-200: step %v", s.step)
	}
	// A zero or non-finite step, or a hand-made scale with too many ticks,
	// gives no ticks rather than a loop that never ends.
	for _, bad := range []axisScale{{lo: 0, hi: 1, step: 0}, {lo: 0, hi: 1e10, step: 1}, {lo: 0, hi: 1, step: math.NaN()}} {
		if ticks := bad.ticks(); ticks != nil {
			t.Errorf("%+v: ticks %v, want none", bad, ticks)
		}
	}
}

// Reducing a line keeps its shape: every pixel column it passes through
// keeps its lowest and highest point, so the picture is the same.
func TestLineReductionKeepsEachColumnsExtremes(t *testing.T) {
	n := 200000
	x, y := make([]float64, n), make([]float64, n)
	for i := range x {
		x[i], y[i] = float64(i), math.Sin(float64(i)*3e-4)+0.3*math.Sin(float64(i)*0.7)
	}
	y[n/3] = math.NaN() // a gap stays a gap
	f := NewFigure()
	s := f.Line(x, y)
	w, h := f.size()
	sx, sy := f.scales(w, h)
	fr := f.frame(w, h, sx, sy)
	rx, ry, note := reduceSeries(s, x, y, sx, sy, fr)
	if len(rx) > 4*int(fr.plotW())+8 || note == "" {
		t.Fatalf("reduced to %d points (%q), want at most 4 per column of %v", len(rx), note, fr.plotW())
	}
	type ext struct{ lo, hi float64 }
	columns := func(xs, ys []float64) (map[float64]ext, int) {
		m, gaps := map[float64]ext{}, 0
		for i := range xs {
			if !finite(ys[i]) {
				gaps++
				continue
			}
			px, _ := fr.px(sx, sy, xs[i], ys[i])
			c := math.Floor(px)
			e, ok := m[c]
			if !ok {
				e = ext{ys[i], ys[i]}
			}
			m[c] = ext{math.Min(e.lo, ys[i]), math.Max(e.hi, ys[i])}
		}
		return m, gaps
	}
	want, _ := columns(x, y)
	got, gaps := columns(rx, ry)
	if gaps != 1 || len(got) != len(want) {
		t.Fatalf("%d gaps and %d columns after reduction, want 1 and %d", gaps, len(got), len(want))
	}
	for c, e := range want {
		if got[c] != e {
			t.Errorf("column %v: range %v after reduction, want %v", c, got[c], e)
		}
	}
}

func BenchmarkLineOfAMillionPoints(b *testing.B) {
	f := millionPointLine()
	for b.Loop() {
		render(f.view())
	}
}

// Nil and zero values are display errors naming what to do, never a nil
// dereference or a division by zero inside the renderer.
func TestNilAndZeroValuesGiveDisplayErrors(t *testing.T) {
	for name, f := range map[string]func(){
		"Show((*Figure)(nil))":     func() { Show((*Figure)(nil)) },
		"(*Figure)(nil).Show()":    func() { (*Figure)(nil).Show() },
		"Show((*FigureGrid)(nil))": func() { Show((*FigureGrid)(nil)) },
		"Show(&FigureGrid{})":      func() { Show(&FigureGrid{}) },
		"Animate(nil, ...)":        func() { Animate(nil, 3, func(int) {}) },
		"Show(&Animation{})":       func() { Show(&Animation{}) },
		"Show(&Surface{})":         func() { Show(&Surface{}) },
		"(*Surface)(nil).Show()":   func() { (*Surface)(nil).Show() },
		"Show(&Diagram{})":         func() { Show(&Diagram{}) },
		"(&Progress{}).Update":     func() { (&Progress{}).Update(1, 0.5) },
		"(*Progress)(nil).Update":  func() { (*Progress)(nil).Update(1, 0.5) },
		"(&Progress{}).Done":       func() { (&Progress{}).Done() },
	} {
		t.Run(name, func(t *testing.T) {
			capture(t, func() { wantPanic(t, gd.ErrValue, f, "nil or empty", "display.") })
		})
	}
	for _, v := range []fmt.Stringer{(*Figure)(nil), (*FigureGrid)(nil), &Animation{}, &Surface{}, (*Diagram)(nil), &Progress{}} {
		if s := v.String(); !strings.HasPrefix(s, "<") {
			t.Errorf("%T: String() = %q", v, s)
		}
	}
}

func TestProgressStepOutsideItsTotal(t *testing.T) {
	recordLive(t)
	p := NewProgress(10)
	p.Update(0, 1) // the state before the first step
	p.Update(10, 1)
	wantPanic(t, gd.ErrValue, func() { p.Update(-1, 1) }, "step -1", "0..10")
	wantPanic(t, gd.ErrValue, func() { p.Update(11, 1) }, "step 11", "0..10")
}

func TestAllNaNSurface(t *testing.T) {
	s := NewSurface(func(x, y float64) float64 { return math.NaN() })
	if got := s.String(); !strings.Contains(got, "no finite z") {
		t.Errorf("String() = %q, want it to say there is no finite z", got)
	}
	b := capture(t, s.Show)
	if len(b) != 1 || strings.Contains(b[0].text, "Inf") || strings.Contains(b[0].svg, "Inf") || strings.Contains(b[0].svg, "NaN") {
		t.Errorf("all-NaN surface output: %d outputs, text %q", len(b), b[0].text)
	}
}

// resetPage forgets this process's page, as if nothing had been displayed.
func resetPage(t *testing.T) {
	reset := func() {
		page.Lock()
		page.path, page.parts, page.gl, page.dir = "", nil, false, ""
		page.Unlock()
	}
	reset()
	t.Cleanup(reset)
}

// Outside a notebook the page goes to a private folder, and neither a file
// nor a symbolic link planted at the names it might take is written through.
func TestPageIsPrivateAndNeverFollowsLinks(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	t.Setenv("GD_DISPLAY_DIR", "")
	resetPage(t)
	f := NewFigure()
	f.Line([]float64{0, 1}, []float64{0, 1})
	f.Show()
	dir, path := PageDir(), PagePath()
	if filepath.Dir(dir) != tmp || filepath.Dir(path) != dir {
		t.Fatalf("page %s in %s, want a folder of its own in %s", path, dir, tmp)
	}
	for p, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, path: 0o600} {
		if fi, err := os.Lstat(p); err != nil || fi.Mode() != want {
			t.Errorf("%s: mode %v (%v), want %v", p, fi.Mode(), err, want)
		}
	}

	// A shared folder (GD_DISPLAY_DIR) where someone planted links at
	// the names this process's page could take in the next seconds, and at
	// the ".tmp" names the page used to be written through.
	shared, victim := t.TempDir(), filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("GD_DISPLAY_DIR", shared)
	resetPage(t)
	prog := strings.TrimSuffix(filepath.Base(os.Args[0]), ".exe")
	now := time.Now()
	for s := range 5 {
		name := filepath.Join(shared, fmt.Sprintf("%s-%s-%d.html", prog, now.Add(time.Duration(s)*time.Second).Format("20060102-150405"), os.Getpid()))
		for _, link := range []string{name, name + ".tmp"} {
			if err := os.Symlink(victim, link); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.Show()
	f.Show()
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Errorf("the file a planted link points to was overwritten: %.40q", got)
	}
	fi, err := os.Lstat(PagePath())
	if err != nil || !fi.Mode().IsRegular() {
		t.Errorf("page %s is not a regular file of its own: %v %v", PagePath(), fi.Mode(), err)
	}
}
