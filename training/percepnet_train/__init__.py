"""PyTorch side of PercepNet.Plugin: shards -> model -> training -> int8 export (see training/README.md)."""
import os

# Must be set before torch loads libgomp. With the default (spinning) wait policy, two
# torch threads on a shared, oversubscribed machine wait on each other's time slices:
# measured 1.9x real time vs 15-21x with PASSIVE for configs/small.json (load average ~20
# on 2 cores, training/README.md "Speed"). An explicit OMP_WAIT_POLICY still wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
