#!/usr/bin/env python3
"""Measure the Python package (and the Spark example) on the pairs of
scripts/scale.py (docs/scale.md, "The Python package and Spark").

Run it with the interpreter the package is installed in (`pip install
./python`, a release build), after `python3 scripts/scale.py --only
generate` has written the pairs and manifests to /tmp/clausediff-scale:

    /tmp/venv/bin/python scripts/scale-python.py                 # every run
    /tmp/venv/bin/python scripts/scale-python.py --runs align-nomodel-t1,align-nomodel-t2
    /tmp/venv/bin/python scripts/scale-python.py --list

Each run is a fresh process (a cold model, its own peak memory): it reads
the texts of a manifest's jobs into memory (not timed), loads the model
(timed apart), then calls `clausediff.align` or `clausediff.check` on every
pair from T threads, and reports wall time, pairs/s, the CPU time of the
process (user + system) a pair, and the peak RSS. The Spark runs time
examples/spark_align.py in local mode end to end (JVM start, Parquet
written). Results are appended to DIR/results-python.jsonl and printed as
a Markdown table.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# name: (manifest, command, model, threads); threads 0 = a Spark run in local[2].
# Every thread run is made on 1 and on 2 threads.
THREADED = {
    "align-nomodel": ("align.jsonl", "align", False),
    "align-model": ("align-model.jsonl", "align", None),
    "align-model-disjoint": ("disjoint-align.jsonl", "align", None),
    "check-nomodel": ("check.jsonl", "check", False),
    "check-model-disjoint": ("disjoint-check.jsonl", "check", None),
}
RUNS = {f"{name}-t{n}": (*run, n) for name, run in THREADED.items() for n in (1, 2)}
RUNS.update(
    {
        "spark-align-nomodel": ("align.jsonl", "align", False, 0),
        "spark-align-model-disjoint": ("disjoint-align.jsonl", "align", None, 0),
    }
)


def read_jobs(manifest):
    """(texts, langs, presegmented) of every job of a manifest."""
    import clausediff

    base = manifest.parent
    jobs = []
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        j = json.loads(line)
        o = j.get("options") or {}
        texts = [clausediff.read_text(base / p) for p in [j["master"], *j["versions"]]]
        jobs.append((texts, o.get("langs"), bool(o.get("presegmented"))))
    return jobs


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def one(name, scratch):
    """Run `name` in this process; its figures."""
    import clausediff

    manifest, command, model, threads = RUNS[name]
    jobs = read_jobs(scratch / manifest)
    cpu0, t0 = cpu_seconds(), time.perf_counter()
    model_dir = clausediff.load_model(model)
    load_s = time.perf_counter() - t0

    def run(job):
        texts, langs, presegmented = job
        if command == "align":
            r = clausediff.align(texts[0], texts[1], *(langs or [None, None]), model=model, presegmented=presegmented)
            return len(r["beads"])
        return len(clausediff.check(texts[0], texts[1:], langs, model=model)["findings"])

    cpu1, t1 = cpu_seconds(), time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        counted = sum(pool.map(run, jobs))
    wall, cpu = time.perf_counter() - t1, cpu_seconds() - cpu1
    return {
        "run": name,
        "pairs": len(jobs),
        "threads": threads,
        "model": None if model_dir is None else str(model_dir),
        "wall_s": round(wall, 2),
        "pairs_per_s": round(len(jobs) / wall, 1),
        "cpu_used": round(cpu / wall, 2),
        "cpu_ms_per_pair": round(1000 * cpu / len(jobs), 1),
        "model_load_s": round(load_s, 2),
        "model_load_cpu_s": round(cpu1 - cpu0, 2),
        "counted": counted,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def spark(name, scratch):
    """Time examples/spark_align.py in local[2] mode on the run's manifest."""
    manifest, _, model, _ = RUNS[name]
    out = scratch / f"spark-{name}"
    subprocess.run(["rm", "-rf", str(out)], check=True)
    cmd = [
        sys.executable,
        str(ROOT / "examples" / "spark_align.py"),
        "--manifest",
        str(scratch / manifest),
        "--out",
        str(out),
        "--master",
        "local[2]",
        "--threads",
        "1",
    ]
    if model is False:
        cmd.append("--no-model")
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable)
    t0 = time.perf_counter()
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise SystemExit(f"{name}: exit {p.returncode}\n{p.stderr[-3000:]}")
    pairs = sum(1 for line in (scratch / manifest).read_text().splitlines() if line.strip())
    # Wall time only: the work is done in Python workers, children of the
    # JVM, whose CPU time and memory no rusage of this process sees.
    return {
        "run": name,
        "pairs": pairs,
        "threads": "local[2]",
        "model": model is not False,
        "wall_s": round(wall, 2),
        "pairs_per_s": round(pairs / wall, 1),
        "cpu_used": None,
        "cpu_ms_per_pair": "",
        "peak_rss_mb": "",
    }


def table(rows):
    head = (
        "| run | pairs | threads | wall s | pairs/s | CPU used | CPU ms / pair | peak RSS MB | model load s"
        " | load avg before → after |"
    )
    lines = [head, "|" + "---|" * 10]
    for r in rows:
        load = f"{r['load_before']} → {r['load_after']}"
        used = "" if r["cpu_used"] is None else f"{r['cpu_used']:.0%}"
        cells = [
            r["run"],
            r["pairs"],
            r["threads"],
            r["wall_s"],
            r["pairs_per_s"],
            used,
            r["cpu_ms_per_pair"],
            r["peak_rss_mb"],
            r.get("model_load_s", ""),
            load,
        ]
        lines.append("| " + " | ".join(map(str, cells)) + " |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--dir", default="/tmp/clausediff-scale", help="the pairs and manifests of scripts/scale.py")
    p.add_argument("--runs", default=",".join(RUNS), help="comma-separated runs (--list)")
    p.add_argument("--list", action="store_true", help="list the runs and stop")
    p.add_argument("--one", help=argparse.SUPPRESS)
    a = p.parse_args()
    scratch = Path(a.dir)
    if a.list:
        print(
            "\n".join(f"{k}: {v[0]}, {v[1]}, model={v[2]}, threads={v[3] or 'spark local[2]'}" for k, v in RUNS.items())
        )
        return
    if a.one:
        print(json.dumps(one(a.one, scratch)))
        return
    if not (scratch / "align.jsonl").is_file():
        raise SystemExit(f"{scratch}: no manifests; run `python3 scripts/scale.py --only generate` first")
    rows = []
    for name in [r for r in a.runs.split(",") if r]:
        if name not in RUNS:
            raise SystemExit(f"unknown run {name!r} (--list)")
        before = " ".join(f"{x:.2f}" for x in os.getloadavg())
        if RUNS[name][3] == 0:
            row = spark(name, scratch)
        else:
            out = subprocess.run(
                [sys.executable, __file__, "--dir", str(scratch), "--one", name],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            row = json.loads(out.strip().splitlines()[-1])
        row["load_before"], row["load_after"] = before, " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(json.dumps(row), file=sys.stderr)
        with open(scratch / "results-python.jsonl", "a", encoding="utf-8") as f:
            f.write(json.dumps(row) + "\n")
        rows.append(row)
    print(table(rows))


if __name__ == "__main__":
    main()
