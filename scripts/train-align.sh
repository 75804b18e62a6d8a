#!/usr/bin/env bash
# Learn the aligner's bead priors and signal weights (src/align/learn.rs,
# a structured perceptron) on MAC-Dev and Text+Berg (../shared/data) and
# the bundled Tianjin gold, and print each corpus's strict F1 with the
# parameters learnt without it beside the built-in ones.
#   scripts/train-align.sh [--epochs N] [--rate R] [--no-model]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${CLAUSEDIFF_DATA:-../shared/data}
[ -d "$data/mac-dev" ] && [ -d "$data/textberg" ] || { echo "needs $data/mac-dev and $data/textberg" >&2; exit 2; }
t=alignments/tianjin
cargo run --release -q -p clausediff-cli -- train-align \
  --corpus "mac-dev=$data/mac-dev/zh:$data/mac-dev/en:$data/mac-dev/gold" \
  --corpus "textberg=$data/textberg/de:$data/textberg/fr:$data/textberg/gold" \
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/en.sent.txt:$t/zh-Hant--en.sent.align" \
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/ru.sent.txt:$t/zh-Hant--ru.sent.align" \
  "$@"
