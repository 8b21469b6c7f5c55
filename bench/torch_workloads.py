"""The benchmark workloads in PyTorch (CPU, eager), timed the same way as gd's.

Run by `go run ./bench` with Debian's python3-torch; prints one JSON object:
{"torch": "<version>", "threads": N, "results": {"<workload>": {"seconds": s, ...}}}.
Each workload mirrors bench/workloads.go line for line. Timings are the best
of `--repeat` runs after one warm-up run, like gd's.
"""

import argparse
import json
import math
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


def train_epoch(loader, model, opt):
    """One epoch of mini-batch training with MSE, timed; returns the last loss."""
    criterion = torch.nn.MSELoss()
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


def mlp_epoch(n=60_000, batch=64):
    torch.manual_seed(0)
    X = torch.rand(n, 784)
    labels = torch.randint(0, 10, (n,))
    Y = torch.nn.functional.one_hot(labels, 10).float()
    loader = DataLoader(TensorDataset(X, Y), batch_size=batch, shuffle=True)
    model = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10))
    return train_epoch(loader, model, torch.optim.SGD(model.parameters(), lr=0.1))


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
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    only = set(filter(None, args.only.split(",")))
    results = {}

    def want(name):
        return not only or name in only

    # The millisecond-long loops get SHORT_LOOP_REPS times more runs, as in
    # bench/main.go: one hiccup moves a single run by a third.
    for name, fn in [("x2", x_squared), ("quadratic", quadratic_fit), ("linear", linear_per_sample),
                     ("adam_x2", adam_x_squared), ("adam_quadratic", adam_quadratic_fit),
                     ("adam_linear", adam_linear_per_sample)]:
        if want(name):
            s, v = timed(fn, SHORT_LOOP_REPS * args.repeat)
            results[name] = {"seconds": s, "value": v}
    # The data-loading workloads time only the training epoch (data built outside).
    for name, fn in [("minibatch", minibatch_regression), ("mlp", mlp_epoch)]:
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
    print(json.dumps({"torch": torch.__version__, "threads": args.threads, "results": results}))


if __name__ == "__main__":
    main()
