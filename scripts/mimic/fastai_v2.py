"""Mimic fastai v2's `learn.lr_find()` recording (fastai/learner.py Recorder + AvgSmoothLoss, fastai/callback/schedule.py
LRFinder) with numpy, in torch's float32, and save `learn.recorder.lrs` / `.losses` as users do.

- lr of batch i: SchedExp `start * (end/start) ** (train_iter/num_it)` (a Python float); num_it batches at most.
- AvgSmoothLoss: `val = torch.lerp(loss, val, 0.98)` in float32 (torch's scalar lerp for weight >= 0.5 is
  `end - (end - self) * (1 - weight)`, fused into one rounding on AVX2 builds: checked against torch by
  scripts/reference/check_float32_torch.py), `value = val / (1 - beta**count)` (float32 tensor / Python float).
- Recorder.after_batch appends lr and `smooth_loss.value` (a 0-d float32 tensor) before LRFinder.after_batch
  decides to stop (`smooth_loss > 4 * best_loss`; NaN never stops), so the stopping point is kept.

Saved with:
    json.dump({"lrs": learn.recorder.lrs, "losses": [l.item() for l in learn.recorder.losses]}, open("lr_find.json", "w"))
and csv.writer rows (lr, loss) with a header.
"""
import csv
import math
from fractions import Fraction

import numpy as np

from _common import RawLoss, out_path, write_json, write_truth

F32 = np.float32


def fma32(a, b, c):
    """a*b + c rounded once to float32 (exact rational arithmetic, then the nearest float32, ties to even)."""
    a, b, c = float(a), float(b), float(c)
    if not (math.isfinite(a) and math.isfinite(b) and math.isfinite(c)):
        return F32(a * b + c)
    q = Fraction(a) * Fraction(b) + Fraction(c)
    r = F32(float(q))
    cands = (r, np.nextafter(r, F32(np.inf)), np.nextafter(r, F32(-np.inf)))
    return min(cands, key=lambda v: (abs(Fraction(float(v)) - q), int(v.view(np.int32)) & 1))


def lerp(start, end, weight):
    # torch CPU lerp, scalar path, opmath float for float32 tensors; FMA-contracted on AVX2
    w = F32(weight)
    if abs(w) < 0.5:
        return fma32(w, F32(end - start), start)
    return fma32(-F32(end - start), F32(F32(1) - w), end)


def lr_find(raw_loss, start_lr=1e-7, end_lr=10, num_it=100, stop_div=True, beta=0.98):
    lrs, losses, raw = [], [], []
    count, val = 0, F32(0)
    best = float("inf")
    for train_iter in range(num_it):
        lr = start_lr * (end_lr / start_lr) ** (train_iter / num_it)
        loss = F32(raw_loss(lr))  # learn.loss.mean(), float32
        raw.append(float(loss))
        count += 1
        val = lerp(loss, val, beta)
        value = F32(val / F32(1 - beta ** count))
        lrs.append(lr)
        losses.append(value)
        if value < best:
            best = value
        if stop_div and value > 4 * best:
            break
    return lrs, losses, raw


def save(name, lrs, losses, raw):
    write_json({"lrs": lrs, "losses": [l.item() for l in losses]}, name + ".json")
    with open(out_path(name + ".csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["lr", "loss"])
        w.writerows(zip(lrs, [l.item() for l in losses]))
    write_truth(name, lrs, raw, smoothed=[l.item() for l in losses])


def main():
    save("fastai-v2", *lr_find(RawLoss(seed=1)))
    save("fastai-v2-nan", *lr_find(RawLoss(seed=2, nan_above=0.5), stop_div=True))
    save("fastai-v2-200", *lr_find(RawLoss(seed=3, noise=0.08), start_lr=1e-6, end_lr=1, num_it=200))


if __name__ == "__main__":
    main()
