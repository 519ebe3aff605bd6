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


def write_descriptions(data: str, describe) -> int:
    """Give a synthetic set's manifest the mixture descriptions `percepnet dataset` writes: describe(k) for mixture k.
    Returns the number of mixtures."""
    import json
    from percepnet_train.shards import ShardSet
    count = sum(len(s.segment_spans()) for s in ShardSet(data).shards)
    path = os.path.join(data, "manifest.json")
    with open(path) as f:
        manifest = json.load(f)
    manifest["mixtures"] = [describe(k) for k in range(count)]
    with open(path, "w") as f:
        json.dump(manifest, f)
    return count


def temp_dir(test_case) -> str:
    d = tempfile.TemporaryDirectory()
    test_case.addCleanup(d.cleanup)
    return d.name


def random_model(config, seed: int = 1):
    """A PercepNet of `config` with N(0, 0.3) weights and a random feature normalisation, in eval mode."""
    import torch
    from percepnet_train.model import PercepNet
    torch.manual_seed(seed)
    m = PercepNet(config).eval()
    with torch.no_grad():
        for p in m.parameters():
            p.normal_(0, 0.3)
        m.set_normalisation(torch.randn(70), torch.rand(70) + 0.5)
    return m
