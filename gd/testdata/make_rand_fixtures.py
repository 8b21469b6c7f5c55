#!/usr/bin/python3
"""Write rand_fixtures.json: the random numbers PyTorch and NumPy produce for
the seeded calls gd's generators must reproduce bit for bit.

Run with Debian's interpreter, which has python3-torch 1.13 and python3-numpy:

    /usr/bin/python3 gd/testdata/make_rand_fixtures.py

Floats are stored as their IEEE bit patterns (float32 as uint32, float64 as
uint64) so that the Go tests compare bits, not decimal renderings. Long
streams are stored as the SHA-256 of their little-endian bytes plus a few
values for a readable failure message.

The script also measures where glibc's log (which NumPy's legacy Gaussian
calls) differs from the correctly rounded logarithm, using mpmath as the
reference, so that the Go tests can check gd's Log against both.
"""
import hashlib
import json
import math
import os
import struct

import mpmath
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

mpmath.mp.prec = 128
out = {"torch_version": torch.__version__, "numpy_version": np.__version__}


def f32(t):
    a = t.detach().contiguous().reshape(-1).numpy().astype(np.float32)
    return [int(v) for v in a.view(np.uint32)]


def f64(a):
    a = np.ascontiguousarray(np.asarray(a, dtype=np.float64)).reshape(-1)
    return [int(v) for v in a.view(np.uint64)]


def digest(a):
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


def stream32(t):
    a = t.detach().contiguous().reshape(-1).numpy().astype("<f4")
    return {"n": int(a.size), "sha256": digest(a),
            "head": f32(torch.from_numpy(a[:4])), "tail": f32(torch.from_numpy(a[-4:]))}


T = {}

# torch.rand and torch.randn on the default generator.
torch.manual_seed(0)
T["rand_100x1_seed0"] = f32(torch.rand(100, 1))
torch.manual_seed(0)
T["randn_20_seed0"] = f32(torch.randn(20))
torch.manual_seed(0)
T["randn_3_seed0"] = f32(torch.randn(3))
# The scalar path's cached second sample survives a vectorised call.
torch.manual_seed(0)
T["randn_1_20_1_seed0"] = f32(torch.randn(1)) + f32(torch.randn(20)) + f32(torch.randn(1))
torch.manual_seed(0)
T["randn_100x1_seed0"] = f32(torch.randn(100, 1))
for n in (15, 16, 17, 32, 33):
    torch.manual_seed(7)
    T["randn_%d_seed7" % n] = f32(torch.randn(n))
torch.manual_seed(0)
T["randn_100000_seed0"] = stream32(torch.randn(100000))
torch.manual_seed(1)
T["rand_1000000_seed1"] = stream32(torch.rand(1000000))

# normal_ with a mean and std: vectorised (contiguous, >= 16), scalar (< 16)
# and scalar again for a strided column of 40 elements.
torch.manual_seed(3)
T["normal_37_mean2_std3_seed3"] = f32(torch.empty(37).normal_(2, 3))
torch.manual_seed(3)
T["normal_5_mean2_std3_seed3"] = f32(torch.empty(5).normal_(2, 3))
torch.manual_seed(3)
x = torch.zeros(40, 2)
x[:, 1].normal_(-1, 0.5)
T["normal_col1_of_40x2_seed3"] = f32(x)

# uniform_ on a column view, as in the fastai lesson: x[:,0].uniform_(-1., 1).
torch.manual_seed(0)
x = torch.ones(100, 2)
x[:, 0].uniform_(-1.0, 1)
T["uniform_col0_of_ones_100x2_seed0"] = f32(x)
torch.manual_seed(5)
T["uniform_7_from_m0p3_to_0p7_seed5"] = f32(torch.empty(7).uniform_(-0.3, 0.7))

# nn.Linear initialisation: kaiming_uniform_(a=sqrt(5)) weight, then bias.
for seed, fan_in, fan_out in ((42, 1, 1), (0, 1, 1), (0, 13, 3), (1, 100, 7)):
    torch.manual_seed(seed)
    lin = torch.nn.Linear(fan_in, fan_out)
    T["linear_%d_%d_seed%d" % (fan_in, fan_out, seed)] = {
        "weight": f32(lin.weight), "bias": f32(lin.bias)}

