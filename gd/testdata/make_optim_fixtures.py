#!/usr/bin/python3
"""Writes optim_fixtures.json: PyTorch's optimizer trajectories and
learning-rate schedules for gd's optimizer and scheduler tests.

Run with Debian's python3-torch (1.13):

    /usr/bin/python3 gd/testdata/make_optim_fixtures.py

Optimizers run their single-tensor code (foreach=False) on the CPU in
float32, for every combination of their options, on three problems:

    x2          loss = (p**2).sum(), p0 = [-10, 3.5]
    rosenbrock  x, y = p; loss = (1 - x)**2 + 100*(y - x**2)**2, p0 = [-1.5, 2]
    linear      nn.Linear(3, 1) + nn.MSELoss() on 32 seeded samples

Each case records, for 100 steps, the loss before the step and the
parameters after it, plus repr(optimizer). Schedulers drive SGD for 200
steps and record get_last_lr() (and OneCycleLR's momentum) after each step.
Numbers are stored as the float64 value of each float32, so they read back
exactly. The Go side is optim_fixtures_test.go.
"""

import itertools
import json
import math
import os
import warnings

import numpy as np
import torch

torch.set_num_threads(1)
warnings.simplefilter("ignore")

STEPS = 100
SCHED_STEPS = 200


def x2_problem():
    p = torch.tensor([-10.0, 3.5], requires_grad=True)
    return [p], lambda: (p ** 2).sum()  # gd: p.Pow(2).Sum()


def rosenbrock_problem():
    p = torch.tensor([-1.5, 2.0], requires_grad=True)

    def loss():
        x, y = p  # gd: x, y := p.Unpack2()
        return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2  # gd: x.RSub(1).Pow(2).Add(y.Sub(x.Pow(2)).Pow(2).Mul(100))
    return [p], loss


def linear_data():
    g = torch.Generator().manual_seed(0)
    X = torch.randn(32, 3, generator=g)
    y = X @ torch.tensor([[1.5], [-2.0], [0.5]]) + 0.3 + 0.1 * torch.randn(32, 1, generator=g)
    torch.manual_seed(0)
    model = torch.nn.Linear(3, 1)
    return X, y, model.weight.detach().clone(), model.bias.detach().clone()


def linear_problem():
    X, y, w, b = linear_data()
    model = torch.nn.Linear(3, 1)
    with torch.no_grad():
        model.weight.copy_(w)
        model.bias.copy_(b)
    criterion = torch.nn.MSELoss()
    return list(model.parameters()), lambda: criterion(model(X), y)  # gd: MSELoss()(model.Forward(X), y)


PROBLEMS = {"x2": x2_problem, "rosenbrock": rosenbrock_problem, "linear": linear_problem}

# Learning rates per optimizer and problem: large enough to move visibly in
# 100 steps, small enough not to diverge.
LRS = {
    "SGD": {"x2": 0.05, "rosenbrock": 1e-4, "linear": 0.05},
    "Adam": {"x2": 0.5, "rosenbrock": 0.05, "linear": 0.05},
    "AdamW": {"x2": 0.5, "rosenbrock": 0.05, "linear": 0.05},
    "RMSprop": {"x2": 0.1, "rosenbrock": 1e-3, "linear": 0.01},
    "Adagrad": {"x2": 1.0, "rosenbrock": 0.1, "linear": 0.1},
}

# Every combination of each optimizer's options: each flag on and off, each
# option that switches a code path (weight decay, momentum, ...) at zero and
# not, and the plain numbers (betas, eps, alpha) at PyTorch's defaults or,
# together, at other values ("numbers").
OPTIONS = {
    "SGD": {"momentum": [0, 0.9], "dampening": [0, 0.1], "nesterov": [False, True],
            "weight_decay": [0, 0.05], "maximize": [False, True]},
    "Adam": {"numbers": [{}, {"betas": (0.8, 0.99), "eps": 1e-6}], "weight_decay": [0, 0.05],
             "amsgrad": [False, True], "maximize": [False, True]},
    "AdamW": {"numbers": [{}, {"betas": (0.8, 0.99), "eps": 1e-6}], "weight_decay": [0.01, 0.1],
              "amsgrad": [False, True], "maximize": [False, True]},
    "RMSprop": {"numbers": [{}, {"alpha": 0.9, "eps": 1e-6}], "weight_decay": [0, 0.05],
                "momentum": [0, 0.9], "centered": [False, True], "maximize": [False, True]},
    "Adagrad": {"numbers": [{}, {"eps": 1e-6}], "lr_decay": [0, 0.01], "weight_decay": [0, 0.05],
                "initial_accumulator_value": [0, 0.1], "maximize": [False, True]},
}


def configs(name):
    keys = list(OPTIONS[name])
    for values in itertools.product(*(OPTIONS[name][k] for k in keys)):
        cfg = dict(zip(keys, values))
        cfg.update(cfg.pop("numbers", {}))
        if name == "SGD" and cfg["nesterov"] and (cfg["momentum"] == 0 or cfg["dampening"] != 0):
            continue  # refused by PyTorch (checked in the errors below)
        if name == "SGD" and cfg["momentum"] == 0 and cfg["dampening"] != 0:
            continue  # dampening without momentum changes nothing
        yield cfg


