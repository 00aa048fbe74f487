"""Mimic fastai v1's `learn.lr_find()` recording (fastai/basic_train.py Recorder, fastai/callback.py SmoothenValue,
fastai/callbacks/lr_finder.py LRFinder) with numpy, in torch's float32.

- lr of batch i: Scheduler((start, end), num_it, annealing_exp) → `start * (end/start) ** (i/num_it)`; the
  Recorder appends `opt.lr` at on_batch_begin.
- SmoothenValue(0.98): `mov_avg = beta * mov_avg + (1 - beta) * val` with `val = loss.float().detach().cpu()`
  (a float32 tensor, so the arithmetic is float32), `smooth = mov_avg / (1 - beta ** n)`; the Recorder appends
  `smooth_loss` at on_backward_begin.
- LRFinder.on_batch_end: `best` from iteration 0 or when smaller; stops when `smooth > 4 * best` or NaN, or when
  num_it batches are done; the stopping point is kept.

Saved with the same lines as fastai v2:
    json.dump({"lrs": learn.recorder.lrs, "losses": [float(l) for l in learn.recorder.losses]}, open("lr_find.json", "w"))
"""
import numpy as np

from _common import RawLoss, write_json, write_truth

F32 = np.float32


def lr_find(raw_loss, start_lr=1e-7, end_lr=10, num_it=100, stop_div=True, beta=0.98):
    lrs, losses, raw = [], [], []
    n, mov_avg = 0, 0
    best = None
    for i in range(num_it):
        lr = start_lr * (end_lr / start_lr) ** (i / num_it)
        lrs.append(lr)
        val = F32(raw_loss(lr))
        raw.append(float(val))
        n += 1
        # python float * float32 tensor → float32 (the scalar is cast to float32)
        mov_avg = F32(F32(F32(beta) * F32(mov_avg)) + F32(F32(1 - beta) * val))
        smooth = F32(mov_avg / F32(1 - beta ** n))
        losses.append(smooth)
        if i == 0 or smooth < best:
            best = smooth
        if stop_div and (smooth > 4 * best or np.isnan(smooth)):
            break
    return lrs, losses, raw


def main():
    lrs, losses, raw = lr_find(RawLoss(seed=11))
    write_json({"lrs": lrs, "losses": [float(l) for l in losses]}, "fastai-v1.json")
    write_truth("fastai-v1", lrs, raw, smoothed=[float(l) for l in losses])


if __name__ == "__main__":
    main()
