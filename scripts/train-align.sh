#!/usr/bin/env bash
# Learn the aligner's bead priors and signal weights (src/align/learn.rs,
# a structured perceptron) on MAC-Dev and Text+Berg (../shared/data) and
# the bundled Tianjin gold, and print each corpus's strict F1 with the
# parameters learnt without it beside the built-in ones.
#   scripts/train-align.sh [--epochs N] [--rate R] [--no-model]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/gold-corpora.sh
cargo run --release -q -p clausediff-cli -- train-align "${gold_corpora[@]}" "$@"
