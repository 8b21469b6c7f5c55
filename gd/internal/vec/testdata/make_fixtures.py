#!/usr/bin/python3
"""Writes exp_torch.bin and log_torch.bin: what PyTorch 1.13's float32 exp
and log give for the inputs of expFixtureInputs and logFixtureInputs
(exp_test.go, log_test.go), as little-endian float32 bits.

Run with Debian's python3-torch (1.13), from the repository root:

    /usr/bin/python3 gd/internal/vec/testdata/make_fixtures.py

The inputs are not stored: both sides build them. For exp: the special
values below, then N points of an additive recurrence (no RNG) over
[-106, 102), each rounded from float64 to float32. For log: special
values, N points of the recurrence over [1, 17) (the sums that
log-softmax takes the log of), then every 2**17-th float32 bit pattern
(both signs: zeros, subnormals, normal values, infinities and NaNs). torch.exp and torch.log on a contiguous float32 tensor run the
vectorised kernels (SLEEF's expf and logf) that softmax and log-softmax
use.
"""

import os

import numpy as np
import torch

torch.set_num_threads(1)

EXP_SPECIAL = [0.0, -0.0, 1.0, -1.0, 88.72, 88.73, 89.0, 100.0, 100.5, -87.3, -103.9, -103.97, -104.0, -104.5,
               float("inf"), float("-inf"), 1e-30, -1e-30, 1.4e-45, 0.5 * np.log(2) / 32]
LOG_SPECIAL = [0.0, -0.0, 1.0, -1.0, 2.0, 0.75, 1.5, 1.4999999, float("inf"), float("-inf"), 1e-40, 1.17549435e-38]
N = 16384
G = 0.7548776662466927


def recurrence(lo, hi):
    return [lo + (hi - lo) * ((k * G) % 1.0) for k in range(N)]


def write(name, y):
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(y.astype("<f4").tobytes())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    print(f"torch {torch.__version__}: {len(y)} values -> {path}")


def main():
    x = np.array(EXP_SPECIAL + recurrence(-106.0, 102.0), dtype=np.float64).astype(np.float32)
    write("exp_torch.bin", torch.from_numpy(x).exp().numpy())
    bits = np.arange(0, 1 << 32, 1 << 17, dtype=np.uint64).astype(np.uint32)
    x = np.concatenate([np.array(LOG_SPECIAL + recurrence(1.0, 17.0), dtype=np.float64).astype(np.float32),
                        bits.view(np.float32)])
    write("log_torch.bin", torch.from_numpy(x).log().numpy())


if __name__ == "__main__":
    main()
