"""Learning curves from one run's log.csv, or from several consecutive stages (each started
--init-from the previous one), drawn one after another on one axis of training audio seen.

    python3 -m percepnet_train.plot RUN_DIR/log.csv [NEXT_RUN/log.csv ...] OUT.png
        [--title TEXT] [--names "stage 5" "stage 6"]
"""
import argparse
import math
import sys

import matplotlib

matplotlib.use("Agg")  # headless: no display on the training machine
import matplotlib.pyplot as plt  # noqa: E402

from .run_log import LOW_SNR_COLUMN, best_index, read_log, scheduled_on_dry_sdr  # noqa: E402  (read_log: also this module's API)


def stage_hours(logs):
    """Stage logs end to end: per stage, the cumulative training audio (hours) at each of its
    epochs, counted from the start of the first stage."""
    per_stage, seen = [], 0.0
    for log in logs:
        hours = []
        for frames in log["train_frames"]:
            seen += frames / 360000  # 100 frames per second
            hours.append(seen)
        per_stage.append(hours)
    return per_stage


def plot(logs, out: str, title: str = "", names=None):
    """logs: one log (dict of columns) or a list of consecutive stage logs."""
    logs = [logs] if isinstance(logs, dict) else list(logs)
    names = list(names or [])
    hours = stage_hours(logs)
    starts = [h[-1] for h in hours[:-1] if h]  # where each later stage begins
    fig, (loss_ax, lr_ax) = plt.subplots(2, 1, figsize=(8, 6), sharex=True,
                                         gridspec_kw={"height_ratios": [3, 1]})
    sdr_ax = None
    for i, (log, x) in enumerate(zip(logs, hours)):  # one line per stage: none joins two stages' losses
        legend = i == 0  # one legend entry per kind of line, not per stage
        loss_ax.plot(x, log["train_loss"], label="train" if legend else None, color="tab:blue")
        if any(math.isfinite(v) for v in log["dev_loss"]):
            loss_ax.plot(x, log["dev_loss"], label="dev (mean over lookahead)" if legend else None, color="tab:red")
            for L, style in ((0, ":"), (2, "--")):
                loss_ax.plot(x, log[f"dev_loss_L{L}"], style, color="tab:red", alpha=0.6,
                             label=f"dev L={L}" if legend else None)
        if scheduled_on_dry_sdr(log):  # the schedule's measure, on its own axis (dB, higher is better)
            if sdr_ax is None:
                sdr_ax = loss_ax.twinx()
                sdr_ax.set_ylabel("dry dev band SDR (dB)", color="tab:purple")
            sdr_ax.plot(x, log["dev_dry_band_sdr_db"], color="tab:purple")
            low = log.get(LOW_SNR_COLUMN, [])
            if any(math.isfinite(v) for v in low):  # the gap: the mixtures below 0 dB SNR alone
                sdr_ax.plot(x, low, "--", color="tab:purple", alpha=0.7)
                sdr_ax.set_ylabel("dry dev band SDR (dB; dashed: SNR < 0 dB)", color="tab:purple")
        lr_ax.plot(x, log["learning_rate"], color="tab:green")
    if len(logs) == 1:
        loss_ax.axvline(hours[0][best_index(logs[0])], color="gray", lw=0.8)
    for start in starts:  # a new stage may change the loss, so its values start a new level
        for ax in (loss_ax, lr_ax):
            ax.axvline(start, color="black", lw=0.8, ls="--")
    bounds = [0.0] + starts + [hours[-1][-1] if hours and hours[-1] else 0.0]
    for i, name in enumerate(names):
        if i + 1 < len(bounds):
            loss_ax.annotate(name, ((bounds[i] + bounds[i + 1]) / 2, 1.0), xycoords=("data", "axes fraction"),
                             ha="center", va="bottom", fontsize=8)
    loss_ax.set_ylabel("loss (paper eq. 9, per band)")
    loss_ax.set_yscale("log")
    loss_ax.legend()
    loss_ax.grid(alpha=0.3)
    if not title:  # losses of different stages need not be comparable: the best of each
        parts = []
        for i, log in enumerate(logs):
            best = best_index(log)
            who = "" if len(logs) == 1 else f"{names[i] if i < len(names) else f'stage {i + 1}'}: "
            measure = (f"dry band SDR {log['dev_dry_band_sdr_db'][best]:.2f} dB" if scheduled_on_dry_sdr(log)
                       else f"dev {log['dev_loss'][best]:.4f}")
            parts.append(f"{who}best {measure} at epoch {int(log['epoch'][best])}")
        title = " · ".join(parts)
    loss_ax.set_title(title, pad=14 if names else 6, fontsize=9 if len(logs) > 1 else None)
    lr_ax.set_yscale("log")
    lr_ax.set_ylabel("learning rate")
    lr_ax.set_xlabel("training audio seen (hours)")
    lr_ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("logs", nargs="+", help="log.csv of each stage, in order")
    p.add_argument("out")
    p.add_argument("--title", default="")
    p.add_argument("--names", nargs="*", default=None, help="a label per stage")
    args = p.parse_args(argv)
    plot([read_log(path) for path in args.logs], args.out, args.title, args.names)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
