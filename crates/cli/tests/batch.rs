//! `clausediff batch`: outputs and summary, resuming, shards, interrupted
//! runs and malformed manifests, over a copy of the bundled texts.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant, SystemTime};

use assert_cmd::Command;
use serde_json::Value;

/// The workspace's root, where the bundled texts are.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The command in `dir`, without the sentence-embedding model.
fn cmd(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("clausediff").expect("binary builds");
    c.env("XDG_CACHE_HOME", "/nonexistent-clausediff-cache").current_dir(dir);
    c
}

/// Four good jobs (the three commands, presegmented and raw texts, several
/// formats) and two bad ones: a missing file, an unknown level.
const MANIFEST: &str = r#"{"id": "align-en", "command": "align", "master": "sent/zh-Hant.sent.txt", "versions": ["sent/en.sent.txt"], "options": {"presegmented": true, "format": "beads"}}
{"id": "align-ru", "command": "align", "master": "sent/zh-Hant.sent.txt", "versions": ["sent/ru.sent.txt"], "options": {"presegmented": true, "langs": ["zh-Hant", "ru"], "set": {"skip": 3.5}}}
{"id": "check-en", "command": "check", "master": "texts/zh-Hant.txt", "versions": ["texts/en.txt"], "options": {"ignore": ["length"]}}

{"id": "diff-hans", "command": "diff", "master": "texts/zh-Hant.txt", "versions": ["texts/zh-Hans.txt"], "options": {"format": "table"}}
{"id": "missing", "command": "align", "master": "texts/missing.txt", "versions": ["texts/en.txt"]}
{"id": "bad-level", "command": "diff", "master": "texts/zh-Hant.txt", "versions": ["texts/zh-Hans.txt"], "options": {"level": "word"}}
"#;

const GOOD: [(&str, &str); 4] = [
    ("align-en", "align-en.align"),
    ("align-ru", "align-ru.json"),
    ("check-en", "check-en.json"),
    ("diff-hans", "diff-hans.txt"),
];

/// A directory with a copy of the texts and the manifest `m.jsonl`.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("dir");
    for (from, to, names) in [
        ("texts/tianjin", "texts", &["zh-Hant.txt", "zh-Hans.txt", "en.txt"][..]),
        ("alignments/tianjin", "sent", &["zh-Hant.sent.txt", "en.sent.txt", "ru.sent.txt"][..]),
    ] {
        std::fs::create_dir_all(dir.path().join(to)).expect("mkdir");
        for n in names {
            std::fs::copy(root().join(from).join(n), dir.path().join(to).join(n)).expect("copy");
        }
    }
    std::fs::write(dir.path().join("m.jsonl"), MANIFEST).expect("manifest");
    dir
}

/// Run the batch of `dir` into `dir/out` with `extra` arguments.
fn batch(dir: &Path, extra: &[&str]) -> Output {
    cmd(dir).args(["batch", "m.jsonl", "-o", "out", "--no-model", "--jobs", "2"]).args(extra).output().expect("runs")
}

/// The lines of a summary, by id.
fn summary(path: &Path) -> BTreeMap<String, Value> {
    let text = std::fs::read_to_string(path).expect("a summary");
    text.lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("a JSON line"))
        .map(|v| (v["id"].as_str().expect("an id").to_string(), v))
        .collect()
}

fn statuses(path: &Path) -> BTreeMap<String, String> {
    summary(path).into_iter().map(|(id, v)| (id, v["status"].as_str().unwrap_or_default().to_string())).collect()
}

/// Every file of `dir` but the summaries, with its contents.
fn outputs(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("out dir")
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
        .filter(|(n, _)| !n.starts_with("summary"))
        .map(|(n, p)| (n, std::fs::read(p).expect("readable")))
        .collect()
}

fn mtime(p: &Path) -> SystemTime {
    std::fs::metadata(p).and_then(|m| m.modified()).expect("an output")
}

fn expect_failed_run(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("2 of 6 jobs failed: missing, bad-level"), "{err}");
    err
}

