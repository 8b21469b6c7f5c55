#!/usr/bin/python3
"""Writes softmax_torch.bin: PyTorch 1.13's float32 softmax and log_softmax
along the last dim, their backward passes and cross_entropy's gradient, for
softmax_exact_test.go, which checks gd's kernels against them bit for bit.

Run with Debian's python3-torch (1.13), from the repository root:

    /usr/bin/python3 gd/testdata/make_softmax_fixture.py

Inputs are not stored: both sides build them from the additive recurrence
of make_class_fixtures.py (no RNG), computed in float64 and rounded to
float32. For each case of CASES, in order, the file holds little-endian
float32 arrays of rows*size values: softmax(x) and its backward for the
upstream gradient g, log_softmax(x) and its backward for g, and the
gradient of the mean cross-entropy of x against the labels; then one
float32, that loss. Last, for many short rows (ROWS) whose label's logit
is set to 6, the largest, the per-sample cross-entropy losses
(reduction="none"): each is exactly its row's log-sum, so they show how
that logarithm rounds.
"""

import os

import numpy as np
import torch

torch.set_num_threads(1)

# (rows, size, seed, lo, hi): several blocks of rows, row lengths below,
# at and above the vector width of eight, and logits that would overflow
# a naive exp.
CASES = [(300, 10, 1, -6, 6), (40, 37, 2, -6, 6), (30, 3, 3, -6, 6), (20, 8, 4, -6, 6), (20, 16, 5, -6, 6),
         (20, 10, 6, -120, 120), (7, 1, 7, -6, 6)]

ROWS = (8192, 4, 8)


def seq(n, seed, lo, hi):
    g = 0.7548776662466927
    return [lo + (hi - lo) * ((k * g + seed * 0.5698402909980532) % 1.0) for k in range(n)]


def f32(values, shape):
    return torch.tensor(np.array(values, dtype=np.float64).astype(np.float32)).reshape(shape)


def main():
    out = []
    for rows, size, seed, lo, hi in CASES:
        x = f32(seq(rows * size, seed, lo, hi), (rows, size))
        g = f32(seq(rows * size, seed + 100, -1, 1), (rows, size))
        labels = torch.tensor([int(v) for v in seq(rows, seed + 200, 0, size)])

        xs = x.clone().requires_grad_()
        y = xs.softmax(1)
        y.backward(g)
        out += [y.detach(), xs.grad]

        xl = x.clone().requires_grad_()
        yl = xl.log_softmax(1)
        yl.backward(g)
        out += [yl.detach(), xl.grad]

        xc = x.clone().requires_grad_()
        loss = torch.nn.functional.cross_entropy(xc, labels)
        loss.backward()
        out += [xc.grad, loss.detach().reshape(1)]
    rows, size, seed = ROWS
    x = f32(seq(rows * size, seed, -6, 6), (rows, size))
    labels = torch.tensor([int(v) for v in seq(rows, seed + 200, 0, size)])
    x[torch.arange(rows), labels] = 6.0
    out.append(torch.nn.functional.cross_entropy(x, labels, reduction="none"))
    data = b"".join(t.numpy().astype("<f4").tobytes() for t in out)
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "softmax_torch.bin")
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    print(f"torch {torch.__version__}: {len(data) // 4} values -> {path}")


if __name__ == "__main__":
    main()
