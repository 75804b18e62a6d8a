//! `align --anchors` and `check --anchors`: beads given in a file are kept,
//! the rest re-aligned; files for other documents, or with crossing or
//! overlapping beads, are refused with the line named (exit 2).

#[path = "../../../tests/embed_support/mod.rs"]
mod embed_support;
mod support;

use support::{cmd, write};

const ZH: &str = "texts/tianjin/zh-Hant.txt";
const EN: &str = "texts/tianjin/en.txt";
const RU: &str = "texts/tianjin/ru.txt";

fn stdout(args: &[&str]) -> String {
    let out = cmd().args(args).output().expect("run");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn stderr_of_failure(args: &[&str]) -> String {
    let out = cmd().args(args).output().expect("run");
    assert_eq!(out.status.code(), Some(2), "{args:?} must fail: {}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The bead lines of a review or bead file.
fn beads(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.starts_with('[')).collect()
}

#[test]
fn a_review_file_keeps_its_confirmed_beads_and_nothing_else() {
    let dir = tempfile::tempdir().expect("dir");
    let review = stdout(&["align", ZH, EN, "-f", "review"]);
    assert!(review.starts_with("# clausediff review 1\n# level: sentence\n# source: sha256="), "{review}");
    let lines = beads(&review);
    // Pair the two 1-1 beads after the first 1-1 bead as one 2-2 bead, confirmed;
    // mark one other bead confirmed; leave the rest as the aligner made them.
    let k = lines.iter().position(|l| !l.contains("[]")).expect("a 1-1 bead") + 1;
    let ids = |l: &str| -> (String, String) {
        let (s, t) = l.split_once(':').expect("bead");
        (s.trim_matches(['[', ']']).to_string(), t.trim_matches(['[', ']']).to_string())
    };
    let ((s1, t1), (s2, t2)) = (ids(lines[k]), ids(lines[k + 1]));
    let merged = format!("[{s1}, {s2}]:[{t1}, {t2}]");
    let mut edited: Vec<String> = review.lines().filter(|l| l.starts_with('#')).map(str::to_string).collect();
    for (i, l) in lines.iter().enumerate() {
        match i {
            _ if i == k => edited.push(format!("{merged} # confirmed")),
            _ if i == k + 1 => {}
            _ if i == k + 5 => edited.push(format!("{l} # confirmed")),
            _ => edited.push(l.to_string()),
        }
    }
    let file = write(dir.path(), "zh-Hant.en.review.beads", &(edited.join("\n") + "\n"));
    let path = file.to_str().expect("path");
    let out = stdout(&["align", ZH, EN, "-f", "review", "--anchors", path]);
    let got = beads(&out);
    assert!(got.contains(&format!("{merged} # confirmed").as_str()), "the merged bead is kept: {got:?}");
    assert!(got.contains(&format!("{} # confirmed", lines[k + 5]).as_str()));
    assert_eq!(got.iter().filter(|l| l.ends_with("# confirmed")).count(), 2, "only the confirmed beads are marked");
    assert_eq!(got.len(), lines.len() - 1, "the rest aligned as before");
    // check keeps them in the version the file was saved for, and says so.
    let json = stdout(&["check", ZH, EN, RU, "--no-model", "-f", "json", "--anchors", path]);
    assert!(json.contains("en: 2 bead(s) kept as confirmed in the anchors file"), "{json}");
    assert!(!json.contains("ru: 2 bead(s) kept"), "{json}");
    // A file saved for en is refused for ru, by align and by check.
    let e = stderr_of_failure(&["align", ZH, RU, "--anchors", path]);
    assert!(e.contains("saved for another target document"), "{e}");
    let e = stderr_of_failure(&["check", ZH, RU, "--no-model", "--anchors", path]);
    assert!(e.contains("saved for none of the versions"), "{e}");
    // The file is an input: it is never overwritten.
    let e = stderr_of_failure(&["align", ZH, EN, "--anchors", path, "-f", "review", "-o", path]);
    assert!(e.contains(path), "{e}");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), edited.join("\n") + "\n");
}

