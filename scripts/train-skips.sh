#!/usr/bin/env bash
# Fit the evidence that moves the cost of a unit without counterpart
# (src/align/skips.rs: SKIP_SLOPE, SKIP_CENTRE) and the dilution evidence
# for merged beads (src/align/dilution.rs: DILUTION_SLOPE,
# DILUTION_CENTRE) on MAC-Dev and Text+Berg
# (../shared/data) and the bundled Tianjin gold, and print each fit without
# each corpus (for held-out figures: `clausediff eval --set …` on the
# corpus left out).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/gold-corpora.sh
cargo run --release -q -p clausediff-cli -- train-skips "${gold_corpora[@]}" "$@"
