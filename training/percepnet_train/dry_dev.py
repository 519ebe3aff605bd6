"""The schedule's dev measure: band SDR of the dev set's dry mixtures, each scored whole at lookahead 1.

Why (docs/generalization.md, "The schedule's dev measure"): the dev loss is 40 % one reverberant room that no
training mixture has, it weighs every band alike, and it put models in another order than the generalization split
(no reverberation, SI-SDR); the plateau schedule halved the learning rate on its swings. Band SDR (family_loss.band_sdr)
on the dry mixtures is what the split's order followed. Each mixture is scored from its first frame with a zero state,
as a stream starts, and the mean over the mixtures with speech is the figure `family_loss --sdr` gives in its "dry"
row at lookahead 1. Mixtures of similar length share a batch, padded past their ends (masked out, and read as the
stream end, as in training).

The mean is also reported per input-SNR bucket (family_loss's buckets, and the noise-free mixtures), logged beside it
each epoch: the split is judged per SNR, and the issue's gap is below 0 dB. On six kept epochs of two runs the bucket
below 0 dB ordered them as the split's −5 dB SI-SDR did but for two pairs within 0.2 dB, while the ten noise-free
mixtures swung by 2 dB (docs/generalization.md, seventh session).
"""
import torch

from .family_loss import band_sdrs, described_mixtures, families, mean_finite, snr_bucket_names
from .model import all_lookaheads
from .run_log import DRY_BUCKET_COLUMNS
from .sequences import assemble
from .shards import ShardError

SCORED_LOOKAHEAD = 1  # the plug-ins' default, the one the split is judged at
BUCKETS = snr_bucket_names() + ("noise-free",)
# log.csv's column for each bucket (train.py)
BUCKET_COLUMNS = dict(zip(BUCKETS, DRY_BUCKET_COLUMNS, strict=True))
BUCKET_LABELS = dict(zip(BUCKETS, ("<0 dB", "0-10", "10-20", ">=20", "noise-free")))  # the epoch line's


class DryDevSdr:
    def __init__(self, data: str, batch_size: int):
        shards, spans, descriptions = described_mixtures(data)
        if len(descriptions) != len(spans):
            raise ShardError(f"{data}: its manifest describes {len(descriptions)} of {len(spans)} mixtures; the "
                             "dry band SDR measure needs a dev set made by `percepnet dataset`")
        described = [(span, families(d)) for span, d in zip(spans, descriptions)]
        dry = sorted(((span, f) for span, f in described if "dry" in f), key=lambda x: x[0][2])  # similar lengths together
        if not dry:
            raise ShardError(f"{data}: no mixture without a room response to score")
        self.shards, self.batch_size = shards, batch_size
        self.windows = [span for span, _ in dry]
        self.buckets = [next((b for b in BUCKETS if b in f), None) for _, f in dry]

    @torch.no_grad()
    def scores(self, model, device) -> dict:
        """Mean band SDR in dB over the dry mixtures with speech ("all"; higher is better) and over those of each of
        BUCKETS (nan where a bucket has none)."""
        model.eval()
        sdrs = []
        for i in range(0, len(self.windows), self.batch_size):
            chosen = self.windows[i:i + self.batch_size]
            b = assemble(self.shards, chosen, max(w[2] for w in chosen), [SCORED_LOOKAHEAD] * len(chosen)).to(device)
            g, _ = model(b.features, all_lookaheads(len(chosen), SCORED_LOOKAHEAD, device), b.valid)
            sdrs += band_sdrs(b.features, b.gain, g.float(), b.mask)
        model.train()
        result = {"all": mean_finite(sdrs)}
        for bucket in BUCKETS:
            result[bucket] = mean_finite([s for s, b in zip(sdrs, self.buckets) if b == bucket])
        return result

    def score(self, model, device) -> float:
        """Mean band SDR in dB over the dry mixtures with speech (higher is better)."""
        return self.scores(model, device)["all"]
