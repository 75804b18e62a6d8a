#!/usr/bin/env bash
# Time a fresh `cargo build --release` and `cargo test` of one revision, as a
# new user would run the README's two commands: a fresh clone into a
# temporary directory with its own target directory (the crates already
# downloaded into ~/.cargo count as fetched).
#
#   scripts/build-times.sh [--no-model] [REV]
#
# REV defaults to HEAD. --no-model hides the sentence-encoder model (an
# empty XDG_CACHE_HOME), as on a machine where scripts/fetch-model.sh has
# not run. The clone lies outside this repository, so ../shared/data is
# absent and the corpus tests skip. Prints one line: the revision, the
# seconds of each step and their exit codes.
set -euo pipefail
REV=HEAD
MODEL=with-model
for arg in "$@"; do
  case "$arg" in
    --no-model) MODEL=no-model ;;
    -*) echo "build-times.sh: unknown option $arg" >&2; exit 2 ;;
    *) REV="$arg" ;;
  esac
done
REPO="$(cd "$(dirname "$0")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
git clone -q "$REPO" "$TMP/clone"
git -C "$TMP/clone" checkout -q "$REV"
if [ "$MODEL" = no-model ]; then
  mkdir -p "$TMP/cache"
  export XDG_CACHE_HOME="$TMP/cache"
fi
cd "$TMP/clone"
s=$(date +%s)
set +e
cargo build --release >"$TMP/build.log" 2>&1; b=$?
m=$(date +%s)
cargo test >"$TMP/test.log" 2>&1; t=$?
e=$(date +%s)
set -e
echo "$(git rev-parse --short HEAD) $MODEL: build $((m - s)) s (exit $b), test $((e - m)) s (exit $t), together $((e - s)) s"
