//! `check` quality: versions damaged by a seeded generator (sentences and
//! clauses deleted, numbers altered) against the zh-Hant master; what is
//! reported beyond the findings on the undamaged version is compared with
//! what the generator did, through the undamaged version's alignment.

mod common;

use std::collections::HashSet;

use clausediff::check::{check, CheckOptions};
use clausediff::report::Kind;
use clausediff::{Document, Lang};
use common::{damage, overlaps, Damage, Plan};

/// Master byte ranges aligned to each version byte range in the undamaged alignment.
fn master_regions(master: &Document, version: &Document) -> Vec<((usize, usize), (usize, usize))> {
    let r = check(master, &[version], &CheckOptions::default()).expect("check runs");
    let v = &r.versions[0];
    r.versions[0]
        .alignment
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        .map(|b| {
            let m = (r.master.units[b.src.start].span.start, r.master.units[b.src.end - 1].span.end);
            let t = (v.seg.units[b.tgt.start].span.start, v.seg.units[b.tgt.end - 1].span.end);
            (t, m)
        })
        .collect()
}

#[derive(Default, Debug)]
struct Tally {
    deleted: usize,
    deleted_found: usize,
    missing_reported: usize,
    missing_correct: usize,
    numbers: usize,
    numbers_found: usize,
}

#[test]
fn damaged_translations_are_reported() {
    let master =
        Document::load(std::path::Path::new("texts/tianjin/zh-Hant.txt"), &Default::default()).expect("master");
    let mut t = Tally::default();
    let mut lines = Vec::new();
    for (path, lang) in [
        ("texts/tianjin/en.txt", Lang::En),
        ("texts/tianjin/ru.txt", Lang::Ru),
        ("texts/tianjin/zh-Hans.txt", Lang::ZhHans),
    ] {
        let mut local = Tally::default();
        let original = std::fs::read_to_string(path).expect("text");
        let clean = Document::from_text(original.clone(), Some(lang)).expect("doc");
        let regions = master_regions(&master, &clean);
        let key = |f: &clausediff::report::Finding| (f.kind, f.master.as_ref().map(|m| (m.start, m.end)));
        let baseline: HashSet<_> = check(&master, &[&clean], &CheckOptions::default())
            .expect("check")
            .report
            .findings
            .iter()
            .map(key)
            .collect();
        for seed in 1..=3u64 {
            let plan = Plan { sentences: 2, clauses: 3, numbers: 3, moves: 0, words: 0 };
            let (damaged, edits) = damage(&original, lang, seed, &plan);
            let doc = Document::from_text(damaged, Some(lang)).expect("doc");
            let report = check(&master, &[&doc], &CheckOptions::default()).expect("check").report;
            let new: Vec<_> = report.findings.iter().filter(|f| !baseline.contains(&key(f))).collect();
            let master_of = |span: (usize, usize)| -> Vec<(usize, usize)> {
                regions.iter().filter(|(v, _)| overlaps(*v, span)).map(|(_, m)| *m).collect()
            };
            let missing: Vec<(usize, usize)> = new
                .iter()
                .filter(|f| f.kind == Kind::Missing)
                .filter_map(|f| f.master.as_ref().map(|m| (m.start, m.end)))
                .collect();
            let deleted: Vec<Vec<(usize, usize)>> =
                edits.iter().filter(|e| e.kind == Damage::Deleted).map(|e| master_of(e.span)).collect();
            for d in &deleted {
                local.deleted += 1;
                if missing.iter().any(|m| d.iter().any(|r| overlaps(*m, *r))) {
                    local.deleted_found += 1;
                } else if std::env::var("CHECK_DEBUG").is_ok() {
                    eprintln!(
                        "{path} seed {seed}: missed deletion, master {:?}",
                        d.iter().map(|r| &master.text[r.0..r.1]).collect::<Vec<_>>()
                    );
                }
            }
            for m in &missing {
                local.missing_reported += 1;
                if deleted.iter().flatten().any(|r| overlaps(*m, *r)) {
                    local.missing_correct += 1;
                }
            }
            let numbers: Vec<(usize, usize)> = new
                .iter()
                .filter(|f| f.kind == Kind::Number)
                .filter_map(|f| f.master.as_ref().map(|m| (m.start, m.end)))
                .collect();
            for e in edits.iter().filter(|e| e.kind == Damage::Number) {
                local.numbers += 1;
                if numbers.iter().any(|n| master_of(e.span).iter().any(|r| overlaps(*n, *r))) {
                    local.numbers_found += 1;
                }
            }
        }
        lines.push(format!(
            "{lang}: missing recall {}/{}, precision {}/{}, numbers {}/{}",
            local.deleted_found,
            local.deleted,
            local.missing_correct,
            local.missing_reported,
            local.numbers_found,
            local.numbers
        ));
        t.deleted += local.deleted;
        t.deleted_found += local.deleted_found;
        t.missing_reported += local.missing_reported;
        t.missing_correct += local.missing_correct;
        t.numbers += local.numbers;
        t.numbers_found += local.numbers_found;
    }
    for l in &lines {
        println!("{l}");
    }
    let recall = t.deleted_found as f64 / t.deleted.max(1) as f64;
    let precision = t.missing_correct as f64 / t.missing_reported.max(1) as f64;
    println!("all: missing recall {recall:.3}, precision {precision:.3}, numbers {}/{}", t.numbers_found, t.numbers);
    assert_eq!(t.numbers_found, t.numbers, "{t:?}");
    // Floors reached today; the target (0.95 / 0.95) needs a meaning signal for en/ru clauses.
    assert!(recall >= 0.75 && precision >= 0.9, "{t:?}");
}
