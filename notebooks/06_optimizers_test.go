package notebooks_test

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// optimizersNotebook is lesson 06, past the five articles: gd's optimizers
// compared on an ill-conditioned bowl and on classic test functions.
const optimizersNotebook = "06-optimizers-compared.ipynb"

// optimizersFixture is what testdata/06_optimizers.py computes with PyTorch.
type optimizersFixture struct {
	Bowl          map[string][2]float64  `json:"bowl"`
	BowlViews     map[string]*[2]float64 `json:"bowl_views"`
	MomentumViews map[string]*[2]float64 `json:"momentum_views"`
	Races         map[string][]struct {
		Name string                `json:"name"`
		LR   float64               `json:"lr"`
		At   map[string][3]float64 `json:"at"`
		Ends []*[2]float64         `json:"ends"` // per learning rate; nil where it diverged
	} `json:"races"`
	Schedules map[string][]struct {
		Name string     `json:"name"`
		End  [3]float64 `json:"end"`
	} `json:"schedules"`
}

func optimizersLoad(t *testing.T) (*notebook, optimizersFixture) {
	t.Helper()
	var want optimizersFixture
	batchesLoadFixture(t, "testdata/06_optimizers.json", &want)
	return executedNotebook(t, optimizersNotebook), want
}

// optimizersExplorer decodes the slider data of a cell's Explorer: the
// parameters' value labels and, per view, the changes to each linked chart.
type optimizersExplorer struct {
	Each   bool `json:"each"`
	Params []struct {
		Name   string   `json:"name"`
		Labels []string `json:"labels"`
	} `json:"params"`
	Changes json.RawMessage `json:"changes"`
}

func optimizersExplore(t *testing.T, c cell) optimizersExplorer {
	t.Helper()
	const call = "window.gdDisplay.explore("
	h := c.html()
	i := strings.Index(h, call)
	if i < 0 {
		t.Fatalf("cell %s shows no Explorer", c.ID)
	}
	var e optimizersExplorer
	if err := json.NewDecoder(strings.NewReader(h[i+len(call):])).Decode(&e); err != nil {
		t.Fatalf("cell %s: decoding the Explorer: %v", c.ID, err)
	}
	return e
}

// chartChange is what one view sends to one chart: the series it replaces.
type chartChange struct {
	Series []struct {
		Name string       `json:"name"`
		Data [][2]float64 `json:"data"`
	} `json:"series"`
}

// drawn is the series of a change that carry points.
func (c chartChange) drawn() [][][2]float64 {
	var out [][][2]float64
	for _, s := range c.Series {
		if len(s.Data) > 0 {
			out = append(out, s.Data)
		}
	}
	return out
}

// close7 compares a number drawn in a chart (rounded to 7 significant
// digits) with the value it stands for.
func close7(got, want float64) bool {
	return math.Abs(got-want) <= 1e-6*math.Max(math.Abs(want), 1e-30)
}

func TestOptimizersNamesItsAnchor(t *testing.T) {
	intro := executedNotebook(t, optimizersNotebook).Cells[0].SourceText()
	for _, s := range []string{"Why Momentum Really Works", "distill.pub", "gonum", "06_optimizers.py"} {
		if !strings.Contains(intro, s) {
			t.Errorf("first cell does not mention %q", s)
		}
	}
}

// The table of plain descent on the bowl: gd's point after 60 steps is
// PyTorch's (to the 6 digits printed), and the closed form (1-αλ)⁶⁰w⁰
// printed beside it agrees with it wherever float32 can tell.
func TestOptimizersBowlMatchesPyTorch(t *testing.T) {
	nb, want := optimizersLoad(t)
	out := batchesCell(t, nb, "closed-form").stdout()
	row := regexp.MustCompile(`(?m)^\s*([0-9.]+)\s+\(\s*(\S+)\s*,\s*(\S+)\s*\)\s+\(\s*(\S+)\s*,\s*(\S+)\s*\)$`)
	rows := row.FindAllStringSubmatch(out, -1)
	if len(rows) != len(want.Bowl) {
		t.Fatalf("table has %d rows, fixture %d:\n%s", len(rows), len(want.Bowl), out)
	}
	for _, r := range rows {
		alpha, _ := strconv.ParseFloat(r[1], 64)
		w, ok := want.Bowl[strconv.FormatFloat(alpha, 'g', -1, 64)]
		if !ok {
			t.Fatalf("α = %s is not in the fixture", r[1])
		}
		for k := range 2 {
			if got, pt := r[2+k], fmt.Sprintf("%.6g", w[k]); got != pt {
				t.Errorf("α = %s: w%d = %s, PyTorch %s", r[1], k+1, got, pt)
			}
			g, _ := strconv.ParseFloat(r[2+k], 64)
			c, _ := strconv.ParseFloat(r[4+k], 64)
			if math.Abs(g-c) > 1e-5*math.Max(math.Abs(c), 1) {
				t.Errorf("α = %s: w%d = %v but the closed form gives %v", r[1], k+1, g, c)
			}
		}
	}
}

