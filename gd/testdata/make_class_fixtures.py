#!/usr/bin/python3
"""Writes class_fixtures.json: what PyTorch computes for gd's classification
ops, integer and bool tensors, and the refusals of the "no silent wrong
result" tests.

Run with Debian's python3-torch (1.13):

    /usr/bin/python3 gd/testdata/make_class_fixtures.py

Inputs are deterministic, built as make_core_fixtures.py builds them (a
fixed quasi-random sequence, no RNG). Each case records the output (values,
dtype, repr, grad_fn name) and, when the output requires grad, the input
gradients for a fixed upstream gradient. class_fixtures_test.go pairs each
case name with this table's lambda, copied as text, and the gd expression;
a Go test checks the copied lambdas against this table.
"""

import json
import math
import os
import warnings

import torch

torch.set_num_threads(1)
warnings.simplefilter("ignore")

nn = torch.nn
F = torch.nn.functional
F32, F64, I64, BOOL = torch.float32, torch.float64, torch.int64, torch.bool
DTYPES = {F32: "float32", F64: "float64", I64: "int64", BOOL: "bool"}


def seq(n, seed, lo=-2.0, hi=2.0):
    """n quasi-random values in [lo, hi): an additive recurrence, no RNG."""
    g = 0.7548776662466927
    return [lo + (hi - lo) * ((k * g + seed * 0.5698402909980532) % 1.0) for k in range(n)]


def tensor(shape, seed, kind, dtype, requires_grad):
    n = math.prod(shape)
    if kind.startswith("labels"):  # class indices 0..C-1
        c = int(kind[len("labels"):])
        v = [int(x) for x in seq(n, seed, 0, c)]
    elif kind == "int":
        v = [int(round(x)) for x in seq(n, seed, -4, 4)]
    elif kind == "prob":  # in (0, 1), away from the ends
        v = seq(n, seed, 0.05, 0.95)
    elif kind == "ties":
        v = [round(x) for x in seq(n, seed, -2, 2)]
    elif kind == "big":  # logits large enough to overflow a naive exp
        v = seq(n, seed, -120, 120)
    elif kind == "nan":  # NaN first, then ordinary values
        v = [float("nan")] + seq(n - 1, seed)
    elif kind == "pos":
        v = seq(n, seed, 0.5, 2.5)
    else:
        v = seq(n, seed)
    t = torch.tensor(v, dtype=dtype).reshape(shape)
    return t.requires_grad_(requires_grad)


def num(x):
    """A float for JSON, which has no NaN or infinities: those as strings."""
    x = float(x)
    return x if math.isfinite(x) else str(x)


def desc(t):
    return {
        "shape": list(t.shape),
        "dtype": DTYPES[t.dtype],
        "requires_grad": t.requires_grad,
        "data": [num(x) for x in t.detach().reshape(-1).tolist()],
    }


def spec(shape, seed, kind="any", dtype=F32, rg=True):
    if dtype in (I64, BOOL):
        rg = False
    return (shape, seed, kind, dtype, rg)


def lab(shape, seed, c):
    return spec(shape, seed, "labels%d" % c, I64)


