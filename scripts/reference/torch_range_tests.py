#!/usr/bin/env python3
"""Real PyTorch range tests, and what each anchor tool prints on them, for lrfind's exactness tests.

Trains small torch models (full-batch and mini-batch; SGD, momentum, Adam) through fastai's exponential lr schedule
and records the raw per-batch losses (`loss.item()` of the float32 loss). Then runs each tool's own recording and
suggestion code on those losses, transcribed with real torch tensors where the tool uses tensors:
- fastai v2: `AvgSmoothLoss` (`torch.lerp` on 0-d float32 tensors), `LRFinder.after_batch` (tensor comparisons),
  `lr_find`'s `tensor(lrs[num_it//10:-5])` / NaN cut, and `valley`, `slide` (`to_np` → numpy float32), `minimum`,
  `steep` (float32 `.log()`), each returning the index it picks;
- fastai v1: `SmoothenValue` on float32 loss tensors, `LRFinder.on_batch_end`, `Recorder.plot` (`.item()` →
  float64 `np.gradient`);
- pytorch-lr-finder: `range_test`'s Python-float smoothing and stop with `smooth_f` / `diverge_th`, `plot`'s
  `[skip_start:-skip_end]` and `np.gradient(...).argmin()`;
- Lightning: `_LRCallback`'s Python-float EMA and stop (`early_stop_threshold`), `suggestion()`'s float32
  `torch.gradient(losses, spacing=[lrs])`.
Some runs use non-default tool settings. A run is cut at its first non-finite loss (the tools' argmin would land
on a NaN there, where lrfind deliberately does not).

Writes test/fixtures/torch/<name>.json: lrs, raw losses, and per tool its settings, its saved smoothed losses
and the indices it picked. Needs torch (Debian: python3-torch) and numpy; deterministic (seeded, one thread).

Run: python3 scripts/reference/torch_range_tests.py
"""
import json
import math
import os
import sys

import numpy as np

try:
    import torch
except ImportError:  # Debian's python3-torch next to a pyenv numpy (no numpy interop is used)
    sys.path.append('/usr/lib/python3/dist-packages')
    import torch

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures', 'torch')
torch.set_num_threads(1)


# ------------------------------------------------------------------------------------------- range tests

def make_data(kind, n, d, seed):
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(n, d, generator=g)
    w = torch.randn(d, 1, generator=g)
    if kind == 'classify':
        y = ((x @ w).squeeze(1) + 0.5 * torch.randn(n, generator=g) > 0).long()
    else:
        y = x @ w + 0.1 * torch.randn(n, 1, generator=g)
    return x, y


def make_model(arch, d, out, seed):
    torch.manual_seed(seed)
    if arch == 'linear':
        return torch.nn.Linear(d, out)
    return torch.nn.Sequential(torch.nn.Linear(d, 32), torch.nn.ReLU(), torch.nn.Linear(32, out))


def range_test(spec):
    if spec.get('constant') is not None:
        # a loss that never moves (a dead model, a frozen body with a zero lr): the float32 ties are the test
        num_it = spec['num_it']
        lrs = [spec['start'] * (spec['end'] / spec['start']) ** (it / num_it) for it in range(num_it)]
        return lrs, [float(torch.tensor(spec['constant'], dtype=torch.float32).item())] * num_it
    x, y = make_data(spec['task'], spec['n'], spec['d'], spec['seed'])
    out = 2 if spec['task'] == 'classify' else 1
    model = make_model(spec['arch'], spec['d'], out, spec['seed'] + 1)
    loss_fn = torch.nn.CrossEntropyLoss() if spec['task'] == 'classify' else torch.nn.MSELoss()
    opt = {'sgd': lambda p: torch.optim.SGD(p, lr=1e-7),
           'momentum': lambda p: torch.optim.SGD(p, lr=1e-7, momentum=0.9),
           'adam': lambda p: torch.optim.Adam(p, lr=1e-7)}[spec['opt']](model.parameters())
    start, end, num_it, bs = spec['start'], spec['end'], spec['num_it'], spec['bs']
    g = torch.Generator().manual_seed(spec['seed'] + 2)
    perm = torch.randperm(spec['n'], generator=g)
    lrs, raw = [], []
    pos = 0
    for it in range(num_it):
        lr = start * (end / start) ** (it / num_it)  # fastai SchedExp at train_iter / num_it
        for group in opt.param_groups:
            group['lr'] = lr
        if bs >= spec['n']:
            xb, yb = x, y
        else:
            if pos + bs > spec['n']:
                perm, pos = torch.randperm(spec['n'], generator=g), 0
            idx = perm[pos:pos + bs]
            pos += bs
            xb, yb = x[idx], y[idx]
        loss = loss_fn(model(xb), yb)
        value = loss.item()
        if not math.isfinite(value):
            break
        opt.zero_grad()
        loss.backward()
        opt.step()
        lrs.append(lr)
        raw.append(value)
    return lrs, raw