def f32(values):
    """float32 values as their shortest decimal strings (numpy's repr),
    which read back exactly when parsed as float32."""
    return [repr(np.float32(v)).replace("np.float32(", "").rstrip(")") for v in values]


# Parameters are recorded after these steps; losses after every step.
SNAPSHOTS = list(range(10)) + list(range(19, STEPS, 10))

def flat(params):
    return [float(v) for p in params for v in p.detach().reshape(-1).tolist()]


def optim_case(name, cfg, problem):
    params, loss_fn = PROBLEMS[problem]()
    lr = LRS[name][problem]
    opt = getattr(torch.optim, name)(params, lr=lr, foreach=False, **cfg)
    losses, traj = [], []
    for step in range(STEPS):
        opt.zero_grad()
        loss = loss_fn()
        loss.backward()
        opt.step()
        losses.append(loss.item())
        if step in SNAPSHOTS:
            traj.append(f32(flat(params)))
    cfg = {k: list(v) if isinstance(v, tuple) else v for k, v in cfg.items()}
    return {"optimizer": name, "problem": problem, "lr": lr, "config": cfg,
            "losses": f32(losses), "params": traj}


def repr_case(name, cfg):
    p = torch.zeros(2, requires_grad=True)
    opt = getattr(torch.optim, name)([p], lr=LRS[name]["x2"], **cfg)
    cfg = {k: list(v) if isinstance(v, tuple) else v for k, v in cfg.items()}
    return {"optimizer": name, "lr": LRS[name]["x2"], "config": cfg, "repr": repr(opt)}


def repr_cases():
    out = []
    for name in OPTIONS:
        out.append(repr_case(name, {}))
        full = {k: v[-1] for k, v in OPTIONS[name].items()}
        full.update(full.pop("numbers", {}))
        if name == "SGD":
            full["dampening"] = 0
        out.append(repr_case(name, full))
    # Two parameter groups, the second with its own lr and momentum.
    a, b = torch.zeros(2, requires_grad=True), torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [a]}, {"params": [b], "lr": 0.001, "momentum": 0.5}], lr=0.1, momentum=0.9)
    out.append({"optimizer": "SGD-groups", "repr": repr(opt)})
    return out


def groups_case():
    """SGD with two groups (different lr and momentum) on the linear model:
    weight in group 0, bias in group 1."""
    params, loss_fn = linear_problem()
    opt = torch.optim.SGD([{"params": [params[0]]}, {"params": [params[1]], "lr": 0.01, "momentum": 0.5}],
                          lr=0.05, momentum=0.9, foreach=False)
    traj = []
    for _ in range(50):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
        traj.append(flat(params))
    return traj


# Schedulers: (name, constructor on an optimizer, Go expression).
SCHEDULERS = [
    ("StepLR", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=30, gamma=0.1)),  # gd.NewStepLR(o, 30, 0.1)
    ("StepLR_g07", lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.7)),
    ("MultiStepLR", lambda o: torch.optim.lr_scheduler.MultiStepLR(o, milestones=[30, 80, 80, 150], gamma=0.3)),
    ("ExponentialLR", lambda o: torch.optim.lr_scheduler.ExponentialLR(o, gamma=0.97)),
    ("CosineAnnealingLR", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=50)),
    ("CosineAnnealingLR_eta", lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=37, eta_min=0.001)),
    ("LambdaLR", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 0.95 ** e)),
    ("LambdaLR_warmup", lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: min(1.0, (e + 1) / 10))),
    ("LinearLR", lambda o: torch.optim.lr_scheduler.LinearLR(o, start_factor=0.25, end_factor=1.0, total_iters=20)),
    ("OneCycleLR", lambda o: torch.optim.lr_scheduler.OneCycleLR(o, max_lr=1.0, total_steps=SCHED_STEPS + 1)),
    ("OneCycleLR_linear3", lambda o: torch.optim.lr_scheduler.OneCycleLR(
        o, max_lr=0.5, total_steps=SCHED_STEPS + 5, pct_start=0.25, anneal_strategy="linear", three_phase=True,
        div_factor=10.0, final_div_factor=100.0, base_momentum=0.8, max_momentum=0.9)),
]


def sched_case(name, make, adam=False):
    p = torch.zeros(2, requires_grad=True)
    q = torch.zeros(1, requires_grad=True)
    groups = [{"params": [p]}, {"params": [q], "lr": 0.01}]
    if adam:
        opt = torch.optim.Adam(groups, lr=0.1)
    else:
        opt = torch.optim.SGD(groups, lr=0.1, momentum=0.9)
    s = make(opt)
    lrs, moms = [s.get_last_lr()], []

    def momentum():
        return [g["betas"][0] if adam else g["momentum"] for g in opt.param_groups]
    moms.append(momentum())
    for _ in range(SCHED_STEPS):
        p.grad, q.grad = torch.ones(2), torch.ones(1)
        opt.step()
        s.step()
        lrs.append(s.get_last_lr())
        moms.append(momentum())
    return {"name": name + ("_adam" if adam else ""), "lrs": lrs, "momentum": moms, "repr": repr(opt)}


