#!/usr/bin/env bash
# CI smoke run of the whole training chain in well under a minute:
#   tiny dataset -> tiny model, a few steps -> int8 and float32 export + reference vectors
#   -> independent NumPy streaming check of the exported file.
# Leaves OUT_DIR/smoke.pnm, OUT_DIR/smoke-float.pnm and their {,.L0,.L2}.ref for the C# inference tests
# (PercepNet.Tests loads them and compares its outputs with the PyTorch ones).
#
#   training/smoke_test.sh [OUT_DIR]            (default training/runs/smoke)
#   SMOKE_DATASET=csharp training/smoke_test.sh  use `percepnet dataset` (C#) instead of
#                                                synthetic shards: the full dataset -> model chain
#   CSHARP_CHECK='dotnet test ... --filter X'    run last, with PERCEPNET_SMOKE_MODEL=<abs path of smoke.pnm>
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-training/runs/smoke}
PY=${PYTHON:-/usr/bin/python3}
export PYTHONPATH="$PWD/training${PYTHONPATH:+:$PYTHONPATH}"
export PERCEPNET_TRAIN_THREADS=${PERCEPNET_TRAIN_THREADS:-2}
rm -rf "$OUT"
mkdir -p "$OUT"

if [[ "${SMOKE_DATASET:-synthetic}" == csharp ]]; then
  PERCEPNET=${PERCEPNET:-"dotnet run --project src/Cli -c Release --artifacts-path /tmp/art-train --"}
  $PERCEPNET dataset --data "${SHARED_DATA:-../shared/data}" --split train --hours 0.01 --out "$OUT/train" --seed 1
  $PERCEPNET dataset --data "${SHARED_DATA:-../shared/data}" --split dev --hours 0.005 --out "$OUT/dev" --seed 2
else
  "$PY" training/make_synthetic_shards.py --out "$OUT/train" --seconds 60 --seed 1
  "$PY" training/make_synthetic_shards.py --out "$OUT/dev" --seconds 15 --seed 2
fi

"$PY" -m percepnet_train.train --config training/configs/tiny.json --data "$OUT/train" --dev "$OUT/dev" \
  --out "$OUT/run" --epochs 2 --epoch-hours 0.005 --device cpu
"$PY" -m percepnet_train.export --checkpoint "$OUT/run/best.pt" --dev "$OUT/dev" --out "$OUT/smoke.pnm" \
  --float-out "$OUT/smoke-float.pnm" --ref-frames 300 --report "$OUT/export.json"

"$PY" - "$OUT/smoke.pnm" <<'PYEOF'
import sys
import numpy as np
from percepnet_train.pnm_stream import read_model, run_stream
from percepnet_train.reference_vectors import read_reference
path = sys.argv[1]
model = read_model(open(path, "rb").read())
for ref in (path + ".L0.ref", path + ".ref", path + ".L2.ref"):
    x, y, lookahead = read_reference(ref)
    diff = float(np.abs(run_stream(model, x, lookahead) - y).max())
    print(f"{ref}: lookahead {lookahead}, streaming NumPy vs PyTorch max |diff| {diff:.2e}")
    if not diff < 1e-4:
        sys.exit(f"smoke test FAILED: {ref} does not match the streaming reader")
PYEOF
if [[ -n "${CSHARP_CHECK:-}" ]]; then  # e.g. the C# inference test that loads this model
  PERCEPNET_SMOKE_MODEL="$(realpath "$OUT")/smoke.pnm" bash -c "$CSHARP_CHECK"
fi
echo "smoke test OK: $OUT/smoke.pnm"
