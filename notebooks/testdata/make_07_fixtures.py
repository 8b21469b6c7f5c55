"""Expected results of notebooks/07-regression-to-classification.ipynb.

Runs the notebook's computations with PyTorch, written here from the same
steps (fastbook chapter 4's, on the 8x8 digits), and records what each code
cell prints, keyed by the notebook cell's id, together with the key results
as numbers: the training histories (mean loss and validation accuracy per
epoch), the confusion matrix and the worst-classified validation images.

    /usr/bin/python3 notebooks/testdata/make_07_fixtures.py

writes notebooks/testdata/07_classify.json (atomically). Made with PyTorch
1.13 and the digits file gd embeds (gd/datasets/digits.csv.gz). Every random
draw is seeded as in the notebook; gd draws the same numbers.
"""
import contextlib
import csv
import gzip
import io
import json
import math
import os

import torch
import torch.nn.functional as F
from torch import nn
from torch.utils.data import DataLoader, TensorDataset

HERE = os.path.dirname(os.path.abspath(__file__))
out = {}


@contextlib.contextmanager
def cell(cell_id):
    """Records what the block prints as the output of the notebook cell cell_id."""
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        yield
    out[cell_id] = printed.getvalue()


def shape(t):
    """A shape as Go prints a []int: [1437 8 8]."""
    return "[" + " ".join(str(n) for n in t.shape) + "]"


# The data: pixels 0..16 scaled to [0, 1], 360 images held out by a seeded permutation.
with gzip.open(os.path.join(HERE, "..", "..", "gd", "datasets", "digits.csv.gz"), "rt") as f:
    rows = [[int(v) for v in r] for r in csv.reader(f)]
images = torch.tensor([r[:64] for r in rows], dtype=torch.float32).view(-1, 8, 8)
labels = torch.tensor([r[64] for r in rows])

N_VALID = 360
torch.manual_seed(0)
perm = torch.randperm(len(labels)).tolist()
x = images / 16
valid_idx, train_idx = perm[:N_VALID], perm[N_VALID:]
train_x, train_y = x[train_idx], labels[train_idx]
valid_x, valid_y = x[valid_idx], labels[valid_idx]

with cell("data"):
    print("training:", shape(train_x), " validation:", shape(valid_x))
    print("first labels:", train_y[:10])


def images_of(x, y, k):
    return x[[i for i, label in enumerate(y.tolist()) if label == k]]


threes, sevens = images_of(train_x, train_y, 3), images_of(train_x, train_y, 7)
valid_threes, valid_sevens = images_of(valid_x, valid_y, 3), images_of(valid_x, valid_y, 7)

# The pixel-average baseline.
mean3, mean7 = threes.mean(0), sevens.mean(0)
with cell("baseline-means"):
    print("training 3s:", len(threes), " 7s:", len(sevens))
    print("validation 3s:", len(valid_threes), " 7s:", len(valid_sevens))


def distance(a, b):
    return (a - b).abs().mean((-1, -2))


with cell("distance"):
    a3 = threes[0]
    print("L1   to the mean 3:", distance(a3, mean3), " to the mean 7:", distance(a3, mean7))
    print("RMSE to the mean 3:", F.mse_loss(a3, mean3).sqrt(), " to the mean 7:", F.mse_loss(a3, mean7).sqrt())


def is_three(x):
    return distance(x, mean3) < distance(x, mean7)


with cell("baseline-acc"):
    acc3 = is_three(valid_threes).float().mean()
    acc7 = (1 - is_three(valid_sevens).float()).mean()
    print("3s:", acc3, " 7s:", acc7, " both:", (acc3 + acc7) / 2)


# 3s against 7s with a linear model.
def binary_targets(n3, n7):
    t = torch.zeros(n3 + n7, 1)
    t[:n3] = 1
    return t


train37_x = torch.cat([threes, sevens]).view(-1, 64)
train37_y = binary_targets(len(threes), len(sevens))
valid37_x = torch.cat([valid_threes, valid_sevens]).view(-1, 64)
valid37_y = binary_targets(len(valid_threes), len(valid_sevens))


def init_params(std, *size):
    return (torch.randn(size) * std).requires_grad_()


def linear1(xb, weights, bias):
    return xb @ weights + bias


with cell("binary-data"):
    print("training:", shape(train37_x), shape(train37_y), " validation:", shape(valid37_x), shape(valid37_y))

with cell("init"):
    torch.manual_seed(42)
    weights = init_params(1, 64, 1)
    bias = init_params(1, 1)
    preds = linear1(train37_x, weights, bias)
    print(preds[:4])
    corrects = (preds > 0).float() == train37_y
    print("accuracy:", corrects.float().mean())
    with torch.no_grad():
        weights[0] *= 1.0001
    preds = linear1(train37_x, weights, bias)
    print("after a small change:", ((preds > 0).float() == train37_y).float().mean())

