"""Carry a training run to another machine inside the repository.

A CPU run here takes several sessions, and a session may start on a new machine that has none of the last one's
files: everything under training/runs is then lost (it happened three times in issue 18). `pack` turns a run's
last.pt into a small file that can be committed (training/carried/, docs/generalization.md "Carried runs"):

  - the raw weights and the weight average in float16: 2 bytes a weight instead of 16 (fp32 weights, average and
    Adam's two moments). float16 keeps 11 bits: at the weights' scale (~0.05) that is 3e-5, less than one Adam step
    at the rates these runs use (3e-4 × ~0.1), so the rounding is a fraction of one update;
  - no Adam moments: they rebuild within a few hundred steps (Adam's bias correction starts them at zero) and would
    triple the file;
  - the step, epoch, schedule counters, sampler position and the run's log.csv (its learning curve, which the
    model card shows), so `train --resume` continues the schedule, the log and the epoch numbering.

`unpack` writes RUN/last.pt, log.csv and config.json from it; then `train --resume` goes on as on the old machine
(with fresh moments). It also writes RUN/carried.pt, the weight average in the format of the epoch snapshots
(`--keep-epochs`), which is what `export`, `quick_judge.sh` and a finish's `--init-from` take (`--init-from last.pt`
would take the raw weights). Nothing here reads the mixtures: the carried run resumes on whatever --data the new machine
has (the sampler's position wraps to a new pass when the set is smaller).

    python3 -m percepnet_train.carry pack training/runs/scratch17 training/carried/scratch17.pt
    python3 -m percepnet_train.carry unpack training/carried/scratch17.pt training/runs/scratch17
"""
import argparse
import json
import os
import sys

import torch

from .checkpoint import load, save_atomic

FORMAT = "percepnet-carried-run-1"
# What the carry changes in a checkpoint (train.py's _state); every other key (schedule, sampler, counters, RNG, and
# any key the trainer adds later) travels as it is.
WEIGHTS = ("model", "average", "optimizer")
CARRY_ONLY = ("format", "param_groups", "log_csv") + WEIGHTS   # what pack writes in their place, and the weights


def _half(state_dict):
    return {k: v.half() if v.dtype == torch.float32 else v.clone() for k, v in state_dict.items()}


def _full(state_dict):
    return {k: v.float() if v.dtype == torch.float16 else v.clone() for k, v in state_dict.items()}


def pack(run_dir: str, out: str) -> dict:
    state = load(os.path.join(run_dir, "last.pt"))
    carried = {"format": FORMAT, **{k: v for k, v in state.items() if k not in WEIGHTS},
               "model": _half(state["model"]),
               "average": _half(state["average"]) if state.get("average") is not None else None,
               # Only the schedule's part of the optimizer: the learning rate each group had.
               "param_groups": state["optimizer"]["param_groups"]}
    log = os.path.join(run_dir, "log.csv")
    if os.path.exists(log):
        with open(log, encoding="utf-8") as f:
            carried["log_csv"] = f.read()
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    save_atomic(carried, out)
    return carried


def unpack(carried_path: str, run_dir: str) -> dict:
    carried = load(carried_path)
    if carried.get("format") != FORMAT:
        raise ValueError(f"{carried_path} is not a carried run ({FORMAT}); got {carried.get('format')!r}")
    last = os.path.join(run_dir, "last.pt")
    if os.path.exists(last):
        raise FileExistsError(f"{last} exists: this machine has the run already; resume it instead")
    os.makedirs(run_dir, exist_ok=True)
    state = {k: v for k, v in carried.items() if k not in CARRY_ONLY}
    state["model"] = _full(carried["model"])
    state["average"] = _full(carried["average"]) if carried.get("average") is not None else None
    state["optimizer"] = {"state": {}, "param_groups": carried["param_groups"]}
    save_atomic(state, last)
    if "log_csv" in carried:
        with open(os.path.join(run_dir, "log.csv"), "w", encoding="utf-8", newline="") as f:
            f.write(carried["log_csv"])
    with open(os.path.join(run_dir, "config.json"), "w", encoding="utf-8") as f:
        json.dump(carried["config"], f, indent=1)
    evaluated = state["average"] if state["average"] is not None else state["model"]
    save_atomic({"config": carried["config"], "model": evaluated, "epoch": carried["epoch"], "step": carried["step"]},
                os.path.join(run_dir, "carried.pt"))
    return state


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("pack", help="RUN_DIR/last.pt -> a small committed file")
    a.add_argument("run_dir")
    a.add_argument("out")
    b = sub.add_parser("unpack", help="a carried file -> RUN_DIR/last.pt, log.csv, config.json (then train --resume)")
    b.add_argument("carried")
    b.add_argument("run_dir")
    args = p.parse_args(argv)
    try:
        if args.command == "pack":
            c = pack(args.run_dir, args.out)
            print(f"packed {args.run_dir}: epoch {c['epoch']}, step {c['step']} -> {args.out} "
                  f"({os.path.getsize(args.out) / 2**20:.1f} MiB)")
        else:
            s = unpack(args.carried, args.run_dir)
            print(f"unpacked {args.carried}: epoch {s['epoch']}, step {s['step']} -> {args.run_dir} "
                  "(continue with train --resume)")
    except (OSError, ValueError, KeyError) as e:
        sys.exit(f"error: {e}")


if __name__ == "__main__":
    main()