# name -> (input specs, function, exact?)
CASES = {
    # integer and bool tensors
    "argmax_dim1": ([spec([4, 3], 1, rg=False)], lambda a: a.argmax(1), True),
    "argmin_dim0": ([spec([4, 3], 2, rg=False)], lambda a: a.argmin(0), True),
    "argmax_all": ([spec([4, 3], 3, rg=False)], lambda a: a.argmax(), True),
    "accuracy": ([spec([6, 3], 4, rg=False), lab([6], 5, 3)], lambda a, t: a.argmax(1).eq(t).float().mean(), True),
    "eq_labels": ([spec([6, 3], 4, rg=False), lab([6], 5, 3)], lambda a, t: a.argmax(1).eq(t), True),
    "gt_number": ([spec([2, 3], 6, rg=False)], lambda a: a > 0.25, True),
    "ge_tensor": ([spec([2, 3], 7, "ties", rg=False), spec([3], 8, "ties", rg=False)], lambda a, b: a >= b, True),
    "lt_int": ([spec([5], 9, "int", I64)], lambda a: a < 1, True),
    "le_number": ([spec([5], 10, rg=False)], lambda a: a <= 0, True),
    "ne_tensor": ([spec([5], 11, "ties", rg=False), spec([5], 12, "ties", rg=False)], lambda a, b: a != b, True),
    "mask_sum": ([spec([3, 4], 13, rg=False)], lambda a: (a > 0).sum(), True),
    "mask_sum_dim": ([spec([3, 4], 14, rg=False)], lambda a: (a > 0).sum(1), True),
    "mask_mul": ([spec([2, 3], 15)], lambda a: (a > 0) * a, True),
    "mask_float_mean": ([spec([7], 16, rg=False)], lambda a: (a > 0).float().mean(), True),
    "logical_not": ([spec([5], 17, rg=False)], lambda a: (a > 0).logical_not(), True),
    "int_vector": ([spec([5], 18, "int", I64)], lambda a: a, True),
    "int_matrix": ([spec([2, 3], 19, "int", I64)], lambda a: a * 7, True),
    "int_add_bool": ([spec([4], 20, "int", I64), spec([4], 21, "ties", rg=False)], lambda a, b: a + (b > 0), True),
    "int_div": ([spec([4], 22, "int", I64)], lambda a: a / 2, True),
    "int_mul_float": ([spec([4], 23, "int", I64)], lambda a: a * 0.5, True),
    "int_neg_abs": ([spec([4], 24, "int", I64)], lambda a: -a.abs(), True),
    "int_exp": ([spec([4], 25, "int", I64)], lambda a: a.exp(), False),
    "int_sum": ([spec([2, 3], 26, "int", I64)], lambda a: a.sum(0), True),
    "int_max": ([spec([2, 3], 27, "int", I64)], lambda a: a.max(1)[0], True),
    "int_plus_f64_0d": ([spec([3], 28, "int", I64), spec([], 29, dtype=F64)], lambda a, b: a + b, True),
    "long": ([spec([5], 30, rg=False)], lambda a: (a * 3).long(), True),
    "bool_of_float": ([spec([5], 31, "ties", rg=False)], lambda a: a.bool(), True),
    "bool_or": ([spec([4], 32, rg=False), spec([4], 33, rg=False)], lambda a, b: (a > 0) + (b > 0), True),
    "float_of_int": ([spec([3], 34, "int", I64)], lambda a: a.float(), True),
    "int_index": ([spec([3, 2], 35, "int", I64)], lambda a: a[1], True),
    "int_empty": ([spec([0], 36, "int", I64)], lambda a: a, True),
    "stack_mixed": ([spec([3], 37), spec([3], 38, "int", I64)], lambda a, b: torch.stack([a, b]), True),
    # softmax and the classification losses
    "softmax_dim1": ([spec([4, 5], 40)], lambda a: a.softmax(1), False),
    "softmax_dim0": ([spec([3, 4], 41)], lambda a: a.softmax(0), False),
    "softmax_1d": ([spec([6], 42)], lambda a: a.softmax(-1), False),
    "softmax_big": ([spec([3, 4], 43, "big")], lambda a: a.softmax(1), False),
    "softmax_f64": ([spec([3, 5], 44, dtype=F64)], lambda a: a.softmax(1), False),
    "softmax_3d": ([spec([2, 3, 4], 45)], lambda a: a.softmax(1), False),
    "log_softmax_dim1": ([spec([4, 5], 46)], lambda a: a.log_softmax(1), False),
    "log_softmax_dim0": ([spec([3, 4], 47)], lambda a: a.log_softmax(0), False),
    "log_softmax_big": ([spec([3, 4], 48, "big")], lambda a: a.log_softmax(1), False),
    "log_softmax_f64": ([spec([3, 5], 49, dtype=F64)], lambda a: a.log_softmax(-1), False),
    "nll_mean": ([spec([5, 4], 50), lab([5], 51, 4)], lambda a, t: F.nll_loss(a, t), True),
    "nll_sum": ([spec([5, 4], 52), lab([5], 53, 4)], lambda a, t: F.nll_loss(a, t, reduction="sum"), True),
    "nll_none": ([spec([5, 4], 54), lab([5], 55, 4)], lambda a, t: F.nll_loss(a, t, reduction="none"), True),
    "nll_1d": ([spec([4], 56), lab([], 57, 4)], lambda a, t: F.nll_loss(a, t), True),
    "nll_big_batch": ([spec([300, 3], 58), lab([300], 59, 3)], lambda a, t: F.nll_loss(a, t), True),
    "nll_ignore": ([spec([5, 4], 60), lab([5], 61, 4)], lambda a, t: F.nll_loss(a, t, ignore_index=2), True),
    "nll_f64": ([spec([5, 4], 62, dtype=F64), lab([5], 63, 4)], lambda a, t: F.nll_loss(a, t), True),
    "ce_mean": ([spec([6, 10], 64), lab([6], 65, 10)], lambda a, t: F.cross_entropy(a, t), False),
    "ce_sum": ([spec([6, 10], 66), lab([6], 67, 10)], lambda a, t: F.cross_entropy(a, t, reduction="sum"), False),
    "ce_none": ([spec([6, 10], 68), lab([6], 69, 10)], lambda a, t: F.cross_entropy(a, t, reduction="none"), False),
    "ce_big_logits": ([spec([4, 3], 70, "big"), lab([4], 71, 3)], lambda a, t: F.cross_entropy(a, t), False),
    "ce_1d": ([spec([5], 72), lab([], 73, 5)], lambda a, t: F.cross_entropy(a, t), False),
    "ce_smoothing": ([spec([6, 4], 74), lab([6], 75, 4)], lambda a, t: F.cross_entropy(a, t, label_smoothing=0.1), False),
    "ce_smoothing_sum": ([spec([6, 4], 76), lab([6], 77, 4)], lambda a, t: F.cross_entropy(a, t, reduction="sum", label_smoothing=0.2), False),
    "ce_probs": ([spec([4, 3], 78), spec([4, 3], 79, "prob", rg=False)], lambda a, p: F.cross_entropy(a, p), False),
    "ce_probs_none": ([spec([4, 3], 80), spec([4, 3], 81, "prob")], lambda a, p: F.cross_entropy(a, p, reduction="none"), False),
    "ce_f64": ([spec([6, 10], 82, dtype=F64), lab([6], 83, 10)], lambda a, t: F.cross_entropy(a, t), False),
    "bce_mean": ([spec([2, 3], 84, "prob"), spec([2, 3], 85, "prob", rg=False)], lambda x, y: F.binary_cross_entropy(x, y), False),
    "bce_sum_target_grad": ([spec([5], 86, "prob"), spec([5], 87, "prob")], lambda x, y: F.binary_cross_entropy(x, y, reduction="sum"), False),
    "bce_none": ([spec([4], 88, "prob"), spec([4], 89, "prob", rg=False)], lambda x, y: F.binary_cross_entropy(x, y, reduction="none"), False),
    "bce_clamped": ([spec([3], 90, rg=False), spec([3], 91, "prob", rg=False)], lambda x, y: F.binary_cross_entropy((x > 0).float(), y), True),
    "bce_logits_mean": ([spec([2, 3], 92), spec([2, 3], 93, "prob", rg=False)], lambda x, y: F.binary_cross_entropy_with_logits(x, y), False),
    "bce_logits_big": ([spec([6], 94, "big"), spec([6], 95, "prob")], lambda x, y: F.binary_cross_entropy_with_logits(x, y, reduction="sum"), False),
    "bce_logits_none": ([spec([4], 96), spec([4], 97, "prob", rg=False)], lambda x, y: F.binary_cross_entropy_with_logits(x, y, reduction="none"), False),
    "bce_logits_pos_weight": ([spec([4, 3], 98), spec([4, 3], 99, "prob"), spec([3], 100, "pos", rg=False)],
                              lambda x, y, w: F.binary_cross_entropy_with_logits(x, y, pos_weight=w), False),
    # the ops a learner reaches for next
    "sin": ([spec([6], 110)], lambda a: a.sin(), False),
    "cos": ([spec([6], 111)], lambda a: a.cos(), False),
    "log1p": ([spec([6], 112, "prob")], lambda a: a.log1p(), False),
    "expm1": ([spec([6], 113)], lambda a: a.expm1(), False),
    "erf": ([spec([6], 114)], lambda a: a.erf(), False),
    "softplus": ([spec([6], 115)], lambda a: F.softplus(a), False),
    "softplus_beta": ([spec([6], 116, "big")], lambda a: F.softplus(a, beta=0.5, threshold=10), False),
    "leaky_relu": ([spec([6], 117, "ties")], lambda a: F.leaky_relu(a), True),
    "leaky_relu_slope": ([spec([6], 118)], lambda a: F.leaky_relu(a, 0.2), True),
    "gelu": ([spec([6], 119)], lambda a: F.gelu(a), False),
    "gelu_tanh": ([spec([6], 120)], lambda a: F.gelu(a, approximate="tanh"), False),
    "maximum": ([spec([2, 3], 121, "ties"), spec([3], 122, "ties")], lambda a, b: torch.maximum(a, b), True),
    "minimum": ([spec([2, 3], 123, "ties"), spec([2, 1], 124, "ties")], lambda a, b: torch.minimum(a, b), True),
    "where": ([spec([2, 3], 125, rg=False), spec([2, 3], 126), spec([3], 127)], lambda c, a, b: torch.where(c > 0, a, b), True),
    "where_number": ([spec([4], 128)], lambda a: torch.where(a > 0, a, 0.0), True),
    "cat_dim0": ([spec([2, 3], 129), spec([1, 3], 130)], lambda a, b: torch.cat([a, b], 0), True),
    "cat_dim1": ([spec([2, 3], 131), spec([2, 2], 132), spec([2, 1], 133, rg=False)], lambda a, b, c: torch.cat([a, b, c], 1), True),
    "cat_empty": ([spec([3], 134), spec([0], 135)], lambda a, b: torch.cat([a, b]), True),
    "zeros_like": ([spec([2, 3], 136, dtype=F64)], lambda a: torch.zeros_like(a), True),
    "ones_like": ([spec([2], 137, "int", I64)], lambda a: torch.ones_like(a), True),
    "matmul_2d_3d": ([spec([2, 3], 138), spec([4, 3, 2], 139)], lambda a, b: a @ b, False),
    "matmul_3d_3d": ([spec([4, 2, 3], 140), spec([4, 3, 2], 141)], lambda a, b: a @ b, False),
    "matmul_1d_3d": ([spec([3], 142), spec([4, 3, 2], 143)], lambda a, b: a @ b, False),
    "matmul_4d_3d": ([spec([2, 1, 2, 3], 144), spec([4, 3, 2], 145)], lambda a, b: a @ b, False),
    "matmul_3d_4d_bcast": ([spec([3, 2, 3], 146), spec([2, 1, 3, 2], 147)], lambda a, b: a @ b, False),
    "matmul_long": ([spec([2, 3], 148, "int", I64), spec([3, 2], 149, "int", I64)], lambda a, b: a @ b, True),
    "linear_4d": ([spec([2, 2, 2, 3], 150), spec([2, 3], 151), spec([2], 152)], lambda x, w, b: F.linear(x, w, b), False),
    "linear_3d_noncontig": ([spec([2, 3, 2], 153), spec([2, 3], 154), spec([2], 155)], lambda x, w, b: F.linear(x.transpose(1, 2), w, b), False),
    "relu_nan": ([spec([3], 156, "nan")], lambda a: a.relu(), True),
    "abs_nan": ([spec([3], 157, "nan")], lambda a: a.abs(), True),
    "l1_nan": ([spec([3], 158, "nan"), spec([3], 159, rg=False)], lambda a, b: F.l1_loss(a, b), True),
    "max_0d_dim": ([spec([], 160)], lambda a: a.max(0)[0], True),
    "min_0d_dim": ([spec([], 161)], lambda a: a.min(-1)[0], True),
    "flatten_0d": ([spec([], 162)], lambda a: a.flatten(0), True),
    "t_neg_t_view": ([spec([2, 3], 163)], lambda a: a.t().neg().t().view(-1), True),
    "t_neg_reshape": ([spec([2, 3], 164)], lambda a: a.t().neg().reshape(-1), True),
    "t_neg_contiguous": ([spec([2, 3], 165)], lambda a: a.t().neg().contiguous(), True),
    "t_add_t_layout": ([spec([2, 3], 166), spec([2, 3], 167)], lambda a, b: (a.t() + b.t()).t().view(-1), True),
    "t_mul_number_layout": ([spec([2, 3], 168)], lambda a: (a.t() * 2).t().view(-1), True),
    "empty_slice_exp": ([spec([2, 3], 169)], lambda a: a[:, 1:3][2:2].flatten().exp(), True),
    "min_dim_empty": ([spec([2, 0], 170)], lambda a: a.min(0)[0], True),
    "max_dim_empty": ([spec([2, 0], 171)], lambda a: a.max(0)[0], True),
    "argmax_dim_empty": ([spec([2, 0], 172, rg=False)], lambda a: a.argmax(0), True),
    "argmin_dim_empty": ([spec([2, 0], 173, rg=False)], lambda a: a.argmin(0), True),
    "mm_empty_inner": ([spec([4, 0], 174), spec([0, 3], 175)], lambda a, b: a @ b, True),
    "matmul_empty_inner_batched": ([spec([3, 0], 183), spec([2, 0, 4], 184)], lambda a, b: a @ b, True),
    "cross_entropy_empty_batch": ([spec([0, 3], 185), lab([0], 186, 3)], lambda a, t: F.cross_entropy(a, t), True),
    "softmax_0d": ([spec([], 187)], lambda a: a.softmax(0), True),
    "linear_empty_in": ([spec([4, 0], 176), spec([3, 0], 177), spec([3], 178)], lambda x, w, b: F.linear(x, w, b), True),
    "expand_fill": ([spec([1, 3], 179, rg=False)], lambda c: c.expand(2, 3).fill_(1), True),
    "expand_zero": ([spec([1, 3], 180, rg=False)], lambda c: c.expand(2, 3).zero_(), True),
    "self_add_": ([spec([3, 3], 181, rg=False)], lambda b: b.add_(b), True),
    "disjoint_rows_add_": ([spec([3, 3], 182, rg=False)], lambda b: b[0].add_(b[1]), True),
}


