"""Per-band gains against their targets, over the speech frames of chosen mixtures: where a model keeps noise or takes
speech across the spectrum.

    python3 -m percepnet_train.band_gains --data SHARD_DIR [--noise NAME] [--max-snr DB] [--dry] [--lookahead 1] CKPT...

Picks the mixtures of a `percepnet dataset` set whose description names the noise (`--noise sc_running_tap`), whose
SNR is below `--max-snr` and, with `--dry`, that have no room response (so the target is the clean clip); scores each
whole, as a stream runs it, and averages the target gain g_b and each checkpoint's ĝ_b per band over the speech frames
(loss.speech_frames: the frames the listener hears speech in). One row per band: the band's peak frequency, the target and
each checkpoint.

Why (docs/generalization.md, 2026-12-07): at −5 dB on the unheard running tap, a 16 kHz recording whose energy lies at
2–8 kHz, the shipped model's gains were smoother across bands than the targets: about twice the target in the tap's
band (noise kept) and 0.2 below it above 8 kHz, where there is no noise (speech taken). A mean loss or SDR over all
bands cannot show that.
"""
import argparse
import os
import sys

import torch

from .export import load_model
from .family_loss import SNR, described_mixtures
from .loss import speech_frames
from .model import all_lookaheads
from .sequences import assemble

# Peak of each of the 34 ERB band triangles in Hz at 48 kHz (ErbBands.ComputeEdges(960, 48000) x 50 Hz), for the reader;
# the engine's ErbBands is the definition.
BAND_PEAKS_HZ = [0, 100, 200, 300, 400, 500, 600, 700, 800, 950, 1100, 1250, 1450, 1650, 1900, 2150, 2450, 2800, 3200,
                 3650, 4150, 4700, 5300, 6000, 6800, 7700, 8700, 9800, 11050, 12450, 14000, 15750, 17750, 20000]


def pick(descriptions, noise: str = "", max_snr: float = float("inf"), dry: bool = False):
    """Indices of the mixtures whose description names the noise, has an SNR below max_snr and, if dry, no room."""
    chosen = []
    for k, d in enumerate(descriptions):
        snr = SNR.search(d)
        if noise and f"noise:{noise}" not in d:
            continue
        if max_snr != float("inf") and (not snr or float(snr.group(1)) >= max_snr):
            continue
        if dry and "rir:" in d:
            continue
        chosen.append(k)
    return chosen


@torch.no_grad()
def band_means(data: str, checkpoints, noise: str = "", max_snr: float = float("inf"), dry: bool = False,
               lookahead: int = 1):
    """(mixture count, target means, [means per checkpoint]): 34-vectors averaged over the chosen mixtures' speech
    frames."""
    shards, spans, descriptions = described_mixtures(data)
    if len(descriptions) != len(spans):
        raise SystemExit(f"{data}: the manifest describes {len(descriptions)} mixtures, the shards hold {len(spans)}")
    chosen = pick(descriptions, noise, max_snr, dry)
    if not chosen:   # a table of zeros would read as a model that removes everything
        raise SystemExit(f"{data}: no mixture matches (noise {noise!r}, SNR below {max_snr}, dry {dry})")
    models = [load_model(path)[0] for path in checkpoints]
    target_sum, frames = torch.zeros(34, dtype=torch.float64), 0
    sums = [torch.zeros(34, dtype=torch.float64) for _ in models]
    for k in chosen:
        batch = assemble(shards, [spans[k]], spans[k][2], [lookahead])
        speech = speech_frames(batch.features, batch.gain, batch.mask)[0] > 0
        target_sum += batch.gain[0][speech].double().sum(0)
        frames += int(speech.sum())
        for model, total in zip(models, sums):
            gain, _ = model(batch.features, all_lookaheads(1, lookahead, "cpu"), batch.valid)
            total += gain[0][speech].double().sum(0)
    scale = 1.0 / max(frames, 1)
    return len(chosen), target_sum * scale, [total * scale for total in sums]


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="shard directory of `percepnet dataset`")
    p.add_argument("--noise", default="", help="a noise recording's file name, as the descriptions give it")
    p.add_argument("--max-snr", type=float, default=float("inf"), help="only mixtures below this SNR (dB)")
    p.add_argument("--dry", action="store_true", help="only mixtures without a room response")
    p.add_argument("--lookahead", type=int, default=1)
    p.add_argument("checkpoints", nargs="+")
    args = p.parse_args(argv)
    torch.set_num_threads(int(os.environ.get("PERCEPNET_TRAIN_THREADS", "1")))
    count, target, means = band_means(args.data, args.checkpoints, args.noise, args.max_snr, args.dry, args.lookahead)
    print(f"{count} mixtures; mean gain over their speech frames, per band")
    names = [os.path.relpath(c) for c in args.checkpoints]
    print("| band | peak Hz | target | " + " | ".join(names) + " |")
    print("|---:|---:|---:|" + "---:|" * len(names))
    for b in range(34):
        print(f"| {b} | {BAND_PEAKS_HZ[b]} | {float(target[b]):.2f} | "
              + " | ".join(f"{float(m[b]):.2f}" for m in means) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
