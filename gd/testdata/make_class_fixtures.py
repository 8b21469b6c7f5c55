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
    elif kind == "pos":
        v = seq(n, seed, 0.5, 2.5)
    else:
        v = seq(n, seed)
    t = torch.tensor(v, dtype=dtype).reshape(shape)
    return t.requires_grad_(requires_grad)


def desc(t):
    return {
        "shape": list(t.shape),
        "dtype": DTYPES[t.dtype],
        "requires_grad": t.requires_grad,
        "data": [float(x) for x in t.detach().reshape(-1).tolist()],
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
}


def run_case(name):
    specs, fn, exact = CASES[name]
    ins = [tensor(s, seed, kind, dtype, rg) for (s, seed, kind, dtype, rg) in specs]
    out = fn(*ins)
    g = None
    if out.requires_grad:
        # A fixed, non-uniform upstream gradient.
        g = torch.tensor(seq(out.numel(), 999, -1.5, 1.5), dtype=out.dtype).reshape(out.shape)
        out.backward(g)
    return {
        "name": name,
        "exact": exact,
        "inputs": [desc(t) for t in ins],
        "out": desc(out),
        "repr": repr(out),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else "",
        "upstream": values(g) if g is not None else None,
        "grads": [values(t.grad) if t.grad is not None else None for t in ins],
    }


def values(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def main():
    fixtures = {
        "torch_version": torch.__version__,
        "cases": [run_case(n) for n in CASES],
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
