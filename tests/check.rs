//! `check` quality: versions damaged by a seeded generator (sentences and
//! clauses deleted, numbers altered) against the zh-Hant master; what is
//! reported beyond the findings on the undamaged version is compared with
//! what the generator did, through the undamaged version's alignment.
//! Seeds 1–3 by default; `NSEEDS` and `SEED0` choose others (docs/diff.md
//! quotes seeds 1–9 and three sets of 36 up to seed 108), `CHECK_DEBUG`
//! prints what was missed or wrongly reported.

mod common;
mod embed_support;

use std::collections::HashSet;

use clausediff::check::{check, CheckOptions};
use clausediff::report::Kind;
use clausediff::{Document, Lang};
use common::{damage, overlaps, Damage, Plan};

/// Master byte ranges aligned to each version byte range in a check's alignment.
fn master_regions(r: &clausediff::check::CheckResult) -> Vec<((usize, usize), (usize, usize))> {
    let v = &r.aligned.versions[0];
    v.alignment
        .beads
        .iter()
        .filter_map(|b| {
            let (m, t) = (r.aligned.master.span_of(&b.src)?, v.seg.span_of(&b.tgt)?);
            Some(((t.start, t.end), (m.start, m.end)))
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

/// Damage every bundled version with three seeds (or `NSEEDS` from
/// `SEED0`) and tally what `check` reports.
fn measure(opts: &CheckOptions, name: &str) -> Tally {
    let master =
        Document::load(std::path::Path::new("texts/tianjin/zh-Hant.txt"), &Default::default()).expect("master");
    let mut t = Tally::default();
    let mut lines = Vec::new();
    for (path, lang) in [
        ("texts/tianjin/en.txt", Lang::En),
        ("texts/tianjin/ru.txt", Lang::Ru),
        ("texts/tianjin/zh-Hans.txt", Lang::ZhHans),
    ] {
        let local = measure_version(&master, (path, lang), opts, &mut lines);
        lines.push(format!(
            "{lang}: missing recall {}/{}, precision {}/{}, numbers {}/{}",
            local.deleted_found,
            local.deleted,
            local.missing_correct,
            local.missing_reported,
            local.numbers_found,
            local.numbers
        ));
        t.add(&local);
    }
    for l in &lines {
        println!("{name}: {l}");
    }
    println!(
        "{name}: missing recall {:.3}, precision {:.3}, numbers {}/{}",
        t.recall(),
        t.precision(),
        t.numbers_found,
        t.numbers
    );
    assert_eq!(t.numbers_found, t.numbers, "every changed number is reported: {t:?}");
    t
}

/// What tells two findings apart: kind, master span, message.
type Key = (Kind, Option<(usize, usize)>, String);

/// What is new in a damaged version's report, against the undamaged one's.
struct Baseline {
    /// The undamaged version's findings.
    findings: HashSet<Key>,
    /// Version byte ranges and the master byte ranges aligned to them.
    regions: Vec<((usize, usize), (usize, usize))>,
}

fn key(f: &clausediff::report::Finding) -> Key {
    (f.kind, f.master.as_ref().map(|m| (m.start, m.end)), f.message.clone())
}

/// The tally of one version over the seeds.
fn measure_version(
    master: &Document,
    (path, lang): (&str, Lang),
    opts: &CheckOptions,
    lines: &mut Vec<String>,
) -> Tally {
    let mut local = Tally::default();
    let original = std::fs::read_to_string(path).expect("text");
    let clean = Document::from_text(original.clone(), Some(lang)).expect("doc");
    let clean_check = check(master, &[&clean], opts).expect("check");
    let count = |k: Kind| clean_check.report.findings.iter().filter(|f| f.kind == k).count();
    lines.push(format!("{lang}: undamaged version: {} missing, {} added", count(Kind::Missing), count(Kind::Added)));
    let base = Baseline {
        findings: clean_check.report.findings.iter().map(key).collect(),
        regions: master_regions(&clean_check),
    };
    let first: u64 = std::env::var("SEED0").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let nseeds: u64 = std::env::var("NSEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    for seed in first..first + nseeds {
        let plan = Plan { sentences: 2, clauses: 3, numbers: 3, moves: 0, words: 0 };
        let (damaged, edits) = damage(&original, lang, seed, &plan);
        let doc = Document::from_text(damaged, Some(lang)).expect("doc");
        let report = check(master, &[&doc], opts).expect("check").report;
        let new: Vec<_> = report.findings.iter().filter(|f| !base.findings.contains(&key(f))).collect();
        let seen = Seen { master, original: &original, path, seed };
        local.add(&seen.score(&base, &new, &edits));
    }
    local
}

/// One damaged version's report, scored against what the damage did.
struct Seen<'a> {
    master: &'a Document,
    original: &'a str,
    path: &'a str,
    seed: u64,
}

impl Seen<'_> {
    fn score(&self, base: &Baseline, new: &[&clausediff::report::Finding], edits: &[common::Edit]) -> Tally {
        let mut t = Tally::default();
        let debug = std::env::var("CHECK_DEBUG").is_ok();
        let master_of = |span: (usize, usize)| -> Vec<(usize, usize)> {
            base.regions.iter().filter(|(v, _)| overlaps(*v, span)).map(|(_, m)| *m).collect()
        };
        let spans = |k: Kind| -> Vec<(usize, usize)> {
            new.iter().filter(|f| f.kind == k).filter_map(|f| f.master.as_ref().map(|m| (m.start, m.end))).collect()
        };
        let (missing, numbers) = (spans(Kind::Missing), spans(Kind::Number));
        let deleted_edits: Vec<&common::Edit> = edits.iter().filter(|e| e.kind == Damage::Deleted).collect();
        let deleted: Vec<Vec<(usize, usize)>> = deleted_edits.iter().map(|e| master_of(e.span)).collect();
        let text = |r: &(usize, usize)| &self.master.text[r.0..r.1];
        for (d, e) in deleted.iter().zip(&deleted_edits) {
            t.deleted += 1;
            if missing.iter().any(|m| d.iter().any(|r| overlaps(*m, *r))) {
                t.deleted_found += 1;
            } else if debug {
                let (path, seed) = (self.path, self.seed);
                let gone = &self.original[e.span.0..e.span.1];
                eprintln!(
                    "{path} seed {seed}: missed deletion of {gone:?}, master {:?}",
                    d.iter().map(text).collect::<Vec<_>>()
                );
            }
        }
        for m in &missing {
            t.missing_reported += 1;
            if deleted.iter().flatten().any(|r| overlaps(*m, *r)) {
                t.missing_correct += 1;
            } else if debug {
                eprintln!("{} seed {}: false missing {:?}", self.path, self.seed, text(m));
            }
        }
        for e in edits.iter().filter(|e| e.kind == Damage::Number) {
            t.numbers += 1;
            if numbers.iter().any(|n| master_of(e.span).iter().any(|r| overlaps(*n, *r))) {
                t.numbers_found += 1;
            } else if debug {
                let was = &self.original[e.span.0..e.span.1];
                let at: Vec<&str> = master_of(e.span).iter().map(text).collect();
                eprintln!("{} seed {}: missed number {was:?} → {:?} in {at:?}", self.path, self.seed, e.with);
            }
        }
        t
    }
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.deleted += o.deleted;
        self.deleted_found += o.deleted_found;
        self.missing_reported += o.missing_reported;
        self.missing_correct += o.missing_correct;
        self.numbers += o.numbers;
        self.numbers_found += o.numbers_found;
    }

    fn recall(&self) -> f64 {
        self.deleted_found as f64 / self.deleted.max(1) as f64
    }
    fn precision(&self) -> f64 {
        self.missing_correct as f64 / self.missing_reported.max(1) as f64
    }
}

