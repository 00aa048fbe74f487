#!/usr/bin/env python3
"""Write the hand-made edge-case runs, test/fixtures/runs/edge-*.json (lrfind run format, version 1).

Curves that stress the presets where real curves rarely go: NaN tails and NaN in the middle, +/-Infinity,
plateaus (ties for argmin and for argrelextrema's less_equal), constant / monotonic / negative / near-zero
losses, runs too short for each preset's windows (around the 5/10/15/16/17/21 thresholds), a linear schedule,
repeated learning rates, and a noisy synthetic curve with the classic shape.

Non-finite losses are written as bare NaN / Infinity / -Infinity tokens (what json.dump writes), which lrfind's
run-file reader accepts; that keeps +Infinity distinct from -Infinity and from NaN.

Deterministic: a fixed numpy seed per curve. Run: python3 scripts/reference/make_edge_runs.py
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'runs')


def exp_lrs(n, start=1e-7, end=10.0):
    if n == 1:
        return [start]
    return [start * (end / start) ** (i / (n - 1)) for i in range(n)]


def classic(n, seed, noise=0.03, start=1e-7, end=10.0, base=2.3):
    """The classic range-test shape: flat, a descent around 1e-3..1e-1, a minimum, then a blow-up."""
    rng = np.random.RandomState(seed)
    lrs = exp_lrs(n, start, end)
    x = np.log10(lrs)
    y = base - 1.6 / (1 + np.exp(-(x + 2.5) * 2.0)) + 0.5 * np.exp((x - 0.2) * 2.2)
    y = y * (1 + noise * rng.standard_normal(n))
    return lrs, [float(v) for v in y]


def write(name, lrs, losses, description, **meta):
    doc = {
        'format': 'lrfind-run',
        'version': 1,
        'lrs': [float(v) for v in lrs],
        'losses': [float(v) for v in losses],
        'meta': {
            'schedule': meta.pop('schedule', 'exp'),
            'startLr': float(lrs[0]),
            'endLr': float(lrs[-1]),
            'numIt': meta.pop('numIt', len(lrs)),
            'description': description,
            'source': {'tool': 'scripts/reference/make_edge_runs.py', 'smoothing': {'kind': 'none'}},
            **meta,
        },
    }
    with open(os.path.join(OUT, f'edge-{name}.json'), 'w') as f:
        json.dump(doc, f, indent=None, allow_nan=True)
        f.write('\n')


def main():
    os.makedirs(OUT, exist_ok=True)

    lrs, y = classic(100, 1)
    write('classic-noisy-100', lrs, y, 'synthetic classic shape with 3% multiplicative noise')
    lrs, y = classic(250, 2, noise=0.08)
    write('classic-noisy-250', lrs, y, 'synthetic classic shape with 8% noise')
    lrs, y = classic(120, 3)
    write('stopped-early-numit-200', lrs, y, 'a 200-iteration test that stopped after 120 points', numIt=200)

    lrs, y = classic(100, 4)
    write('nan-tail', lrs, y[:88] + [math.nan] * 12, 'classic curve whose last 12 losses are NaN')
    lrs, y = classic(100, 5)
    y[45] = math.nan
    write('nan-middle', lrs, y, 'one NaN loss in the middle, finite after it')
    lrs, y = classic(100, 6)
    y[3] = math.nan
    y[70] = math.nan
    write('nan-early-and-late', lrs, y, 'NaN at step 3 and at step 70')
    lrs, y = classic(60, 7)
    y[0] = math.nan
    write('nan-first', lrs, y, 'the very first loss is NaN')
    lrs = exp_lrs(30)
    write('all-nan', lrs, [math.nan] * 30, 'every loss is NaN')
    lrs, y = classic(100, 8)
    y[60] = math.inf
    write('pos-inf-middle', lrs, y, '+Infinity at step 60, finite after it')
    lrs, y = classic(100, 9)
    write('pos-inf-tail', lrs, y[:95] + [math.inf] * 5, '+Infinity for the last 5 steps')
    lrs, y = classic(100, 10)
    y[30] = -math.inf
    write('neg-inf-middle', lrs, y, '-Infinity at step 30 (a broken loss), finite after it')
    lrs, y = classic(100, 11)
    y[80] = -math.inf
    y[81] = math.inf
    write('neg-then-pos-inf', lrs, y, '-Infinity then +Infinity (their EMA becomes NaN)')

    # plateaus: rounding creates flat runs of equal values (ties for argmin, less_equal extrema)
    lrs, y = classic(100, 12, noise=0.0)
    write('plateaus-rounded', lrs, [round(v, 1) for v in y], 'classic shape rounded to 0.1: flat steps')
    lrs = exp_lrs(80)
    y = [3.0] * 20 + [2.0] * 20 + [1.0] * 20 + [2.0] * 10 + [5.0] * 10
    write('plateaus-steps', lrs, y, 'staircase: 3, 2, 1 (20 steps each), 2, 5')
    lrs = exp_lrs(60)
    y = [2.0, 1.0] * 30
    write('sawtooth', lrs, y, 'alternating 2, 1: every other point ties for the minimum')
    lrs = exp_lrs(70)
    y = [3.0 - 0.05 * i for i in range(30)] + [1.5] * 15 + [1.5 + 0.2 * i for i in range(25)]
    write('flat-minimum', lrs, y, 'linear descent, a 15-point flat minimum, linear rise')

    lrs = exp_lrs(100)
    write('constant', lrs, [2.0] * 100, 'constant loss 2.0')
    write('constant-zero', lrs, [0.0] * 100, 'constant loss 0')
    write('constant-300-ulp-ties', exp_lrs(300, 1e-7, 100.0), [2.3] * 300,
          'constant loss 2.3 over 300 steps to lr 100: the smoothed values and slopes tie to the last bit')
    write('increasing', lrs, [1.0 + 0.05 * i for i in range(100)], 'strictly increasing (linear) loss')
    write('increasing-exp', lrs, [1.0 * 1.04 ** i for i in range(100)], 'geometrically increasing loss')
    write('decreasing', lrs, [5.0 - 0.04 * i for i in range(100)], 'strictly decreasing loss (valley wraps)')
    write('decreasing-convex', lrs, [1.0 + 4.0 * 0.95 ** i for i in range(100)], 'convex decreasing loss')

    lrs, y = classic(100, 13)
    write('negative', lrs, [v - 3.0 for v in y], 'classic curve shifted by -3 (negative log-likelihood)')
    lrs, y = classic(100, 14)
    write('crosses-zero', lrs, [v - 1.2 for v in y], 'classic curve shifted by -1.2: starts > 0, dips < 0')
    lrs, y = classic(100, 15)
    write('near-zero', lrs, [v * 1e-9 for v in y], 'classic curve scaled to ~1e-9')
    lrs, y = classic(100, 16)
    write('huge', lrs, [v * 1e12 for v in y], 'classic curve scaled to ~1e12')
    lrs, y = classic(100, 17)
    write('blowup-to-inf', lrs, y[:80] + [y[79] * 10 ** (3 * k) for k in range(1, 15)] + [math.inf] + [math.nan] * 5,
          'a divergence tail growing 1000x per step to +Infinity, then NaN')

    for n in (1, 2, 3, 5, 6, 15, 16, 17, 21, 22):
        lrs, y = classic(n, 100 + n, start=1e-4, end=10.0)
        write(f'short-{n}', lrs, y, f'a {n}-point run (classic shape over 1e-4..10)', numIt=n)
    write('short-2-decreasing', exp_lrs(2), [2.0, 1.0], '2 decreasing points (valley index wraps to -1)', numIt=2)
    write('short-16-numit-100', exp_lrs(16)[:16], classic(16, 200)[1], 'a 16-point run of a 100-iteration test',
          numIt=100)

    lin = list(np.linspace(1e-4, 1.0, 100))
    x = np.array(lin)
    rng = np.random.RandomState(18)
    y = 2.3 - 1.5 * (1 - np.exp(-x * 20)) + 4 * x ** 3 + 0.03 * rng.standard_normal(100)
    write('linear-schedule', lin, y, 'linear schedule 1e-4..1', schedule='linear')

    base = exp_lrs(50)
    lrs = [v for v in base for _ in range(2)]
    _, y = classic(100, 19)
    write('repeated-lrs', lrs, y, 'every lr used for two steps (equal consecutive lrs)')
    # one lr for every step is no range test: lrfind refuses it (E_LR_ORDER), tested in test/analysis/assert.test.ts


if __name__ == '__main__':
    main()
