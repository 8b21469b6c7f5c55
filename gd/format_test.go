package gd

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// formatCase is one tensor printed by PyTorch 1.13, from
// testdata/make_format_fixtures.py.
type formatCase struct {
	Name         string   `json:"name"`
	DType        string   `json:"dtype"`
	Shape        []int    `json:"shape"`
	Bits         []string `json:"bits"`
	Transpose    bool     `json:"transpose"`
	RequiresGrad bool     `json:"requires_grad"`
	GradFn       string   `json:"grad_fn"`
	Param        bool     `json:"param"`
	Options      struct {
		Precision int   `json:"precision"`
		Threshold int   `json:"threshold"`
		EdgeItems int   `json:"edgeitems"`
		Linewidth int   `json:"linewidth"`
		SciMode   *bool `json:"sci_mode"`
	} `json:"options"`
	Repr string `json:"repr"`
}

func loadFormatCases(t testing.TB) []formatCase {
	t.Helper()
	raw, err := os.ReadFile("testdata/format_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		TorchVersion string       `json:"torch_version"`
		Cases        []formatCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(file.TorchVersion, "1.13") {
		t.Fatalf("fixtures were made with torch %s, want 1.13", file.TorchVersion)
	}
	if len(file.Cases) < 500 {
		t.Fatalf("only %d fixture cases", len(file.Cases))
	}
	return file.Cases
}

func formatCaseByName(t testing.TB, name string) formatCase {
	t.Helper()
	for _, c := range loadFormatCases(t) {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no fixture named %q", name)
	return formatCase{}
}

// tensor rebuilds the fixture's tensor bit for bit, with its autograd state.
func (c formatCase) tensor(t testing.TB) *Tensor {
	t.Helper()
	x := &Tensor{shape: append([]int{}, c.Shape...), strides: contiguousStrides(c.Shape)}
	for _, b := range c.Bits {
		u, err := strconv.ParseUint(b, 16, 64)
		if err != nil {
			t.Fatalf("%s: bad bits %q", c.Name, b)
		}
		switch c.DType {
		case "float32":
			x.f32 = append(x.f32, math.Float32frombits(uint32(u)))
		case "float64":
			x.dtype = Float64
			x.f64 = append(x.f64, math.Float64frombits(u))
		default:
			t.Fatalf("%s: unknown dtype %q", c.Name, c.DType)
		}
	}
	if c.DType == "float64" {
		x.dtype = Float64
		if x.f64 == nil {
			x.f64 = []float64{}
		}
	}
	if c.Transpose {
		// The fixture stores the contiguous transpose; print a strided view.
		x.shape = []int{c.Shape[1], c.Shape[0]}
		x.strides = []int{1, c.Shape[1]}
	}
	x.requiresGrad = c.RequiresGrad
	if c.GradFn != "" {
		x.gradFn = &node{name: c.GradFn}
	}
	x.param = c.Param
	return x
}

func (c formatCase) options() PrintOptions {
	return PrintOptions{
		Precision: c.Options.Precision,
		Threshold: c.Options.Threshold,
		EdgeItems: c.Options.EdgeItems,
		Linewidth: c.Options.Linewidth,
		SciMode:   c.Options.SciMode,
	}
}

// TestStringMatchesTorch checks String against torch's repr for every
// fixture: the articles' tensors, the int/fixed/scientific switch and its
// boundaries, NaN and infinities, wrapping, summarization, suffixes,
// Parameters, empty tensors, print options and a few hundred random tensors.
func TestStringMatchesTorch(t *testing.T) {
	defer SetPrintOptions(GetPrintOptions())
	failed := 0
	for _, c := range loadFormatCases(t) {
		x := c.tensor(t)
		SetPrintOptions(c.options())
		got := x.String()
		if got != c.Repr {
			failed++
			if failed <= 10 {
				t.Errorf("%s:\n got: %s\nwant: %s", c.Name, got, c.Repr)
			}
		}
	}
	if failed > 0 {
		t.Errorf("%d fixtures differ", failed)
	}
}

// TestStringArticles spells out a few of the articles' printed tensors, to
// document them next to the Go that makes them.
func TestStringArticles(t *testing.T) {
	cases := []struct {
		x    *Tensor
		want string
	}{
		{Scalar(6), "tensor(6.)"},
		{Vector(3, 2), "tensor([3., 2.])"},
		{Scalar(3.8033), "tensor(3.8033)"},
		{Vector(-6668.8774, -434.5187, -42.9623), "tensor([-6668.8774,  -434.5187,   -42.9623])"},
		{Arange(0, 20), "tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12., 13.,\n        14., 15., 16., 17., 18., 19.])"},
		{Matrix([][]float64{{0.6049, 1}, {0.44, 1}, {-0.0314, 1}}), "tensor([[ 0.6049,  1.0000],\n        [ 0.4400,  1.0000],\n        [-0.0314,  1.0000]])"},
		{FromSlice([]float64{-7.873484301831169e-97}, 1), "tensor([-7.8735e-97], dtype=torch.float64)"},
	}
	for _, c := range cases {
		if got := c.x.String(); got != c.want {
			t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
		}
	}
}

func TestStringNil(t *testing.T) {
	var x *Tensor
	if got := x.String(); got != "None" {
		t.Errorf("nil String() = %q", got)
	}
	for _, verb := range []string{"%v", "%s", "%+v", "%.2f", "%e"} {
		if got := fmt.Sprintf(verb, x); got != "None" {
			t.Errorf("Sprintf(%q, nil) = %q", verb, got)
		}
	}
	if got := fmt.Sprintf("%q", x); got != `"None"` {
		t.Errorf(`Sprintf("%%q", nil) = %s`, got)
	}
	if got := fmt.Sprint([]*Tensor{Scalar(6), nil}); got != "[tensor(6.) None]" {
		t.Errorf("Sprint of a slice = %q", got)
	}
}

func TestFormatVerbs(t *testing.T) {
	c := formatCaseByName(t, "article4/x[:5]")
	x := c.tensor(t)
	for _, verb := range []string{"%v", "%s"} {
		if got := fmt.Sprintf(verb, x); got != c.Repr {
			t.Errorf("%s: got %q, want %q", verb, got, c.Repr)
		}
	}
	if got := fmt.Sprintln(x); got != c.Repr+"\n" {
		t.Errorf("Sprintln: got %q", got)
	}
	if got, want := fmt.Sprintf("%q", x), strconv.Quote(c.Repr); got != want {
		t.Errorf("%%q: got %s, want %s", got, want)
	}
	if got, want := fmt.Sprintf("%d", x), "%!d(*gd.Tensor="+c.Repr+")"; got != want {
		t.Errorf("%%d: got %q, want %q", got, want)
	}

	// Precision and notation verbs match torch printed with the same options.
	for verb, name := range map[string]string{
		"%.2v": "opts/precision 2",
		"%.2g": "opts/precision 2",
		"%.0v": "opts/precision 0",
		"%.6v": "opts/precision 6 sci",
		"%f":   "opts/sci off",
		"%.4f": "opts/sci off int",
		"%e":   "opts/sci on",
		"%E":   "opts/sci on int",
	} {
		c := formatCaseByName(t, name)
		if got := fmt.Sprintf(verb, c.tensor(t)); got != c.Repr {
			t.Errorf("%s on %s:\n got: %s\nwant: %s", verb, name, got, c.Repr)
		}
	}
}

func TestFormatPlusV(t *testing.T) {
	loss := formatCaseByName(t, "article4/loss 0.4544")
	params := formatCaseByName(t, "article0/params")
	empty := formatCaseByName(t, "empty/2x0x3 f64")
	for _, tc := range []struct {
		c    formatCase
		info string
	}{
		{loss, "size=(), dtype=torch.float32, requires_grad=True, grad_fn=<MeanBackward0>"},
		{params, "size=(3,), dtype=torch.float32, requires_grad=True"},
		{empty, "size=(2, 0, 3), dtype=torch.float64, requires_grad=False"},
	} {
		got := fmt.Sprintf("%+v", tc.c.tensor(t))
		if want := tc.c.Repr + "\n" + tc.info; got != want {
			t.Errorf("%%+v:\n got: %s\nwant: %s", got, want)
		}
	}
}

func TestPrintOptions(t *testing.T) {
	defer SetPrintOptions(GetPrintOptions())
	if got, want := GetPrintOptions(), DefaultPrintOptions(); got.Precision != want.Precision ||
		got.Threshold != 1000 || got.EdgeItems != 3 || got.Linewidth != 80 || got.SciMode != nil {
		t.Fatalf("defaults: got %+v", got)
	}

	sci := true
	prev := SetPrintOptions(PrintOptions{Precision: 2, Threshold: 10, EdgeItems: 1, Linewidth: 40, SciMode: &sci})
	if prev.Precision != 4 || prev.SciMode != nil {
		t.Errorf("SetPrintOptions returned %+v, want the defaults", prev)
	}
	sci = false // must not reach the stored options
	if o := GetPrintOptions(); o.SciMode == nil || !*o.SciMode {
		t.Errorf("options changed through the caller's pointer: %+v", o)
	}
	o := GetPrintOptions()
	*o.SciMode = false // nor through the returned copy
	if got, want := Vector(1.5, 2.5).String(), "tensor([1.50e+00, 2.50e+00])"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}

	for _, bad := range []PrintOptions{
		{Precision: -1, Threshold: 1000, EdgeItems: 3, Linewidth: 80},
		{Precision: 4, Threshold: -1, EdgeItems: 3, Linewidth: 80},
		{Precision: 4, Threshold: 1000, EdgeItems: 0, Linewidth: 80},
		{Precision: 4, Threshold: 1000, EdgeItems: 3, Linewidth: 0},
		{},
	} {
		err := Catch(func() { SetPrintOptions(bad) })
		var ge *Error
		if !errors.As(err, &ge) || !errors.Is(err, ErrValue) || ge.Op != "SetPrintOptions" {
			t.Errorf("SetPrintOptions(%+v): got %v, want an ErrValue panic", bad, err)
		}
	}
	if got := GetPrintOptions(); got.Precision != 2 {
		t.Errorf("a rejected SetPrintOptions changed the options: %+v", got)
	}
}

// A Tensor whose storage does not cover its shape (the zero value) must
// report a gd error, not an index-out-of-range panic.
func TestStringInvalidTensor(t *testing.T) {
	for _, x := range []*Tensor{
		{},
		{shape: []int{3}, strides: []int{1}, f32: make([]float32, 2)},
		{shape: []int{2}, strides: []int{-1}, f32: make([]float32, 2)},
		{shape: []int{2, 2}, strides: []int{1}, f32: make([]float32, 4)},
	} {
		err := Catch(func() { _ = x.String() })
		if !errors.Is(err, ErrValue) || !strings.HasPrefix(err.Error(), "gd: String: tensor of shape") {
			t.Errorf("String of %+v: got %v", x, err)
		}
		if s := fmt.Sprint(x); !strings.Contains(s, "gd: String: tensor of shape") {
			t.Errorf("Sprint of an invalid tensor: %q", s)
		}
	}
	// A reversed view inside its storage is fine.
	x := &Tensor{shape: []int{3}, strides: []int{-1}, offset: 2, f32: []float32{1, 2, 3}}
	if got := x.String(); got != "tensor([3., 2., 1.])" {
		t.Errorf("reversed view: %s", got)
	}
}

// Printing from several goroutines while the options change must not race
// (run with -race) and always use one consistent set of options.
func TestStringConcurrent(t *testing.T) {
	defer SetPrintOptions(GetPrintOptions())
	x := Vector(1.5, 2.25)
	two := DefaultPrintOptions()
	two.Precision = 2
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				if s := x.String(); s != "tensor([1.5000, 2.2500])" && s != "tensor([1.50, 2.25])" {
					t.Errorf("inconsistent print: %s", s)
					return
				}
			}
		}()
	}
	for i := 0; i < 200; i++ {
		if i%2 == 0 {
			SetPrintOptions(two)
		} else {
			SetPrintOptions(DefaultPrintOptions())
		}
	}
	wg.Wait()
}

func BenchmarkStringSmall(b *testing.B) {
	x := Linspace(-1, 1, 100)
	for b.Loop() {
		_ = x.String()
	}
}

// A large tensor is summarized, so printing it must not touch every element.
func BenchmarkStringSummarized(b *testing.B) {
	x := Linspace(-1, 1, 1_000_000)
	x.shape, x.strides = []int{1000, 1000}, []int{1000, 1}
	for b.Loop() {
		_ = x.String()
	}
}
