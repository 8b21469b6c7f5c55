package gd

import (
	"fmt"
	"io"
	"strconv"
	"strings"
)

// String returns what PyTorch's repr() prints for the same tensor, character
// for character, under the current PrintOptions:
//
//	tensor(9., grad_fn=<PowBackward0>)
//	tensor([ 0.0121, -0.6397,  0.6416], requires_grad=True)
//	tensor([[ 0.6049,  1.0000],
//	        [ 0.4400,  1.0000]])
//	Parameter containing:
//	tensor([1., 1.], requires_grad=True)
//
// Values share one format per tensor (whole numbers, fixed decimals, or
// scientific notation when their magnitudes call for it), rows wrap at the
// line width, and tensors with more than Threshold elements show only the
// first and last EdgeItems of each dimension around "...". A float64 tensor
// says dtype=torch.float64. A nil *Tensor prints as None, Python's nil.
func (t *Tensor) String() string {
	if t == nil {
		return "None"
	}
	return t.repr(GetPrintOptions())
}

// Format makes fmt print tensors as PyTorch does:
//
//	%v, %s    the same as String (%#v too: PyTorch's repr is the "syntax" here)
//	%+v       String, then a line with the size, dtype and autograd state:
//	          size=(5, 2), dtype=torch.float32, requires_grad=True, grad_fn=<MeanBackward0>
//	%q        String as a double-quoted Go string
//	%.2v      String with 2 decimals instead of the PrintOptions precision
//	%f, %.2f  fixed notation forced (like sci_mode=False), optional precision
//	%e, %.3e  scientific notation forced (like sci_mode=True)
//	%g        automatic notation, optional precision
//
// Width flags are ignored. Other verbs print %!verb(*gd.Tensor=...), the way
// fmt reports a verb that does not apply. A nil *Tensor prints None.
func (t *Tensor) Format(f fmt.State, verb rune) {
	if t == nil {
		if verb == 'q' {
			io.WriteString(f, `"None"`)
			return
		}
		io.WriteString(f, "None")
		return
	}
	o := GetPrintOptions()
	if p, ok := f.Precision(); ok {
		o.Precision = p
	}
	switch verb {
	case 'v', 's':
		s := t.repr(o)
		if verb == 'v' && f.Flag('+') {
			s += "\n" + t.describe()
		}
		io.WriteString(f, s)
	case 'q':
		io.WriteString(f, strconv.Quote(t.repr(o)))
	case 'f', 'F', 'e', 'E':
		sci := verb == 'e' || verb == 'E'
		o.SciMode = &sci
		io.WriteString(f, t.repr(o))
	case 'g', 'G':
		o.SciMode = nil
		io.WriteString(f, t.repr(o))
	default:
		fmt.Fprintf(f, "%%!%c(*gd.Tensor=%s)", verb, t.repr(o))
	}
}

// describe is the line %+v adds below the values.
func (t *Tensor) describe() string {
	var b strings.Builder
	fmt.Fprintf(&b, "size=%s, dtype=%s, requires_grad=%s", pyTuple(t.shape), t.dtype, pyBool(t.requiresGrad))
	if name := t.GradFnName(); name != "" {
		fmt.Fprintf(&b, ", grad_fn=<%s>", name)
	}
	return b.String()
}

// repr is torch 1.13's Tensor.__repr__ (torch/_tensor_str.py, _str_intern)
// for dense CPU float tensors.
func (t *Tensor) repr(o PrintOptions) string {
	t.checkPrintable("String")
	const prefix = "tensor("
	indent := len(prefix)
	var suffixes []string
	body := "[]"
	if t.Numel() == 0 {
		// An empty tensor has no values to show its shape or dtype, so both
		// are spelled out (except the shape of a plain 1-D []).
		if len(t.shape) != 1 {
			suffixes = append(suffixes, "size="+pyTuple(t.shape))
		}
		if t.dtype != Float32 {
			suffixes = append(suffixes, "dtype="+t.dtype.String())
		}
	} else {
		// PyTorch names every dtype but its defaults: float32, int64, bool.
		if t.dtype == Float64 {
			suffixes = append(suffixes, "dtype="+t.dtype.String())
		}
		p := newTensorPrinter(t, o)
		body = p.tensorStr(p.root, indent)
	}
	if name := t.GradFnName(); name != "" {
		suffixes = append(suffixes, "grad_fn=<"+name+">")
	} else if t.requiresGrad {
		suffixes = append(suffixes, "requires_grad=True")
	}
	s := addSuffixes(prefix+body, suffixes, indent, o.Linewidth)
	if t.param {
		s = "Parameter containing:\n" + s
	}
	return s
}

// addSuffixes closes the repr, putting each suffix on the last line if it
// fits within the line width and on a new indented line if not.
func addSuffixes(s string, suffixes []string, indent, linewidth int) string {
	var b strings.Builder
	b.WriteString(s)
	// PyTorch counts the last line's length plus two (for ", ").
	lastLine := len(s) - strings.LastIndexByte(s, '\n') + 1
	for _, suf := range suffixes {
		if lastLine+len(suf)+2 > linewidth {
			b.WriteString(",\n" + strings.Repeat(" ", indent) + suf)
			lastLine = indent + len(suf)
		} else {
			b.WriteString(", " + suf)
			lastLine += len(suf) + 2
		}
	}
	b.WriteString(")")
	return b.String()
}

