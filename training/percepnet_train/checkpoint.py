"""Crash-safe checkpoints: write to a temporary file, fsync, then os.replace, so a kill
at any moment leaves either the old or the new checkpoint, never a torn one."""
import os

import torch


def save_atomic(obj, path: str):
    tmp = f"{path}.tmp.{os.getpid()}"
    with open(tmp, "wb") as f:
        torch.save(obj, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def load(path: str, device="cpu"):
    # Our own files, which hold NumPy RNG state too: PyTorch >= 2.6 would refuse them by default
    # (weights_only=True), and the GPU machine runs a newer PyTorch than Debian's.
    return torch.load(path, map_location=device, weights_only=False)