# The bounds those uniform_ calls use, from PyTorch's own Python helpers.
bounds = {}
for fan_in in (1, 2, 3, 5, 10, 13, 100, 784):
    w = torch.empty(1, fan_in)
    fan = torch.nn.init._calculate_correct_fan(w, "fan_in")
    gain = torch.nn.init.calculate_gain("leaky_relu", math.sqrt(5))
    wb = math.sqrt(3.0) * (gain / math.sqrt(fan))
    bb = 1 / math.sqrt(fan)
    bounds[str(fan_in)] = f64([wb, bb])
T["linear_bounds"] = bounds

# randperm and int64 random_().
torch.manual_seed(0)
T["randperm_100_seed0"] = torch.randperm(100).tolist()
torch.manual_seed(0)
T["randperm_1_then_rand_seed0"] = {"perm": torch.randperm(1).tolist(), "rand": f32(torch.rand(2))}
torch.manual_seed(0)
T["random_int64_x3_seed0"] = [int(torch.empty((), dtype=torch.int64).random_().item()) for _ in range(3)]

# Generators: default seed, large seeds, explicit generator objects.
g = torch.Generator()
T["generator_default"] = {"initial_seed": g.initial_seed(), "rand": f32(torch.rand(3, generator=g))}
g = torch.Generator()
g.manual_seed(2**40 + 5)
T["generator_seed_2p40_plus_5"] = {"initial_seed": g.initial_seed(), "rand": f32(torch.rand(3, generator=g))}
torch.manual_seed(0)
g = torch.Generator().manual_seed(0)
T["generator_vs_default_seed0"] = {"g": f32(torch.randn(5, generator=g)), "default": f32(torch.rand(2))}

# float64 draws.
torch.manual_seed(0)
T["rand_f64_10_seed0"] = f64(torch.rand(10, dtype=torch.float64).numpy())
torch.manual_seed(5)
T["uniform_f64_7_from_m0p3_to_0p7_seed5"] = f64(torch.empty(7, dtype=torch.float64).uniform_(-0.3, 0.7).numpy())
torch.manual_seed(0)
T["randn_f64_1000_seed0"] = f64(torch.randn(1000, dtype=torch.float64).numpy())
torch.manual_seed(0)
T["randn_f64_7_seed0"] = f64(torch.randn(7, dtype=torch.float64).numpy())

# A long float64 randn stream. PyTorch draws all uniforms first (as
# rand(n, dtype=float64) would) and transforms blocks of 16 with the C
# library's log, sin and cos. Emulated here with glibc (must reproduce
# PyTorch) and with correctly rounded functions (what gd computes).
def torch_normal_fill_f64(u, log, sin, cos):
    d = list(u)
    for i in range(0, len(d) - 15, 16):
        for j in range(8):
            u1 = 1.0 - d[i + j]
            u2 = d[i + j + 8]
            radius = math.sqrt(-2.0 * log(u1))
            theta = (2 * math.pi) * u2
            d[i + j] = radius * cos(theta)
            d[i + j + 8] = radius * sin(theta)
    return np.array(d)


def cr(f):
    return lambda x: float(f(mpmath.mpf(x)))


n = 100000  # a multiple of 16: no redrawn tail
torch.manual_seed(0)
u = torch.rand(n, dtype=torch.float64).numpy()
torch.manual_seed(0)
got = torch.randn(n, dtype=torch.float64).numpy()
assert digest(got) == digest(torch_normal_fill_f64(u, math.log, math.sin, math.cos))
emul = torch_normal_fill_f64(u, cr(mpmath.log), cr(mpmath.sin), cr(mpmath.cos))
diff = np.nonzero(got.view(np.uint64) != emul.view(np.uint64))[0]
T["randn_f64_100000_seed0"] = {"n": n, "sha256_torch": digest(got.astype("<f8")),
                               "sha256_correctly_rounded": digest(emul.astype("<f8")),
                               "torch_differs_at": diff.tolist(), "torch_values_there": f64(got[diff])}

