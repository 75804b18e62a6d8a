//! Long units: texts whose one line runs to hundreds of thousands of
//! characters without a punctuation mark. Segmentation cuts such a line
//! into pieces of at most `MAX_UNIT_CHARS` characters at places chosen by
//! the text around them, so two releases of it are cut alike away from
//! their differences, and no word diff meets more than a few pieces.
//!
//! The tests are not timed. Before the bounds the diff below compared the
//! whole line word by word (a Myers diff: time in proportion to the tokens
//! of the line times its differences) and read every number of the line
//! for every date in it; see docs/reliability.md, "Long units", for times.

use clausediff::check::{check, CheckOptions};
use clausediff::diff::{diff, DiffOptions};
use clausediff::report::Kind;
use clausediff::segment::MAX_UNIT_CHARS;
use clausediff::{Document, Lang};

/// The words of a bundled text, without its punctuation.
fn words(path: &str) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("bundled text");
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

/// `words` on one line, repeated to `chars` characters (cut at a word end).
fn line(words: &[String], chars: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut len = 0;
    for w in words.iter().cycle() {
        if len + w.len() > chars {
            break;
        }
        len += w.len() + 1;
        out.push(w.clone());
    }
    out
}

/// A seeded shuffle (xorshift), so that the test needs no random source.
fn shuffle(v: &mut [String], mut seed: u64) {
    for i in (1..v.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        v.swap(i, (seed % (i as u64 + 1)) as usize);
    }
}

fn doc(words: &[String]) -> Document {
    Document::from_text(words.join(" ") + "\n", Some(Lang::En)).expect("a document")
}

/// The byte range of words `r` in `words.join(" ")`.
fn bytes_of(words: &[String], r: std::ops::Range<usize>) -> (usize, usize) {
    let start: usize = words[..r.start].iter().map(|w| w.len() + 1).sum();
    let len: usize = words[r].iter().map(|w| w.len() + 1).sum();
    (start, start + len)
}

#[test]
fn a_diff_of_two_long_lines_ends_and_finds_what_differs() {
    let old = line(&words("texts/tianjin/en.txt"), 240_000);
    let mut new = old.clone();
    let n = old.len();
    // Three words replaced, and the words of two stretches of about 2,000
    // characters (300 words) put in another order.
    let replaced = [(n / 8, "alpha"), (n / 2, "bravo"), (7 * n / 8, "charlie")];
    for (k, w) in replaced {
        new[k] = w.to_string();
    }
    let stretches = [n / 4..n / 4 + 300, 5 * n / 8..5 * n / 8 + 300];
    for (s, r) in stretches.iter().enumerate() {
        shuffle(&mut new[r.clone()], 7 + s as u64);
    }
    let (a, b) = (doc(&old), doc(&new));
    let result = diff(&a, &b, &DiffOptions::default()).expect("diff runs");
    let findings = &result.report.findings;
    for (k, w) in replaced {
        let found = findings.iter().any(|f| {
            f.kind == Kind::Wording
                && f.other.as_ref().is_some_and(|o| o.text == w)
                && f.master.as_ref().is_some_and(|m| m.text == old[k])
        });
        assert!(found, "{} → {w} not found", old[k]);
    }
    // Everything else found lies in the reordered stretches, or in the
    // pieces of the line that hold them (whose cuts may differ).
    let around: Vec<(usize, usize)> = stretches.iter().map(|r| bytes_of(&old, r.clone())).collect();
    for f in findings.iter().filter(|f| f.kind != Kind::Width) {
        let m = f.master.as_ref().expect("the old side");
        let inside = around.iter().any(|&(s, e)| m.start + MAX_UNIT_CHARS >= s && m.end <= e + MAX_UNIT_CHARS);
        assert!(inside || replaced.iter().any(|(_, w)| f.other.as_ref().is_some_and(|o| o.text == *w)), "{f:?}");
    }
    assert!(findings.len() > 10, "the reordered stretches are found too");
    let notes = result.report.notes.join("\n");
    assert!(notes.contains(&format!("longer than {MAX_UNIT_CHARS} characters")), "{notes}");
    assert!(result.old.units.iter().all(|u| u.span.text(&a.text).chars().count() <= MAX_UNIT_CHARS));
}

#[test]
fn a_check_of_a_long_unit_ends_with_a_note() {
    let en = line(&words("texts/tianjin/en.txt"), 100_000).join(" ");
    let ru = line(&words("texts/tianjin/ru.txt"), 100_000).join(" ");
    let master = Document::from_text(en, Some(Lang::En)).expect("master");
    let version = Document::from_text(ru, Some(Lang::Ru)).expect("version");
    let result = check(&master, &[&version], &CheckOptions::default()).expect("check runs");
    let notes = result.report.notes.join("\n");
    assert_eq!(notes.matches("were cut into pieces").count(), 2, "{notes}");
    let units = &result.aligned.master.units;
    assert!(units.len() >= 50 && units.iter().all(|u| u.span.text(&master.text).chars().count() <= MAX_UNIT_CHARS));
}
