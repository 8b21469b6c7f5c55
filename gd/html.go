package gd

import (
	"html"
	"strconv"
	"strings"
)

// HTML returns a self-contained HTML fragment showing t, for notebook
// front ends (the display package hands it to Jupyter):
//
//   - a header line: "tensor" or "Parameter", the shape, the dtype, and
//     grad_fn=<...> or requires_grad=True, plus how many values are shown
//     when the tensor is summarized;
//   - the values in a table with their indices: a scalar as one cell, a
//     vector as one row, a matrix as a grid, and higher-dimensional tensors
//     as a stack of matrices, each labelled with its leading indices.
//
// Values are formatted exactly as String formats them (same notation,
// precision and summarization, under the current PrintOptions); hovering a
// cell shows the value with all its digits. Ellipsis cells stand for the
// rows, columns or slices a summarized tensor hides.
//
// The styling is an embedded <style> block whose rules only match class
// names starting with "gd-"; colours are inherited or translucent greys, so
// the table reads well in light and dark themes. The fragment loads nothing
// from the network. A nil *Tensor renders as None.
func (t *Tensor) HTML() string {
	var b strings.Builder
	b.WriteString(`<div class="gd-tensor"><style>` + tensorCSS + `</style>`)
	if t == nil {
		b.WriteString(`<div class="gd-head"><span class="gd-kind">None</span></div></div>`)
		return b.String()
	}
	t.checkPrintable("HTML")
	o := GetPrintOptions()
	var p *tensorPrinter
	if t.Numel() > 0 {
		p = newTensorPrinter(t, o)
	}
	t.htmlHeader(&b, p)
	if p == nil {
		b.WriteString(`<div class="gd-empty">no elements</div>`)
	} else {
		h := htmlTable{p: p, bits: 32}
		if t.dtype == Float64 {
			h.bits = 64
		}
		h.block(&b, p.root, nil)
	}
	b.WriteString(`</div>`)
	return b.String()
}

// tensorCSS styles the fragment. Every selector starts at .gd-tensor, so the
// rules cannot leak into the rest of the notebook; there are no colours that
// assume a light or a dark background.
const tensorCSS = `.gd-tensor{font-family:var(--jp-code-font-family,monospace);font-size:var(--jp-code-font-size,13px);color:inherit;margin:2px 0;line-height:1.4;overflow-x:auto}` +
	`.gd-tensor .gd-head{display:flex;flex-wrap:wrap;gap:6px;align-items:baseline;margin:0 0 4px 0}` +
	`.gd-tensor .gd-head span{padding:0 6px;border-radius:3px;background:rgba(128,128,128,0.14)}` +
	`.gd-tensor .gd-head .gd-kind{font-weight:bold;background:transparent;padding:0}` +
	`.gd-tensor .gd-head .gd-note{background:transparent;opacity:0.7;font-style:italic}` +
	`.gd-tensor table.gd-grid{border-collapse:collapse;margin:0 0 6px 0;width:auto;font-size:inherit;color:inherit;table-layout:auto}` +
	`.gd-tensor .gd-grid td,.gd-tensor .gd-grid th{padding:1px 8px;text-align:right;border:1px solid rgba(128,128,128,0.28);font-variant-numeric:tabular-nums;white-space:nowrap;color:inherit;font-family:inherit}` +
	`.gd-tensor .gd-grid th{font-weight:normal;opacity:0.55;border-color:transparent}` +
	`.gd-tensor .gd-grid .gd-ellipsis{text-align:center;opacity:0.55}` +
	`.gd-tensor .gd-slice{opacity:0.7;margin:4px 0 2px 0}` +
	`.gd-tensor .gd-gap{opacity:0.55;margin:0 0 4px 12px}` +
	`.gd-tensor .gd-empty{opacity:0.7;font-style:italic}`

// htmlHeader writes the header line: kind, shape, dtype, autograd state and,
// for summarized tensors, how many values the table shows.
func (t *Tensor) htmlHeader(b *strings.Builder, p *tensorPrinter) {
	kind := "tensor"
	if t.param {
		kind = "Parameter"
	}
	b.WriteString(`<div class="gd-head">`)
	htmlSpan(b, "gd-kind", kind)
	htmlSpan(b, "gd-shape", "shape "+pyTuple(t.shape))
	htmlSpan(b, "gd-dtype", t.dtype.String())
	if name := t.GradFnName(); name != "" {
		htmlSpan(b, "gd-grad", "grad_fn=<"+name+">")
	} else if t.requiresGrad {
		htmlSpan(b, "gd-grad", "requires_grad=True")
	}
	if p != nil && p.summarize {
		// A summarized tensor may still show everything, when no dimension
		// is longer than 2*EdgeItems; say so only when values are hidden.
		shown := 1
		for _, n := range t.shape {
			k := 0
			for _, i := range p.indices(n) {
				if i >= 0 {
					k++
				}
			}
			shown *= k
		}
		if shown < t.Numel() {
			htmlSpan(b, "gd-note", "showing "+strconv.Itoa(shown)+" of "+strconv.Itoa(t.Numel())+" values")
		}
	}
	b.WriteString(`</div>`)
}

