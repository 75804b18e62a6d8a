"""examples/spark_align.py in Spark local mode against `clausediff batch`.

A few hundred small pairs cut from the bundled texts (the paragraphs of the
Tianjin declaration: zh-Hant with en and ru, aligned one to one from the
fifth zh-Hant paragraph on), as align, check and diff jobs of one manifest;
the Spark job's Parquet tables must hold what the command line writes.
"""

import importlib.util
import json
import os
import subprocess
import sys

import pytest

import clausediff
from conftest import ROOT, java_and_pyspark, missing, paragraphs

WINDOW = 6  # paragraphs a check or diff job


@pytest.fixture(scope="module")
def spark():
    why = java_and_pyspark()
    if why:
        missing(f"Spark test not run: {why}")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers use this interpreter and its packages
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("clausediff-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    yield session
    session.stop()


@pytest.fixture(scope="module")
def job_module():
    spec = importlib.util.spec_from_file_location("spark_align", ROOT / "examples" / "spark_align.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["spark_align"] = module
    spec.loader.exec_module(module)
    return module


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text + "\n", encoding="utf-8")


def corpus(d):
    """The pair files and the manifest under `d`: one align job a paragraph
    pair (zh-Hant with en, and with ru), check and diff jobs on windows of
    paragraphs, and a job whose file is missing."""
    zh, en, ru, hans = (paragraphs(lang) for lang in ("zh-Hant", "en", "ru", "zh-Hans"))
    zh = zh[4:]  # the news report before the declaration has no translation
    hans = hans[len(hans) - len(zh) :]
    jobs = []
    for i, src in enumerate(zh):
        write(d / f"p{i:03}" / "zh-Hant.txt", src)
        for lang, tgt in (("en", en), ("ru", ru)):
            write(d / f"p{i:03}" / f"{lang}.txt", tgt[i])
            opts = {"langs": ["zh-Hant", lang]}
            jobs.append(
                {
                    "id": f"p{i:03}-{lang}",
                    "command": "align",
                    "master": f"p{i:03}/zh-Hant.txt",
                    "versions": [f"p{i:03}/{lang}.txt"],
                    "options": opts,
                }
            )
    for w in range(0, len(zh) - WINDOW, WINDOW * 2):
        files = {lang: f"w{w:03}/{lang}.txt" for lang in ("zh-Hant", "en", "ru", "zh-Hans")}
        for lang, texts in (("zh-Hant", zh), ("en", en), ("ru", ru), ("zh-Hans", hans)):
            write(d / files[lang], "\n\n".join(texts[w : w + WINDOW]))
        jobs.append(
            {
                "id": f"w{w:03}-check",
                "command": "check",
                "master": files["zh-Hant"],
                "versions": [files["en"], files["ru"]],
                "options": {"langs": ["zh-Hant", "en", "ru"]},
            }
        )
        jobs.append(
            {
                "id": f"w{w:03}-diff",
                "command": "diff",
                "master": files["zh-Hant"],
                "versions": [files["zh-Hans"]],
                "options": {"src_lang": "zh-Hant", "tgt_lang": "zh-Hans"},
            }
        )
    jobs.append({"id": "absent", "command": "align", "master": "p000/zh-Hant.txt", "versions": ["nowhere/en.txt"]})
    manifest = d / "jobs.jsonl"
    manifest.write_text("".join(json.dumps(j, ensure_ascii=False) + "\n" for j in jobs), encoding="utf-8")
    return manifest, jobs


def cli_beads(out):
    return [
        {
            "src": b["src"],
            "tgt": b["tgt"],
            "type": b["type"],
            "score": b["score"],
            "posterior": b["posterior"],
            "src_spans": b["src_spans"],
            "tgt_spans": b["tgt_spans"],
            "src_text": b["src_text"],
            "tgt_text": b["tgt_text"],
        }
        for b in out["beads"]
    ]


def cli_findings(out):
    rows = []
    for f in out["findings"]:
        row = {k: f[k] for k in ("kind", "version", "severity", "message")}
        row["confidence"] = f.get("confidence")
        for side in ("master", "other"):
            e = f[side] or {}
            row.update({f"{side}_start": e.get("start"), f"{side}_end": e.get("end"), f"{side}_text": e.get("text")})
        rows.append(row)
    return rows


def grouped(df, key, order):
    """Rows of a table as dicts, by job id, in `order`, without the id columns."""
    out = {}
    for r in sorted(df.collect(), key=lambda r: (r["id"], r[order])):
        d = r.asDict(recursive=True)
        for k in ("id", "command", order):
            d.pop(k, None)
        out.setdefault(r[key], []).append(d)
    return out


def test_spark_job_equals_the_command_line(spark, job_module, cli, tmp_path):
    manifest, jobs = corpus(tmp_path / "corpus")
    assert len(jobs) > 300
    cli_out = tmp_path / "cli"
    p = subprocess.run([cli, "batch", str(manifest), "-o", str(cli_out), "--jobs", "2"], capture_output=True, text=True)
    assert p.returncode == 1 and "absent" in p.stderr, p.stderr  # the one bad job
    out = tmp_path / "spark"
    status = job_module.main(["--manifest", str(manifest), "--out", str(out), "--threads", "1"], spark=spark)
    assert status == 1
    table = {r["id"]: r for r in spark.read.parquet(str(out / "jobs")).collect()}
    assert sorted(table) == sorted(j["id"] for j in jobs)
    assert table["absent"]["status"] == "failed" and "nowhere" in table["absent"]["error"]
    beads = grouped(spark.read.parquet(str(out / "beads")), "id", "bead")
    findings = grouped(spark.read.parquet(str(out / "findings")), "id", "finding")
    summary = [json.loads(line) for line in (cli_out / "summary.jsonl").read_text(encoding="utf-8").splitlines()]
    failed = {s["id"]: s["error"] for s in summary if s["status"] == "failed"}
    assert 1 < len(failed) < 20  # the missing file, and the section numbers (I, II …) declared Russian
    for job in jobs:
        row = table[job["id"]]
        if job["id"] in failed:
            assert row["status"] == "failed", job["id"]
            if job["id"] != "absent":
                assert row["error"] == f"ValueError: {failed[job['id']]}"
            continue
        assert row["status"] == "ok", row["error"]
        expected = json.loads((cli_out / f"{job['id']}.json").read_text(encoding="utf-8"))
        if job["command"] == "align":
            assert beads.get(job["id"]) == cli_beads(expected), job["id"]
            assert table[job["id"]]["beads"] == len(expected["beads"])
        else:
            assert findings.get(job["id"], []) == cli_findings(expected), job["id"]
    assert sum(r["beads"] for r in table.values()) > 300
    assert any(f["kind"] == "conversion-error" for rows in findings.values() for f in rows)


def test_spark_job_on_a_table_of_pairs_equals_the_package(spark, job_module, tmp_path):
    zh, en = paragraphs("zh-Hant")[4:24], paragraphs("en")[:20]
    rows = [(f"n{i}", a, b, "zh-Hant", "en") for i, (a, b) in enumerate(zip(zh, en))]
    table = str(tmp_path / "pairs.parquet")
    spark.createDataFrame(rows, ["id", "src", "tgt", "src_lang", "tgt_lang"]).write.parquet(table)
    out = tmp_path / "out"
    args = ["--pairs", table, "--out", str(out), "--commands", "align,check", "--threads", "2", "--partitions", "3"]
    assert job_module.main(args, spark=spark) == 0
    beads = grouped(spark.read.parquet(str(out / "beads")), "id", "bead")
    findings = grouped(spark.read.parquet(str(out / "findings")), "id", "finding")
    for id_, a, b, src_lang, tgt_lang in rows:
        assert beads[id_] == cli_beads(clausediff.align(a, b, src_lang, tgt_lang)), id_
        assert findings.get(id_, []) == cli_findings(clausediff.check(a, [b], [src_lang, tgt_lang])), id_
    assert len(spark.read.parquet(str(out / "jobs")).collect()) == 2 * len(rows)
