#!/usr/bin/env python3
"""Align, check or diff a corpus of document pairs on Spark with clausediff.

Reads either a `clausediff batch` manifest (JSON Lines, one job a line,
docs/usage.md "Batches") or a table of pairs with the texts inline, runs
every job through the `clausediff` Python package inside `mapPartitions`
(the model loaded once per Python worker process, and shared by the
threads of a task), and writes three Parquet tables under OUT:

- ``OUT/jobs``: one row a job: ``id``, ``command``, ``status`` ("ok" or
  "failed"), ``error``, ``seconds``, ``src_lang``, ``tgt_lang``, ``model``
  (the model directory on the executor, or null), ``notes``, ``beads`` and
  ``findings`` (counts);
- ``OUT/beads``: one row a bead of every align job: ``id``, ``bead`` (its
  place), ``src`` and ``tgt`` (unit indices), ``type`` ("1-1" …),
  ``score``, ``posterior``, ``src_spans`` and ``tgt_spans`` (byte offsets,
  ``start``/``end``), ``src_text``, ``tgt_text`` — the beads of
  ``clausediff align -f json``;
- ``OUT/findings``: one row a finding of every check and diff job: ``id``,
  ``command``, ``finding`` (its place), ``kind``, ``version``, ``severity``,
  ``confidence``, ``message``, and the excerpts ``master_start``,
  ``master_end``, ``master_text``, ``other_start``, ``other_end``,
  ``other_text`` — the findings of ``clausediff check/diff -f json``.

Where a manifest run differs from ``clausediff batch`` (the files are read
with ``clausediff.read_text`` and passed as texts): byte offsets refer to
the decoded UTF-8 text, which equals the file only for UTF-8 files without
a byte order mark; a check job without ``langs`` has its languages
detected, not taken from the file names (``en.txt``); ``FILE.xlf#side``
paths are not read; ``set`` values must be numbers.

Usage (``spark-submit`` on a cluster, or plain ``python`` for local mode)::

    spark-submit examples/spark_align.py --manifest jobs.jsonl --out out/
    spark-submit examples/spark_align.py --pairs pairs.parquet --out out/ --commands align,check
    python examples/spark_align.py --manifest jobs.jsonl --out out/ --master 'local[2]'

Manifest jobs name files: relative paths are taken from the manifest's
directory, and every executor must be able to read them (a shared file
system). A pairs table (Parquet, JSON Lines or CSV with a header, by its
extension) carries the texts instead: columns ``id``, ``src``, ``tgt`` and
optionally ``src_lang``, ``tgt_lang``; each pair runs every command of
``--commands`` (align: src → tgt; check: master src, version tgt; diff:
old src, new tgt).

Every executor needs the package (``pip install ./python``) and, for the
semantic signal, the model (``scripts/fetch-model.sh``, or ``--model DIR``
on every node). Memory: a Python worker holding the model takes about
0.2-0.3 GB. With ``--conf spark.task.cpus=C`` and ``--threads C`` (the
default is ``spark.task.cpus``) a task aligns C jobs at once in threads
(the package releases the GIL): with C equal to ``spark.executor.cores``
each executor runs one Python worker and so holds one model.

A job that fails (a missing file, an undetectable language, a bad option)
is a row with status "failed" and its error; the others go on.
"""

import argparse
import json
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

COMMANDS = ("align", "check", "diff")
# Manifest options this job uses; `format` and `width` shape files the
# command line writes and are passed over here.
KNOWN_OPTIONS = {
    "level",
    "format",
    "width",
    "set",
    "src_lang",
    "old_lang",
    "tgt_lang",
    "new_lang",
    "langs",
    "encoding",
    "presegmented",
    "max_bead",
    "ignore",
    "show",
    "min_confidence",
    "glossary",
}


def read_manifest(path):
    """The jobs of a manifest as JSON strings (kept as text: a million-line
    manifest takes a few hundred MB of the driver's memory), paths made
    absolute; SystemExit naming every bad line."""
    base = Path(path).resolve().parent
    jobs, errors, seen = [], [], set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                job = json.loads(line)
                check_job(job, seen)
            except (ValueError, TypeError) as e:
                errors.append(f"{path}:{n}: {e}")
                continue
            job["master"] = str(base / job["master"])
            job["versions"] = [str(base / v) for v in job.get("versions", [])]
            options = dict(job.get("options") or {})
            if isinstance(options.get("glossary"), str):
                options["glossary"] = str(base / options["glossary"])
            job["options"] = options
            jobs.append(json.dumps(job, ensure_ascii=False))
    if errors:
        raise SystemExit("malformed manifest, nothing run:\n  " + "\n  ".join(errors))
    return jobs


