"""Shared fixtures: import path for training/ and tiny synthetic datasets."""
import os
import subprocess
import sys
import tempfile

TRAINING_DIR = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "training"))
if TRAINING_DIR not in sys.path:
    sys.path.insert(0, TRAINING_DIR)

PYTHON = sys.executable


def make_dataset(directory: str, seconds: float, seed: int, shard_frames: int = 4000) -> str:
    subprocess.run([PYTHON, os.path.join(TRAINING_DIR, "make_synthetic_shards.py"), "--out", directory,
                    "--seconds", str(seconds), "--seed", str(seed), "--shard-frames", str(shard_frames)],
                   check=True, stdout=subprocess.DEVNULL)
    return directory


def temp_dir(test_case) -> str:
    d = tempfile.TemporaryDirectory()
    test_case.addCleanup(d.cleanup)
    return d.name
