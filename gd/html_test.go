package gd

import (
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// hnode is a parsed HTML element. HTML() writes well-formed markup (every
// element closed, entities escaped), so a strict XML decoder can read it;
// a parse failure is itself a test failure.
type hnode struct {
	tag   string
	attrs map[string]string
	kids  []*hnode
	text  strings.Builder // character data directly inside
	order []any           // kids and text runs, in document order
}

func parseHTML(t *testing.T, s string) *hnode {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(s))
	root := &hnode{tag: "#root"}
	stack := []*hnode{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("HTML is not well formed: %v\n%s", err, s)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &hnode{tag: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			top.kids = append(top.kids, n)
			top.order = append(top.order, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			top.text.Write(tok)
			top.order = append(top.order, string(tok))
		}
	}
	if len(stack) != 1 {
		t.Fatalf("unclosed elements in %s", s)
	}
	if len(root.kids) != 1 || !root.kids[0].hasClass("gd-tensor") {
		t.Fatalf("want one gd-tensor root element, got %s", s)
	}
	return root.kids[0]
}

// allText is the text of n and its descendants, in order.
func (n *hnode) allText() string {
	var b strings.Builder
	for _, o := range n.order {
		switch o := o.(type) {
		case string:
			b.WriteString(o)
		case *hnode:
			b.WriteString(o.allText())
		}
	}
	return b.String()
}

func (n *hnode) hasClass(c string) bool {
	return slices.Contains(strings.Fields(n.attrs["class"]), c)
}

// find returns the descendants of n, in document order, for which ok holds.
func (n *hnode) find(ok func(*hnode) bool) []*hnode {
	var out []*hnode
	for _, k := range n.kids {
		if ok(k) {
			out = append(out, k)
		}
		out = append(out, k.find(ok)...)
	}
	return out
}

func (n *hnode) byTag(tag string) []*hnode {
	return n.find(func(k *hnode) bool { return k.tag == tag })
}

func (n *hnode) byClass(c string) []*hnode {
	return n.find(func(k *hnode) bool { return k.hasClass(c) })
}

func texts(ns []*hnode) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.allText()
	}
	return out
}

// torchValues returns the numbers in torch's repr, in order, dropping the
// "..." of summarized tensors: the cells HTML must show.
func torchValues(repr string) []string {
	repr = strings.TrimPrefix(repr, "Parameter containing:\n")
	repr = strings.TrimPrefix(repr, "tensor(")
	if !strings.HasPrefix(repr, "[") {
		return []string{strings.FieldsFunc(repr, func(r rune) bool { return r == ',' || r == ')' })[0]}
	}
	body := repr[:strings.LastIndex(repr, "]")+1]
	var out []string
	for _, f := range strings.FieldsFunc(body, func(r rune) bool { return strings.ContainsRune("[], \n", r) }) {
		if f != "..." {
			out = append(out, f)
		}
	}
	return out
}

// valueCells are the td cells holding values (not ellipses).
func valueCells(n *hnode) []*hnode {
	return n.find(func(k *hnode) bool { return k.tag == "td" && !k.hasClass("gd-ellipsis") })
}

func headerField(t *testing.T, root *hnode, class string) string {
	t.Helper()
	head := root.byClass("gd-head")
	if len(head) != 1 {
		t.Fatalf("want one gd-head, got %d", len(head))
	}
	f := head[0].byClass(class)
	if len(f) == 0 {
		return ""
	}
	return f[0].allText()
}

// TestHTMLValuesMatchTorch checks, for tensors of every rank, summarized or
// not, that the value cells read exactly the numbers torch prints, in order.
func TestHTMLValuesMatchTorch(t *testing.T) {
	defer SetPrintOptions(GetPrintOptions())
	for _, name := range []string{
		"article0/yt=xt**2", "article0/params", "article0/time", "article4/x[:5]",
		"article1/Linear.weight", "switch/nan inf", "switch/sci and nan", "nd/3d", "nd/4d",
		"nd/transposed", "summary/1d 1001", "summary/2d 40x30", "summary/2d 5x300",
		"summary/3d 11x10x10", "summary/4d 3x4x10x10", "summary/hidden outlier",
		"summary/shown outlier", "gradfn/float64 pow", "random/007", "random/123",
	} {
		c := formatCaseByName(t, name)
		SetPrintOptions(c.options())
		root := parseHTML(t, c.tensor(t).HTML())
		got, want := texts(valueCells(root)), torchValues(c.Repr)
		if !slices.Equal(got, want) {
			t.Errorf("%s: cells\n%q\nwant torch's values\n%q", name, got, want)
		}
	}
}

