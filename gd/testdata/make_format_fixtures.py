#!/usr/bin/python3
"""Record PyTorch's repr() of many tensors, for gd/format_test.go.

Run from the repository root with Debian's Python (torch 1.13):

    /usr/bin/python3 gd/testdata/make_format_fixtures.py

Every tensor is written as the bit patterns of its elements (hex, row-major),
so the Go test rebuilds exactly the same float32/float64 values, NaN signs and
negative zeros included. Nothing here depends on torch's random generator:
"random" cases come from numpy's seeded RandomState and are stored bit for bit.

Each case also records the print options it was printed with, whether it
requires grad, its grad_fn class name (for outputs of an op) and whether it is
an nn.Parameter. "transpose" asks the Go side to build the contiguous
transpose of the stored 2-D data and print a transposed (non-contiguous) view.
"""

import json
import math
import os
import struct

import numpy as np
import torch

DEFAULTS = dict(precision=4, threshold=1000, edgeitems=3, linewidth=80, sci_mode=None)

cases = []


def bits(t):
    flat = t.detach().contiguous().reshape(-1).tolist()
    if t.dtype == torch.float32:
        return ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0] for v in flat]
    return ["%016x" % struct.unpack("<Q", struct.pack("<d", v))[0] for v in flat]


def record(name, t, options=None, transpose=False):
    """Print t under options (defaults for the rest) and store the case."""
    opts = dict(DEFAULTS)
    opts.update(options or {})
    torch.set_printoptions(**opts)
    try:
        text = repr(t)
    finally:
        torch.set_printoptions(profile="default")
    stored = t.detach()
    if transpose:
        # Store the contiguous transpose; Go transposes it back as a view.
        assert t.dim() == 2
        stored = stored.t().contiguous()
    grad_fn = type(t.grad_fn).__name__ if t.grad_fn is not None else ""
    cases.append(
        dict(
            name=name,
            dtype="float64" if t.dtype == torch.float64 else "float32",
            shape=list(stored.shape),
            bits=bits(stored),
            transpose=transpose,
            requires_grad=bool(t.requires_grad),
            grad_fn=grad_fn,
            param=isinstance(t, torch.nn.Parameter),
            options=opts,
            repr=text,
        )
    )


def f32(values):
    return torch.tensor(values, dtype=torch.float32)


def f64(values):
    return torch.tensor(values, dtype=torch.float64)


def leaf(values, dtype=torch.float32):
    return torch.tensor(values, dtype=dtype, requires_grad=True)


nan, inf = math.nan, math.inf

# --- Every tensor the five articles print (values typed from the articles). ---
xt = leaf(3.0)
record("article0/xt", xt)
record("article0/yt=xt**2", xt**2)
record("article0/xt.grad", f32(6.0))
record("article0/time", torch.arange(0, 20).float())
record("article0/loss", leaf([679.2726]).mean())
record("article0/params.grad", f32([-6668.8774, -434.5187, -42.9623]))
record("article0/params", leaf([0.0121, -0.6397, 0.6416]))
record("article0/loss2", leaf([358.8021]).mean())
record(
    "article4/x[:5]",
    f32([[0.6049, 1.0], [0.4400, 1.0], [-0.0314, 1.0], [-0.7857, 1.0], [0.1756, 1.0]]),
)
record("article4/a", f32([3.0, 2.0]))
record("article4/mse", f32(3.8033))
record("article4/Parameter", torch.nn.Parameter(f32([1.0, 1.0])))
record("article4/Parameter(-1,1)", torch.nn.Parameter(f32([-1.0, 1.0])))
for v in [3.8033, 0.4544, 0.1692, 0.1089, 0.0950, 0.0918, 0.0911, 0.0909, 0.0908]:
    record("article4/loss %s" % v, leaf([v, v]).mean())
record("article1/Linear.weight", torch.nn.Parameter(f32([[-0.0075]])))
record("article1/Linear.bias", torch.nn.Parameter(f32([0.5364])))
record("article1/Linear.weight trained", torch.nn.Parameter(f32([[2.0137]])))
record("article1/Linear.bias trained", torch.nn.Parameter(f32([2.9254])))
record(
    "article1/mse loss",
    torch.nn.functional.mse_loss(leaf([[3.5], [7.25]]), f32([[3.0], [7.0]])),
)
record("article2/learning_rate", f32(1e-01))
x = leaf(-10.0)
record("article2/x", x)
with torch.no_grad():
    xs = x.clone()
    xs -= 2 * xs * 0.1
    record("article2/x step1", xs.clone().requires_grad_())
    xs -= 2 * xs * 0.1
    record("article2/x step2", xs.clone().requires_grad_())
    for _ in range(998):
        xs -= 2 * xs * 0.1
    record("article2/x 1000 steps float32", xs.clone().requires_grad_())
    xd = f64(-10.0)
    for _ in range(1002):  # the article's two single steps, then 1000 more
        xd -= 2 * xd * 0.1
    record("article2/x 1002 steps float64", xd)
    record("article2/x 1002 steps float64 leaf", xd.clone().requires_grad_())
