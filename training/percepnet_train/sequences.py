"""Training sequences: fixed-length windows that never cross a mixture start.

The recurrent state starts from zero in every window, as it does at stream start in the
engine. Windows are drawn deterministically from (seed, pass), so a resumed run replays
exactly the batches the interrupted run would have seen (only two counters are saved).
"""
from dataclasses import dataclass
from typing import List, Tuple

import numpy as np
import torch

from .config import MAX_LOOKAHEAD
from .shards import FEATURES, GAIN, MASK, RECORD_FLOATS, STRENGTH, ShardSet

Window = Tuple[int, int, int]  # shard index, start frame, length


@dataclass
class Batch:
    features: torch.Tensor   # B x S x 70, raw
    gain: torch.Tensor       # B x S x 34
    strength: torch.Tensor   # B x S x 34
    mask: torch.Tensor       # B x S x 34; 0 on padding frames and on bands the loss ignores
    valid: torch.Tensor      # B x S, 1 on real frames, 0 on padding past a short window's end
    lookahead: torch.Tensor  # B, int64 in 0..MAX_LOOKAHEAD

    def to(self, device):
        return Batch(*(t.to(device, non_blocking=True) for t in
                       (self.features, self.gain, self.strength, self.mask, self.valid,
                        self.lookahead)))


def cut_windows(shards: ShardSet, length: int, rng=None, min_length: int = 20,
                stream_start_share: float = 0.0) -> List[Window]:
    """Cut every mixture into windows of at most `length` frames.

    Without an rng (dev): consecutive windows from each mixture start, the remainder as a
    shorter (padded) window, so every frame is covered once.
    With an rng (training): floor(n / length) full windows per mixture at random
    non-overlapping places, so no compute goes to padding and each pass sees different
    cut points; only mixtures shorter than `length` give a short window. Pieces shorter
    than min_length are dropped.
    stream_start_share: the share of mixtures whose first window begins on the mixture's
    first frame, a stream start (fresh DSP and zero recurrent state together, as every file
    the engine processes begins). Random cut points give that about 1 time in 100 for a
    10 s mixture; docs/generalization.md ("The first word of a stream"). 0 draws nothing
    extra, so runs made before it replay the same windows.
    """
    windows = []
    for index, shard in enumerate(shards.shards):
        for start, end in shard.segment_spans():
            n = end - start
            if n < min_length:
                continue
            if rng is None or n <= length:
                windows += [(index, a, min(length, end - a)) for a in range(start, end, length)
                            if end - a >= min_length]
                continue
            count = n // length
            # Sorted offsets within the slack keep the windows in order and disjoint.
            shifts = np.sort(rng.integers(0, n - count * length + 1, size=count))
            if stream_start_share > 0 and rng.random() < stream_start_share:
                shifts[0] = 0
            windows += [(index, start + k * length + int(shifts[k]), length) for k in range(count)]
    return windows


def assemble(shards: ShardSet, windows: List[Window], length: int, lookaheads) -> Batch:
    count = len(windows)
    records = np.zeros((count, length, RECORD_FLOATS), np.float32)
    valid = np.zeros((count, length), np.float32)
    for row, (shard_index, start, n) in enumerate(windows):
        records[row, :n] = shards.shards[shard_index].records[start:start + n]
        valid[row, :n] = 1.0
    # A damaged frame must not poison the weights: zero its features and drop it from the loss.
    finite = np.isfinite(records).all(axis=2)
    records[~finite] = 0.0
    valid *= finite
    mask = np.clip(records[:, :, MASK], 0.0, 1.0) * valid[:, :, None]
    return Batch(
        features=torch.from_numpy(np.ascontiguousarray(records[:, :, FEATURES])),
        gain=torch.from_numpy(np.clip(records[:, :, GAIN], 0.0, 1.0)),
        strength=torch.from_numpy(np.clip(records[:, :, STRENGTH], 0.0, 1.0)),
        mask=torch.from_numpy(mask),
        valid=torch.from_numpy(valid),
        lookahead=torch.as_tensor(np.asarray(lookaheads, dtype=np.int64)))


class TrainingSampler:
    """Endless stream of shuffled batches; position = (pass, batch within pass)."""

    def __init__(self, shards: ShardSet, length: int, batch_size: int, seed: int,
                 lookaheads=tuple(range(MAX_LOOKAHEAD + 1)), stream_start_share: float = 0.0):
        self.shards, self.length, self.batch_size, self.seed = shards, length, batch_size, seed
        self.stream_start_share = stream_start_share
        self.lookaheads = np.asarray(lookaheads, dtype=np.int64)
        self.pass_index = 0
        self.batch_index = 0
        self._windows = None

    def state(self) -> dict:
        return {"pass_index": self.pass_index, "batch_index": self.batch_index}

    def load_state(self, state: dict):
        self.pass_index, self.batch_index = state["pass_index"], state["batch_index"]
        self._windows = None

    def _pass_windows(self):
        if self._windows is None:
            rng = np.random.default_rng([self.seed, self.pass_index])
            windows = cut_windows(self.shards, self.length, rng,
                                  stream_start_share=self.stream_start_share)
            order = rng.permutation(len(windows))
            self._windows = [windows[i] for i in order]
        return self._windows

    def next_batch(self) -> Batch:
        windows = self._pass_windows()
        batches_per_pass = max(1, len(windows) // self.batch_size)
        if self.batch_index >= batches_per_pass:
            self.pass_index += 1
            self.batch_index = 0
            self._windows = None
            windows = self._pass_windows()
        chosen = windows[self.batch_index * self.batch_size:(self.batch_index + 1) * self.batch_size]
        # One lookahead per sequence (models/FORMAT.md: trained with random L per sequence).
        rng = np.random.default_rng([self.seed, self.pass_index, self.batch_index, 1])
        lookaheads = rng.choice(self.lookaheads, size=len(chosen))
        self.batch_index += 1
        return assemble(self.shards, chosen, self.length, lookaheads)

