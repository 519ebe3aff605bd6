#!/usr/bin/env bash
# RNNoise baselines next to our model on the dev ladder: runs classic RNNoise and RNNoise 0.2 (xiph/rnnoise
# through the npm packages pinned in training/baselines/rnnoise) on every SNR's noisy mixtures, scores noisy,
# both RNNoise builds and our model against clean with `percepnet evaluate` (SI-SDR, ESTOI, segSNR, DNSMOS P.835), and
# prints a markdown table (also written to OUT_DIR/table.md).
#   training/compare_rnnoise.sh LADDER_AUDIO_DIR OUT_DIR
# LADDER_AUDIO_DIR is what `percepnet oracle --dev-ladder ... --write DIR` wrote (SNR folders such as
# 0dB/ with clean/, noisy/ and model-lookahead-1/). Needs node >= 18 and npm (first run only: npm ci).
# Environment: PERCEPNET (CLI command; default builds src/Cli with dotnet run), DNSMOS (model folder,
# default ../shared/eval-models/dnsmos), MODEL_RUNG (default model-lookahead-1).
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 LADDER_AUDIO_DIR OUT_DIR" >&2; exit 2; }
ladder=$(realpath "$1"); mkdir -p "$2"; out=$(realpath "$2")
cd "$(dirname "$0")/.."
PERCEPNET=${PERCEPNET:-"dotnet run --project src/Cli -c Release --artifacts-path artifacts/eval --"}
dnsmos=$(realpath "${DNSMOS:-../shared/eval-models/dnsmos}")
rung=${MODEL_RUNG:-model-lookahead-1}
rn=training/baselines/rnnoise

if [ ! -d "$rn/node_modules/@echogarden/rnnoise-wasm" ] || [ ! -d "$rn/node_modules/@shiguredo/rnnoise-wasm" ]; then
  (cd "$rn" && npm ci --ignore-scripts --no-audit --no-fund)
fi
for build in classic 0.2; do node "$rn/rnnoise.mjs" --build "$build" --self-test >&2; done

snrs=$(cd "$ladder" && ls -d *dB | sort -n)
[ -n "$snrs" ] || { echo "$ladder: no SNR folders (e.g. 5dB/)" >&2; exit 1; }
for snr in $snrs; do
  for d in clean noisy "$rung"; do
    [ -d "$ladder/$snr/$d" ] || { echo "$ladder/$snr/$d: missing" >&2; exit 1; }
  done
  for build in classic 0.2; do
    rm -rf "$out/audio/$snr/rnnoise-$build"
    node "$rn/rnnoise.mjs" --build "$build" "$ladder/$snr/noisy" "$out/audio/$snr/rnnoise-$build"
  done
  mkdir -p "$out/scores"
  for sys in noisy rnnoise-classic rnnoise-0.2 "$rung"; do
    case "$sys" in rnnoise-*) enh="$out/audio/$snr/$sys" ;; *) enh="$ladder/$snr/$sys" ;; esac
    echo "evaluate $snr $sys" >&2
    $PERCEPNET evaluate --clean "$ladder/$snr/clean" --enhanced "$enh" --dnsmos "$dnsmos" --json \
      > "$out/scores/$snr-$sys.json"
  done
done

node - "$out" "$rung" $snrs > "$out/table.md" <<'EOF'
const fs = require('fs');
const [out, rung, ...snrs] = process.argv.slice(2);
const systems = [['noisy', 'noisy'], ['rnnoise-classic', 'classic RNNoise'], ['rnnoise-0.2', 'RNNoise 0.2'], [rung, `our model (${rung})`]];
const cols = [['siSdrDb', 'SI-SDR dB', 2], ['estoi', 'ESTOI', 3], ['segSnrDb', 'segSNR dB', 2],
              ['dnsmosSig', 'DNSMOS SIG', 2], ['dnsmosBak', 'DNSMOS BAK', 2], ['dnsmosOvrl', 'DNSMOS OVRL', 2]];
const lines = [`| SNR | system | n | ${cols.map(c => c[1]).join(' | ')} |`, `|---|---|---|${cols.map(() => '---').join('|')}|`];
for (const snr of snrs) {
  let names = null;
  for (const [key, label] of systems) {
    const j = JSON.parse(fs.readFileSync(`${out}/scores/${snr}-${key}.json`, 'utf8'));
    const files = j.files.map(f => f.file).sort().join(',');
    if (names !== null && files !== names) throw new Error(`${snr}: ${key} scored other files than noisy`);
    names = files;
    lines.push(`| ${snr} | ${label} | ${j.files.length} | ${cols.map(([k, , d]) => j.mean[k].toFixed(d)).join(' | ')} |`);
  }
}
console.log(lines.join('\n'));
EOF
cat "$out/table.md"