record("article2/f(x)", leaf(-8.0) ** 2)

# --- grad_fn names from a few ops. ---
w = leaf([[1.5, -2.0], [0.25, 4.0]])
v = leaf([1.0, 2.0])
record("gradfn/mm", w @ w)
record("gradfn/mv", w @ v)
record("gradfn/add", v + 1)
record("gradfn/sub", v - 1)
record("gradfn/mul", v * 3)
record("gradfn/div", v / 3)
record("gradfn/sum", v.sum())
record("gradfn/neg", -v)
record("gradfn/abs", (v - 3).abs())
record("gradfn/sqrt", v.sqrt())
record("gradfn/relu", torch.relu(v - 1.5))
record("gradfn/view", w.view(4))
record("gradfn/select", w[0])
record("gradfn/float64 pow", leaf([0.5, 3.0], dtype=torch.float64) ** 3)
record("gradfn/long line", leaf([float(i) + 0.5 for i in range(27)]) * 2)

# --- Scalars. ---
for s in [0.0, -0.0, 1.0, -1.0, 0.5, 1e-5, 1e-4, 1e8, 1.5e8, 123456789.0, 3.14159265,
          -2.5e-7, 1e30, -1e-30, 65504.0, 1e-45, 3.4028234663852886e38, nan, inf, -inf]:
    record("scalar/f32 %r" % s, f32(s))
    record("scalar/f64 %r" % s, f64(s))
record("scalar/f32 -nan", f32(-nan))
record("scalar/requires_grad", leaf(2.5))
record("scalar/requires_grad f64", leaf(2.5, dtype=torch.float64))

# --- The int / fixed / scientific switch and its boundaries. ---
switch = {
    "int small": [0.0, 1.0, 2.0],
    "int ratio 1000": [1.0, 1000.0],
    "int ratio 1001": [1.0, 1001.0],
    "int 1e8": [1.0e8, 1.0],
    "int above 1e8": [2.0e8, 1.0],
    "int 123456789": [123456789.0],
    "int negative": [-5.0, 3.0, -120.0],
    "int with neg zero": [-0.0, 2.0],
    "fixed ratio 1000": [0.001, 1.0],
    "fixed ratio 1000 f64": [0.001, 1.0],
    "fixed ratio >1000": [0.001, 1.001],
    "min 1e-4 f32": [1.0e-4, 0.01],
    "min 1e-4 f64": [1.0e-4, 0.01],
    "min 1.0001e-4": [1.0001e-4, 0.01],
    "max 1e8 fixed": [99999999.5, 99999.5],
    "max 1e8 fixed f64": [99999999.5, 99999.5],
    "mixed signs": [-1.5, 2.25, -0.125, 3.0],
    "article grad": [-6668.8774, -434.5187, -4.2962],
    "sci mixed": [-6.6689e3, -4.3452e2, -4.2962e1, 1e-3],
    "tiny": [1e-10, 2e-10, -3e-12],
    "huge": [1e20, -3e25, 7e30],
    "f32 extremes": [1e-45, 3.4028234663852886e38],
    "nan inf": [nan, 1.5, inf, -inf],
    "nan only": [nan, nan],
    "inf only": [inf, -inf],
    "int and nan": [1.0, nan, 20.0],
    "int and inf": [1.0, inf, -300.0],
    "sci and nan": [1e-9, nan, -inf],
    "zeros": [0.0, 0.0, 0.0],
    "neg zeros": [-0.0, 0.0, -0.0],
    "neg zero fixed": [-0.0, 0.5],
    "neg zero sci": [-0.0, 1e-7],
    "ties fixed": [0.03125, 0.09375, 1.03125, -0.15625, 2.5],
    "ties sci": [1.03125e-5, 0.0009765625, 2.5],
    "rounding up": [0.99995, 9.99995, 99.99995, 0.5],
    "rounding sci up": [9.99995e-6, 1.0],
    "width growth": [1.0, 12.5, 123.25, -1234.5],
}
for name, values in switch.items():
    record("switch/" + name, f64(values) if "f64" in name else f32(values))
    if "f64" not in name:
        record("switch/" + name + " as f64", f64(values))

