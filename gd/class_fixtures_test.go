package gd

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"sync"
	"testing"
)

// The fixtures come from gd/testdata/make_class_fixtures.py, run with
// PyTorch 1.13: classification ops, integer and bool tensors.

type classCase struct {
	Name     string       `json:"name"`
	Exact    bool         `json:"exact"`
	Inputs   []tensorJSON `json:"inputs"`
	Out      tensorJSON   `json:"out"`
	Repr     string       `json:"repr"`
	GradFn   string       `json:"grad_fn"`
	Upstream jsonFloats   `json:"upstream"`
	Grads    []jsonFloats `json:"grads"`
}

type classFixtures struct {
	TorchVersion string            `json:"torch_version"`
	Cases        []classCase       `json:"cases"`
	Modules      map[string]string `json:"modules"`
	Errors       map[string]string `json:"errors"`
}

var loadClassFixtures = sync.OnceValues(func() (*classFixtures, error) {
	b, err := os.ReadFile("testdata/class_fixtures.json")
	if err != nil {
		return nil, err
	}
	var fx classFixtures
	return &fx, json.Unmarshal(b, &fx)
})

func classFixturesFor(t *testing.T) *classFixtures {
	t.Helper()
	fx, err := loadClassFixtures()
	if err != nil {
		t.Fatalf("loading class fixtures: %v", err)
	}
	return fx
}

