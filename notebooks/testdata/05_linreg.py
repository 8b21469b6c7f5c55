"""Expected printed outputs of notebooks/05-sgd-linear-regression.ipynb.

Runs the code of "Notes - Gradient Descent" (after fastai course-v3
lesson2-sgd) with PyTorch and records what each cell prints, keyed by the id
of the notebook cell that reproduces it. The notebook test compares the
executed notebook with the result, byte for byte.

    /usr/bin/python3 notebooks/testdata/05_linreg.py > notebooks/testdata/05_linreg.json

Made with PyTorch 1.13. The post's run was unseeded; the notebook seeds with
42, and so does this script. fastai's tensor(3., 2) is torch.tensor([3., 2.]).
As in the notebook, update() returns the loss and the loop prints it, and the
fitted parameters are printed after training. "stdout" maps cell ids to what
they print; "animation_final_a" is a after the animation's 100 updates.
"""
import contextlib
import io
import json

import torch
from torch import nn

out = {}


@contextlib.contextmanager
def cell(cell_id):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        yield
    out[cell_id] = buf.getvalue()


def tensor(*values):  # fastai's tensor(3., 2)
    return torch.tensor(list(values))


torch.manual_seed(42)
n = 100
with cell("x"):
    x = torch.ones(n, 2)
    x[:, 0].uniform_(-1., 1)
    print(x[:5])

with cell("a-true"):
    a = tensor(3., 2)
    print(a)

y = x@a + torch.rand(n)


def mse(y, y_hat): return ((y-y_hat)**2).mean()


a = tensor(1., 1)
with cell("mse-guess"):
    y_hat = x@a
    print(mse(y, y_hat))

with cell("parameter"):
    a = nn.Parameter(a)
    print(a)

lr = 1e-1


def update():
    y_hat = x@a
    loss = mse(y, y_hat)
    loss.backward()
    with torch.no_grad():
        a.sub_(lr*a.grad)
        a.grad.zero_()
    return loss


with cell("train"):
    for t in range(100):
        loss = update()
        if t % 10 == 0:
            print(loss)

with cell("scatter-fit"):
    print(a)

# The animation: from a = (-1, 1), 100 more updates; its last frame draws x@a.
a = nn.Parameter(tensor(-1., 1))
for i in range(100):
    update()

print(json.dumps({"stdout": out, "animation_final_a": a.tolist()}, indent=1, sort_keys=True))