# --- Wrapping at linewidth 80, and suffixes that wrap. ---
record("wrap/arange20", torch.arange(20.0))
record("wrap/arange40", torch.arange(40.0))
record("wrap/linspace30", torch.linspace(0, 1, 30))
record("wrap/linspace30 f64", torch.linspace(0, 1, 30, dtype=torch.float64))
record("wrap/sci 25", f32([(-1) ** i * 1.5 ** i * 1e-3 for i in range(25)]))
record("wrap/2d 3x30", torch.arange(90.0).reshape(3, 30) / 7)
record("wrap/3d 2x2x25", torch.arange(100.0).reshape(2, 2, 25) - 50)
for n in range(1, 26):
    values = [round(0.37 * i - 2.0, 4) for i in range(n)]
    record("wrap/suffix n=%d" % n, leaf(values))
    record("wrap/suffix f64 n=%d" % n, leaf(values, dtype=torch.float64))
    record("wrap/suffix gradfn f64 n=%d" % n, leaf(values, dtype=torch.float64) * 1.5)
record("wrap/2d suffix", leaf([[0.1234] * 9, [1.0] * 9]))
record("wrap/2d suffix f64", leaf([[0.1234] * 9, [1.0] * 9], dtype=torch.float64) + 1)

# --- Summarization (more than 1000 elements) in 1, 2 and 3 dimensions. ---
record("summary/1d 1001", torch.arange(1001.0))
record("summary/1d 1000 (not summarized)", torch.arange(1000.0) / 4)
record("summary/1d sci", torch.arange(1, 1502, dtype=torch.float32) ** 3)
record("summary/1d fixed", torch.arange(2000.0) / 3 - 100)
record("summary/1d f64 requires_grad", (torch.arange(1200.0, dtype=torch.float64) / 9).requires_grad_())
record("summary/2d 40x30", torch.arange(1200.0).reshape(40, 30) / 11)
record("summary/2d 2000x1", torch.arange(2000.0).reshape(2000, 1))
record("summary/2d 1x2000", torch.arange(2000.0).reshape(1, 2000) * 0.01)
record("summary/2d 5x300", torch.arange(1500.0).reshape(5, 300))
record("summary/2d 300x5", torch.arange(1500.0).reshape(300, 5) - 0.5)
record("summary/3d 11x10x10", torch.arange(1100.0).reshape(11, 10, 10) * 0.001)
record("summary/3d 2x30x20", torch.arange(1200.0).reshape(2, 30, 20))
record("summary/4d 3x4x10x10", torch.arange(1200.0).reshape(3, 4, 10, 10) - 600)
big = torch.arange(1200.0).reshape(40, 30)
big[0, 10] = 1e6  # hidden by summarization: must not affect the format
record("summary/hidden outlier", big)
big2 = torch.arange(1200.0).reshape(40, 30)
big2[39, 29] = 1e6  # shown: switches to scientific
record("summary/shown outlier", big2)
record("summary/4d 6x6x6x6 (no dimension cut)", torch.arange(1296.0).reshape(6, 6, 6, 6) / 5)
record("summary/with grad_fn", torch.arange(1500.0, requires_grad=True) * 2)

# --- Multi-dimensional, non-contiguous, empty. ---
record("nd/2d", f32([[1.5, -2.0, 3.25], [0.0, 4.0, -5.5]]))
record("nd/3d", torch.arange(24.0).reshape(2, 3, 4) / 8)
record("nd/4d", torch.arange(16.0).reshape(2, 2, 2, 2))
record("nd/1x1", f32([[0.25]]))
record("nd/column", f32([[1.0], [2.0], [3.0]]))
record("nd/transposed", torch.arange(12.0).reshape(3, 4).t() / 3, transpose=True)
record("nd/transposed requires_grad", (torch.arange(6.0).reshape(2, 3).t() + 0.5).requires_grad_(), transpose=True)
record("empty/1d", f32([]))
record("empty/1d f64", f64([]))
record("empty/1d requires_grad", leaf([]))
record("empty/0x3", torch.zeros(0, 3))
record("empty/2x0", torch.zeros(2, 0))
record("empty/2x0x3 f64", torch.zeros(2, 0, 3, dtype=torch.float64))
record("empty/0x3 requires_grad", torch.zeros(0, 3, requires_grad=True))
record("empty/Parameter", torch.nn.Parameter(torch.zeros(0, 2)))
record("param/2d", torch.nn.Parameter(f32([[0.1, -0.2], [0.3, 0.4]])))
record("param/no grad", torch.nn.Parameter(f32([1.0, 2.0]), requires_grad=False))
record("param/f64", torch.nn.Parameter(f64([1.0, 2.5])))
record("param/scalar", torch.nn.Parameter(f32(0.5)))
record("param/long", torch.nn.Parameter(torch.linspace(-1, 1, 20)))

