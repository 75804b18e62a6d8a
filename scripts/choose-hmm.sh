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
exec bash scripts/held-out.sh --hmm "${settings[@]}"