// The step-size slider: 13 views, each moving both linked charts; every
// view's path ends at PyTorch's point after 60 steps, and its loss curve at
// the bowl's value there.
func TestOptimizersStepSizeSlider(t *testing.T) {
	nb, want := optimizersLoad(t)
	e := optimizersExplore(t, batchesCell(t, nb, "alpha-slider"))
	if len(e.Params) != 1 || len(e.Params[0].Labels) != len(want.BowlViews) {
		t.Fatalf("want one slider with %d step sizes, got %+v", len(want.BowlViews), e.Params)
	}
	var views [][]chartChange
	if err := json.Unmarshal(e.Changes, &views); err != nil {
		t.Fatal(err)
	}
	for v, label := range e.Params[0].Labels {
		if len(views[v]) != 2 {
			t.Fatalf("α = %s: %d charts change, want the path and the loss curve", label, len(views[v]))
		}
		path, loss := views[v][0].drawn(), views[v][1].drawn()
		if len(path) != 1 || len(path[0]) != 61 || len(loss) != 3 || len(loss[0]) != 61 {
			t.Fatalf("α = %s: the view draws %d path(s) and %d loss curve(s), want a 61-point path and 3 curves", label, len(path), len(loss))
		}
		w := want.BowlViews[label]
		if w == nil {
			t.Fatalf("α = %s: not in the fixture", label)
		}
		if end := path[0][60]; !close7(end[0], w[0]) || !close7(end[1], w[1]) {
			t.Errorf("α = %s: path ends at %v, PyTorch at %v", label, end, *w)
		}
		// The loss axis is logarithmic: the chart holds log10 of the loss.
		if l := math.Pow(10, loss[0][60][1]); math.Abs(l-0.5*(w[0]*w[0]+20*w[1]*w[1])) > 1e-5*l {
			t.Errorf("α = %s: loss curve ends at %v, want L%v", label, l, *w)
		}
	}
}

// The step-size and momentum sliders: every one of the 8×7 views draws the
// run PyTorch's SGD(momentum=β) makes, ending at its point after 60 steps.
func TestOptimizersMomentumSliders(t *testing.T) {
	nb, want := optimizersLoad(t)
	e := optimizersExplore(t, batchesCell(t, nb, "momentum-slider"))
	if len(e.Params) != 2 {
		t.Fatalf("want sliders for α and β, got %+v", e.Params)
	}
	var views [][]chartChange
	if err := json.Unmarshal(e.Changes, &views); err != nil {
		t.Fatal(err)
	}
	alphas, betas := e.Params[0].Labels, e.Params[1].Labels
	if len(views) != len(alphas)*len(betas) || len(views) != len(want.MomentumViews) {
		t.Fatalf("%d views for %d×%d values, fixture has %d", len(views), len(alphas), len(betas), len(want.MomentumViews))
	}
	for i, a := range alphas {
		for j, b := range betas {
			v := views[i*len(betas)+j] // the last parameter varies fastest
			w, ok := want.MomentumViews[a+","+b]
			if !ok || w == nil {
				t.Fatalf("α = %s, β = %s: not in the fixture (or diverged there)", a, b)
			}
			path := v[0].drawn()
			if len(path) != 1 || len(path[0]) != 61 {
				t.Fatalf("α = %s, β = %s: %d paths drawn, want one of 61 points", a, b, len(path))
			}
			if end := path[0][60]; !close7(end[0], w[0]) || !close7(end[1], w[1]) {
				t.Errorf("α = %s, β = %s: path ends at %v, PyTorch at %v", a, b, end, *w)
			}
		}
	}
}