# ------------------------------------------------------------------------------------- fastai v2 (torch)

def fastai_v2(lrs_all, raw, num_it):
    beta = 0.98
    count, val = 0, torch.tensor(0.)
    best = float('inf')
    rec_lrs, rec_losses = [], []
    for lr, x in zip(lrs_all, raw):
        loss = torch.tensor(x, dtype=torch.float32)
        count += 1
        val = torch.lerp(loss, val, beta)
        smooth = val / (1 - beta ** count)
        rec_lrs.append(lr)
        rec_losses.append(smooth)
        if smooth < best:
            best = smooth
        if smooth > 4 * best:
            break
    a = num_it // 10
    lrs = torch.tensor(rec_lrs[a:-5])
    losses = torch.stack(rec_losses[a:-5]) if len(rec_losses[a:-5]) else torch.tensor([])
    nan_idxs = torch.nonzero(torch.isnan(losses.view(-1)))
    if len(nan_idxs) > 0:
        drop = int(min(nan_idxs))
        lrs, losses = lrs[:drop], losses[:drop]
    out = {}
    n = len(losses)
    if n:
        # valley
        vals = losses.tolist()
        max_start, max_end = 0, 0
        lds = [1] * n
        for i in range(1, n):
            for j in range(0, i):
                if (vals[i] < vals[j]) and (lds[i] < lds[j] + 1):
                    lds[i] = lds[j] + 1
                if lds[max_end] < lds[i]:
                    max_end = i
                    max_start = max_end - lds[max_end]
        sections = (max_end - max_start) / 3
        idx = max_start + int(sections) + int(sections / 2)
        out['valley'] = a + range(n)[idx]
        # slide: to_np(losses) is float32
        if n >= 16:
            loss_grad = np.gradient(np.array(vals, dtype=np.float32))
            r_idx, l_idx = -1, -16
            local_min = range(n)[l_idx]
            while (l_idx >= -n) and (abs(loss_grad[r_idx] - loss_grad[l_idx]) > .005):
                local_min = range(n)[l_idx]
                r_idx -= 1
                l_idx -= 1
            out['slide'] = a + local_min
        else:
            out['slide'] = None
        out['minimum'] = a + int(losses.argmin().item())
        if n >= 2:
            grads = (losses[1:] - losses[:-1]) / (lrs[1:].log() - lrs[:-1].log())
            out['steep'] = a + int(grads.argmin().item())
        else:
            out['steep'] = None
    else:
        out = {'valley': None, 'slide': None, 'minimum': None, 'steep': None}
    return [float(v.item()) for v in rec_losses], out


# ------------------------------------------------------------------------------------- fastai v1 (torch)

def fastai_v1(raw, skip_start=10, skip_end=5):
    beta, n, mov_avg = 0.98, 0, 0
    best = None
    losses = []
    for it, x in enumerate(raw):
        val = torch.tensor(x, dtype=torch.float32)
        n += 1
        mov_avg = beta * mov_avg + (1 - beta) * val
        smooth = mov_avg / (1 - beta ** n)
        losses.append(smooth)
        if it == 0 or smooth < best:
            best = smooth
        if smooth > 4 * best or torch.isnan(smooth):
            break
    vals = [v.item() for v in losses]
    window = vals[skip_start:-skip_end] if skip_end > 0 else vals[skip_start:]
    try:
        mg = int(np.gradient(np.array(window)).argmin())
    except ValueError:
        return vals, {'minGrad': None, 'minLossDiv10': None}
    return vals, {'minGrad': skip_start + mg, 'minLossDiv10': skip_start + int(np.argmin(window))}


