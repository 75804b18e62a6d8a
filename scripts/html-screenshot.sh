#!/usr/bin/env bash
# Screenshot of an HTML report with headless Chromium, 1280 px wide: the same
# invocation as the screenshot test in tests/html.rs, for people and CI.
# Usage: scripts/html-screenshot.sh HTML PNG [HEIGHT]   (HEIGHT defaults to 2000)
# Append #anchor to HTML (e.g. report.html#findings) to shoot from there.
# Needs chromium or chromium-browser (Debian: apt-get install chromium
# fonts-noto-cjk; without CJK fonts Chinese shows as boxes). Gives up after 60 s.
set -euo pipefail
if [[ $# -lt 2 || $# -gt 3 ]]; then
  echo "usage: $0 HTML PNG [HEIGHT]" >&2
  exit 2
fi
html=$1
png=$2
height=${3:-2000}
file=${html%%#*}
anchor=
[[ $html == *#* ]] && anchor="#${html#*#}"
[[ -f $file ]] || { echo "$0: no such file: $file" >&2; exit 2; }
chrome=
for c in chromium chromium-browser /usr/bin/chromium; do
  if command -v "$c" >/dev/null 2>&1; then chrome=$(command -v "$c"); break; fi
done
[[ -n $chrome ]] || { echo "$0: chromium not found (apt-get install chromium)" >&2; exit 3; }
abs() { (cd "$(dirname "$1")" && printf '%s/%s' "$(pwd -P)" "$(basename "$1")"); }
url="file://$(abs "$file")$anchor"
mkdir -p "$(dirname "$png")"
out=$(abs "$png")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
timeout -k 5 60 "$chrome" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --user-data-dir="$profile" --window-size="1280,$height" --screenshot="$out" "$url" \
  >"$profile/chromium.log" 2>&1 || { cat "$profile/chromium.log" >&2; echo "$0: chromium failed" >&2; exit 1; }
[[ -s $out ]] || { cat "$profile/chromium.log" >&2; echo "$0: no screenshot written" >&2; exit 1; }
echo "$out"
