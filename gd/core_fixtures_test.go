package gd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The fixtures come from gd/testdata/make_core_fixtures.py, run with PyTorch
// 1.13. Inputs are deterministic; each op case records PyTorch's outputs,
// grad_fn name and input gradients for a fixed upstream gradient.

type tensorJSON struct {
	Shape        []int      `json:"shape"`
	DType        string     `json:"dtype"`
	RequiresGrad bool       `json:"requires_grad"`
	Data         jsonFloats `json:"data"`
}

// jsonFloats reads numbers, and "nan", "inf" and "-inf" written as strings
// (JSON has no non-finite numbers).
type jsonFloats []float64

func (f *jsonFloats) UnmarshalJSON(b []byte) error {
	var raw []any
	if err := json.Unmarshal(b, &raw); err != nil || raw == nil {
		*f = nil // null
		return err
	}
	*f = make(jsonFloats, len(raw))
	for i, v := range raw {
		switch v := v.(type) {
		case float64:
			(*f)[i] = v
		case string:
			x, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return err
			}
			(*f)[i] = x
		default:
			return fmt.Errorf("fixture value %v is not a number", v)
		}
	}
	return nil
}

func (j tensorJSON) tensor() *Tensor {
	t := fromValues(j.Data, j.Shape, dtypeOf(j.DType))
	if j.RequiresGrad {
		t.RequiresGrad_()
	}
	return t
}

// dtypeOf maps the fixtures' dtype names to gd's.
func dtypeOf(name string) DType {
	return map[string]DType{"float32": Float32, "float64": Float64, "int64": Int64, "bool": Bool}[name]
}

// fromValues builds a tensor of any shape (0-d included) from float64s.
func fromValues(v []float64, shape []int, d DType) *Tensor {
	t := empty(d, shape)
	if len(v) != t.Numel() {
		panic(fmt.Sprintf("fixture has %d values for shape %v", len(v), shape))
	}
	for i, x := range v {
		t.setFlat(i, x)
	}
	return t
}

type opFixture struct {
	Name     string       `json:"name"`
	Exact    bool         `json:"exact"`
	Inputs   []tensorJSON `json:"inputs"`
	Out      tensorJSON   `json:"out"`
	GradFn   string       `json:"grad_fn"`
	Upstream jsonFloats   `json:"upstream"`
	Grads    []jsonFloats `json:"grads"`
}

type sumFixture struct {
	Name       string     `json:"name"`
	Shape      []int      `json:"shape"`
	DType      string     `json:"dtype"`
	Check      []float64  `json:"check"`
	Transposed bool       `json:"transposed"`
	Dims       []int      `json:"dims"`
	Sum        tensorJSON `json:"sum"`
	Mean       tensorJSON `json:"mean"`
}

type sgdFixture struct {
	Name   string         `json:"name"`
	Config map[string]any `json:"config"`
	RawA   tensorJSON     `json:"A"`
	RawB   tensorJSON     `json:"b"`
	P0     tensorJSON     `json:"p0"`
	Losses []float64      `json:"losses"`
	Params [][]float64    `json:"params"`
}

type coreFixtures struct {
	TorchVersion string       `json:"torch_version"`
	Ops          []opFixture  `json:"ops"`
	Sums         []sumFixture `json:"sums"`
	SGD          []sgdFixture `json:"sgd"`
	Linear       struct {
		X, Y, W0, B0 tensorJSON
		Steps        []struct {
			Loss       float64   `json:"loss"`
			WeightGrad []float64 `json:"weight_grad"`
			BiasGrad   []float64 `json:"bias_grad"`
		} `json:"steps"`
		Weight []float64 `json:"weight"`
		Bias   []float64 `json:"bias"`
		Repr   string    `json:"repr"`
	} `json:"linear"`
	Article000 struct {
		Speed []float64 `json:"speed"`
		First struct {
			Loss   float64   `json:"loss"`
			Grad   []float64 `json:"grad"`
			GradFn string    `json:"grad_fn"`
		} `json:"first"`
		Losses []float64 `json:"losses"`
		Params []float64 `json:"params"`
	} `json:"article000"`
	Article002 map[string]struct {
		Manual []float64 `json:"manual"`
		SGD    []float64 `json:"sgd"`
	} `json:"article002"`
	Article004 struct {
		X      tensorJSON `json:"x"`
		Y      tensorJSON `json:"y"`
		Losses []float64  `json:"losses"`
		A      []float64  `json:"a"`
	} `json:"article004"`
	Errors map[string]string `json:"errors"`
}

var (
	fixturesOnce sync.Once
	fixtures     coreFixtures
	fixturesErr  error
)