func htmlSpan(b *strings.Builder, class, text string) {
	b.WriteString(`<span class="` + class + `">` + html.EscapeString(text) + `</span>`)
}

// htmlTable writes the value tables of one tensor.
type htmlTable struct {
	p    *tensorPrinter
	bits int // 32 or 64: how many digits the hover title shows
}

// Ellipsis marks for hidden columns, rows, and both.
const (
	ellipsisCol  = "\u22ef" // ⋯
	ellipsisRow  = "\u22ee" // ⋮
	ellipsisBoth = "\u22f1" // ⋱
)

// block writes v, whose leading indices in the full tensor are lead: a
// table for 0 to 2 dimensions, otherwise one labelled block per index of
// the first dimension.
func (h htmlTable) block(b *strings.Builder, v printView, lead []int) {
	if len(v.shape) <= 2 {
		if len(lead) > 0 {
			label := make([]string, 0, len(lead)+2)
			for _, i := range lead {
				label = append(label, strconv.Itoa(i))
			}
			label = append(label, ":", ":")
			b.WriteString(`<div class="gd-slice">[` + strings.Join(label, ", ") + `]</div>`)
		}
		h.table(b, v)
		return
	}
	for _, i := range h.p.indices(v.shape[0]) {
		if i < 0 {
			b.WriteString(`<div class="gd-gap">` + ellipsisRow + `</div>`)
			continue
		}
		h.block(b, v.at(i), append(lead[:len(lead):len(lead)], i))
	}
}

// table writes a 0-, 1- or 2-dimensional view as a table with index headers.
func (h htmlTable) table(b *strings.Builder, v printView) {
	switch len(v.shape) {
	case 0:
		b.WriteString(`<table class="gd-grid gd-scalar"><tbody><tr>`)
		h.cell(b, v.value())
		b.WriteString(`</tr></tbody></table>`)
	case 1:
		cols := h.p.indices(v.shape[0])
		b.WriteString(`<table class="gd-grid gd-vector"><thead><tr>`)
		h.indexCells(b, cols)
		b.WriteString(`</tr></thead><tbody><tr>`)
		for _, j := range cols {
			if j < 0 {
				b.WriteString(`<td class="gd-ellipsis">` + ellipsisCol + `</td>`)
			} else {
				h.cell(b, v.at(j).value())
			}
		}
		b.WriteString(`</tr></tbody></table>`)
	case 2:
		rows, cols := h.p.indices(v.shape[0]), h.p.indices(v.shape[1])
		b.WriteString(`<table class="gd-grid gd-matrix"><thead><tr><th class="gd-corner"></th>`)
		h.indexCells(b, cols)
		b.WriteString(`</tr></thead><tbody>`)
		for _, i := range rows {
			if i < 0 {
				b.WriteString(`<tr class="gd-skip"><th class="gd-idx gd-ellipsis">` + ellipsisRow + `</th>`)
				for _, j := range cols {
					mark := ellipsisRow
					if j < 0 {
						mark = ellipsisBoth
					}
					b.WriteString(`<td class="gd-ellipsis">` + mark + `</td>`)
				}
				b.WriteString(`</tr>`)
				continue
			}
			b.WriteString(`<tr><th class="gd-idx">` + strconv.Itoa(i) + `</th>`)
			row := v.at(i)
			for _, j := range cols {
				if j < 0 {
					b.WriteString(`<td class="gd-ellipsis">` + ellipsisCol + `</td>`)
				} else {
					h.cell(b, row.at(j).value())
				}
			}
			b.WriteString(`</tr>`)
		}
		b.WriteString(`</tbody></table>`)
	}
}

// indexCells writes the column indices, with an ellipsis for hidden ones.
func (h htmlTable) indexCells(b *strings.Builder, cols []int) {
	for _, j := range cols {
		if j < 0 {
			b.WriteString(`<th class="gd-idx gd-ellipsis">` + ellipsisCol + `</th>`)
		} else {
			b.WriteString(`<th class="gd-idx">` + strconv.Itoa(j) + `</th>`)
		}
	}
}

// cell writes one value as String shows it, with every digit in its title.
func (h htmlTable) cell(b *strings.Builder, x float64) {
	full := strconv.FormatFloat(x, 'g', -1, h.bits)
	if s, ok := pyNonFinite(x); ok {
		full = s
	}
	if h.p.f.exact != Float32 { // an int64 or bool shows all it has
		full = h.p.f.formatBare(x)
	}
	b.WriteString(`<td title="` + html.EscapeString(full) + `">` + html.EscapeString(h.p.f.formatBare(x)) + `</td>`)
}
