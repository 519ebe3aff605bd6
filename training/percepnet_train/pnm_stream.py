"""Independent NumPy reader and frame-by-frame runner for `*.pnm` files.

Written from models/FORMAT.md alone, the way the C# engine works (one frame pushed at a
time, conv history buffers, skipped future taps), so that agreement with the batch
PyTorch model in tests checks both the byte layout and the streaming semantics.
"""
import struct
import zlib
from dataclasses import dataclass
from typing import List

import numpy as np

from .pnm_format import (ACT_LINEAR, ACT_RELU, ACT_SIGMOID, ACT_TANH, KIND_CONV1D, KIND_DENSE, KIND_DENSE_OF_OUTPUTS,
                         KIND_GRU, MAGIC, WEIGHTS_FLOAT32, WEIGHTS_INT8)


@dataclass
class Layer:
    kind: int
    activation: int
    inputs: int
    outputs: int
    taps: int
    first_offset: int
    matrices: List[np.ndarray]
    vectors: List[np.ndarray]


@dataclass
class ModelFile:
    weight_type: int  # 1 int8 (every version-1 file), 2 float32
    feature_count: int
    band_count: int
    max_lookahead: int
    mean: np.ndarray
    inv_std: np.ndarray
    layers: List[Layer]


class _Cursor:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        a = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += a.nbytes
        return a

    def matrix(self, rows: int, cols: int, weight_type: int) -> np.ndarray:
        if weight_type == 2:
            w = self.array("<f4", rows * cols).reshape(rows, cols)
            if not np.all(np.isfinite(w)):
                raise ValueError("weight not finite")
            return w.astype(np.float32)
        q = self.array("i1", rows * cols).reshape(rows, cols)
        scale = self.array("<f4", rows)
        if not np.all(np.isfinite(scale) & (scale > 0)):
            raise ValueError("scale not finite and > 0")
        return q.astype(np.float32) * scale[:, None]


def read_model(data: bytes) -> ModelFile:
    if len(data) < 36 or data[:8] != MAGIC:
        raise ValueError("bad magic")
    (crc,) = struct.unpack_from("<I", data, len(data) - 4)
    if zlib.crc32(data[:-4]) & 0xFFFFFFFF != crc:
        raise ValueError("CRC mismatch")
    c = _Cursor(data[:-4])
    c.pos = 8
    (version,) = c.take("I")
    if version not in (1, 2):  # 2 adds weightType
        raise ValueError(f"version {version}")
    weight_type = c.take("I")[0] if version == 2 else WEIGHTS_INT8
    if weight_type not in (WEIGHTS_INT8, WEIGHTS_FLOAT32):
        raise ValueError(f"weightType {weight_type}")
    features, bands, lookahead, layer_count = c.take("4I")
    mean, inv_std = c.array("<f4", features), c.array("<f4", features)
    layers, width = [], features
    for _ in range(layer_count):
        kind, act, n_in, n_out, taps = c.take("5I")
        (first,) = c.take("i")
        if kind == KIND_DENSE_OF_OUTPUTS:   # a Dense of the outputs of the `taps` layers before it, side by side
            if not 2 <= taps <= len(layers):
                raise ValueError("a Dense of outputs joins 2 or more earlier layers")
            width = sum(layer.outputs for layer in layers[-taps:])
        if n_in != width:
            raise ValueError("layer input size mismatch")
        if kind == KIND_CONV1D:
            mats, vecs = [c.matrix(n_out, taps * n_in, weight_type)], [c.array("<f4", n_out)]
        elif kind == KIND_GRU:
            mats = [c.matrix(3 * n_out, n_in, weight_type), c.matrix(3 * n_out, n_out, weight_type)]
            vecs = [c.array("<f4", 3 * n_out), c.array("<f4", 3 * n_out)]
        elif kind in (KIND_DENSE, KIND_DENSE_OF_OUTPUTS):
            mats, vecs = [c.matrix(n_out, n_in, weight_type)], [c.array("<f4", n_out)]
        else:
            raise ValueError(f"layer kind {kind}")
        layers.append(Layer(kind, act, n_in, n_out, taps, first, mats, vecs))
        width = n_out
    if c.pos != len(c.data):
        raise ValueError("trailing bytes")
    if width != 2 * bands or layers[-1].activation != ACT_SIGMOID:
        raise ValueError("last layer must be 2*bandCount sigmoid outputs")
    return ModelFile(weight_type, features, bands, lookahead, mean, inv_std, layers)


