#!/usr/bin/env bash
# Turn what a run_paper.sh run returned (OUT) into checkpoints and int8 model files with their reference
# vectors, here (README.md §3): the float32 file(s) hold every trained weight, so the int8 export is byte for
# byte the one the GPU machine would write.
#   training/gpu/bring_home.sh OUT DEST DEV_SHARDS [CONFIG] [SECOND_CONFIG]
# DEST gets paper-float.pnm, paper.pt, paper-int8.pnm (+ .ref files, export-paper.json) and, when OUT holds
# second-float.pnm, the same with "second".
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=$1 DEST=$2 DEV=$3
CONFIG=${4:-training/configs/paper-gpu-shape5.json} SECOND_CONFIG=${5:-training/configs/small-gpu-shape5.json}
PY=${PYTHON:-/usr/bin/python3}
export PYTHONPATH=training
mkdir -p "$DEST"
home() {  # name float-file config log
    "$PY" -m percepnet_train.import_pnm --model "$2" --config "$3" --log "$4" --out "$DEST/$1.pt"
    "$PY" -m percepnet_train.export --checkpoint "$DEST/$1.pt" --dev "$DEV" --out "$DEST/$1-int8.pnm" \
        --report "$DEST/export-$1.json"
}
cat "$OUT"/paper-float.pnm.part* > "$DEST/paper-float.pnm"
home paper "$DEST/paper-float.pnm" "$CONFIG" "$OUT/log.csv"
if [ -f "$OUT/second-float.pnm" ]; then
    cp "$OUT/second-float.pnm" "$DEST/second-float.pnm"
    home second "$DEST/second-float.pnm" "$SECOND_CONFIG" "$OUT/second-log.csv"
fi
