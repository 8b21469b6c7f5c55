"""Expected printed outputs of notebooks/02-gradient-descent-and-batches.ipynb.

Runs the Python code of "Gradient descent and batches" (Erik Rodner) with NumPy
and PyTorch and records what each part prints, keyed by the id of the notebook
cell that reproduces it. The notebook test compares the executed notebook with
the result, byte for byte.

    /usr/bin/python3 notebooks/testdata/02_batches.py > notebooks/testdata/02_batches.json

Made with NumPy 1.24 and PyTorch 1.13. The page's code is used as printed,
with one change: its NumPy loop takes x_i = X[i], a one-element array, which
NumPy refuses to format with :.4f (TypeError), so x_i = X[i, 0] here, as in
the notebook. The extra parts (Rosenbrock descent, the gradient-average check
and the final comparison) are the notebook's own additions, computed here
independently of gd. "stdout" maps cell ids to what they print;
"rosenbrock_end" is the last point of the Rosenbrock descent.
"""
import contextlib
import io
import json
import warnings

import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

warnings.simplefilter("ignore")  # the (1,1)-vs-(1) broadcasting warning goes to stderr anyway
out = {}


@contextlib.contextmanager
def cell(cell_id):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        yield
    out[cell_id] = buf.getvalue()


# The figure: gradient descent on the Rosenbrock function, in plain Python floats.
with cell("rosenbrock"):
    def rosenbrock(x, y):
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)

    x, y = 0.0, 2.5
    for step in range(5000):
        gx, gy = -2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)
        x, y = x - 0.001 * gx, y - 0.001 * gy
    print(f"start (0, 2.5): f = {rosenbrock(0, 2.5):.2f}")
    print(f"after 5000 steps: ({x:.4f}, {y:.4f}), f = {rosenbrock(x, y):.5f}")
rosenbrock_end = [x, y]

# The gradient of the mean loss equals the mean of the per-example gradients.
with cell("average-check"):
    xs = torch.tensor([1., 2., 3., 4., 5.])
    ys = torch.tensor([2.1, 3.9, 6.2, 7.8, 10.1])
    w = torch.tensor(1.5, requires_grad=True)
    ((ys - xs * w) ** 2).mean().backward()
    full = w.grad.item()
    total = 0.0
    for i in range(5):
        w.grad = None
        ((ys[i] - xs[i] * w) ** 2).backward()
        total += w.grad.item()
    print(f"gradient of the mean loss:     {full:.4f}")
    print(f"mean of per-example gradients: {total / 5:.4f}")

# The page's NumPy SGD.
with cell("numpy-sgd"):
    np.random.seed(42)
    X = np.random.rand(100, 1) * 10
    y = 5 * X.squeeze() + 7 + np.random.randn(100)

    w = np.random.randn()
    b = np.random.randn()
    learning_rate = 0.01

    for epoch in range(5):
        for i in range(X.shape[0]):
            x_i = X[i, 0]  # the page has X[i]: see the docstring
            y_i = y[i]
            y_pred = w * x_i + b
            dw = -2 * (y_i - y_pred) * x_i
            db = -2 * (y_i - y_pred)
            w -= learning_rate * dw
            b -= learning_rate * db
            if i % 10 == 0:
                print(f"Epoch {epoch+1}, Sample {i+1}, Loss: {(y_i - y_pred) ** 2:.4f}")

    print(f"Trained weight: {w}, Trained bias: {b}")

# The page's PyTorch code, in one session as on the page.
torch.manual_seed(0)
X = torch.rand(100, 1) * 10
y = 2 * X + 3 + torch.randn(100, 1)

with cell("torch-model"):
    model = torch.nn.Linear(1, 1)
    criterion = torch.nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    print("Initial Model Parameters:", list(model.parameters()))

with cell("per-sample"):
    num_epochs = 5
    for epoch in range(num_epochs):
        for i in range(len(X)):
            optimizer.zero_grad()
            output = model(X[i].view(1, -1))
            loss = criterion(output, y[i].view(-1))
            loss.backward()
            optimizer.step()
            if (i+1) % 10 == 0:
                print(f"Epoch [{epoch+1}/{num_epochs}], Sample [{i+1}/{len(X)}], Loss: {loss.item():.4f}")
    print("Model Parameters after SGD:", list(model.parameters()))
per_sample = model

with cell("mini-batch"):
    batch_size = 10
    dataset = TensorDataset(X, y)
    data_loader = DataLoader(dataset, batch_size=batch_size, shuffle=True)
    model = torch.nn.Linear(1, 1)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    for epoch in range(num_epochs):
        for batch_X, batch_y in data_loader:
            optimizer.zero_grad()
            outputs = model(batch_X)
            loss = criterion(outputs, batch_y)
            loss.backward()
            optimizer.step()
        print(f"Epoch [{epoch+1}/{num_epochs}], Loss: {loss.item():.4f}")
    print("Model Parameters after Mini-Batch Gradient Descent:", list(model.parameters()))
mini_batch = model

# The notebook's comparison: final parameters and the loss on all 100 points.
with cell("compare"):
    with torch.no_grad():
        for name, m in [("per-sample", per_sample), ("mini-batch", mini_batch)]:
            print(f"{name:<10}  w = {m.weight.item():.4f}  b = {m.bias.item():.4f}  "
                  f"loss on all points = {criterion(m(X), y).item():.4f}")

print(json.dumps({"stdout": out, "rosenbrock_end": rosenbrock_end}, indent=1, sort_keys=True))