#[test]
fn plain_bead_files_pin_every_bead_and_bad_ones_name_the_line() {
    let dir = tempfile::tempdir().expect("dir");
    let pinned = write(dir.path(), "pins.align", "[8]:[0]\n[9]:[1]\n[]:[2]\n");
    let p = pinned.to_str().expect("path");
    let got = stdout(&["align", ZH, EN, "-f", "review", "--anchors", p]);
    let got = beads(&got);
    for want in ["[8]:[0] # confirmed", "[9]:[1] # confirmed", "[]:[2] # confirmed"] {
        assert!(got.contains(&want), "{want} in {got:?}");
    }
    let json = stdout(&["check", ZH, EN, "--no-model", "-f", "json", "--anchors", p]);
    assert!(json.contains("3 bead(s) kept"), "one version: a plain bead file applies to it");
    let e = stderr_of_failure(&["check", ZH, EN, RU, "--no-model", "--anchors", p]);
    assert!(e.contains("a plain bead file names no document"), "{e}");
    for (text, want) in [
        ("[8]:[3]\n[9]:[1]\n", "line 2: the bead crosses the one on line 1"),
        ("[8, 9]:[0]\n[9]:[1]\n", "line 2: the bead overlaps the one on line 1"),
        ("[8]:[0]\n[100000]:[1]\n", "line 2: ids out of range"),
        ("[8, 10]:[0]\n", "line 1: the source ids of a bead must follow each other"),
        ("# only a comment\n", "no beads"),
        ("[]:[]\n[]:[]\n", "no beads"),
        ("# clausediff review 1\n# level: sentences\n[8]:[0]\n", "the review header's level \"sentences\" is unknown"),
        ("# clausediff review 1\n# level: sentence\n# level: clause\n[8]:[0]\n", "names its level twice"),
        ("[8]:[0] trailing\n", "line 1: not a bead"),
    ] {
        let f = write(dir.path(), "bad.align", text);
        let e = stderr_of_failure(&["align", ZH, EN, "--anchors", f.to_str().expect("path")]);
        assert!(e.contains(want), "{text:?}: {e}");
    }
    let e = stderr_of_failure(&["align", "texts/tianjin", "texts/tianjin", "--anchors", p, "-o", "/tmp/x"]);
    assert!(e.contains("--anchors applies to one pair of files"), "{e}");
}

#[test]
fn kept_beads_are_scored_as_the_aligner_scores_them() {
    // All the paired beads of an alignment confirmed, every tenth, or five:
    // the kept beads keep the scores the search gave them, the meaning
    // signal's discount for hubness included (scored apart from the rest
    // of the text, they moved by up to 0.42 on this one). Lines aligned
    // as given, and sentences of raw text, which the search aligns
    // paragraph group by paragraph group (scored over the whole text, they
    // moved by up to 0.33).
    let Some(model) = embed_support::model_dir_or_skip("kept beads scored with the model") else { return };
    let model = model.to_str().expect("model path");
    let (zh, en) = ("alignments/tianjin/zh-Hant.sent.txt", "alignments/tianjin/en.sent.txt");
    keep_and_compare(&["align", "--presegmented", zh, en, "--model", model], &[1, 10, 40]);
    keep_and_compare(&["align", ZH, EN, "--model", model], &[1, 10]);
}

#[test]
fn kept_beads_are_scored_as_the_aligner_scores_them_without_the_model() {
    // Without the encoder too, the sentences of raw text score as their
    // paragraph group's search scores them (over the whole text, [17]:[8]
    // moved from 0.553 to 0.505).
    keep_and_compare(&["align", ZH, EN, "--no-model"], &[1, 10]);
}

