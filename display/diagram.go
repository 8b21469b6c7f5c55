package display

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gonotebooks/descent/gd"
)

// Diagram is a drawing of boxes and arrows: the autograd graph of a tensor
// (Graph) or a workflow (Flow). Show displays it.
type Diagram struct {
	d diagram
}

// Show displays the diagram.
func (g *Diagram) Show() { show(g.view()) }

func (g *Diagram) view() view {
	checkMade("display.Show", g != nil && len(g.d.nodes) > 0, "the *display.Diagram", "display.Graph or display.Flow")
	return singleChart(g.d.spec())
}

// String describes the diagram's edges in text.
func (g *Diagram) String() string {
	if g == nil {
		return "<nil Diagram>"
	}
	return g.d.describe()
}

// Graph draws the autograd graph that produced t, left to right from the
// inputs to t, the way torchviz and micrograd's draw_dot do: a box per tensor
// (its name from SetName, shape, values and, after Backward, its gradient)
// and a pill per operation (its grad_fn, e.g. PowBackward0). Tensors that
// require grad are blue, operations orange.
//
//	xt := gd.Scalar(3).RequiresGrad_().SetName("xt")
//	yt := f(xt).SetName("yt")
//	yt.Backward()
//	display.Graph(yt).Show()
//
// Options: Title. It panics if t is nil.
func Graph(t *gd.Tensor, opts ...FigureOption) *Diagram {
	if t == nil {
		panicf(gd.ErrValue, "display.Graph", "tensor is nil")
	}
	cfg := newFigConfig(opts)
	g := &Diagram{d: diagram{title: cfg.title, kind: "Graph"}}
	ids := map[*gd.Tensor]int{}
	var visit func(t *gd.Tensor) int
	visit = func(t *gd.Tensor) int {
		if id, ok := ids[t]; ok {
			return id
		}
		id := len(g.d.nodes)
		ids[t] = id
		g.d.nodes = append(g.d.nodes, tensorNode(t))
		if op := t.GradFnName(); op != "" {
			opID := len(g.d.nodes)
			g.d.nodes = append(g.d.nodes, diagNode{lines: []string{op}, tooltip: op + " computes " + nodeName(t),
				fill: styleOp[0], stroke: styleOp[1], round: true})
			g.d.edges = append(g.d.edges, diagEdge{from: opID, to: id})
			for _, in := range t.GradFnInputs() {
				g.d.edges = append(g.d.edges, diagEdge{from: visit(in), to: opID})
			}
		}
		return id
	}
	visit(t)
	return g
}

func nodeName(t *gd.Tensor) string {
	if n := t.Name(); n != "" {
		return n
	}
	if t.Dim() == 0 {
		return "scalar"
	}
	return "tensor"
}

// tensorNode labels a tensor with its name, shape, values and gradient.
func tensorNode(t *gd.Tensor) diagNode {
	head := nodeName(t) + " " + shapeText(t.Shape())
	lines := []string{head, "data " + valuesText(t.Float64s())}
	if g := t.Grad(); g != nil {
		lines = append(lines, "grad "+valuesText(g.Float64s()))
	}
	style := styleValue
	if t.RequiresGrad() && t.IsLeaf() {
		style = styleLeaf
	}
	tip := []string{head, t.DType().String()}
	if t.RequiresGrad() {
		tip = append(tip, "requires_grad")
	}
	if fn := t.GradFnName(); fn != "" {
		tip = append(tip, "grad_fn="+fn)
	}
	return diagNode{lines: lines, tooltip: strings.Join(tip, "\n"), fill: style[0], stroke: style[1]}
}

// shapeText writes a shape the way PyTorch prints torch.Size: (3), (100, 2), ().
func shapeText(shape []int) string {
	parts := make([]string, len(shape))
	for i, s := range shape {
		parts[i] = strconv.Itoa(s)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// valuesText shows up to four values with 4 significant digits, else the
// count and range, so a box stays small.
func valuesText(v []float64) string {
	fmtv := func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
	switch {
	case len(v) == 1:
		return fmtv(v[0])
	case len(v) <= 4:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = fmtv(x)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	lo, hi := extent(false, v)
	return fmt.Sprintf("%d values in [%s, %s]", len(v), fmtv(lo), fmtv(hi))
}

// Flow draws a workflow: one box per step, joined left to right by arrows,
// such as the seven steps of training a model. Add back edges with Loop:
//
//	display.Flow("init", "predict", "loss", "gradient", "step", "stop").
//		Loop("step", "predict", "repeat").Show()
//
// Step names must be distinct. It panics if there are none or a name repeats.
func Flow(steps ...string) *Diagram {
	if len(steps) == 0 {
		panicf(gd.ErrValue, "display.Flow", "no steps")
	}
	g := &Diagram{d: diagram{kind: "Flow"}}
	seen := map[string]bool{}
	for i, s := range steps {
		if seen[s] {
			panicf(gd.ErrValue, "display.Flow", "step %q appears twice", s)
		}
		seen[s] = true
		g.d.nodes = append(g.d.nodes, diagNode{lines: []string{s}, tooltip: fmt.Sprintf("step %d: %s", i+1, s),
			fill: styleStep[0], stroke: styleStep[1]})
		if i > 0 {
			g.d.edges = append(g.d.edges, diagEdge{from: i - 1, to: i})
		}
	}
	return g
}

// Loop adds an arrow from step `from` back to step `to` (or forward, skipping
// steps), labelled. It panics if a step name is unknown.
func (g *Diagram) Loop(from, to, label string) *Diagram {
	if g.d.kind != "Flow" {
		panicf(gd.ErrValue, "display.Loop", "Loop applies to a Flow, not a %s", g.d.kind)
	}
	f, t := g.step("display.Loop", from), g.step("display.Loop", to)
	g.d.edges = append(g.d.edges, diagEdge{from: f, to: t, label: label, loop: t <= f})
	return g
}

// SetTitle sets the diagram's title.
func (g *Diagram) SetTitle(s string) *Diagram {
	g.d.title = s
	return g
}

func (g *Diagram) step(op, name string) int {
	for i, n := range g.d.nodes {
		if n.lines[0] == name {
			return i
		}
	}
	var names []string
	for _, n := range g.d.nodes {
		names = append(names, n.lines[0])
	}
	panicf(gd.ErrValue, op, "no step %q in the flow (steps: %s)", name, strings.Join(names, ", "))
	return -1
}