// The race report: each optimizer's chosen learning rate and its point and
// loss after 10, 100 and all steps are PyTorch's, bit for bit in float32.
func TestOptimizersRaceMatchesPyTorch(t *testing.T) {
	nb, want := optimizersLoad(t)
	cells := map[string]string{"Rosenbrock": "race-setup", "Beale": "beale-race"}
	line := regexp.MustCompile(`^\s+(\S+)\s+lr (\S+)((?:\s+step \d+: \(\S+, \S+\) loss \S+)+)$`)
	at := regexp.MustCompile(`step (\d+): \((\S+), (\S+)\) loss (\S+)`)
	for problem, id := range cells {
		racers := want.Races[problem]
		var got []string
		for _, l := range strings.Split(batchesCell(t, nb, id).stdout(), "\n") {
			if line.MatchString(l) {
				got = append(got, l)
			}
		}
		if len(got) != len(racers) {
			t.Fatalf("%s: %d racers reported, PyTorch has %d", problem, len(got), len(racers))
		}
		for i, r := range racers {
			m := line.FindStringSubmatch(got[i])
			if lr, _ := strconv.ParseFloat(m[2], 64); m[1] != r.Name || lr != r.LR {
				t.Errorf("%s racer %d: %s at lr %s, PyTorch's best is %s at %v", problem, i, m[1], m[2], r.Name, r.LR)
			}
			points := at.FindAllStringSubmatch(m[3], -1)
			if len(points) != len(r.At) {
				t.Fatalf("%s %s: %d checkpoints, want %d", problem, r.Name, len(points), len(r.At))
			}
			for _, p := range points {
				w := r.At[p[1]]
				for k := range 3 {
					g, err := strconv.ParseFloat(p[2+k], 32)
					if err != nil || float32(g) != float32(w[k]) {
						t.Errorf("%s %s step %s: value %d is %s, PyTorch %v", problem, r.Name, p[1], k, p[2+k], float32(w[k]))
					}
				}
			}
		}
	}
}

// One learning-rate slider per optimizer, on each landscape: each value
// switches exactly one path and one loss curve, the run PyTorch makes at
// that rate.
func TestOptimizersRaceSliders(t *testing.T) {
	nb, want := optimizersLoad(t)
	for id, problem := range map[string]string{"race-slider": "Rosenbrock", "beale-race": "Beale"} {
		e := optimizersExplore(t, batchesCell(t, nb, id))
		racers := want.Races[problem]
		if !e.Each || len(e.Params) != len(racers) {
			t.Fatalf("%s: want ExploreEach with %d sliders, got each=%v and %d", problem, len(racers), e.Each, len(e.Params))
		}
		var changes [][][]chartChange
		if err := json.Unmarshal(e.Changes, &changes); err != nil {
			t.Fatal(err)
		}
		for i, p := range e.Params {
			if p.Name != racers[i].Name+" lr" {
				t.Errorf("%s: slider %d is %q, want %q", problem, i, p.Name, racers[i].Name+" lr")
			}
			for j, label := range p.Labels {
				if len(changes[i][j]) != 2 {
					t.Fatalf("%s: %s = %s changes %d charts, want 2", problem, p.Name, label, len(changes[i][j]))
				}
				path, loss := changes[i][j][0].drawn(), changes[i][j][1].drawn()
				if len(path) != 1 || len(loss) != 1 {
					t.Errorf("%s: %s = %s switches %d paths and %d loss curves, want one of each", problem, p.Name, label, len(path), len(loss))
					continue
				}
				w := racers[i].Ends[j]
				if w == nil {
					continue // diverged: PyTorch ends at NaN, which a chart does not draw
				}
				if end := path[0][len(path[0])-1]; !close7(end[0], w[0]) || !close7(end[1], w[1]) {
					t.Errorf("%s: %s = %s: path ends at %v, PyTorch at %v", problem, p.Name, label, end, *w)
				}
			}
		}
	}
}

// Each learning-rate schedule ends where PyTorch's scheduler takes the same
// optimizer, bit for bit in float32.
func TestOptimizersSchedulesMatchPyTorch(t *testing.T) {
	nb, want := optimizersLoad(t)
	header := regexp.MustCompile(`^(\S+) at rate 0\.1 on (\S+), loss after 500 steps:$`)
	row := regexp.MustCompile(`^\s+(.+?)\s+(\S+) at \((\S+), (\S+)\)$`)
	got := map[string][][4]string{}
	var current string
	for _, l := range strings.Split(batchesCell(t, nb, "schedule").stdout(), "\n") {
		if m := header.FindStringSubmatch(l); m != nil {
			current = m[1] + " on " + m[2]
		} else if m := row.FindStringSubmatch(l); m != nil && current != "" {
			got[current] = append(got[current], [4]string{m[1], m[2], m[3], m[4]})
		}
	}
	if len(got) != len(want.Schedules) {
		t.Fatalf("schedule cell reports %d cases, PyTorch %d", len(got), len(want.Schedules))
	}
	for c, scheds := range want.Schedules {
		if len(got[c]) != len(scheds) {
			t.Fatalf("%s: %d schedules printed, want %d", c, len(got[c]), len(scheds))
		}
		for i, s := range scheds {
			g := got[c][i]
			if g[0] != s.Name {
				t.Errorf("%s: schedule %d is %s, want %s", c, i, g[0], s.Name)
			}
			for k, w := range []float64{s.End[2], s.End[0], s.End[1]} {
				v, err := strconv.ParseFloat(g[1+k], 32)
				if err != nil || float32(v) != float32(w) {
					t.Errorf("%s %s: value %d is %s, PyTorch %v", c, s.Name, k, g[1+k], float32(w))
				}
			}
		}
	}
}

