#!/usr/bin/env bash
# A checkpoint's first verdict in about a minute and a half, before the full generalization table
# (training/compare_generalization.sh, 5-16 minutes): exports it, then runs the split's mixtures at -5, 0 and 20 dB
# (SI-SDR, ESTOI, non-speech residual at lookahead 1) and the three clean checks (clean, band-limited, after room
# tone: mean and worst SI-SDR, worst word onset, transients). docs/generalization.md gives the shipped model's rows.
#
#   training/quick_judge.sh CKPT OUT.pnm [--raw]      (--raw: the raw weights, not the weight average)
#
# Environment: PERCEPNET (CLI command; default: dotnet artifacts/eval/.../percepnet.dll, built here), SHARED_DATA
# (../shared/data), EXTRA_ROOTS (~/.cache/percepnet/external), DEV (training/data/unheard-heldout: the export's
# float-vs-int8 check).
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: $0 CKPT OUT.pnm [--raw]" >&2; exit 2; }
ckpt=$1 out=$2 raw=${3:-}
cd "$(dirname "$0")/.."
. training/percepnet_cli.sh artifacts/eval
data=${SHARED_DATA:-../shared/data}
PYTHONPATH=training /usr/bin/python3 -m percepnet_train.export --checkpoint "$ckpt" \
  --dev "${DEV:-training/data/unheard-heldout}" --out "$out" $raw | tail -1
echo "split (held-out kinds and speakers), lookahead 1: | SNR | | SI-SDR | ESTOI | segSNR | non-speech residual | mixtures |"
$PERCEPNET oracle --dev-ladder "$data" --extra "${EXTRA_ROOTS:-$HOME/.cache/percepnet/external}" --split heldout \
  --snrs -5,0,20 --mixtures 24 --no-oracle --model "$out" | grep -E 'lookahead 1 \|'
echo "clean, band-limited, after room tone (lookahead 1; columns as the clean check's table):"
$PERCEPNET oracle --dev-ladder "$data" --model "$out" --no-oracle --snrs 30 --mixtures 1 \
  | grep -E '^\| 1 \||^(Worst onset|Transients) at lookahead 1'
