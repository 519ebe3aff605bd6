"""Loss per mixture family: which material a model fails, and what a fine-tune traded for what.

    python3 -m percepnet_train.family_loss --data SHARD_DIR [--every N] [--lookahead 1] [--by-recording] [--bias] [--sdr] CKPT...

Every mixture of a `percepnet dataset` set is scored whole (its GRU state starts at its first frame, as a stream
does) at one lookahead, and the mixtures' losses are averaged per family, read from the mixture descriptions the
dataset manifest keeps: fullband or narrowband speech, noise-free, reverberant or dry, a recorded noise, an instrument
render, each procedural family (howl, hoot, siren, beeps, babble, ...), and the input SNR in four buckets. One
column per checkpoint. `--every N` scores every Nth mixture (a training set is large); `--by-recording` also lists
each recorded noise on its own line (a dev set's few recordings). `--bias` adds, per checkpoint, the family's mean
gain error ĝ^½ − g^½ over its unmasked bands (positive: noise kept, negative: speech taken). `--sdr` adds the
family's mean band-domain SDR in dB, 10·log10(Σ g²·E / Σ (ĝ − g)²·E) over each mixture's unmasked bands and frames
(E the input's band energy, g²·E the target's): an energy-weighted measure, where the paper's loss weighs every band
alike. On the fair dev set's 180 mixtures it put the shipped model first and the plain fine-tune second, as SI-SDR
on the generalization split did, where the loss put both last; on a third of the mixtures it did not: a signal, not a
verdict (docs/generalization.md, "Which dev measure").

Why (docs/generalization.md, 2026-12-06): a fine-tune's dev loss says only that it rose. This table showed where:
the shipped model's training loss on the new material is twice its loss on recordings (narrowband mixtures, sirens,
hoots, instruments), so those mixtures steer the first steps, and the dev set's clean reverberant speech pays.
"""
import argparse
import collections
import json
import os
import re
import sys

import numpy as np
import torch

from .export import load_model
from .loss import percepnet_loss
from .model import all_lookaheads
from .sequences import assemble
from .shards import ShardSet


INSTRUMENT = re.compile(r"(ensemble|melody|chords|drums)_\d")
SNR = re.compile(r"snr (-?[\d.]+) dB")
# Description items that are not families: speech clips (name@rate), gains (x0.84), level, floor, modulation.
NOT_A_FAMILY = re.compile(r"(.*@[\d.]+$|x[\d.]+$|level |floor |mod |snr |noise-free$|narrowband recording$)")


def snr_bucket(snr: float) -> str:
    return "snr < 0 dB" if snr < 0 else "snr 0-10 dB" if snr < 10 else "snr 10-20 dB" if snr < 20 else "snr >= 20 dB"


def mean_finite(sdrs) -> float:
    """Mean of the finite band SDRs (a mixture without speech scores nan), nan if there are none."""
    values = np.asarray(sdrs, dtype=float)
    finite = values[np.isfinite(values)]
    return float(finite.mean()) if len(finite) else float("nan")


def snr_bucket_names() -> tuple:
    """Every name snr_bucket gives, lowest SNR first."""
    return tuple(snr_bucket(snr) for snr in (-1.0, 0.0, 10.0, 20.0))


def families(description: str, by_recording: bool = False) -> set:
    """The families one mixture belongs to, from its description (MixtureGenerator's `Description`)."""
    result = {"narrowband" if description.startswith("narrowband recording") else "fullband"}
    if "noise-free" in description:
        result.add("noise-free")
    snr = SNR.search(description)
    if snr:
        result.add(snr_bucket(float(snr.group(1))))
    for item in (i.strip() for i in description.split(",")):
        if item.startswith("rir:"):
            result.add("reverberant")
        elif item.startswith("noise:"):
            name = item[len("noise:"):]
            if INSTRUMENT.match(name):
                result.add("instrument")
            else:
                result.add("recording")
                if by_recording:
                    result.add("recording " + name)
        elif item and not NOT_A_FAMILY.match(item):
            result.add(re.sub(r" x\d+$", "", item).split(" ")[0])  # "howl x2" -> howl, "machine 48 Hz" -> machine
    # Without a room response, as the generalization split's mixtures are: the fair dev set puts 40 % of its mixtures
    # in one room no training mixture has, and those carry most of its dev loss (docs/generalization.md, "The network
    # underfits below 0 dB").
    if "reverberant" not in result:
        result.add("dry")
    return result


@torch.no_grad()
def mixture_scores(model, config, shards: ShardSet, windows, lookahead: int):
    """Per mixture window (shard index, start, length), scored whole: its loss, the sum of its masked gain
    errors ĝ^½ − g^½ with the sum of its mask (so a family's bias weighs every band alike), and its band-domain SDR
    in dB (NaN for a mixture without speech)."""
    losses, error_sums, mask_sums, sdrs = [], [], [], []
    for window in windows:
        batch = assemble(shards, [window], window[2], [lookahead])
        g, r = model(batch.features, all_lookaheads(1, lookahead, "cpu"), batch.valid)
        value, _, _ = percepnet_loss(g, r, batch.gain, batch.strength, batch.mask, config.loss)
        losses.append(float(value))
        error_sums.append(float(((g.sqrt() - batch.gain.sqrt()) * batch.mask).sum()))
        mask_sums.append(float(batch.mask.sum()))
        sdrs.append(band_sdr(batch.features, batch.gain, g, batch.mask))
    return np.array(losses), np.array(error_sums), np.array(mask_sums), np.array(sdrs)