def _activate(kind: int, x: np.ndarray) -> np.ndarray:
    return {ACT_LINEAR: lambda v: v, ACT_RELU: lambda v: np.maximum(v, 0), ACT_TANH: np.tanh,
            ACT_SIGMOID: lambda v: 1 / (1 + np.exp(-v))}[kind](x)


class StreamingNetwork:
    """Push raw frames one at a time; each push returns the outputs of frame
    (newest − lookahead), or None while fewer than lookahead+1 frames have arrived.

    Supports the layer order this trainer exports: only the first layer may look ahead.
    """

    def __init__(self, model: ModelFile, lookahead: int):
        self.m, self.lookahead = model, lookahead
        self.pushed = 0
        self.inputs = []   # per layer: recent input frames (oldest first) for conv layers
        self.state = []    # per GRU layer: hidden vector
        for layer in model.layers:
            self.inputs.append([np.zeros(layer.inputs, np.float32)] * layer.taps)
            self.state.append(np.zeros(layer.outputs, np.float32))

    def push(self, raw: np.ndarray):
        x = (np.asarray(raw, np.float32) - self.m.mean) * self.m.inv_std
        first = self.m.layers[0]
        # History of conv1's input holds frames newest-(taps-1) .. newest; the output frame
        # t = newest − lookahead reads t + first_offset + j, which is history slot
        # j + first_offset + (taps − 1) − lookahead; slots past newest do not exist yet (skipped).
        self.inputs[0] = self.inputs[0][1:] + [x]
        self.pushed += 1
        if self.pushed <= self.lookahead:
            return None
        y, outputs = None, []
        for index, layer in enumerate(self.m.layers):
            if index == 0:
                y = self._conv(layer, self.inputs[0], shift=(layer.taps - 1) - self.lookahead)
            elif layer.kind == KIND_CONV1D:
                if layer.first_offset + layer.taps - 1 > 0:
                    raise ValueError("only the first layer may look ahead")
                self.inputs[index] = self.inputs[index][1:] + [y]
                y = self._conv(layer, self.inputs[index], shift=layer.taps - 1)
            elif layer.kind == KIND_GRU:
                y = self._gru(index, layer, y)
            else:
                x_in = np.concatenate(outputs[-layer.taps:]) if layer.kind == KIND_DENSE_OF_OUTPUTS else y
                y = _activate(layer.activation, layer.matrices[0] @ x_in + layer.vectors[0])
            outputs.append(y)
        return y

    def _conv(self, layer: Layer, history, shift: int):
        acc = layer.vectors[0].astype(np.float64).copy()
        w = layer.matrices[0]
        for j in range(layer.taps):
            slot = j + layer.first_offset + shift
            if 0 <= slot < len(history):
                acc += w[:, j * layer.inputs:(j + 1) * layer.inputs] @ history[slot]
        return _activate(layer.activation, acc).astype(np.float32)

    def _gru(self, index: int, layer: Layer, x: np.ndarray):
        h, n = self.state[index], layer.outputs
        gi = layer.matrices[0] @ x + layer.vectors[0]
        gh = layer.matrices[1] @ h + layer.vectors[1]
        r = 1 / (1 + np.exp(-(gi[:n] + gh[:n])))
        z = 1 / (1 + np.exp(-(gi[n:2 * n] + gh[n:2 * n])))
        c = np.tanh(gi[2 * n:] + r * gh[2 * n:])
        self.state[index] = ((1 - z) * c + z * h).astype(np.float32)
        return self.state[index]


def run_stream(model: ModelFile, features: np.ndarray, lookahead: int) -> np.ndarray:
    """Outputs for every frame; the last `lookahead` frames are flushed by pushing raw
    features equal to featureMean (zeros in normalised space)."""
    net = StreamingNetwork(model, lookahead)
    out = []
    for frame in list(features) + [model.mean] * lookahead:
        y = net.push(frame)
        if y is not None:
            out.append(y)
    return np.stack(out)
