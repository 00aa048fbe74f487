"""Mimic Lightning's `Tuner.lr_find` recording (src/lightning/pytorch/tuner/lr_finder.py: _LRCallback,
_ExponentialLR) with numpy.

- lr of batch k: `scheduler.lr[0]` at on_train_batch_start. _ExponentialLR.get_lr uses `r = (last_epoch + 1) /
  num_iter` but returns the base lr while `last_epoch == 0`, so lr[0] = min_lr and lr[k] = min_lr *
  (max_lr/min_lr) ** ((k + 1) / num_training) for k >= 1: the first step is twice the others (in log lr).
- loss: `loss_tensor.item()`; `avg_loss = beta * avg_loss + (1 - beta) * loss` in float64, `smoothed = avg_loss /
  (1 - beta ** (current_step + 1))` with `current_step = trainer.global_step`, already k + 1 after the optimizer
  step: the exponent is k + 2, as shipped.
- stop: `current_step > 1 and smoothed > 4 * best_loss` sets should_stop (the point is appended, the loop ends);
  best from `current_step == 1` or when smaller.

Saved with:
    json.dump(lr_finder.results, open("lr_find_results.json", "w"))   # {"lr": [...], "loss": [...]}
"""
import numpy as np

from _common import RawLoss, write_json, write_truth


def lr_find(raw_loss, min_lr=1e-8, max_lr=1.0, num_training=100, mode="exponential", early_stop_threshold=4.0, beta=0.98):
    lrs, losses, raw = [], [], []
    avg_loss, best_loss = 0.0, 0.0
    last_epoch = 0
    sched_lr = min_lr
    global_step = 0
    for k in range(num_training):
        lrs.append(sched_lr)
        current_loss = float(np.float32(raw_loss(sched_lr)))
        raw.append(current_loss)
        global_step += 1  # the optimizer stepped
        # scheduler.step() after the optimizer step (interval="step")
        last_epoch += 1
        r = (last_epoch + 1) / num_training
        sched_lr = min_lr * (max_lr / min_lr) ** r if mode == "exponential" else min_lr + r * (max_lr - min_lr)
        current_step = global_step
        avg_loss = beta * avg_loss + (1 - beta) * current_loss
        smoothed_loss = avg_loss / (1 - beta ** (current_step + 1))
        should_stop = early_stop_threshold is not None and current_step > 1 and smoothed_loss > early_stop_threshold * best_loss
        if smoothed_loss < best_loss or current_step == 1:
            best_loss = smoothed_loss
        losses.append(smoothed_loss)
        if should_stop:
            break
    return {"lr": lrs, "loss": losses}, raw


def main():
    results, raw = lr_find(RawLoss(seed=31))
    write_json(results, "lightning.json")
    write_truth("lightning", results["lr"], raw, smoothed=results["loss"])
    results, raw = lr_find(RawLoss(seed=32), min_lr=1e-5, max_lr=0.1, mode="linear")
    write_json(results, "lightning-linear.json")
    write_truth("lightning-linear", results["lr"], raw, smoothed=results["loss"])
    results, raw = lr_find(RawLoss(seed=33, nan_above=0.01), early_stop_threshold=None)
    write_json(results, "lightning-nan.json")
    write_truth("lightning-nan", results["lr"], raw, smoothed=results["loss"])


if __name__ == "__main__":
    main()
