"""Weight count, model-file size and multiply-accumulates per second for each config.

    python3 -m percepnet_train.model_stats configs/*.json

Counts follow the exported file: conv1 holds the taps up to the largest trained
lookahead. MACs count the matrix products per 10 ms frame (conv1 at that lookahead; each
tap skipped at a smaller lookahead saves 70 x units) times 100 frames/s; activations and
biases are ignored.
"""
import argparse
import os
import sys

from .config import BAND_COUNT, FEATURE_COUNT, FRAMES_PER_SECOND, load_config


def layer_shapes(config):
    """(name, weights, macs per frame, bias count) per layer, in file order."""
    taps = 3 + max(config.lookaheads)  # offsets -2 .. max lookahead
    rows = [(f"conv1 {taps} taps", FEATURE_COUNT * taps * config.conv1_units,
             FEATURE_COUNT * taps * config.conv1_units, config.conv1_units),
            ("conv2 3 taps", config.conv1_units * 3 * config.conv2_units,
             config.conv1_units * 3 * config.conv2_units, config.conv2_units)]
    width = config.conv2_units
    for k, h in enumerate(config.gru_units):
        w = 3 * h * (width + h)
        rows.append((f"gru{k} {h}", w, w, 6 * h))
        width = h
    rows.append(("dense 68", width * 2 * BAND_COUNT, width * 2 * BAND_COUNT, 2 * BAND_COUNT))
    return rows


def summary(config) -> dict:
    rows = layer_shapes(config)
    weights = sum(r[1] for r in rows)
    macs = sum(r[2] for r in rows)
    biases = sum(r[3] for r in rows)
    matrix_rows = (config.conv1_units + config.conv2_units + sum(6 * h for h in config.gru_units)
                   + 2 * BAND_COUNT)
    file_bytes = (8 + 5 * 4 + 2 * FEATURE_COUNT * 4 + len(rows) * 24 + weights
                  + 4 * matrix_rows + 4 * biases + 4)
    return {"weights": weights, "biases": biases, "macs_per_second": macs * FRAMES_PER_SECOND,
            "file_bytes": file_bytes}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("configs", nargs="+")
    args = p.parse_args(argv)
    print("| config | layers | weights | MAC/s | .pnm bytes |")
    print("|---|---|---|---|---|")
    for path in args.configs:
        c = load_config(path)
        s = summary(c)
        layers = f"conv {c.conv1_units}/{c.conv2_units}, GRU {'-'.join(map(str, c.gru_units))}"
        print(f"| {os.path.basename(path)} | {layers} | {s['weights']:,} | "
              f"{s['macs_per_second'] / 1e6:.1f} M | {s['file_bytes']:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
