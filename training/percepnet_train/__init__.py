"""PyTorch side of PercepNet.Plugin: shards -> model -> training -> int8 export (see training/README.md)."""
