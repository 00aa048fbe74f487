#!/usr/bin/env python3
"""Reference outputs of the anchor tools' LR-finder algorithms, for lrfind's tests.

A LITERAL numpy/scipy transcription of /work/shared/reference/anchor-algorithms.md (docs/methods.md): every
preset's recording rule (smoothing + divergence stop, post hoc on a raw run) and its suggestions, written the way
the anchors write them — fastai's quadratic `valley` double loop, `slide`'s negative indices, `np.gradient`,
`scipy.signal.argrelextrema(..., np.less_equal, order, mode='clip')`, Python slicing (`[a:-5]`).

One deliberate, documented difference from the anchors, made everywhere in lrfind: an argmin never lands on a
non-finite value. The anchors' `argmin` returns the first NaN (numpy) or a -inf; here (and in lrfind) the argmin is
taken over the finite entries only, and when none is finite there is no suggestion (null).

Where the anchors would raise (too few points: np.gradient on < 2 values, `slide` on < 16, fastai's valley on an
empty curve), the suggestion is null. fastai v1 prints neither suggestion when np.gradient fails (it returns
before the min-loss line), so its minLossDiv10 is null then too.

Floats: where a tool computes in torch float32, this reference does the same operations in numpy float32, one
rounding per torch operation (checked against torch itself by scripts/reference/check_float32_torch.py):
- fastai v2 (`AvgSmoothLoss`): `val = torch.lerp(loss, val, 0.98)`, which torch's CPU kernel computes as
  `val - (val - loss) * (1 - 0.98f)` with ONE rounding (a fused multiply-add: what torch's AVX2 build does, i.e.
  every x86 CPU since 2013), then `val / float32(1 - 0.98**count)`; the stop rule compares float32 tensors;
  `lr_find` turns lrs and losses into float32 tensors, so `slide` takes `np.gradient` of a float32 array and
  `steep` divides float32 differences by float32 logarithms.
- fastai v1 (`SmoothenValue` fed the float32 loss tensor): `beta * mov_avg + (1 - beta) * val`, each product and
  the sum rounded to float32, then `/ float32(1 - beta**n)`; `Recorder.plot` takes `.item()` of each, so its
  gradient is float64 on the float32 values.
- Lightning's `suggestion()` makes float32 tensors of the (float64) smoothed losses and lrs and takes
  `torch.gradient(losses, spacing=[lrs])`: float32, one rounding per tensor operation, never the uniform formula.
- pytorch-lr-finder and Lightning smooth Python floats (`loss.item()`): float64, as here.
The suggested lr is the recorded one (float64); fastai prints `float(lrs[idx])` of its float32 tensor, the same
lr rounded to float32 (within 6e-8 relative).

Reads every run in test/fixtures/runs, writes:
  test/fixtures/reference/presets.json     recording + suggestions of every preset on every run
  test/fixtures/reference/primitives.json  ema / np.gradient / argrelextrema / savgol_filter on fixed inputs

Deterministic (fixed seeds, sorted file order, no timestamps). Run: python3 scripts/reference/anchors.py
"""
import json
import math
from fractions import Fraction
import os
import platform
import sys

import numpy as np
import scipy
from scipy.signal import argrelextrema, savgol_filter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
RUNS = os.path.join(ROOT, 'test', 'fixtures', 'runs')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'reference')

np.seterr(all='ignore')  # the anchors run with numpy's warnings; divisions by zero are part of the edge cases


def header(what):
    return {
        'generator': 'scripts/reference/anchors.py',
        'what': what,
        'python': platform.python_version(),
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'spec': 'docs/methods.md / anchor-algorithms.md',
        'argmin': 'first minimum over the finite entries only (lrfind\'s deliberate difference); null when none',
    }


# --------------------------------------------------------------------------------------------------- helpers

def argmin_finite(a):
    """numpy argmin (first minimum) over the finite entries; None when none is finite."""
    a = np.asarray(a, dtype=float)
    idx = np.flatnonzero(np.isfinite(a))
    if len(idx) == 0:
        return None
    return int(idx[np.argmin(a[idx])])