# DataLoader(shuffle=True): batch indices of two epochs, then the default
# generator's next draw, without and with a loader generator.
ds = TensorDataset(torch.arange(100))
torch.manual_seed(0)
dl = DataLoader(ds, batch_size=10, shuffle=True)
epochs = [[b[0].tolist() for b in dl] for _ in range(2)]
T["dataloader_100_bs10_seed0"] = {"epochs": epochs, "then_rand": f32(torch.rand(2))}
torch.manual_seed(0)
lg = torch.Generator().manual_seed(11)
dl = DataLoader(ds, batch_size=10, shuffle=True, generator=lg)
epochs = [[b[0].tolist() for b in dl] for _ in range(2)]
T["dataloader_100_bs10_gen11"] = {"epochs": epochs, "then_rand": f32(torch.rand(2)),
                                  "gen_then_rand": f32(torch.rand(2, generator=lg))}

# Article 001, PyTorch part: every draw from the default generator in order.
torch.manual_seed(0)
X = torch.rand(100, 1)
noise = torch.randn(100, 1)
m1 = torch.nn.Linear(1, 1)
m2 = torch.nn.Linear(1, 1)
dl = DataLoader(TensorDataset(X * 10, 2 * (X * 10) + 3 + noise), batch_size=10, shuffle=True)
orders = []
for _ in range(5):
    order = []
    for bx, _by in dl:
        for v in bx.reshape(-1):
            order.append(int(((X * 10).reshape(-1) == v).nonzero()[0].item()))
    orders.append(order)
T["article001"] = {"X": f32(X), "noise": f32(noise),
                   "linear1": {"weight": f32(m1.weight), "bias": f32(m1.bias)},
                   "linear2": {"weight": f32(m2.weight), "bias": f32(m2.bias)},
                   "epoch_orders": orders}
out["torch"] = T

# NumPy legacy RandomState.
N = {}
np.random.seed(42)
N["rand_100x1_seed42"] = f64(np.random.rand(100, 1))
np.random.seed(42)
N["randn_100_seed42"] = f64(np.random.randn(100))
np.random.seed(42)
X = np.random.rand(100, 1)
noise = np.random.randn(100)
w = np.random.randn()
b = np.random.randn()
N["article001"] = {"X": f64(X), "noise": f64(noise), "w": f64([w])[0], "b": f64([b])[0]}
np.random.seed(42)
N["randn_scalar_x5_seed42"] = f64([np.random.randn() for _ in range(5)])
np.random.seed(0)
first = np.random.randn(3)
np.random.seed(0)  # seed() must drop the cached Gaussian
N["randn_3_reseed_randn_2_seed0"] = f64(np.concatenate([first, np.random.randn(2)]))
np.random.seed(1)
N["uniform_m1_2_x10_seed1"] = f64(np.random.uniform(-1, 2, size=10))
np.random.seed(1)
N["permutation_10_seed1"] = np.random.permutation(10).tolist()
np.random.seed(1)
a = np.arange(20)
np.random.shuffle(a)
N["shuffle_arange20_seed1"] = {"order": a.tolist(), "then_rand": f64([np.random.rand()])[0]}
rs = np.random.RandomState(2**32 - 1)
N["randomstate_seed_2p32m1"] = f64(rs.rand(3))


def legacy_gauss_stream(seed, n, log, skip=0):
    """NumPy's legacy polar-method Gaussian in pure Python, with a pluggable
    log: n samples from RandomState(seed) after skip uniform draws."""
    rs = np.random.RandomState(seed)
    if skip:
        rs.random_sample(skip)
    u = iter(rs.random_sample(4 * n + 1000))  # more uniforms than rejection ever needs
    res = []
    while len(res) < n:
        while True:
            x1 = 2.0 * next(u) - 1.0
            x2 = 2.0 * next(u) - 1.0
            r2 = x1 * x1 + x2 * x2
            if r2 < 1.0 and r2 != 0.0:
                break
        f = math.sqrt(-2.0 * log(r2) / r2)
        res += [f * x2, f * x1]
    return np.array(res[:n])


def cr_log(x):
    return float(mpmath.log(mpmath.mpf(x)))


def cr_patch(numpy_values, seed, n, skip=0):
    """Where a correctly rounded log changes NumPy's Gaussians, and to what.
    gd uses the C library's log when built with cgo (then it matches NumPy)
    and a correctly rounded one without (then it matches these patches)."""
    got = np.asarray(numpy_values, dtype=np.float64)
    assert digest(got) == digest(legacy_gauss_stream(seed, n, math.log, skip)), "emulation must reproduce NumPy"
    cr = legacy_gauss_stream(seed, n, cr_log, skip)
    at = np.nonzero(got.view(np.uint64) != cr.view(np.uint64))[0]
    return {"at": at.tolist(), "values": f64(cr[at])}