def check_job(job, seen):
    """Refuse a line that is not a job, as `clausediff batch` does."""
    if not isinstance(job, dict):
        raise ValueError("not a JSON object")
    unknown = set(job) - {"id", "command", "master", "versions", "options"}
    if unknown:
        raise ValueError(f"unknown field(s) {sorted(unknown)}")
    if not isinstance(job.get("id"), str) or not job["id"].strip():
        raise ValueError("a job needs an id (a string)")
    if job.get("command") not in COMMANDS:
        raise ValueError(f"job {job['id']!r}: command must be one of {', '.join(COMMANDS)}")
    if not isinstance(job.get("master"), str):
        raise ValueError(f"job {job['id']!r}: master must be a path")
    versions = job.get("versions", [])
    if not isinstance(versions, list) or not all(isinstance(v, str) for v in versions):
        raise ValueError(f"job {job['id']!r}: versions must be a list of paths")
    wanted = len(versions) >= 1 if job["command"] == "check" else len(versions) == 1
    if not wanted:
        raise ValueError(
            f"job {job['id']!r}: {job['command']} takes "
            + ("at least one version" if job["command"] == "check" else "exactly one version")
        )
    if job["id"] in seen:
        raise ValueError(f"job id {job['id']!r} is used twice")
    seen.add(job["id"])


def languages(options, n):
    """One language tag (or None) a text, from `langs` or `src_lang`/`tgt_lang`."""
    langs = options.get("langs") or []
    src = options.get("src_lang", options.get("old_lang"))
    tgt = options.get("tgt_lang", options.get("new_lang"))
    if langs and (src or tgt):
        raise ValueError("options langs and src_lang/tgt_lang: give one or the other")
    if langs and len(langs) != n:
        raise ValueError(f"options langs: {len(langs)} tags for {n} files (one a file, the master first)")
    return list(langs) if langs else ([src, tgt] + [None] * n)[:n]


def run_job(clausediff, job, model):
    """Run one job with the package: its command's JSON output as a dict."""
    o = job.get("options") or {}
    unknown = set(o) - KNOWN_OPTIONS
    if unknown:
        raise ValueError(f"unknown option(s) {sorted(unknown)}")
    texts = job.get("texts")
    if texts is None:
        paths = [job["master"], *job["versions"]]
        texts = [clausediff.read_text(p, o.get("encoding")) for p in paths]
    langs = languages(o, len(texts))
    # The names the command line gives the files (or none, for texts inline).
    names = None if job.get("texts") is not None else [job["master"], *job["versions"]]
    common = {"level": o.get("level", "sentence"), "params": o.get("set"), "names": names}
    listing = {"ignore": o.get("ignore"), "show": o.get("show")}
    command = job["command"]
    if command != "align":
        for key in ("presegmented", "max_bead"):
            if key in o:
                raise ValueError(f"option {key} does not apply to {command}")
    if command == "align":
        return clausediff.align(
            texts[0],
            texts[1],
            langs[0],
            langs[1],
            model=model,
            presegmented=bool(o.get("presegmented", False)),
            max_bead=o.get("max_bead", 4),
            **common,
        )
    if command == "check":
        return clausediff.check(
            texts[0],
            texts[1:],
            langs,
            model=model,
            min_confidence=o.get("min_confidence"),
            glossary=o.get("glossary"),
            **listing,
            **common,
        )
    for key in ("min_confidence", "glossary"):
        if key in o:
            raise ValueError(f"option {key} does not apply to diff")
    return clausediff.diff(texts[0], texts[1], langs[0], langs[1], **listing, **common)


def bead_row(b):
    spans = lambda s: [{"start": x["start"], "end": x["end"]} for x in s]  # noqa: E731
    return {
        "src": b["src"],
        "tgt": b["tgt"],
        "type": b["type"],
        "score": float(b["score"]),
        "posterior": float(b["posterior"]),
        "src_spans": spans(b["src_spans"]),
        "tgt_spans": spans(b["tgt_spans"]),
        "src_text": b["src_text"],
        "tgt_text": b["tgt_text"],
    }


def finding_row(f):
    row = {k: f.get(k) for k in ("kind", "version", "severity", "message")}
    c = f.get("confidence")
    row["confidence"] = None if c is None else float(c)
    for side in ("master", "other"):
        e = f.get(side) or {}
        row[f"{side}_start"], row[f"{side}_end"], row[f"{side}_text"] = e.get("start"), e.get("end"), e.get("text")
    return row


