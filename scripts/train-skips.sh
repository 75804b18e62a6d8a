#!/usr/bin/env bash
# Fit the evidence that moves the cost of a unit without counterpart
# (src/align/skips.rs: SKIP_SLOPE, SKIP_CENTRE) on MAC-Dev and Text+Berg
# (../shared/data) and the bundled Tianjin gold, and print the fit without
# each corpus (for held-out figures: `clausediff eval --set skip_slope=…
# --set skip_centre=…` on the corpus left out).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${CLAUSEDIFF_DATA:-../shared/data}
[ -d "$data/mac-dev" ] && [ -d "$data/textberg" ] || { echo "needs $data/mac-dev and $data/textberg" >&2; exit 2; }
t=alignments/tianjin
cargo run --release -q -p clausediff-cli -- train-skips \
  --corpus "mac-dev=$data/mac-dev/zh:$data/mac-dev/en:$data/mac-dev/gold" \
  --corpus "textberg=$data/textberg/de:$data/textberg/fr:$data/textberg/gold" \
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/en.sent.txt:$t/zh-Hant--en.sent.align" \
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/ru.sent.txt:$t/zh-Hant--ru.sent.align" \
  "$@"