def refuse(f):
    try:
        f()
    except Exception as e:  # PyTorch raises RuntimeError, IndexError or ValueError
        return "%s: %s" % (type(e).__name__, str(e).split("\n")[0])
    raise AssertionError("PyTorch accepted a refusal case")


def twice(f):
    a = torch.ones(2, 3, requires_grad=True)
    out = f(a * 1)
    out.backward()
    out.backward()


def inplace_between(f):
    a = torch.ones(2, 3, requires_grad=True)
    b = a * 1
    out = f(b)
    with torch.no_grad():
        b.add_(1)
    out.backward()


def c13():
    return torch.tensor([1.0, 2, 3]).view(1, 3)


def b33():
    return torch.ones(3, 3)


# Refusals: what PyTorch refuses, gd must refuse (class_fixtures_test.go's
# refusalCases hold the gd side).
REFUSALS = {
    "expand_add_": lambda: c13().expand(2, 3).add_(10),
    "expand_sub_": lambda: c13().expand(2, 3).sub_(1),
    "expand_mul_": lambda: c13().expand(2, 3).mul_(2),
    "expand_div_": lambda: c13().expand(2, 3).div_(2),
    "expand_copy_": lambda: c13().expand(2, 3).copy_(torch.zeros(2, 3)),
    "overlap_add_t": lambda: (lambda b: b.add_(b.t()))(b33()),
    "overlap_copy_t": lambda: (lambda b: b.copy_(b.t()))(b33()),
    "overlap_shifted": lambda: (lambda b: b[1:].add_(b[:3]))(torch.arange(4.0)),
    "twice_index_select": lambda: twice(lambda b: b.index_select(0, torch.tensor([1, 0])).sum()),
    "twice_max_dim": lambda: twice(lambda b: b.max(0)[0].sum()),
    "twice_min_dim": lambda: twice(lambda b: b.min(1)[0].sum()),
    "twice_mean_dim": lambda: twice(lambda b: b.mean(0).sum()),
    "inplace_mean_dim": lambda: inplace_between(lambda b: b.mean(0).sum()),
    "flatten_0d_out_of_range": lambda: torch.tensor(1.0).flatten(5),
    "zeros_overflow": lambda: torch.zeros((1 << 62) + 1, 4),
    "arange_nan": lambda: torch.arange(0, float("nan")),
    "argmax_empty_reduced_dim": lambda: torch.zeros(2, 0).argmax(1),
    "view_after_t_neg": lambda: torch.arange(6.0).view(2, 3).t().neg().view(-1),
    "mean_long": lambda: torch.tensor([1, 2]).mean(),
    "requires_grad_long": lambda: torch.tensor([1, 2]).requires_grad_(),
    "bool_sub": lambda: torch.tensor([True]) - torch.tensor([False]),
    "bool_neg": lambda: -torch.tensor([True]),
    "long_negative_power": lambda: torch.tensor([2]) ** -1,
    "long_add_float_inplace": lambda: torch.tensor([2]).add_(0.5),
    "relu_bool": lambda: torch.tensor([True]).relu(),
    "matmul_bool": lambda: torch.tensor([[True]]) @ torch.tensor([[True]]),
    "uniform_long": lambda: torch.zeros(2, dtype=I64).uniform_(),
    "nll_float_target": lambda: F.nll_loss(torch.zeros(2, 3), torch.zeros(2)),
    "nll_target_out_of_bounds": lambda: F.nll_loss(torch.zeros(2, 3), torch.tensor([0, 3])),
    "bce_input_out_of_range": lambda: F.binary_cross_entropy(torch.tensor([1.5]), torch.tensor([1.0])),
    "bce_size_mismatch": lambda: F.binary_cross_entropy(torch.tensor([0.5, 0.5]), torch.tensor([1.0])),
    "where_float_condition": lambda: torch.where(torch.ones(2), torch.ones(2), torch.zeros(2)),
    "cat_0d": lambda: torch.cat([torch.tensor(1.0), torch.tensor(2.0)]),
    "cat_size_mismatch": lambda: torch.cat([torch.zeros(2, 3), torch.zeros(2, 2)]),
    "label_smoothing_range": lambda: F.cross_entropy(torch.zeros(2, 3), torch.tensor([0, 1]), label_smoothing=1.5),
}