def point(lrs, index, factor=None):
    lr = float(lrs[index])
    return {'index': int(index), 'lr': lr / factor if factor else lr}


def recording(smoothed, stop, reason):
    points = len(smoothed) if stop is None else stop + 1
    return {
        'points': points,
        'stopIndex': stop,
        'stopReason': 'completed' if stop is None else reason,
        'smoothed': [float(v) for v in smoothed[:points]],
    }


F32 = np.float32


def round_f32(q):
    """The float32 nearest the exact rational q (ties to even): one rounding, as float32 hardware does."""
    r = F32(float(q))  # nearest double, then nearest float32: may be double-rounded; settle it exactly
    best = None
    for c in (r, np.nextafter(r, F32(np.inf)), np.nextafter(r, F32(-np.inf))):
        d = abs(Fraction(float(c)) - q)
        if best is None or d < best[0] or (d == best[0] and (int(c.view(np.int32)) & 1) == 0):
            best = (d, c)
    return best[1]


def fma_f32(a, b, c):
    """a*b + c rounded once to float32 (a fused multiply-add on float32 operands)."""
    a, b, c = float(a), float(b), float(c)
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return F32(a * b + c)
    return round_f32(Fraction(a) * Fraction(b) + Fraction(c))


def smooth_fastai_f32(raw, beta=0.98):
    """fastai v2 AvgSmoothLoss in torch float32: lerp(loss, val, beta) = val - (val - loss)*(1 - beta) fused."""
    w = F32(beta)
    keep = F32(F32(1) - w)
    val = F32(0)
    out = []
    for count, x in enumerate(raw, start=1):
        x = F32(x)
        diff = F32(val - x)
        val = fma_f32(-diff, keep, val)
        out.append(float(F32(val / F32(1 - beta ** count))))
    return out


def smooth_fastai1_f32(raw, beta=0.98):
    """fastai v1 SmoothenValue on float32 loss tensors: each product and the sum rounded to float32."""
    b = F32(beta)
    w = F32(1 - beta)
    m = F32(0)
    out = []
    for n, x in enumerate(raw, start=1):
        m = F32(F32(b * m) + F32(w * F32(x)))
        out.append(float(F32(m / F32(1 - beta ** n))))
    return out


def ema_debiased(raw, beta, offset=0):
    """fastai / Lightning / Keras: m = beta*m + (1-beta)*x (m starts 0), s = m / (1 - beta**(i+1+offset))."""
    m = 0.0
    out = []
    for i, x in enumerate(raw):
        m = beta * m + (1 - beta) * x
        out.append(m / (1 - beta ** (i + 1 + offset)))
    return out


def ema_plain(raw, beta):
    m = 0.0
    out = []
    for x in raw:
        m = beta * m + (1 - beta) * x
        out.append(m)
    return out


def ema_seeded(raw, smooth_f):
    """pytorch-lr-finder: s[0] = raw[0]; s = smooth_f * raw + (1 - smooth_f) * s[-1]."""
    out = []
    for i, x in enumerate(raw):
        out.append(x if i == 0 else smooth_f * x + (1 - smooth_f) * out[-1])
    return out


# ------------------------------------------------------------------------------------------ recording rules

def record_fastai(raw):
    s = smooth_fastai_f32(raw)
    best = math.inf
    for i, v in enumerate(s):
        if v < best:
            best = v
        if v > float(F32(4) * F32(best)):  # 4 * a float32 tensor
            return recording(s, i, 'diverged')
    return recording(s, None, None)


def record_fastai1(raw):
    s = smooth_fastai1_f32(raw)
    best = None
    for i, v in enumerate(s):
        if i == 0 or v < best:
            best = v
        if v > float(F32(4) * F32(best)) or math.isnan(v):
            return recording(s, i, 'non-finite' if math.isnan(v) else 'diverged')
    return recording(s, None, None)


