#!/usr/bin/python3
"""Writes exp_torch.bin: what PyTorch 1.13's float32 exp gives for the
inputs of exp_test.go's expFixtureInputs, as little-endian float32 bits.

Run with Debian's python3-torch (1.13), from the repository root:

    /usr/bin/python3 gd/internal/vec/testdata/make_exp_fixture.py

The inputs are not stored: both sides build them, the special values
listed below and then N points of an additive recurrence (no RNG) over
[-106, 102), each rounded from float64 to float32. torch.exp on a
contiguous float32 tensor runs the vectorised kernel (SLEEF's expf) that
softmax and cross-entropy use.
"""

import os

import numpy as np
import torch

torch.set_num_threads(1)

SPECIAL = [0.0, -0.0, 1.0, -1.0, 88.72, 88.73, 89.0, 100.0, 100.5, -87.3, -103.9, -103.97, -104.0, -104.5,
           float("inf"), float("-inf"), 1e-30, -1e-30, 1.4e-45, 0.5 * np.log(2) / 32]
N = 16384


def inputs():
    g = 0.7548776662466927
    rec = [-106.0 + 208.0 * ((k * g) % 1.0) for k in range(N)]
    return np.array(SPECIAL + rec, dtype=np.float64).astype(np.float32)


def main():
    x = inputs()
    y = torch.from_numpy(x).exp().numpy()
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "exp_torch.bin")
    tmp = out + ".tmp"
    with open(tmp, "wb") as f:
        f.write(y.astype("<f4").tobytes())
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, out)
    print(f"torch {torch.__version__}: {len(y)} values -> {out}")


if __name__ == "__main__":
    main()
