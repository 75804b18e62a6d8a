//! `concord`: every format it accepts, each occurrence once, labelled JSON.

mod support;

use predicates::prelude::*;
use std::path::Path;
use support::cmd;

fn json(args: &[&str]) -> serde_json::Value {
    let out = cmd().args(args).args(["-f", "json"]).assert().code(0).get_output().stdout.clone();
    serde_json::from_slice(&out).expect("json")
}

#[test]
fn each_occurrence_is_listed_once_with_labelled_versions() {
    // 上海精神 is written alike in both Chinese scripts: each occurrence is
    // one line, found in the master, not a second one from zh-Hans.
    let c = json(&["concord", "上海精神", "texts/tianjin"]);
    assert_eq!(c["schema"], 1);
    let lines = c["lines"].as_array().expect("lines");
    let master_hits =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../texts/tianjin/zh-Hant.txt"))
            .expect("text")
            .matches("上海精神")
            .count();
    assert_eq!(lines.len(), master_hits, "{lines:#?}");
    assert!(lines.iter().all(|l| l["found_in"] == "zh-Hant"));
    let versions: Vec<&str> =
        lines[0]["aligned"].as_array().expect("aligned").iter().filter_map(|a| a["version"].as_str()).collect();
    assert_eq!(versions, ["zh-Hant", "en", "ru", "zh-Hans"]);
    let docs: Vec<&str> = c["documents"].as_array().expect("docs").iter().filter_map(|d| d["lang"].as_str()).collect();
    assert_eq!(docs, versions);
    // A term only the English has is found there, with the master beside it.
    let c = json(&["concord", "Shanghai Spirit", "texts/tianjin"]);
    let lines = c["lines"].as_array().expect("lines");
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l["found_in"] == "en"));
    assert!(lines.iter().all(|l| l["aligned"][0]["text"].as_str().is_some_and(|t| t.contains("上海精神"))));
}

#[test]
fn every_accepted_format_is_honoured_and_others_are_refused() {
    let dir = tempfile::tempdir().expect("dir");
    let html = dir.path().join("c.html");
    cmd().args(["concord", "上海精神", "texts/tianjin", "-f", "html", "-o"]).arg(&html).assert().code(0);
    let page = std::fs::read_to_string(&html).expect("written");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("<mark>上海精神</mark>"), "{}", &page[..200]);
    let tsv =
        cmd().args(["concord", "上海精神", "texts/tianjin", "-f", "tsv"]).assert().code(0).get_output().stdout.clone();
    let tsv = String::from_utf8(tsv).expect("utf-8");
    let rows: Vec<&str> = tsv.lines().collect();
    assert_eq!(rows[0], "found_in\tleft\tterm\tright\tzh-Hant\ten\tru\tzh-Hans");
    assert!(rows[1..].iter().all(|r| r.split('\t').count() == 8), "{tsv}");
    for bad in [&["-f", "tmx"][..], &["--ignore", "script"], &["--show", "all"]] {
        cmd().args(["concord", "上海精神", "texts/tianjin"]).args(bad).assert().code(2);
    }
    // No occurrence: exit 1, and the table says so.
    cmd()
        .args(["concord", "不存在的詞語", "texts/tianjin"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("0 occurrence(s)"));
}