#[test]
fn a_batch_writes_one_output_a_job_and_a_summary_line() {
    let dir = corpus();
    let d = dir.path();
    let err = expect_failed_run(&batch(d, &[]));
    assert!(err.contains("error: missing: texts/missing.txt: no such file"), "{err}");
    let lines = summary(&d.join("out/summary.jsonl"));
    assert_eq!(lines.len(), 6);
    for (id, file) in GOOD {
        assert_eq!(lines[id]["status"], "ok", "{id}");
        assert_eq!(lines[id]["output"], file);
        assert!(d.join("out").join(file).is_file() && d.join(format!("out/{id}.meta.json")).is_file());
    }
    assert_eq!(lines["missing"]["status"], "failed");
    assert!(lines["missing"]["error"].as_str().is_some_and(|e| e.contains("missing.txt")));
    assert!(lines["bad-level"]["error"].as_str().is_some_and(|e| e.contains("word")));
    assert!(!d.join("out/missing.json").exists() && !d.join("out/bad-level.json").exists());
    // Bead counts add up to the beads written; findings are counted by kind.
    let beads = std::fs::read_to_string(d.join("out/align-en.align")).expect("beads");
    let counted: u64 = lines["align-en"]["beads"].as_object().expect("beads").values().filter_map(Value::as_u64).sum();
    assert_eq!(counted, beads.lines().count() as u64);
    assert!(lines["diff-hans"]["findings"]["script"].as_u64().is_some_and(|n| n > 0), "{}", lines["diff-hans"]);
    assert!(lines["check-en"]["findings"].get("length").is_none(), "ignored kinds are not counted");
    // Each output is what the command itself writes.
    for (args, file) in [
        (
            &["align", "--presegmented", "-f", "beads", "sent/zh-Hant.sent.txt", "sent/en.sent.txt", "--no-model"][..],
            "align-en.align",
        ),
        (
            &["diff", "texts/zh-Hant.txt", "texts/zh-Hans.txt", "--color", "never", "--width", "120"][..],
            "diff-hans.txt",
        ),
    ] {
        let alone = cmd(d).args(args).output().expect("runs").stdout;
        assert_eq!(alone, std::fs::read(d.join("out").join(file)).expect("output"), "{file}");
    }
}

