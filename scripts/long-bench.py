#!/usr/bin/env python3
"""Long real documents: accuracy, time and memory of `clausediff align`
against the same texts aligned piece by piece.

A long document is made by concatenating different real parallel texts
of one language pair with gold alignments, in one order on both sides:
for zh→en the six MAC-Dev chapters and the bundled Tianjin sentences (the
simplified text, whose sentences are the traditional master's one for
one), for de→fr the seven Text+Berg documents; cycled until the source
side reaches the size asked (whole pieces: the last may pass it), so the
larger sizes hold each text more than once. Its gold is the pieces' gold,
offset. The document is aligned whole (`align --presegmented -f beads`)
and piece by piece (each piece aligned alone, its beads offset); both are
scored against the gold (`clausediff eval`, strict F1 as Vecalign defines
it).

    scripts/long-bench.py [--no-model] [--pair zh-en|de-fr] [--set KEY=VALUE ...] [SIZE ...]   # default zh-en, 1000 5000 20000

`--set` goes to every `clausediff align`, the pieces' and the whole's.

Needs ../shared/data (MAC-Dev, Text+Berg), GNU time, and a release build
(built first). Prints a Markdown table: sizes, strict F1 whole and by
pieces, wall time, CPU time and peak memory of the whole run, and the
alignment's notes.
"""
import os
import re
import subprocess
import sys
import tempfile

# Every text encoded at every run: the figures are those of a first run,
# not of embeddings kept by an earlier one (src/align/store.rs).
os.environ["CLAUSEDIFF_EMBEDDING_CACHE"] = "off"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "..", "shared", "data")
BIN = os.path.join(ROOT, "target", "release", "clausediff")


def pieces(pair):
    """(name, src lines, tgt lines, gold beads) of every text of `pair`, in order."""
    corpus, (s, t) = {"zh-en": ("mac-dev", ("zh", "en")), "de-fr": ("textberg", ("de", "fr"))}[pair]
    out = []
    gold_dir = os.path.join(DATA, corpus, "gold")
    for name in sorted(os.listdir(gold_dir)):
        stem = name.split(".")[0]
        src = read_lines(os.path.join(DATA, corpus, s, stem))
        tgt = read_lines(os.path.join(DATA, corpus, t, stem))
        out.append((f"{corpus}/{stem}", src, tgt, read_beads(os.path.join(gold_dir, name))))
    if pair == "zh-en":
        tj = os.path.join(ROOT, "alignments", "tianjin")
        out.append(
            (
                "tianjin",
                read_lines(os.path.join(tj, "zh-Hans.sent.txt")),
                read_lines(os.path.join(tj, "en.sent.txt")),
                read_beads(os.path.join(tj, "zh-Hant--en.sent.align")),
            )
        )
    return out


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n") for line in f]


def read_beads(path):
    beads = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]", line)
            if m:
                ids = lambda g: [int(x) for x in g.split(",") if x.strip()]
                beads.append((ids(m.group(1)), ids(m.group(2))))
    return beads


def write_beads(path, beads):
    with open(path, "w", encoding="utf-8") as f:
        for s, t in beads:
            f.write(f"[{','.join(map(str, s))}]:[{','.join(map(str, t))}]\n")


def offset(beads, ds, dt):
    return [([i + ds for i in s], [j + dt for j in t]) for s, t in beads]


def build(size, all_pieces):
    """The pieces of a document whose source side reaches `size` lines."""
    chosen, n, k = [], 0, 0
    while n < size:
        p = all_pieces[k % len(all_pieces)]
        chosen.append(p)
        n += len(p[1])
        k += 1
    return chosen


LANGS = {"zh-en": ("zh-Hans", "en"), "de-fr": ("de", "fr")}


def align(src, tgt, out, model_args, timed=None):
    cmd = [BIN, "align", "--presegmented", "-f", "beads", "-o", out]
    cmd += model_args + [src, tgt]
    if timed:
        cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", timed] + cmd
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"long-bench: {' '.join(cmd)} failed:\n{r.stderr}")
    return r.stderr


def strict_f1(gold, test):
    r = subprocess.run([BIN, "eval", "--gold", gold, "--test", test], capture_output=True, text=True)
    m = re.search(r"^strict:.*F1 ([0-9.]+)", r.stdout, re.M)
    if r.returncode != 0 or not m:
        sys.exit(f"long-bench: eval failed:\n{r.stdout}{r.stderr}")
    return float(m.group(1))


def main():
    args = sys.argv[1:]
    model_args, pair, sizes = [], "zh-en", []
    while args:
        a = args.pop(0)
        if a == "--no-model":
            model_args.append(a)
        elif a == "--pair" and args:
            pair = args.pop(0)
        elif a == "--set" and args:
            model_args += ["--set", args.pop(0)]
        elif a.isdigit() and int(a) > 0:
            sizes.append(int(a))
        else:
            sys.exit(f"long-bench: unknown argument {a} (usage: [--no-model] [--pair zh-en|de-fr] [--set KEY=VALUE ...] [SIZE ...])")
    if pair not in LANGS:
        sys.exit(f"long-bench: --pair is zh-en or de-fr, not {pair}")
    src_lang, tgt_lang = LANGS[pair]
    model_args += ["--src-lang", src_lang, "--tgt-lang", tgt_lang]
    sizes = sizes or [1000, 5000, 20000]
    if not os.path.isdir(DATA):
        sys.exit(f"long-bench: {DATA} is absent")
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "clausediff-cli"], cwd=ROOT, check=True)
    all_pieces = pieces(pair)
    print("| source × target sentences | strict F1 whole | strict F1 by pieces | wall | CPU | peak memory | notes |")
    print("|---|---|---|---|---|---|---|")
    for size in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            chosen = build(size, all_pieces)
            src, tgt, gold, by_pieces = [], [], [], []
            for k, (name, s, t, g) in enumerate(chosen):
                gold += offset(g, len(src), len(tgt))
                ps, pt, pb = (os.path.join(tmp, f"piece{k}.{x}") for x in ("src", "tgt", "beads"))
                for path, lines in ((ps, s), (pt, t)):
                    with open(path, "w", encoding="utf-8") as f:
                        f.write("\n".join(lines) + "\n")
                align(ps, pt, pb, model_args)
                by_pieces += offset(read_beads(pb), len(src), len(tgt))
                src += s
                tgt += t
            paths = {x: os.path.join(tmp, f"long.{x}") for x in ("src", "tgt", "gold", "beads", "pieces", "time")}
            for x, lines in (("src", src), ("tgt", tgt)):
                with open(paths[x], "w", encoding="utf-8") as f:
                    f.write("\n".join(lines) + "\n")
            write_beads(paths["gold"], gold)
            write_beads(paths["pieces"], by_pieces)
            notes = align(paths["src"], paths["tgt"], paths["beads"], model_args, timed=paths["time"])
            wall, user, system, rss = open(paths["time"]).read().split()[-4:]
            whole = strict_f1(paths["gold"], paths["beads"])
            parts = strict_f1(paths["gold"], paths["pieces"])
            said = "; ".join(l.strip() for l in notes.splitlines() if l.strip()) or "none"
            print(
                f"| {len(src)} × {len(tgt)} | {whole:.3f} | {parts:.3f} | {float(wall):.1f} s "
                f"| {float(user) + float(system):.1f} s | {int(rss) / 1024:.0f} MB | {said} |"
            )


if __name__ == "__main__":
    main()
