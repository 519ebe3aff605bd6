#!/usr/bin/env bash
# Build the folder that training/gpu/run_paper.sh reads on the GPU machine (README.md beside this).
#   training/gpu/make_pack.sh [PACK_DIR=.gpu] [VORBIS_QUALITY=4]
# Needs dotnet (NativeAOT), sox with Ogg Vorbis, and shared/data (SHARED_DATA, default ../shared/data).
# EXTRA_ROOTS (space-separated; default: speech-r12 or speech-r8 and instruments, where present) travel too, under
# PACK/extra/NAME/, transcoded at EXTRA_QUALITY (default 0) and cut to what fits the device's 64 MiB (PACK_MIB,
# default 63): their train rows and up to DEV_CLIPS (100) dev clips a root for the run's dev set, in an order that
# shares the budget between them by bytes, speakers before second clips (pack_plan.py, docs/generalization.md).
# PACK_DIR must be ignored by git (.git/info/exclude) and is sent with the device tool's `carry`.
set -euo pipefail
cd "$(dirname "$0")/../.."
PACK=${1:-.gpu} QUALITY=${2:-4}
DATA=${SHARED_DATA:-../shared/data}
ARTIFACTS=${ARTIFACTS:-/tmp/art-gpu-pack}
rm -rf "$PACK"
mkdir -p "$PACK/bin" "$PACK/data/speech/commonvoice" "$PACK/cache"

# The mixer as one native x86-64 file: that machine has no .NET. Invariant globalization: no ICU there either.
# Without the embedded models (9 MB the mixer never reads). For x86-64-v3 (AVX2; every lent GPU machine has it):
# NativeAOT's default x86-64-v2 would sum the pitch correlations in 4 lanes where the JIT CLI and the plug-ins use 8.
dotnet publish src/Cli -c Release -r linux-x64 -p:PublishAot=true -p:InvariantGlobalization=true -p:EmbedModels=false \
  -p:IlcInstructionSet=x86-64-v3 \
  --artifacts-path "$ARTIFACTS" -nologo -v quiet
cp "$ARTIFACTS/publish/PercepNet.Cli/release_linux-x64/percepnet" "$PACK/bin/"

# Manifests unchanged; permissive speech and noise transcoded to Ogg Vorbis under their own names
# (the mixer tells formats by content), which brings 122 MB of FLAC down to about 32 MB.
cp "$DATA/MANIFEST.tsv" "$PACK/data/"
cp "$DATA/speech/commonvoice/clips.tsv" "$PACK/data/speech/commonvoice/"
awk -F'\t' 'NR > 1 && $7 !~ /NC/ && ($2 == "speech" || $2 == "noise") { print $1 }' "$DATA/MANIFEST.tsv" |
  while read -r file; do
    mkdir -p "$PACK/data/$(dirname "$file")"
    echo "$DATA/$file $PACK/data/$file"
  done | xargs -P "$(nproc)" -n 2 sh -c 'sox -V1 "$0" -t ogg -C '"$QUALITY"' "$1" remix 1'
# Vorbis low-passes (19.5 kHz at q4, 48 kHz): the pack's manifest says so in band_edge_hz (pack_plan.py).
/usr/bin/python3 training/gpu/pack_plan.py base-edges "$PACK/data" "$QUALITY"

# Room responses stay lossless: decoded by the mixer itself (sox path) into a cache, which travels.
cache=$(mktemp -d)
trap 'rm -rf "$cache" "$cache.train" "$cache.dev"' EXIT
for split in train dev; do
  "$PACK/bin/percepnet" dataset --data "$DATA" --split "$split" --hours 0.01 --out "$cache.$split" --cache "$cache" >/dev/null 2>&1
done
cp -r "$cache/rir" "$PACK/cache/"
# Extra roots (issue 18): all rows transcoded, then kept by pack_plan.py until the pack reaches its budget (the
# roots share it by bytes; one clip per speaker before a second); the pack's MANIFEST.tsv lists only what was
# kept, with each clip's band edge lowered to the encoder's low-pass.
EXTRA_QUALITY=${EXTRA_QUALITY:-0} PACK_MIB=${PACK_MIB:-63}
# The wide speech root when it is there (the GPU configs follow scratch16, which trained on it), else speech-r8.
speech=$HOME/.cache/percepnet/speech-r12; [ -f "$speech/MANIFEST.tsv" ] || speech=$HOME/.cache/percepnet/speech-r8
extras=${EXTRA_ROOTS-"$speech $HOME/.cache/percepnet/instruments"}
for root in $extras; do
  [ -f "$root/MANIFEST.tsv" ] || { echo "no $root/MANIFEST.tsv, skipped" >&2; continue; }
  dst="$PACK/extra/$(basename "$root")"
  mkdir -p "$dst"
  awk -F'\t' 'NR > 1 && $7 !~ /NC/ && ($8 == "train" || $2 == "speech") { print $1 }' "$root/MANIFEST.tsv" |
    while read -r file; do
      mkdir -p "$dst/$(dirname "$file")"
      echo "$root/$file $dst/$file"
    done | xargs -P "$(nproc)" -n 2 sh -c 'sox -V1 "$0" -t ogg -C '"$EXTRA_QUALITY"' "$1" remix 1 2>/dev/null || rm -f "$1"'
done
/usr/bin/python3 training/gpu/pack_plan.py extras "$PACK" "$PACK_MIB" "$EXTRA_QUALITY" "${DEV_CLIPS:-100}" $extras
du -sh "$PACK" "$PACK"/*
