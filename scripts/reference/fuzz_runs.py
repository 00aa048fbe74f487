#!/usr/bin/env python3
"""Differential fuzzing of the presets: random raw runs plus the numpy/scipy reference outputs for each.

Writes DIR/runs.json = {"runs": [{"lrs", "losses", "numIt", "presets": <anchors.presets_for_run>}...]} for
scripts/fuzz-presets.ts to compare against lrfind's presets. Not part of the test suite (the committed fixtures
are); a tool to hunt for disagreements on curves nobody hand-picked.

Run: python3 scripts/reference/fuzz_runs.py [count] [seed] [dir]   (defaults 2000, 1, /tmp/lrfind-fuzz)
"""
import json
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import anchors  # noqa: E402


def random_run(rng):
    n = int(rng.choice([1, 2, 3, 5, 6, 15, 16, 17, 21, 22, rng.randint(1, 60), rng.randint(60, 400)]))
    kind = rng.choice(['exp', 'exp', 'exp', 'linear', 'repeated'])
    start = 10.0 ** rng.uniform(-8, -3)
    end = start * 10.0 ** rng.uniform(1, 9)
    t = np.linspace(0, 1, n) if n > 1 else np.zeros(1)
    if kind == 'exp':
        lrs = start * (end / start) ** t
    elif kind == 'linear':
        lrs = start + (end - start) * t
    else:
        base = start * (end / start) ** (np.arange(n) // 2 / max(1, (n - 1) // 2))
        lrs = base
    shape = rng.choice(['classic', 'classic', 'ints', 'quantized', 'walk', 'constant', 'monotone'])
    if shape == 'classic':
        c = rng.uniform(0.2, 0.8)
        y = rng.uniform(0.1, 5) * (1 - rng.uniform(0, 0.9) / (1 + np.exp(-rng.uniform(5, 30) * (t - c))))
        y = y + rng.uniform(0, 50) * np.maximum(0, t - rng.uniform(0.6, 0.95)) ** 2
        y = y * (1 + rng.uniform(0, 0.2) * rng.standard_normal(n))
    elif shape == 'ints':
        y = rng.randint(0, 4, n).astype(float)
    elif shape == 'quantized':
        y = np.round(2.3 - 1.5 * t + 3 * t ** 4 + 0.1 * rng.standard_normal(n), 1)
    elif shape == 'walk':
        y = np.cumsum(rng.standard_normal(n)) + rng.uniform(-5, 20)
    elif shape == 'constant':
        y = np.full(n, rng.choice([0.0, 1.0, 2.3, -1.5, 1e-9]))
    else:
        y = np.linspace(rng.uniform(-3, 3), rng.uniform(-3, 3), n)
    y = y * rng.choice([1.0, 1.0, 1.0, 1e-8, 1e8, -1.0]) + rng.choice([0.0, 0.0, -2.0, 5.0])
    y = [float(v) for v in y]
    for _ in range(rng.choice([0, 0, 0, 1, 2, 3])):
        pos = rng.randint(0, n)
        y[pos] = float(rng.choice([math.nan, math.inf, -math.inf]))
    if n > 3 and rng.rand() < 0.15:
        cut = rng.randint(1, n)
        y[cut:] = [math.nan] * (n - cut)
    num_it = n if rng.rand() < 0.7 else int(n + rng.randint(0, 3 * n + 1))
    return [float(v) for v in lrs], y, num_it


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    out = sys.argv[3] if len(sys.argv) > 3 else '/tmp/lrfind-fuzz'
    rng = np.random.RandomState(seed)
    runs = []
    for _ in range(count):
        lrs, losses, num_it = random_run(rng)
        runs.append({'lrs': lrs, 'losses': losses, 'numIt': num_it,
                     'presets': anchors.presets_for_run(lrs, losses, num_it)})
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, 'runs.json'), 'w') as f:
        json.dump({'runs': runs}, f, allow_nan=True)
    print(f'wrote {count} runs to {out}/runs.json', file=sys.stderr)


if __name__ == '__main__':
    main()
