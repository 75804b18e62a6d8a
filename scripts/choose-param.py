#!/usr/bin/env python3
"""Choose one alignment parameter on a grid, held out by document.

Runs `clausediff eval --json` on MAC-Dev and Text+Berg (../shared/data, or
$CLAUSEDIFF_DATA) with `--set KEY=V` for every value V of the grid, reads
each document's strict counts, and scores every document with the value
that gives the best strict F1 on all the other documents of both corpora
(leave one document out). Prints, for each value, each corpus's strict F1
with that value everywhere; then each corpus's held-out F1 and the values
the folds chose; and the value best on all documents, which is what a
default chosen this way is. With `--only NAME` (first), one corpus alone:
a value chosen for its kind of language pair.

    python3 scripts/choose-param.py attach 0 0.5 1 2 3 4 5 6 7 8 9 10 12
    python3 scripts/choose-param.py --only textberg mea_threshold 0 0.2 0.3 0.45

Builds the release binary first; needs the sentence encoder (`scripts/fetch-model.sh`); extra `clausediff eval` flags go after
`--`.
"""
import json
import math
import os
import subprocess
import sys

CORPORA = [("mac-dev", "zh", "en"), ("textberg", "de", "fr")]


def counts(binary, data, corpus, extra):
    """Per document: strict precision hits, test beads, strict recall hits, gold beads."""
    name, s, t = corpus
    d = os.path.join(data, name)
    cmd = [binary, "eval", "--json", "--no-embedding-cache", "--src", f"{d}/{s}", "--tgt", f"{d}/{t}",
           "--gold", f"{d}/gold"]
    run = subprocess.run(cmd + extra, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"choose-param.py: clausediff eval of {name} failed (exit {run.returncode}):\n{run.stderr.strip()}")
    keys = ("strict_p_hits", "p_total", "strict_r_hits", "r_total")
    return {(name, f["file"]): tuple(f["counts"][k] for k in keys) for f in json.loads(run.stdout)["files"]}


def f1(rows):
    p_hit, test, r_hit, gold = (sum(r[k] for r in rows) for k in range(4))
    p, r = p_hit / max(test, 1), r_hit / max(gold, 1)
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    args = sys.argv[1:]
    corpora = CORPORA
    if args[:1] == ["--only"]:
        if len(args) < 2 or args[1] not in [n for n, _, _ in CORPORA]:
            sys.exit(f"choose-param.py: --only takes one of {', '.join(n for n, _, _ in CORPORA)}")
        corpora = [c for c in CORPORA if c[0] == args[1]]
        args = args[2:]
    extra = []
    if "--" in args:
        k = args.index("--")
        args, extra = args[:k], args[k + 1:]
    if len(args) < 3:
        sys.exit("usage: choose-param.py [--only CORPUS] KEY V1 V2 [...] [-- eval flags]")
    key = args[0]
    try:
        grid = [float(v) for v in args[1:]]
    except ValueError as e:
        sys.exit(f"choose-param.py: a value of the grid is not a number ({e})")
    if not all(math.isfinite(v) for v in grid):
        sys.exit("choose-param.py: every value of the grid must be a finite number")
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    data = os.environ.get("CLAUSEDIFF_DATA", os.path.join(root, "..", "shared", "data"))
    if not os.path.isdir(os.path.join(data, "mac-dev")) or not os.path.isdir(os.path.join(data, "textberg")):
        sys.exit(f"choose-param.py: needs {data}/mac-dev and {data}/textberg")
    # The figures are those of the code as it is: built first.
    built = subprocess.run(["cargo", "build", "--release", "-q", "-p", "clausediff-cli"], cwd=root)
    if built.returncode != 0:
        sys.exit("choose-param.py: the release build failed")
    binary = os.path.join(root, "target", "release", "clausediff")
    table = {}
    for v in grid:
        table[v] = {}
        for c in corpora:
            table[v].update(counts(binary, data, c, ["--set", f"{key}={v}"] + extra))
        by_corpus = "  ".join(
            f"{n} {f1([r for d, r in table[v].items() if d[0] == n]):.4f}" for n, _, _ in corpora)
        print(f"{key}={v:g}: {by_corpus}", flush=True)
    docs = sorted(table[grid[0]])
    held, chosen = {}, {}
    for d in docs:
        # Ties go to the smaller value, the nearer to leaving the term out.
        best = max(grid, key=lambda v: (round(f1([table[v][o] for o in docs if o != d]), 6), -v))
        held[d], chosen[d] = table[best][d], best
    for n, _, _ in corpora:
        mine = [d for d in docs if d[0] == n]
        picks = " ".join(f"{d[1]}:{chosen[d]:g}" for d in mine)
        print(f"held out by document, {n}: {f1([held[d] for d in mine]):.4f} (values chosen: {picks})")
    best = max(grid, key=lambda v: (round(f1([table[v][d] for d in docs]), 6), -v))
    print(f"best on all documents: {key}={best:g}")


if __name__ == "__main__":
    main()
