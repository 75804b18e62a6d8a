//! `diff` quality: the conversion errors of the bundled traditional text, and
//! damaged releases made by a seeded generator (sentences and clauses deleted,
//! numbers altered, a paragraph moved, words replaced) checked against what
//! the generator did.

mod common;

use clausediff::diff::{diff, DiffOptions};
use clausediff::report::{Finding, Kind};
use clausediff::{Document, Lang};
use common::{damage, overlaps, Damage, Plan};

fn load(path: &str) -> Document {
    Document::load(std::path::Path::new(path), &Default::default()).expect("bundled text loads")
}

/// The conversion errors of Table B (texts/README.md): byte range and row.
fn table_b() -> Vec<((usize, usize), String)> {
    let tsv = std::fs::read_to_string("texts/tianjin/conversion-errors.tsv").expect("tsv");
    tsv.lines()
        .skip(1)
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            ((f[1].parse().expect("start"), f[2].parse().expect("end")), line.to_string())
        })
        .collect()
}

#[test]
fn conversion_errors_are_found_and_nothing_else_is_blamed() {
    let old = load("texts/tianjin/zh-Hant.txt");
    let new = load("texts/tianjin/zh-Hans.txt");
    let result = diff(&old, &new, &DiffOptions::default()).expect("diff runs");
    let findings = &result.report.findings;
    let kinds: std::collections::BTreeSet<Kind> = findings.iter().map(|f| f.kind).collect();
    assert!(kinds.iter().all(|k| matches!(k, Kind::Script | Kind::ConversionError | Kind::Variant)), "{kinds:?}");
    let errors: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.kind == Kind::ConversionError)
        .filter_map(|f| f.master.as_ref().map(|m| (m.start, m.end)))
        .collect();
    let listed = table_b();
    let found: Vec<&String> =
        listed.iter().filter(|(s, _)| errors.iter().any(|&e| overlaps(e, *s))).map(|(_, l)| l).collect();
    let others: Vec<&(usize, usize)> =
        errors.iter().filter(|&&e| !listed.iter().any(|(s, _)| overlaps(e, *s))).collect();
    println!("conversion errors: {} of {} in Table B found, {} others", found.len(), listed.len(), others.len());
    // Every row a comparison can see (14), and 準入 (the simplified
    // edition's 准 has both forms and OpenCC writes 市場準入, but the text
    // writes 準 for 准 elsewhere: texts/README.md). Missed: 制販 (制 is its
    // own simplified form, and no word list has 製販).
    assert!(found.len() >= 15, "found only {found:#?}");
    assert!(others.is_empty(), "conversion errors outside Table B: {others:?}");
}

#[derive(Default, Debug)]
struct Tally {
    deleted: usize,
    deleted_found: usize,
    removed_reported: usize,
    removed_correct: usize,
    numbers: usize,
    numbers_found: usize,
    moved: usize,
    moved_found: usize,
}

#[test]
fn damaged_releases_are_reported_as_damaged() {
    let mut t = Tally::default();
    for (path, lang) in [
        ("texts/tianjin/en.txt", Lang::En),
        ("texts/tianjin/ru.txt", Lang::Ru),
        ("texts/tianjin/zh-Hans.txt", Lang::ZhHans),
    ] {
        let original = std::fs::read_to_string(path).expect("text");
        for seed in 1..=4u64 {
            let plan = Plan { sentences: 2, clauses: 3, numbers: 3, moves: 1, words: 1 };
            let (damaged, edits) = damage(&original, lang, seed, &plan);
            let old = Document::from_text(original.clone(), Some(lang)).expect("doc");
            let new = Document::from_text(damaged, Some(lang)).expect("doc");
            let report = diff(&old, &new, &DiffOptions::default()).expect("diff").report;
            score(&mut t, &report.findings, &edits, &|what: &str, span: (usize, usize)| {
                eprintln!("{path} seed {seed}: {what}: {:?}", &original[span.0..span.1]);
            });
        }
    }
    let recall = t.deleted_found as f64 / t.deleted.max(1) as f64;
    let precision = t.removed_correct as f64 / t.removed_reported.max(1) as f64;
    println!(
        "deletions: recall {recall:.3} ({}/{}), precision {precision:.3} ({}/{}); numbers {}/{}; moves {}/{}",
        t.deleted_found,
        t.deleted,
        t.removed_correct,
        t.removed_reported,
        t.numbers_found,
        t.numbers,
        t.moved_found,
        t.moved
    );
    assert!(t.deleted >= 40 && t.numbers >= 20 && t.moved >= 8, "{t:?}");
    assert!(recall >= 0.95 && precision >= 0.95, "{t:?}");
    assert_eq!(t.numbers_found, t.numbers, "{t:?}");
    assert_eq!(t.moved_found, t.moved, "{t:?}");
}

/// Tally what the findings of one damaged release say about its `edits`;
/// `say` tells what was missed or wrongly reported.
fn score(t: &mut Tally, findings: &[Finding], edits: &[common::Edit], say: &dyn Fn(&str, (usize, usize))) {
    let spans = |k: Kind| -> Vec<(usize, usize)> {
        findings.iter().filter(|f| f.kind == k).filter_map(|f| f.master.as_ref().map(|m| (m.start, m.end))).collect()
    };
    let removed = spans(Kind::Removed);
    let deleted: Vec<(usize, usize)> = edits.iter().filter(|e| e.kind == Damage::Deleted).map(|e| e.span).collect();
    for d in &deleted {
        t.deleted += 1;
        if removed.iter().any(|r| overlaps(*r, *d)) {
            t.deleted_found += 1;
        } else {
            say("deletion not reported", *d);
        }
    }
    for r in &removed {
        t.removed_reported += 1;
        if deleted.iter().any(|d| overlaps(*r, *d)) {
            t.removed_correct += 1;
        } else {
            say("removal reported wrongly", *r);
        }
    }
    let numbers = spans(Kind::Number);
    for e in edits.iter().filter(|e| e.kind == Damage::Number) {
        t.numbers += 1;
        if numbers.iter().any(|n| overlaps(*n, e.span)) {
            t.numbers_found += 1;
        } else {
            say("number change not reported", e.span);
        }
    }
    let moved = spans(Kind::Moved);
    for e in edits.iter().filter(|e| e.kind == Damage::Moved) {
        t.moved += 1;
        let as_move = moved.iter().any(|m| overlaps(*m, e.span));
        let as_removal = removed.iter().any(|r| overlaps(*r, e.span));
        if as_move && !as_removal {
            t.moved_found += 1;
        } else {
            say(&format!("move reported as move {as_move}, as removal {as_removal}"), e.span);
        }
    }
}
