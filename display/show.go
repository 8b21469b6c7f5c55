package display

import (
	"fmt"
	"html"

	"github.com/gonotebooks/descent/gd"
)

// Show displays each value in turn, picking the view that suits it, as a
// notebook shows the value of a cell's last expression:
//
//   - figures, grids, animations, surfaces, diagrams, explorers: the chart;
//   - a *Field: its heat map;
//   - *gd.Tensor: Tensor's table;
//   - any other value with an HTML() string method: that HTML;
//   - errors, fmt.Stringer and everything else: their text.
func Show(values ...any) {
	for _, v := range values {
		show(viewOf(v))
	}
}

// show puts a view on screen: in the notebook under GoNB, else in the HTML page.
func show(v view) { emit(render(v)) }

// viewOf chooses the view of a value.
func viewOf(v any) view {
	switch x := v.(type) {
	case *Figure:
		return x.view()
	case *FigureGrid:
		return x.view()
	case *Animation:
		return x.view()
	case *Surface:
		return x.view()
	case *Diagram:
		return x.view()
	case *Explorer:
		return x.view()
	case *Field:
		checkMade("display.Show", x != nil && len(x.z) > 0, "the *display.Field", "display.NewField")
		f := NewFigure()
		f.HeatMap(x)
		return f.view()
	case *gd.Tensor:
		return tensorView(x)
	case interface{ HTML() string }:
		text := fmt.Sprintf("%v", v)
		return view{html: x.HTML(), text: text}
	case error:
		return view{text: x.Error(), html: `<pre class="gd-error" style="color:#d62728">` + html.EscapeString(x.Error()) + "</pre>"}
	case nil:
		return view{text: "<nil>"}
	}
	return view{text: fmt.Sprintf("%v", v)}
}

// Tensor displays t as an HTML table (its HTML method: shape, dtype, grad_fn
// and the values, summarized when large), with PyTorch's repr of it as the
// plain-text form for viewers without HTML.
func Tensor(t *gd.Tensor) { show(tensorView(t)) }

func tensorView(t *gd.Tensor) view {
	if t == nil {
		return view{text: "None", html: (*gd.Tensor)(nil).HTML()}
	}
	return view{html: t.HTML(), text: t.String()}
}

// Markdown displays Markdown text, with LaTeX math between $...$ or $$...$$
// (GoNB's DisplayMarkdown, here also recorded in the page outside a notebook).
func Markdown(md string) { show(view{markdown: md, text: md}) }

// Markdownf is Markdown with fmt.Sprintf formatting.
func Markdownf(format string, args ...any) { Markdown(fmt.Sprintf(format, args...)) }

// HTML displays a fragment of HTML as is. Scripts in it run only where the
// notebook is trusted, like any HTML output.
func HTML(fragment string) { show(view{html: fragment}) }
