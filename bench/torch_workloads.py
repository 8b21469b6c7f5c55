"""The benchmark workloads in PyTorch (CPU, eager), timed the same way as gd's.

Run by `go run ./bench` with Debian's python3-torch; prints one JSON object:
{"torch": "<version>", "threads": N, "results": {"<workload>": {"seconds": s, ...}}}.
Each workload mirrors bench/workloads.go line for line. Timings are the best
of `--repeat` runs after one warm-up run, like gd's.
"""

import argparse
import gzip
import json
import math
import os
import time

import torch
from torch.utils.data import DataLoader, TensorDataset


SHORT_LOOP_REPS = 5


def x_squared(steps=1000, make=lambda ps: torch.optim.SGD(ps, lr=0.1)):
    x = torch.tensor(-10.0, requires_grad=True)
    opt = make([x])
    for _ in range(steps):
        opt.zero_grad()
        (x**2).backward()
        opt.step()
    return x.item()


def quadratic_fit(steps=1000):
    torch.manual_seed(0)
    t = torch.arange(0, 20).float()
    speed = torch.randn(20) + 0.5 * (t - 9.5) ** 2 + 1
    params = torch.randn(3).requires_grad_()
    lr = 1e-5
    for _ in range(steps):
        a, b, c = params
        preds = a * (t**2) + (b * t) + c
        loss = ((preds - speed) ** 2).mean()
        loss.backward()
        params.data -= lr * params.grad.data
        params.grad = None
    return loss.item()


def linear_per_sample(epochs=5, make=lambda ps: torch.optim.SGD(ps, lr=0.01)):
    torch.manual_seed(0)
    X = torch.rand(100, 1) * 10
    y = 2 * X + 3 + torch.randn(100, 1)
    model = torch.nn.Linear(1, 1)
    criterion = torch.nn.MSELoss()
    opt = make(model.parameters())
    for _ in range(epochs):
        for i in range(len(X)):
            opt.zero_grad()
            out = model(X[i].view(1, -1))
            loss = criterion(out, y[i].view(1, -1))
            loss.backward()
            opt.step()
    return loss.item()


def adam_x_squared():
    return x_squared(make=lambda ps: torch.optim.Adam(ps, lr=0.1))


def adam_quadratic_fit(steps=1000):
    torch.manual_seed(0)
    t = torch.arange(0, 20).float()
    speed = torch.randn(20) + 0.5 * (t - 9.5) ** 2 + 1
    params = torch.randn(3).requires_grad_()
    opt = torch.optim.Adam([params], lr=0.1)
    for _ in range(steps):
        opt.zero_grad()
        a, b, c = params
        preds = a * (t**2) + (b * t) + c
        loss = ((preds - speed) ** 2).mean()
        loss.backward()
        opt.step()
    return loss.item()


def adam_linear_per_sample():
    return linear_per_sample(make=lambda ps: torch.optim.Adam(ps, lr=0.01))


def train_epoch(loader, model, opt, criterion=None):
    """One epoch of mini-batch training (MSE unless told), timed; returns the last loss."""
    criterion = criterion or torch.nn.MSELoss()
    start = time.perf_counter()
    for xb, yb in loader:
        opt.zero_grad()
        loss = criterion(model(xb), yb)
        loss.backward()
        opt.step()
    return loss.item(), time.perf_counter() - start


def minibatch_regression(n=1_000_000, features=32, batch=256):
    torch.manual_seed(0)
    X = torch.randn(n, features)
    w_true = torch.randn(features, 1)
    y = X @ w_true + 0.1 * torch.randn(n, 1)
    loader = DataLoader(TensorDataset(X, y), batch_size=batch, shuffle=True)
    model = torch.nn.Linear(features, 1)
    return train_epoch(loader, model, torch.optim.SGD(model.parameters(), lr=0.01))


def mlp_epoch(n=60_000, batch=64, hidden=128):
    torch.manual_seed(0)
    X = torch.rand(n, 784)
    labels = torch.randint(0, 10, (n,))
    Y = torch.nn.functional.one_hot(labels, 10).float()
    loader = DataLoader(TensorDataset(X, Y), batch_size=batch, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    return train_epoch(loader, model, torch.optim.SGD(model.parameters(), lr=0.1))


def load_digits():
    """The 8×8 digits as gd/datasets embeds them: 64 pixels (0-16) and the label per line."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "gd", "datasets", "digits.csv.gz")
    with gzip.open(path, "rt") as f:
        rows = [[int(v) for v in line.split(",")] for line in f if line.strip()]
    data = torch.tensor([r[:64] for r in rows], dtype=torch.float32)
    return data, torch.tensor([r[64] for r in rows])


def digits_classifier(n_valid=360, epochs=20):
    """Notebook 07's ten-class MLP on the digits, as bench/workloads_classify.go."""
    data, labels = load_digits()
    torch.manual_seed(0)
    perm = torch.randperm(len(labels)).tolist()
    x = data / 16
    train_x, train_y = x[perm[n_valid:]], labels[perm[n_valid:]]
    valid_x, valid_y = x[perm[:n_valid]], labels[perm[:n_valid]]

    start = time.perf_counter()
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(64, 30), torch.nn.ReLU(), torch.nn.Linear(30, 10))
    criterion = torch.nn.CrossEntropyLoss()
    opt = torch.optim.SGD(model.parameters(), lr=0.2)
    loader = DataLoader(TensorDataset(train_x, train_y), batch_size=32, shuffle=True)
    for _ in range(epochs):
        total = 0.0
        for xb, yb in loader:
            loss = criterion(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            total += loss.item() * len(xb)
        _ = total / len(train_x)
        with torch.no_grad():
            acc = (model(valid_x).argmax(1) == valid_y).float().mean().item()
    return acc, time.perf_counter() - start


def matmul(n=1024, reps=20):
    torch.manual_seed(0)
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    a @ b
    best = math.inf
    for _ in range(reps):
        t0 = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t0)
    return best, 2 * n**3 / best / 1e9