P = {}
np.random.seed(42)
P["randn_100_seed42"] = cr_patch(np.random.randn(100), 42, 100)
np.random.seed(42)
np.random.rand(100, 1)
P["article001_noise_w_b"] = cr_patch(list(np.random.randn(100)) + [np.random.randn(), np.random.randn()], 42, 102, skip=100)
np.random.seed(42)
P["randn_scalar_x5_seed42"] = cr_patch([np.random.randn() for _ in range(5)], 42, 5)
np.random.seed(0)
P["randn_3_seed0"] = cr_patch(np.random.randn(3), 0, 3)
N["correctly_rounded_log_patches"] = P

# A long NumPy Gaussian stream: bit-exact with a correctly rounded log,
# differing from NumPy only where glibc's log is not correctly rounded.
n = 100000
got = np.random.RandomState(0).randn(n)
emul_glibc = legacy_gauss_stream(0, n, math.log)
assert digest(got) == digest(emul_glibc), "the Python emulation must reproduce NumPy"
emul_cr = legacy_gauss_stream(0, n, cr_log)
diff = np.nonzero(got.view(np.uint64) != emul_cr.view(np.uint64))[0]
N["randn_100000_seed0"] = {"n": n, "sha256_numpy": digest(got.astype("<f8")),
                           "sha256_correctly_rounded_log": digest(emul_cr.astype("<f8")),
                           "numpy_differs_at": diff.tolist(),
                           "numpy_values_there": f64(got[diff])}
out["numpy"] = N

# Logarithms of 10^6 uniforms from RandomState(7): correctly rounded values
# (mpmath) and where glibc's log differs from them.
xs = np.random.RandomState(7).random_sample(1000000)
cr = np.array([cr_log(float(v)) for v in xs])
glibc = np.array([math.log(float(v)) for v in xs])
bad = np.nonzero(cr.view(np.uint64) != glibc.view(np.uint64))[0]
out["log"] = {"inputs": "np.random.RandomState(7).random_sample(1000000)", "n": int(xs.size),
              "sha256_inputs": digest(xs.astype("<f8")),
              "sha256_correctly_rounded": digest(cr.astype("<f8")),
              "glibc_differs_at": bad.tolist(), "glibc_values_there": f64(glibc[bad])}

# sin and cos of 10^5 angles 2π·u, u from RandomState(11): correctly
# rounded values and where glibc differs from them.
xs = np.random.RandomState(11).random_sample(100000) * (2 * math.pi)
crs = np.array([float(mpmath.sin(mpmath.mpf(float(v)))) for v in xs])
crc = np.array([float(mpmath.cos(mpmath.mpf(float(v)))) for v in xs])
gs = np.array([math.sin(float(v)) for v in xs])
gc = np.array([math.cos(float(v)) for v in xs])
out["sincos"] = {"inputs": "np.random.RandomState(11).random_sample(100000) * (2 * math.pi)",
                 "n": int(xs.size), "sha256_inputs": digest(xs.astype("<f8")),
                 "sha256_correctly_rounded_sin": digest(crs.astype("<f8")),
                 "sha256_correctly_rounded_cos": digest(crc.astype("<f8")),
                 "glibc_sin_differs": int(np.count_nonzero(crs.view(np.uint64) != gs.view(np.uint64))),
                 "glibc_cos_differs": int(np.count_nonzero(crc.view(np.uint64) != gc.view(np.uint64)))}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rand_fixtures.json")
with open(path, "w") as fh:
    json.dump(out, fh, separators=(",", ":"))
    fh.write("\n")
print("wrote", path, os.path.getsize(path), "bytes;",
      "glibc log misrounds", len(bad), "of", out["log"]["n"], ";",
      "numpy randn stream differs at", len(N["randn_100000_seed0"]["numpy_differs_at"]), "of 100000;",
      "torch float64 randn differs at", len(T["randn_f64_100000_seed0"]["torch_differs_at"]), "of 100000")
