#!/usr/bin/python3
"""Writes core_fixtures.json: what PyTorch computes for gd's core tests.

Run with Debian's python3-torch (1.13):

    /usr/bin/python3 gd/testdata/make_core_fixtures.py

Every input is deterministic (a fixed quasi-random sequence rounded to the
tensor's dtype), so the Go tests rebuild exactly the same tensors without any
random number generator. Each op case records the forward values, the grad_fn
name and the gradients of the inputs for a fixed upstream gradient. The Go
side (core_fixtures_test.go's opCases) pairs each case name with this table's
lambda, copied as text, and the same expression in gd; a Go test checks that
the copied lambdas match this table.
"""

import json
import math
import os
import warnings

import torch

torch.set_num_threads(1)
warnings.simplefilter("ignore")

F32, F64 = torch.float32, torch.float64


def seq(n, seed, lo=-2.0, hi=2.0):
    """n quasi-random values in [lo, hi): an additive recurrence, no RNG."""
    g = 0.7548776662466927
    return [lo + (hi - lo) * ((k * g + seed * 0.5698402909980532) % 1.0) for k in range(n)]


def tensor(shape, seed, kind="any", dtype=F32, requires_grad=True):
    n = math.prod(shape)
    if kind == "pos":
        v = seq(n, seed, 0.5, 2.5)
    elif kind == "away":  # away from zero, either sign
        v = [x + (0.5 if x >= 0 else -0.5) for x in seq(n, seed, -2, 2)]
    elif kind == "ties":
        v = [round(x) for x in seq(n, seed, -2, 2)]
    else:
        v = seq(n, seed)
    t = torch.tensor(v, dtype=dtype).reshape(shape)
    return t.requires_grad_(requires_grad)


def desc(t):
    return {
        "shape": list(t.shape),
        "dtype": "float64" if t.dtype == F64 else "float32",
        "requires_grad": t.requires_grad,
        "data": [float(x) for x in t.detach().reshape(-1).tolist()],
    }