def band_sdr(features, gain_target, gain, mask) -> float:
    """10·log10(Σ g²·E / Σ (ĝ − g)²·E) over the unmasked bands of one mixture (a batch of one; features 0..33 are
    log10 of the input's band energy E, docs/FEATURES.md); NaN when the target holds no energy."""
    return band_sdrs(features, gain_target, gain, mask)[0]


def band_sdrs(features, gain_target, gain, mask) -> list:
    """band_sdr of each row of a batch (padding frames are masked out, so rows may differ in length)."""
    energy = torch.pow(10.0, features[..., :gain_target.shape[-1]].double()) * (mask > 0)
    signal = (gain_target.double().square() * energy).sum(dim=(1, 2)).tolist()
    distortion = ((gain.double() - gain_target.double()).square() * energy).sum(dim=(1, 2)).tolist()
    return [10.0 * float(np.log10(s / max(d, 1e-30))) if s > 0 else float("nan")
            for s, d in zip(signal, distortion)]


def described_mixtures(data: str):
    """(shards, spans, descriptions) of a `percepnet dataset` set: each mixture's window (shard index, start, length)
    and the descriptions its manifest keeps (as many as the mixtures unless the set is older or synthetic)."""
    shards = ShardSet(data)
    with open(os.path.join(data, "manifest.json"), encoding="utf-8") as f:
        descriptions = json.load(f).get("mixtures") or []
    spans = [(i, s, e - s) for i, shard in enumerate(shards.shards) for s, e in shard.segment_spans()]
    return shards, spans, descriptions


def table(data: str, checkpoints, every: int = 1, lookahead: int = 1, by_recording: bool = False):
    """Rows of (family, mixture count, mean loss per checkpoint, gain bias per checkpoint, mean band SDR per
    checkpoint over the family's mixtures with speech), most common first."""
    shards, spans, descriptions = described_mixtures(data)
    if len(descriptions) != len(spans):  # an older or synthetic set: no families, only the whole
        descriptions = [""] * len(spans)
    picks = list(range(0, len(spans), every))
    scores = []
    for path in checkpoints:
        model, config, _ = load_model(path)
        scores.append(mixture_scores(model, config, shards, [spans[k] for k in picks], lookahead))
    groups = collections.defaultdict(list)
    for j, k in enumerate(picks):
        for family in families(descriptions[k], by_recording) if descriptions[k] else ():
            groups[family].append(j)
    groups["all"] = list(range(len(picks)))

    def row(name, idx):
        return (name, len(idx), [float(l[idx].mean()) for l, _, _, _ in scores],
                [float(e[idx].sum() / max(m[idx].sum(), 1.0)) for _, e, m, _ in scores],
                [mean_finite(d[idx]) for _, _, _, d in scores])
    rows = [row(name, idx) for name, idx in sorted(groups.items(), key=lambda g: (-len(g[1]), g[0])) if name != "all"]
    rows.append(row("all", groups["all"]))
    return rows


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="shard directory of `percepnet dataset` (train or dev)")
    p.add_argument("--every", type=int, default=1, help="score every Nth mixture")
    p.add_argument("--lookahead", type=int, default=1)
    p.add_argument("--by-recording", action="store_true", help="a line per recorded noise too")
    p.add_argument("--bias", action="store_true", help="also each family's mean gain error (sqrt domain)")
    p.add_argument("--sdr", action="store_true", help="also each family's mean band-domain SDR (energy-weighted)")
    p.add_argument("checkpoints", nargs="+")
    args = p.parse_args(argv)
    if args.every < 1:
        p.error("--every must be at least 1")
    torch.set_num_threads(int(os.environ.get("PERCEPNET_TRAIN_THREADS", "1")))
    rows = table(args.data, args.checkpoints, args.every, args.lookahead, args.by_recording)
    names = [os.path.relpath(c) for c in args.checkpoints]
    columns = list(names)
    if args.bias:
        columns += [f"bias {n}" for n in names]
    if args.sdr:
        columns += [f"SDR dB {n}" for n in names]
    print("| family | mixtures | " + " | ".join(columns) + " |")
    print("|---|---:|" + "---:|" * len(columns))
    for name, n, values, biases, sdrs in rows:
        cells = ([f"{v:.4f}" for v in values] + ([f"{b:+.4f}" for b in biases] if args.bias else [])
                 + ([f"{d:.2f}" for d in sdrs] if args.sdr else []))
        print(f"| {name} | {n} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
