//! The memory budget: a run whose estimated peak memory passes the limit
//! (`--max-memory`, `CLAUSEDIFF_MAX_MEMORY`, else 4 GiB) is refused with
//! exit 2 and a message naming the estimate, the limit and how to raise
//! it, before anything heavy runs; under the limit it runs as before.

mod support;

use predicates::prelude::*;
use support::{at_root, cmd};

const ZH: &str = "texts/tianjin/zh-Hant.txt";
const EN: &str = "texts/tianjin/en.txt";

/// What a refusal says on standard error.
fn refused() -> impl Predicate<str> {
    predicate::str::contains("error: the inputs would need about")
        .and(predicate::str::contains("over the limit of 1.0 MiB"))
        .and(predicate::str::contains("hint: raise the limit with --max-memory SIZE or CLAUSEDIFF_MAX_MEMORY=SIZE"))
}

#[test]
fn align_is_refused_over_the_limit_before_the_model_is_loaded_or_anything_written() {
    at_root();
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("out.json");
    // A model directory that does not exist: loading it would fail, so the
    // refusal comes before the model is loaded.
    cmd()
        .args(["align", ZH, EN, "--max-memory", "1M", "--model", "/nonexistent-model", "-o"])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(refused())
        .stderr(predicate::str::contains("model").not());
    assert!(!out.exists(), "nothing is written");
    // Under the limit (and by default) it runs.
    cmd().args(["align", ZH, EN, "--format", "beads", "--max-memory", "8G"]).assert().success();
    cmd().args(["align", ZH, EN, "--format", "beads"]).assert().success();
}

#[test]
fn check_and_diff_are_refused_over_the_limit_set_in_the_environment() {
    at_root();
    cmd()
        .args(["check", ZH, EN, "--model", "/nonexistent-model"])
        .env("CLAUSEDIFF_MAX_MEMORY", "1M")
        .assert()
        .code(2)
        .stderr(refused());
    cmd()
        .args(["diff", ZH, "texts/tianjin/zh-Hans.txt"])
        .env("CLAUSEDIFF_MAX_MEMORY", "1M")
        .assert()
        .code(2)
        .stderr(refused());
    // The option wins over the variable.
    cmd().args(["diff", EN, EN, "--max-memory", "8G"]).env("CLAUSEDIFF_MAX_MEMORY", "1M").assert().code(0);
}

#[test]
fn a_size_that_is_not_one_is_refused_and_named() {
    at_root();
    cmd()
        .args(["align", ZH, EN, "--max-memory", "lots"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--max-memory").and(predicate::str::contains("not a size")));
    cmd()
        .args(["diff", EN, EN])
        .env("CLAUSEDIFF_MAX_MEMORY", "4X")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("$CLAUSEDIFF_MAX_MEMORY").and(predicate::str::contains("not a size")));
}

#[test]
fn eval_over_directories_and_align_from_standard_input_are_refused_over_the_limit() {
    at_root();
    let dir = "alignments/tianjin";
    let eval = ["eval", "--src", dir, "--tgt", dir, "--gold", dir];
    cmd()
        .args(eval)
        .args(["--max-memory", "1M", "--model", "/nonexistent-model"])
        .assert()
        .code(2)
        .stderr(refused())
        .stderr(predicate::str::contains("model").not());
    cmd().args(eval).args(["--no-model", "--max-memory", "8G"]).assert().success();
    let en = std::fs::read(EN).expect("the English text");
    cmd()
        .args(["align", ZH, "-", "--max-memory", "1M", "--model", "/nonexistent-model"])
        .write_stdin(en)
        .assert()
        .code(2)
        .stderr(refused());
}

#[test]
fn check_is_estimated_at_its_own_level() {
    at_root();
    // With the model, the units embedded are those of the check's level:
    // more clauses than sentences. (The model directory does not exist:
    // the refusal comes before it is loaded.)
    let embedded = |level: &str| -> u64 {
        let out = cmd()
            .args(["check", ZH, EN, "--level", level, "--max-memory", "1M", "--model", "/nonexistent-model"])
            .output()
            .expect("check runs");
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{err}");
        let before = err.split(" units embedded").next().unwrap_or_default();
        let digits: String =
            before.rsplit(' ').next().unwrap_or_default().chars().filter(char::is_ascii_digit).collect();
        digits.parse().unwrap_or_else(|_| panic!("no count of embedded units in {err:?}"))
    };
    let (sentence, clause) = (embedded("sentence"), embedded("clause"));
    assert!(clause > sentence && sentence > 0, "{sentence} sentences, {clause} clauses");
}

#[test]
fn a_limit_between_two_estimates_lets_the_smaller_run_through() {
    at_root();
    // Without the model a run needs its 64 MiB base and a little more for
    // every byte and search cell: a one-line pair fits in 66 MiB, the
    // Tianjin pair (about 68 MiB) does not.
    let dir = tempfile::tempdir().expect("dir");
    let (a, b) = (dir.path().join("a.txt"), dir.path().join("b.txt"));
    std::fs::write(&a, "成員國重申。\n").expect("write");
    std::fs::write(&b, "They reaffirm.\n").expect("write");
    cmd().args(["align", "--no-model", "--max-memory", "66M"]).arg(&a).arg(&b).assert().success();
    cmd()
        .args(["align", ZH, EN, "--no-model", "--max-memory", "66M"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("over the limit of 66.0 MiB"));
}

#[test]
fn two_directories_are_checked_after_their_arguments_and_before_the_model() {
    at_root();
    let dir = tempfile::tempdir().expect("dir");
    let (s, t, out) = (dir.path().join("s"), dir.path().join("t"), dir.path().join("out"));
    for d in [&s, &t] {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::copy(ZH, s.join("doc.txt")).expect("copy");
    std::fs::copy(EN, t.join("doc.txt")).expect("copy");
    // A usage error is named first, not the memory.
    cmd()
        .args(["align", "--max-memory", "1M"])
        .arg(&s)
        .arg(&t)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs --output DIR"));
    cmd()
        .args(["align", "--max-memory", "1M", "--model", "/nonexistent-model", "-o"])
        .arg(&out)
        .arg(&s)
        .arg(&t)
        .assert()
        .code(2)
        .stderr(refused())
        .stderr(predicate::str::contains("model").not());
    assert!(!out.exists(), "nothing is written");
    // The pairs themselves are estimated: at a limit between the two, a
    // one-line pair goes through and the Tianjin pair does not.
    let (small_s, small_t) = (dir.path().join("small-s"), dir.path().join("small-t"));
    for d in [&small_s, &small_t] {
        std::fs::create_dir_all(d).expect("mkdir");
    }
    std::fs::write(small_s.join("doc.txt"), "成員國重申。\n").expect("write");
    std::fs::write(small_t.join("doc.txt"), "They reaffirm.\n").expect("write");
    let dirs = |s: &std::path::Path, t: &std::path::Path, o: &str| {
        let mut c = cmd();
        c.args(["align", "--no-model", "--max-memory", "66M", "-o"]).arg(dir.path().join(o)).arg(s).arg(t);
        c
    };
    dirs(&small_s, &small_t, "small-out").assert().success();
    assert!(dir.path().join("small-out").join("doc.txt").is_file(), "the small pair is aligned");
    dirs(&s, &t, "large-out").assert().code(2).stderr(predicate::str::contains("over the limit of 66.0 MiB"));
    assert!(!dir.path().join("large-out").exists(), "nothing is written");
}
