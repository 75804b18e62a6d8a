#!/usr/bin/env python3
"""Peak memory of clausediff on real texts of several sizes: the figures the
memory estimate is tuned on (docs/reliability.md, "Memory budget";
docs/parameters.md, the `budget` constants).

  memory.py inputs PAIR MB OUT_DIR
      OUT_DIR/src.txt and OUT_DIR/tgt.txt: the real texts of PAIR
      concatenated until the source holds MB megabytes (documents separated
      by a blank line). zh-en: texts/tianjin/zh-Hant.txt and en.txt, then
      ../shared/data/mac-dev/zh/* and en/*; de-fr: ../shared/data/textberg
      de/* and fr/*. Every line of the k-th copy (k >= 1) ends in " [k]", so
      that no unit repeats (the model would embed a repeated one once).
      With --lines, a blank line follows every line: every line is a
      paragraph on both sides. Without it the Chinese lines are paragraphs
      (as Chinese text is read) but the lines of the other languages join
      into one paragraph a document, the hardest case for the search.
  memory.py measure [--binary B] [--model] [--lines] [--command align|check|diff|diff-reversed] PAIR MB...
      For each MB: the inputs (under /tmp/clausediff-memory), then
      `/usr/bin/time -v B COMMAND ...` (align and check: -f json; diff:
      the target side against itself with every 7th line left out;
      diff-reversed: against itself with its lines in reverse order), and
      one Markdown row: input bytes, units, the cells of the largest search
      and the estimate (both as B prints them when refusing under a budget
      of one byte), peak RSS and wall time.

Without --model the runs pass --no-model; with it, the default model
(~/.cache/clausediff/usem3). Exits 0 with a SKIPPED line when
../shared/data is absent. Writes nothing into the repository.
"""

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path
import os

# Every text encoded at every run: the figures are those of a first run,
# not of embeddings kept by an earlier one (src/align/store.rs).
os.environ["CLAUSEDIFF_EMBEDDING_CACHE"] = "off"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
SCRATCH = Path("/tmp/clausediff-memory")


def documents(pair):
    """(source text, target text) of each real document of `pair`."""
    if pair == "zh-en":
        tj = ROOT / "texts" / "tianjin"
        docs = [((tj / "zh-Hant.txt").read_text(), (tj / "en.txt").read_text())]
        mac = SHARED / "mac-dev"
        docs += [(f.read_text(), (mac / "en" / f.name).read_text()) for f in sorted((mac / "zh").iterdir())]
        return docs
    if pair == "de-fr":
        tb = SHARED / "textberg"
        return [(f.read_text(), (tb / "fr" / f.name).read_text()) for f in sorted((tb / "de").iterdir())]
    raise SystemExit(f"unknown pair {pair} (zh-en or de-fr)")


def marked(text, k, lines):
    """`text` with " [k]" after every non-empty line (nothing for k = 0),
    and with `lines` a blank line after each."""
    suffix = f" [{k}]" if k else ""
    rows = text.strip("\n").splitlines()
    if lines:
        return "\n\n".join(line + suffix for line in rows if line.strip())
    return "\n".join(line + suffix if line.strip() else line for line in rows)


def inputs(pair, mb, out, lines=False):
    out.mkdir(parents=True, exist_ok=True)
    docs = documents(pair)
    if not docs:
        sys.exit(f"memory.py: no documents for {pair}")
    src, tgt, size, k = [], [], 0, 0
    while size < mb * 1_000_000:
        for s, t in docs:
            src.append(marked(s, k, lines))
            tgt.append(marked(t, k, lines))
            size += len(src[-1].encode()) + 2
        k += 1
    (out / "src.txt").write_text("\n\n".join(src) + "\n")
    (out / "tgt.txt").write_text("\n\n".join(tgt) + "\n")
    return out / "src.txt", out / "tgt.txt"


def command_line(args, src, tgt, out):
    model = [] if args.model else ["--no-model"]
    if args.command == "align":
        return [args.binary, "align", str(src), str(tgt), "-f", "json", "-o", str(out)] + model
    if args.command == "check":
        return [args.binary, "check", str(src), str(tgt), "-f", "json", "-o", str(out)] + model
    lines = tgt.read_text().splitlines()
    if args.command == "diff-reversed":
        new = tgt.with_name("tgt-rev.txt")
        new.write_text("\n".join(reversed(lines)) + "\n")
    else:
        new = tgt.with_name("tgt-new.txt")
        new.write_text("\n".join(line for i, line in enumerate(lines) if i % 7 != 3) + "\n")
    return [args.binary, "diff", str(tgt), str(new), "-f", "json", "-o", str(out)]


def units(args, out):
    """Source + target units of the result (align only)."""
    if args.command != "align":
        return ""
    beads = json.loads(out.read_text())["beads"]
    return f"{sum(len(b['src']) for b in beads):,} + {sum(len(b['tgt']) for b in beads):,}"


def measure_one(args, mb):
    d = SCRATCH / f"{args.pair}-{mb}{'-lines' if args.lines else ''}"
    src, tgt = inputs(args.pair, mb, d, args.lines)
    out = d / f"out-{args.command}.json"
    cmd = command_line(args, src, tgt, out)
    refused = subprocess.run(cmd + ["--max-memory", "1"], capture_output=True, text=True)
    m = re.search(r"about ([0-9.]+ [KMGT]iB) of memory \(estimated from [^,]+, a search of ([0-9,]+) cells", refused.stderr)
    estimate, cells = (m.group(1), m.group(2)) if m else ("?", "?")
    run = subprocess.run(["/usr/bin/time", "-v"] + cmd + ["--max-memory", "1T"], capture_output=True, text=True)
    if run.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{run.stderr}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", run.stderr).group(1))
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", run.stderr).group(1)
    size = src.stat().st_size + tgt.stat().st_size
    shape = "lines" if args.lines else "documents"
    print(f"| {args.command} | {args.pair} {shape} | {'model' if args.model else 'no model'} | {size / 1e6:.1f} MB | "
          f"{units(args, out)} | {cells} | {rss / 1024:,.0f} MiB | {wall} | {estimate} |", flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="what", required=True)
    i = sub.add_parser("inputs")
    i.add_argument("pair")
    i.add_argument("mb", type=float)
    i.add_argument("out", type=Path)
    i.add_argument("--lines", action="store_true")
    m = sub.add_parser("measure")
    m.add_argument("--binary", default=str(ROOT / "target" / "release" / "clausediff"))
    m.add_argument("--model", action="store_true")
    m.add_argument("--lines", action="store_true")
    m.add_argument("--command", choices=["align", "check", "diff", "diff-reversed"], default="align")
    m.add_argument("pair")
    m.add_argument("mb", type=float, nargs="+")
    args = p.parse_args()
    if not SHARED.is_dir():
        print(f"SKIPPED: {SHARED} is absent", file=sys.stderr)
        return
    if args.what == "inputs":
        src, tgt = inputs(args.pair, args.mb, args.out, args.lines)
        print(src, tgt)
        return
    print("| command | texts | model | input (both sides) | units | search cells | peak RSS | wall | estimate |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    for mb in args.mb:
        measure_one(args, mb)


if __name__ == "__main__":
    main()