#[test]
fn damaged_translations_are_reported_without_the_model() {
    let t = measure(&CheckOptions::default(), "no model");
    // Length and the dictionary alone; the target needs the model (next test).
    assert!(t.recall() >= 0.75 && t.precision() >= 0.9, "{t:?}");
}

#[test]
fn damaged_translations_are_reported_with_the_model() {
    let Some(model) = embed_support::model_or_skip("check with the model") else { return };
    let opts = CheckOptions::default().with_model(model);
    let t = measure(&opts, "model");
    // Floors against regressions for the default seeds (0.956 / 0.967
    // there; one miss more on three seeds is 0.933). The 0.95 / 0.95
    // is measured over 36 seeds at a time: 0.957 / 0.973 (seeds 1–36), 0.956
    // / 0.981 (37–72), 0.957 / 0.972 (73–108; docs/diff.md).
    assert!(t.recall() >= 0.9 && t.precision() >= 0.95, "{t:?}");
}

#[test]
fn too_many_words_to_link_is_noted_not_hidden() {
    let Some(model) = embed_support::model_or_skip("check with the model") else { return };
    // One paragraph each: 3,000 Chinese words against 400 English ones (1.2 M word pairs).
    let master = Document::from_text("合作發展".repeat(1500), Some(Lang::ZhHant)).expect("doc");
    let version = Document::from_text("cooperation ".repeat(400), Some(Lang::En)).expect("doc");
    let mut opts = CheckOptions::default().with_model(model);
    opts.align.level = clausediff::Level::Paragraph;
    let r = check(&master, &[&version], &opts).expect("check");
    assert!(r.report.notes.iter().any(|n| n.contains("too many words to link")), "{:?}", r.report.notes);
}
