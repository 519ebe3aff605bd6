#!/usr/bin/env bash
# What int8 quantisation costs end to end (issue 4: "int8 export within 0.1 dB SI-SDR of float").
# Exports CHECKPOINT twice, as the shipped int8 model and as the unquantised float32 model
# (models/FORMAT.md version 2), runs the dev ladder (`percepnet oracle --dev-ladder`) with each on the
# same mixtures, and prints SI-SDR and ESTOI per SNR and lookahead with the int8 − float difference.
#
#   training/compare_float_int8.sh CHECKPOINT DEV_SHARDS OUT_DIR
#     MIXTURES=24           mixtures per SNR
#     SHARED_DATA=DIR       the ladder's speech and noise (default ../shared/data beside the checkout)
#     PERCEPNET='dotnet …/percepnet.dll'   a CLI already built (default: built into ARTIFACTS=/tmp/art-compare)
#
# Leaves OUT_DIR/{int8,float}.pnm (+ reference vectors), export.json, ladder-{int8,float}.md and
# float-vs-int8.md. Exit status 1 when any |Δ SI-SDR| exceeds 0.1 dB.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ $# -ne 3 ]]; then
  sed -n '2,13p' "$0" >&2
  exit 2
fi
CHECKPOINT=$1 DEV=$2 OUT=$3
PY=${PYTHON:-/usr/bin/python3}
export PYTHONPATH="$PWD/training${PYTHONPATH:+:$PYTHONPATH}"
mkdir -p "$OUT"

"$PY" -m percepnet_train.export --checkpoint "$CHECKPOINT" --dev "$DEV" \
  --out "$OUT/int8.pnm" --float-out "$OUT/float.pnm" --report "$OUT/export.json"

. training/percepnet_cli.sh "${ARTIFACTS:-/tmp/art-compare}"
for weights in int8 float; do
  echo "dev ladder with $OUT/$weights.pnm ..." >&2
  $PERCEPNET oracle --dev-ladder "${SHARED_DATA:-../shared/data}" --mixtures "${MIXTURES:-24}" \
    --model "$OUT/$weights.pnm" > "$OUT/ladder-$weights.md" 2> "$OUT/ladder-$weights.log"
done

"$PY" - "$OUT/ladder-float.md" "$OUT/ladder-int8.md" "$OUT/float-vs-int8.md" <<'PYEOF'
import sys

LIMIT_DB = 0.1


def ladder(path):
    """{(snr, rung): (si_sdr, estoi)} from the ladder's first Markdown table."""
    rows = {}
    for line in open(path, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and cells[0].endswith("dB") and cells[0] != "SNR":
            rows[(cells[0], cells[1])] = (float(cells[2]), float(cells[3]))
    return rows


float_rows, int8_rows = ladder(sys.argv[1]), ladder(sys.argv[2])
# Both runs must have measured the same mixtures: every row without the model is identical.
oracle = [k for k in float_rows if not k[1].startswith("model")]
if not oracle or any(float_rows[k] != int8_rows.get(k) for k in oracle):
    sys.exit("the two ladders differ outside the model rows: not the same mixtures")
model = [k for k in float_rows if k[1].startswith("model")]
if not model or set(model) != {k for k in int8_rows if k[1].startswith("model")}:
    sys.exit("no matching model rows in the two ladders")

lines = ["| SNR | rung | SI-SDR float | SI-SDR int8 | Δ dB | ESTOI float | ESTOI int8 | Δ |",
         "|---|---|---:|---:|---:|---:|---:|---:|"]
worst = 0.0
for k in model:
    (sf, ef), (sq, eq) = float_rows[k], int8_rows[k]
    worst = max(worst, abs(sq - sf))
    lines.append(f"| {k[0]} | {k[1]} | {sf:.2f} | {sq:.2f} | {sq - sf:+.2f} | {ef:.3f} | {eq:.3f} | {eq - ef:+.3f} |")
verdict = "within" if worst <= LIMIT_DB else "NOT within"
lines.append("")
lines.append(f"largest |Δ SI-SDR| {worst:.2f} dB: int8 is {verdict} {LIMIT_DB} dB of float "
             "(ladder values are rounded to 0.01 dB)")
text = "\n".join(lines)
print(text)
with open(sys.argv[3], "w", encoding="utf-8") as f:
    f.write(text + "\n")
sys.exit(0 if worst <= LIMIT_DB else 1)
PYEOF
