#!/usr/bin/env bash
# Learn the aligner's values for one kind of language pair
# (src/align/pairs.rs) and cross-validate them by document: every
# document of the corpus is its own fold of `clausediff train-align`, and
# each is aligned with the values learnt on the others; the strict F1 over
# all of them is printed beside the built-in values'.
#   scripts/train-align-pairs.sh [de-fr|zh-en] [--set KEY=VALUE …]   (default de-fr)
# Further arguments (`--set max_bead_total=5`) go to train-align and to
# every eval, the built-in values' too; a learnt key among them sets where
# the learning starts (each eval's learnt or built-in values come after
# them, and win). The settings chosen for a pair (src/align/pairs.rs:
# German–French's hubness neighbours, bead shapes, dilution and path of
# maximum expected accuracy; Chinese–English's side prior of units
# alone) hold in
# train-align and in every eval but for those set here;
# the perceptron compares the gold with the cheapest path.
# de-fr: the seven Text+Berg documents; zh-en: the six MAC-Dev chapters
# and the Tianjin English gold. The "all:" line holds the values learnt on
# every document (what src/align/pairs.rs ships).
set -euo pipefail
cd "$(dirname "$0")/.."
# Every text encoded at every run (no embeddings kept by an earlier one).
export CLAUSEDIFF_EMBEDDING_CACHE=off
data=${CLAUSEDIFF_DATA:-../shared/data}
pair=de-fr
case "${1:-}" in
  ""|-*) ;;
  *) pair=$1; shift ;;
esac
case "$pair" in
  de-fr|zh-en) ;;
  *) echo "unknown pair $pair (de-fr or zh-en)" >&2; exit 2 ;;
esac
extra=("$@")
[ -d "$data/mac-dev" ] && [ -d "$data/textberg" ] || { echo "needs $data/mac-dev and $data/textberg" >&2; exit 2; }
cargo build --release -q -p clausediff-cli
bin=target/release/clausediff
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$(realpath "$data")
args=()
docs=()
# add_doc NAME SRC TGT GOLD: a document of the corpus, its own fold.
add_doc() {
  docs+=("$1")
  mkdir -p "$work/$1"/{src,tgt,gold}
  ln -s "$2" "$work/$1/src/$1"
  ln -s "$3" "$work/$1/tgt/$1"
  ln -s "$4" "$work/$1/gold/$(basename "$4")"
  args+=(--corpus "$1=$2:$3:$4")
}
case "$pair" in
  de-fr)
    for f in "$data"/textberg/de/*; do
      k=$(basename "$f")
      add_doc "$k" "$f" "$data/textberg/fr/$k" "$data/textberg/gold/$k"
    done
    ;;
  zh-en)
    for f in "$data"/mac-dev/zh/*; do
      k=$(basename "$f")
      add_doc "$k" "$f" "$data/mac-dev/en/$k" "$data/mac-dev/gold/$k.align"
    done
    t=alignments/tianjin
    args+=(--corpus "tianjin=$t/zh-Hant.sent.txt:$t/en.sent.txt:$t/zh-Hant--en.sent.align")
    ;;
esac
"$bin" train-align "${args[@]}" ${extra[@]+"${extra[@]}"} | tee "$work/train.log"
# Each document aligned with the values learnt without it, and with the
# built-in ones; the counts of `eval` summed over the documents.
for how in held built; do
  for k in "${docs[@]}"; do
    sets=()
    if [ "$how" = held ]; then
      read -r -a sets < <(sed -n "s/^$k: strict F1 .*(\(.*\))$/\1/p" "$work/train.log")
    else
      read -r -a sets < <(sed -n 's/^built in: //p' "$work/train.log")
    fi
    [ "${#sets[@]}" -gt 0 ] || { echo "train-align printed no values for $k ($how)" >&2; exit 1; }
    "$bin" eval --src "$work/$k/src" --tgt "$work/$k/tgt" --gold "$work/$k/gold" ${extra[@]+"${extra[@]}"} "${sets[@]}" | grep -E "^$k[[:space:]]"
  done | awk -v how="$how" '{p += $2; t += $4; r += $5; g += $7}
    END {P = p / t; R = r / g; printf "%s: strict P %.4f R %.4f F1 %.4f over %d documents\n",
      (how == "held" ? "learnt without each document" : "built in"), P, R, 2 * P * R / (P + R), NR}'
done
