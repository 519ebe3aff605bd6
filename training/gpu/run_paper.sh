#!/usr/bin/env bash
# Mix, train and export the paper-sized model on a lent GPU machine within a fixed time budget
# (training/gpu/README.md). That machine has PyTorch but no .NET and no sox, and is reached only
# through a 64 MiB copy of the working tree, so PACK brings what the C# mixer needs:
#   PACK/bin/percepnet  NativeAOT build of src/Cli (the engine's own features and targets)
#   PACK/data/          shared/data's MANIFEST.tsv and clips.tsv, the permissive speech and noise
#                       transcoded to Ogg Vorbis under their own names (read by content)
#   PACK/cache/         the room responses, already decoded (lossless)
#   PACK/extra/NAME/    extra data roots (training/sources/: more speech, rendered instruments), Ogg, cut to fit;
#                       with them the dev set is the generalization selection (held-out kinds, issue 18)
#
#   training/gpu/run_paper.sh PACK OUT [BUDGET_S]
#
# Mixes up to MAX_CHUNKS 4-hour chunks (32 h), starting no new wave after 25 % of the budget, trains
# until EXPORT_RESERVE seconds are left, then writes to OUT: the float32 model in 15 MB parts
# (paper-float.pnm.partNN; `cat` them back), export-report.json and log.csv. The int8 file stays behind:
# import_pnm + export rebuild it byte for byte here (README.md §3), and the device returns 8 files at most.
# SECOND_CONFIG (optional) trains a second model on the same data at the same time on the same GPU, with
# SECOND_THREADS CPU threads; OUT then also gets second-float.pnm and second-log.csv.
set -u -o pipefail
PACK=$1 OUT=$2 BUDGET=${3:-540}
START=$(date +%s)
elapsed() { echo $(( $(date +%s) - START )); }
WORK=${WORK:-/tmp/percepnet-gpu}
CONFIG=${CONFIG:-training/configs/paper-gpu.json}
CHUNK_HOURS=${CHUNK_HOURS:-4}
MAX_CHUNKS=${MAX_CHUNKS:-8}
PARALLEL=${PARALLEL:-4}
SECOND_CONFIG=${SECOND_CONFIG:-}
SECOND_THREADS=${SECOND_THREADS:-4}
EXPORT_RESERVE=${EXPORT_RESERVE:-75}   # one export and the split; raised below for a second model's export
DATA_UNTIL=$(( BUDGET * 25 / 100 ))
export PYTHONPATH=training PYTHONUNBUFFERED=1 PERCEPNET_TRAIN_THREADS=${PERCEPNET_TRAIN_THREADS:-8}
# Server GC for the mixer: on 2 cores it halved the GC's system time (18.7 -> 17.2 s for 0.5 h, same bytes);
# one process used only about half of the GPU machine's 16 cores with the default workstation GC.
export DOTNET_gcServer=1

