#!/usr/bin/python3
"""Prints, with PyTorch 1.13, what the Examples in loss_example_test.go and
io_gonum_example_test.go print with gd; their `// Output:` blocks are this
script's output (gonum's own formatting aside).

    /usr/bin/python3 gd/testdata/class_examples.py
"""
import torch

torch.set_num_threads(1)

print("== ExampleCrossEntropyLoss")
logits = torch.tensor([[2.0, 1, 0.1], [0.5, 2.5, 0.3]]).requires_grad_()
labels = torch.tensor([0, 2])
loss = torch.nn.CrossEntropyLoss()(logits, labels)
print(loss)
loss.backward()
print(logits.grad)
print(logits.softmax(1))
preds = logits.argmax(1)
print(preds, preds == labels, (preds == labels).float().mean())

print("== ExampleBCEWithLogitsLoss")
x = torch.tensor([-1.5, 0.5, 2])
t = torch.tensor([0.0, 1, 1])
print(torch.nn.BCEWithLogitsLoss()(x, t), (x > 0).sum())

print("== ExampleFromMatrix")
a = torch.tensor([[2.0, 1], [1, 3]], dtype=torch.float64)
print(a)
print(torch.linalg.solve(a, torch.tensor([3.0, 5], dtype=torch.float64)))

print("== ExampleTensor_Dense")
x = torch.arange(6.0).view(2, 3).double()
x.numpy()[0, 0] = 100  # numpy() shares memory, as Dense does
print(x)
