"""Expected numbers of notebooks/06-optimizers-compared.ipynb, from PyTorch.

Runs the notebook's experiments with torch.optim (PyTorch 1.13, CPU, float32)
and writes what the notebook's test compares with, independently of gd:

    /usr/bin/python3 notebooks/testdata/06_optimizers.py > notebooks/testdata/06_optimizers.json

- "bowl": plain SGD on L(w) = (1*w1**2 + 20*w2**2) * 0.5 from (-9, 1.5), the
  point after 60 steps for each step size of the notebook's table;
- "bowl_views" and "momentum_views": the point after 60 steps for every view
  of the step-size slider, and of the step-size and momentum sliders
  (keyed "alpha,beta"), null where the run diverged;
- "races": for each landscape, every optimizer at every learning rate of its
  grid, 500 steps; the index of the rate that ends lowest (ties and NaN as in
  the notebook: the first strictly lower finite loss wins) and that run's
  point and loss after 10, 100 and 500 steps, and where every rate's run
  ends ("ends", in the grid's order, null where it diverged);
- "schedules": RMSprop (lr 0.1) on Beale and Adam (lr 0.1) on Rosenbrock
  under each learning-rate schedule, the point and loss after 500 steps
  (the scheduler stepped after every optimizer step).

Losses are written with the operations in the notebook's order, so float32
rounding is the same. Numbers are the float64 value of each float32.
"""
import json
import math

import torch

torch.set_num_threads(1)
O = torch.optim


def bowl(x, y):
    return (x ** 2 * 1.0 + y ** 2 * 20.0) * 0.5  # gd: x.Pow(2).Mul(λ1).Add(y.Pow(2).Mul(λ2)).Mul(0.5)


def rosenbrock(x, y):
    return (1 - x) ** 2 + (y - x ** 2) ** 2 * 100  # gd: x.RSub(1).Pow(2).Add(y.Sub(x.Pow(2)).Pow(2).Mul(100))


def beale(x, y):
    # gd: x.RSub(1.5).Add(x.Mul(y)).Pow(2).Add(x.RSub(2.25).Add(x.Mul(y.Pow(2))).Pow(2)).Add(x.RSub(2.625).Add(x.Mul(y.Pow(3))).Pow(2))
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y ** 2) ** 2 + (2.625 - x + x * y ** 3) ** 2


def descend(f, start, steps, make_opt, make_sched=None):
    p = torch.tensor(start, requires_grad=True)
    opt = make_opt([p])
    sched = make_sched(opt) if make_sched else None
    xs, ys, losses = [], [], []
    for i in range(steps + 1):
        opt.zero_grad()
        x, y = p
        loss = f(x, y)
        xs.append(p[0].item())
        ys.append(p[1].item())
        losses.append(loss.item())
        if i == steps:
            break
        loss.backward()
        opt.step()
        if sched:
            sched.step()
    return xs, ys, losses


RACERS = [
    ("SGD", [2.5e-4, 5e-4, 1e-3, 2e-3, 2.5e-3], lambda ps, lr: O.SGD(ps, lr=lr)),
    ("momentum", [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3], lambda ps, lr: O.SGD(ps, lr=lr, momentum=0.9)),
    ("Nesterov", [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 3e-3], lambda ps, lr: O.SGD(ps, lr=lr, momentum=0.9, nesterov=True)),
    ("Adagrad", [0.1, 0.2, 0.5, 1, 2], lambda ps, lr: O.Adagrad(ps, lr=lr)),
    ("RMSprop", [1e-3, 3e-3, 1e-2, 3e-2, 0.1], lambda ps, lr: O.RMSprop(ps, lr=lr)),
    ("Adam", [0.01, 0.03, 0.1, 0.3, 1], lambda ps, lr: O.Adam(ps, lr=lr)),
]

PROBLEMS = [
    ("Rosenbrock", rosenbrock, [-1.5, 2.0], 500),
    ("Beale", beale, [1.0, 1.5], 500),
]

S = O.lr_scheduler
SCHEDULES = [
    ("constant", None),
    ("StepLR(100, 0.5)", lambda o: S.StepLR(o, 100, 0.5)),
    ("CosineAnnealingLR(500)", lambda o: S.CosineAnnealingLR(o, 500)),
    ("ExponentialLR(0.99)", lambda o: S.ExponentialLR(o, 0.99)),
]
SCHEDULE_CASES = [
    ("RMSprop on Beale", beale, [1.0, 1.5], lambda ps: O.RMSprop(ps, lr=0.1)),
    ("Adam on Rosenbrock", rosenbrock, [-1.5, 2.0], lambda ps: O.Adam(ps, lr=0.1)),
]


def finite(point):
    """The point, or None where a run diverged (JSON has no NaN)."""
    return point if all(math.isfinite(v) for v in point) else None


def race(f, start, steps):
    out = []
    for name, lrs, make in RACERS:
        runs = [descend(f, start, steps, lambda ps, lr=lr: make(ps, lr)) for lr in lrs]
        best = 0
        for j, (_, _, losses) in enumerate(runs):
            last, cur = losses[-1], runs[best][2][-1]
            if not math.isnan(last) and (math.isnan(cur) or last < cur):
                best = j
        xs, ys, losses = runs[best]
        out.append({"name": name, "lr": lrs[best], "at": {
            str(n): [xs[n], ys[n], losses[n]] for n in (10, 100, steps)},
            "ends": [finite([r[0][-1], r[1][-1]]) for r in runs]})
    return out


result = {"bowl": {}, "bowl_views": {}, "momentum_views": {}, "races": {}, "schedules": {}}
for alpha in (0.01, 0.05, 0.095, 0.1, 0.105):
    xs, ys, _ = descend(bowl, [-9.0, 1.5], 60, lambda ps: O.SGD(ps, lr=alpha))
    result["bowl"][repr(alpha)] = [xs[60], ys[60]]
for alpha in (0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.095, 0.1, 0.105):
    xs, ys, _ = descend(bowl, [-9.0, 1.5], 60, lambda ps: O.SGD(ps, lr=alpha))
    result["bowl_views"][repr(alpha)] = finite([xs[60], ys[60]])
for alpha in (0.01, 0.02, 0.05, 0.08, 0.1, 0.134, 0.16, 0.2):
    for beta in (0, 0.2, 0.4, 0.6, 0.8, 0.9, 0.95):
        xs, ys, _ = descend(bowl, [-9.0, 1.5], 60, lambda ps: O.SGD(ps, lr=alpha, momentum=beta))
        result["momentum_views"]["%r,%r" % (alpha, beta)] = finite([xs[60], ys[60]])
for name, f, start, steps in PROBLEMS:
    result["races"][name] = race(f, start, steps)
for case, f, start, make in SCHEDULE_CASES:
    result["schedules"][case] = []
    for name, make_sched in SCHEDULES:
        xs, ys, losses = descend(f, start, 500, make, make_sched)
        result["schedules"][case].append({"name": name, "end": [xs[500], ys[500], losses[500]]})
print(json.dumps(result, indent=1, sort_keys=True))