func TestHTMLMatrix(t *testing.T) {
	c := formatCaseByName(t, "article4/x[:5]")
	root := parseHTML(t, c.tensor(t).HTML())
	tables := root.byTag("table")
	if len(tables) != 1 {
		t.Fatalf("want one table, got %d", len(tables))
	}
	rows := tables[0].byTag("tbody")[0].byTag("tr")
	if len(rows) != 5 {
		t.Fatalf("want 5 rows, got %d", len(rows))
	}
	for i, r := range rows {
		if n := len(r.byTag("td")); n != 2 {
			t.Errorf("row %d has %d cells, want 2", i, n)
		}
	}
	if got := texts(tables[0].byTag("tbody")[0].byTag("th")); !slices.Equal(got, []string{"0", "1", "2", "3", "4"}) {
		t.Errorf("row indices %q", got)
	}
	if got := texts(tables[0].byTag("thead")[0].byClass("gd-idx")); !slices.Equal(got, []string{"0", "1"}) {
		t.Errorf("column indices %q", got)
	}
	// Hovering shows the float32 value with all its digits.
	if got := valueCells(root)[0].attrs["title"]; got != "0.6049" {
		t.Errorf("title of the first cell = %q", got)
	}
	for field, want := range map[string]string{
		"gd-kind": "tensor", "gd-shape": "shape (5, 2)", "gd-dtype": "torch.float32", "gd-grad": "", "gd-note": "",
	} {
		if got := headerField(t, root, field); got != want {
			t.Errorf("header %s = %q, want %q", field, got, want)
		}
	}
}

func TestHTMLSummarized(t *testing.T) {
	c := formatCaseByName(t, "summary/2d 40x30")
	root := parseHTML(t, c.tensor(t).HTML())
	if got := headerField(t, root, "gd-note"); got != "showing 36 of 1200 values" {
		t.Errorf("note = %q", got)
	}
	// Over the threshold, but no dimension is long enough to cut: no note.
	all := parseHTML(t, formatCaseByName(t, "summary/4d 6x6x6x6 (no dimension cut)").tensor(t).HTML())
	if got := headerField(t, all, "gd-note"); got != "" {
		t.Errorf("note %q on a tensor shown whole", got)
	}
	if n := len(valueCells(all)); n != 1296 {
		t.Errorf("%d cells, want 1296", n)
	}
	body := root.byTag("tbody")[0]
	rows := body.byTag("tr")
	if len(rows) != 7 || !rows[3].hasClass("gd-skip") {
		t.Fatalf("want 3 rows, a gd-skip row, 3 rows; got %d rows", len(rows))
	}
	if got := texts(body.byTag("th")); !slices.Equal(got, []string{"0", "1", "2", ellipsisRow, "37", "38", "39"}) {
		t.Errorf("row indices %q", got)
	}
	if got := texts(root.byTag("thead")[0].byClass("gd-idx")); !slices.Equal(got, []string{"0", "1", "2", ellipsisCol, "27", "28", "29"}) {
		t.Errorf("column indices %q", got)
	}
	for i, r := range rows {
		cells := r.byTag("td")
		if len(cells) != 7 {
			t.Fatalf("row %d has %d cells, want 7", i, len(cells))
		}
		for j, cell := range cells {
			var want string
			switch {
			case i == 3 && j == 3:
				want = ellipsisBoth
			case i == 3:
				want = ellipsisRow
			case j == 3:
				want = ellipsisCol
			}
			if want != "" && (cell.allText() != want || !cell.hasClass("gd-ellipsis")) {
				t.Errorf("cell (%d,%d) = %q, want ellipsis %q", i, j, cell.allText(), want)
			}
			if want == "" && cell.hasClass("gd-ellipsis") {
				t.Errorf("cell (%d,%d) is an ellipsis", i, j)
			}
		}
	}
}

func TestHTMLHigherDims(t *testing.T) {
	c := formatCaseByName(t, "summary/3d 11x10x10")
	root := parseHTML(t, c.tensor(t).HTML())
	want := []string{"[0, :, :]", "[1, :, :]", "[2, :, :]", "[8, :, :]", "[9, :, :]", "[10, :, :]"}
	if got := texts(root.byClass("gd-slice")); !slices.Equal(got, want) {
		t.Errorf("slice labels %q, want %q", got, want)
	}
	if n := len(root.byTag("table")); n != 6 {
		t.Errorf("%d tables, want 6", n)
	}
	if n := len(root.byClass("gd-gap")); n != 1 {
		t.Errorf("%d gaps, want 1", n)
	}

	c = formatCaseByName(t, "nd/4d")
	root = parseHTML(t, c.tensor(t).HTML())
	want = []string{"[0, 0, :, :]", "[0, 1, :, :]", "[1, 0, :, :]", "[1, 1, :, :]"}
	if got := texts(root.byClass("gd-slice")); !slices.Equal(got, want) {
		t.Errorf("slice labels %q, want %q", got, want)
	}
	if n := len(root.byClass("gd-gap")); n != 0 {
		t.Errorf("%d gaps in an unsummarized tensor", n)
	}
}

