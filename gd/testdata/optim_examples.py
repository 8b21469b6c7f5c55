#!/usr/bin/python3
"""Prints, with PyTorch 1.13, what the Examples in optim_example_test.go
print with gd; their `// Output:` blocks are this script's output.

    /usr/bin/python3 gd/testdata/optim_examples.py
"""
import os
import tempfile

import torch

torch.set_num_threads(1)

print("== ExampleAdam")
x = torch.tensor(-10.0).requires_grad_()
opt = torch.optim.Adam([x], lr=0.5)
for step in range(100):
    opt.zero_grad()
    loss = x ** 2
    loss.backward()
    opt.step()
    if step % 25 == 24:
        print(step + 1, x)
print(opt)

print("== ExampleNewCosineAnnealingLR")
w = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)
for epoch in range(6):
    w.grad = torch.ones(1)
    opt.step()
    sched.step()
    print("epoch %d: lr %.6f" % (epoch, sched.get_last_lr()[0]))

print("== ExampleSaveModule")
torch.manual_seed(0)
X = torch.tensor([[1.0], [2.0], [3.0], [4.0]])
y = 2 * X + 1
model = torch.nn.Linear(1, 1)
opt = torch.optim.SGD(model.parameters(), lr=0.05)
criterion = torch.nn.MSELoss()
for _ in range(200):
    opt.zero_grad()
    criterion(model(X), y).backward()
    opt.step()
# The Go example saves with gd.SaveModule and loads with gd.LoadModule;
# torch.save/load_state_dict keep the same values.
path = os.path.join(tempfile.mkdtemp(), "line.pt")
torch.save(model.state_dict(), path)
torch.manual_seed(1)
loaded = torch.nn.Linear(1, 1)
loaded.load_state_dict(torch.load(path))
print(list(loaded.parameters()))
with torch.no_grad():
    print(loaded(torch.tensor([[10.0]])))

print("== ExampleOptimizer")
makers = [
    ("SGD", lambda ps: torch.optim.SGD(ps, lr=1e-3, momentum=0.9)),
    ("Adam", lambda ps: torch.optim.Adam(ps, lr=0.05)),
    ("RMSprop", lambda ps: torch.optim.RMSprop(ps, lr=1e-2)),
    ("Adagrad", lambda ps: torch.optim.Adagrad(ps, lr=0.5)),
]
for name, make in makers:
    p = torch.tensor([-1.5, 2.0], requires_grad=True)
    opt = make([p])
    for _ in range(500):
        opt.zero_grad()
        x, y = p
        loss = (1 - x) ** 2 + 100 * (y - x ** 2) ** 2
        loss.backward()
        opt.step()
    print("%-8s %s loss %.4f" % (name, p.detach(), loss.item()))
