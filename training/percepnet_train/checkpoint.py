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
    return torch.load(path, map_location=device)
