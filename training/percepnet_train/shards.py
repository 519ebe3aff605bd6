"""Reader for the dataset shards written by `percepnet dataset` (docs/FEATURES.md).

Each shard is memory-mapped, so a 100-hour training set costs no RAM; the manifest's
`segments` (frame offsets of mixture starts) let the sampler cut sequences at mixture
boundaries, since consecutive mixtures are unrelated audio.
"""
import glob
import json
import os
import struct
import sys
from dataclasses import dataclass
from typing import List

import numpy as np

from .config import BAND_COUNT, FEATURE_COUNT

MAGIC = b"PNDS"
VERSION = 1
HEADER = struct.Struct("<4sIIII")  # magic, version, frames, featureCount, bandCount
RECORD_FLOATS = FEATURE_COUNT + 3 * BAND_COUNT  # features, gain, strength, mask = 172

FEATURES = slice(0, FEATURE_COUNT)
GAIN = slice(FEATURE_COUNT, FEATURE_COUNT + BAND_COUNT)
STRENGTH = slice(FEATURE_COUNT + BAND_COUNT, FEATURE_COUNT + 2 * BAND_COUNT)
MASK = slice(FEATURE_COUNT + 2 * BAND_COUNT, RECORD_FLOATS)


class ShardError(ValueError):
    """A shard file that cannot be used; the message names the file."""


@dataclass
class Shard:
    path: str
    records: np.ndarray      # memmap, frames x 172 float32
    segments: List[int]      # frame offsets where mixtures start, ascending, first is 0

    @property
    def frames(self) -> int:
        return self.records.shape[0]

    def segment_spans(self):
        """(start, end) frame ranges of the mixtures in this shard."""
        ends = self.segments[1:] + [self.frames]
        return [(s, e) for s, e in zip(self.segments, ends) if e > s]


def open_shard(path: str, segments=None) -> Shard:
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as f:
            head = f.read(HEADER.size)
    except OSError as e:
        raise ShardError(f"{path}: cannot read ({e.strerror})") from e
    if len(head) < HEADER.size:
        raise ShardError(f"{path}: truncated header")
    magic, version, frames, features, bands = HEADER.unpack(head)
    if magic != MAGIC:
        raise ShardError(f"{path}: bad magic {magic!r}, expected {MAGIC!r}")
    if version != VERSION:
        raise ShardError(f"{path}: unsupported version {version}")
    if features != FEATURE_COUNT or bands != BAND_COUNT:
        raise ShardError(f"{path}: {features} features / {bands} bands, trainer expects "
                         f"{FEATURE_COUNT} / {BAND_COUNT}")
    expected = HEADER.size + frames * RECORD_FLOATS * 4
    if size != expected:
        raise ShardError(f"{path}: size {size} bytes, header says {expected}")
    if frames == 0:
        raise ShardError(f"{path}: no frames")
    records = np.memmap(path, dtype="<f4", mode="r", offset=HEADER.size,
                        shape=(frames, RECORD_FLOATS))
    segs = sorted({int(s) for s in (segments or [0])})
    if segs[0] != 0:
        segs = [0] + segs
    if segs[-1] >= frames:
        raise ShardError(f"{path}: segment offset {segs[-1]} beyond {frames} frames")
    return Shard(path=path, records=records, segments=segs)


def _manifest_entries(directory: str):
    """(file name, segments) per shard from manifest.json; None when there is no manifest."""
    manifest_path = os.path.join(directory, "manifest.json")
    if not os.path.exists(manifest_path):
        return None
    with open(manifest_path, "r", encoding="utf-8") as f:
        manifest = json.load(f)
    entries = []
    for item in manifest.get("shards", []):
        name = item.get("file") or item.get("name") or item.get("path")
        entries.append((os.path.basename(name), item.get("segments", [0])))
    return entries


class ShardSet:
    """All usable shards of one split directory.

    A missing or corrupt shard is reported by name on stderr and skipped (issue 4:
    "reported by name and skipped"); an empty result is an error.
    """

    def __init__(self, directory: str, log=sys.stderr):
        self.directory = directory
        entries = _manifest_entries(directory)
        if entries is None:
            print(f"warning: {directory}/manifest.json missing; treating each shard as one mixture",
                  file=log)
            entries = [(os.path.basename(p), [0])
                       for p in sorted(glob.glob(os.path.join(directory, "shard-*.pnds")))]
        self.shards: List[Shard] = []
        self.skipped: List[str] = []
        for name, segments in entries:
            path = os.path.join(directory, name)
            try:
                self.shards.append(open_shard(path, segments))
            except ShardError as e:
                print(f"warning: skipping shard: {e}", file=log)
                self.skipped.append(path)
        if not self.shards:
            raise ShardError(f"{directory}: no usable shards")

    @property
    def frames(self) -> int:
        return sum(s.frames for s in self.shards)

    def feature_statistics(self, max_frames: int = 2_000_000):
        """Per-feature mean and 1/std over (an even subsample of) all frames.

        Stored in the model file (models/FORMAT.md featureMean/featureInvStd) so the engine
        normalises exactly as training did. A floor on std keeps constant features
        (e.g. silent high bands) from blowing up.
        """
        stride = max(1, self.frames // max_frames)
        total = np.zeros(FEATURE_COUNT, np.float64)
        total_sq = np.zeros(FEATURE_COUNT, np.float64)
        count = 0
        for shard in self.shards:
            x = np.asarray(shard.records[::stride, FEATURES], dtype=np.float64)
            total += x.sum(0)
            total_sq += (x * x).sum(0)
            count += x.shape[0]
        mean = total / count
        std = np.sqrt(np.maximum(total_sq / count - mean * mean, 0.0))
        inv_std = 1.0 / np.maximum(std, 1e-3)
        return mean.astype(np.float32), inv_std.astype(np.float32)
