//! The command line: inputs that must fail cleanly, and the output formats.

#[path = "../../../tests/embed_support/mod.rs"]
mod embed_support;

mod support;

use predicates::prelude::*;
use std::path::Path;
use support::{at_root, cmd, temp_file};

const ZH: &str = "texts/tianjin/zh-Hant.txt";
const EN: &str = "texts/tianjin/en.txt";

#[test]
fn bad_inputs_exit_2_with_one_clear_line() {
    at_root();
    let empty = temp_file(b"");
    let blank = temp_file(b"  \n\n ");
    let binary = temp_file(b"\x7fELF\x02\x01\x01\0\0\0\0\0");
    let bad_utf8 = temp_file(b"abc \xff\xfe\xfd \x80");
    let dir = tempfile::tempdir().expect("dir");
    let cases: Vec<(String, &str)> = vec![
        (empty.path().display().to_string(), "empty"),
        (blank.path().display().to_string(), "whitespace"),
        (binary.path().display().to_string(), "binary"),
        (dir.path().display().to_string(), "directory"),
        ("no/such/file.txt".to_string(), "no such file"),
    ];
    for (path, cause) in cases {
        let out = cmd().args(["align", &path, EN]).output().expect("runs");
        assert_eq!(out.status.code(), Some(2), "{path}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("error: "), "{err}");
        assert!(err.contains(cause) && err.contains(&path), "{path}: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    cmd()
        .args(["align", ZH, EN, "--encoding", "big5"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not valid Big5").and(predicate::str::contains(ZH)));
    let out = cmd()
        .args(["align", &bad_utf8.path().display().to_string(), EN, "--encoding", "utf-8"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("offset 4"));
}

#[test]
fn unknown_options_and_languages_are_usage_errors() {
    at_root();
    cmd()
        .args(["align", ZH, EN, "--src-lang", "xx"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language"))
        // A mistyped tag is not a language the text failed to reveal: no hint to declare one.
        .stderr(predicate::str::contains("hint").not());
    cmd()
        .args(["check", "--master", "zh-Hnt", "texts/tianjin"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language tag").and(predicate::str::contains("hint").not()));
    cmd().args(["align", ZH, EN, "--set", "skip=abc"]).assert().code(2);
    cmd().args(["align", ZH]).assert().code(2);
    cmd().args(["align", "--help"]).assert().code(0).stdout(predicate::str::contains("Examples:"));
}

#[test]
fn ambiguous_script_must_be_declared() {
    at_root();
    let f = temp_file("中文人民\n".as_bytes());
    let p = f.path().display().to_string();
    cmd().args(["align", &p, EN]).assert().code(2).stderr(
        predicate::str::contains("ambiguous").and(predicate::str::contains("hint: declare it with --src-lang")),
    );
    cmd().args(["align", &p, EN, "--src-lang", "zh-Hant", "-f", "beads"]).assert().code(0);
}

#[test]
fn json_output_points_at_original_bytes() {
    at_root();
    let out = cmd().args(["align", ZH, EN, "--format", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    assert_eq!(v["schema"], 1);
    assert_eq!(v["src"]["lang"], "zh-Hant");
    assert_eq!(v["tgt"]["lang"], "en");
    let original = std::fs::read(ZH).expect("read");
    let beads = v["beads"].as_array().expect("beads");
    assert!(beads.len() > 150);
    for b in beads {
        for s in b["src_spans"].as_array().expect("spans") {
            let (a, e) = (s["start"].as_u64().expect("start") as usize, s["end"].as_u64().expect("end") as usize);
            let piece = std::str::from_utf8(&original[a..e]).expect("span on char boundaries");
            assert!(b["src_text"].as_str().expect("text").contains(piece));
        }
    }
}

#[test]
fn bom_and_crlf_input_keeps_file_offsets() {
    at_root();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("成員國重申上述立場。\r\n\r\n成員國支持2026年舉行峰會。\r\n".as_bytes());
    let f = temp_file(&bytes);
    let en = temp_file(b"The Member States reaffirm this position.\r\n\r\nThey support a summit in 2026.\r\n");
    let out = cmd()
        .args(["align", &f.path().display().to_string(), &en.path().display().to_string(), "-f", "json"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let first = &v["beads"][0]["src_spans"][0];
    assert_eq!(first["start"], 3);
    assert_eq!(v["beads"].as_array().map(Vec::len), Some(2));
}

#[test]
fn other_formats() {
    at_root();
    let beads = cmd().args(["align", ZH, EN, "-f", "beads", "--level", "paragraph"]).output().expect("runs");
    let text = String::from_utf8(beads.stdout).expect("utf-8");
    assert!(text.lines().next().is_some_and(|l| l == "[0]:[]"), "{text}");
    let tmx = cmd().args(["align", ZH, EN, "-f", "tmx"]).output().expect("runs");
    let tmx = String::from_utf8(tmx.stdout).expect("utf-8");
    assert!(tmx.contains("<tuv xml:lang=\"zh-Hant\">") && tmx.contains("<tuv xml:lang=\"en\">"));
    let table = cmd().args(["align", ZH, EN, "--width", "100"]).output().expect("runs");
    let table = String::from_utf8(table.stdout).expect("utf-8");
    for l in table.lines() {
        assert!(unicode_width_of(l) <= 100, "{} columns: {l}", unicode_width_of(l));
    }
    assert!(table.contains("signals: length"));
    let tsv = cmd().args(["align", ZH, EN, "-f", "tsv"]).output().expect("runs");
    assert!(String::from_utf8_lossy(&tsv.stdout).lines().skip(1).all(|l| l.split('\t').count() == 3));
}

fn unicode_width_of(s: &str) -> usize {
    s.chars()
        .map(|c| if ('\u{1100}'..='\u{FFDC}').contains(&c) && !('\u{2500}'..='\u{257F}').contains(&c) { 2 } else { 1 })
        .sum()
}

#[test]
fn directories_align_pairwise() {
    at_root();
    let (s, t, o) = (tempfile::tempdir().expect("d"), tempfile::tempdir().expect("d"), tempfile::tempdir().expect("d"));
    for name in ["001", "002"] {
        std::fs::copy("alignments/tianjin/zh-Hant.sent.txt", s.path().join(name)).expect("copy");
        std::fs::copy("alignments/tianjin/en.sent.txt", t.path().join(name)).expect("copy");
    }
    let align_dirs = |format: &str| {
        cmd()
            .args(["align", "--presegmented", "-f", format])
            .arg(s.path())
            .arg(t.path())
            .arg("-o")
            .arg(o.path())
            .assert()
    };
    // Beads have no place for the note that the model is absent: it goes to standard error, once.
    let out = align_dirs("beads").code(0).get_output().stderr.clone();
    assert_eq!(String::from_utf8_lossy(&out).matches("note: semantic signal not used").count(), 1);
    for name in ["001.align", "002.align"] {
        let text = std::fs::read_to_string(o.path().join(name)).expect("written");
        assert!(text.lines().count() > 150);
    }
    cmd()
        .args(["eval", "--gold", "alignments/tianjin/zh-Hant--en.sent.align", "--test"])
        .arg(o.path().join("001.align"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("strict: P 1.000  R 1.000  F1 1.000"));
    // Without the model (none in the test's cache), every output and the
    // evaluation that aligns say so.
    align_dirs("json").code(0);
    let json = std::fs::read_to_string(o.path().join("001.json")).expect("written");
    assert!(json.contains("semantic signal not used"), "{}", &json[..json.len().min(400)]);
    cmd()
        .args(["eval", "--gold", "alignments/tianjin/zh-Hant--en.sent.align"])
        .args(["--src", "alignments/tianjin/zh-Hant.sent.txt", "--tgt", "alignments/tianjin/en.sent.txt"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("note: semantic signal not used"));
}

#[test]
fn detect_reports_tags() {
    at_root();
    cmd().args(["detect", ZH, EN, "texts/tianjin/ru.txt", "texts/tianjin/zh-Hans.txt"]).assert().code(0).stdout(
        predicate::str::contains("zh-Hant")
            .and(predicate::str::contains("\tru\t"))
            .and(predicate::str::contains("zh-Hans")),
    );
}

#[test]
fn legacy_encodings_are_detected() {
    at_root();
    let text = std::fs::read_to_string(ZH).expect("read");
    let (big5, _, bad) = encoding_rs::BIG5.encode(&text);
    assert!(!bad);
    let f = temp_file(&big5);
    cmd().args(["detect"]).arg(f.path()).assert().code(0).stdout(predicate::str::contains("Big5"));
}

#[test]
fn diff_and_check_exit_codes_and_formats() {
    at_root();
    let hans = "texts/tianjin/zh-Hans.txt";
    // identical releases: nothing to report
    cmd().args(["diff", EN, EN]).assert().code(0).stdout(predicate::str::contains("no findings"));
    // zh-Hant against zh-Hans: conversion errors reported
    let out = cmd().args(["diff", ZH, hans, "-f", "json", "--ignore", "script"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["schema"], 1);
    assert_eq!(v["master"]["lang"], "zh-Hant");
    assert_eq!(v["versions"][0]["lang"], "zh-Hans");
    let findings = v["findings"].as_array().expect("findings");
    assert!(findings.iter().all(|f| f["kind"] == "conversion-error"));
    let original = std::fs::read(ZH).expect("read");
    for f in findings {
        let (a, b) = (
            f["master"]["start"].as_u64().expect("start") as usize,
            f["master"]["end"].as_u64().expect("end") as usize,
        );
        assert_eq!(std::str::from_utf8(&original[a..b]).ok(), f["master"]["text"].as_str());
    }
    // everything ignored: exit 0
    cmd().args(["diff", ZH, hans, "--ignore", "script,conversion-error"]).assert().code(0);
    // a translation is not a release
    cmd().args(["diff", ZH, EN]).assert().code(2).stderr(predicate::str::contains("use `clausediff check`"));
    cmd()
        .args(["diff", ZH, hans, "--ignore", "nonsense"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown kind"));
    // check on the bundled directory: the news report is missing from en and ru
    let out = cmd().args(["check", "texts/tianjin", "-f", "json"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["versions"].as_array().map(Vec::len), Some(3));
    let missing_en =
        v["findings"].as_array().expect("f").iter().filter(|f| f["kind"] == "missing" && f["version"] == "en").count();
    assert!(missing_en >= 7, "{missing_en}");
    let html = cmd().args(["check", ZH, EN, "-f", "html"]).output().expect("runs");
    let page = String::from_utf8(html.stdout).expect("utf-8");
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("k-missing"));
    cmd().args(["check", ZH]).assert().code(2);
    // without the model the report says what that costs; a named model directory must exist
    cmd()
        .args(["check", ZH, EN])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("found by length and dictionary only"));
    cmd()
        .args(["check", ZH, EN, "--model", "/nonexistent/model"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot load the model"));
}

/// `clausediff ARGS… -o OUT` exits 2 with `msg` on stderr.
fn refused_output(args: &[&str], inputs: &[&Path], out: &Path, msg: &str) {
    cmd().args(args).args(inputs).arg("-o").arg(out).assert().code(2).stderr(predicate::str::contains(msg));
}

#[test]
fn outputs_never_overwrite_inputs() {
    at_root();
    let dir = tempfile::tempdir().expect("dir");
    let victim = dir.path().join("victim.txt");
    std::fs::copy(EN, &victim).expect("copy");
    let before = std::fs::read(&victim).expect("read");
    refused_output(&["diff", EN], &[&victim], &victim, "overwrite an input");
    refused_output(&["align", ZH], &[&victim], &victim, "overwrite an input");
    // Another name of the same file (a hard link), and a file of a directory of versions.
    let link = dir.path().join("link.txt");
    std::fs::hard_link(&victim, &link).expect("hard link");
    refused_output(&["align", ZH], &[&victim], &link, "overwrite an input");
    let versions = dir.path().join("versions");
    std::fs::create_dir_all(&versions).expect("mkdir");
    std::fs::copy(ZH, versions.join("zh-Hant.txt")).expect("copy");
    std::fs::copy(EN, versions.join("en.txt")).expect("copy");
    refused_output(&["check", "--no-model"], &[&versions], &versions.join("en.txt"), "overwrite an input");
    assert_eq!(std::fs::read(versions.join("en.txt")).expect("read"), std::fs::read(EN).expect("read"));
    assert_eq!(std::fs::read(&victim).expect("read"), before, "the input was changed");
    // One side of a bilingual file names the file.
    let xlf = dir.path().join("pair.xlf");
    cmd().args(["align", ZH, EN, "-f", "xliff", "-o"]).arg(&xlf).assert().success();
    let written = std::fs::read(&xlf).expect("read");
    let (src, tgt) = (dir.path().join("pair.xlf#source"), dir.path().join("pair.xlf#target"));
    refused_output(&["align", "-f", "xliff"], &[&src, &tgt], &xlf, "overwrite an input");
    assert_eq!(std::fs::read(&xlf).expect("read"), written, "the bilingual input was changed");
    // directory mode: two sources with one stem, and an output directory that is an input
    let (s, t) = (dir.path().join("s"), dir.path().join("t"));
    std::fs::create_dir_all(&s).expect("mkdir");
    std::fs::create_dir_all(&t).expect("mkdir");
    for name in ["001.txt", "001.md"] {
        std::fs::copy("alignments/tianjin/zh-Hant.sent.txt", s.join(name)).expect("copy");
        std::fs::copy("alignments/tianjin/en.sent.txt", t.join(name)).expect("copy");
    }
    let beads = ["align", "--presegmented", "-f", "beads"];
    refused_output(&beads, &[&s, &t], &dir.path().join("o"), "distinct names");
    // One file a side, so only the output directory is wrong.
    std::fs::remove_file(s.join("001.md")).expect("rm");
    std::fs::remove_file(t.join("001.md")).expect("rm");
    refused_output(&beads, &[&s, &t], &s, "must not be an input directory");
    assert!(!s.join("001.align").exists() && s.read_dir().expect("ls").count() == 1, "nothing written into the input");
}

#[test]
fn absurd_inputs_are_refused_cleanly() {
    at_root();
    let dir = tempfile::tempdir().expect("dir");
    let (empty, binary) = (dir.path().join("empty.align"), dir.path().join("binary.align"));
    std::fs::write(&empty, "").expect("write");
    std::fs::write(&binary, b"[0]:[0]\n\x00\x01").expect("write");
    let gold = "alignments/tianjin/zh-Hant--en.sent.align";
    for (bad, msg) in [(&empty, "empty"), (&binary, "binary file")] {
        cmd().args(["eval", "--gold", gold, "--test"]).arg(bad).assert().code(2).stderr(predicate::str::contains(msg));
    }
    cmd().args(["detect", "/dev/zero"]).assert().code(2).stderr(predicate::str::contains("not a regular file"));
    cmd()
        .args(["align", ZH, EN, "--set", "skip=1e308"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("from 0 to 1000"));
    let bad = temp_file(b"[0]:[0\n");
    cmd()
        .args(["eval", "--gold"])
        .arg(bad.path())
        .args(["--test"])
        .arg(bad.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a bead"));
    cmd()
        .args([
            "eval",
            "--src",
            "alignments/tianjin/zh-Hant.sent.txt",
            "--tgt",
            "alignments/tianjin/en.sent.txt",
            "--gold",
            "alignments/tianjin/zh-Hant--ru.sent.align",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("out of range"));
}

#[test]
fn terms_and_concord_say_how_they_aligned() {
    at_root();
    // The test's cache has no model: the alignment falls back, and says so.
    let out = cmd()
        .args(["terms", "texts/tianjin", "--glossary", "texts/tianjin/glossary.tsv", "-f", "json"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("json");
    let notes = json["notes"].as_array().expect("notes");
    assert!(notes.iter().any(|n| n.as_str().is_some_and(|s| s.contains("semantic signal not used"))), "{notes:?}");
    assert!(json["findings"].as_array().is_some_and(|f| !f.is_empty()));
    cmd()
        .args(["concord", "上合組織", "texts/tianjin", "-f", "json"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"term\": \"上合組織\""))
        .stderr(predicate::str::contains("note: semantic signal not used"));
    cmd()
        .args(["concord", "上合組織", "texts/tianjin", "--no-model"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("semantic").not());
    // A mistyped master tag is refused when files are named too.
    cmd()
        .args(["concord", "上合組織", ZH, EN, "--master", "zh-Hnt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown language tag"));
}

#[test]
fn terms_and_check_find_the_same_glossary_terms() {
    at_root();
    // Without the model (the test's cache has none) and with it, named:
    // terms must align as check does in both cases.
    let model = embed_support::model_dir_or_skip("terms_and_check_find_the_same_glossary_terms with the model");
    let mut runs: Vec<Vec<String>> = vec![Vec::new()];
    runs.extend(model.map(|d| vec!["--model".to_string(), d.display().to_string()]));
    for extra in runs {
        let from_terms = term_findings(&["terms", "texts/tianjin"], &extra);
        assert!(!from_terms.is_empty());
        assert_eq!(from_terms, term_findings(&["check", "texts/tianjin"], &extra), "{extra:?}");
    }
}

/// The term findings (kind, master offset) of a command run with the bundled glossary.
fn term_findings(args: &[&str], extra: &[String]) -> Vec<(String, Option<u64>)> {
    {
        let out = cmd()
            .args(args)
            .args(extra)
            .args(["--glossary", "texts/tianjin/glossary.tsv", "-f", "json"])
            .output()
            .expect("runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
        let mut v: Vec<(String, Option<u64>)> = json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .filter(|f| f["kind"].as_str().is_some_and(|k| k.starts_with("term")))
            .map(|f| (f["kind"].as_str().unwrap_or("").to_string(), f["master"]["start"].as_u64()))
            .collect();
        v.sort();
        v
    }
}

#[test]
fn extracted_terms_make_a_glossary_terms_reads() {
    at_root();
    let dir = tempfile::tempdir().expect("dir");
    let g = dir.path().join("g.tsv");
    cmd().args(["terms", "texts/tianjin", "--extract", "--top", "20", "-o"]).arg(&g).assert().code(0);
    let text = std::fs::read_to_string(&g).expect("written");
    let header: Vec<&str> = text.lines().next().expect("header").split('\t').collect();
    assert_eq!(header[..2], ["zh-Hant", "zh-Hans"]);
    assert!(header.contains(&"en") && header.contains(&"ru"), "{header:?}");
    assert!(text.lines().count() > 10, "{text}");
    // The glossary it wrote is read back (its terms are found: exit 0 or 1, not 2).
    let code = cmd().args(["terms", "texts/tianjin", "--glossary"]).arg(&g).output().expect("runs").status.code();
    assert!(matches!(code, Some(0 | 1)), "{code:?}");
    // Extraction needs a Chinese master; this is said before any alignment.
    cmd()
        .args(["terms", "texts/tianjin", "--master", "en", "--extract"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a Chinese master"));
}

#[test]
fn a_file_in_another_script_than_its_name_is_refused() {
    at_root();
    let dir = tempfile::tempdir().expect("dir");
    std::fs::copy(ZH, dir.path().join("zh-Hant.txt")).expect("copy");
    std::fs::copy("texts/tianjin/ru.txt", dir.path().join("en.txt")).expect("copy");
    cmd()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("declared en but the text is mostly in Cyrillic letters"));
}

#[test]
fn parameters_are_set_through_one_table_and_calibrate_feeds_them() {
    at_root();
    let out = cmd().args(["check", "texts/tianjin", "--no-model", "-f", "json"]).output().expect("runs");
    let plain = String::from_utf8_lossy(&out.stdout).matches("\"kind\": \"length\"").count();
    let out = cmd()
        .args(["check", "texts/tianjin", "--no-model", "-f", "json", "--set", "length_sigma=2"])
        .output()
        .expect("runs");
    let lower = String::from_utf8_lossy(&out.stdout).matches("\"kind\": \"length\"").count();
    assert!(lower > plain, "a lower length_sigma reports more length findings: {plain} → {lower}");
    cmd()
        .args(["diff", ZH, "texts/tianjin/zh-Hans.txt", "--set", "length_sigma=2"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a parameter of diff"));
    cmd()
        .args(["align", ZH, EN, "--set", "nope=1"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown parameter \"nope\"").and(predicate::str::contains("skip")));
    cmd().args(["align", ZH, EN, "--set", "skip=-1"]).assert().code(2).stderr(predicate::str::contains("from 0 to"));
    let out = cmd()
        .args(["calibrate", "--src", "alignments/tianjin/zh-Hant.sent.txt", "--tgt", "alignments/tianjin/en.sent.txt"])
        .args(["--gold", "alignments/tianjin/zh-Hant--en.sent.align"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let line = text.lines().last().expect("a line");
    let args: Vec<&str> = line.split(": ").nth(1).expect("the arguments").split_whitespace().collect();
    assert_eq!(args.len(), 4, "{line}");
    cmd().args(["align", ZH, EN, "--no-model", "-f", "beads"]).args(&args).assert().code(0);
}
