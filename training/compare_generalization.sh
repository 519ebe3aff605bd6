#!/usr/bin/env bash
# The generalization dev table (issue 18, docs/generalization.md): our models beside classic RNNoise and RNNoise
# 0.2 on mixtures whose noise is of kinds training never heard (animals, music, machines; NoiseKinds.HeldOut) and
# whose speakers are held out, per input SNR; and the harmonic-non-speech check (held-out animal, music and
# machine recordings alone: how far each system takes them down).
#   training/compare_generalization.sh OUT_DIR [NAME=MODEL ...]
# MODEL is light, full (the built-ins) or a .pnm file; default: light=light full=full. Every system runs as a user
# runs it: `percepnet denoise` with default settings (lookahead 1), rnnoise.mjs for the two RNNoise builds. A MODEL
# followed by denoise options tries a setting other than the default: 'light-pf50=light --post-filter 50'.
# Environment: PERCEPNET (CLI command; default: dotnet artifacts/eval/.../percepnet.dll, built here), SHARED_DATA
# (../shared/data), EXTRA_ROOTS (space-separated extra data roots; default ~/.cache/percepnet/external, made by
# training/sources/prepare_speech.py), SNRS (-10,-5,0,5,10,15,20,30), MIXTURES (24 per SNR), DNSMOS (model folder).
# The mixtures are written once to OUT_DIR/audio and reused; a system's outputs are remade on every run, except for
# the systems named in REUSE (e.g. REUSE="noisy rnnoise-classic rnnoise-0.2 light"), whose outputs and scores from an
# earlier run into the same OUT_DIR are kept: on two shared cores they are most of the ~16 minutes a candidate takes.
# Most held-out recordings trained the shipped models (they predate the held-out kinds), so the table is also cut to
# the mixtures whose noise none of them heard (models/shipped-models-training-noise.txt): compare new models there.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 OUT_DIR [NAME=MODEL ...]" >&2; exit 2; }
mkdir -p "$1"; out=$(realpath "$1"); shift
cd "$(dirname "$0")/.."
. training/percepnet_cli.sh artifacts/eval
data=${SHARED_DATA:-../shared/data}
dnsmos=$(realpath "${DNSMOS:-../shared/eval-models/dnsmos}")
extra_args=(); for r in ${EXTRA_ROOTS:-$HOME/.cache/percepnet/external}; do extra_args+=(--extra "$r"); done
models=("$@"); [ ${#models[@]} -gt 0 ] || models=(light=light full=full)
rn=training/baselines/rnnoise

if [ ! -d "$out/audio" ]; then
  $PERCEPNET oracle --dev-ladder "$data" "${extra_args[@]}" --split heldout --snrs "${SNRS:--10,-5,0,5,10,15,20,30}" \
    --mixtures "${MIXTURES:-24}" --no-oracle --write "$out/audio.tmp" > "$out/noisy-ladder.md"
  mv "$out/audio.tmp" "$out/audio"
fi
if [ ! -f "$out/audio/mixtures.tsv" ]; then  # mixtures written before the ladder listed their sources: the list alone
  tmp=$(mktemp -d)
  $PERCEPNET oracle --dev-ladder "$data" "${extra_args[@]}" --split heldout --snrs 30 --mixtures "${MIXTURES:-24}" \
    --no-oracle --write "$tmp" > /dev/null
  mv "$tmp/mixtures.tsv" "$out/audio/mixtures.tsv"; rm -rf "$tmp"
fi
heard=$(realpath models/shipped-models-training-noise.txt)
if [ ! -d "$rn/node_modules/@shiguredo/rnnoise-wasm" ] || [ ! -d "$rn/node_modules/@echogarden/rnnoise-wasm" ]; then
  (cd "$rn" && npm ci --ignore-scripts --no-audit --no-fund)
fi
for build in classic 0.2; do node "$rn/rnnoise.mjs" --build "$build" --self-test >&2; done

sets=$(cd "$out/audio" && printf "%s\n" *dB | sort -n; echo noise-only)
systems=(rnnoise-classic rnnoise-0.2)
for m in "${models[@]}"; do systems+=("${m%%=*}"); done
mkdir -p "$out/scores"
reused() { [[ " ${REUSE:-} " == *" $1 "* ]] && [ -f "$out/scores/$2-$1.json" ]; }
for set in $sets; do
  in="$out/audio/$set"; [ "$set" = noise-only ] || in="$out/audio/$set/noisy"
  for sys in "${systems[@]}"; do
    reused "$sys" "$set" && continue
    dst="$out/systems/$sys/$set"; rm -rf "$dst"; mkdir -p "$dst"
    case "$sys" in
      rnnoise-classic) node "$rn/rnnoise.mjs" --build classic "$in" "$dst" ;;
      rnnoise-0.2) node "$rn/rnnoise.mjs" --build 0.2 "$in" "$dst" ;;
      *) for m in "${models[@]}"; do [ "${m%%=*}" = "$sys" ] && read -ra model <<< "${m#*=}"; done
         $PERCEPNET denoise --batch "$in" "$dst" --model "${model[@]}" --force --no-progress > /dev/null ;;
    esac
  done
  echo "scoring $set" >&2
  for sys in noisy "${systems[@]}"; do
    reused "$sys" "$set" && continue
    enh="$out/systems/$sys/$set"; [ "$sys" = noisy ] && enh="$in"
    if [ "$set" = noise-only ]; then
      $PERCEPNET evaluate --noisy "$in" --enhanced "$enh" --no-dnsmos --json > "$out/scores/$set-$sys.json"
    else
      $PERCEPNET evaluate --clean "$out/audio/$set/clean" --enhanced "$enh" --dnsmos "$dnsmos" --json > "$out/scores/$set-$sys.json"
    fi
  done