def run_case(name):
    specs, fn, exact = CASES[name]
    ins = [tensor(s, seed, kind, dtype, rg) for (s, seed, kind, dtype, rg) in specs]
    inputs = [desc(t) for t in ins]  # before any in-place case changes them
    out = fn(*ins)
    g = None
    if out.requires_grad:
        # A fixed, non-uniform upstream gradient.
        g = torch.tensor(seq(out.numel(), 999, -1.5, 1.5), dtype=out.dtype).reshape(out.shape)
        out.backward(g)
    return {
        "name": name,
        "exact": exact,
        "inputs": inputs,
        "out": desc(out),
        "repr": repr(out),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else "",
        "upstream": values(g) if g is not None else None,
        "grads": [values(t.grad) if t.grad is not None else None for t in ins],
    }


def values(t):
    return [num(x) for x in t.detach().reshape(-1).tolist()]


MODULES = {
    "softmax": "nn.Softmax(dim=1)",
    "log_softmax": "nn.LogSoftmax(dim=-1)",
    "flatten": "nn.Flatten()",
    "flatten_0": "nn.Flatten(0)",
    "leaky_relu": "nn.LeakyReLU()",
    "leaky_relu_02": "nn.LeakyReLU(0.2)",
    "gelu": "nn.GELU()",
    "gelu_tanh": "nn.GELU(approximate='tanh')",
    "softplus": "nn.Softplus()",
    "softplus_05": "nn.Softplus(0.5, 10)",
    "mlp": "nn.Sequential(nn.Flatten(), nn.Linear(64, 30), nn.ReLU(), nn.Linear(30, 10))",
}


