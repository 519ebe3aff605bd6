#!/usr/bin/env bash
# Dev-split numbers for the model card: the oracle ladder and the model at every lookahead on real
# dev mixtures at 0/5/10 dB (SI-SDR, ESTOI, segmental SNR, non-speech residual), the clean-speech
# "no harm" and onset check, and DNSMOS P.835 of the 5 dB noisy input, the oracle and the model.
#   training/evaluate_model.sh MODEL.pnm OUT_DIR [MIXTURES]
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1; out=$2; mixtures=${3:-24}
data=${SHARED_DATA:-../shared/data}
PERCEPNET=${PERCEPNET:-"dotnet run --project src/Cli -c Release --artifacts-path artifacts/eval --"}
mkdir -p "$out"
$PERCEPNET oracle --dev-ladder "$data" --mixtures "$mixtures" --model "$model" --write "$out/audio" > "$out/ladder.md"
for rung in noisy band-comb-postfilter model-lookahead-0 model-lookahead-1 model-lookahead-2; do
  echo "== $rung (5 dB)" >> "$out/dnsmos.txt"
  $PERCEPNET evaluate --clean "$out/audio/5dB/clean" --enhanced "$out/audio/5dB/$rung" >> "$out/dnsmos.txt"
done
cat "$out/ladder.md" "$out/dnsmos.txt"
