"""Shared pieces of the mimic scripts: a deterministic raw-loss model and the output folder.

The mimic scripts reproduce, with numpy only, the exact recording code of each tool (smoothing, dtype, lr schedule,
stop rule) and save the result the way a user saves it (the Python lines in docs/importing.md). Next to each file
they write `<name>.truth.json`: the learning rates and the RAW per-batch losses the tool was fed, which the
round-trip tests compare the importer's recovered raw losses with.

Run: python3 scripts/mimic/all.py   (writes test/fixtures/imports/)
"""
import json
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test", "fixtures", "imports")


def out_path(name):
    os.makedirs(OUT, exist_ok=True)
    return os.path.normpath(os.path.join(OUT, name))


class RawLoss:
    """A model's per-batch training loss as a function of the learning rate: a plateau, a descent around 1e-3,
    a minimum, then divergence; multiplicative batch noise from a seeded generator. `nan_above` makes the loss
    NaN from that lr on (a run that blew up)."""

    def __init__(self, seed, noise=0.04, nan_above=None, scale=2.3):
        self.rng = np.random.default_rng(seed)
        self.noise = noise
        self.nan_above = nan_above
        self.scale = scale

    def __call__(self, lr):
        x = math.log10(lr)
        base = self.scale - 1.7 / (1 + math.exp(-2.2 * (x + 4.5))) + 2.0 * max(0.0, x + 1.5) ** 3
        value = base * (1 + self.noise * self.rng.standard_normal())
        if self.nan_above is not None and lr >= self.nan_above:
            return float("nan")
        return value


def write_json(obj, name):
    """json.dump as users call it: default separators, NaN/Infinity written as bare tokens."""
    with open(out_path(name), "w") as f:
        json.dump(obj, f)


def write_truth(name, lrs, raw, **extra):
    doc = {"lrs": [float(v) for v in lrs], "raw": [float(v) for v in raw]}
    doc.update(extra)
    write_json(doc, name + ".truth.json")