// classCases computes each fixture expression with gd, beside the PyTorch
// expression of the same case (TestClassCasesMatchScript checks the pairing).
var classCases = map[string]fixtureExpr{
	"argmax_dim1":      {"lambda a: a.argmax(1)", func(in []*Tensor) *Tensor { return in[0].Argmax(1) }},
	"argmin_dim0":      {"lambda a: a.argmin(0)", func(in []*Tensor) *Tensor { return in[0].Argmin(0) }},
	"argmax_all":       {"lambda a: a.argmax()", func(in []*Tensor) *Tensor { return in[0].Argmax() }},
	"accuracy":         {"lambda a, t: a.argmax(1).eq(t).float().mean()", func(in []*Tensor) *Tensor { return in[0].Argmax(1).Eq(in[1]).Float().Mean() }},
	"eq_labels":        {"lambda a, t: a.argmax(1).eq(t)", func(in []*Tensor) *Tensor { return in[0].Argmax(1).Eq(in[1]) }},
	"gt_number":        {"lambda a: a > 0.25", func(in []*Tensor) *Tensor { return in[0].Gt(0.25) }},
	"ge_tensor":        {"lambda a, b: a >= b", func(in []*Tensor) *Tensor { return in[0].Ge(in[1]) }},
	"lt_int":           {"lambda a: a < 1", func(in []*Tensor) *Tensor { return in[0].Lt(1) }},
	"le_number":        {"lambda a: a <= 0", func(in []*Tensor) *Tensor { return in[0].Le(0) }},
	"ne_tensor":        {"lambda a, b: a != b", func(in []*Tensor) *Tensor { return in[0].Ne(in[1]) }},
	"mask_sum":         {"lambda a: (a > 0).sum()", func(in []*Tensor) *Tensor { return in[0].Gt(0).Sum() }},
	"mask_sum_dim":     {"lambda a: (a > 0).sum(1)", func(in []*Tensor) *Tensor { return in[0].Gt(0).Sum(1) }},
	"mask_mul":         {"lambda a: (a > 0) * a", func(in []*Tensor) *Tensor { return in[0].Gt(0).Mul(in[0]) }},
	"mask_float_mean":  {"lambda a: (a > 0).float().mean()", func(in []*Tensor) *Tensor { return in[0].Gt(0).Float().Mean() }},
	"logical_not":      {"lambda a: (a > 0).logical_not()", func(in []*Tensor) *Tensor { return in[0].Gt(0).LogicalNot() }},
	"int_vector":       {"lambda a: a", func(in []*Tensor) *Tensor { return FromInts(in[0].Ints()) }},
	"int_matrix":       {"lambda a: a * 7", func(in []*Tensor) *Tensor { return in[0].Mul(7) }},
	"int_add_bool":     {"lambda a, b: a + (b > 0)", func(in []*Tensor) *Tensor { return in[0].Add(in[1].Gt(0)) }},
	"int_div":          {"lambda a: a / 2", func(in []*Tensor) *Tensor { return in[0].Div(2) }},
	"int_mul_float":    {"lambda a: a * 0.5", func(in []*Tensor) *Tensor { return in[0].Mul(0.5) }},
	"int_neg_abs":      {"lambda a: -a.abs()", func(in []*Tensor) *Tensor { return in[0].Abs().Neg() }},
	"int_exp":          {"lambda a: a.exp()", func(in []*Tensor) *Tensor { return in[0].Exp() }},
	"int_sum":          {"lambda a: a.sum(0)", func(in []*Tensor) *Tensor { return in[0].Sum(0) }},
	"int_max":          {"lambda a: a.max(1)[0]", func(in []*Tensor) *Tensor { return in[0].Max(1) }},
	"int_plus_f64_0d":  {"lambda a, b: a + b", func(in []*Tensor) *Tensor { return in[0].Add(in[1]) }},
	"long":             {"lambda a: (a * 3).long()", func(in []*Tensor) *Tensor { return in[0].Mul(3).Long() }},
	"bool_of_float":    {"lambda a: a.bool()", func(in []*Tensor) *Tensor { return in[0].Bool() }},
	"bool_or":          {"lambda a, b: (a > 0) + (b > 0)", func(in []*Tensor) *Tensor { return in[0].Gt(0).Add(in[1].Gt(0)) }},
	"float_of_int":     {"lambda a: a.float()", func(in []*Tensor) *Tensor { return in[0].Float() }},
	"int_index":        {"lambda a: a[1]", func(in []*Tensor) *Tensor { return in[0].Index(1) }},
	"int_empty":        {"lambda a: a", func(in []*Tensor) *Tensor { return FromInts(nil) }},
	"stack_mixed":      {"lambda a, b: torch.stack([a, b])", func(in []*Tensor) *Tensor { return Stack(in[0], in[1]) }},
	"softmax_dim1":     {"lambda a: a.softmax(1)", func(in []*Tensor) *Tensor { return in[0].Softmax(1) }},
	"softmax_dim0":     {"lambda a: a.softmax(0)", func(in []*Tensor) *Tensor { return in[0].Softmax(0) }},
	"softmax_1d":       {"lambda a: a.softmax(-1)", func(in []*Tensor) *Tensor { return in[0].Softmax(-1) }},
	"softmax_big":      {"lambda a: a.softmax(1)", func(in []*Tensor) *Tensor { return in[0].Softmax(1) }},
	"softmax_f64":      {"lambda a: a.softmax(1)", func(in []*Tensor) *Tensor { return in[0].Softmax(1) }},
	"softmax_3d":       {"lambda a: a.softmax(1)", func(in []*Tensor) *Tensor { return in[0].Softmax(1) }},
	"log_softmax_dim1": {"lambda a: a.log_softmax(1)", func(in []*Tensor) *Tensor { return in[0].LogSoftmax(1) }},
	"log_softmax_dim0": {"lambda a: a.log_softmax(0)", func(in []*Tensor) *Tensor { return in[0].LogSoftmax(0) }},
	"log_softmax_big":  {"lambda a: a.log_softmax(1)", func(in []*Tensor) *Tensor { return in[0].LogSoftmax(1) }},
	"log_softmax_f64":  {"lambda a: a.log_softmax(-1)", func(in []*Tensor) *Tensor { return in[0].LogSoftmax(-1) }},
	"nll_mean":         {"lambda a, t: F.nll_loss(a, t)", func(in []*Tensor) *Tensor { return NLL(in[0], in[1]) }},
	"nll_sum":          {`lambda a, t: F.nll_loss(a, t, reduction="sum")`, func(in []*Tensor) *Tensor { return NLLLoss(Reduction("sum"))(in[0], in[1]) }},
	"nll_none":         {`lambda a, t: F.nll_loss(a, t, reduction="none")`, func(in []*Tensor) *Tensor { return NLL(in[0], in[1], Reduction("none")) }},
	"nll_1d":           {"lambda a, t: F.nll_loss(a, t)", func(in []*Tensor) *Tensor { return NLL(in[0], in[1]) }},
	"nll_big_batch":    {"lambda a, t: F.nll_loss(a, t)", func(in []*Tensor) *Tensor { return NLLLoss()(in[0], in[1]) }},
	"nll_ignore":       {"lambda a, t: F.nll_loss(a, t, ignore_index=2)", func(in []*Tensor) *Tensor { return NLL(in[0], in[1], IgnoreIndex(2)) }},
	"nll_f64":          {"lambda a, t: F.nll_loss(a, t)", func(in []*Tensor) *Tensor { return NLL(in[0], in[1]) }},
	"ce_mean":          {"lambda a, t: F.cross_entropy(a, t)", func(in []*Tensor) *Tensor { return CrossEntropyLoss()(in[0], in[1]) }},
	"ce_sum":           {`lambda a, t: F.cross_entropy(a, t, reduction="sum")`, func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1], Reduction("sum")) }},
	"ce_none":          {`lambda a, t: F.cross_entropy(a, t, reduction="none")`, func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1], Reduction("none")) }},
	"ce_big_logits":    {"lambda a, t: F.cross_entropy(a, t)", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1]) }},
	"ce_1d":            {"lambda a, t: F.cross_entropy(a, t)", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1]) }},
	"ce_smoothing":     {"lambda a, t: F.cross_entropy(a, t, label_smoothing=0.1)", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1], LabelSmoothing(0.1)) }},
	"ce_smoothing_sum": {`lambda a, t: F.cross_entropy(a, t, reduction="sum", label_smoothing=0.2)`, func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1], Reduction("sum"), LabelSmoothing(0.2)) }},
	"ce_probs":         {"lambda a, p: F.cross_entropy(a, p)", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1]) }},
	"ce_probs_none":    {`lambda a, p: F.cross_entropy(a, p, reduction="none")`, func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1], Reduction("none")) }},
	"ce_f64":           {"lambda a, t: F.cross_entropy(a, t)", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1]) }},
	"bce_mean":         {"lambda x, y: F.binary_cross_entropy(x, y)", func(in []*Tensor) *Tensor { return BCELoss()(in[0], in[1]) }},
	"bce_sum_target_grad": {`lambda x, y: F.binary_cross_entropy(x, y, reduction="sum")`, func(in []*Tensor) *Tensor {
		return BinaryCrossEntropy(in[0], in[1], Reduction("sum"))
	}},
	"bce_none":        {`lambda x, y: F.binary_cross_entropy(x, y, reduction="none")`, func(in []*Tensor) *Tensor { return BinaryCrossEntropy(in[0], in[1], Reduction("none")) }},
	"bce_clamped":     {"lambda x, y: F.binary_cross_entropy((x > 0).float(), y)", func(in []*Tensor) *Tensor { return BinaryCrossEntropy(in[0].Gt(0).Float(), in[1]) }},
	"bce_logits_mean": {"lambda x, y: F.binary_cross_entropy_with_logits(x, y)", func(in []*Tensor) *Tensor { return BCEWithLogitsLoss()(in[0], in[1]) }},
	"bce_logits_big": {`lambda x, y: F.binary_cross_entropy_with_logits(x, y, reduction="sum")`, func(in []*Tensor) *Tensor {
		return BinaryCrossEntropyWithLogits(in[0], in[1], Reduction("sum"))
	}},
	"bce_logits_none": {`lambda x, y: F.binary_cross_entropy_with_logits(x, y, reduction="none")`, func(in []*Tensor) *Tensor {
		return BinaryCrossEntropyWithLogits(in[0], in[1], Reduction("none"))
	}},
	"bce_logits_pos_weight": {"lambda x, y, w: F.binary_cross_entropy_with_logits(x, y, pos_weight=w)", func(in []*Tensor) *Tensor {
		return BCEWithLogitsLoss(PosWeight(in[2]))(in[0], in[1])
	}},
	"sin":                {"lambda a: a.sin()", func(in []*Tensor) *Tensor { return in[0].Sin() }},
	"cos":                {"lambda a: a.cos()", func(in []*Tensor) *Tensor { return in[0].Cos() }},
	"log1p":              {"lambda a: a.log1p()", func(in []*Tensor) *Tensor { return in[0].Log1p() }},
	"expm1":              {"lambda a: a.expm1()", func(in []*Tensor) *Tensor { return in[0].Expm1() }},
	"erf":                {"lambda a: a.erf()", func(in []*Tensor) *Tensor { return in[0].Erf() }},
	"softplus":           {"lambda a: F.softplus(a)", func(in []*Tensor) *Tensor { return in[0].Softplus() }},
	"softplus_beta":      {"lambda a: F.softplus(a, beta=0.5, threshold=10)", func(in []*Tensor) *Tensor { return in[0].Softplus(0.5, 10) }},
	"leaky_relu":         {"lambda a: F.leaky_relu(a)", func(in []*Tensor) *Tensor { return in[0].LeakyReLU() }},
	"leaky_relu_slope":   {"lambda a: F.leaky_relu(a, 0.2)", func(in []*Tensor) *Tensor { return in[0].LeakyReLU(0.2) }},
	"gelu":               {"lambda a: F.gelu(a)", func(in []*Tensor) *Tensor { return in[0].GELU() }},
	"gelu_tanh":          {`lambda a: F.gelu(a, approximate="tanh")`, func(in []*Tensor) *Tensor { return in[0].GELU("tanh") }},
	"maximum":            {"lambda a, b: torch.maximum(a, b)", func(in []*Tensor) *Tensor { return in[0].Maximum(in[1]) }},
	"minimum":            {"lambda a, b: torch.minimum(a, b)", func(in []*Tensor) *Tensor { return in[0].Minimum(in[1]) }},
	"where":              {"lambda c, a, b: torch.where(c > 0, a, b)", func(in []*Tensor) *Tensor { return Where(in[0].Gt(0), in[1], in[2]) }},
	"where_number":       {"lambda a: torch.where(a > 0, a, 0.0)", func(in []*Tensor) *Tensor { return Where(in[0].Gt(0), in[0], 0.0) }},
	"cat_dim0":           {"lambda a, b: torch.cat([a, b], 0)", func(in []*Tensor) *Tensor { return Cat(0, in[0], in[1]) }},
	"cat_dim1":           {"lambda a, b, c: torch.cat([a, b, c], 1)", func(in []*Tensor) *Tensor { return Cat(1, in...) }},
	"cat_empty":          {"lambda a, b: torch.cat([a, b])", func(in []*Tensor) *Tensor { return Cat(0, in[0], in[1]) }},
	"zeros_like":         {"lambda a: torch.zeros_like(a)", func(in []*Tensor) *Tensor { return ZerosLike(in[0]) }},
	"ones_like":          {"lambda a: torch.ones_like(a)", func(in []*Tensor) *Tensor { return OnesLike(in[0]) }},
	"matmul_2d_3d":       {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"matmul_3d_3d":       {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"matmul_1d_3d":       {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"matmul_4d_3d":       {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"matmul_3d_4d_bcast": {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"matmul_long":        {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"linear_4d":          {"lambda x, w, b: F.linear(x, w, b)", linearCase},
	"linear_3d_noncontig": {"lambda x, w, b: F.linear(x.transpose(1, 2), w, b)", func(in []*Tensor) *Tensor {
		x := in[0]
		in[0] = x.Transpose(1, 2) // linearCase puts the layer's parameters into in[1:]
		defer func() { in[0] = x }()
		return linearCase(in)
	}},
	"relu_nan":                   {"lambda a: a.relu()", func(in []*Tensor) *Tensor { return in[0].ReLU() }},
	"abs_nan":                    {"lambda a: a.abs()", func(in []*Tensor) *Tensor { return in[0].Abs() }},
	"l1_nan":                     {"lambda a, b: F.l1_loss(a, b)", func(in []*Tensor) *Tensor { return L1Loss()(in[0], in[1]) }},
	"max_0d_dim":                 {"lambda a: a.max(0)[0]", func(in []*Tensor) *Tensor { return in[0].Max(0) }},
	"min_0d_dim":                 {"lambda a: a.min(-1)[0]", func(in []*Tensor) *Tensor { return in[0].Min(-1) }},
	"flatten_0d":                 {"lambda a: a.flatten(0)", func(in []*Tensor) *Tensor { return in[0].Flatten(0) }},
	"t_neg_t_view":               {"lambda a: a.t().neg().t().view(-1)", func(in []*Tensor) *Tensor { return in[0].T().Neg().T().View(-1) }},
	"t_neg_reshape":              {"lambda a: a.t().neg().reshape(-1)", func(in []*Tensor) *Tensor { return in[0].T().Neg().Reshape(-1) }},
	"t_neg_contiguous":           {"lambda a: a.t().neg().contiguous()", func(in []*Tensor) *Tensor { return in[0].T().Neg().Contiguous() }},
	"t_add_t_layout":             {"lambda a, b: (a.t() + b.t()).t().view(-1)", func(in []*Tensor) *Tensor { return in[0].T().Add(in[1].T()).T().View(-1) }},
	"t_mul_number_layout":        {"lambda a: (a.t() * 2).t().view(-1)", func(in []*Tensor) *Tensor { return in[0].T().Mul(2).T().View(-1) }},
	"empty_slice_exp":            {"lambda a: a[:, 1:3][2:2].flatten().exp()", func(in []*Tensor) *Tensor { return in[0].Slice(1, 1, 3).Slice(0, 2, 2).Flatten().Exp() }},
	"min_dim_empty":              {"lambda a: a.min(0)[0]", func(in []*Tensor) *Tensor { return in[0].Min(0) }},
	"max_dim_empty":              {"lambda a: a.max(0)[0]", func(in []*Tensor) *Tensor { return in[0].Max(0) }},
	"argmax_dim_empty":           {"lambda a: a.argmax(0)", func(in []*Tensor) *Tensor { return in[0].Argmax(0) }},
	"argmin_dim_empty":           {"lambda a: a.argmin(0)", func(in []*Tensor) *Tensor { return in[0].Argmin(0) }},
	"mm_empty_inner":             {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"matmul_empty_inner_batched": {"lambda a, b: a @ b", func(in []*Tensor) *Tensor { return in[0].MatMul(in[1]) }},
	"cross_entropy_empty_batch":  {"lambda a, t: F.cross_entropy(a, t)", func(in []*Tensor) *Tensor { return CrossEntropy(in[0], in[1]) }},
	"softmax_0d":                 {"lambda a: a.softmax(0)", func(in []*Tensor) *Tensor { return in[0].Softmax(0) }},
	"linear_empty_in":            {"lambda x, w, b: F.linear(x, w, b)", linearCase},
	"expand_fill":                {"lambda c: c.expand(2, 3).fill_(1)", func(in []*Tensor) *Tensor { return in[0].Expand(2, 3).Fill_(1) }},
	"expand_zero":                {"lambda c: c.expand(2, 3).zero_()", func(in []*Tensor) *Tensor { return in[0].Expand(2, 3).Zero_() }},
	"self_add_":                  {"lambda b: b.add_(b)", func(in []*Tensor) *Tensor { return in[0].Add_(in[0]) }},
	"disjoint_rows_add_":         {"lambda b: b[0].add_(b[1])", func(in []*Tensor) *Tensor { return in[0].Index(0).Add_(in[0].Index(1)) }},
}

func TestClassOpsMatchPyTorch(t *testing.T) {
	fx := classFixturesFor(t)
	quietWarnings(t)
	seen := map[string]bool{}
	for _, c := range fx.Cases {
		seen[c.Name] = true
		t.Run(c.Name, func(t *testing.T) {
			oc, ok := classCases[c.Name]
			if !ok {
				t.Fatalf("no Go expression for fixture case %q", c.Name)
			}
			in := make([]*Tensor, len(c.Inputs))
			for i, j := range c.Inputs {
				in[i] = j.tensor()
			}
			out := oc.gd(in)
			if !slices.Equal(out.Shape(), c.Out.Shape) {
				t.Fatalf("shape %v, PyTorch %v", out.Shape(), c.Out.Shape)
			}
			if want := dtypeOf(c.Out.DType); out.DType() != want {
				t.Errorf("dtype %v, PyTorch %v", out.DType(), want)
			}
			if out.GradFnName() != c.GradFn {
				t.Errorf("grad_fn %q, PyTorch %q", out.GradFnName(), c.GradFn)
			}
			if got := out.String(); got != c.Repr {
				t.Errorf("repr\n%s\nPyTorch\n%s", got, c.Repr)
			}
			compareValues(t, "out", out.Float64s(), c.Out.Data, out.DType(), c.Exact)
			if c.Upstream == nil {
				return
			}
			out.BackwardWithGrad(fromValues(c.Upstream, out.Shape(), out.DType()))
			compareGrads(t, in, c.Grads, c.Exact, false)
		})
	}
	for name := range classCases {
		if !seen[name] {
			t.Errorf("Go case %q has no fixture; rerun make_class_fixtures.py", name)
		}
	}
}

// TestClassCasesMatchScript keeps the PyTorch side of classCases honest:
// each lambda is the one the fixture script runs for that case.
func TestClassCasesMatchScript(t *testing.T) {
	checkScriptLambdas(t, "testdata/make_class_fixtures.py", "CASES", classCases)
}

// classModules builds each module of the script's MODULES table with gd.
var classModules = map[string]func() Module{
	"softmax":       func() Module { return NewSoftmax(1) },
	"log_softmax":   func() Module { return NewLogSoftmax(-1) },
	"flatten":       func() Module { return NewFlatten() },
	"flatten_0":     func() Module { return NewFlatten(0) },
	"leaky_relu":    func() Module { return NewLeakyReLU() },
	"leaky_relu_02": func() Module { return NewLeakyReLU(0.2) },
	"gelu":          func() Module { return NewGELU() },
	"gelu_tanh":     func() Module { return NewGELU("tanh") },
	"softplus":      func() Module { return NewSoftplus() },
	"softplus_05":   func() Module { return NewSoftplus(0.5, 10) },
	"mlp":           func() Module { return NewSequential(NewFlatten(), NewLinear(64, 30), NewReLU(), NewLinear(30, 10)) },
}

func TestModulesPrintLikePyTorch(t *testing.T) {
	fx := classFixturesFor(t)
	for name, want := range fx.Modules {
		mk, ok := classModules[name]
		if !ok {
			t.Errorf("no Go module for %q", name)
			continue
		}
		if got := fmt.Sprint(mk()); got != want {
			t.Errorf("%s prints\n%s\nPyTorch\n%s", name, got, want)
		}
	}
	if len(fx.Modules) != len(classModules) {
		t.Errorf("%d Go modules, %d in the fixtures; rerun make_class_fixtures.py", len(classModules), len(fx.Modules))
	}
	x := Matrix([][]float64{{1, 2}, {3, -4}})
	for name, mk := range classModules {
		if name == "mlp" {
			continue
		}
		if m := mk(); m.Parameters() != nil || Eval(m, x).Numel() == 0 {
			t.Errorf("%s: a parameterless layer should evaluate", name)
		}
	}
}

// c13 and b33 are the refusal cases' tensors: torch.tensor([1., 2, 3]).view(1, 3), torch.ones(3, 3).
func c13() *Tensor { return Vector(1, 2, 3).View(1, 3) }
func b33() *Tensor { return Ones(3, 3) }

// twice runs Backward twice through f's graph; inplaceBetween changes f's
// input in place between the forward and the Backward.
func twice(f func(*Tensor) *Tensor) {
	a := Ones(2, 3).RequiresGrad_()
	out := f(a.Mul(1))
	out.Backward()
	out.Backward()
}

func inplaceBetween(f func(*Tensor) *Tensor) {
	a := Ones(2, 3).RequiresGrad_()
	b := a.Mul(1)
	out := f(b)
	NoGrad(func() { b.Add_(1) })
	out.Backward()
}

// refusalCases are the gd side of the script's REFUSALS: what PyTorch
// refuses, gd refuses with an error of the kind given.
var refusalCases = map[string]struct {
	kind ErrorKind
	fn   func()
}{
	"expand_add_":              {ErrValue, func() { c13().Expand(2, 3).Add_(10) }},
	"expand_sub_":              {ErrValue, func() { c13().Expand(2, 3).Sub_(1) }},
	"expand_mul_":              {ErrValue, func() { c13().Expand(2, 3).Mul_(2) }},
	"expand_div_":              {ErrValue, func() { c13().Expand(2, 3).Div_(2) }},
	"expand_copy_":             {ErrValue, func() { c13().Expand(2, 3).Copy_(Zeros(2, 3)) }},
	"overlap_add_t":            {ErrValue, func() { b := b33(); b.Add_(b.T()) }},
	"overlap_copy_t":           {ErrValue, func() { b := b33(); b.Copy_(b.T()) }},
	"overlap_shifted":          {ErrValue, func() { b := Arange(0, 4); b.Slice(0, 1, 4).Add_(b.Slice(0, 0, 3)) }},
	"twice_index_select":       {ErrGrad, func() { twice(func(b *Tensor) *Tensor { return b.IndexSelect(0, []int{1, 0}).Sum() }) }},
	"twice_max_dim":            {ErrGrad, func() { twice(func(b *Tensor) *Tensor { return b.Max(0).Sum() }) }},
	"twice_min_dim":            {ErrGrad, func() { twice(func(b *Tensor) *Tensor { return b.Min(1).Sum() }) }},
	"twice_mean_dim":           {ErrGrad, func() { twice(func(b *Tensor) *Tensor { return b.Mean(0).Sum() }) }},
	"inplace_mean_dim":         {ErrGrad, func() { inplaceBetween(func(b *Tensor) *Tensor { return b.Mean(0).Sum() }) }},
	"flatten_0d_out_of_range":  {ErrIndex, func() { Scalar(1).Flatten(5) }},
	"zeros_overflow":           {ErrValue, func() { Zeros((1<<62)+1, 4) }},
	"arange_nan":               {ErrValue, func() { Arange(0, math.NaN()) }},
	"argmax_empty_reduced_dim": {ErrIndex, func() { Zeros(2, 0).Argmax(1) }},
	"view_after_t_neg":         {ErrShape, func() { Arange(0, 6).View(2, 3).T().Neg().View(-1) }},
	"mean_long":                {ErrDType, func() { IntVector(1, 2).Mean() }},
	"requires_grad_long":       {ErrGrad, func() { IntVector(1, 2).RequiresGrad_() }},
	"bool_sub":                 {ErrDType, func() { Vector(1).Gt(0).Sub(Vector(0).Gt(0)) }},
	"bool_neg":                 {ErrDType, func() { Vector(1).Gt(0).Neg() }},
	"long_negative_power":      {ErrValue, func() { IntVector(2).Pow(-1) }},
	"long_add_float_inplace":   {ErrDType, func() { IntVector(2).Add_(0.5) }},
	"relu_bool":                {ErrDType, func() { Vector(1).Gt(0).ReLU() }},
	"matmul_bool":              {ErrDType, func() { Vector(1).Gt(0).View(1, 1).MatMul(Vector(1).Gt(0).View(1, 1)) }},
	"uniform_long":             {ErrDType, func() { FromInts([]int{0, 0}).Uniform_(0, 1) }},
	"nll_float_target":         {ErrDType, func() { NLL(Zeros(2, 3), Zeros(2)) }},
	"nll_target_out_of_bounds": {ErrIndex, func() { NLL(Zeros(2, 3), IntVector(0, 3)) }},
	"bce_input_out_of_range":   {ErrValue, func() { BinaryCrossEntropy(Vector(1.5), Vector(1)) }},
	"bce_size_mismatch":        {ErrShape, func() { BinaryCrossEntropy(Vector(0.5, 0.5), Vector(1)) }},
	"where_float_condition":    {ErrDType, func() { Where(Ones(2), Ones(2), Zeros(2)) }},
	"cat_0d":                   {ErrValue, func() { Cat(0, Scalar(1), Scalar(2)) }},
	"cat_size_mismatch":        {ErrShape, func() { Cat(0, Zeros(2, 3), Zeros(2, 2)) }},
	"label_smoothing_range":    {ErrValue, func() { CrossEntropy(Zeros(2, 3), IntVector(0, 1), LabelSmoothing(1.5)) }},
}

func TestClassRefusalsMatchPyTorch(t *testing.T) {
	fx := classFixturesFor(t)
	for name, torchMsg := range fx.Errors {
		t.Run(name, func(t *testing.T) {
			c, ok := refusalCases[name]
			if !ok {
				t.Fatalf("no Go counterpart for PyTorch refusal %q (%s)", name, torchMsg)
			}
			err := Catch(c.fn)
			if err == nil {
				t.Fatalf("gd accepted what PyTorch refuses: %s", torchMsg)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %q is not a %v", err, c.kind)
			}
		})
	}
	for name := range refusalCases {
		if _, ok := fx.Errors[name]; !ok {
			t.Errorf("Go refusal %q has no PyTorch fixture", name)
		}
	}
}

// TestHTMLOfLabelsAndMasks: the notebook view of int64 and bool tensors
// shows the values torch prints ("-12", "True"), with the same in the title.
func TestHTMLOfLabelsAndMasks(t *testing.T) {
	fx := classFixturesFor(t)
	checked := 0
	for _, c := range fx.Cases {
		if (c.Out.DType != "int64" && c.Out.DType != "bool") || len(c.Out.Data) == 0 {
			continue
		}
		in := make([]*Tensor, len(c.Inputs))
		for i, j := range c.Inputs {
			in[i] = j.tensor()
		}
		root := parseHTML(t, classCases[c.Name].gd(in).HTML())
		cells := valueCells(root)
		got, want := texts(cells), torchValues(c.Repr)
		if !slices.Equal(got, want) {
			t.Errorf("%s: cells %q, torch prints %q", c.Name, got, want)
		}
		for i, cell := range cells {
			if title := cell.attrs["title"]; title != got[i] {
				t.Errorf("%s: cell %q has title %q", c.Name, got[i], title)
			}
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d int64/bool cases checked", checked)
	}
}
