#!/usr/bin/env bash
# The whole chain, one command: dataset (C#) -> train -> export -> learning curves -> evaluate.
# Every stage is skipped when its output already exists and training always resumes, so
# after an interruption the same command continues where it stopped.
#
#   mkdir -p training/runs && nohup training/run_all.sh > training/runs/small.out 2>&1 &   # background
#
# Settings (environment variables, defaults in brackets):
#   CONFIG [training/configs/small.json]   model size and training hyper-parameters
#   TRAIN_HOURS [20] DEV_HOURS [1] SEED [1] LICENCE [the command's default: permissive]
#                                          dataset (`percepnet dataset`; LICENCE=all adds non-commercial sources)
#   SHARED_DATA [../shared/data]  DATA [training/data/<seed>]   source audio / shard folders
#   RUN [training/runs/<config name>]      checkpoints, log.csv, plots, export report
#   MAX_HOURS []                           wall-clock limit of this training session
#   DEVICE [auto]                          auto | cpu | cuda
#   MODEL_OUT [models/percepnet-light.pnm]   exported model (+ .ref vectors beside it)
#   REF_FRAMES [1000]                      frames per reference vector file
#   EVALUATE []                            command run last with MODEL, DEV_DATA, RUN exported
#   PERCEPNET [dotnet run --project src/Cli -c Release --artifacts-path /tmp/art-train --]
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-/usr/bin/python3}
CONFIG=${CONFIG:-training/configs/small.json}
NAME=$(basename "$CONFIG" .json)
SEED=${SEED:-1}
DATA=${DATA:-training/data/seed$SEED}
RUN=${RUN:-training/runs/$NAME}
MODEL_OUT=${MODEL_OUT:-models/percepnet-light.pnm}
PERCEPNET=${PERCEPNET:-"dotnet run --project src/Cli -c Release --artifacts-path /tmp/art-train --"}
export PYTHONPATH="$PWD/training${PYTHONPATH:+:$PYTHONPATH}"
export PERCEPNET_TRAIN_THREADS=${PERCEPNET_TRAIN_THREADS:-2}
stamp() { echo "[$(date -u +%H:%M:%S)] $*"; }

make_split() {  # split hours
  if [[ -f "$DATA/$1/manifest.json" ]]; then
    stamp "dataset $1: $DATA/$1 exists, kept"
  else
    stamp "dataset $1: $2 h -> $DATA/$1"
    $PERCEPNET dataset --data "${SHARED_DATA:-../shared/data}" --split "$1" --hours "$2" \
      --out "$DATA/$1" --seed "$SEED" ${LICENCE:+--licence "$LICENCE"}
  fi
}
make_split train "${TRAIN_HOURS:-20}"
make_split dev "${DEV_HOURS:-1}"

mkdir -p "$RUN"
stamp "train $CONFIG -> $RUN (log: $RUN/train.log)"
set +e
"$PY" -m percepnet_train.train --config "$CONFIG" --data "$DATA/train" --dev "$DATA/dev" --out "$RUN" \
  --resume --device "${DEVICE:-auto}" ${MAX_HOURS:+--max-hours "$MAX_HOURS"} 2>&1 | tee -a "$RUN/train.log"
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]]; then
  stamp "training stopped (exit $status); run this script again to resume"
  exit "$status"
fi

stamp "export $RUN/best.pt -> $MODEL_OUT"
"$PY" -m percepnet_train.export --checkpoint "$RUN/best.pt" --dev "$DATA/dev" --out "$MODEL_OUT" \
  --ref-frames "${REF_FRAMES:-1000}" --report "$RUN/export.json"
"$PY" -m percepnet_train.plot "$RUN/log.csv" "$RUN/learning-curves.png" --title "PercepNet $NAME"

if [[ -n "${EVALUATE:-}" ]]; then
  stamp "evaluate: $EVALUATE"
  MODEL="$MODEL_OUT" DEV_DATA="$DATA/dev" RUN="$RUN" bash -c "$EVALUATE"
else
  stamp "no EVALUATE command given; evaluation (percepnet CLI) left to the caller"
fi
stamp "done: $MODEL_OUT, curves $RUN/learning-curves.png, report $RUN/export.json"
