#!/usr/bin/env python3
"""Synthetic shards in the exact `percepnet dataset` format (docs/FEATURES.md), for
developing and smoke-testing the trainer without the C# dataset command.

The data is random but learnable: each mixture has a speech-like band envelope that
switches on and off and a stationary noise floor; features are the noisy log band
energies, voicing-dependent coherences and a pitch track, and the gain target is
sqrt(E_clean / E_noisy) as in the real oracle. Bands above a random cutoff are masked,
like band-limited sources.

    make_synthetic_shards.py --out DIR --seconds 60 [--seed 1] [--shard-frames 20000]
"""
import argparse
import json
import os
import struct
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from percepnet_train.config import BAND_COUNT, FEATURE_COUNT  # noqa: E402
from percepnet_train.shards import HEADER, MAGIC, RECORD_FLOATS, VERSION  # noqa: E402


def smooth(rng, frames, bands, alpha):
    """First-order low-pass of white noise along time: a slowly varying envelope."""
    out = np.zeros((frames, bands))
    state = rng.standard_normal(bands)
    for t in range(frames):
        state = alpha * state + (1 - alpha) * rng.standard_normal(bands) * 3.0
        out[t] = state
    return out


def mixture(rng, frames):
    records = np.zeros((frames, RECORD_FLOATS), np.float32)
    tilt = np.linspace(0, -3, BAND_COUNT)
    speaking = (smooth(rng, frames, 1, 0.95)[:, 0] > -0.2).astype(float)
    clean_log = tilt + smooth(rng, frames, BAND_COUNT, 0.8) + rng.uniform(-2, 1)
    clean = 10 ** clean_log * speaking[:, None]
    noise = 10 ** (tilt * rng.uniform(0, 1) + rng.uniform(-3, 0) + 0.3 * rng.standard_normal((frames, BAND_COUNT)))
    noise *= rng.uniform(0, 1) > 0.1  # some noise-free mixtures
    noisy = clean + noise
    voicing = speaking * (smooth(rng, frames, 1, 0.9)[:, 0] > 0)
    gain = np.where(noisy > 1e-9, np.sqrt(clean / np.maximum(noisy, 1e-12)), 1.0)
    coherence = np.clip(voicing[:, None] * gain + 0.1 * rng.standard_normal((frames, BAND_COUNT)), -1, 1)
    strength = np.clip(voicing[:, None] * (1 - gain) * 0.8, 0, 1)
    cutoff = rng.choice([BAND_COUNT, BAND_COUNT, 30, 26])
    mask = np.zeros((frames, BAND_COUNT))
    mask[:, :cutoff] = 1
    records[:, 0:34] = np.log10(noisy + 1e-6)
    records[:, 34:68] = coherence
    records[:, 68] = np.clip(0.3 + 0.1 * smooth(rng, frames, 1, 0.95)[:, 0], 0, 1)
    records[:, 69] = np.clip(voicing * 0.8 + 0.1 * rng.standard_normal(frames), 0, 1)
    records[:, 70:104] = np.clip(gain, 0, 1)
    records[:, 104:138] = strength
    records[:, 138:172] = mask
    return records


def write_shard(path, records):
    with open(path, "wb") as f:
        f.write(HEADER.pack(MAGIC, VERSION, records.shape[0], FEATURE_COUNT, BAND_COUNT))
        f.write(records.astype("<f4").tobytes())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--shard-frames", type=int, default=20000)
    args = p.parse_args()
    rng = np.random.default_rng(args.seed)
    os.makedirs(args.out, exist_ok=True)
    total = int(args.seconds * 100)
    shards, current, segments, written = [], [], [], 0
    while written < total:
        m = mixture(rng, int(rng.integers(150, 800)))
        segments.append(sum(len(c) for c in current))
        current.append(m)
        written += len(m)
        if sum(len(c) for c in current) >= args.shard_frames or written >= total:
            name = f"shard-{len(shards):05d}.pnds"
            records = np.concatenate(current)
            write_shard(os.path.join(args.out, name), records)
            shards.append({"file": name, "frames": int(records.shape[0]), "segments": segments})
            current, segments = [], []
    manifest = {"version": 1, "split": "synthetic", "seed": args.seed, "hours": written / 360000,
                "frames": written, "shards": shards, "sources": []}
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    print(f"wrote {len(shards)} shards, {written} frames to {args.out}")


if __name__ == "__main__":
    main()