def record_torch_lr_finder(raw):
    s = ema_seeded(raw, 0.05)
    best = None
    for i, v in enumerate(s):
        if i == 0:
            best = v
        elif v < best:
            best = v
        if v > 5 * best:
            return recording(s, i, 'diverged')
    return recording(s, None, None)


def record_lightning(raw):
    s = ema_debiased(raw, 0.98, offset=1)
    best = 0.0
    for k, v in enumerate(s):
        stop = k >= 1 and v > 4 * best
        if v < best or k == 0:
            best = v
        if stop:
            return recording(s, k, 'diverged')
    return recording(s, None, None)


def record_keras(raw):
    s = ema_debiased(raw, 0.9)
    best = None
    for i, v in enumerate(s):
        if i == 0 or raw[i] < best:
            best = raw[i]
        if math.isnan(v):
            return recording(s, i, 'non-finite')
        if v > 4 * best:
            return recording(s, i, 'diverged')
    return recording(s, None, None)


# ------------------------------------------------------------------------------------------------ suggestions

def valley_fastai(lrs, losses):
    """fastai/callback/schedule.py `valley`, verbatim in structure; returns the index into `losses`."""
    n = len(losses)
    max_start, max_end = 0, 0
    lds = [1] * n
    for i in range(1, n):
        for j in range(0, i):
            if (losses[i] < losses[j]) and (lds[i] < lds[j] + 1):
                lds[i] = lds[j] + 1
            if lds[max_end] < lds[i]:
                max_end = i
                max_start = max_end - lds[max_end]
    sections = (max_end - max_start) / 3
    idx = max_start + int(sections) + int(sections / 2)
    return range(n)[idx]  # Python's negative-index wrap, as lrs[idx]


def slide_fastai(lrs, losses, lr_diff=15, thresh=.005, adjust_value=1.):
    """fastai `slide` (on `to_np` of the float32 loss tensor); returns the index into `losses` of the suggested lr."""
    loss_grad = np.gradient(np.asarray(losses, dtype=np.float32))
    r_idx = -1
    l_idx = r_idx - lr_diff
    local_min = range(len(lrs))[l_idx]  # raises IndexError with < 16 points, as fastai does
    while (l_idx >= -len(losses)) and (abs(loss_grad[r_idx] - loss_grad[l_idx]) > thresh):
        local_min = range(len(lrs))[l_idx]
        r_idx -= 1
        l_idx -= 1
    return local_min


def log_f32(lrs):
    """The float32 nearest ln(lr) of float32 lrs (torch's float32 log is within an ulp of it)."""
    return np.log(np.asarray(lrs, dtype=np.float32).astype(np.float64)).astype(np.float32)


def suggest_fastai(rec, lrs, num_it, log=log_f32):
    n = rec['points']
    smoothed = rec['smoothed']
    rec_lrs = lrs[:n]
    a = num_it // 10
    offs = list(range(n))[a:-5]
    L = rec_lrs[a:-5]
    Y = smoothed[a:-5]
    for k, y in enumerate(Y):
        if math.isnan(y):
            L, Y, offs = L[:k], Y[:k], offs[:k]
            break
    out = {}
    if len(Y) == 0:
        return {'valley': None, 'slide': None, 'minimum': None, 'steep': None}
    out['valley'] = point(rec_lrs, offs[valley_fastai(L, Y)])
    try:
        out['slide'] = point(rec_lrs, offs[slide_fastai(L, Y)])
    except (IndexError, ValueError):
        out['slide'] = None
    k = argmin_finite(Y)
    out['minimum'] = None if k is None else point(rec_lrs, offs[k], 10)
    if len(Y) < 2:
        out['steep'] = None
    else:
        # float32 tensors: `tensor(lrs)` rounds the lrs to float32; the logarithm is the float32 nearest ln(lr)
        Ya = np.asarray(Y, dtype=np.float32)
        logs = np.asarray(log(L), dtype=np.float32)
        grads = (Ya[1:] - Ya[:-1]) / (logs[1:] - logs[:-1])
        k = argmin_finite(grads)
        out['steep'] = None if k is None else point(rec_lrs, offs[k])
    return out