def digits():
    """The embedded digits, read as gd/datasets reads them: (1797, 8, 8)
    float32 pixels and int64 labels."""
    import csv
    import gzip
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "datasets", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        rows = [[int(v) for v in r] for r in csv.reader(f)]
    x = torch.tensor([r[:64] for r in rows], dtype=F32).view(-1, 8, 8)
    y = torch.tensor([r[64] for r in rows])
    return x, y


def threes_sevens():
    """fastbook chapter 4's first classifier on the 8x8 digits: a linear
    model, mnist_loss, manual SGD steps, batch accuracy."""
    x, y = digits()
    threes = x[[i for i in range(len(y)) if y[i] == 3]] / 16
    sevens = x[[i for i in range(len(y)) if y[i] == 7]] / 16
    train_x = torch.cat([threes, sevens]).view(-1, 8 * 8)
    train_y = torch.tensor([1] * len(threes) + [0] * len(sevens)).unsqueeze(1)

    def init_params(size, std=1.0):
        return (torch.randn(size) * std).requires_grad_()

    torch.manual_seed(42)
    weights = init_params((8 * 8, 1))
    bias = init_params(1)

    def linear1(xb):
        return xb @ weights + bias

    def mnist_loss(predictions, targets):
        predictions = predictions.sigmoid()
        return torch.where(targets == 1, 1 - predictions, predictions).mean()

    def batch_accuracy(xb, yb):
        preds = xb.sigmoid()
        correct = (preds > 0.5) == yb
        return correct.float().mean()

    lr = 1.0
    losses, accs = [], []
    for step in range(20):
        preds = linear1(train_x)
        loss = mnist_loss(preds, train_y)
        loss.backward()
        for p in (weights, bias):
            p.data -= p.grad * lr
            p.grad.zero_()
        losses.append(loss.item())
        accs.append(repr(batch_accuracy(linear1(train_x), train_y)))
    return {"losses": losses, "accuracies": accs, "bias": repr(bias)}


def ten_digits():
    """The 10-digit classifier: an MLP, CrossEntropyLoss and SGD over
    shuffled mini-batches, all from seed 0."""
    x, y = digits()
    torch.manual_seed(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(64, 30), nn.ReLU(), nn.Linear(30, 10))
    loss_func = nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    dl = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x / 16, y), batch_size=64, shuffle=True)
    losses, accs = [], []
    for epoch in range(3):
        for xb, yb in dl:
            loss = loss_func(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            losses.append(loss.item())
        with torch.no_grad():
            accs.append(repr((model(x / 16).argmax(1) == y).float().mean()))
    return {"losses": losses, "accuracies": accs, "last_loss": repr(loss)}


def main():
    fixtures = {
        "torch_version": torch.__version__,
        "cases": [run_case(n) for n in CASES],
        "modules": {k: str(eval(v)) for k, v in MODULES.items()},
        "errors": {k: refuse(f) for k, f in REFUSALS.items()},
        "threes_sevens": threes_sevens(),
        "ten_digits": ten_digits(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "class_fixtures.json")
    with open(path + ".tmp", "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(path + ".tmp", path)


if __name__ == "__main__":
    main()