# --- Print options. ---
record("opts/precision 2", f32([1.12345, -2.5, 0.001]), dict(precision=2))
record("opts/precision 0", f32([1.5, 2.5, -0.4]), dict(precision=0))
record("opts/precision 8 f64", f64([math.pi, -math.e]), dict(precision=8))
record("opts/precision 6 sci", f32([1e-7, 1.0]), dict(precision=6))
record("opts/linewidth 120", torch.arange(0, 20).float(), dict(linewidth=120))
record("opts/linewidth 40", torch.linspace(-1, 1, 12), dict(linewidth=40))
record("opts/linewidth 5", f32([1.5, 2.5, 3.5]), dict(linewidth=5))
record("opts/linewidth 20 suffix", leaf([1.5, 2.5]), dict(linewidth=20))
record("opts/sci on", f32([1.5, 2.5, 300.0]), dict(sci_mode=True))
record("opts/sci on int", f32([1.0, 2.0, 300.0]), dict(sci_mode=True))
record("opts/sci on zeros", f32([0.0, 0.0]), dict(sci_mode=True))
record("opts/sci off", f32([1e-8, 1.0, 5e9]), dict(sci_mode=False))
record("opts/sci off int", f32([1.0, 5e9]), dict(sci_mode=False))
record("opts/threshold 5", torch.arange(10.0), dict(threshold=5))
record("opts/threshold 5 edge 1", torch.arange(12.0).reshape(3, 4), dict(threshold=5, edgeitems=1))
record("opts/threshold 5 edge 2 3d", torch.arange(60.0).reshape(5, 3, 4), dict(threshold=5, edgeitems=2))
record("opts/edge 5", torch.arange(1100.0) / 2, dict(edgeitems=5))

# --- Pseudo-random coverage: many shapes, magnitudes and options. ---
rs = np.random.RandomState(20240601)
for i in range(400):
    ndim = rs.choice([0, 1, 1, 1, 2, 2, 3])
    shape = tuple(int(s) for s in rs.randint(1, 7, size=ndim))
    if rs.rand() < 0.1 and ndim > 0:
        shape = shape[:-1] + (int(rs.randint(20, 60)),)
    n = int(np.prod(shape)) if ndim else 1
    scale = 10.0 ** rs.uniform(-9, 11)
    kind = rs.randint(0, 5)
    if kind == 0:
        vals = rs.randn(n) * scale
    elif kind == 1:
        vals = np.round(rs.randn(n) * scale)
    elif kind == 2:
        vals = rs.randint(-1000, 1000, size=n).astype(np.float64)
    elif kind == 3:
        vals = np.round(rs.randn(n), int(rs.randint(0, 5)))
    else:
        vals = rs.randn(n) * 10.0 ** rs.uniform(-9, 11, size=n)
    specials = [0.0, -0.0, nan, inf, -inf]
    for j in range(n):
        if rs.rand() < 0.05:
            vals[j] = specials[rs.randint(0, len(specials))]
    dtype = torch.float64 if rs.rand() < 0.3 else torch.float32
    t = torch.tensor(vals, dtype=dtype).reshape(shape)
    opts = {}
    if rs.rand() < 0.25:
        opts["precision"] = int(rs.randint(0, 9))
    if rs.rand() < 0.2:
        opts["linewidth"] = int(rs.randint(10, 150))
    if rs.rand() < 0.1:
        opts["sci_mode"] = bool(rs.rand() < 0.5)
    if rs.rand() < 0.15:
        opts["threshold"] = int(rs.randint(1, 30))
        opts["edgeitems"] = int(rs.randint(1, 4))
    r = rs.rand()
    if r < 0.15:
        t = t.requires_grad_()
    elif r < 0.25:
        t = t.requires_grad_() * 1.0
    elif r < 0.3:
        t = torch.nn.Parameter(t)
    record("random/%03d" % i, t, opts)

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "format_fixtures.json")
with open(out, "w") as f:
    json.dump(dict(torch_version=torch.__version__, cases=cases), f, indent=None, separators=(",", ":"))
    f.write("\n")
print("wrote %d cases to %s" % (len(cases), out))
