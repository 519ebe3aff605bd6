"""Reference input/output vectors (`*.pnm.ref`, models/FORMAT.md) for the C# inference
tests: raw features and the outputs PyTorch computes with the int8-dequantised weights."""
import struct

import numpy as np
import torch

from .model import PercepNet, all_lookaheads

MAGIC = b"PNETREF1"


@torch.no_grad()
def reference_outputs(model: PercepNet, features: np.ndarray, lookahead: int) -> np.ndarray:
    """frames x 68 outputs of one uninterrupted stream starting from zero state.

    outputs[t] uses frames up to t + lookahead; frames past the end read as zeros in
    normalised space (what an engine sees when fed raw features equal to featureMean).
    """
    model.eval()
    x = torch.from_numpy(np.ascontiguousarray(features, dtype=np.float32))[None]
    g, r = model(x, all_lookaheads(1, lookahead))
    return torch.cat([g, r], dim=-1)[0].numpy()


def write_reference(path: str, features: np.ndarray, outputs: np.ndarray, lookahead: int):
    frames, feature_count = features.shape
    assert outputs.shape[0] == frames
    with open(path, "wb") as f:
        f.write(MAGIC + struct.pack("<4I", frames, feature_count, outputs.shape[1], lookahead))
        f.write(np.asarray(features, dtype="<f4").tobytes())
        f.write(np.asarray(outputs, dtype="<f4").tobytes())


def read_reference(path: str):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != MAGIC:
        raise ValueError(f"{path}: bad magic")
    frames, feature_count, output_count, lookahead = struct.unpack_from("<4I", data, 8)
    body = np.frombuffer(data, dtype="<f4", offset=24)
    if body.size != frames * (feature_count + output_count):
        raise ValueError(f"{path}: size does not match header")
    features = body[:frames * feature_count].reshape(frames, feature_count)
    outputs = body[frames * feature_count:].reshape(frames, output_count)
    return features, outputs, lookahead