def values(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


# Each op case: name -> (list of input specs, function, exact?)
# An input spec is (shape, seed, kind, dtype, requires_grad).
def spec(shape, seed, kind="any", dtype=F32, rg=True):
    return (shape, seed, kind, dtype, rg)


OPS = {
    # elementwise with broadcasting
    "add_bcast": ([spec([3, 1], 1), spec([4], 2)], lambda a, b: a + b, True),
    "sub_bcast": ([spec([2, 3], 3), spec([3], 4)], lambda a, b: a - b, True),
    "mul_bcast": ([spec([4, 1], 5), spec([1, 5], 6)], lambda a, b: a * b, True),
    "div_bcast": ([spec([2, 3], 7), spec([2, 1], 8, "away")], lambda a, b: a / b, True),
    "mul_const_tensor": ([spec([3], 9), spec([3], 10, rg=False)], lambda a, b: a * b, True),
    "pow_scalar2": ([spec([5], 11)], lambda a: a ** 2, True),
    "pow_scalar3": ([spec([5], 12)], lambda a: a ** 3, True),
    "pow_scalar_frac": ([spec([5], 13, "pos")], lambda a: a ** 1.5, False),
    "pow_scalar0": ([spec([3], 14)], lambda a: a ** 0, True),
    "pow_tensor": ([spec([2, 3], 15, "pos"), spec([3], 16)], lambda a, b: a ** b, True),
    "square": ([spec([4], 17)], lambda a: a.square(), True),
    "add_scalar": ([spec([4], 18)], lambda a: a + 3, True),
    "sub_scalar": ([spec([4], 19)], lambda a: a - 0.25, True),
    "mul_scalar": ([spec([4], 20)], lambda a: a * 2.5, True),
    "mul_scalar_inexact": ([spec([4], 21)], lambda a: a * 0.1, True),
    "div_scalar": ([spec([4], 22)], lambda a: a / 3, True),
    "rsub_scalar": ([spec([4], 23)], lambda a: 1 - a, True),
    "rdiv_scalar": ([spec([4], 24, "away")], lambda a: 2 / a, True),
    "neg": ([spec([4], 25)], lambda a: -a, True),
    "exp": ([spec([5], 26)], lambda a: a.exp(), False),
    "log": ([spec([5], 27, "pos")], lambda a: a.log(), False),
    "sqrt": ([spec([5], 28, "pos")], lambda a: a.sqrt(), True),
    "abs": ([spec([6], 29, "ties")], lambda a: a.abs(), True),
    "relu": ([spec([6], 30, "ties")], lambda a: a.relu(), True),
    "sigmoid": ([spec([5], 31)], lambda a: a.sigmoid(), False),
    "tanh": ([spec([5], 32)], lambda a: a.tanh(), False),
    "clamp": ([spec([8], 33)], lambda a: a.clamp(-0.5, 0.75), True),
    "reciprocal": ([spec([4], 34, "away")], lambda a: a.reciprocal(), True),
    "mixed_f32_f64": ([spec([3], 35), spec([3], 36, dtype=F64)], lambda a, b: a + b, True),
    "mixed_f32_f64_0d": ([spec([3], 37), spec([], 38, dtype=F64)], lambda a, b: a * b, True),
    "mixed_f32_0d_f64_0d": ([spec([], 39), spec([], 40, dtype=F64)], lambda a, b: a * b, True),
    "float64_chain": ([spec([2, 2], 41, dtype=F64)], lambda a: (a * a + a).exp(), False),
    "to_double": ([spec([3], 42)], lambda a: a.double() * 2, True),
    # reductions
    "sum_all": ([spec([3, 4], 50)], lambda a: a.sum(), True),
    "mean_all": ([spec([3, 4], 51)], lambda a: a.mean(), True),
    "sum_dim0": ([spec([3, 4], 52)], lambda a: a.sum(0), True),
    "sum_dim1": ([spec([3, 4], 53)], lambda a: a.sum(1), True),
    "sum_dims02": ([spec([2, 3, 4], 54)], lambda a: a.sum((0, 2)), True),
    "mean_dim1": ([spec([3, 4], 55)], lambda a: a.mean(1), True),
    "sum_keepdim": ([spec([3, 4], 56)], lambda a: a.sum(1, keepdim=True), True),
    "mean_keepdim": ([spec([3, 4], 57)], lambda a: a.mean(0, keepdim=True), True),
    "max_all": ([spec([3, 4], 58)], lambda a: a.max(), True),
    "max_all_ties": ([spec([8], 59, "ties")], lambda a: a.max(), True),
    "min_all": ([spec([3, 4], 60)], lambda a: a.min(), True),
    "max_dim1": ([spec([3, 4], 61)], lambda a: a.max(1)[0], True),
    "min_dim0": ([spec([3, 4], 62)], lambda a: a.min(0)[0], True),
    # views and indexing
    "view": ([spec([2, 6], 70)], lambda a: a.view(3, -1), True),
    "reshape_view": ([spec([2, 6], 71)], lambda a: a.reshape(4, 3), True),
    "reshape_copy": ([spec([3, 4], 72)], lambda a: a.t().reshape(12), True),
    "flatten": ([spec([2, 3, 2], 73)], lambda a: a.flatten(), True),
    "squeeze_all": ([spec([3, 1, 2, 1], 74)], lambda a: a.squeeze(), True),
    "squeeze_dim": ([spec([3, 1], 75)], lambda a: a.squeeze(1), True),
    "unsqueeze": ([spec([3, 2], 76)], lambda a: a.unsqueeze(1), True),
    "t": ([spec([2, 3], 77)], lambda a: a.t(), True),
    "transpose": ([spec([2, 3, 4], 78)], lambda a: a.transpose(0, 2), True),
    "select_col": ([spec([4, 3], 79)], lambda a: a[:, 1], True),
    "index_neg": ([spec([4, 3], 80)], lambda a: a[-1], True),
    "slice_rows": ([spec([5, 2], 81)], lambda a: a[1:4], True),
    "index_select": ([spec([4, 3], 82)], lambda a: a.index_select(0, torch.tensor([2, 0, 2])), True),
    "unbind1": ([spec([3, 4], 83)], lambda a: a.unbind(1)[2], True),
    "expand": ([spec([3, 1], 84)], lambda a: a.expand(3, 4), True),
    "contiguous_t": ([spec([2, 3], 85)], lambda a: a.t().contiguous(), True),
    "clone": ([spec([3], 86)], lambda a: a.clone(), True),
    "stack": ([spec([3], 87), spec([3], 88)], lambda a, b: torch.stack([a, b]), True),
    # matrix products
    "dot": ([spec([5], 90), spec([5], 91)], lambda a, b: a @ b, True),
    "mv": ([spec([4, 3], 92), spec([3], 93)], lambda a, b: a @ b, True),
    "vm": ([spec([3], 94), spec([3, 2], 95)], lambda a, b: a @ b, True),
    "mm": ([spec([2, 3], 96), spec([3, 4], 97)], lambda a, b: a @ b, True),
    "mm_transposed": ([spec([3, 2], 98), spec([3, 4], 99)], lambda a, b: a.t() @ b, True),
    "mm_3d": ([spec([2, 3, 4], 100), spec([4, 2], 101)], lambda a, b: a @ b, True),
    "mm_large": ([spec([40, 70], 102), spec([70, 30], 103)], lambda a, b: a @ b, False),
    "mv_100x2": ([spec([100, 2], 104), spec([2], 105)], lambda a, b: a @ b, True),
    # losses and layers
    "mse_mean": ([spec([6], 110), spec([6], 111, rg=False)], lambda a, b: torch.nn.functional.mse_loss(a, b), True),
    "mse_sum": ([spec([2, 3], 112), spec([2, 3], 113)], lambda a, b: torch.nn.functional.mse_loss(a, b, reduction="sum"), True),
    "mse_none": ([spec([4], 114), spec([4], 115)], lambda a, b: torch.nn.functional.mse_loss(a, b, reduction="none"), True),
    "mse_bcast": ([spec([1, 1], 116), spec([1], 117, rg=False)], lambda a, b: torch.nn.functional.mse_loss(a, b), True),
    "l1_mean": ([spec([6], 118), spec([6], 119, rg=False)], lambda a, b: torch.nn.functional.l1_loss(a, b), True),
    "l1_sum": ([spec([6], 120), spec([6], 121)], lambda a, b: torch.nn.functional.l1_loss(a, b, reduction="sum"), True),
    "l1_none": ([spec([3], 122), spec([3], 123)], lambda a, b: torch.nn.functional.l1_loss(a, b, reduction="none"), True),
    "rmse": ([spec([6], 124), spec([6], 125, rg=False)], lambda a, b: ((a - b) ** 2).mean().sqrt(), False),
    "linear_2d": ([spec([5, 3], 126), spec([2, 3], 127), spec([2], 128)], lambda x, w, b: torch.nn.functional.linear(x, w, b), True),
    "linear_1d": ([spec([3], 129), spec([2, 3], 130), spec([2], 131)], lambda x, w, b: torch.nn.functional.linear(x, w, b), True),
    "linear_nobias": ([spec([5, 3], 132), spec([2, 3], 133)], lambda x, w: torch.nn.functional.linear(x, w), True),
    "linear_3d": ([spec([2, 4, 3], 134), spec([2, 3], 135), spec([2], 136)], lambda x, w, b: torch.nn.functional.linear(x, w, b), False),
    "quadratic_model": ([spec([20], 137, rg=False), spec([3], 138)],
                        lambda t, p: p[0] * (t ** 2) + (p[1] * t) + p[2], True),
}


def op_case(name):
    specs, fn, exact = OPS[name]
    ins = [tensor(s, seed, kind, dtype, rg) for (s, seed, kind, dtype, rg) in specs]
    out = fn(*ins)
    # A fixed, non-uniform upstream gradient.
    g = torch.tensor(seq(out.numel(), 999, -1.5, 1.5), dtype=out.dtype).reshape(out.shape)
    out.backward(g)
    return {
        "name": name,
        "exact": exact,
        "inputs": [desc(t) for t in ins],
        "out": desc(out),
        "grad_fn": type(out.grad_fn).__name__ if out.grad_fn is not None else "",
        "upstream": values(g),
        "grads": [values(t.grad) if t.grad is not None else None for t in ins],
    }


# Sums whose exact rounding depends on PyTorch's summation order.
SUMS = [
    ("vec7", [7], None, False),
    ("vec8", [8], None, False),
    ("vec20", [20], None, False),
    ("vec100", [100], None, False),
    ("vec1000", [1000], None, False),
    ("vec4097", [4097], None, False),
    ("vec20000", [20000], None, False),
    ("mat_dim0", [100, 37], [0], False),
    ("mat_dim1", [37, 100], [1], False),
    ("mat_dim0_narrow", [300, 3], [0], False),
    ("mat_dim0_wide", [50, 70], [0], False),
    ("mat_dim1_t", [100, 37], [1], True),
    ("cube_dims02", [6, 5, 40], [0, 2], False),
    ("cube_dim1", [6, 50, 9], [1], False),
    ("mat_all_t", [64, 33], None, True),
    ("col_10x1", [10, 1], [0], False),
]


SCALES = [1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3]


def sum_values(name, n):
    """Values spanning several magnitudes, so the order of additions matters.
    The Go test regenerates them with the same double arithmetic."""
    return [x * SCALES[k % 7] for k, x in enumerate(seq(n, len(name) + n))]


def sum_case(name, shape, dims, transposed, dtype):
    n = math.prod(shape)
    t = torch.tensor(sum_values(name, n), dtype=dtype).reshape(shape)
    check = values(t)
    if transposed:
        t = t.t()
    s = t.sum() if dims is None else t.sum(dims)
    m = t.mean() if dims is None else t.mean(dims)
    return {
        "name": name,
        "shape": shape,
        "dtype": "float64" if dtype == F64 else "float32",
        "check": check[:3] + check[-1:],
        "transposed": transposed,
        "dims": dims,
        "sum": desc(s),
        "mean": desc(m),
    }


# SGD trajectories on a small least-squares problem.
SGD_CONFIGS = [
    ("plain", dict(lr=0.05)),
    ("momentum", dict(lr=0.05, momentum=0.9)),
    ("dampening", dict(lr=0.05, momentum=0.9, dampening=0.5)),
    ("nesterov", dict(lr=0.05, momentum=0.8, nesterov=True)),
    ("weight_decay", dict(lr=0.05, weight_decay=0.1)),
    ("all", dict(lr=0.02, momentum=0.5, weight_decay=0.01, nesterov=True)),
    ("maximize", dict(lr=0.01, maximize=True)),
]


def sgd_case(name, cfg):
    A = tensor([6, 3], 200, requires_grad=False)
    b = tensor([6], 201, requires_grad=False)
    p = tensor([3], 202)
    opt = torch.optim.SGD([p], **cfg)
    traj, losses = [], []
    for _ in range(20):
        opt.zero_grad()
        loss = ((A @ p - b) ** 2).mean()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        traj.append(values(p))
    return {"name": name, "config": cfg, "A": desc(A), "b": desc(b), "p0": desc(tensor([3], 202)),
            "losses": losses, "params": traj}


def linear_case():
    """Linear(3,2) + MSELoss + SGD with given initial weights, full batch."""
    x = tensor([5, 3], 300, requires_grad=False)
    y = tensor([5, 2], 301, requires_grad=False)
    w0 = tensor([2, 3], 302, requires_grad=False) * 0.5
    b0 = tensor([2], 303, requires_grad=False) * 0.5
    model = torch.nn.Linear(3, 2)
    with torch.no_grad():
        model.weight.copy_(w0)
        model.bias.copy_(b0)
    crit = torch.nn.MSELoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    steps = []
    for _ in range(10):
        opt.zero_grad()
        loss = crit(model(x), y)
        loss.backward()
        steps.append({"loss": loss.item(), "weight_grad": values(model.weight.grad),
                      "bias_grad": values(model.bias.grad)})
        opt.step()
    return {"x": desc(x), "y": desc(y), "w0": desc(w0), "b0": desc(b0), "steps": steps,
            "weight": values(model.weight), "bias": values(model.bias),
            "repr": repr(list(model.parameters()))}


def article000_case():
    """Article 000's quadratic fit with fixed (not random) data and params."""
    time = torch.arange(0, 20).float()
    noise = torch.tensor(seq(20, 400, -1, 1))
    speed = noise + 0.50 * (time - 9.5) ** 2 + 1
    params = torch.tensor([0.0121, -0.6397, 0.6416]).requires_grad_()

    def f(t, params):
        a, b, c = params
        return a * (t ** 2) + (b * t) + c

    def mse(preds, targets):
        return ((preds - targets) ** 2).mean()

    lr = 1e-5
    preds = f(time, params)
    loss = mse(preds, speed)
    loss.backward()
    first = {"loss": loss.item(), "grad": values(params.grad), "grad_fn": type(loss.grad_fn).__name__}
    params.data -= lr * params.grad.data
    params.grad = None
    losses = []
    for _ in range(10):
        preds = f(time, params)
        loss = mse(preds, speed)
        loss.backward()
        params.data -= lr * params.grad.data
        params.grad = None
        losses.append(loss.item())
    return {"speed": values(speed), "first": first, "losses": losses, "params": values(params)}


def article004_case():
    """Article 004's update() loop: x@a, mse, sub_ under no_grad, 100 steps."""
    n = 100
    x = torch.ones(n, 2)
    x[:, 0] = torch.tensor(seq(n, 500, -1, 1))
    a = torch.tensor([3., 2])
    y = x @ a + torch.tensor(seq(n, 501, 0, 1))

    def mse(y, y_hat):
        return ((y - y_hat) ** 2).mean()

    a = torch.nn.Parameter(torch.tensor([1., 1]))
    lr = 1e-1
    losses = []
    for t in range(100):
        y_hat = x @ a
        loss = mse(y, y_hat)
        losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            a.sub_(lr * a.grad)
            a.grad.zero_()
    return {"x": desc(x), "y": desc(y), "losses": losses, "a": values(a)}


def article002_case():
    """Article 002: x**2 by autograd (backward, grad.zero_) and by optim.SGD."""
    out = {}
    for start in (-10.0, 1.0):
        x = torch.tensor(start, requires_grad=True)
        xs = []
        for _ in range(1000):
            (x ** 2).backward()
            with torch.no_grad():
                x -= x.grad * torch.tensor(1e-01)
            x.grad.zero_()
            xs.append(x.item())
        y = torch.tensor(start, requires_grad=True)
        opt = torch.optim.SGD([y], lr=1e-01)
        ys = []
        for _ in range(1000):
            opt.zero_grad()
            (y ** 2).backward()
            opt.step()
            ys.append(y.item())
        out[str(start)] = {"manual": xs[:3] + xs[-1:], "sgd": ys[:3] + ys[-1:]}
    return out


def article001_case():
    """Article 001's PyTorch part end to end (this one does use the seeded
    generator: it checks Linear's init and the DataLoader's shuffle too)."""
    from torch.utils.data import DataLoader, TensorDataset
    torch.manual_seed(0)
    X = torch.rand(100, 1) * 10
    y = 2 * X + 3 + torch.randn(100, 1)
    model = torch.nn.Linear(1, 1)
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    init = repr(list(model.parameters()))
    sample_losses = []
    for epoch in range(5):
        for i in range(len(X)):
            optimizer.zero_grad()
            output = model(X[i].view(1, -1))
            loss = criterion(output, y[i].view(-1))
            loss.backward()
            optimizer.step()
            if (i + 1) % 10 == 0:
                sample_losses.append(loss.item())
    after_sgd = repr(list(model.parameters()))
    data_loader = DataLoader(TensorDataset(X, y), batch_size=10, shuffle=True)
    model = torch.nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    epoch_losses, first_batch = [], None
    for epoch in range(5):
        for batch_X, batch_y in data_loader:
            if first_batch is None:
                first_batch = values(batch_X)
            optimizer.zero_grad()
            loss = criterion(model(batch_X), batch_y)
            loss.backward()
            optimizer.step()
        epoch_losses.append(loss.item())
    return {"init": init, "sample_losses": sample_losses, "after_sgd": after_sgd,
            "first_batch": first_batch, "epoch_losses": epoch_losses,
            "after_minibatch": repr(list(model.parameters())), "next_rand": torch.rand(1).item()}


def creation_cases():
    """Constructors whose rounding is observable."""
    return {
        "arange_0_20": values(torch.arange(0, 20).float()),
        "arange_0_1_0.1": values(torch.arange(0, 1, 0.1)),
        "arange_-3_3_0.7": values(torch.arange(-3, 3, 0.7)),
        "linspace_-10_10_100": values(torch.linspace(-10, 10, 100)),
        "linspace_0_1_7": values(torch.linspace(0, 1, 7)),
        "linspace_-1_1_100": values(torch.linspace(-1, 1, 100)),
        "linspace_2_3_1": values(torch.linspace(2, 3, 1)),
    }


def error_cases():
    """Misuse PyTorch refuses; the Go tests check gd refuses it too."""
    cases = {}

    def expect(name, fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001
            cases[name] = type(e).__name__ + ": " + str(e).split("\n")[0]
            return
        raise SystemExit("PyTorch accepted error case " + name)

    x = torch.ones(3, requires_grad=True)
    expect("broadcast", lambda: torch.ones(3) + torch.ones(2))
    expect("matmul_misaligned", lambda: torch.ones(100, 2) @ torch.ones(3))
    expect("mm_misaligned", lambda: torch.ones(2, 3) @ torch.ones(2, 3))
    expect("view_size", lambda: torch.ones(2, 3).view(4, 2))
    expect("view_stride", lambda: torch.ones(2, 3).t().view(6))
    expect("view_two_infer", lambda: torch.ones(2, 3).view(-1, -1))
    expect("backward_nonscalar", lambda: (x * 2).backward())
    expect("backward_no_grad", lambda: torch.ones(1).sum().backward())

    def twice():
        y = (x ** 2).sum()
        y.backward()
        y.backward()
    expect("backward_twice", twice)
    expect("inplace_leaf", lambda: x.add_(1))
    expect("inplace_view_of_leaf", lambda: x[0:2].mul_(2))

    def modified():
        w = torch.ones(3, requires_grad=True)
        v = torch.ones(3)
        y = (w * v).sum()
        v.mul_(2)
        y.backward()
    expect("saved_modified", modified)
    expect("select_range", lambda: torch.ones(3, 2)[3])
    expect("select_dim", lambda: torch.ones(3, 2).select(2, 0))
    expect("nesterov_no_momentum", lambda: torch.optim.SGD([x], lr=0.1, nesterov=True))
    expect("nesterov_dampening", lambda: torch.optim.SGD([x], lr=0.1, momentum=0.9, dampening=0.1, nesterov=True))
    expect("negative_lr", lambda: torch.optim.SGD([x], lr=-0.1))
    expect("negative_momentum", lambda: torch.optim.SGD([x], lr=0.1, momentum=-1))
    expect("empty_params", lambda: torch.optim.SGD([], lr=0.1))
    expect("non_leaf_param", lambda: torch.optim.SGD([x * 2], lr=0.1))
    expect("dataset_mismatch", lambda: torch.utils.data.TensorDataset(torch.ones(3), torch.ones(4)))
    expect("item_many", lambda: torch.ones(3).item())
    expect("requires_grad_off_nonleaf", lambda: (x * 2).requires_grad_(False))
    expect("expand_bad", lambda: torch.ones(3).expand(2, 4))
    expect("stack_mismatch", lambda: torch.stack([torch.ones(3), torch.ones(2)]))
    expect("mse_bad_broadcast", lambda: torch.nn.functional.mse_loss(torch.ones(3), torch.ones(2)))
    expect("inplace_bad_broadcast", lambda: torch.ones(3).add_(torch.ones(2, 3)))
    return cases


def main():
    fixtures = {
        "torch_version": torch.__version__,
        "ops": [op_case(name) for name in OPS],
        "sums": [sum_case(n, s, d, tr, dt) for (n, s, d, tr) in SUMS for dt in (F32, F64)],
        "sgd": [sgd_case(n, c) for (n, c) in SGD_CONFIGS],
        "linear": linear_case(),
        "article000": article000_case(),
        "article002": article002_case(),
        "article004": article004_case(),
        "article001": article001_case(),
        "creation": creation_cases(),
        "errors": error_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "core_fixtures.json")
    with open(path, "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
