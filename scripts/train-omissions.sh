#!/usr/bin/env bash
# Rebuild the omission model's weights (data/omission/weights.json) from
# MAC-Dev and Text+Berg (../shared/data, with gold beads) and the bundled
# Tianjin versions (alignments/tianjin), and print each corpus's figures
# with weights learnt without it.
#   scripts/train-omissions.sh [OUT] [extra train flags]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${CLAUSEDIFF_DATA:-../shared/data}
out=${1:-data/omission/weights.json}
shift || true
[ -d "$data/mac-dev" ] && [ -d "$data/textberg" ] || { echo "needs $data/mac-dev and $data/textberg" >&2; exit 2; }
t=alignments/tianjin
cargo run --release -q -p clausediff-cli -- train \
  --corpus "mac-dev=$data/mac-dev/zh:$data/mac-dev/en:$data/mac-dev/gold" \
  --corpus "textberg=$data/textberg/de:$data/textberg/fr:$data/textberg/gold" \
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/en.sent.txt:$t/zh-Hant--en.sent.align" \
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/ru.sent.txt:$t/zh-Hant--ru.sent.align" \
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/zh-Hans.sent.txt:$t/zh-Hant--zh-Hans.sent.align" \
  -o "$out" "$@"