// gonum's quasi-Newton methods find both minima, (1, 1) and (3, 0.5), within
// the budget and with far fewer gradients than the line-search descent,
// which runs out of budget on Rosenbrock.
func TestOptimizersGonum(t *testing.T) {
	out := batchesCell(t, executedNotebook(t, optimizersNotebook), "gonum").stdout()
	header := regexp.MustCompile(`^(\S+) from .*minimum at \((\S+), (\S+)\):$`)
	row := regexp.MustCompile(`^\s+(GradientDescent|BFGS|LBFGS)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+\((\S+), (\S+)\)\s+(\S+)$`)
	type result struct {
		grads      int
		loss, x, y float64
		status     string
	}
	got := map[string]map[string]result{}
	mins := map[string][2]float64{}
	var current string
	for _, l := range strings.Split(out, "\n") {
		if m := header.FindStringSubmatch(l); m != nil {
			current = m[1]
			got[current] = map[string]result{}
			x, _ := strconv.ParseFloat(m[2], 64)
			y, _ := strconv.ParseFloat(m[3], 64)
			mins[current] = [2]float64{x, y}
		} else if m := row.FindStringSubmatch(l); m != nil && current != "" {
			var r result
			r.grads, _ = strconv.Atoi(m[4])
			r.loss, _ = strconv.ParseFloat(m[5], 64)
			r.x, _ = strconv.ParseFloat(m[6], 64)
			r.y, _ = strconv.ParseFloat(m[7], 64)
			r.status = m[8]
			got[current][m[1]] = r
		}
	}
	if mins["Rosenbrock"] != [2]float64{1, 1} || mins["Beale"] != [2]float64{3, 0.5} {
		t.Fatalf("minima reported %v, want Rosenbrock (1, 1) and Beale (3, 0.5):\n%s", mins, out)
	}
	for problem, methods := range got {
		if len(methods) != 3 {
			t.Fatalf("%s: %d methods reported, want 3:\n%s", problem, len(methods), out)
		}
		for _, name := range []string{"BFGS", "LBFGS"} {
			r := methods[name]
			if math.Hypot(r.x-mins[problem][0], r.y-mins[problem][1]) > 1e-6 || r.loss > 1e-20 || r.status != "GradientThreshold" {
				t.Errorf("%s %s ends at (%v, %v), loss %v, %s; want the minimum, converged", problem, name, r.x, r.y, r.loss, r.status)
			}
			if r.grads*5 > methods["GradientDescent"].grads {
				t.Errorf("%s: %s used %d gradients, gradient descent %d; want at least 5 times fewer", problem, name, r.grads, methods["GradientDescent"].grads)
			}
		}
		for name, r := range methods {
			if r.grads > 500 {
				t.Errorf("%s %s used %d gradients, over the budget of 500", problem, name, r.grads)
			}
		}
	}
	if r := got["Rosenbrock"]["GradientDescent"]; r.status != "GradientEvaluationLimit" || r.loss < 1e-3 {
		t.Errorf("line-search descent on Rosenbrock: %s at loss %v, want it out of budget far from the minimum", r.status, r.loss)
	}
}

func TestOptimizersCharts(t *testing.T) {
	nb := executedNotebook(t, optimizersNotebook)
	for id, n := range map[string]int{"alpha-slider": 2, "momentum-slider": 2, "rate-map": 1, "race-slider": 2,
		"race-animation": 1, "beale-race": 2, "schedule": 3, "gonum-plot": 4} {
		if got := batchesCell(t, nb, id).charts(); got != n {
			t.Errorf("cell %s draws %d charts, want %d", id, got, n)
		}
	}
}
