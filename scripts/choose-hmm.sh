#!/usr/bin/env bash
# Compare settings of the omission model's word-order model (src/check/omission/hmm.rs,
# `clausediff train --hmm SHARPNESS,DECAY,UNTRANSLATED`): for each, learn the weights
# as scripts/train-omissions.sh does and print the held-out log-loss of MAC-Dev,
# Text+Berg and Tianjin (each scored with weights learnt without it, with the
# encoder) and their sum; the built-in settings (Hmm::BUILT_IN) are those with the
# least sum. Takes about 40 s a setting on two cores.
#   scripts/choose-hmm.sh [SETTING…]   (default: the search of docs/diff.md)
set -euo pipefail
cd "$(dirname "$0")/.."
settings=("$@")
if [ ${#settings[@]} -eq 0 ]; then
  settings=(10,0.5,0.1 5,0.5,0.1 20,0.5,0.1 10,0.25,0.1 10,1,0.1 10,0.5,0.05 10,0.5,0.2
            10,0.5,0.3 10,0.5,0.4 10,0.5,0.5 10,1,0.2 10,1,0.3 10,2,0.3 10,1,0.4 10,1,0.5)
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'setting\tmac-dev\ttextberg\ttianjin\tsum\n'
for s in "${settings[@]}"; do
  bash scripts/train-omissions.sh "$tmp/w.json" --hmm "$s" > "$tmp/log" 2>&1 || { cat "$tmp/log" >&2; exit 1; }
  # The first three held-out lines are those with the encoder.
  grep 'held out' "$tmp/log" | head -3 | sed 's/.*log-loss \([0-9.]*\).*/\1/' |
    awk -v s="$s" '{v[NR]=$1; t+=$1} END {printf "%s\t%s\t%s\t%s\t%.4f\n", s, v[1], v[2], v[3], t}'
done
