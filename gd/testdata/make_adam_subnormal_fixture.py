#!/usr/bin/python3
"""Writes adam_subnormal_fixture.json: PyTorch's Adam through the steps in
which first moments decay into float32's subnormal range, for gd's
TestAdamSubnormalMomentsMatchPyTorch.

Run with Debian's python3-torch (1.13):

    /usr/bin/python3 gd/testdata/make_adam_subnormal_fixture.py

One float32 parameter of 256 elements, Adam (single-tensor, foreach=False),
lr 1e-3, default betas and eps, 1200 steps. Element i gets the gradient
((7*i + 13*t) % 101 - 50) * 2**-14 at step t (exact in float32) while it is
alive; elements die for good at step 40 + (i % 64) * 5 (their gradient is
zero from then on), except every sixteenth, which never dies. So dead
elements' first moments fall through the subnormals to zero at staggered
steps while their neighbours keep training. The fixture records the
parameter and both moments, as float32 bit patterns, at a few steps.
"""

import json
import os

import torch

torch.set_num_threads(1)

N, STEPS = 256, 1200
CHECK = [700, 800, 900, 1000, 1100, 1200]


def grad(i, t):
    if i % 16 != 0 and t >= 40 + (i % 64) * 5:
        return 0.0
    return ((7 * i + 13 * t) % 101 - 50) * 2.0 ** -14


def bits(t):
    return [int(x) & 0xFFFFFFFF for x in t.detach().view(torch.int32).tolist()]


def main():
    p = torch.nn.Parameter(torch.tensor([((i * 37) % 19 - 9) / 16 for i in range(N)], dtype=torch.float32))
    opt = torch.optim.Adam([p], lr=1e-3, foreach=False)
    out = {}
    for t in range(1, STEPS + 1):
        p.grad = torch.tensor([grad(i, t) for i in range(N)], dtype=torch.float32)
        opt.step()
        if t in CHECK:
            st = opt.state[p]
            out[str(t)] = {"param": bits(p), "exp_avg": bits(st["exp_avg"]), "exp_avg_sq": bits(st["exp_avg_sq"])}
    sub = sum(1 for b in out[str(900)]["exp_avg"] if 0 < (b & 0x7FFFFFFF) < 0x00800000)
    assert sub > 0, "no subnormal first moment at step 900"
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adam_subnormal_fixture.json")
    with open(path + ".tmp", "w") as f:
        json.dump({"n": N, "steps": STEPS, "check": out, "subnormal_at_900": sub}, f)
    os.replace(path + ".tmp", path)
    print("wrote", path, "subnormal first moments at step 900:", sub)


if __name__ == "__main__":
    main()