func loadCoreFixtures(t *testing.T) *coreFixtures {
	t.Helper()
	fixturesOnce.Do(func() {
		b, err := os.ReadFile("testdata/core_fixtures.json")
		if err != nil {
			fixturesErr = err
			return
		}
		fixturesErr = json.Unmarshal(b, &fixtures)
	})
	if fixturesErr != nil {
		t.Fatalf("loading fixtures: %v", fixturesErr)
	}
	return &fixtures
}

// closeToTol reports whether got matches PyTorch's want: bit for bit
// (after rounding want to the dtype) when exact, else within a float32 or
// float64 tolerance relative to the magnitude (loose: a wider float32 one).
func closeToTol(got, want float64, d DType, exact, loose bool) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	if d == Float32 {
		want = float64(float32(want))
	}
	if exact {
		return got == want
	}
	tol := 2e-6
	if loose {
		tol = 3e-5 // sums of many products in another order
	}
	if d == Float64 {
		tol = 1e-13
	}
	return math.Abs(got-want) <= tol*math.Max(1, math.Abs(want))
}

func compareValues(t *testing.T, what string, got []float64, want []float64, d DType, exact bool) {
	t.Helper()
	compareValuesTol(t, what, got, want, d, exact, false)
}

// looseCases are products of large matrices, which gd's GEMM adds up in a
// different (blocked, fused) order than PyTorch's reference BLAS.
var looseCases = map[string]bool{"mm_large": true}

func compareValuesTol(t *testing.T, what string, got []float64, want []float64, d DType, exact, loose bool) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, PyTorch has %d", what, len(got), len(want))
		return
	}
	bad := 0
	for i := range got {
		if !closeToTol(got[i], want[i], d, exact, loose) {
			if bad < 3 {
				t.Errorf("%s[%d] = %.9g, PyTorch %.9g (exact=%v)", what, i, got[i], want[i], exact)
			}
			bad++
		}
	}
	if bad > 3 {
		t.Errorf("%s: %d of %d values differ", what, bad, len(got))
	}
}

