//! What editors use: `diff` quiet by default (script-only differences
//! counted, not listed), colour on request, `lint` of one text, and
//! `git-diff` as git's external diff driver in a real repository.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cmd() -> Command {
    let mut c = Command::cargo_bin("clausediff").expect("binary builds");
    c.current_dir(root()).env_remove("NO_COLOR").env("XDG_CACHE_HOME", "/nonexistent-clausediff-cache");
    c
}

const ZH: &str = "texts/tianjin/zh-Hant.txt";
const HANS: &str = "texts/tianjin/zh-Hans.txt";

#[test]
fn diff_lists_what_matters_and_counts_the_rest() {
    let out = cmd().args(["diff", ZH, HANS, "--width", "120"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let table = String::from_utf8(out.stdout).expect("utf-8");
    assert!(table.lines().count() <= 80, "{} lines:\n{table}", table.lines().count());
    assert!(table.contains("not listed: script 172"), "{table}");
    assert!(!table.contains('\x1b'), "no colour when the output is no terminal");
    let json = cmd().args(["diff", ZH, HANS, "-f", "json"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(v["hidden"]["script"], 172);
    let kinds: Vec<&str> = v["findings"].as_array().expect("f").iter().filter_map(|f| f["kind"].as_str()).collect();
    assert!(kinds.iter().all(|&k| k == "conversion-error"), "{kinds:?}");
    // A change cut inside a word shows the rest of the word around it.
    let first = &v["findings"][0]["master"];
    assert_eq!((first["text"].as_str(), first["after"].as_str()), (Some("沖"), Some("擊")));
    let all = cmd().args(["diff", ZH, HANS, "-f", "json", "--show", "all"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&all.stdout).expect("json");
    assert!(v.get("hidden").is_none());
    assert!(v["findings"].as_array().expect("f").iter().filter(|f| f["kind"] == "script").count() == 172);
    cmd()
        .args(["diff", ZH, HANS, "--show", "wording"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("always listed"));
    // Quiet differences only: nothing is listed, exit 0.
    cmd().args(["diff", ZH, ZH]).assert().code(0);
}

#[test]
fn colour_on_request_and_never_with_no_color() {
    let coloured = cmd().args(["diff", ZH, HANS, "--color", "always"]).output().expect("runs");
    let text = String::from_utf8(coloured.stdout).expect("utf-8");
    assert!(text.contains("\x1b[1;31m沖\x1b[0m") && text.contains("\x1b[1;32m冲\x1b[0m"), "{text}");
    // The kind in the colour of its severity (a conversion error is a warning).
    assert!(text.contains("\x1b[33mconversion-error\x1b[0m"), "{text}");
    let plain = cmd().args(["diff", ZH, HANS, "--color", "never"]).output().expect("runs");
    let text = String::from_utf8(plain.stdout).expect("utf-8");
    assert!(!text.contains('\x1b') && text.contains("[沖]擊"), "{text}");
    let auto = cmd().args(["diff", ZH, HANS]).env("NO_COLOR", "1").output().expect("runs");
    assert!(!String::from_utf8_lossy(&auto.stdout).contains('\x1b'));
    let context = cmd().args(["diff", ZH, HANS, "--color", "never", "--context", "1"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&context.stdout).contains("遭受嚴重[沖]擊。"));
}

#[test]
fn lint_reports_conversion_errors_and_mixed_script() {
    let out = cmd().args(["lint", ZH, "-f", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let errors = v["findings"].as_array().expect("f").iter().filter(|f| f["kind"] == "conversion-error").count();
    assert_eq!(errors, 15);
    cmd().args(["lint", HANS]).assert().code(0).stdout(predicate::str::contains("no findings"));
    let dir = tempfile::tempdir().expect("dir");
    let mixed = dir.path().join("mixed.txt");
    std::fs::write(&mixed, "成員國们支持這項倡議。\n").expect("write");
    cmd()
        .args(["lint", "--lang", "zh-Hant"])
        .arg(&mixed)
        .assert()
        .code(1)
        .stdout(predicate::str::contains("mixed-script").and(predicate::str::contains("们")));
    // Two files: a JSON array, one report each.
    let two = cmd().args(["lint", ZH, HANS, "-f", "json"]).output().expect("runs");
    let v: serde_json::Value = serde_json::from_slice(&two.stdout).expect("json");
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    cmd().args(["lint", "texts/tianjin/en.txt"]).assert().code(2).stderr(predicate::str::contains("Chinese"));
    cmd().args(["lint", ZH, HANS, "-f", "html"]).assert().code(2);
    let page = cmd().args(["lint", ZH, "-f", "html"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&page.stdout).contains("k-conversion-error"));
}

#[test]
fn git_uses_git_diff_as_its_external_diff() {
    if std::process::Command::new("git").arg("--version").output().is_err() {
        eprintln!("SKIPPED git_uses_git_diff_as_its_external_diff: git is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("git runs");
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).expect("utf-8")
    };
    git(&["init", "-q"]);
    let text = std::fs::read_to_string(root().join(HANS)).expect("text");
    std::fs::write(dir.path().join("decl.txt"), &text).expect("write");
    std::fs::write(dir.path().join("new.txt"), "").expect("write");
    git(&["add", "decl.txt"]);
    git(&["commit", "-qm", "first"]);
    std::fs::write(dir.path().join("decl.txt"), text.replacen("2025年", "2026年", 1)).expect("write");
    std::fs::write(dir.path().join(".gitattributes"), "*.txt diff=clausediff\n").expect("write");
    let bin = assert_cmd::cargo::cargo_bin("clausediff");
    let driver = format!("diff.clausediff.command={} git-diff --width 100", bin.display());
    let out = git(&["-c", &driver, "diff", "--no-color"]);
    assert!(out.contains("clausediff decl.txt") && out.contains("number"), "{out}");
    let out = git(&["-c", &driver, "diff", "--no-color", "--stat"]);
    assert!(out.contains("decl.txt"), "{out}");
    // Through GIT_EXTERNAL_DIFF, a new file too.
    git(&["add", "-N", "new.txt"]);
    let out = std::process::Command::new("git")
        .args(["diff", "--no-color"])
        .env("GIT_EXTERNAL_DIFF", format!("{} git-diff --width 100", bin.display()))
        .current_dir(dir.path())
        .output()
        .expect("git runs");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && text.contains("clausediff decl.txt") && text.contains("clausediff new.txt"),
        "{text}"
    );
    assert!(text.contains("new file"), "{text}");
    // A wrong call is an error.
    cmd().args(["git-diff", "a", "b"]).assert().code(2);
}