with cell("where"):
    trgts = torch.tensor([1., 0, 1])
    prds = torch.tensor([0.9, 0.4, 0.2])
    print(torch.where(trgts == 1, 1 - prds, prds))
    print(torch.where(trgts == 1, 1 - prds, prds).mean())
    prds = torch.tensor([0.9, 0.4, 0.8])
    print(torch.where(trgts == 1, 1 - prds, prds).mean())


def mnist_loss(preds, targets):
    p = preds.sigmoid()
    return torch.where(targets == 1, 1 - p, p).mean()


with cell("bce-slopes"):
    xs = torch.linspace(-6, 6, 121).requires_grad_()
    ones = torch.ones_like(xs)
    mnist = mnist_loss(xs, ones)
    bce = F.binary_cross_entropy_with_logits(xs, ones)
    mnist.backward()
    mnist_slope = (xs.grad * 121).tolist()
    xs.grad = None
    bce.backward()
    bce_slope = (xs.grad * 121).tolist()
    at = 20
    print(f"at x = {xs[at].item():.0f}: slope of mnist_loss {mnist_slope[at]:.4f}, of BCE {bce_slope[at]:.4f}")

with cell("bce-toy"):
    trgts = torch.tensor([1., 0, 1])
    prds = torch.tensor([0.9, 0.4, 0.2])
    print(F.binary_cross_entropy(prds, trgts))
    logits = (prds / (1 - prds)).log()
    print(F.binary_cross_entropy_with_logits(logits, trgts))

with cell("loader"):
    torch.manual_seed(42)
    dl = DataLoader(TensorDataset(torch.arange(0, 15).float()), batch_size=5, shuffle=True)
    for (batch,) in dl:
        print(batch)


def binary_accuracy(preds, targets):
    return ((preds.sigmoid() > 0.5) == targets).float().mean()


def history(losses_acc):
    return {"loss": [l for l, _ in losses_acc], "accuracy": [a for _, a in losses_acc]}


def train_by_hand(std, loss_func, lr, epochs):
    """The seven steps written out, as the notebook's trainByHand."""
    torch.manual_seed(42)
    weights, bias = init_params(std, 64, 1), init_params(std, 1)
    dl = DataLoader(TensorDataset(train37_x, train37_y), batch_size=32, shuffle=True)
    hist = []
    for _ in range(epochs):
        total = 0.0
        for xb, yb in dl:
            loss = loss_func(linear1(xb, weights, bias), yb)
            loss.backward()
            for p in (weights, bias):
                p.data -= p.grad * lr
                p.grad.zero_()
            total += loss.item() * float(len(xb))
        acc = binary_accuracy(linear1(valid37_x, weights, bias), valid37_y).item()
        hist.append((total / float(len(train37_x)), acc))
    return weights, bias, hist


_, _, mnist_hist = train_by_hand(1, mnist_loss, 1, 20)
_, _, bce_hist = train_by_hand(1, F.binary_cross_entropy_with_logits, 1, 20)
with cell("train37"):
    print("epoch   mnist_loss  accuracy        BCE  accuracy")
    for i, (m, b) in enumerate(zip(mnist_hist, bce_hist)):
        print("%5d %12.4f %9.4f %10.4f %9.4f" % (i + 1, m[0], m[1], b[0], b[1]))


SWEEP_LRS = [0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30]
sweep = []
for lr in SWEEP_LRS:
    _, _, m = train_by_hand(1, mnist_loss, lr, 20)
    _, _, b = train_by_hand(1, F.binary_cross_entropy_with_logits, lr, 20)
    sweep.append({"lr": lr, "mnist_loss": history(m), "bce": history(b)})
with cell("sweep"):
    print("   lr   mnist_loss  accuracy        BCE  accuracy   (after 20 epochs)")
    for run in sweep:
        m, b = run["mnist_loss"], run["bce"]
        print("%5g %12.4f %9.4f %10.4f %9.4f" % (run["lr"], m["loss"][19], m["accuracy"][19], b["loss"][19], b["accuracy"][19]))


def fit(model, loss_func, accuracy, lr, epochs, train_x, train_y, valid_x, valid_y):
    """The notebook's fit: SGD over shuffled mini-batches of 32."""
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    dl = DataLoader(TensorDataset(train_x, train_y), batch_size=32, shuffle=True)
    hist = []
    for _ in range(epochs):
        total = 0.0
        for xb, yb in dl:
            loss = loss_func(model(xb), yb)
            loss.backward()
            opt.step()
            opt.zero_grad()
            total += loss.item() * float(len(xb))
        with torch.no_grad():
            acc = accuracy(model(valid_x), valid_y).item()
        hist.append((total / float(len(train_x)), acc))
    return hist