def suggest_fastai1(rec, lrs):
    n = rec['points']
    offs = list(range(n))[10:-5]
    Y = rec['smoothed'][10:-5]
    try:
        g = np.gradient(np.array(Y, dtype=float))
    except ValueError:  # fastai1 prints "Failed to compute the gradients" and returns: no suggestion at all
        return {'minGrad': None, 'minLossDiv10': None}
    k = argmin_finite(g)
    m = argmin_finite(Y)
    return {
        'minGrad': None if k is None else point(lrs, offs[k]),
        'minLossDiv10': None if m is None else point(lrs, offs[m], 10),
    }


def suggest_torch_lr_finder(rec, lrs):
    n = rec['points']
    offs = list(range(n))[10:-5]
    Y = rec['smoothed'][10:-5]
    try:
        g = np.gradient(np.array(Y, dtype=float))
    except ValueError:
        return {'steepest': None}
    k = argmin_finite(g)
    return {'steepest': None if k is None else point(lrs, offs[k])}


def torch_gradient_f32(y, x):
    """torch.gradient(y, spacing=[x])[0] on float32 tensors (edge_order=1): torch's gradient_helper, op by op."""
    y = np.asarray(y, dtype=np.float32)
    x = np.asarray(x, dtype=np.float32)
    dx = x[1:] - x[:-1]
    dx1, dx2 = dx[:-1], dx[1:]
    a = -dx2 / (dx1 * (dx1 + dx2))
    b = (dx2 - dx1) / (dx1 * dx2)
    c = dx1 / (dx2 * (dx1 + dx2))
    center = a * y[:-2] + b * y[1:-1] + c * y[2:]
    prepend = (y[1:2] - y[0:1]) / dx[0]
    append = (y[-1:] - y[-2:-1]) / dx[-1]
    return np.concatenate([prepend, center, append])


def suggest_lightning(rec, lrs, skip_begin=10, skip_end=1):
    n = rec['points']
    losses = np.array(rec['smoothed'][skip_begin:-skip_end], dtype=np.float32)  # torch.tensor(list of floats)
    rl = np.array(lrs[:n][skip_begin:-skip_end], dtype=np.float32)
    is_finite = np.isfinite(losses)
    losses = losses[is_finite]
    rl = rl[is_finite]
    if len(losses) < 2:
        return {'steepest': None}
    gradients = torch_gradient_f32(losses, rl)
    k = argmin_finite(gradients)
    if k is None:
        return {'steepest': None}
    idx_finite = np.arange(n)[skip_begin:-skip_end][is_finite]
    return {'steepest': point(lrs, int(idx_finite[k]))}


def suggest_keras(rec, lrs):
    Y = rec['smoothed']
    out = {}
    if len(Y) < 2:
        out['minGrad'] = None
    else:
        k = argmin_finite(np.gradient(np.array(Y, dtype=float)))
        out['minGrad'] = None if k is None else point(lrs, k)
    m = argmin_finite(Y)
    out['minLossDiv10'] = None if m is None else point(lrs, m, 10)
    return out


def suggest_inflection(rec, lrs, noise=3):
    Y = np.array(rec['smoothed'], dtype=float)
    loss_min = list(argrelextrema(Y, np.less_equal, order=noise, mode='clip')[0])
    if len(Y) >= 2:
        g = np.gradient(Y)
        grad_min = list(argrelextrema(g, np.less_equal, order=noise, mode='clip')[0])
    else:
        grad_min = []
    loss_c = [point(lrs, i) for i in reversed(loss_min)]
    grad_c = [point(lrs, i) for i in reversed(grad_min)]
    out = {
        'frozen': grad_c[0] if grad_c else None,
        'frozenLowerBound': {'index': loss_c[0]['index'], 'lr': loss_c[0]['lr'] / 10} if loss_c else None,
        'unfrozen': (
            {'indices': [grad_c[1]['index'], grad_c[0]['index']], 'range': [grad_c[1]['lr'], grad_c[0]['lr']]}
            if len(grad_c) >= 2 else None
        ),
    }
    return out, {'loss': loss_c, 'gradient': grad_c}


