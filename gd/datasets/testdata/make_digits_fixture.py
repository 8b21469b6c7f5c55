"""Writes digits_fixture.json: facts about digits.csv.gz computed with NumPy,
independently of the Go reader, for datasets' test.

Run: /usr/bin/python3 gd/datasets/testdata/make_digits_fixture.py
"""
import gzip
import json
import os

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
with gzip.open(os.path.join(here, "..", "digits.csv.gz"), "rt") as f:
    raw = np.loadtxt(f, delimiter=",")
data, target = raw[:, :-1], raw[:, -1].astype(int)
images = data.reshape(-1, 8, 8)
fixture = {
    "n": int(len(target)),
    "class_counts": np.bincount(target, minlength=10).tolist(),
    "pixel_sum_by_class": [float(data[target == k].sum()) for k in range(10)],
    "first_image": images[0].tolist(),
    "last_target": int(target[-1]),
    "mean_image": images.mean(axis=0).tolist(),
}
with open(os.path.join(here, "digits_fixture.json"), "w") as f:
    json.dump(fixture, f, indent=1)
    f.write("\n")
