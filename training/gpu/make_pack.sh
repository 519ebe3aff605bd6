#!/usr/bin/env bash
# Build the folder that training/gpu/run_paper.sh reads on the GPU machine (README.md beside this).
#   training/gpu/make_pack.sh [PACK_DIR=.gpu] [VORBIS_QUALITY=4]
# Needs dotnet (NativeAOT), sox with Ogg Vorbis, and shared/data (SHARED_DATA, default ../shared/data).
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

# Room responses stay lossless: decoded by the mixer itself (sox path) into a cache, which travels.
cache=$(mktemp -d)
trap 'rm -rf "$cache" "$cache.train" "$cache.dev"' EXIT
for split in train dev; do
  "$PACK/bin/percepnet" dataset --data "$DATA" --split "$split" --hours 0.01 --out "$cache.$split" --cache "$cache" >/dev/null 2>&1
done
cp -r "$cache/rir" "$PACK/cache/"
du -sh "$PACK" "$PACK"/*
