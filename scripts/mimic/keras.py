"""Mimic a Keras LR-finder callback that writes one CSV row per batch, as TF >= 2.2 and Keras 3 run it.

- lr: set in on_train_batch_begin to `start * (end/start) ** (step / num_steps)` on the optimizer's float32
  variable, read back with `float(model.optimizer.learning_rate)` (so it is float32-rounded).
- loss: `logs["loss"]` in on_train_batch_end — NOT the batch loss: Keras' loss tracker is a `Mean` metric (float32
  total and count, each batch weighted by its size) reset at every epoch, so `logs["loss"]` is the running mean of
  the epoch so far (tensorflow/tensorflow#58098, keras-team/keras#17167).
- the CSV has the in-epoch `batch` index the callback receives, so the epoch restarts are known.

Saved by the callback with:
    w = csv.writer(open("lr_finder.csv", "w", newline="")); w.writerow(["batch", "lr", "loss"])
    ... in on_train_batch_end:  w.writerow([batch, float(self.model.optimizer.learning_rate), logs["loss"]])
"""
import csv

import numpy as np

from _common import RawLoss, out_path, write_truth

F32 = np.float32


def fit(raw_loss, start_lr=1e-6, end_lr=1.0, steps_per_epoch=60, epochs=2, batch_size=32):
    rows, lrs, raw, means = [], [], [], []
    num_steps = steps_per_epoch * epochs
    step = 0
    for _epoch in range(epochs):
        total, count = F32(0), F32(0)  # Mean.reset_state()
        for batch in range(steps_per_epoch):
            lr = float(F32(start_lr * (end_lr / start_lr) ** (step / num_steps)))
            loss = F32(raw_loss(lr))
            total = F32(total + F32(loss * F32(batch_size)))
            count = F32(count + F32(batch_size))
            mean = float(F32(total / count))
            rows.append([batch, lr, mean])
            lrs.append(lr)
            raw.append(float(loss))
            means.append(mean)
            step += 1
    return rows, lrs, raw, means


def main():
    rows, lrs, raw, means = fit(RawLoss(seed=41))
    with open(out_path("keras.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["batch", "lr", "loss"])
        w.writerows(rows)
    write_truth("keras", lrs, raw, smoothed=means)


if __name__ == "__main__":
    main()