#[test]
fn a_rerun_skips_what_is_up_to_date_and_redoes_what_changed() {
    let dir = corpus();
    let d = dir.path();
    expect_failed_run(&batch(d, &[]));
    let before: Vec<SystemTime> = GOOD.iter().map(|(_, f)| mtime(&d.join("out").join(f))).collect();
    let contents = outputs(&d.join("out"));
    expect_failed_run(&batch(d, &[]));
    let s = statuses(&d.join("out/summary.jsonl"));
    for (id, _) in GOOD {
        assert_eq!(s[id], "skipped", "{id}");
    }
    assert_eq!((s["missing"].as_str(), s["bad-level"].as_str()), ("failed", "failed"));
    // Nothing was aligned again: no output was written.
    let after: Vec<SystemTime> = GOOD.iter().map(|(_, f)| mtime(&d.join("out").join(f))).collect();
    assert_eq!(before, after);
    assert_eq!(contents, outputs(&d.join("out")));
    // The skipped keep their counts.
    assert!(summary(&d.join("out/summary.jsonl"))["align-en"]["beads"]["1-1"].as_u64().is_some_and(|n| n > 100));
    // One input changes: only its job runs again.
    let ru = d.join("sent/ru.sent.txt");
    let mut text = std::fs::read_to_string(&ru).expect("ru");
    text.push_str("Последняя строка, добавленная позже.\n");
    std::fs::write(&ru, text).expect("write");
    expect_failed_run(&batch(d, &[]));
    let s = statuses(&d.join("out/summary.jsonl"));
    let ran: Vec<&str> = s.iter().filter(|(_, st)| *st == "ok").map(|(id, _)| id.as_str()).collect();
    assert_eq!(ran, ["align-ru"]);
    // So do changed options (and --force runs everything).
    let manifest = MANIFEST.replace(r#""format": "table""#, r#""format": "table", "width": 100"#);
    std::fs::write(d.join("m.jsonl"), manifest).expect("manifest");
    expect_failed_run(&batch(d, &[]));
    let s = statuses(&d.join("out/summary.jsonl"));
    let ran: Vec<&str> = s.iter().filter(|(_, st)| *st == "ok").map(|(id, _)| id.as_str()).collect();
    assert_eq!(ran, ["diff-hans"]);
    expect_failed_run(&batch(d, &["--force"]));
    assert!(statuses(&d.join("out/summary.jsonl")).values().all(|s| s != "skipped"));
}

#[test]
fn two_shards_make_what_one_run_makes() {
    let dir = corpus();
    let d = dir.path();
    let one = cmd(d).args(["batch", "m.jsonl", "-o", "one", "--no-model"]).output().expect("runs");
    assert_eq!(one.status.code(), Some(1));
    let mut ids = Vec::new();
    for shard in ["0/2", "1/2"] {
        let out =
            cmd(d).args(["batch", "m.jsonl", "-o", "two", "--no-model", "--shard", shard]).output().expect("runs");
        assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
        let name = format!("two/summary.{}-of-2.jsonl", &shard[..1]);
        let lines = summary(&d.join(name));
        assert!(!lines.is_empty(), "shard {shard} has no job");
        ids.extend(lines.into_keys());
    }
    ids.sort();
    let mut all: Vec<String> = summary(&d.join("one/summary.jsonl")).into_keys().collect();
    all.sort();
    assert_eq!(ids, all, "every job in exactly one shard");
    assert!(!d.join("two/summary.jsonl").exists());
    let (a, b) = (outputs(&d.join("one")), outputs(&d.join("two")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    assert!(a == b, "the shards' outputs differ from the single run's");
    assert_eq!(a.len(), 2 * GOOD.len());
}

#[test]
fn an_interrupted_run_is_completed_by_the_next() {
    let dir = corpus();
    let d = dir.path();
    // Kill a run (one job at a time) once its first job is done (its output
    // and then its sidecar written).
    let bin = assert_cmd::cargo::cargo_bin("clausediff");
    let mut child = std::process::Command::new(bin)
        .args(["batch", "m.jsonl", "-o", "out", "--no-model", "--jobs", "1"])
        .env("XDG_CACHE_HOME", "/nonexistent-clausediff-cache")
        .current_dir(d)
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    let deadline = Instant::now() + Duration::from_secs(120);
    let done = |id: &str| d.join("out").join(format!("{id}.meta.json")).exists();
    while !GOOD.iter().any(|(id, _)| done(id)) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    expect_failed_run(&batch(d, &[]));
    let s = statuses(&d.join("out/summary.jsonl"));
    assert!(GOOD.iter().all(|(id, f)| s[*id] != "failed" && d.join("out").join(f).is_file()), "{s:?}");
    assert!(GOOD.iter().any(|(id, _)| s[*id] == "skipped"), "what the killed run finished is kept: {s:?}");
    // Outputs or sidecars lost (a run killed between the two): those jobs run again.
    std::fs::remove_file(d.join("out/align-en.align")).expect("rm");
    std::fs::remove_file(d.join("out/check-en.meta.json")).expect("rm");
    expect_failed_run(&batch(d, &[]));
    let s = statuses(&d.join("out/summary.jsonl"));
    assert_eq!((s["align-en"].as_str(), s["check-en"].as_str()), ("ok", "ok"));
    assert_eq!((s["align-ru"].as_str(), s["diff-hans"].as_str()), ("skipped", "skipped"));
    assert!(d.join("out/align-en.align").is_file() && d.join("out/check-en.meta.json").is_file());
}

#[test]
fn a_malformed_manifest_runs_nothing() {
    let dir = corpus();
    let d = dir.path();
    let job = |id: &str| format!(r#"{{"id": {id}, "command": "diff", "master": "a.txt", "versions": ["b.txt"]}}"#);
    let cases = [
        (job(r#""..""#), "must not start with ."),
        (job(r#""a/b""#), "must not contain /"),
        (job(r#""""#), "must not be empty"),
        (job(r#""x.meta""#), ".meta"),
        (format!("{}\n{}", job(r#""a""#), job(r#""a""#)), "used twice"),
        (job("7"), "invalid type"),
        ("{not json".to_string(), "m.jsonl:2: key must be a string"),
        (r#"{"id": "a", "command": "translate", "master": "a.txt", "versions": ["b.txt"]}"#.to_string(), "translate"),
        (r#"{"id": "a", "command": "align", "master": "a.txt", "versions": []}"#.to_string(), "exactly one version"),
        (r#"{"id": "a", "command": "check", "master": "a.txt"}"#.to_string(), "at least one version"),
    ];
    for (manifest, why) in cases {
        std::fs::write(d.join("m.jsonl"), format!("{}\n{manifest}\n", job(r#""fine""#))).expect("manifest");
        let out = batch(d, &[]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{manifest}: {err}");
        assert!(err.contains(why) && err.contains("m.jsonl:"), "{manifest}: {err}");
        assert!(!d.join("out").exists(), "nothing is run");
    }
    std::fs::write(d.join("m.jsonl"), MANIFEST).expect("manifest");
    for shard in ["2/2", "1", "a/b"] {
        let out = batch(d, &["--shard", shard]);
        assert_eq!(out.status.code(), Some(2), "{shard}");
    }
    assert!(!d.join("out").exists());
}