/// Confirm every `every`-th paired bead of the review file of `base`, align
/// again with it, and compare each kept bead's score with the search's.
fn keep_and_compare(base: &[&str], everys: &[usize]) {
    let review = stdout(&[base, &["-f", "review"]].concat());
    let paired = |l: &&str| l.starts_with('[') && !l.starts_with("[]") && !l.ends_with(":[]");
    let (free, _) = scores(base, &[]);
    assert!(free.len() > 150, "{} paired beads", free.len());
    let dir = tempfile::tempdir().expect("dir");
    for &every in everys {
        let mut k = 0;
        let lines: Vec<String> = review
            .lines()
            .map(|l| {
                let confirm = paired(&l) && {
                    k += 1;
                    (k - 1) % every == 0
                };
                if confirm {
                    format!("{l} # confirmed")
                } else {
                    l.to_string()
                }
            })
            .collect();
        let file = write(dir.path(), &format!("every-{every}.review.beads"), lines.join("\n") + "\n");
        let (kept, notes) = scores(base, &["--anchors", file.to_str().expect("path")]);
        let confirmed: Vec<String> = lines.iter().filter(|l| l.ends_with("# confirmed")).cloned().collect();
        assert!(confirmed.len() >= 4, "{every}: {} confirmed", confirmed.len());
        let said = format!("{} bead(s) kept as confirmed", confirmed.len());
        assert!(notes.iter().any(|n| n.contains(&said)), "{every}: the anchors were read: {notes:?}");
        for line in &confirmed {
            let bead = line.trim_end_matches(" # confirmed").replace(' ', "");
            let (a, k) = (free.get(&bead), kept.get(&bead));
            assert!(a.is_some() && k.is_some(), "{every}: {bead} in both alignments");
            let (a, k) = (a.copied().unwrap_or(f64::NAN), k.copied().unwrap_or(f64::NAN));
            assert!((a - k).abs() < 0.01, "{base:?} {every}: {bead} scored {a} by the search, {k} kept");
        }
    }
}

/// The score of every paired bead of `align … -f json`, by its bead line
/// (`[1,2]:[3]`), and the alignment's notes.
fn scores(base: &[&str], extra: &[&str]) -> (std::collections::HashMap<String, f64>, Vec<String>) {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&[base, &["-f", "json", "--no-embedding-cache"], extra].concat())).expect("JSON");
    let beads = json["beads"].as_array().expect("beads").iter();
    let ids = |v: &serde_json::Value| v.to_string().replace(' ', "");
    let paired = beads.filter(|b| b["type"] != "1-0" && b["type"] != "0-1");
    let by_bead = paired
        .map(|b| (format!("{}:{}", ids(&b["src"]), ids(&b["tgt"])), b["score"].as_f64().expect("score")))
        .collect();
    let notes = json["notes"].as_array().expect("notes").iter().filter_map(|n| n.as_str().map(String::from)).collect();
    (by_bead, notes)
}

#[test]
fn units_confirmed_alone_side_by_side_stay_alone() {
    // A master sentence and what is left of its translation, which `check`
    // reads as one pair when the alignment leaves both alone: confirmed
    // alone by the user, they are one missing and one added, as confirmed.
    let dir = tempfile::tempdir().expect("dir");
    let zh = write(
        dir.path(),
        "zh-Hant.txt",
        "成員國重申支持禁止化學武器組織。\n\n成員國強烈譴責2025年4月22日在帕哈爾加姆發生的恐怖襲擊事件。\n\n成員國呼籲國際社會共同參與倡議。\n",
    );
    let ru = write(
        dir.path(),
        "ru.txt",
        "Государства-члены подтверждают поддержку Организации по запрещению химического оружия.\n\n\
         совершённое 22 апреля 2025 года в Пахалгаме.\n\n\
         Государства-члены призывают международное сообщество присоединиться к инициативе.\n",
    );
    let pins = write(dir.path(), "pins.align", "[0]:[0]\n[1]:[]\n[]:[1]\n[2]:[2]\n");
    let (zh, ru, pins) = (zh.to_str().expect("path"), ru.to_str().expect("path"), pins.to_str().expect("path"));
    let csv = stdout(&["check", zh, ru, "--no-model", "-f", "csv", "--anchors", pins]);
    let kinds: Vec<&str> = csv.lines().skip(1).filter_map(|l| l.split(',').nth(2)).collect();
    assert_eq!(kinds, ["missing", "added"], "{csv}");
    assert!(csv.contains("帕哈爾加姆發生的恐怖襲擊事件") && csv.contains("совершённое 22 апреля"), "{csv}");
}