// tensorPrinter holds what one repr (or HTML table) needs: the options, whether
// the tensor is summarized, and the formatter chosen for the shown values.
type tensorPrinter struct {
	o         PrintOptions
	root      printView
	summarize bool
	f         *valueFormatter
}

func newTensorPrinter(t *Tensor, o PrintOptions) *tensorPrinter {
	p := &tensorPrinter{o: o, root: t.asPrintView(), summarize: t.Numel() > o.Threshold}
	var shown []float64
	p.collect(p.root, &shown)
	if t.dtype.IsFloatingPoint() {
		p.f = newValueFormatter(shown, o)
	} else {
		p.f = newExactFormatter(shown, t.dtype)
	}
	return p
}

// indices returns the positions of dimension size n that are shown, with -1
// where "..." stands for the hidden middle.
func (p *tensorPrinter) indices(n int) []int {
	e := p.o.EdgeItems
	if !p.summarize || n <= 2*e {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	out := make([]int, 0, 2*e+1)
	for i := 0; i < e; i++ {
		out = append(out, i)
	}
	out = append(out, -1)
	for i := n - e; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// collect appends the values that will be shown (all of them unless
// summarized), which are the only ones the formatter looks at: a hidden
// outlier does not switch the visible ones to scientific notation.
func (p *tensorPrinter) collect(v printView, out *[]float64) {
	if len(v.shape) == 0 {
		*out = append(*out, v.value())
		return
	}
	for _, i := range p.indices(v.shape[0]) {
		if i >= 0 {
			p.collect(v.at(i), out)
		}
	}
}

// tensorStr is _tensor_str_with_formatter: nested brackets, with
// dim-1 blank lines between the slices of a dim-dimensional tensor.
func (p *tensorPrinter) tensorStr(v printView, indent int) string {
	switch len(v.shape) {
	case 0:
		return p.f.format(v.value())
	case 1:
		return p.vectorStr(v, indent)
	}
	var slices []string
	for _, i := range p.indices(v.shape[0]) {
		if i < 0 {
			slices = append(slices, "...")
			continue
		}
		slices = append(slices, p.tensorStr(v.at(i), indent+1))
	}
	sep := "," + strings.Repeat("\n", len(v.shape)-1) + strings.Repeat(" ", indent+1)
	return "[" + strings.Join(slices, sep) + "]"
}

// vectorStr is _vector_str: as many values per line as fit in the line
// width, continuation lines indented under the first value.
func (p *tensorPrinter) vectorStr(v printView, indent int) string {
	elementLen := p.f.width() + 2 // ", " between values
	perLine := max(1, (p.o.Linewidth-indent)/elementLen)
	var data []string
	for _, i := range p.indices(v.shape[0]) {
		if i < 0 {
			data = append(data, " ...")
			continue
		}
		data = append(data, p.f.format(v.at(i).value()))
	}
	var lines []string
	for start := 0; start < len(data); start += perLine {
		lines = append(lines, strings.Join(data[start:min(start+perLine, len(data))], ", "))
	}
	return "[" + strings.Join(lines, ",\n"+strings.Repeat(" ", indent+1)) + "]"
}

// printView is a lightweight window on a tensor's storage used while printing:
// indexing it costs nothing, so summarizing a large tensor reads only the
// values it shows.
type printView struct {
	t       *Tensor
	off     int
	shape   []int
	strides []int
}

func (t *Tensor) asPrintView() printView {
	return printView{t: t, off: t.offset, shape: t.shape, strides: t.strides}
}

// at selects index i of the first dimension.
func (v printView) at(i int) printView {
	return printView{t: v.t, off: v.off + i*v.strides[0], shape: v.shape[1:], strides: v.strides[1:]}
}

// value reads the element of a 0-dimensional printView as float64.
func (v printView) value() float64 {
	if v.t.dtype == Float32 {
		return float64(v.t.f32[v.off])
	}
	return v.t.f64[v.off]
}

// checkPrintable panics with an ErrValue error naming op if t's shape,
// strides and offset reach outside its storage (as in a zero Tensor{}),
// rather than letting an index-out-of-range panic escape from printing.
func (t *Tensor) checkPrintable(op string) {
	if len(t.strides) != len(t.shape) {
		panic(errorf(ErrValue, op, "tensor of shape %s has %d strides (a zero Tensor{}? create tensors with Zeros, Vector, FromSlice, ...)", shapeString(t.shape), len(t.strides)))
	}
	if t.Numel() == 0 {
		return
	}
	lo, hi := t.offset, t.offset
	for d, s := range t.shape {
		step := (s - 1) * t.strides[d]
		if step < 0 {
			lo += step
		} else {
			hi += step
		}
	}
	n := len(t.f64)
	if t.dtype == Float32 {
		n = len(t.f32)
	}
	if lo < 0 || hi >= n {
		panic(errorf(ErrValue, op, "tensor of shape %s reaches storage elements %d..%d but its storage holds %d (a zero Tensor{}? create tensors with Zeros, Vector, FromSlice, ...)", shapeString(t.shape), lo, hi, n))
	}
}

// pyTuple writes a shape as Python prints a tuple: (), (3,), (0, 3).
func pyTuple(shape []int) string {
	if len(shape) == 1 {
		return "(" + strconv.Itoa(shape[0]) + ",)"
	}
	return joinInts("(", shape, ", ", ")")
}

func pyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}
