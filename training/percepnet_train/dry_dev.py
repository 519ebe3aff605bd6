"""The schedule's dev measure: band SDR of the dev set's dry mixtures, each scored whole at lookahead 1.

Why (docs/generalization.md, "The schedule's dev measure"): the dev loss is 40 % one reverberant room that no
training mixture has, it weighs every band alike, and it put models in another order than the generalization split
(no reverberation, SI-SDR); the plateau schedule halved the learning rate on its swings. Band SDR (family_loss.band_sdr)
on the dry mixtures is what the split's order followed. Each mixture is scored from its first frame with a zero state,
as a stream starts, and the mean over the mixtures with speech is the figure `family_loss --sdr` gives in its "dry"
row at lookahead 1. Mixtures of similar length share a batch, padded past their ends (masked out, and read as the
stream end, as in training).
"""
import numpy as np
import torch

from .family_loss import band_sdrs, described_mixtures, families
from .model import all_lookaheads
from .sequences import assemble
from .shards import ShardError

SCORED_LOOKAHEAD = 1  # the plug-ins' default, the one the split is judged at


class DryDevSdr:
    def __init__(self, data: str, batch_size: int):
        shards, spans, descriptions = described_mixtures(data)
        if len(descriptions) != len(spans):
            raise ShardError(f"{data}: its manifest describes {len(descriptions)} of {len(spans)} mixtures; the "
                             "dry band SDR measure needs a dev set made by `percepnet dataset`")
        windows = [span for span, d in zip(spans, descriptions) if "dry" in families(d)]
        if not windows:
            raise ShardError(f"{data}: no mixture without a room response to score")
        self.shards, self.batch_size = shards, batch_size
        self.windows = sorted(windows, key=lambda w: w[2])  # similar lengths together: little padding

    @torch.no_grad()
    def score(self, model, device) -> float:
        """Mean band SDR in dB over the dry mixtures with speech (higher is better)."""
        model.eval()
        sdrs = []
        for i in range(0, len(self.windows), self.batch_size):
            chosen = self.windows[i:i + self.batch_size]
            b = assemble(self.shards, chosen, max(w[2] for w in chosen), [SCORED_LOOKAHEAD] * len(chosen)).to(device)
            g, _ = model(b.features, all_lookaheads(len(chosen), SCORED_LOOKAHEAD, device), b.valid)
            sdrs += band_sdrs(b.features, b.gain, g.float(), b.mask)
        model.train()
        finite = [s for s in sdrs if np.isfinite(s)]
        return float(np.mean(finite)) if finite else float("nan")
