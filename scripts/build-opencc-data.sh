#!/usr/bin/env bash
# Regenerates data/opencc/ from the OpenCC dictionaries that the ferrous-opencc
# crate embeds (Apache-2.0): the one-to-many simplified → traditional
# character mappings and the traditional → simplified ones, and the
# traditional variant pairs (Taiwan, Hong Kong).
# Usage: scripts/build-opencc-data.sh   (after `cargo fetch`)
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(awk '/^name = "ferrous-opencc"/ {getline; gsub(/[^0-9.]/, ""); print}' Cargo.lock)
dicts=$(ls -d "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/ferrous-opencc-"$version"/assets/dictionaries | head -n 1)
[ -d "$dicts" ] || { echo "ferrous-opencc $version sources not found; run cargo fetch" >&2; exit 1; }
out=data/opencc
{
  echo "# Simplified characters with more than one traditional form (OpenCC STCharacters.txt, ferrous-opencc $version)."
  echo "# Format: simplified<TAB>traditional forms separated by spaces, OpenCC's default first."
  grep -v '^#' "$dicts/STCharacters.txt" | awk -F'\t' 'NF == 2 && split($2, a, " ") > 1' | LC_ALL=C sort
} > "$out/one-to-many.tsv"
{
  echo "# Pairs of traditional characters that are variants of each other (OpenCC TWVariants.txt and HKVariants.txt, ferrous-opencc $version)."
  echo "# Format: character<TAB>variant"
  cat "$dicts/TWVariants.txt" "$dicts/HKVariants.txt" | grep -v '^#' | awk -F'\t' 'NF == 2 {n = split($2, a, " "); for (i = 1; i <= n; i++) print $1 "\t" a[i]}' | LC_ALL=C sort -u
} > "$out/variants.tsv"
{
  echo "# Traditional characters with more than one simplified form (OpenCC TSCharacters.txt, ferrous-opencc $version)."
  echo "# Format: traditional<TAB>simplified forms separated by spaces, OpenCC's default first."
  grep -v '^#' "$dicts/TSCharacters.txt" | awk -F'\t' 'NF == 2 && split($2, a, " ") > 1' | LC_ALL=C sort
} > "$out/ts-one-to-many.tsv"
wc -l "$out"/*.tsv
