#!/usr/bin/env bash
# The background fine-tune of issue 18, one command on any machine: makes whatever is missing (the extra speech
# and instrument roots, the fair dev set, the training mixtures, the start checkpoint) and then trains, resuming
# RUN/last.pt when it exists. A machine handed over anew has none of it, so the same command starts over from the
# shipped model there, unless training/carried/ holds the run (then it continues it); on the same machine it continues
# (docs/generalization.md, "Why every fine-tune passed more noise", "Carried runs").
#
#   nohup nice -n 5 training/finetune_generalization.sh > /tmp/finetune.log 2>&1 &
#   # the from-scratch run of 2026-12-07 (docs/generalization.md, "Where the -5 dB error is"):
#   START_MODEL=scratch CONFIG=training/configs/small-scratch-cpu-rev10.json RUN=training/runs/scratch10 HOURS=36 \
#     nohup nice -n 5 training/finetune_generalization.sh > /tmp/scratch.log 2>&1 &
#   # with the wider speech root (prepare_speech.py --wide; docs/generalization.md, "The network underfits below 0 dB"):
#   WIDE_SPEECH=1 START_MODEL=scratch CONFIG=... RUN=... HOURS=36 nohup nice -n 5 training/finetune_generalization.sh ...
#
# Settings (environment, defaults in brackets):
#   CONFIG [training/configs/small-finetune-cpu-r10x3-leak05-onset16.json]   START_MODEL [models/percepnet-light.pnm;
#     "scratch": no start model, the from-scratch run]
#   RUN [training/runs/<config name>]   SEED [1901] HOURS [12]: training mixtures (mixer revision 11)
#   MIRRORS [/work/.mirror]: the `fetch` tool's snapshots of the shared/data/EXTERNAL.md repositories
#   CACHE [~/.cache/percepnet]: speech-r8/ (speech-r12/ with WIDE_SPEECH=1) and instruments/ (never inside the repository)
#   SHARED_DATA [../shared/data]   PERCEPNET [dotnet artifacts/finetune/.../percepnet.dll, built here]
# Needs libsox-fmt-mp3, fluidsynth and fluid-soundfont-gm besides scripts/install-deps.sh's packages.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
CONFIG=${CONFIG:-training/configs/small-finetune-cpu-r10x3-leak05-onset16.json}
RUN=${RUN:-training/runs/$(basename "$CONFIG" .json)}
SEED=${SEED:-1901}
HOURS=${HOURS:-12}
MIRRORS=${MIRRORS:-/work/.mirror}
CACHE=${CACHE:-$HOME/.cache/percepnet}
DATA=${SHARED_DATA:-../shared/data}
HEARD=models/shipped-models-training-noise.txt
SPEECH=speech-r8 WIDE=() TAG=r11
if [ -n "${WIDE_SPEECH:-}" ]; then SPEECH=speech-r12 WIDE=(--wide) TAG=r11w; fi
stamp() { echo "[$(date -u +%H:%M:%S)] $*"; }
. training/percepnet_cli.sh artifacts/finetune
export PYTHONPATH="$PWD/training${PYTHONPATH:+:$PYTHONPATH}"

if [ ! -f "$CACHE/$SPEECH/MANIFEST.tsv" ]; then   # prepare_speech.py names any snapshot still to fetch
  stamp "speech root -> $CACHE/$SPEECH"
  "$PY" training/sources/prepare_speech.py --data "$DATA" --mirrors "$MIRRORS" --out "$CACHE/$SPEECH" --narrowband "${WIDE[@]}"
fi
if [ ! -f "$CACHE/instruments/MANIFEST.tsv" ]; then
  stamp "instrument renders -> $CACHE/instruments"
  "$PY" training/sources/render_instruments.py --out "$CACHE/instruments" --clips 240
fi

# The fair dev set: generalization speakers over the recordings no shipped model heard (the same with either root:
# --wide changes training clips only).
dev=training/data/unheard-heldout
if [ ! -f "$dev/manifest.json" ]; then
  stamp "dev set -> $dev"
  $PERCEPNET dataset --data "$DATA" --extra "$CACHE/$SPEECH" --split heldout --hours 0.5 --seed 1 \
    --exclude-noise "$HEARD" --out "$dev"
fi
# Training mixtures that keep every recording the start model heard (--train-noise) beside the new material.
train=training/data/heard-$TAG-$SEED-${HOURS}h
if [ ! -f "$train/manifest.json" ]; then
  stamp "training mixtures -> $train"
  $PERCEPNET dataset --data "$DATA" --extra "$CACHE/$SPEECH" --extra "$CACHE/instruments" --split train \
    --hours "$HOURS" --seed "$SEED" --train-noise "$HEARD" --out "$train"
fi

mkdir -p "$RUN"
# A run carried here from another machine (training/carried/RUN.pt, percepnet_train/carry.py) continues where it
# stopped instead of starting over.
carried=training/carried/$(basename "$RUN").pt
if [ ! -f "$RUN/last.pt" ] && [ -f "$carried" ]; then
  stamp "unpack $carried -> $RUN"
  "$PY" -m percepnet_train.carry unpack "$carried" "$RUN"
fi
start="$RUN/start.pt"
init=(--init-from "$start")
if [ "${START_MODEL:-}" = scratch ]; then
  init=()
elif [ ! -f "$RUN/last.pt" ] && [ ! -f "$start" ]; then
  "$PY" -m percepnet_train.import_pnm --from-int8 --model "${START_MODEL:-models/percepnet-light.pnm}" --config "$CONFIG" --out "$start"
fi
stamp "train $CONFIG -> $RUN"
OMP_WAIT_POLICY=PASSIVE PERCEPNET_TRAIN_THREADS=${PERCEPNET_TRAIN_THREADS:-2} \
  exec "$PY" -m percepnet_train.train --config "$CONFIG" --data "$train" --dev "$dev" --out "$RUN" "${init[@]}" \
    --dev-hours 0.5 --checkpoint-minutes 5 --keep-epochs --resume