with cell("mlp37"):
    torch.manual_seed(42)
    linear = nn.Linear(64, 1)
    lin_hist = fit(linear, nn.BCEWithLogitsLoss(), binary_accuracy, 0.5, 20, train37_x, train37_y, valid37_x, valid37_y)
    torch.manual_seed(42)
    simple_net = nn.Sequential(nn.Linear(64, 30), nn.ReLU(), nn.Linear(30, 1))
    print(simple_net)
    mlp_hist = fit(simple_net, nn.BCEWithLogitsLoss(), binary_accuracy, 0.5, 20, train37_x, train37_y, valid37_x, valid37_y)
    print("epoch       linear  accuracy  simple_net  accuracy")
    for i, (l, m) in enumerate(zip(lin_hist, mlp_hist)):
        print("%5d %12.4f %9.4f %11.4f %9.4f" % (i + 1, l[0], l[1], m[0], m[1]))

with cell("init-scale"):
    print("  std   epoch 1   epoch 5  epoch 20")
    for std in [1, 0.3, 0.1]:
        _, _, h = train_by_hand(std, F.binary_cross_entropy_with_logits, 0.5, 20)
        print("%5g %9.4f %9.4f %9.4f" % (std, h[0][1], h[4][1], h[19][1]))

with cell("softmax"):
    torch.manual_seed(42)
    acts = torch.randn(6, 2) * 2
    targ = torch.tensor([0, 1, 0, 1, 1, 0])
    sm = acts.softmax(1)
    print(sm)
    print((acts[:, 0] - acts[:, 1]).sigmoid())
    picked = 0.0
    for i, t in enumerate(targ.tolist()):
        picked += -math.log(sm[i][t].item())
    print(f"mean of -log(p of the target): {picked / 6:.4f}")
    print(F.nll_loss(acts.log_softmax(1), targ))
    print(F.cross_entropy(acts, targ))


# Ten classes.
def new_mlp():
    return nn.Sequential(nn.Linear(64, 30), nn.ReLU(), nn.Linear(30, 10))


def class_accuracy(preds, targets):
    return (preds.argmax(1) == targets).float().mean()


flat_train, flat_valid = train_x.view(-1, 64), valid_x.view(-1, 64)
with cell("ten-train"):
    torch.manual_seed(0)
    model = new_mlp()
    with torch.no_grad():
        print("untrained loss:", F.cross_entropy(model(flat_train), train_y))
    ten_hist = fit(model, nn.CrossEntropyLoss(), class_accuracy, 0.2, 20, flat_train, train_y, flat_valid, valid_y)
    print("epoch     loss  accuracy")
    for i, (loss, acc) in enumerate(ten_hist):
        print("%5d %8.4f %9.4f" % (i + 1, loss, acc))
    print("saved", "gd-notebook-07-digits-mlp.safetensors")

with torch.no_grad():
    logits = model(flat_valid)

with cell("load"):
    print("validation accuracy:", class_accuracy(logits, valid_y))

preds = logits.argmax(1)
counts = torch.zeros(100, dtype=torch.long)
for a, p in zip(valid_y.tolist(), preds.tolist()):
    counts[a * 10 + p] += 1
counts = counts.view(10, 10)
with cell("confusion"):
    print(counts)

losses = F.cross_entropy(logits, valid_y, reduction="none").tolist()
probs = logits.softmax(1)
actual = valid_y.tolist()
order = sorted(range(len(losses)), key=lambda i: -losses[i])  # stable, as sort.SliceStable
worst = []
with cell("worst"):
    pl = preds.tolist()
    for i in order[:10]:
        p = probs[i][pl[i]].item()
        print("image %3d: label %d, predicted %d (probability %.2f), loss %.3f" % (i, actual[i], pl[i], p, losses[i]))
        worst.append({"index": i, "label": actual[i], "predicted": pl[i], "loss": losses[i]})

with cell("weights10"):
    torch.manual_seed(0)
    linear10 = nn.Linear(64, 10)
    lin10_hist = fit(linear10, nn.CrossEntropyLoss(), class_accuracy, 0.5, 20, flat_train, train_y, flat_valid, valid_y)
    print("linear model after %d epochs: loss %.4f, validation accuracy %.4f" % (len(lin10_hist), *lin10_hist[-1]))

fixture = {
    "torch_version": torch.__version__,
    "stdout": out,
    "histories": {
        "mnist_loss": history(mnist_hist),
        "bce": history(bce_hist),
        "linear37": history(lin_hist),
        "simple_net": history(mlp_hist),
        "ten_digits": history(ten_hist),
        "linear10": history(lin10_hist),
    },
    "lr_sweep": sweep,
    "confusion": counts.tolist(),
    "worst": worst,
}
path = os.path.join(HERE, "07_classify.json")
with open(path + ".tmp", "w") as f:
    json.dump(fixture, f, indent=1, sort_keys=True)
    f.write("\n")
    f.flush()
    os.fsync(f.fileno())
os.replace(path + ".tmp", path)
