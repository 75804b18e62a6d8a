#!/usr/bin/env python3
"""Inputs for the many-units and memory measurements (docs/reliability.md).

  many-units.py units N OUT_DIR   N one-line units a side: the sentences of
                                  texts/tianjin/zh-Hant.txt and en.txt, one a
                                  line, repeated in order to N lines
                                  (OUT_DIR/zh-Hant.txt, OUT_DIR/en.txt)
  many-units.py big K OUT_DIR     zh-Hant.txt + ../shared/data/mac-dev/zh/*
                                  (and the matching en files) concatenated K
                                  times (OUT_DIR/zh.txt, OUT_DIR/en.txt)

Write OUT_DIR under /tmp, never in the repository.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
TIANJIN = ROOT / "texts" / "tianjin"
MAC = ROOT.parent / "shared" / "data" / "mac-dev"


def sentences(text, pattern):
    out = []
    for line in text.splitlines():
        for s in re.split(pattern, line):
            s = s.strip()
            if s:
                out.append(s)
    return out


def units(n, out):
    zh = sentences((TIANJIN / "zh-Hant.txt").read_text(), r"(?<=[。！？；])")
    en = sentences((TIANJIN / "en.txt").read_text(), r"(?<=[.!?;])\s+")
    for name, sents in (("zh-Hant.txt", zh), ("en.txt", en)):
        lines = [sents[i % len(sents)] for i in range(n)]
        (out / name).write_text("\n".join(lines) + "\n")


def big(k, out):
    zh = [(TIANJIN / "zh-Hant.txt").read_text()]
    en = [(TIANJIN / "en.txt").read_text()]
    for f in sorted((MAC / "zh").iterdir()):
        zh.append(f.read_text())
        en.append((MAC / "en" / f.name).read_text())
    (out / "zh.txt").write_text("\n\n".join(zh * k))
    (out / "en.txt").write_text("\n\n".join(en * k))


def main():
    what, n, out = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3])
    out.mkdir(parents=True, exist_ok=True)
    {"units": units, "big": big}[what](n, out)


if __name__ == "__main__":
    main()