# ----------------------------------------------------------------------------- pytorch-lr-finder (floats)

def torch_lr_finder(raw, smooth_f=0.05, diverge_th=5, skip_start=10, skip_end=5):
    history = []
    best = None
    for iteration, loss in enumerate(raw):
        if iteration == 0:
            best = loss
        else:
            if smooth_f > 0:
                loss = smooth_f * loss + (1 - smooth_f) * history[-1]
            if loss < best:
                best = loss
        history.append(loss)
        if loss > diverge_th * best:
            break
    window = history[skip_start:] if skip_end == 0 else history[skip_start:-skip_end]
    try:
        k = int(np.gradient(np.array(window)).argmin())
    except ValueError:
        return history, {'steepest': None}
    return history, {'steepest': skip_start + k}


# --------------------------------------------------------------------------------------- Lightning

def lightning(lrs_all, raw, early_stop_threshold=4.0, skip_begin=10, skip_end=1):
    beta, avg, best = 0.98, 0.0, 0.0
    losses = []
    for k, current_loss in enumerate(raw):
        current_step = k + 1  # trainer.global_step, already incremented
        avg = beta * avg + (1 - beta) * current_loss
        smoothed = avg / (1 - beta ** (current_step + 1))
        stop = early_stop_threshold is not None and current_step > 1 and smoothed > early_stop_threshold * best
        if smoothed < best or current_step == 1:
            best = smoothed
        losses.append(smoothed)
        if stop:
            break
    lrs = lrs_all[:len(losses)]
    t_losses = torch.tensor(losses[skip_begin:-skip_end])
    t_lrs = torch.tensor(lrs[skip_begin:-skip_end])
    is_finite = torch.isfinite(t_losses)
    t_losses, t_lrs = t_losses[is_finite], t_lrs[is_finite]
    if len(t_losses) < 2:
        return losses, {'steepest': None}
    gradients = torch.gradient(t_losses, spacing=[t_lrs])[0]
    min_grad = int(torch.argmin(gradients).item())
    idx = torch.arange(len(losses))[skip_begin:-skip_end][is_finite]
    return losses, {'steepest': int(idx[min_grad].item())}


# ------------------------------------------------------------------------------------------------ runs

RUNS = [
    # full-batch runs: the loss falls by less than float32's resolution per step at tiny lrs (equal neighbours)
    dict(name='fb-logreg-sgd-100', task='classify', arch='linear', opt='sgd', n=512, d=20, bs=512, num_it=100, seed=1),
    dict(name='fb-mlp-sgd-100', task='classify', arch='mlp', opt='sgd', n=512, d=20, bs=512, num_it=100, seed=2),
    dict(name='fb-mlp-adam-100', task='classify', arch='mlp', opt='adam', n=512, d=20, bs=512, num_it=100, seed=3),
    dict(name='fb-mlp-momentum-200', task='classify', arch='mlp', opt='momentum', n=256, d=10, bs=256, num_it=200, seed=4),
    dict(name='fb-linreg-sgd-100', task='regress', arch='linear', opt='sgd', n=256, d=8, bs=256, num_it=100, seed=5),
    dict(name='fb-mlp-regress-adam-150', task='regress', arch='mlp', opt='adam', n=256, d=8, bs=256, num_it=150, seed=6),
    dict(name='fb-mlp-sgd-slow-100', task='classify', arch='mlp', opt='sgd', n=1024, d=50, bs=1024, num_it=100, seed=11),
    dict(name='fb-mlp-sgd-slow-200', task='classify', arch='mlp', opt='sgd', n=1024, d=50, bs=1024, num_it=200, seed=12),
    dict(name='fb-logreg-sgd-slow-100', task='classify', arch='linear', opt='sgd', n=2048, d=50, bs=2048, num_it=100,
         seed=13),
    dict(name='fb-mlp-momentum-slow-100', task='classify', arch='mlp', opt='momentum', n=1024, d=50, bs=1024,
         num_it=100, seed=14),
    # constant losses: every smoothed value ties (or nearly) in float32
    dict(name='const-ln10-100', constant=2.302585092994046, n=1, bs=1, num_it=100, seed=0),
    dict(name='const-ln2-200', constant=0.6931471805599453, n=1, bs=1, num_it=200, seed=0),
    dict(name='const-0.1-300', constant=0.1, n=1, bs=1, num_it=300, seed=0),
    # mini-batch runs
    dict(name='mb-mlp-sgd-100', task='classify', arch='mlp', opt='sgd', n=2048, d=20, bs=32, num_it=100, seed=7),
    dict(name='mb-mlp-adam-200', task='classify', arch='mlp', opt='adam', n=2048, d=20, bs=64, num_it=200, seed=8),
    dict(name='mb-logreg-momentum-300', task='classify', arch='linear', opt='momentum', n=4096, d=30, bs=128,
         num_it=300, seed=9, start=1e-6, end=1.0),
    dict(name='mb-mlp-regress-sgd-100', task='regress', arch='mlp', opt='sgd', n=1024, d=8, bs=32, num_it=100, seed=10),
]

