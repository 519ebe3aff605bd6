"""Export a trained checkpoint to the engine's model file plus reference vectors.

    python3 -m percepnet_train.export --checkpoint RUN_DIR/best.pt --dev DEV_DIR \
        --out models/percepnet-light.pnm [--float-out FLOAT.pnm] [--ref-frames 1000] \
        [--report RUN_DIR/export.json]

Writes OUT (models/FORMAT.md, int8, version 1) and one reference file per lookahead the model
supports: OUT.ref at lookahead 1 (the engine default; 0 for a lookahead-0 model), OUT.L0.ref and
OUT.L2.ref for the others: raw dev features and the outputs of the int8-dequantised model.
--float-out also writes the unquantised float32 model (version 2) with its own reference files,
whose outputs are the float model's, so the engine can measure what int8 costs end to end
(training/compare_float_int8.sh). Prints the float-vs-int8 output difference and dev loss at
every lookahead.
"""
import argparse
import json
import sys

import numpy as np
import torch

from .checkpoint import load
from .config import TrainConfig, config_from_dict
from .loss import percepnet_loss
from .model import PercepNet, all_lookaheads
from .pnm_format import WEIGHTS_FLOAT32, WEIGHTS_INT8
from .pnm_writer import write_model
from .quantise import dequantised_copy
from .reference_vectors import reference_outputs, write_reference
from .sequences import assemble, cut_windows
from .shards import FEATURES, ShardSet

DEFAULT_LOOKAHEAD = 1  # SpeechEnhancer's default (docs/ENGINE_API.md)


def load_model(checkpoint_path: str, raw: bool = False):
    """(model in eval mode, its config, the checkpoint dict). A run's `last.pt` with weight averaging
    holds the raw weights in `model` and the average in `average`: the average is what gets exported
    (`best.pt` already stores it as `model`) unless `raw`. A fine-tune's average starts at the start
    model and moves slowly, and the start model sits exactly on the int8 grid: after three epochs of a
    fine-tune of the shipped Light its average had moved 0.2 quantisation steps (rms) and 95-99 % of the
    int8 codes came back unchanged, so most of what the float average had learnt was rounded away
    (docs/generalization.md, "Fine-tunes were rounded away")."""
    state = load(checkpoint_path)
    config = config_from_dict(state["config"])
    model = PercepNet(config)
    model.load_state_dict(state["model"] if raw else state.get("average") or state["model"])
    return model.eval(), config, state


def reference_path(model_path: str, lookahead: int, max_lookahead: int) -> str:
    default = min(DEFAULT_LOOKAHEAD, max_lookahead)
    return f"{model_path}.ref" if lookahead == default else f"{model_path}.L{lookahead}.ref"


def write_references(path: str, runs: PercepNet, features: np.ndarray, max_lookahead: int):
    """One reference file per lookahead beside the model file at `path`, outputs computed by `runs`."""
    for L in range(max_lookahead + 1):
        ref = reference_path(path, L, max_lookahead)
        write_reference(ref, features, reference_outputs(runs, features, L), L)
        print(f"wrote {ref}: {len(features)} frames, lookahead {L}")


@torch.no_grad()
def compare_float_int8(model: PercepNet, quantised: PercepNet, config: TrainConfig, dev: ShardSet,
                       max_windows=64):
    """Output differences and dev loss of the float and the int8 model, per lookahead."""
    windows = cut_windows(dev, config.sequence_frames)
    if len(windows) > max_windows:
        windows = [windows[i] for i in np.linspace(0, len(windows) - 1, max_windows).astype(int)]
    report = {}
    for L in range(model.max_lookahead + 1):
        b = assemble(dev, windows, config.sequence_frames, [L] * len(windows))
        la = all_lookaheads(len(windows), L)
        gf, rf = model(b.features, la, b.valid)
        gq, rq = quantised(b.features, la, b.valid)
        valid = b.valid[:, :, None] > 0
        diff = (torch.cat([gf, rf], -1) - torch.cat([gq, rq], -1)).abs().masked_select(valid)
        loss_f = float(percepnet_loss(gf, rf, b.gain, b.strength, b.mask, config.loss)[0])
        loss_q = float(percepnet_loss(gq, rq, b.gain, b.strength, b.mask, config.loss)[0])
        report[f"L{L}"] = {"max_abs_output_diff": float(diff.max()),
                           "mean_abs_output_diff": float(diff.mean()),
                           "dev_loss_float": loss_f, "dev_loss_int8": loss_q}
    return report


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", required=True, help="best.pt or last.pt of a run")
    p.add_argument("--dev", required=True, help="dev shard directory (reference features)")
    p.add_argument("--out", required=True, help="model file to write (*.pnm)")
    p.add_argument("--float-out", help="also write the unquantised float32 model (and its references) here")
    p.add_argument("--ref-frames", type=int, default=1000)
    p.add_argument("--report", help="write the float-vs-int8 comparison as JSON here")
    p.add_argument("--raw", action="store_true",
                   help="export last.pt's raw weights instead of their average (see load_model)")
    args = p.parse_args(argv)
    torch.set_num_threads(2)

    model, config, state = load_model(args.checkpoint, raw=args.raw)
    weights = sum(p.numel() for p in model.parameters())
    size = write_model(model, args.out, WEIGHTS_INT8)
    print(f"wrote {args.out}: {size} bytes, {weights} weights")

    quantised = dequantised_copy(model)
    dev = ShardSet(args.dev)
    first = dev.shards[0]
    frames = min(args.ref_frames, first.frames)
    features = np.array(first.records[:frames, FEATURES], dtype=np.float32)
    write_references(args.out, quantised, features, model.max_lookahead)
    if args.float_out:
        float_size = write_model(model, args.float_out, WEIGHTS_FLOAT32)
        print(f"wrote {args.float_out}: {float_size} bytes, {weights} float32 weights")
        # Conv1 taps the file drops (never trained) are masked at every lookahead, so `model` itself
        # computes what the float file holds.
        write_references(args.float_out, model, features, model.max_lookahead)

    report = compare_float_int8(model, quantised, config, dev)
    for key, r in report.items():
        print(f"float vs int8 at {key}: max |diff| {r['max_abs_output_diff']:.5f}, "
              f"mean |diff| {r['mean_abs_output_diff']:.6f}, dev loss {r['dev_loss_float']:.5f} "
              f"-> {r['dev_loss_int8']:.5f}")
    if args.report:
        summary = {"checkpoint": args.checkpoint, "model": args.out, "bytes": size,
                   "epoch": state.get("epoch"), "step": state.get("step"), "float_vs_int8": report}
        if args.float_out:
            summary["float_model"] = args.float_out
        with open(args.report, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
