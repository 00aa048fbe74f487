"""numpy/scipy side of bench/analysis.bench.ts: the same full analysis, written the way a numpy user would.

Reads a curve written by the TypeScript benchmark (two float64 arrays: lrs then losses), runs every preset's
recording rule and suggestions plus lrfind's own method with vectorised numpy/scipy (lfilter for the EMAs,
accumulate for the stop rules, np.gradient, argrelextrema, savgol_filter) and an O(n log n) valley, and prints
one JSON line: the median time and the suggestion indices (the TypeScript side checks they agree).

Usage: python3 bench/analysis.py CURVE.bin REPEATS
"""
import bisect
import json
import sys
import time

import numpy as np
from scipy.signal import argrelextrema, lfilter, savgol_filter


def ema_debiased(x, beta, offset=0):
    m = lfilter([1 - beta], [1, -beta], x)
    return m / (1 - beta ** (np.arange(1, len(x) + 1) + offset))


def ema_seeded(x, f):
    # s[0] = x[0]; s[i] = f*x[i] + (1-f)*s[i-1]
    s, _ = lfilter([f], [1, -(1 - f)], x[1:], zi=[(1 - f) * x[0]])
    return np.concatenate(([x[0]], s))


def first_true(mask):
    i = int(np.argmax(mask))
    return i if mask.size and mask[i] else None


def keep(n, stop):
    return n if stop is None else stop + 1


def nanargmin_finite(a):
    a = np.where(np.isfinite(a), a, np.inf)
    if a.size == 0 or not np.isfinite(a).any():
        return None
    return int(np.argmin(a))


def valley(y):
    # longest strictly decreasing subsequence lengths, O(n log n) (negate -> strictly increasing, bisect_left)
    tails = []
    best, max_end = 0, 0
    for i, v in enumerate(-y):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
        else:
            tails[k] = v
        if k + 1 > best:
            best, max_end = k + 1, i
    max_start = max_end - best if best > 1 else 0
    sec = (max_end - max_start) / 3
    idx = max_start + int(sec) + int(sec / 2)
    return idx % len(y)


def moving_median5(x):
    out = np.empty_like(x)
    out[2:-2] = np.median(np.lib.stride_tricks.sliding_window_view(x, 5), axis=1)
    out[0], out[-1] = x[0], x[-1]
    out[1], out[-2] = np.median(x[:3]), np.median(x[-3:])
    return out


def analyze(lrs, raw):
    n = len(raw)
    out = {}
    # fastai v2
    s = ema_debiased(raw, 0.98)
    best = np.minimum.accumulate(s)
    pts = keep(n, first_true(s > 4 * best))
    a, e = n // 10, max(0, pts - 5)
    y = s[a:e]
    nan = np.flatnonzero(np.isnan(y))
    if nan.size:
        y = y[: nan[0]]
    out['fastai.valley'] = a + valley(y)
    g = np.gradient(y)
    r, l = -1, -16
    res = l
    while l >= -len(y) and abs(g[r] - g[l]) > 0.005:
        res = l
        r -= 1
        l -= 1
    out['fastai.slide'] = a + len(y) + res
    out['fastai.minimum'] = a + nanargmin_finite(y)
    ly = np.log(lrs[a:a + len(y)])
    out['fastai.steep'] = a + nanargmin_finite((y[1:] - y[:-1]) / (ly[1:] - ly[:-1]))
    # fastai1 (same EMA)
    best1 = np.minimum.accumulate(s)
    pts1 = keep(n, first_true((s > 4 * best1) | np.isnan(s)))
    y1 = s[10:max(10, pts1 - 5)]
    out['fastai1.minGrad'] = 10 + nanargmin_finite(np.gradient(y1))
    out['fastai1.minLossDiv10'] = 10 + nanargmin_finite(y1)
    # torch-lr-finder
    st = ema_seeded(raw, 0.05)
    bt = np.minimum.accumulate(st)
    ptst = keep(n, first_true(st > 5 * bt))
    out['torch-lr-finder.steepest'] = 10 + nanargmin_finite(np.gradient(st[10:max(10, ptst - 5)]))
    # lightning (debias offset 1; stop test before the best update)
    sl = ema_debiased(raw, 0.98, 1)
    prev_best = np.concatenate(([np.inf], np.minimum.accumulate(sl)[:-1]))
    mask = sl > 4 * prev_best
    mask[0] = False
    ptsl = keep(n, first_true(mask))
    idx = np.arange(10, max(10, ptsl - 1))
    fin = np.isfinite(sl[idx])
    idx = idx[fin]
    out['lightning.steepest'] = int(idx[nanargmin_finite(np.gradient(sl[idx], lrs[idx]))])
    # keras
    sk = ema_debiased(raw, 0.9)
    bk = np.minimum.accumulate(raw)
    ptsk = keep(n, first_true((sk > 4 * bk) | np.isnan(sk)))
    yk = sk[:ptsk]
    out['keras.minGrad'] = nanargmin_finite(np.gradient(yk))
    out['keras.minLossDiv10'] = nanargmin_finite(yk)
    # inflection on the fastai1 recording
    rec = s[:pts1]
    gi = np.gradient(rec)
    gm = argrelextrema(gi, np.less_equal, order=3)[0]
    lm = argrelextrema(rec, np.less_equal, order=3)[0]
    out['inflection.frozen'] = int(gm[-1])
    out['inflection.frozenLowerBound'] = int(lm[-1])
    # lrfind: 5-point centred moving median (window shrinking at the ends), scale-safe stop on it,
    # Savitzky-Golay (window 101 for long runs) on the recorded part, slope per decade
    med = moving_median5(raw)
    best_l = np.minimum.accumulate(med)
    scale = np.maximum(np.abs(best_l), 0.01 * max(abs(med[0]), 5e-324))
    ptso = keep(n, first_true(med > best_l + 3 * scale))
    w = min(101, max(5, round(ptso / 10) | 1))
    ys = savgol_filter(med[:ptso], w, 2, mode='nearest')
    gx = np.gradient(ys, np.log10(lrs[:ptso]))
    imin = int(np.argmin(ys))
    k = int(np.argmin(gx[: imin + 1]))
    out['lrfind.steepest'] = k
    argrelextrema(ys, np.less_equal, order=3)
    argrelextrema(gx, np.less_equal, order=3)
    return out


def main():
    path, repeats = sys.argv[1], int(sys.argv[2])
    data = np.fromfile(path, dtype='<f8')
    n = len(data) // 2
    lrs, raw = data[:n], data[n:]
    analyze(lrs, raw)  # warm-up
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        out = analyze(lrs, raw)
        times.append(time.perf_counter() - t)
    print(json.dumps({'ms': sorted(times)[len(times) // 2] * 1000, 'numpy': np.__version__,
                      'scipy': __import__('scipy').__version__, 'indices': out}))


if __name__ == '__main__':
    main()
