"""Learning curves from a run's log.csv.

    python3 -m percepnet_train.plot RUN_DIR/log.csv OUT.png [--title TEXT]
"""
import argparse
import csv
import sys

import matplotlib

matplotlib.use("Agg")  # headless: no display on the training machine
import matplotlib.pyplot as plt  # noqa: E402


def read_log(path: str):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return {key: [float(r[key]) for r in rows] for key in (rows[0].keys() if rows else [])}


def plot(log: dict, out: str, title: str = ""):
    fig, (loss_ax, lr_ax) = plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                         gridspec_kw={"height_ratios": [3, 1]})
    hours = [f / 360000 for f in log["train_frames"]]
    x = [sum(hours[:i + 1]) for i in range(len(hours))]  # cumulative training audio, hours
    loss_ax.plot(x, log["train_loss"], label="train", color="tab:blue")
    loss_ax.plot(x, log["dev_loss"], label="dev (mean over lookahead)", color="tab:red")
    for L, style in ((0, ":"), (2, "--")):
        loss_ax.plot(x, log[f"dev_loss_L{L}"], style, color="tab:red", alpha=0.6, label=f"dev L={L}")
    best = min(range(len(x)), key=lambda i: log["dev_loss"][i])
    loss_ax.axvline(x[best], color="gray", lw=0.8)
    loss_ax.set_ylabel("loss (paper eq. 9, per band)")
    loss_ax.set_yscale("log")
    loss_ax.legend()
    loss_ax.grid(alpha=0.3)
    loss_ax.set_title(title or f"best dev {log['dev_loss'][best]:.4f} at epoch {int(log['epoch'][best])}")
    lr_ax.plot(x, log["learning_rate"], color="tab:green")
    lr_ax.set_yscale("log")
    lr_ax.set_ylabel("learning rate")
    lr_ax.set_xlabel("training audio seen (hours)")
    lr_ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("log")
    p.add_argument("out")
    p.add_argument("--title", default="")
    args = p.parse_args(argv)
    plot(read_log(args.log), args.out, args.title)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
