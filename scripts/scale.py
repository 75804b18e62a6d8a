#!/usr/bin/env python3
"""Measure `clausediff batch` at scale on one machine (docs/scale.md).

Cuts real translation pairs (windows of 5-40 consecutive gold beads) from the
bundled Tianjin alignments (alignments/tianjin/*.sent.txt, *.sent.align) and
from ../shared/data (MAC-Dev zh/en, Text+Berg de/fr), writes them and the
manifests to a scratch directory outside the repository (default
/tmp/clausediff-scale), then times `clausediff batch` runs with
/usr/bin/time -v (wall time, CPU, peak RSS) and prints a Markdown table.

    cargo build --release -p clausediff-cli
    python3 scripts/scale.py                       # generate + all runs
    python3 scripts/scale.py --pairs 2000 --model-pairs 200 --check-pairs 200
    python3 scripts/scale.py --only generate       # pairs and manifests only
    python3 scripts/scale.py --runs align-nomodel-j1,resume-nomodel-j2

Skips (exit 0, with a message) when ../shared/data is absent. Never writes
into the repository: the scratch directory must lie outside it.
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

# Every text encoded at every run: the figures are those of a first run,
# not of embeddings kept by an earlier one (src/align/store.rs).
os.environ["CLAUSEDIFF_EMBEDDING_CACHE"] = "off"

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
BEAD = re.compile(r"^\[([0-9, ]*)\]:\[([0-9, ]*)\]$")


def ids(s):
    return [int(x) for x in s.replace(" ", "").split(",") if x]


def read_beads(path):
    beads = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        m = BEAD.match(line)
        if not m:
            raise SystemExit(f"{path}: not a bead: {line!r}")
        beads.append((ids(m.group(1)), ids(m.group(2))))
    return beads


def lines(path):
    return Path(path).read_text(encoding="utf-8").splitlines()


def corpora():
    """(name, src_lang, tgt_lang, src_lines, tgt_lines, beads) per document."""
    docs = []
    al = ROOT / "alignments" / "tianjin"
    src = lines(al / "zh-Hant.sent.txt")
    for tgt in ("en", "ru", "zh-Hans"):
        docs.append((f"tianjin-{tgt}", "zh-Hant", tgt, src, lines(al / f"{tgt}.sent.txt"),
                     read_beads(al / f"zh-Hant--{tgt}.sent.align")))
    mac = SHARED / "mac-dev"
    for g in sorted((mac / "gold").glob("*.align")):
        n = g.stem
        docs.append((f"mac{n}", "zh-Hans", "en", lines(mac / "zh" / n), lines(mac / "en" / n), read_beads(g)))
    tb = SHARED / "textberg"
    for g in sorted((tb / "gold").iterdir()):
        n = g.name
        docs.append((f"tb{n}", "de", "fr", lines(tb / "de" / n), lines(tb / "fr" / n), read_beads(g)))
    return docs


def generate(scratch, n_pairs, n_check, n_model, seed):
    docs = corpora()
    rng = random.Random(seed)
    pairs_dir = scratch / "pairs"
    if pairs_dir.exists():
        shutil.rmtree(pairs_dir)
    pairs_dir.mkdir(parents=True)
    jobs, sizes = [], []
    while len(jobs) < n_pairs:
        name, sl, tl, src, tgt, beads = rng.choice(docs)
        k = min(rng.randint(5, 40), len(beads))
        start = rng.randint(0, len(beads) - k)
        window = beads[start:start + k]
        s_ids = sorted({i for b in window for i in b[0]})
        t_ids = sorted({i for b in window for i in b[1]})
        if not s_ids or not t_ids:
            continue
        pid = f"p{len(jobs):05d}-{name}-{start}"
        d = pairs_dir / pid
        d.mkdir()
        s_text = "".join(src[i] + "\n" for i in s_ids)
        t_text = "".join(tgt[i] + "\n" for i in t_ids)
        # Files named by language tag so `check` can also tell them apart;
        # zh-Hant--zh-Hans pairs keep distinct names.
        (d / f"{sl}.txt").write_text(s_text, encoding="utf-8")
        (d / f"{tl}.txt").write_text(t_text, encoding="utf-8")
        sizes.append(len(s_text.encode()) + len(t_text.encode()))
        jobs.append((pid, sl, tl))

    # Disjoint pairs: every document cut into consecutive windows that share
    # no sentence, so the model's embedding cache (one per batch run, shared
    # by its jobs) never hits across jobs: the cold cost of the model.
    disjoint = []
    for name, sl, tl, src, tgt, beads in docs:
        start = 0
        while start < len(beads):
            k = rng.randint(5, 40)
            window = beads[start:start + k]
            s_ids = sorted({i for b in window for i in b[0]})
            t_ids = sorted({i for b in window for i in b[1]})
            if s_ids and t_ids:
                pid = f"d{len(disjoint):04d}-{name}-{start}"
                d = pairs_dir / pid
                d.mkdir()
                (d / f"{sl}.txt").write_text("".join(src[i] + "\n" for i in s_ids), encoding="utf-8")
                (d / f"{tl}.txt").write_text("".join(tgt[i] + "\n" for i in t_ids), encoding="utf-8")
                disjoint.append((pid, sl, tl))
            start += k

    def manifest(fname, rows, command):
        with open(scratch / fname, "w", encoding="utf-8") as f:
            for pid, sl, tl in rows:
                m, v = f"pairs/{pid}/{sl}.txt", [f"pairs/{pid}/{tl}.txt"]
                if command == "align":
                    opts = {"presegmented": True, "format": "beads", "langs": [sl, tl]}
                else:
                    opts = {"format": "json", "langs": [sl, tl]}
                f.write(json.dumps({"id": pid, "command": command, "master": m, "versions": v, "options": opts}) + "\n")

    manifest("align.jsonl", jobs, "align")
    manifest("align-model.jsonl", jobs[:n_model], "align")
    manifest("check.jsonl", jobs[:n_check], "check")
    manifest("disjoint-align.jsonl", disjoint, "align")
    manifest("disjoint-check.jsonl", disjoint, "check")
    sizes.sort()
    stats = {
        "pairs": len(jobs),
        "bytes_total": sum(sizes),
        "bytes_min": sizes[0],
        "bytes_median": sizes[len(sizes) // 2],
        "bytes_p90": sizes[int(len(sizes) * 0.9)],
        "bytes_max": sizes[-1],
        "by_corpus": {},
        "disjoint_pairs": len(disjoint),
    }
    for pid, _, _ in jobs:
        c = pid.split("-")[1]
        c = "tianjin" if c == "tianjin" else re.sub(r"\d+$", "", c)
        stats["by_corpus"][c] = stats["by_corpus"].get(c, 0) + 1
    (scratch / "pairs.json").write_text(json.dumps(stats, indent=1))
    print(f"# generated {json.dumps(stats)}", flush=True)
    return stats


def loadavg():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def clock(s):
    parts = [float(p) for p in s.split(":")]
    secs = 0.0
    for p in parts:
        secs = secs * 60 + p
    return secs


def run(scratch, binary, name, manifest, out, jobs, model, fresh, extra=()):
    """One timed batch run; returns a dict of figures."""
    out_dir = scratch / out
    if fresh and out_dir.exists():
        shutil.rmtree(out_dir)
    cmd = [str(binary), "batch", str(scratch / manifest), "-o", str(out_dir), "--jobs", str(jobs)]
    cmd += ["--no-model"] if model is None else ([] if model == "default" else ["--model", model])
    cmd += list(extra)
    before = loadavg()
    t0 = time.time()
    p = subprocess.run(["/usr/bin/time", "-v"] + cmd, capture_output=True, text=True)
    wall_py = time.time() - t0
    after = loadavg()
    err = p.stderr
    def field(label):
        m = re.search(re.escape(label) + r": (.+)", err)
        return m.group(1).strip() if m else None
    wall = clock(field("Elapsed (wall clock) time (h:mm:ss or m:ss)") or str(wall_py))
    user, sys_ = float(field("User time (seconds)") or 0), float(field("System time (seconds)") or 0)
    rss_mb = int(field("Maximum resident set size (kbytes)") or 0) / 1024
    status = {}
    for summary in out_dir.glob("summary*.jsonl"):
        for line in summary.read_text().splitlines():
            s = json.loads(line)["status"]
            status[s] = status.get(s, 0) + 1
    n = sum(status.values())
    r = {
        "run": name, "cmd": " ".join(cmd).replace(str(scratch) + "/", "$S/"), "exit": p.returncode,
        "jobs": n, "status": status, "wall_s": round(wall, 2), "user_s": user, "sys_s": sys_,
        "cpu_pct": field("Percent of CPU this job got"), "peak_rss_mb": round(rss_mb, 1),
        "pairs_per_s": round(n / wall, 1) if wall else None, "load_before": before, "load_after": after,
        "cpu_ms_per_pair": round((user + sys_) * 1000 / n, 2) if n else None,
        "voluntary_ctx_switches": int(field("Voluntary context switches") or 0),
    }
    if p.returncode != 0:
        tail = [l for l in err.splitlines() if l.startswith("error")][:5]
        r["errors"] = tail
    print(json.dumps(r, ensure_ascii=False), flush=True)
    with open(scratch / "results.jsonl", "a") as f:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return r


RUNS = {
    # name: (manifest, out dir, --jobs, model, fresh out dir)
    "align-nomodel-j1": ("align.jsonl", "out-align-nomodel-j1", 1, None, True),
    "align-nomodel-j2": ("align.jsonl", "out-align-nomodel-j2", 2, None, True),
    "resume-nomodel-j2": ("align.jsonl", "out-align-nomodel-j2", 2, None, False),
    "check-nomodel-j1": ("check.jsonl", "out-check-nomodel-j1", 1, None, True),
    "check-nomodel-j2": ("check.jsonl", "out-check-nomodel-j2", 2, None, True),
    "align-model-j1": ("align-model.jsonl", "out-align-model-j1", 1, "default", True),
    "align-model-j2": ("align-model.jsonl", "out-align-model-j2", 2, "default", True),
    "resume-model-j2": ("align-model.jsonl", "out-align-model-j2", 2, "default", False),
    "check-model-j1": ("check.jsonl", "out-check-model-j1", 1, "default", True),
    "check-model-j2": ("check.jsonl", "out-check-model-j2", 2, "default", True),
    # The disjoint pairs (no sentence shared between jobs), cold cache.
    "disjoint-align-nomodel-j1": ("disjoint-align.jsonl", "out-disjoint-align-nomodel-j1", 1, None, True),
    "disjoint-align-model-j1": ("disjoint-align.jsonl", "out-disjoint-align-model-j1", 1, "default", True),
    "disjoint-check-nomodel-j1": ("disjoint-check.jsonl", "out-disjoint-check-nomodel-j1", 1, None, True),
    "disjoint-check-model-j1": ("disjoint-check.jsonl", "out-disjoint-check-model-j1", 1, "default", True),
    "disjoint-align-model-j2": ("disjoint-align.jsonl", "out-disjoint-align-model-j2", 2, "default", True),
    "disjoint-check-model-j2": ("disjoint-check.jsonl", "out-disjoint-check-model-j2", 2, "default", True),
    # All the pairs with the model (about 7 minutes on a busy 2-core machine).
    "align-model-all-j2": ("align.jsonl", "out-align-model-all-j2", 2, "default", True),
    # The same as the first two, the outputs on tmpfs (no fsync cost: each
    # job's output and sidecar are written atomically, with an fsync each).
    "align-nomodel-j1-tmpfs": ("align.jsonl", "/dev/shm/clausediff-scale-out", 1, None, True),
    "align-nomodel-j2-tmpfs": ("align.jsonl", "/dev/shm/clausediff-scale-out", 2, None, True),
    # One shard of 1,000 of a million-line manifest (the pairs 100 times over
    # under other ids): what every shard pays to read the whole manifest.
    "shard-1m-manifest": ("million.jsonl", "out-shard-1m", 2, None, True),
    # The same manifest, a shard that selects about one job: reading it alone.
    "shard-1m-manifest-only": ("million.jsonl", "out-shard-1m-only", 2, None, True),
}
EXTRA = {"shard-1m-manifest": ["--shard", "0/1000"], "shard-1m-manifest-only": ["--shard", "0/1000000"]}


def million(scratch):
    """million.jsonl: align.jsonl 100 times, ids suffixed -c00 … -c99."""
    path = scratch / "million.jsonl"
    rows = (scratch / "align.jsonl").read_text(encoding="utf-8").splitlines()
    with open(path, "w", encoding="utf-8") as f:
        for c in range(100):
            for r in rows:
                j = json.loads(r)
                j["id"] += f"-c{c:02d}"
                f.write(json.dumps(j) + "\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dir", default="/tmp/clausediff-scale", help="scratch directory (outside the repo)")
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "clausediff"))
    ap.add_argument("--pairs", type=int, default=10000, help="pairs for the no-model align runs")
    ap.add_argument("--model-pairs", type=int, default=1000, help="pairs for the with-model align runs")
    ap.add_argument("--check-pairs", type=int, default=1000, help="pairs for the check runs")
    ap.add_argument("--model", default="default", help="model dir for the with-model runs (default: ~/.cache/clausediff/usem3)")
    ap.add_argument("--seed", type=int, default=20261202)
    ap.add_argument("--only", choices=["generate", "measure"], help="only make the pairs, or only run (reusing them)")
    ap.add_argument("--runs", default=",".join(RUNS), help="comma-separated runs: " + ", ".join(RUNS))
    a = ap.parse_args()

    if not SHARED.is_dir():
        print(f"skip: {SHARED} is absent (MAC-Dev and Text+Berg are needed); nothing measured")
        return 0
    scratch = Path(a.dir).resolve()
    if scratch == ROOT or ROOT in scratch.parents:
        raise SystemExit(f"error: the scratch directory {scratch} is inside the repository; use one outside it")
    scratch.mkdir(parents=True, exist_ok=True)
    if a.only != "measure":
        generate(scratch, a.pairs, a.check_pairs, a.model_pairs, a.seed)
    if a.only == "generate":
        return 0
    binary = Path(a.bin)
    if not binary.exists():
        raise SystemExit(f"error: {binary} not found: cargo build --release -p clausediff-cli")
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {os.cpu_count()} cores, load {loadavg()}", flush=True)
    rows = []
    for name in a.runs.split(","):
        manifest, out, jobs, model, fresh = RUNS[name]
        if model == "default" and a.model != "default":
            model = a.model
        if out.startswith("/dev/shm/") and not Path("/dev/shm").is_dir():
            print(f"# {name}: skipped, no /dev/shm")
            continue
        if manifest == "million.jsonl" and not (scratch / manifest).exists():
            million(scratch)
        rows.append(run(scratch, binary, name, manifest, out, jobs, model, fresh, EXTRA.get(name, ())))
    shutil.rmtree("/dev/shm/clausediff-scale-out", ignore_errors=True)
    print("\n| run | jobs | ok/skipped/failed | wall s | pairs/s | CPU | CPU ms/pair | peak RSS MB | load avg before → after |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        s = r["status"]
        print(f"| {r['run']} | {r['jobs']} | {s.get('ok', 0)}/{s.get('skipped', 0)}/{s.get('failed', 0)} | "
              f"{r['wall_s']} | {r['pairs_per_s']} | {r['cpu_pct']} | {r['cpu_ms_per_pair']} | {r['peak_rss_mb']} | "
              f"{r['load_before']} → {r['load_after']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