def result_row(clausediff, job, model, model_dir):
    """One job's row: its status, counts, beads and findings."""
    start = time.monotonic()
    row = {
        "id": job["id"],
        "command": job["command"],
        "status": "ok",
        "error": None,
        "model": model_dir,
        "src_lang": None,
        "tgt_lang": None,
        "notes": [],
        "beads": [],
        "findings": [],
    }
    try:
        out = run_job(clausediff, job, model)
        row["notes"] = list(out.get("notes", []))
        if job["command"] == "align":
            row["src_lang"], row["tgt_lang"] = out["src"]["lang"], out["tgt"]["lang"]
            row["beads"] = [bead_row(b) for b in out["beads"]]
        else:
            row["src_lang"] = out["master"]["lang"]
            row["tgt_lang"] = ",".join(v["lang"] for v in out["versions"])
            row["findings"] = [finding_row(f) for f in out["findings"]]
    except Exception as e:  # noqa: BLE001 - a bad job fails alone, as in `clausediff batch`
        row["status"], row["error"] = "failed", f"{type(e).__name__}: {e}"
    row["seconds"] = round(time.monotonic() - start, 3)
    return row


def partition_runner(model, threads):
    """The function `mapPartitions` runs: the model loaded once per Python
    worker process (the package keeps it), the jobs in `threads` threads."""

    def run(jobs):
        import clausediff  # on the executor

        model_dir = clausediff.load_model(model)
        model_dir = None if model_dir is None else str(model_dir)
        jobs = [json.loads(j) for j in jobs]
        if threads <= 1:
            yield from (result_row(clausediff, j, model, model_dir) for j in jobs)
            return
        with ThreadPoolExecutor(threads) as pool:
            yield from pool.map(lambda j: result_row(clausediff, j, model, model_dir), jobs)

    return run


def schema():
    """The schema of the results: a job with its beads and findings."""
    from pyspark.sql import types as T

    span = T.ArrayType(T.StructType([T.StructField("start", T.LongType()), T.StructField("end", T.LongType())]))
    ints = T.ArrayType(T.IntegerType())
    bead = T.StructType(
        [
            T.StructField("src", ints),
            T.StructField("tgt", ints),
            T.StructField("type", T.StringType()),
            T.StructField("score", T.DoubleType()),
            T.StructField("posterior", T.DoubleType()),
            T.StructField("src_spans", span),
            T.StructField("tgt_spans", span),
            T.StructField("src_text", T.StringType()),
            T.StructField("tgt_text", T.StringType()),
        ]
    )
    text = [T.StructField(k, T.StringType()) for k in ("kind", "version", "severity", "message")]
    excerpt = [
        T.StructField(f"{side}_{k}", T.LongType() if k != "text" else T.StringType())
        for side in ("master", "other")
        for k in ("start", "end", "text")
    ]
    finding = T.StructType(text + [T.StructField("confidence", T.DoubleType())] + excerpt)
    return T.StructType(
        [
            T.StructField("id", T.StringType(), False),
            T.StructField("command", T.StringType(), False),
            T.StructField("status", T.StringType(), False),
            T.StructField("error", T.StringType()),
            T.StructField("seconds", T.DoubleType()),
            T.StructField("model", T.StringType()),
            T.StructField("src_lang", T.StringType()),
            T.StructField("tgt_lang", T.StringType()),
            T.StructField("notes", T.ArrayType(T.StringType())),
            T.StructField("beads", T.ArrayType(bead)),
            T.StructField("findings", T.ArrayType(finding)),
        ]
    )


def pairs_jobs(spark, path, commands):
    """Jobs (as JSON strings, an RDD) from a table of pairs with the texts inline."""
    fmt = "csv" if path.endswith(".csv") else "json" if path.endswith((".json", ".jsonl")) else "parquet"
    reader = spark.read.option("header", "true") if fmt == "csv" else spark.read
    df = reader.format(fmt).load(path)
    missing = {"id", "src", "tgt"} - set(df.columns)
    if missing:
        raise SystemExit(f"{path}: the table needs columns id, src and tgt (missing: {', '.join(sorted(missing))})")
    has = set(df.columns)

    def jobs(row):
        langs = [row["src_lang"] if "src_lang" in has else None, row["tgt_lang"] if "tgt_lang" in has else None]
        for command in commands:
            options = {"langs": langs} if any(langs) else {}
            texts = [row["src"], row["tgt"]]
            yield json.dumps({"id": str(row["id"]), "command": command, "texts": texts, "options": options})

    return df.rdd.flatMap(jobs)


