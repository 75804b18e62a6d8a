#!/usr/bin/env bash
# The corpora with gold alignments, as `--corpus NAME=SRC:TGT:GOLD`
# arguments in the array `gold_corpora`: MAC-Dev and Text+Berg from
# ../shared/data (or $CLAUSEDIFF_DATA) and the bundled Tianjin sentence
# golds of en and ru. Sourced by scripts/train-skips.sh and
# scripts/train-align.sh, from the repository's root; exits 2 when the
# shared data is absent.
data=${CLAUSEDIFF_DATA:-../shared/data}
[ -d "$data/mac-dev" ] && [ -d "$data/textberg" ] || { echo "needs $data/mac-dev and $data/textberg" >&2; exit 2; }
t=alignments/tianjin
gold_corpora=(
  --corpus "mac-dev=$data/mac-dev/zh:$data/mac-dev/en:$data/mac-dev/gold"
  --corpus "textberg=$data/textberg/de:$data/textberg/fr:$data/textberg/gold"
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/en.sent.txt:$t/zh-Hant--en.sent.align"
  --corpus "tianjin=$t/zh-Hant.sent.txt:$t/ru.sent.txt:$t/zh-Hant--ru.sent.align"
)