func TestHTMLHeader(t *testing.T) {
	for _, tc := range []struct {
		name                     string
		kind, shape, dtype, grad string
	}{
		{"article0/yt=xt**2", "tensor", "shape ()", "torch.float32", "grad_fn=<PowBackward0>"},
		{"article0/params", "tensor", "shape (3,)", "torch.float32", "requires_grad=True"},
		{"article4/Parameter", "Parameter", "shape (2,)", "torch.float32", "requires_grad=True"},
		{"param/no grad", "Parameter", "shape (2,)", "torch.float32", ""},
		{"gradfn/float64 pow", "tensor", "shape (2,)", "torch.float64", "grad_fn=<PowBackward0>"},
		{"empty/0x3", "tensor", "shape (0, 3)", "torch.float32", ""},
	} {
		root := parseHTML(t, formatCaseByName(t, tc.name).tensor(t).HTML())
		got := [4]string{headerField(t, root, "gd-kind"), headerField(t, root, "gd-shape"),
			headerField(t, root, "gd-dtype"), headerField(t, root, "gd-grad")}
		if want := [4]string{tc.kind, tc.shape, tc.dtype, tc.grad}; got != want {
			t.Errorf("%s: header %q, want %q", tc.name, got, want)
		}
	}
}

func TestHTMLEmptyAndNil(t *testing.T) {
	root := parseHTML(t, formatCaseByName(t, "empty/0x3").tensor(t).HTML())
	if len(root.byTag("table")) != 0 || len(root.byClass("gd-empty")) != 1 {
		t.Errorf("empty tensor: want no table and a gd-empty note")
	}
	var x *Tensor
	root = parseHTML(t, x.HTML())
	if got := headerField(t, root, "gd-kind"); got != "None" {
		t.Errorf("nil tensor: kind %q", got)
	}
}

func TestHTMLEscapes(t *testing.T) {
	x := Vector(1, 2)
	name := `<script>alert("x & 'y'")</script>`
	x.requiresGrad, x.gradFn = true, &node{name: name}
	s := x.HTML()
	if strings.Contains(s, "<script") || strings.Contains(s, `"x &`) {
		t.Fatalf("unescaped grad_fn name in %s", s)
	}
	if got := headerField(t, parseHTML(t, s), "gd-grad"); got != "grad_fn=<"+name+">" {
		t.Errorf("grad_fn shown as %q", got)
	}
}

// The fragment must work offline and not restyle the rest of the notebook.
func TestHTMLSelfContained(t *testing.T) {
	for _, name := range []string{"article4/x[:5]", "summary/3d 11x10x10", "article4/Parameter", "empty/0x3"} {
		s := formatCaseByName(t, name).tensor(t).HTML()
		for _, bad := range []string{"http:", "https:", "//", "url(", "@import", "<script", "<link", "src="} {
			if strings.Contains(s, bad) {
				t.Errorf("%s: HTML contains %q", name, bad)
			}
		}
		root := parseHTML(t, s)
		for _, n := range root.find(func(*hnode) bool { return true }) {
			for _, c := range strings.Fields(n.attrs["class"]) {
				if !strings.HasPrefix(c, "gd-") {
					t.Errorf("%s: class %q lacks the gd- prefix", name, c)
				}
			}
		}
		styles := root.byTag("style")
		if len(styles) != 1 {
			t.Fatalf("%s: want one style element, got %d", name, len(styles))
		}
		// Every rule's selectors start from .gd-tensor.
		for _, rule := range regexp.MustCompile(`([^{}]+)\{[^{}]*\}`).FindAllStringSubmatch(styles[0].allText(), -1) {
			for _, sel := range strings.Split(rule[1], ",") {
				if !strings.HasPrefix(strings.TrimSpace(sel), ".gd-tensor") {
					t.Errorf("%s: CSS selector %q is not scoped to .gd-tensor", name, sel)
				}
			}
		}
	}
}

func TestHTMLInvalidTensor(t *testing.T) {
	err := Catch(func() { _ = (&Tensor{}).HTML() })
	var ge *Error
	if !errors.As(err, &ge) || ge.Op != "HTML" || !errors.Is(err, ErrValue) {
		t.Errorf("HTML of a zero Tensor: got %v", err)
	}
}

// HTML uses the print options, as String does.
func TestHTMLPrintOptions(t *testing.T) {
	defer SetPrintOptions(GetPrintOptions())
	c := formatCaseByName(t, "opts/threshold 5 edge 2 3d")
	SetPrintOptions(c.options())
	root := parseHTML(t, c.tensor(t).HTML())
	if got, want := texts(valueCells(root)), torchValues(c.Repr); !slices.Equal(got, want) {
		t.Errorf("cells %q, want %q", got, want)
	}
	if got := texts(root.byClass("gd-slice")); !slices.Equal(got, []string{"[0, :, :]", "[1, :, :]", "[3, :, :]", "[4, :, :]"}) {
		t.Errorf("slices %q", got)
	}
}
