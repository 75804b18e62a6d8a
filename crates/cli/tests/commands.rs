//! Commands that lead somewhere: what one prints, the next accepts.

mod support;

use support::cmd;

#[test]
fn eval_reads_the_bundled_gold_layout() {
    // Texts and beads in one directory, beads named SRC--TGT.LEVEL.align.
    let out = cmd()
        .args(["eval", "--src", "alignments/tianjin", "--tgt", "alignments/tianjin", "--gold", "alignments/tianjin"])
        .args(["--no-model", "--json"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let r: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let files: Vec<&str> = r["files"].as_array().expect("files").iter().filter_map(|f| f["file"].as_str()).collect();
    assert_eq!(files.len(), 6, "three versions, two levels: {files:?}");
    assert!(files.contains(&"zh-Hant--en.sent"), "{files:?}");
    let f1 = r["scores"]["strict_f1"].as_f64().expect("f1");
    assert!(f1 > 0.8, "the bundled texts align well without the model: {f1}");
}

#[test]
fn calibrate_prints_settings_that_align_accepts() {
    let out = cmd()
        .args(["calibrate", "--src", "alignments/tianjin/zh-Hant.sent.txt"])
        .args(["--tgt", "alignments/tianjin/en.sent.txt", "--gold", "alignments/tianjin/zh-Hant--en.sent.align"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).expect("utf-8");
    let line = text.lines().find_map(|l| l.strip_prefix("to align with this model: ")).expect("a --set line");
    let args: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(args.len(), 4, "{line}");
    cmd()
        .args(["align", "texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt", "--no-model", "-f", "json"])
        .args(&args)
        .assert()
        .code(0);
}

#[test]
fn every_command_has_examples_in_its_help() {
    let commands = [
        "align",
        "eval",
        "calibrate",
        "train",
        "train-skips",
        "train-align",
        "detect",
        "diff",
        "check",
        "terms",
        "concord",
        "lint",
        "git-diff",
        "batch",
    ];
    for c in commands {
        let out = cmd().args([c, "--help"]).assert().code(0).get_output().stdout.clone();
        let help = String::from_utf8(out).expect("utf-8");
        assert!(help.contains("Examples:\n  ") && help.contains("clausediff "), "{c} --help has no examples:\n{help}");
    }
    // Every command of the top-level help is in the list above.
    let out = cmd().arg("--help").assert().code(0).get_output().stdout.clone();
    let help = String::from_utf8(out).expect("utf-8");
    let listed: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        // A command line is indented by two; a wrapped description by more.
        .filter(|l| l.starts_with("  ") && !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|c| commands.contains(c)), "{listed:?}");
}

#[test]
fn extracted_terms_pass_back_through_the_glossary() {
    let dir = tempfile::tempdir().expect("dir");
    let tbx = dir.path().join("candidates.tbx");
    cmd().args(["terms", "texts/tianjin", "--extract", "--no-model", "-o"]).arg(&tbx).assert().code(0);
    let out = cmd()
        .args(["terms", "texts/tianjin", "--no-model", "-f", "json", "--glossary"])
        .arg(&tbx)
        .assert()
        .get_output()
        .stdout
        .clone();
    let r: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let missing: Vec<&serde_json::Value> =
        r["findings"].as_array().expect("findings").iter().filter(|f| f["kind"] == "term-missing").collect();
    // One known miss: 吉爾吉斯 (Kyrgyz) is also matched inside 吉爾吉斯斯坦 (Kyrgyzstan).
    assert!(missing.len() <= 1, "{missing:#?}");
    // The listing is short: one or two lines a candidate, a short example each.
    let out =
        cmd().args(["terms", "texts/tianjin", "--extract", "--no-model"]).assert().code(0).get_output().stdout.clone();
    let text = String::from_utf8(out).expect("utf-8");
    let rows = text.lines().filter(|l| l.starts_with("│ ") && !l.starts_with("│    ")).count();
    assert!(rows >= 40, "{rows} candidates");
    assert!(text.lines().count() <= 4 * rows, "{} lines for {rows} candidates", text.lines().count());
}
