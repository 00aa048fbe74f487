"""Plain files a user writes from any training loop (raw per-batch losses): CSV with their own column names, JSON
Lines, and pandas' default `DataFrame.to_json()` shape (`{"col": {"0": v, ...}}`, 10 significant digits).

Read with:
    lrfind analyze plain-custom.csv --lr-column learning_rate --loss-column train_loss
    lrfind analyze plain.jsonl
    lrfind analyze plain-pandas.json --format json
"""
import csv
import json

import numpy as np

from _common import RawLoss, out_path, write_truth


def main():
    loss_fn = RawLoss(seed=61)
    n = 80
    lrs = [1e-6 * (1e6) ** (i / (n - 1)) for i in range(n)]
    raw = [float(np.float32(loss_fn(lr))) for lr in lrs]
    with open(out_path("plain-custom.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "learning_rate", "train_loss"])
        w.writerows([i, lrs[i], raw[i]] for i in range(n))
    with open(out_path("plain.jsonl"), "w") as f:
        for lr, loss in zip(lrs, raw):
            f.write(json.dumps({"lr": lr, "loss": loss}) + "\n")
    with open(out_path("plain-pandas.json"), "w") as f:
        cols = {"lr": {str(i): float("%.10g" % v) for i, v in enumerate(lrs)}, "loss": {str(i): float("%.10g" % v) for i, v in enumerate(raw)}}
        f.write(json.dumps(cols, separators=(",", ":")))
    write_truth("plain", lrs, raw)


if __name__ == "__main__":
    main()
