"""Mimic TensorBoard's scalar export ("Download CSV" / "Download JSON" in the Scalars dashboard) of a range test
logged per step, e.g. Lightning's `self.log("train_loss", loss, on_step=True)` plus LearningRateMonitor's
`lr-SGD` tag: one file per tag, `Wall time,Step,Value`, values stored as float32.

The lr export here misses step 0 and has one step past the loss (a monitor that logs on a different hook), so
the importer's pairing by step is exercised: the paired run has the steps both files share.

Read with:
    lrfind analyze run-version_0-tag-train_loss.csv --lr-file run-version_0-tag-lr-SGD.csv

Also the long format tbparse writes (`SummaryReader(logdir).scalars.to_csv("scalars.csv", index=False)`): one file,
columns `step,tag,value`, every tag of the run (here lr-SGD, train_loss_step, and a val_loss every 25 steps):
    lrfind analyze scalars.csv
"""
import csv

import numpy as np

from _common import RawLoss, out_path, write_json, write_truth


def main():
    loss_fn = RawLoss(seed=51)
    n = 100
    lrs = [float(np.float32(1e-7 * (1e8) ** (i / n))) for i in range(n + 1)]
    losses = [float(np.float32(loss_fn(lrs[i]))) for i in range(n)]
    wall = 1700000000.0
    loss_rows = [[wall + 0.25 * i, i, losses[i]] for i in range(n)]
    lr_rows = [[wall + 0.25 * i + 0.01, i, lrs[i]] for i in range(1, n + 1)]
    for name, rows in (("tb-train_loss", loss_rows), ("tb-lr-SGD", lr_rows)):
        with open(out_path(name + ".csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["Wall time", "Step", "Value"])
            w.writerows(rows)
        write_json(rows, name + ".json")
    write_truth("tb", lrs[1:n], losses[1:n])
    long_rows = [[i, "lr-SGD", lrs[i]] for i in range(1, n + 1)]
    long_rows += [[i, "train_loss_step", losses[i]] for i in range(n)]
    long_rows += [[i, "val_loss", float(np.float32(losses[i] * 1.1))] for i in range(0, n, 25)]
    with open(out_path("tb-long.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "tag", "value"])
        w.writerows(long_rows)


if __name__ == "__main__":
    main()