done

node - "$out" "$heard" noisy "${systems[@]}" > "$out/table.md" <<'JS'
const fs = require('fs');
const [out, heardList, ...systems] = process.argv.slice(2);
// Recordings the shipped models trained on (they predate the held-out kinds): a fair comparison of a new model with
// them uses the mixtures whose noise none of them heard.
const base = p => p.replace(/^.*\//, '').replace(/\.[^.]*$/, '');
const heard = new Set(fs.readFileSync(heardList, 'utf8').split('\n').filter(l => l && !l.startsWith('#')).map(base));
const unheardMixtures = new Set(fs.readFileSync(`${out}/audio/mixtures.tsv`, 'utf8').trim().split('\n').slice(1)
  .map(l => l.split('\t')).filter(c => !heard.has(base(c[2]))).map(c => `${c[0]}.wav`));
const unheardNoise = f => !heard.has(f.replace(/\.wav$/, '').replace(/^[a-z]+-/, ''));
const sets = fs.readdirSync(`${out}/audio`).filter(d => d.endsWith('dB')).sort((a, b) => parseFloat(a) - parseFloat(b));
const load = (set, sys) => JSON.parse(fs.readFileSync(`${out}/scores/${set}-${sys}.json`, 'utf8'));
const cols = [['siSdrDb', 'SI-SDR dB', 2], ['estoi', 'ESTOI', 3], ['dnsmosSig', 'SIG', 2], ['dnsmosBak', 'BAK', 2], ['dnsmosOvrl', 'OVRL', 2]];
const lines = ['Generalization dev set: held-out noise kinds and speakers, per input SNR (`training/compare_generalization.sh`).', '',
  `| input SNR | ${cols.map(c => c[1]).join(' | ')} |`, `|---|${cols.map(() => '---').join('|')}|`];
const all = {};
for (const set of sets) {
  let names = null;
  lines.push(`| **${set}** | ${cols.map(() => '').join(' | ')} |`);
  for (const sys of systems) {
    const j = load(set, sys);
    const files = j.files.map(f => f.file).sort().join(',');
    if (names !== null && files !== names) throw new Error(`${set}: ${sys} scored other files than noisy`);
    names = files;
    (all[sys] ??= []).push(...j.files);
    lines.push(`| ${sys} | ${cols.map(([k, , d]) => j.mean[k].toFixed(d)).join(' | ')} |`);
  }
}
lines.push(`| **all SNRs** | ${cols.map(() => '').join(' | ')} |`);
for (const sys of systems) {
  const mean = k => all[sys].reduce((s, f) => s + f[k], 0) / all[sys].length;
  lines.push(`| ${sys} | ${cols.map(([k, , d]) => mean(k).toFixed(d)).join(' | ')} |`);
}
lines.push('', `The same, only the ${unheardMixtures.size} mixtures per SNR whose noise no shipped model heard in training ` +
  '(models/shipped-models-training-noise.txt): SI-SDR dB / DNSMOS OVRL.', '',
  `| system | ${sets.join(' | ')} |`, `|---|${sets.map(() => '---:').join('|')}|`);
for (const sys of systems) {
  const cell = set => {
    const f = load(set, sys).files.filter(x => unheardMixtures.has(x.file));
    const mean = k => f.reduce((s, x) => s + x[k], 0) / f.length;
    return `${mean('siSdrDb').toFixed(1)} / ${mean('dnsmosOvrl').toFixed(2)}`;
  };
  lines.push(`| ${sys} | ${sets.map(cell).join(' | ')} |`);
}
lines.push('', "Where SI-SDR's error lies: its error energy in the clean speech's pauses / in its speech frames, dB over the " +
  'target energy, mean over the mixtures (`percepnet evaluate`; a pause is a 20 ms frame 40 dB below the loudest). ' +
  'Noise left between words is the first; speech taken and noise kept under the voice the second.', '',
  `| system | ${sets.join(' | ')} |`, `|---|${sets.map(() => '---:').join('|')}|`);
for (const sys of systems) {
  const cell = set => {
    const mean = load(set, sys).mean;
    const f = k => typeof mean[k] === 'number' ? mean[k].toFixed(1) : '–';   // scores written before the split: –
    return `${f('pauseErrorDb')} / ${f('speechErrorDb')}`;
  };
  lines.push(`| ${sys} | ${sets.map(cell).join(' | ')} |`);
}
lines.push('', 'Harmonic-non-speech check: held-out animal, music and machine recordings alone (8 s at -30 dBFS); attenuation in dB (input energy over output energy).', '');
const noise = systems.filter(s => s !== 'noisy').map(s => [s, load('noise-only', s)]);
lines.push(`| recording | ${noise.map(n => n[0]).join(' | ')} |`, `|---|${noise.map(() => '---:').join('|')}|`);
for (const [i, f] of noise[0][1].files.entries())
  lines.push(`| ${f.file.replace(/\.wav$/, '')} | ${noise.map(([, j]) => j.files[i].attenuationDb.toFixed(1)).join(' | ')} |`);
lines.push(`| **mean** | ${noise.map(([, j]) => j.mean.attenuationDb.toFixed(1)).join(' | ')} |`);
lines.push(`| **worst** | ${noise.map(([, j]) => Math.min(...j.files.map(f => f.attenuationDb)).toFixed(1)).join(' | ')} |`);
const unheardMean = j => { const a = j.files.filter(f => unheardNoise(f.file)).map(f => f.attenuationDb); return a.reduce((s, x) => s + x, 0) / a.length; };
lines.push(`| **mean, unheard by the shipped models** | ${noise.map(([, j]) => unheardMean(j).toFixed(1)).join(' | ')} |`);
console.log(lines.join('\n'));
JS
cat "$out/table.md"