def presets_for_run(lrs, raw, num_it):
    result = {}
    rec = record_fastai(raw)
    result['fastai'] = {'recording': rec, 'suggestions': suggest_fastai(rec, lrs, num_it)}
    rec = record_fastai1(raw)
    result['fastai1'] = {'recording': rec, 'suggestions': suggest_fastai1(rec, lrs)}
    rec = record_torch_lr_finder(raw)
    result['torch-lr-finder'] = {'recording': rec, 'suggestions': suggest_torch_lr_finder(rec, lrs)}
    rec = record_lightning(raw)
    result['lightning'] = {'recording': rec, 'suggestions': suggest_lightning(rec, lrs)}
    rec = record_keras(raw)
    result['keras'] = {'recording': rec, 'suggestions': suggest_keras(rec, lrs)}
    rec = record_fastai1(raw)
    sug, cand = suggest_inflection(rec, lrs)
    result['inflection'] = {'recording': rec, 'suggestions': sug, 'candidates': cand}
    return result


def load_run(path):
    with open(path) as f:
        doc = json.load(f)  # accepts NaN / Infinity tokens
    lrs = [float(v) for v in doc['lrs']]
    losses = [math.nan if v is None else float(v) for v in doc['losses']]
    meta = doc.get('meta') or {}
    return lrs, losses, meta


def make_presets():
    runs = {}
    for name in sorted(os.listdir(RUNS)):
        if not name.endswith('.json'):
            continue
        lrs, raw, meta = load_run(os.path.join(RUNS, name))
        num_it = meta.get('numIt') or len(lrs)
        runs[name] = {'numIt': num_it, 'points': len(lrs), 'presets': presets_for_run(lrs, raw, num_it)}
    return {'header': header('presets: recording rule + suggestions of every anchor preset on every run'),
            'runs': runs}


# ------------------------------------------------------------------------------------------------ primitives

def floats(a):
    return [float(v) for v in a]