# non-default tool settings, stated to lrfind as its options (skipStart, skipEnd, divergeTh, smoothF)
SETTINGS = {
    'fb-mlp-sgd-100': {'torch-lr-finder': dict(diverge_th=1e300), 'lightning': dict(early_stop_threshold=None)},
    'fb-mlp-adam-100': {'torch-lr-finder': dict(smooth_f=0.1, skip_start=5, skip_end=0),
                        'fastai1': dict(skip_start=3, skip_end=2), 'lightning': dict(skip_begin=4, skip_end=2)},
    'mb-mlp-adam-200': {'torch-lr-finder': dict(smooth_f=0.0, diverge_th=3), 'lightning': dict(early_stop_threshold=2.0)},
    'mb-mlp-sgd-100': {'torch-lr-finder': dict(diverge_th=1e300, skip_end=0), 'fastai1': dict(skip_end=0)},
}


def settings_doc(tool, s):
    names = {'skip_start': 'skipStart', 'skip_begin': 'skipStart', 'skip_end': 'skipEnd', 'diverge_th': 'divergeTh',
             'early_stop_threshold': 'divergeTh', 'smooth_f': 'smoothF'}
    return {names[k]: ('Infinity' if v is None else v) for k, v in s.items()}


def main():
    os.makedirs(OUT, exist_ok=True)
    for spec in RUNS:
        spec = {'start': 1e-7, 'end': 10.0, **spec}
        lrs, raw = range_test(spec)
        st = SETTINGS.get(spec['name'], {})
        tools = {}
        smoothed, sug = fastai_v2(lrs, raw, spec['num_it'])
        tools['fastai'] = {'settings': {'numIt': spec['num_it']}, 'smoothed': smoothed, 'suggestions': sug}
        smoothed, sug = fastai_v1(raw, **st.get('fastai1', {}))
        tools['fastai1'] = {'settings': settings_doc('fastai1', st.get('fastai1', {})), 'smoothed': smoothed, 'suggestions': sug}
        smoothed, sug = torch_lr_finder(raw, **st.get('torch-lr-finder', {}))
        tools['torch-lr-finder'] = {'settings': settings_doc('torch-lr-finder', st.get('torch-lr-finder', {})),
                                    'smoothed': smoothed, 'suggestions': sug}
        smoothed, sug = lightning(lrs, raw, **st.get('lightning', {}))
        tools['lightning'] = {'settings': settings_doc('lightning', st.get('lightning', {})), 'smoothed': smoothed,
                              'suggestions': sug}
        doc = {
            'generator': 'scripts/reference/torch_range_tests.py',
            'torch': torch.__version__,
            'run': {k: v for k, v in spec.items() if k not in ('name', 'constant')},
            'lrs': lrs,
            'losses': raw,
            'tools': tools,
        }
        with open(os.path.join(OUT, spec['name'] + '.json'), 'w') as f:
            json.dump(doc, f, allow_nan=True, separators=(',', ':'))
            f.write('\n')
        print(spec['name'], len(raw), {t: v['suggestions'] for t, v in tools.items()}, file=sys.stderr)


if __name__ == '__main__':
    main()
