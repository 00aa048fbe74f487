"""Mimic pytorch-lr-finder's `LRFinder.range_test` recording (torch_lr_finder/lr_finder.py) with numpy.

- lr of iteration i: ExponentialLR.get_lr() before step → `base_lr * (end_lr / base_lr) ** (i / (num_iter - 1))`
  (torch >= 1.1; `last_epoch` starts at 0), or LinearLR `base_lr + i / (num_iter - 1) * (end_lr - base_lr)`.
- loss: `total_loss.item()` (a Python float of the float32 loss); iteration 0 is kept as is, later ones smoothed
  `smooth_f * loss + (1 - smooth_f) * history["loss"][-1]` in float64; `best_loss` tracks the smoothed loss; the
  test stops after appending a loss `> diverge_th * best_loss`.

Saved with:
    json.dump(lr_finder.history, open("history.json", "w"))   # {"lr": [...], "loss": [...]}
"""
import numpy as np

from _common import RawLoss, write_json, write_truth


def range_test(raw_loss, start_lr=1e-7, end_lr=100, num_iter=100, step_mode="exp", smooth_f=0.05, diverge_th=5):
    history = {"lr": [], "loss": []}
    raw = []
    best_loss = None
    for iteration in range(num_iter):
        r = iteration / (num_iter - 1)
        lr = start_lr * (end_lr / start_lr) ** r if step_mode == "exp" else start_lr + r * (end_lr - start_lr)
        loss = float(np.float32(raw_loss(lr)))
        raw.append(loss)
        history["lr"].append(lr)
        if iteration == 0:
            best_loss = loss
        else:
            if smooth_f > 0:
                loss = smooth_f * loss + (1 - smooth_f) * history["loss"][-1]
            if loss < best_loss:
                best_loss = loss
        history["loss"].append(loss)
        if loss > diverge_th * best_loss:
            break
    return history, raw


def main():
    history, raw = range_test(RawLoss(seed=21))
    write_json(history, "torch-lr-finder.json")
    write_truth("torch-lr-finder", history["lr"], raw, smoothed=history["loss"])
    history, raw = range_test(RawLoss(seed=22), start_lr=1e-4, end_lr=1, num_iter=100, step_mode="linear")
    write_json(history, "torch-lr-finder-linear.json")
    write_truth("torch-lr-finder-linear", history["lr"], raw, smoothed=history["loss"])
    history, raw = range_test(RawLoss(seed=23, nan_above=0.05), start_lr=1e-7, end_lr=10, num_iter=120)
    write_json(history, "torch-lr-finder-nan.json")
    write_truth("torch-lr-finder-nan", history["lr"], raw, smoothed=history["loss"])


if __name__ == "__main__":
    main()
