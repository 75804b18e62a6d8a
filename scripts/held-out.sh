#!/usr/bin/env bash
# Compare values of one setting of the omission model's trainer
# (`clausediff train FLAG VALUE`): for each value, learn the weights as
# scripts/train-omissions.sh does and print the held-out log-loss of MAC-Dev,
# Text+Berg and Tianjin (each scored with weights learnt without it, with the
# encoder) and their sum. Takes about 40 s a value on two cores.
#   scripts/held-out.sh FLAG VALUE…   e.g. scripts/held-out.sh --surprise-prior 0.5 2 8
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/held-out.sh FLAG VALUE…" >&2; exit 2; }
flag=$1
shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%s\tmac-dev\ttextberg\ttianjin\tsum\n' "$flag"
for v in "$@"; do
  bash scripts/train-omissions.sh "$tmp/w.json" "$flag" "$v" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
  # The first three held-out lines are those with the encoder.
  grep 'held out' "$tmp/log" | head -3 | sed 's/.*log-loss \([0-9.]*\).*/\1/' |
    awk -v s="$v" '{v[NR]=$1; t+=$1} END {printf "%s\t%s\t%s\t%s\t%.4f\n", s, v[1], v[2], v[3], t}'
done
