"""The PercepNet network (docs/DESIGN.md 5, arXiv 2008.04259 3.4), shaped so that every layer
maps one-to-one onto a layer of the engine's model file (models/FORMAT.md):

  normalise -> Conv1D(5 taps, t-2..t+2, tanh) -> Conv1D(3 taps, t-2..t, tanh)
            -> GRU x N -> Dense(2*34, sigmoid)   [first 34 gains g_b, last 34 strengths r_b]

The first convolution is the only layer that looks ahead. Running at lookahead L < 2
skips its taps with offset > L (the engine treats them as zero input), and training
draws L per sequence from config.lookaheads and applies the same tap mask, so one model
serves L = 0, 1, 2. A model trained only up to L_max < 2 never uses (or trains) the
taps past L_max: a larger L is clamped to L_max, and the exporter drops those taps.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from .config import BAND_COUNT, FEATURE_COUNT, MAX_LOOKAHEAD, TrainConfig


class TimeConv(nn.Module):
    """Conv1D over frames: y_t = tanh(b + sum_j W_j x_{t + first_offset + j}).

    Weight layout is PyTorch's Conv1d (out, in, taps). Frames outside the sequence are
    zeros in normalised feature space, as in the engine (models/FORMAT.md).
    """

    def __init__(self, inputs: int, outputs: int, taps: int, first_offset: int):
        super().__init__()
        self.taps, self.first_offset = taps, first_offset
        self.weight = nn.Parameter(torch.empty(outputs, inputs, taps))
        self.bias = nn.Parameter(torch.zeros(outputs))
        nn.init.xavier_uniform_(self.weight.view(outputs, inputs * taps))

    def tap_offsets(self):
        return range(self.first_offset, self.first_offset + self.taps)

    def forward(self, x: torch.Tensor, tap_mask: torch.Tensor = None) -> torch.Tensor:
        """x: B x T x inputs; tap_mask: B x taps (1 keeps a tap, 0 skips it) or None."""
        batch, frames, inputs = x.shape
        past = max(0, -self.first_offset)
        future = max(0, self.first_offset + self.taps - 1)
        padded = F.pad(x, (0, 0, past, future))
        # B x T x inputs x taps: tap j of output t reads frame t + first_offset + j.
        windows = padded.unfold(1, self.taps, 1)
        if tap_mask is not None:
            windows = windows * tap_mask[:, None, None, :]
        flat = windows.reshape(batch, frames, inputs * self.taps)
        return torch.tanh(F.linear(flat, self.weight.reshape(self.weight.shape[0], -1), self.bias))


class PercepNet(nn.Module):
    def __init__(self, config: TrainConfig):
        super().__init__()
        self.register_buffer("feature_mean", torch.zeros(FEATURE_COUNT))
        self.register_buffer("feature_inv_std", torch.ones(FEATURE_COUNT))
        self.conv1 = TimeConv(FEATURE_COUNT, config.conv1_units, taps=5, first_offset=-2)
        self.conv2 = TimeConv(config.conv1_units, config.conv2_units, taps=3, first_offset=-2)
        sizes = [config.conv2_units] + list(config.gru_units)
        self.grus = nn.ModuleList(nn.GRU(i, h, batch_first=True) for i, h in zip(sizes[:-1], sizes[1:]))
        self.output_concat = config.output_concat
        self.output = nn.Linear(sum(sizes) if self.output_concat else sizes[-1], 2 * BAND_COUNT)
        self.max_lookahead = max(config.lookaheads)

    def trained_conv1_taps(self) -> int:
        """Conv1 taps with offset <= max_lookahead: the ones the model file holds."""
        return self.max_lookahead - self.conv1.first_offset + 1

    def set_normalisation(self, mean, inv_std):
        self.feature_mean.copy_(torch.as_tensor(mean))
        self.feature_inv_std.copy_(torch.as_tensor(inv_std))

    def lookahead_tap_mask(self, lookahead: torch.Tensor) -> torch.Tensor:
        """B x 5 mask that keeps conv1 taps with offset <= min(lookahead, max_lookahead)."""
        offsets = torch.tensor(list(self.conv1.tap_offsets()), device=lookahead.device)
        limit = lookahead.clamp(max=self.max_lookahead)
        return (offsets[None, :] <= limit[:, None]).to(self.conv1.weight.dtype)

    def forward(self, features: torch.Tensor, lookahead: torch.Tensor, valid: torch.Tensor = None):
        """features: B x T x 70 raw; lookahead: B ints in 0..2; valid: B x T (0 = padding).

        Returns (gains, strengths), each B x T x 34 in (0, 1).
        """
        x = (features - self.feature_mean) * self.feature_inv_std
        if valid is not None:
            # Padding past a window's end reads as "no frame" (zeros), like the stream end.
            x = x * valid[:, :, None]
        x = self.conv1(x, self.lookahead_tap_mask(lookahead))
        x = self.conv2(x)
        outputs = [x]
        for gru in self.grus:
            x, _ = gru(x)
            outputs.append(x)
        y = torch.sigmoid(self.output(torch.cat(outputs, dim=-1) if self.output_concat else x))
        return y[..., :BAND_COUNT], y[..., BAND_COUNT:]


def widened_to_output_concat(state: dict, model: "PercepNet") -> dict:
    """A plain model's weights (output layer over the last GRU) for `model`, whose output layer reads
    conv2's and every GRU's output side by side (config output_concat). The last GRU's columns get the
    old output weights and the new columns zeros, so the widened network computes exactly what the
    plain one did; training then learns to read the earlier layers (function-preserving widening, as
    Net2Net, Chen et al. 2016). Lets a fine-tune start from a shipped plain model."""
    widened = dict(state)
    old = state["output.weight"]
    weight = torch.zeros_like(model.output.weight)
    if old.shape[1] != model.grus[-1].hidden_size or weight.shape[0] != old.shape[0]:
        raise ValueError(f"output layer {tuple(old.shape)} is not a plain output over the last GRU "
                         f"({model.grus[-1].hidden_size} inputs)")
    weight[:, -old.shape[1]:] = old
    widened["output.weight"] = weight
    return widened


def all_lookaheads(batch: int, lookahead: int, device=None) -> torch.Tensor:
    assert 0 <= lookahead <= MAX_LOOKAHEAD
    return torch.full((batch,), lookahead, dtype=torch.long, device=device)