# The scaling sweep, as in bench/scaling.go: one thread, the MLP epoch by
# batch size and by hidden width, square products by size.
SWEEP_BATCHES = [16, 32, 64, 128, 256, 512, 1024]
SWEEP_HIDDENS = [64, 128, 256, 512, 1024]
SWEEP_MATMULS = [32, 64, 128, 256, 512, 1024, 2048]
SWEEP_REPS = 3


def sweep_data(n=60_000):
    torch.manual_seed(0)
    X = torch.rand(n, 784)
    Y = torch.nn.functional.one_hot(torch.randint(0, 10, (n,)), 10).float()
    return X, Y


def sweep_epoch(X, Y, batch, hidden):
    torch.manual_seed(0)
    loader = DataLoader(TensorDataset(X, Y), batch_size=batch, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10))
    return train_epoch(loader, model, torch.optim.SGD(model.parameters(), lr=0.1))[1]


def sweep_product(n):
    """Best time of an n×n product over enough runs to fill about 0.2 s."""
    torch.manual_seed(0)
    a, b = torch.rand(n, n), torch.rand(n, n)
    a @ b
    best, total, i = math.inf, 0.0, 0
    while i < 50 and (i < 3 or total < 0.2):
        t0 = time.perf_counter()
        a @ b
        s = time.perf_counter() - t0
        best, total, i = min(best, s), total + s, i + 1
    return best


def sweep():
    X, Y = sweep_data()
    points = []
    for sweep_name, sizes, shape in [("mlp_batch", SWEEP_BATCHES, lambda s: (s, 128)),
                                     ("mlp_hidden", SWEEP_HIDDENS, lambda s: (64, s))]:
        for size in sizes:
            batch, hidden = shape(size)
            best = min(sweep_epoch(X, Y, batch, hidden) for _ in range(SWEEP_REPS))
            points.append({"sweep": sweep_name, "size": size, "seconds": best})
    for n in SWEEP_MATMULS:
        s = sweep_product(n)
        points.append({"sweep": "matmul", "size": n, "seconds": s, "gflops": 2 * n**3 / s / 1e9})
    return points


def cross_entropy_steps(n, steps):
    torch.manual_seed(0)
    logits = torch.randn(n, 10).requires_grad_()
    labels = (torch.rand(n) * 10).long()
    criterion = torch.nn.CrossEntropyLoss()
    for _ in range(steps):
        logits.grad = None
        loss = criterion(logits, labels)
        loss.backward()
    return loss.item()


def mlp_ce_epoch(n=60_000, batch=64, make=lambda ps: torch.optim.SGD(ps, lr=0.1)):
    torch.manual_seed(0)
    X = torch.rand(n, 784)
    labels = (torch.rand(n) * 10).long()
    loader = DataLoader(TensorDataset(X, labels), batch_size=batch, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    return train_epoch(loader, model, make(model.parameters()), torch.nn.CrossEntropyLoss())


def mlp_ce_adam():
    return mlp_ce_epoch(make=lambda ps: torch.optim.Adam(ps, lr=1e-3))


def timed(fn, repeat):
    fn()  # warm-up
    best, value = math.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        value = fn()
        best = min(best, time.perf_counter() - t0)
    return best, value


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--only", default="", help="comma-separated workload names")
    p.add_argument("--sweep", action="store_true", help="run the scaling sweep instead")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    if args.sweep:
        print(json.dumps(sweep()))
        return
    only = set(filter(None, args.only.split(",")))
    results = {}

    def want(name):
        return not only or name in only

    # The millisecond-long loops get SHORT_LOOP_REPS times more runs, as in
    # bench/main.go: one hiccup moves a single run by a third.
    for name, fn in [("x2", x_squared), ("quadratic", quadratic_fit), ("linear", linear_per_sample),
                     ("adam_x2", adam_x_squared), ("adam_quadratic", adam_quadratic_fit),
                     ("adam_linear", adam_linear_per_sample),
                     ("ce64", lambda: cross_entropy_steps(64, 1000)), ("ce4096", lambda: cross_entropy_steps(4096, 100))]:
        if want(name):
            s, v = timed(fn, SHORT_LOOP_REPS * args.repeat)
            results[name] = {"seconds": s, "value": v}
    # The data-loading workloads time only the training (data built outside).
    for name, fn in [("minibatch", minibatch_regression), ("mlp", mlp_epoch), ("mlp_ce", mlp_ce_epoch),
                     ("mlp_ce_adam", mlp_ce_adam), ("digits", digits_classifier)]:
        if want(name):
            fn()  # warm-up
            best, value = math.inf, None
            for _ in range(max(1, args.repeat - 1)):
                value, s = fn()
                best = min(best, s)
            results[name] = {"seconds": best, "value": value}
    if want("matmul"):
        s, gflops = matmul()
        results["matmul"] = {"seconds": s, "gflops": gflops}
    print(json.dumps({"torch": torch.__version__, "blas": loaded_blas(), "threads": args.threads, "results": results}))


def loaded_blas():
    """The BLAS library this process has loaded, from its memory map: the
    timings depend on it far more than on PyTorch itself."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line}
    except OSError:
        return "unknown BLAS"
    if any("openblas" in lib for lib in libs):
        return "OpenBLAS"
    if any("mkl" in lib for lib in libs):
        return "MKL"
    return "reference BLAS" if libs else "no BLAS library"


if __name__ == "__main__":
    main()