# ReduceLROnPlateau on a noisy, slowly improving metric (stored, so the Go
# side steps with the same numbers).
PLATEAU_METRICS = [max(1 / (1 + 0.05 * i), 0.2) + 0.03 * math.sin(1.7 * i) for i in range(SCHED_STEPS)]
PLATEAUS = [
    ("default", {}),  # gd.NewReduceLROnPlateau(o)
    ("max_abs", {"mode": "max", "threshold_mode": "abs", "threshold": 0.01, "factor": 0.5,
                 "patience": 3, "cooldown": 2, "min_lr": 0.002}),
    ("min_rel_patience2", {"patience": 2, "factor": 0.7, "threshold": 0.02, "cooldown": 1}),
]


def plateau_case(name, kwargs):
    p, q = torch.zeros(2, requires_grad=True), torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([{"params": [p]}, {"params": [q], "lr": 0.01}], lr=0.1)
    metrics = PLATEAU_METRICS if kwargs.get("mode") != "max" else [-m for m in PLATEAU_METRICS]
    s = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kwargs)
    lrs = []
    for m in metrics:
        s.step(m)
        lrs.append(s._last_lr)
    return {"name": name, "config": kwargs, "metrics": metrics, "lrs": lrs}


def state_dict_case():
    """Key names and values of an Adam (amsgrad) state after 3 linear steps."""
    params, loss_fn = linear_problem()
    opt = torch.optim.Adam(params, lr=0.05, amsgrad=True, foreach=False)
    for _ in range(3):
        opt.zero_grad()
        loss_fn().backward()
        opt.step()
    sd = opt.state_dict()
    state = {f"state.{i}.{k}": {"shape": list(v.shape), "data": [float(x) for x in v.reshape(-1).tolist()]}
             for i, st in sd["state"].items() for k, v in st.items()}
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 1, bias=False))
    return {"optimizer": state, "sequential_keys": list(model.state_dict()), "sequential_repr": repr(model)}


def error_cases():
    out = {}

    def expect(name, fn):
        try:
            fn()
        except (ValueError, TypeError) as e:
            out[name] = str(e)
        else:
            raise SystemExit("PyTorch accepted " + name)
    p = [torch.zeros(2, requires_grad=True)]
    expect("adam_beta0", lambda: torch.optim.Adam(p, betas=(1.0, 0.999)))
    expect("adam_beta1", lambda: torch.optim.Adam(p, betas=(0.9, -0.1)))
    expect("adam_eps", lambda: torch.optim.Adam(p, eps=-1e-8))
    expect("adam_lr", lambda: torch.optim.Adam(p, lr=-1))
    expect("adamw_wd", lambda: torch.optim.AdamW(p, weight_decay=-0.1))
    expect("rmsprop_alpha", lambda: torch.optim.RMSprop(p, alpha=-0.5))
    expect("rmsprop_momentum", lambda: torch.optim.RMSprop(p, momentum=-0.5))
    expect("adagrad_lr_decay", lambda: torch.optim.Adagrad(p, lr_decay=-0.5))
    expect("adagrad_iav", lambda: torch.optim.Adagrad(p, initial_accumulator_value=-1))
    expect("adam_nesterov", lambda: torch.optim.Adam(p, nesterov=True))
    expect("empty", lambda: torch.optim.Adam([]))
    expect("onecycle_too_many_steps", lambda: onecycle_overrun())
    return out


def onecycle_overrun():
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1, momentum=0.9)
    s = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=1.0, total_steps=3)
    for _ in range(4):
        opt.step()
        s.step()


def main():
    X, y, w, b = linear_data()
    fixtures = {
        "torch_version": torch.__version__,
        "linear_data": {"X": flat([X]), "y": flat([y]), "weight": flat([w]), "bias": flat([b])},
        "snapshots": SNAPSHOTS,
        "optim": [optim_case(n, c, pb) for n in OPTIONS for c in configs(n) for pb in PROBLEMS],
        "groups": groups_case(),
        "reprs": repr_cases(),
        "schedulers": [sched_case(n, m) for (n, m) in SCHEDULERS] +
                      [sched_case(n, m, adam=True) for (n, m) in SCHEDULERS if n.startswith("OneCycle")],
        "plateaus": [plateau_case(n, k) for (n, k) in PLATEAUS],
        "state_dict": state_dict_case(),
        "errors": error_cases(),
    }
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "optim_fixtures.json")
    with open(path, "w") as f:
        json.dump(fixtures, f, separators=(",", ":"))
        f.write("\n")
    print("wrote", path, os.path.getsize(path), "bytes")


if __name__ == "__main__":
    main()
