"""Rebuild a checkpoint from a float32 model file (models/FORMAT.md version 2).

    python3 -m percepnet_train.import_pnm --model FLOAT.pnm --config CONFIG.json --out CKPT.pt \
        [--log RUN_LOG.csv]

The GPU machine hands back files of at most 16 MiB, and the paper-sized checkpoint is 36 MB,
so it returns the float32 model file in parts (training/gpu/run_paper.sh). The file holds
every trained weight exactly, so this turns it back into a `best.pt`-style checkpoint that
`export` (int8 model and reference vectors) and `train --init-from` (CPU fine-tuning) read.
The architecture comes from the file; CONFIG gives the rest (loss, schedule) and must agree
on the architecture. With --log, the epoch and dev loss of the run's best row are recorded.

    python3 -m percepnet_train.import_pnm --from-int8 --model MODEL.pnm --config CONFIG.json --out CKPT.pt

--from-int8 accepts an int8 file and takes its dequantised weights (q * row scale): not the trained
weights, but within half a quantisation step of them, which is a start for `train --init-from` when the
float32 file is gone (GPU run 2's was not kept).
"""
import argparse
import sys

import numpy as np
import torch

from .checkpoint import save_atomic
from .config import load_config
from .model import PercepNet
from .pnm_format import KIND_CONV1D, KIND_DENSE, KIND_DENSE_OF_OUTPUTS, KIND_GRU
from .pnm_stream import read_model
from .run_log import best_index, read_log


def _tensor(a) -> torch.Tensor:
    return torch.from_numpy(np.array(a, dtype=np.float32))


@torch.no_grad()
def model_from_file(data: bytes, config, allow_int8: bool = False) -> PercepNet:
    m = read_model(data)
    if m.weight_type != 2 and not allow_int8:
        raise ValueError("an int8 file has lost the float weights; import the float32 file (--float-out)")
    kinds = [layer.kind for layer in m.layers]
    grus = [layer for layer in m.layers if layer.kind == KIND_GRU]
    if kinds[:-1] != [KIND_CONV1D, KIND_CONV1D] + [KIND_GRU] * len(grus) or kinds[-1] not in (KIND_DENSE, KIND_DENSE_OF_OUTPUTS):
        raise ValueError(f"layer kinds {kinds} are not conv, conv, GRU..., dense")
    if (kinds[-1] == KIND_DENSE_OF_OUTPUTS) != bool(config.output_concat):
        raise ValueError(f"the file's output layer {'joins' if kinds[-1] == KIND_DENSE_OF_OUTPUTS else 'does not join'} "
                         f"conv2's and the GRUs' outputs, the config says output_concat = {config.output_concat}")
    found = {"conv1_units": m.layers[0].outputs, "conv2_units": m.layers[1].outputs,
             "gru_units": [g.outputs for g in grus]}
    for key, value in found.items():
        if list(np.atleast_1d(getattr(config, key))) != list(np.atleast_1d(value)):
            raise ValueError(f"the file has {key} = {value}, the config says {getattr(config, key)}")
    if max(config.lookaheads) != m.max_lookahead:
        raise ValueError(f"the file serves lookahead up to {m.max_lookahead}, the config {config.lookaheads}")
    model = PercepNet(config)
    model.set_normalisation(np.array(m.mean), np.array(m.inv_std))
    for conv, layer in ((model.conv1, m.layers[0]), (model.conv2, m.layers[1])):
        outputs, inputs, _ = conv.weight.shape
        rows = layer.matrices[0].reshape(outputs, layer.taps, inputs).transpose(0, 2, 1)
        conv.weight.zero_()   # conv1 taps past the trained lookahead are not in the file
        conv.weight[:, :, :layer.taps] = _tensor(rows)
        conv.bias.copy_(_tensor(layer.vectors[0]))
    for gru, layer in zip(model.grus, grus):
        gru.weight_ih_l0.copy_(_tensor(layer.matrices[0]))
        gru.weight_hh_l0.copy_(_tensor(layer.matrices[1]))
        gru.bias_ih_l0.copy_(_tensor(layer.vectors[0]))
        gru.bias_hh_l0.copy_(_tensor(layer.vectors[1]))
    model.output.weight.copy_(_tensor(m.layers[-1].matrices[0]))
    model.output.bias.copy_(_tensor(m.layers[-1].vectors[0]))
    return model.eval()


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", required=True, help="float32 model file (*.pnm, version 2)")
    p.add_argument("--config", required=True, help="the run's JSON config")
    p.add_argument("--out", required=True, help="checkpoint to write")
    p.add_argument("--log", help="the run's log.csv: records the best epoch and its dev loss")
    p.add_argument("--from-int8", action="store_true",
                   help="accept an int8 file: its dequantised weights, a fine-tuning start only")
    a = p.parse_args(argv)
    config = load_config(a.config)
    with open(a.model, "rb") as f:
        try:
            model = model_from_file(f.read(), config, allow_int8=a.from_int8)
        except (ValueError, RuntimeError) as e:   # RuntimeError: a tensor shape the config does not have
            sys.exit(f"error: {a.model}: {e}")
    state = {"config": config.to_dict(), "model": model.state_dict(), "imported_from": a.model}
    if a.log:
        try:
            log = read_log(a.log)
            if not log:
                raise ValueError(f"{a.log}: no epochs logged")
            k = best_index(log)
            state.update(epoch=int(log["epoch"][k]), step=int(log["step"][k]), dev_loss=log["dev_loss"][k],
                         dev_loss_per_lookahead=[log[f"dev_loss_L{L}"][k] for L in range(3)])
        except (OSError, ValueError, KeyError) as e:
            sys.exit(f"error: --log: {e}")
    save_atomic(state, a.out)
    print(f"wrote {a.out}: {sum(t.numel() for t in model.parameters())} weights from {a.model}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