rm -rf "$WORK"   # a second run on a machine still held must not find the first run's files
mkdir -p "$WORK" "$OUT" && cp -r "$PACK/cache" "$WORK/cache" || exit 1
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null
python3 -c "import torch, numpy; print('torch', torch.__version__, 'numpy', numpy.__version__, 'cuda', torch.cuda.is_available())"
extra=(); for d in "$PACK"/extra/*/; do [ -f "$d/MANIFEST.tsv" ] && extra+=(--extra "$d"); done
dev_split=dev; [ ${#extra[@]} -gt 0 ] && dev_split=heldout
"$PACK/bin/percepnet" dataset --data "$PACK/data" "${extra[@]}" --split "$dev_split" --hours 0.5 --out "$WORK/dev" --seed 1 \
    --cache "$WORK/cache" > "$WORK/dev.log" 2>&1 || { cat "$WORK/dev.log"; exit 1; }
echo "dev set mixed at $(elapsed) s"
chunks=()
# Waves of PARALLEL mixer processes: one process alone keeps 16 cores only half busy (measured:
# one 4-hour chunk took 40 s alone, three together 80 s).
while [ ${#chunks[@]} -lt "$MAX_CHUNKS" ] && { [ ${#chunks[@]} -eq 0 ] || [ "$(elapsed)" -lt "$DATA_UNTIL" ]; }; do
    wave=()
    for _ in $(seq "$PARALLEL"); do
        [ $(( ${#chunks[@]} + ${#wave[@]} )) -lt "$MAX_CHUNKS" ] || break
        d="$WORK/train-$(( ${#chunks[@]} + ${#wave[@]} ))"
        "$PACK/bin/percepnet" dataset --data "$PACK/data" "${extra[@]}" --split train --hours "$CHUNK_HOURS" --out "$d" \
            --seed $(( 100 + ${#chunks[@]} + ${#wave[@]} )) --cache "$WORK/cache" > "$d.log" 2>&1 &
        wave+=("$d")
    done
    wait || true
    for d in "${wave[@]}"; do
        tail -1 "$d.log" | grep -q "^wrote" || { cat "$d.log"; exit 1; }
        chunks+=("$d")
    done
    echo "mixed ${#chunks[@]} x $CHUNK_HOURS h at $(elapsed) s"
done
python3 -m percepnet_train.merge_shards "$WORK/train" "${chunks[@]}" || exit 1

[ -z "$SECOND_CONFIG" ] || EXPORT_RESERVE=$(( EXPORT_RESERVE + 30 ))
left=$(( BUDGET - $(elapsed) - EXPORT_RESERVE ))
max_hours=$(python3 -c "print(max($left, 30) / 3600)")
second=
if [ -n "$SECOND_CONFIG" ]; then
    PERCEPNET_TRAIN_THREADS=$SECOND_THREADS python3 -m percepnet_train.train --config "$SECOND_CONFIG" \
        --data "$WORK/train" --dev "$WORK/dev" --dev-hours 0.5 --out "$WORK/run2" --device "${DEVICE:-auto}" \
        --checkpoint-minutes 2 --max-hours "$max_hours" > "$WORK/run2.log" 2>&1 &
    second=$!
    # Never leave it running (it would write into a later run's work folder on a machine still held).
    trap 'kill "$second" 2>/dev/null' EXIT
fi
python3 -m percepnet_train.train --config "$CONFIG" --data "$WORK/train" --dev "$WORK/dev" --dev-hours 0.5 \
    --out "$WORK/run" --device "${DEVICE:-auto}" --checkpoint-minutes 2 --max-hours "$max_hours" || exit 1
echo "training ended at $(elapsed) s"
cp "$WORK/run/log.csv" "$OUT/" || exit 1
python3 -m percepnet_train.export --checkpoint "$WORK/run/best.pt" --dev "$WORK/dev" --out "$WORK/paper-int8.pnm" \
    --float-out "$WORK/paper-float.pnm" --report "$OUT/export-report.json" || exit 1
split -b 15M -d "$WORK/paper-float.pnm" "$OUT/paper-float.pnm.part" || exit 1
if [ -n "$second" ]; then
    wait "$second"; rc=$?
    grep -E "^epoch|early stop" "$WORK/run2.log" | sed 's/^/second: /'
    if [ $rc -eq 0 ]; then
        cp "$WORK/run2/log.csv" "$OUT/second-log.csv"
        python3 -m percepnet_train.export --checkpoint "$WORK/run2/best.pt" --dev "$WORK/dev" \
            --out "$WORK/second-int8.pnm" --float-out "$WORK/second-float.pnm" > /dev/null &&
            cp "$WORK/second-float.pnm" "$OUT/" || echo "second export failed"
    else
        tail -20 "$WORK/run2.log"; echo "second model failed ($rc); the first is complete"
    fi
fi
echo "done at $(elapsed) s"