def make_primitives():
    rng = np.random.RandomState(42)
    walk = np.cumsum(rng.standard_normal(60)) + 10
    with_nan = walk[:40].copy()
    with_nan[17] = math.nan
    with_inf = walk[:30].copy()
    with_inf[9] = math.inf
    inputs = {
        'walk60': walk,
        'nan40': with_nan,
        'inf30': with_inf,
        'single': np.array([3.5]),
        'negative25': -np.abs(rng.standard_normal(25)) * 1e-3,
    }

    ema_cases = []
    for name, x in inputs.items():
        xs = floats(x)
        ema_cases.append({'input': name, 'options': {'beta': 0.98}, 'expected': ema_debiased(xs, 0.98)})
        ema_cases.append({'input': name, 'options': {'beta': 0.9}, 'expected': ema_debiased(xs, 0.9)})
        ema_cases.append({'input': name, 'options': {'beta': 0.98, 'debias': False}, 'expected': ema_plain(xs, 0.98)})
        ema_cases.append({'input': name, 'options': {'beta': 0.5, 'debias': False}, 'expected': ema_plain(xs, 0.5)})
        ema_cases.append({'input': name, 'options': {'beta': 0.95, 'init': 'first'}, 'expected': ema_seeded(xs, 0.05)})
        ema_cases.append({'input': name, 'options': {'beta': 0.98, 'debiasOffset': 1},
                          'expected': ema_debiased(xs, 0.98, offset=1)})
        ema_cases.append({'input': name, 'options': {'beta': 0}, 'expected': ema_debiased(xs, 0.0)})

    n = 30
    y = walk[:n]
    exp_lrs = np.array([1e-7 * (1e8) ** (i / (n - 1)) for i in range(n)])
    coords = {
        'log10lr': np.log10(exp_lrs),
        'lr': exp_lrs,
        'nonuniform': np.sort(rng.uniform(0, 5, n)),
        'uniform_int': np.arange(n, dtype=float) * 2,
        'tenths': np.arange(n) * 0.1,
    }
    grad_cases = [
        {'input': 'y30', 'spacing': None, 'expected': floats(np.gradient(y))},
        {'input': 'y30', 'spacing': 0.5, 'expected': floats(np.gradient(y, 0.5))},
        {'input': 'y30', 'spacing': -2.0, 'expected': floats(np.gradient(y, -2.0))},
    ]
    for cname, c in coords.items():
        grad_cases.append({'input': 'y30', 'spacing': cname, 'expected': floats(np.gradient(y, c))})
    y_nan = y.copy()
    y_nan[12] = math.nan
    grad_cases.append({'input': 'y30nan', 'spacing': None, 'expected': floats(np.gradient(y_nan))})
    grad_cases.append({'input': 'y30nan', 'spacing': 'log10lr', 'expected': floats(np.gradient(y_nan, coords['log10lr']))})
    grad_cases.append({'input': 'two', 'spacing': None, 'expected': floats(np.gradient(np.array([1.0, 4.0])))})

    ties = rng.randint(0, 4, 50).astype(float)
    ties_nan = ties.copy()
    ties_nan[[5, 30, 31]] = math.nan
    plateau = np.array([3, 3, 2, 2, 2, 4, 1, 1, 5, 5, 5, 0, 0, 0, 0, 2, 2, 3, 3, 3], dtype=float)
    extrema_inputs = {'ties50': ties, 'ties50nan': ties_nan, 'plateau20': plateau, 'walk60': walk,
                      'short3': np.array([2.0, 1.0, 2.0]), 'const7': np.full(7, 1.5)}
    extrema_cases = []
    for name, x in extrema_inputs.items():
        for order in range(1, 6):
            for kind, comp in (('min', np.less_equal), ('max', np.greater_equal)):
                idx = argrelextrema(x, comp, order=order, mode='clip')[0]
                extrema_cases.append({'input': name, 'order': order, 'kind': kind, 'expected': [int(i) for i in idx]})

    sg_cases = []
    sg_in = walk
    for w in (5, 7, 9, 11, 21):
        for p in (1, 2, 3, 4):
            if p >= w:
                continue
            for d in range(0, min(p, 2) + 1):
                for delta in (1.0, 0.1):
                    if d == 0 and delta != 1.0:
                        continue
                    out = savgol_filter(sg_in, w, p, deriv=d, delta=delta, mode='nearest')
                    sg_cases.append({'input': 'walk60', 'windowSize': w, 'polynomial': p, 'derivative': d,
                                     'spacing': delta, 'expected': floats(out)})

    serial = {k: floats(v) for k, v in inputs.items()}
    serial.update({'y30': floats(y), 'y30nan': floats(y_nan), 'two': [1.0, 4.0]})
    serial.update({k: floats(v) for k, v in coords.items()})
    serial.update({k: floats(v) for k, v in extrema_inputs.items()})
    return {
        'header': header('primitives: ema forms, np.gradient, argrelextrema(mode=clip), savgol_filter(mode=nearest)'),
        'inputs': serial,
        'ema': ema_cases,
        'gradient': grad_cases,
        'localExtrema': extrema_cases,
        'savitzkyGolay': sg_cases,
    }


def dump(obj, name):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name), 'w') as f:
        json.dump(obj, f, allow_nan=True, separators=(',', ':'))
        f.write('\n')


def main():
    dump(make_presets(), 'presets.json')
    dump(make_primitives(), 'primitives.json')
    print('wrote', os.path.join(OUT, 'presets.json'), 'and primitives.json', file=sys.stderr)


if __name__ == '__main__':
    main()