def results(spark, args):
    """The results DataFrame (one row a job, beads and findings nested), persisted."""
    from pyspark import StorageLevel, cloudpickle

    if __name__ != "__main__":
        # Imported (not run as a script): the executors cannot import this
        # module, so its functions travel by value.
        cloudpickle.register_pickle_by_value(sys.modules[__name__])
    model = False if args.no_model else args.model
    threads = args.threads or int(spark.conf.get("spark.task.cpus", "1"))
    if args.manifest:
        jobs = read_manifest(args.manifest)
        parts = args.partitions or max(1, min(len(jobs), spark.sparkContext.defaultParallelism * 4))
        rdd = spark.sparkContext.parallelize(jobs, parts)
    else:
        rdd = pairs_jobs(spark, args.pairs, args.commands)
        if args.partitions:
            rdd = rdd.repartition(args.partitions)
    rows = rdd.mapPartitions(partition_runner(model, threads))
    df = spark.createDataFrame(rows, schema())
    return df.persist(StorageLevel.MEMORY_AND_DISK)


def write(df, out, mode):
    """Write the jobs, beads and findings tables under `out`."""
    from pyspark.sql import functions as F

    counts = df.select(
        "id",
        "command",
        "status",
        "error",
        "seconds",
        "model",
        "src_lang",
        "tgt_lang",
        "notes",
        F.size("beads").alias("beads"),
        F.size("findings").alias("findings"),
    )
    counts.write.mode(mode).parquet(os.path.join(out, "jobs"))
    beads = df.select("id", F.posexplode("beads").alias("bead", "b")).select("id", "bead", "b.*")
    beads.write.mode(mode).parquet(os.path.join(out, "beads"))
    findings = df.select("id", "command", F.posexplode("findings").alias("finding", "f"))
    findings.select("id", "command", "finding", "f.*").write.mode(mode).parquet(os.path.join(out, "findings"))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--manifest", help="a clausediff batch manifest (JSON Lines)")
    src.add_argument(
        "--pairs", help="a table of pairs: Parquet, JSON Lines or CSV with id, src, tgt[, src_lang, tgt_lang]"
    )
    p.add_argument("--out", required=True, help="output directory (jobs/, beads/, findings/ as Parquet)")
    p.add_argument("--commands", default="align", help="for --pairs: the commands run on each pair (align,check,diff)")
    p.add_argument(
        "--model", help="the model directory on every executor (default: ~/.cache/clausediff/usem3 when there)"
    )
    p.add_argument("--no-model", action="store_true", help="align without the sentence-encoder model")
    p.add_argument("--threads", type=int, help="jobs at once in a task (default: spark.task.cpus)")
    p.add_argument("--partitions", type=int, help="partitions of the jobs (default: 4 a core, for a manifest)")
    p.add_argument("--master", help="Spark master when not given by spark-submit, e.g. local[2]")
    p.add_argument("--mode", default="errorifexists", help="Parquet save mode (overwrite, errorifexists …)")
    args = p.parse_args(argv)
    args.commands = [c.strip() for c in args.commands.split(",") if c.strip()]
    bad = [c for c in args.commands if c not in COMMANDS]
    if bad or not args.commands:
        p.error(f"--commands: expected some of {', '.join(COMMANDS)}")
    if args.model and args.no_model:
        p.error("--model and --no-model: give one or the other")
    return args


def main(argv=None, spark=None):
    """Run the job; with `spark`, in that session (the tests), else in a new one."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    own = spark is None
    if own:
        from pyspark.sql import SparkSession

        if (args.master or "").startswith("local"):
            # The Python workers of local mode: this interpreter (and its packages).
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = SparkSession.builder.appName("clausediff")
        spark = (builder.master(args.master) if args.master else builder).getOrCreate()
    try:
        df = results(spark, args)
        write(df, args.out, args.mode)
        summary = {r["status"]: r["count"] for r in df.groupBy("status").count().collect()}
        df.unpersist()
    finally:
        if own:
            spark.stop()
    print(
        f"clausediff: {summary.get('ok', 0)} jobs ok, {summary.get('failed', 0)} failed; tables in {args.out}",
        file=sys.stderr,
    )
    return 1 if summary.get("failed") else 0


if __name__ == "__main__":
    sys.exit(main())
