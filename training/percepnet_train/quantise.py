"""Per-row int8 quantisation (models/FORMAT.md): W[r][c] = q[r][c] * scale[r],
scale[r] = max|W[r,:]| / 127, so every row uses the full int8 range."""
import copy

import numpy as np
import torch

from .model import PercepNet


def quantise_rows(matrix: np.ndarray):
    """matrix R x C float -> (int8 R x C, float32 scale R)."""
    matrix = np.asarray(matrix, dtype=np.float64)
    peak = np.abs(matrix).max(axis=1)
    # An all-zero row still needs a finite scale > 0 (FORMAT.md); its q are all 0 anyway.
    scale = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    q = np.clip(np.rint(matrix / scale[:, None].astype(np.float64)), -127, 127).astype(np.int8)
    return q, scale


def dequantise_rows(q: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return q.astype(np.float32) * scale[:, None]


def conv_rows(weight: torch.Tensor) -> np.ndarray:
    """PyTorch Conv weight (out, in, taps) -> FORMAT.md rows [o][j * in + i]."""
    w = weight.detach().cpu().numpy()
    return w.transpose(0, 2, 1).reshape(w.shape[0], -1)


@torch.no_grad()
def dequantised_copy(model: PercepNet) -> PercepNet:
    """The model the engine actually runs: every weight matrix replaced by q * scale
    (biases and normalisation stay float, as in the file)."""
    m = copy.deepcopy(model).cpu()

    def rt(t: torch.Tensor):
        q, s = quantise_rows(t.detach().reshape(t.shape[0], -1).numpy())
        t.copy_(torch.from_numpy(dequantise_rows(q, s)).reshape(t.shape))

    # Row-wise max is the same in (in, taps) or (taps, in) order. Conv1 taps the file
    # drops (never trained, see model.py) become zero.
    kept = m.trained_conv1_taps()
    m.conv1.weight[:, :, kept:] = 0.0
    rt(m.conv1.weight)
    rt(m.conv2.weight)
    for gru in m.grus:
        rt(gru.weight_ih_l0)
        rt(gru.weight_hh_l0)
    rt(m.output.weight)
    return m
