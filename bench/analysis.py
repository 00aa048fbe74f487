"""numpy/scipy side of bench/analysis.bench.ts: the same full analysis, written the way a numpy user would.

Reads a curve written by the TypeScript benchmark (two float64 arrays: lrs then losses), runs every preset's
recording rule and suggestions plus lrfind's own method with vectorised numpy/scipy (lfilter for the EMAs,
accumulate for the stop rules, np.gradient, argrelextrema, cumulative sums for the kernel) and an O(n log n) valley, and prints
one JSON line: the median time and the suggestion indices (the TypeScript side checks they agree).

Usage: python3 bench/analysis.py CURVE.bin REPEATS
"""
import bisect
import json
import sys
import time

import numpy as np
from scipy.signal import argrelextrema, lfilter


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


def shifted_median(x, w):
    """lrfind's movingMedian(x, w, 'shift'): the w values nearest each index (the window shifts inwards at the ends)."""
    n = len(x)
    w = min(w, n if n % 2 == 1 else n - 1)
    h = (w - 1) // 2
    mid = np.median(np.lib.stride_tricks.sliding_window_view(x, w), axis=1)  # windows starting at 0 … n − w
    start = np.clip(np.arange(n) - h, 0, n - w)
    return mid[start]


def noise_of(v):
    """1.4826 · MAD of the second differences / sqrt(6)."""
    if len(v) < 4:
        return 0.0
    d = v[2:] - 2 * v[1:-1] + v[:-2]
    return 1.4826 * np.median(np.abs(d - np.median(d))) / np.sqrt(6)


def depth_stop(r, noise):
    """lrfind's post-hoc stop: climbed back above the lowest value so far by the descent to it, once half the
    whole descent is done."""
    i_low = int(np.argmin(r))
    whole = np.max(r[: i_low + 1]) - r[i_low]
    top = np.maximum.accumulate(r)
    low = np.minimum.accumulate(r)
    prev_low = np.concatenate(([np.inf], low[:-1]))
    new_low = r < prev_low
    last_new = np.maximum.accumulate(np.where(new_low, np.arange(len(r)), 0))
    peak = top[last_new]
    mask = (whole > 0) & (peak > low) & (peak - low >= 0.5 * whole) & (r - low > np.maximum(peak - low, 10 * noise))
    hit = np.flatnonzero(mask)
    return int(hit[0]) if len(hit) else None


def box_cascade(x, y, radius):
    """Three moving averages over |x_j − x_i| <= radius (lrfind's kernelSmooth when dense), clamped to y's range."""
    centre = y.mean()
    cur = y - centre
    lo = np.searchsorted(x, x - radius, side='left')
    hi = np.searchsorted(x, x + radius, side='right')
    for _ in range(3):
        c = np.concatenate(([0.0], np.cumsum(cur)))
        cur = (c[hi] - c[lo]) / (hi - lo)
    return np.clip(cur + centre, y.min(), y.max())


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
    # lrfind: moving median (window ~n/40, <= 51, full width at the ends), depth stop on it, Gaussian kernel in
    # log10(lr) (a cascade of 3 boxes for dense runs) before the stop, noise-chosen scale, slope per decade
    w = min(51, max(5, round(n / 40) | 1))
    med = shifted_median(raw, w)
    stop = depth_stop(med, noise_of(raw))
    usable = n if stop is None else stop
    x = np.log10(lrs[:usable])
    noise = noise_of(raw[:usable])
    span = x[-1] - x[0]
    density = (usable - 1) / span
    floor = min(2 / density, span / 4)
    pilot = box_cascade(x, med[:usable], max(0.14, floor))
    depth = pilot.max() - pilot.min()
    cap = max(floor, span / 8)
    radius = min(0.4, cap)
    for r in (0.05, 0.07, 0.1, 0.14, 0.2, 0.28, 0.4):
        rr = max(r, floor)
        if rr >= cap:
            radius = cap
            break
        if noise / (rr * np.sqrt(3.5 * rr * density)) <= 0.05 * depth:
            radius = rr
            break
    ys = box_cascade(x, med[:usable], radius)
    gx = np.gradient(ys, x)
    imin = int(np.argmin(ys))
    start = int(np.searchsorted(x, x[0] + radius, side='left'))
    if start >= imin:
        start = 0
    k = start + int(np.argmin(gx[start: imin + 1]))
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
