"""Writes the engine's model file (`*.pnm`, models/FORMAT.md), byte for byte: int8 models as
version 1 (what ships), float32 models as version 2 (weightType 2, for evaluating quantisation)."""
import struct
import zlib

import numpy as np

from .config import BAND_COUNT, FEATURE_COUNT
from .model import PercepNet
from .pnm_format import (ACT_SIGMOID, ACT_TANH, KIND_CONV1D, KIND_DENSE, KIND_DENSE_OF_OUTPUTS, KIND_GRU, MAGIC,
                         WEIGHTS_FLOAT32, WEIGHTS_INT8)
from .quantise import conv_rows, quantise_rows



def _u32(*values) -> bytes:
    return struct.pack(f"<{len(values)}I", *values)


def _f32(values) -> bytes:
    return np.asarray(values, dtype="<f4").tobytes()


def _matrix(rows: np.ndarray, weight_type: int) -> bytes:
    if weight_type == WEIGHTS_FLOAT32:
        return _f32(rows)
    q, scale = quantise_rows(rows)
    return q.tobytes() + _f32(scale)


def _layer_header(kind, activation, inputs, outputs, taps=1, first_offset=0) -> bytes:
    return _u32(kind, activation, inputs, outputs, taps) + struct.pack("<i", first_offset)


def _conv(conv, taps: int, weight_type: int) -> bytes:
    """The first `taps` taps of a TimeConv (fewer than it has when they were never trained)."""
    outputs, inputs, _ = conv.weight.shape
    return (_layer_header(KIND_CONV1D, ACT_TANH, inputs, outputs, taps, conv.first_offset)
            + _matrix(conv_rows(conv.weight[:, :, :taps]), weight_type) + _f32(conv.bias.detach().cpu().numpy()))


def _gru(gru, weight_type: int) -> bytes:
    hidden, inputs = gru.hidden_size, gru.input_size
    t = lambda p: p.detach().cpu().numpy()  # noqa: E731
    # ACT_TANH: FORMAT.md requires the GRU's candidate activation.
    return (_layer_header(KIND_GRU, ACT_TANH, inputs, hidden)
            + _matrix(t(gru.weight_ih_l0), weight_type) + _matrix(t(gru.weight_hh_l0), weight_type)
            + _f32(t(gru.bias_ih_l0)) + _f32(t(gru.bias_hh_l0)))


def _dense(dense, activation, weight_type: int, joined_layers: int = 1) -> bytes:
    """A Dense layer; with joined_layers > 1 a Dense of the outputs of that many layers before it (FORMAT.md kind 4)."""
    w = dense.weight.detach().cpu().numpy()
    kind = KIND_DENSE_OF_OUTPUTS if joined_layers > 1 else KIND_DENSE
    return (_layer_header(kind, activation, w.shape[1], w.shape[0], taps=joined_layers)
            + _matrix(w, weight_type) + _f32(dense.bias.detach().cpu().numpy()))


def _version(weight_type: int) -> bytes:
    """int8 stays version 1, byte for byte what engines before version 2 read; float needs weightType."""
    if weight_type == WEIGHTS_INT8:
        return _u32(1)
    if weight_type == WEIGHTS_FLOAT32:
        return _u32(2, WEIGHTS_FLOAT32)
    raise ValueError(f"weight type {weight_type}")


def model_bytes(model: PercepNet, weight_type: int = WEIGHTS_INT8) -> bytes:
    layers = [_conv(model.conv1, model.trained_conv1_taps(), weight_type),
              _conv(model.conv2, model.conv2.taps, weight_type)]
    layers += [_gru(g, weight_type) for g in model.grus]
    # output_concat: the output layer joins conv2's and every GRU's output.
    layers.append(_dense(model.output, ACT_SIGMOID, weight_type, len(model.grus) + 1 if model.output_concat else 1))
    # maxLookahead = conv1 taps with a positive offset (FORMAT.md), all of them trained.
    body = (MAGIC + _version(weight_type) + _u32(FEATURE_COUNT, BAND_COUNT, model.max_lookahead, len(layers))
            + _f32(model.feature_mean.cpu().numpy()) + _f32(model.feature_inv_std.cpu().numpy())
            + b"".join(layers))
    return body + _u32(zlib.crc32(body) & 0xFFFFFFFF)


def write_model(model: PercepNet, path: str, weight_type: int = WEIGHTS_INT8) -> int:
    data = model_bytes(model, weight_type)
    with open(path, "wb") as f:
        f.write(data)
    return len(data)
