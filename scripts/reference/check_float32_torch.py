#!/usr/bin/env python3
"""Check anchors.py's numpy float32 mirror of fastai's torch arithmetic against torch itself.

Runs fastai v2's AvgSmoothLoss (torch.lerp on 0-d float32 tensors, `/ (1 - beta**count)`), its LRFinder stop rule
and the `lr_find` post-processing (float32 `tensor(lrs)`, `steep`'s `.log()`), and fastai v1's SmoothenValue
(Python-float constants times float32 loss tensors), all with real torch tensors, on every run in
test/fixtures/runs and on random curves, and compares each number with anchors.py's mirror. Needs torch (Debian:
python3-torch); the package and `npm test` never do. Prints the counts; exits 1 on any difference.

Run: python3 scripts/reference/check_float32_torch.py
"""
import math
import os
import random
import sys

import numpy as np

try:
    import torch
except ImportError:  # Debian's python3-torch next to a pyenv numpy/scipy (no numpy interop is needed here)
    sys.path.append('/usr/lib/python3/dist-packages')
    import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import anchors  # noqa: E402


def torch_fastai(raw, beta=0.98):
    count, val = 0, torch.tensor(0.)
    out = []
    for x in raw:
        loss = torch.tensor(float(x), dtype=torch.float32)
        count += 1
        val = torch.lerp(loss, val, beta)
        out.append((val / (1 - beta ** count)).item())
    return out


def torch_fastai1(raw, beta=0.98):
    n, mov_avg = 0, 0
    out = []
    for x in raw:
        val = torch.tensor(float(x), dtype=torch.float32)
        n += 1
        mov_avg = beta * mov_avg + (1 - beta) * val
        out.append((mov_avg / (1 - beta ** n)).item())
    return out


def torch_steep_logs(lrs):
    return torch.tensor(lrs).log().tolist()


def capability():
    line = [l for l in torch.__config__.show().splitlines() if 'CPU capability' in l]
    return line[0].strip() if line else 'CPU capability unknown'


def same(a, b):
    return all((x == y) or (math.isnan(x) and math.isnan(y)) for x, y in zip(a, b)) and len(a) == len(b)


def main():
    curves = []
    for name in sorted(os.listdir(anchors.RUNS)):
        if name.endswith('.json'):
            lrs, raw, _ = anchors.load_run(os.path.join(anchors.RUNS, name))
            curves.append((name, lrs, raw))
    rng = random.Random(7)
    for k in range(200):
        n = rng.randint(20, 400)
        scale = 10 ** rng.uniform(-4, 3)
        raw = [scale * (1 + 0.001 * rng.gauss(0, 1)) * (1 - 1e-6 * i) for i in range(n)]
        lrs = [1e-7 * 1e8 ** (i / n) for i in range(n)]
        curves.append((f'random-{k}', lrs, raw))
    bad = {'fastai': 0, 'fastai1': 0, 'lightning': 0}
    grads_total = 0
    logs_total = logs_diff = 0
    steep_diff = []
    for name, lrs, raw in curves:
        if not same(torch_fastai(raw), anchors.smooth_fastai_f32(raw)):
            bad['fastai'] += 1
            print('fastai smoothing differs:', name)
        if not same(torch_fastai1(raw), anchors.smooth_fastai1_f32(raw)):
            bad['fastai1'] += 1
            print('fastai1 smoothing differs:', name)
        t = torch_steep_logs(lrs)
        m = np.log(np.asarray(lrs, dtype=np.float32).astype(np.float64)).astype(np.float32).tolist()
        logs_total += len(t)
        logs_diff += sum(1 for a, b in zip(t, m) if a != b)
        rec_l = anchors.record_lightning(raw)
        ys, xs = rec_l['smoothed'][10:-1], lrs[:rec_l['points']][10:-1]
        if len(ys) >= 2 and all(math.isfinite(v) for v in ys):
            t_grad = torch.gradient(torch.tensor(ys), spacing=[torch.tensor(xs)])[0].tolist()
            m_grad = anchors.torch_gradient_f32(ys, xs).tolist()
            grads_total += 1
            if not same(t_grad, m_grad):
                bad['lightning'] += 1
                print('lightning gradient differs:', name)
        rec = anchors.record_fastai(raw)
        mine = anchors.suggest_fastai(rec, lrs, len(lrs))['steep']
        theirs = anchors.suggest_fastai(rec, lrs, len(lrs), log=torch_steep_logs)['steep']
        if mine != theirs:
            steep_diff.append(name)
    print(f'{len(curves)} curves: fastai v2 smoothing differs on {bad["fastai"]}, fastai v1 on {bad["fastai1"]}; '
          f'float32 log of lrs differs from the correctly rounded one at {logs_diff} of {logs_total} lrs '
          f'(torch {torch.__version__}, {capability()})')
    print(f'Lightning torch.gradient differs on {bad["lightning"]} of {grads_total} curves')
    print(f'steep with torch\'s own float32 log picks another index on {len(steep_diff)} curves {steep_diff[:5]}')
    sys.exit(1 if any(bad.values()) else 0)


if __name__ == '__main__':
    main()
