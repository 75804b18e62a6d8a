//! `clausediff train`: weights learnt from parallel texts with gold beads,
//! written as a weights file the program reads, with held-out figures.

#[path = "../../../tests/embed_support/mod.rs"]
mod embed_support;

use assert_cmd::Command;
use std::path::Path;

fn cmd() -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut c = Command::cargo_bin("clausediff").expect("binary builds");
    c.current_dir(root);
    c
}

const T: &str = "alignments/tianjin";

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn training_writes_weights_for_every_feature_with_held_out_figures() {
    let Some(model) = embed_support::model_dir_or_skip("train with the model") else { return };
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("weights.json");
    let examples = dir.path().join("examples.tsv");
    let corpus =
        |name: &str, tgt: &str| format!("{name}={T}/zh-Hant.sent.txt:{T}/{tgt}.sent.txt:{T}/zh-Hant--{tgt}.sent.align");
    let run = cmd()
        .args(["train", "--corpus", &corpus("en", "en"), "--corpus", &corpus("hans", "zh-Hans")])
        .args(["--model", &model.display().to_string(), "-o"])
        .arg(&out)
        .arg("--examples")
        .arg(&examples)
        .output()
        .expect("runs");
    let report = String::from_utf8_lossy(&run.stdout);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // Each corpus is scored with weights learnt from the other.
    for name in ["en:", "hans:"] {
        assert_eq!(report.matches(name).count(), 2, "{report}");
    }
    assert!(report.contains("held out: log-loss"), "{report}");
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).expect("weights")).expect("json");
    let features = json["features"].as_array().expect("features").len();
    for set in ["with_model", "without_model"] {
        let w = json[set].as_array().expect(set);
        assert_eq!(w.len(), features);
        assert!(w.iter().all(|x| x.as_f64().is_some_and(f64::is_finite)), "{set}: {w:?}");
        assert!(w.iter().any(|x| x.as_f64() != Some(0.0)), "{set} learnt nothing");
    }
    let table = std::fs::read_to_string(&examples).expect("examples");
    assert!(table.starts_with("model\tcorpus\tversion_side\tlabel\tbias\t"), "{}", &table[..80.min(table.len())]);
    let column = |k: usize, v: &str| table.lines().skip(1).filter(|l| l.split('\t').nth(k) == Some(v)).count();
    let positives = column(3, "1");
    assert!(positives > 10 && table.lines().count() > 10 * positives, "{positives} of {}", table.lines().count());
    // Candidates of both sides: text the version lacks and text the master lacks.
    assert!(column(2, "0") > 100 && column(2, "1") > 100, "{} {}", column(2, "0"), column(2, "1"));
}

#[test]
fn a_malformed_corpus_is_a_usage_error() {
    let out =
        cmd().args(["train", "--corpus", "no-equals-sign", "-o", "/tmp/never-written.json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("NAME=SRC:TGT:GOLD"));
    assert!(!Path::new("/tmp/never-written.json").exists());
}

/// Run `train` on one small corpus with `flag` (a whole `--name=value`
/// argument) and assert a usage error that says `says` and no weights file.
fn refused(flag: &str, says: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("weights.json");
    let corpus = format!("en={T}/zh-Hant.sent.txt:{T}/en.sent.txt:{T}/zh-Hant--en.sent.align");
    let run = cmd().args(["train", "--corpus", &corpus, flag, "-o"]).arg(&out).output().expect("runs");
    let err = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{flag}: {err}");
    assert!(err.contains(says), "{flag}: {err}");
    assert!(!out.exists(), "{flag}: a weights file was written");
}

#[test]
fn rounds_out_of_range_are_usage_errors_and_nothing_is_written() {
    for rounds in ["0", "101", "x"] {
        refused(&format!("--rounds={rounds}"), "--rounds");
    }
}

#[test]
fn word_order_settings_out_of_range_are_usage_errors_and_nothing_is_written() {
    for (hmm, says) in [("10,1", "three numbers"), ("10,x,0.4", "three numbers"), ("10,1,1", "between 0 and 1")] {
        refused(&format!("--hmm={hmm}"), says);
    }
}

#[test]
fn a_surprise_prior_out_of_range_is_a_usage_error_and_nothing_is_written() {
    for prior in ["-1", "NaN", "1e9"] {
        refused(&format!("--surprise-prior={prior}"), "surprise prior");
    }
}