// opCases computes each fixture expression with gd, beside the PyTorch
// expression of the same case in the Python script's OPS table (names
// match; TestOpCasesMatchScript checks that the lambdas are the script's).
var opCases = map[string]fixtureExpr{
	"add_bcast":           {"lambda a, b: a + b", func(in []*Tensor) *Tensor { return in[0].Add(in[1]) }},
	"sub_bcast":           {"lambda a, b: a - b", func(in []*Tensor) *Tensor { return in[0].Sub(in[1]) }},
	"mul_bcast":           {"lambda a, b: a * b", func(in []*Tensor) *Tensor { return in[0].Mul(in[1]) }},
	"div_bcast":           {"lambda a, b: a / b", func(in []*Tensor) *Tensor { return in[0].Div(in[1]) }},
	"mul_const_tensor":    {"lambda a, b: a * b", func(in []*Tensor) *Tensor { return in[0].Mul(in[1]) }},
	"pow_scalar2":         {"lambda a: a ** 2", func(in []*Tensor) *Tensor { return in[0].Pow(2) }},
	"pow_scalar3":         {"lambda a: a ** 3", func(in []*Tensor) *Tensor { return in[0].Pow(3) }},
	"pow_scalar_frac":     {"lambda a: a ** 1.5", func(in []*Tensor) *Tensor { return in[0].Pow(1.5) }},
	"pow_scalar0":         {"lambda a: a ** 0", func(in []*Tensor) *Tensor { return in[0].Pow(0) }},
	"pow_tensor":          {"lambda a, b: a ** b", func(in []*Tensor) *Tensor { return in[0].Pow(in[1]) }},
	"square":              {"lambda a: a.square()", func(in []*Tensor) *Tensor { return in[0].Square() }},
	"add_scalar":          {"lambda a: a + 3", func(in []*Tensor) *Tensor { return in[0].Add(3) }},
	"sub_scalar":          {"lambda a: a - 0.25", func(in []*Tensor) *Tensor { return in[0].Sub(0.25) }},
	"mul_scalar":          {"lambda a: a * 2.5", func(in []*Tensor) *Tensor { return in[0].Mul(2.5) }},
	"mul_scalar_inexact":  {"lambda a: a * 0.1", func(in []*Tensor) *Tensor { return in[0].Mul(0.1) }},
	"div_scalar":          {"lambda a: a / 3", func(in []*Tensor) *Tensor { return in[0].Div(3) }},
	"rsub_scalar":         {"lambda a: 1 - a", func(in []*Tensor) *Tensor { return in[0].RSub(1) }},
	"rdiv_scalar":         {"lambda a: 2 / a", func(in []*Tensor) *Tensor { return in[0].RDiv(2) }},
	"neg":                 {"lambda a: -a", func(in []*Tensor) *Tensor { return in[0].Neg() }},
	"exp":                 {"lambda a: a.exp()", func(in []*Tensor) *Tensor { return in[0].Exp() }},
	"log":                 {"lambda a: a.log()", func(in []*Tensor) *Tensor { return in[0].Log() }},
	"sqrt":                {"lambda a: a.sqrt()", func(in []*Tensor) *Tensor { return in[0].Sqrt() }},
	"abs":                 {"lambda a: a.abs()", func(in []*Tensor) *Tensor { return in[0].Abs() }},
	"relu":                {"lambda a: a.relu()", func(in []*Tensor) *Tensor { return in[0].ReLU() }},
	"sigmoid":             {"lambda a: a.sigmoid()", func(in []*Tensor) *Tensor { return in[0].Sigmoid() }},
	"tanh":                {"lambda a: a.tanh()", func(in []*Tensor) *Tensor { return in[0].Tanh() }},
	"clamp":               {"lambda a: a.clamp(-0.5, 0.75)", func(in []*Tensor) *Tensor { return in[0].Clamp(-0.5, 0.75) }},
	"reciprocal":          {"lambda a: a.reciprocal()", func(in []*Tensor) *Tensor { return in[0].Reciprocal() }},
	"mixed_f32_f64":       {"lambda a, b: a + b", func(in []*Tensor) *Tensor { return in[0].Add(in[1]) }},
	"mixed_f32_f64_0d":    {"lambda a, b: a * b", func(in []*Tensor) *Tensor { return in[0].Mul(in[1]) }},
	"mixed_f32_0d_f64_0d": {"lambda a, b: a * b", func(in []*Tensor) *Tensor { return in[0].Mul(in[1]) }},
	"float64_chain":       {"lambda a: (a * a + a).exp()", func(in []*Tensor) *Tensor { return in[0].Mul(in[0]).Add(in[0]).Exp() }},
	"to_double":           {"lambda a: a.double() * 2", func(in []*Tensor) *Tensor { return in[0].Double().Mul(2) }},
	"sum_all":             {"lambda a: a.sum()", func(in []*Tensor) *Tensor { return in[0].Sum() }},
	"mean_all":            {"lambda a: a.mean()", func(in []*Tensor) *Tensor { return in[0].Mean() }},
	"sum_dim0":            {"lambda a: a.sum(0)", func(in []*Tensor) *Tensor { return in[0].Sum(0) }},
	"sum_dim1":            {"lambda a: a.sum(1)", func(in []*Tensor) *Tensor { return in[0].Sum(1) }},
	"sum_dims02":          {"lambda a: a.sum((0, 2))", func(in []*Tensor) *Tensor { return in[0].Sum(0, 2) }},
	"mean_dim1":           {"lambda a: a.mean(1)", func(in []*Tensor) *Tensor { return in[0].Mean(1) }},
	"sum_keepdim":         {"lambda a: a.sum(1, keepdim=True)", func(in []*Tensor) *Tensor { return in[0].SumKeepDim(1) }},
	"mean_keepdim":        {"lambda a: a.mean(0, keepdim=True)", func(in []*Tensor) *Tensor { return in[0].MeanKeepDim(0) }},
	"max_all":             {"lambda a: a.max()", func(in []*Tensor) *Tensor { return in[0].Max() }},
	"max_all_ties":        {"lambda a: a.max()", func(in []*Tensor) *Tensor { return in[0].Max() }},
	"min_all":             {"lambda a: a.min()", func(in []*Tensor) *Tensor { return in[0].Min() }},
	"max_dim1":            {"lambda a: a.max(1)[0]", func(in []*Tensor) *Tensor { return in[0].Max(1) }},
	"min_dim0":            {"lambda a: a.min(0)[0]", func(in []*Tensor) *Tensor { return in[0].Min(0) }},
	"view":                {"lambda a: a.view(3, -1)", func(in []*Tensor) *Tensor { return in[0].View(3, -1) }},
	"reshape_view":        {"lambda a: a.reshape(4, 3)", func(in []*Tensor) *Tensor { return in[0].Reshape(4, 3) }},
	"reshape_copy":        {"lambda a: a.t().reshape(12)", func(in []*Tensor) *Tensor { return in[0].T().Reshape(12) }},
	"flatten":             {"lambda a: a.flatten()", func(in []*Tensor) *Tensor { return in[0].Flatten() }},
	"squeeze_all":         {"lambda a: a.squeeze()", func(in []*Tensor) *Tensor { return in[0].Squeeze() }},
	"squeeze_dim":         {"lambda a: a.squeeze(1)", func(in []*Tensor) *Tensor { return in[0].Squeeze(1) }},
	"unsqueeze":           {"lambda a: a.unsqueeze(1)", func(in []*Tensor) *Tensor { return in[0].Unsqueeze(1) }},
	"t":                   {"lambda a: a.t()", func(in []*Tensor) *Tensor { return in[0].T() }},
	"transpose":           {"lambda a: a.transpose(0, 2)", func(in []*Tensor) *Tensor { return in[0].Transpose(0, 2) }},
	"select_col":          {"lambda a: a[:, 1]", func(in []*Tensor) *Tensor { return in[0].Select(1, 1) }},
	"index_neg":           {"lambda a: a[-1]", func(in []*Tensor) *Tensor { return in[0].Index(-1) }},
	"slice_rows":          {"lambda a: a[1:4]", func(in []*Tensor) *Tensor { return in[0].Slice(0, 1, 4) }},
	"index_select":        {"lambda a: a.index_select(0, torch.tensor([2, 0, 2]))", func(in []*Tensor) *Tensor { return in[0].IndexSelect(0, []int{2, 0, 2}) }},
	"unbind1":             {"lambda a: a.unbind(1)[2]", func(in []*Tensor) *Tensor { return in[0].Unbind(1)[2] }},
	"expand":              {"lambda a: a.expand(3, 4)", func(in []*Tensor) *Tensor { return in[0].Expand(3, 4) }},
	"contiguous_t":        {"lambda a: a.t().contiguous()", func(in []*Tensor) *Tensor { return in[0].T().Contiguous() }},
	"clone":               {"lambda a: a.clone()", func(in []*Tensor) *Tensor { return in[0].Clone() }},
	"stack":               {"lambda a, b: torch.stack([a, b])", func(in []*Tensor) *Tensor { return Stack(in[0], in[1]) }},
	"dot":                 {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"mv":                  {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"vm":                  {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"mm":                  {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"mm_transposed":       {"lambda a, b: a.t() @ b", func(in []*Tensor) *Tensor { return in[0].T().MatMul(in[1]) }},
	"mm_3d":               {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"mm_large":            {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"mv_100x2":            {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"mse_mean":            {"lambda a, b: torch.nn.functional.mse_loss(a, b)", func(in []*Tensor) *Tensor { return MSELoss()(in[0], in[1]) }},
	"mse_sum":             {`lambda a, b: torch.nn.functional.mse_loss(a, b, reduction="sum")`, func(in []*Tensor) *Tensor { return MSELoss(Reduction("sum"))(in[0], in[1]) }},
	"mse_none":            {`lambda a, b: torch.nn.functional.mse_loss(a, b, reduction="none")`, func(in []*Tensor) *Tensor { return MSELoss(Reduction("none"))(in[0], in[1]) }},
	"mse_bcast":           {"lambda a, b: torch.nn.functional.mse_loss(a, b)", func(in []*Tensor) *Tensor { return MSELoss()(in[0], in[1]) }},
	"l1_mean":             {"lambda a, b: torch.nn.functional.l1_loss(a, b)", func(in []*Tensor) *Tensor { return L1Loss()(in[0], in[1]) }},
	"l1_sum":              {`lambda a, b: torch.nn.functional.l1_loss(a, b, reduction="sum")`, func(in []*Tensor) *Tensor { return L1Loss(Reduction("sum"))(in[0], in[1]) }},
	"l1_none":             {`lambda a, b: torch.nn.functional.l1_loss(a, b, reduction="none")`, func(in []*Tensor) *Tensor { return L1Loss(Reduction("none"))(in[0], in[1]) }},
	"rmse":                {"lambda a, b: ((a - b) ** 2).mean().sqrt()", func(in []*Tensor) *Tensor { return RMSE(in[0], in[1]) }},
	"linear_2d":           {"lambda x, w, b: torch.nn.functional.linear(x, w, b)", linearCase},
	"linear_1d":           {"lambda x, w, b: torch.nn.functional.linear(x, w, b)", linearCase},
	"linear_nobias":       {"lambda x, w: torch.nn.functional.linear(x, w)", linearCase},
	"linear_3d":           {"lambda x, w, b: torch.nn.functional.linear(x, w, b)", linearCase},
	"quadratic_model": {"lambda t, p: p[0] * (t ** 2) + (p[1] * t) + p[2]", func(in []*Tensor) *Tensor {
		a, b, c := in[1].Unpack3()
		return a.Mul(in[0].Pow(2)).Add(b.Mul(in[0])).Add(c)
	}},
}

// linearCase runs F.linear(x, w[, b]) as a Linear layer; the layer's
// parameters replace w and b in the inputs, so their gradients are checked.
func linearCase(in []*Tensor) *Tensor {
	var l *Linear
	if len(in) == 3 {
		l = NewLinearFrom(in[1].Detach(), in[2].Detach())
		in[1], in[2] = l.Weight, l.Bias
	} else {
		l = NewLinearFrom(in[1].Detach(), nil)
		in[1] = l.Weight
	}
	return l.Forward(in[0])
}

// quietWarnings silences gd's warnings during a test.
func quietWarnings(t *testing.T) {
	old := warnOut
	warnOut = io.Discard
	t.Cleanup(func() { warnOut = old })
}

func TestOpsMatchPyTorch(t *testing.T) {
	fx := loadCoreFixtures(t)
	quietWarnings(t)
	seen := map[string]bool{}
	for _, c := range fx.Ops {
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			oc, ok := opCases[c.Name]
			if !ok {
				t.Fatalf("no Go expression for fixture case %q", c.Name)
			}
			fn := oc.gd
			in := make([]*Tensor, len(c.Inputs))
			for i, j := range c.Inputs {
				in[i] = j.tensor()
			}
			out := fn(in)
			if !slices.Equal(out.Shape(), c.Out.Shape) {
				t.Fatalf("shape %v, PyTorch %v", out.Shape(), c.Out.Shape)
			}
			wantD := Float32
			if c.Out.DType == "float64" {
				wantD = Float64
			}
			if out.DType() != wantD {
				t.Errorf("dtype %v, PyTorch %v", out.DType(), wantD)
			}
			if out.GradFnName() != c.GradFn {
				t.Errorf("grad_fn %q, PyTorch %q", out.GradFnName(), c.GradFn)
			}
			loose := looseCases[c.Name]
			compareValuesTol(t, "out", out.Float64s(), c.Out.Data, out.DType(), c.Exact, loose)
			out.BackwardWithGrad(fromValues(c.Upstream, out.Shape(), out.DType()))
			compareGrads(t, in, c.Grads, c.Exact, loose)
		})
	}
	for name := range opCases {
		if !seen[name] {
			t.Errorf("Go case %q has no fixture; rerun make_core_fixtures.py", name)
		}
	}
}

// TestOpCasesMatchScript keeps the PyTorch side of opCases honest: each
// lambda is the one the fixture script runs for that case.
func TestOpCasesMatchScript(t *testing.T) {
	checkScriptLambdas(t, "testdata/make_core_fixtures.py", "OPS", opCases)
}

// fixtureExpr pairs a fixture case's PyTorch lambda, copied as text from
// the script's table, with the same expression in gd.
type fixtureExpr struct {
	torch string
	gd    func(in []*Tensor) *Tensor
}

// checkScriptLambdas checks that every case's torch lambda is the one in
// the script's table (a Python dict named table, one entry per case).
func checkScriptLambdas(t *testing.T, path, table string, cases map[string]fixtureExpr) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	script := string(b)
	start := strings.Index(script, "\n"+table+" = {")
	end := strings.Index(script[start+1:], "\n}\n")
	if start < 0 || end < 0 {
		t.Fatalf("no %s table in %s", table, path)
	}
	entries := script[start : start+1+end]
	for name, c := range cases {
		i := strings.Index(entries, "\n    \""+name+"\": (")
		if i < 0 {
			t.Errorf("%s: no entry in the script's %s table", name, table)
			continue
		}
		entry := entries[i+1:]
		if j := strings.Index(entry, "\n    \""); j >= 0 {
			entry = entry[:j]
		}
		if !strings.Contains(strings.Join(strings.Fields(entry), " "), c.torch+", ") {
			t.Errorf("%s: the script's entry is %q, not the lambda %q", name, strings.Join(strings.Fields(entry), " "), c.torch)
		}
	}
}

// compareGrads compares the inputs' gradients with PyTorch's (nil where
// PyTorch has none).
func compareGrads(t *testing.T, in []*Tensor, grads []jsonFloats, exact, loose bool) {
	t.Helper()
	for i, want := range grads {
		got := in[i].Grad()
		switch {
		case want == nil && got != nil:
			t.Errorf("input %d has a grad; PyTorch has none", i)
		case want != nil && got == nil:
			t.Errorf("input %d has no grad; PyTorch has one", i)
		case want != nil:
			compareValuesTol(t, fmt.Sprintf("grad[%d]", i), got.Float64s(), want, in[i].DType(), exact, loose)
		}
	}
}

// sumValues regenerates the inputs of the summation fixtures with the same
// double arithmetic as the Python script's sum_values.
func sumValues(name string, n int) []float64 {
	scales := []float64{1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3}
	seed := float64(len(name) + n)
	out := make([]float64, n)
	for k := range out {
		frac := math.Mod(float64(k)*0.7548776662466927+seed*0.5698402909980532, 1.0)
		out[k] = (-2.0 + 4.0*frac) * scales[k%7]
	}
	return out
}

func TestSumOfNegativeZerosIsPositiveZero(t *testing.T) {
	// PyTorch 1.13 sums [-0.]*n to +0 for every n (its accumulators start
	// at +0), in float32 and float64; short rows take their own path.
	for _, n := range []int{1, 3, 7, 8, 20, 31, 40, 100} {
		for _, d := range []DType{Float32, Float64} {
			x := Zeros(n).Neg().To(d)
			if s := x.Sum().Item(); s != 0 || math.Signbit(s) {
				t.Errorf("sum of %d negative zeros (%s) = %v, want +0", n, d, s)
			}
		}
	}
}

func TestSumOrderMatchesPyTorch(t *testing.T) {
	fx := loadCoreFixtures(t)
	for _, c := range fx.Sums {
		t.Run(c.Name+"_"+c.DType, func(t *testing.T) {
			n := numel(c.Shape)
			v := sumValues(c.Name, n)
			var x *Tensor
			if c.DType == "float64" {
				x = FromSlice(v, c.Shape...)
			} else {
				d := make([]float32, n)
				for i := range v {
					d[i] = float32(v[i])
				}
				x = FromSlice(d, c.Shape...)
			}
			all := x.Float64s()
			compareValues(t, "regenerated input", []float64{all[0], all[1], all[2], all[n-1]}, c.Check, x.DType(), true)
			if c.Transposed {
				x = x.T()
			}
			var s, m *Tensor
			if c.Dims == nil {
				s, m = x.Sum(), x.Mean()
			} else {
				s, m = x.Sum(c.Dims...), x.Mean(c.Dims...)
			}
			compareValues(t, "sum", s.Float64s(), c.Sum.Data, x.DType(), true)
			compareValues(t, "mean", m.Float64s(), c.Mean.Data, x.DType(), true)
		})
	}
}

func sgdOptions(cfg map[string]any) (lr float64, opts []SGDOption) {
	rest := map[string]any{}
	for k, v := range cfg {
		if k == "lr" {
			lr = v.(float64)
		} else {
			rest[k] = v
		}
	}
	return lr, optimOptions(rest)
}

func TestSGDTrajectoriesMatchPyTorch(t *testing.T) {
	fx := loadCoreFixtures(t)
	for _, c := range fx.SGD {
		t.Run(c.Name, func(t *testing.T) {
			A, b, p := c.RawA.tensor(), c.RawB.tensor(), c.P0.tensor()
			lr, opts := sgdOptions(c.Config)
			opt := NewSGD(Params{p}, lr, opts...)
			for step := range c.Losses {
				opt.ZeroGrad()
				loss := A.MatMul(p).Sub(b).Pow(2).Mean()
				loss.Backward()
				opt.Step()
				compareValues(t, fmt.Sprintf("step %d loss", step), []float64{loss.Item()}, c.Losses[step:step+1], Float32, true)
				compareValues(t, fmt.Sprintf("step %d params", step), p.Float64s(), c.Params[step], Float32, true)
			}
		})
	}
}

func TestLinearTrainingMatchesPyTorch(t *testing.T) {
	fx := loadCoreFixtures(t)
	l := fx.Linear
	x, y := l.X.tensor(), l.Y.tensor()
	model := NewLinearFrom(l.W0.tensor(), l.B0.tensor())
	criterion := MSELoss()
	opt := NewSGD(model.Parameters(), 0.1, Momentum(0.9))
	for i, s := range l.Steps {
		opt.ZeroGrad()
		loss := criterion(model.Forward(x), y)
		loss.Backward()
		compareValues(t, fmt.Sprintf("step %d loss", i), []float64{loss.Item()}, []float64{s.Loss}, Float32, true)
		compareValues(t, fmt.Sprintf("step %d weight grad", i), model.Weight.Grad().Float64s(), s.WeightGrad, Float32, true)
		compareValues(t, fmt.Sprintf("step %d bias grad", i), model.Bias.Grad().Float64s(), s.BiasGrad, Float32, true)
		opt.Step()
	}
	compareValues(t, "weight", model.Weight.Float64s(), l.Weight, Float32, true)
	compareValues(t, "bias", model.Bias.Float64s(), l.Bias, Float32, true)
	if got := model.Parameters().String(); got != l.Repr {
		t.Errorf("Parameters().String() =\n%s\nPyTorch prints\n%s", got, l.Repr)
	}
}

func TestArticle000QuadraticMatchesPyTorch(t *testing.T) {
	fx := loadCoreFixtures(t)
	a := fx.Article000
	time := Arange(0, 20)
	speed := Zeros(20)
	speed.Copy_(FromSlice(slices.Clone(a.Speed)))
	params := Vector(0.0121, -0.6397, 0.6416).RequiresGrad_()
	f := func(t, params *Tensor) *Tensor {
		a, b, c := params.Unpack3()
		return a.Mul(t.Pow(2)).Add(b.Mul(t)).Add(c)
	}
	mse := func(preds, targets *Tensor) *Tensor { return preds.Sub(targets).Pow(2).Mean() }
	lr := 1e-5
	loss := mse(f(time, params), speed)
	loss.Backward()
	compareValues(t, "first loss", []float64{loss.Item()}, []float64{a.First.Loss}, Float32, true)
	compareValues(t, "first grad", params.Grad().Float64s(), a.First.Grad, Float32, true)
	if loss.GradFnName() != a.First.GradFn {
		t.Errorf("grad_fn %q, PyTorch %q", loss.GradFnName(), a.First.GradFn)
	}
	params.Data().Sub_(params.Grad().Data().Mul(lr))
	params.SetGrad(nil)
	for i, want := range a.Losses {
		loss := mse(f(time, params), speed)
		loss.Backward()
		params.Data().Sub_(params.Grad().Data().Mul(lr))
		params.SetGrad(nil)
		compareValues(t, fmt.Sprintf("step %d loss", i), []float64{loss.Item()}, []float64{want}, Float32, true)
	}
	compareValues(t, "params", params.Float64s(), a.Params, Float32, true)
}

func TestArticle002MatchesPyTorch(t *testing.T) {
	fx := loadCoreFixtures(t)
	for start, want := range fx.Article002 {
		var x0 float64
		fmt.Sscan(start, &x0)
		x := Scalar(x0).RequiresGrad_()
		var xs []float64
		for range 1000 {
			x.Pow(2).Backward()
			NoGrad(func() { x.Sub_(x.Grad().Mul(Scalar(1e-01))) })
			x.Grad().Zero_()
			xs = append(xs, x.Item())
		}
		got := append(xs[:3:3], xs[len(xs)-1])
		compareValues(t, "manual from "+start, got, want.Manual, Float32, true)

		y := Scalar(x0).RequiresGrad_()
		opt := NewSGD(Params{y}, 1e-01)
		var ys []float64
		for range 1000 {
			opt.ZeroGrad()
			y.Pow(2).Backward()
			opt.Step()
			ys = append(ys, y.Item())
		}
		got = append(ys[:3:3], ys[len(ys)-1])
		compareValues(t, "SGD from "+start, got, want.SGD, Float32, true)
	}
}

func TestArticle004UpdateLoopMatchesPyTorch(t *testing.T) {
	fx := loadCoreFixtures(t)
	c := fx.Article004
	x, y := c.X.tensor(), c.Y.tensor()
	mse := func(y, yHat *Tensor) *Tensor { return y.Sub(yHat).Pow(2).Mean() }
	a := Parameter(Vector(1, 1))
	lr := 1e-1
	for step, want := range c.Losses {
		yHat := x.MatMul(a)
		loss := mse(y, yHat)
		compareValues(t, fmt.Sprintf("step %d loss", step), []float64{loss.Item()}, []float64{want}, Float32, true)
		loss.Backward()
		NoGrad(func() {
			a.Sub_(a.Grad().Mul(lr))
			a.Grad().Zero_()
		})
	}
	compareValues(t, "a", a.Float64s(), c.A, Float32, true)
}

// errorCases performs, with gd, each misuse that PyTorch refused when the
// fixtures were made; each must panic with a *gd.Error of the given kind.
var errorCases = map[string]struct {
	kind ErrorKind
	fn   func()
}{
	"broadcast":            {ErrShape, func() { Ones(3).Add(Ones(2)) }},
	"matmul_misaligned":    {ErrShape, func() { Ones(100, 2).MatMul(Ones(3)) }},
	"mm_misaligned":        {ErrShape, func() { Ones(2, 3).MatMul(Ones(2, 3)) }},
	"view_size":            {ErrShape, func() { Ones(2, 3).View(4, 2) }},
	"view_stride":          {ErrShape, func() { Ones(2, 3).T().View(6) }},
	"view_two_infer":       {ErrShape, func() { Ones(2, 3).View(-1, -1) }},
	"backward_nonscalar":   {ErrGrad, func() { Ones(3).RequiresGrad_().Mul(2).Backward() }},
	"backward_no_grad":     {ErrGrad, func() { Ones(1).Sum().Backward() }},
	"backward_twice":       {ErrGrad, func() { y := Ones(3).RequiresGrad_().Pow(2).Sum(); y.Backward(); y.Backward() }},
	"inplace_leaf":         {ErrGrad, func() { Ones(3).RequiresGrad_().Add_(1) }},
	"inplace_view_of_leaf": {ErrGrad, func() { Ones(3).RequiresGrad_().Slice(0, 0, 2).Mul_(2) }},
	"saved_modified": {ErrGrad, func() {
		w, v := Ones(3).RequiresGrad_(), Ones(3)
		y := w.Mul(v).Sum()
		v.Mul_(2)
		y.Backward()
	}},
	"select_range":              {ErrIndex, func() { Ones(3, 2).Index(3) }},
	"select_dim":                {ErrIndex, func() { Ones(3, 2).Select(2, 0) }},
	"nesterov_no_momentum":      {ErrValue, func() { NewSGD(Params{Ones(3).RequiresGrad_()}, 0.1, Nesterov()) }},
	"nesterov_dampening":        {ErrValue, func() { NewSGD(Params{Ones(3).RequiresGrad_()}, 0.1, Momentum(0.9), Dampening(0.1), Nesterov()) }},
	"negative_lr":               {ErrValue, func() { NewSGD(Params{Ones(3).RequiresGrad_()}, -0.1) }},
	"negative_momentum":         {ErrValue, func() { NewSGD(Params{Ones(3).RequiresGrad_()}, 0.1, Momentum(-1)) }},
	"empty_params":              {ErrValue, func() { NewSGD(Params{}, 0.1) }},
	"non_leaf_param":            {ErrValue, func() { NewSGD(Params{Ones(3).RequiresGrad_().Mul(2)}, 0.1) }},
	"dataset_mismatch":          {ErrShape, func() { NewTensorDataset(Ones(3), Ones(4)) }},
	"item_many":                 {ErrValue, func() { Ones(3).Item() }},
	"requires_grad_off_nonleaf": {ErrGrad, func() { Ones(3).RequiresGrad_().Mul(2).SetRequiresGrad(false) }},
	"expand_bad":                {ErrShape, func() { Ones(3).Expand(2, 4) }},
	"stack_mismatch":            {ErrShape, func() { Stack(Ones(3), Ones(2)) }},
	"mse_bad_broadcast":         {ErrShape, func() { MSELoss()(Ones(3), Ones(2)) }},
	"inplace_bad_broadcast":     {ErrShape, func() { Ones(3).Add_(Ones(2, 3)) }},
}

func TestErrorsWherePyTorchRefuses(t *testing.T) {
	fx := loadCoreFixtures(t)
	quietWarnings(t)
	for name, torchMsg := range fx.Errors {
		t.Run(name, func(t *testing.T) {
			c, ok := errorCases[name]
			if !ok {
				t.Fatalf("no Go counterpart for PyTorch error case %q (%s)", name, torchMsg)
			}
			err := Catch(c.fn)
			if err == nil {
				t.Fatalf("gd accepted what PyTorch refuses: %s", torchMsg)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %q is not a %v", err, c.kind)
			}
			t.Logf("gd: %v\n    PyTorch: %s", err, torchMsg)
		})
	}
	for name := range errorCases {
		if _, ok := fx.Errors[name]; !ok {
			t.Errorf("Go error case %q has no PyTorch fixture", name)
		}
	}
}

func TestCreationMatchesPyTorch(t *testing.T) {
	b, err := os.ReadFile("testdata/core_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Creation map[string][]float64 `json:"creation"`
	}
	if err := json.Unmarshal(b, &fx); err != nil {
		t.Fatal(err)
	}
	made := map[string]*Tensor{
		"arange_0_20":         Arange(0, 20),
		"arange_0_1_0.1":      Arange(0, 1, 0.1),
		"arange_-3_3_0.7":     Arange(-3, 3, 0.7),
		"linspace_-10_10_100": Linspace(-10, 10, 100),
		"linspace_0_1_7":      Linspace(0, 1, 7),
		"linspace_-1_1_100":   Linspace(-1, 1, 100),
		"linspace_2_3_1":      Linspace(2, 3, 1),
	}
	if len(made) != len(fx.Creation) {
		t.Errorf("%d Go cases for %d fixtures", len(made), len(fx.Creation))
	}
	for name, want := range fx.Creation {
		got, ok := made[name]
		if !ok {
			t.Errorf("no Go case for %q", name)
			continue
		}
		compareValues(t, name, got.Float64s(), want, Float32, true)
	}
}
