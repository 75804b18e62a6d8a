//! `check` quality on the bundled texts. The undamaged versions may be
//! reported missing only the news report that en and ru really lack, and
//! at most one more finding each. Versions damaged by a seeded generator
//! (sentences and clauses deleted, numbers altered) are checked against what
//! the generator did, through the undamaged version's alignment: recall is
//! the share of deletions reported missing, precision the share of all
//! findings (besides the news report) that are damage.
//! Seeds 1–3 by default; `NSEEDS` and `SEED0` choose others (docs/diff.md
//! quotes sets of 36 seeds), `MIN_CONFIDENCE` another threshold,
//! `CHECK_DEBUG` prints what was missed or wrongly reported, `CHECK_DUMP=DIR`
//! writes each damaged version to DIR (`en-1.txt` …) to run `check` on.

mod common;
mod embed_support;

use clausediff::check::{check, CheckOptions, CheckResult};
use clausediff::report::{Finding, Kind};
use clausediff::{Document, Lang};
use common::{damage, overlaps, Damage, Plan};

/// The versions, with whether each lacks the news report (the master's
/// first 13 lines, up to 「天津宣言」全文如下：).
const VERSIONS: [(&str, Lang, bool); 3] = [
    ("texts/tianjin/en.txt", Lang::En, true),
    ("texts/tianjin/ru.txt", Lang::Ru, true),
    ("texts/tianjin/zh-Hans.txt", Lang::ZhHans, false),
];

fn master() -> Document {
    Document::load(std::path::Path::new("texts/tianjin/zh-Hant.txt"), &Default::default()).expect("master")
}

/// Where the news report ends in the master (bytes).
fn news_end(master: &Document) -> usize {
    let marker = "全文如下：";
    master.text.find(marker).map_or(0, |i| i + marker.len())
}

/// Options with the threshold `MIN_CONFIDENCE` names, if it does.
fn with_threshold(mut opts: CheckOptions) -> CheckOptions {
    if let Some(t) = std::env::var("MIN_CONFIDENCE").ok().and_then(|v| v.parse().ok()) {
        opts.min_confidence = t;
    }
    opts
}

/// A version byte range and the master byte range aligned to it.
type Region = ((usize, usize), (usize, usize));

/// Master byte ranges aligned to each version byte range in a check's alignment.
fn master_regions(r: &CheckResult) -> Vec<Region> {
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

/// The findings of a report that are not the news report a version lacks.
fn counted(findings: &[Finding], news: Option<usize>) -> Vec<&Finding> {
    let in_news = |f: &&Finding| {
        news.is_some_and(|end| f.kind == Kind::Missing && f.master.as_ref().is_some_and(|m| m.end <= end))
    };
    findings.iter().filter(|f| !in_news(f)).collect()
}

#[derive(Default, Debug)]
struct Tally {
    deleted: usize,
    deleted_found: usize,
    reported: usize,
    correct: usize,
    numbers: usize,
    numbers_found: usize,
}

impl Tally {
    fn add(&mut self, o: &Tally) {
        self.deleted += o.deleted;
        self.deleted_found += o.deleted_found;
        self.reported += o.reported;
        self.correct += o.correct;
        self.numbers += o.numbers;
        self.numbers_found += o.numbers_found;
    }

    fn recall(&self) -> f64 {
        self.deleted_found as f64 / self.deleted.max(1) as f64
    }

    fn precision(&self) -> f64 {
        self.correct as f64 / self.reported.max(1) as f64
    }
}

/// Damage every bundled version with the seeds and tally what `check` reports.
fn measure(opts: &CheckOptions, name: &str) -> Tally {
    let master = master();
    let mut t = Tally::default();
    for (path, lang, lacks_news) in VERSIONS {
        let local = measure_version(&master, (path, lang, lacks_news), opts);
        println!(
            "{name}: {lang}: recall {}/{}, precision {}/{}, numbers {}/{}",
            local.deleted_found, local.deleted, local.correct, local.reported, local.numbers_found, local.numbers
        );
        t.add(&local);
    }
    println!(
        "{name}: missing recall {:.3}, precision {:.3} ({}/{}), numbers {}/{}",
        t.recall(),
        t.precision(),
        t.correct,
        t.reported,
        t.numbers_found,
        t.numbers
    );
    assert_eq!(t.numbers_found, t.numbers, "every changed number is reported: {t:?}");
    t
}

/// The tally of one version over the seeds.
fn measure_version(master: &Document, (path, lang, lacks_news): (&str, Lang, bool), opts: &CheckOptions) -> Tally {
    let mut local = Tally::default();
    let original = std::fs::read_to_string(path).expect("text");
    let clean = Document::from_text(original.clone(), Some(lang)).expect("doc");
    let regions = master_regions(&check(master, &[&clean], opts).expect("check"));
    let news = lacks_news.then(|| news_end(master));
    let first: u64 = std::env::var("SEED0").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
    let nseeds: u64 = std::env::var("NSEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
    for seed in first..first + nseeds {
        let plan = Plan { sentences: 2, clauses: 3, numbers: 3, moves: 0, words: 0 };
        let (damaged, edits) = damage(&original, lang, seed, &plan);
        if let Ok(dir) = std::env::var("CHECK_DUMP") {
            let name = format!("{dir}/{}-{seed}.txt", lang.tag());
            std::fs::write(name, &damaged).expect("CHECK_DUMP: the damaged version cannot be written");
        }
        let doc = Document::from_text(damaged, Some(lang)).expect("doc");
        let report = check(master, &[&doc], opts).expect("check").report;
        let seen = Seen { master, original: &original, path, seed, regions: &regions };
        local.add(&seen.score(&counted(&report.findings, news), &edits));
    }
    local
}

/// One damaged version's report, scored against what the damage did.
struct Seen<'a> {
    master: &'a Document,
    original: &'a str,
    path: &'a str,
    seed: u64,
    regions: &'a [Region],
}

impl Seen<'_> {
    /// The master ranges aligned to version range `span` in the undamaged alignment.
    fn master_of(&self, span: (usize, usize)) -> Vec<(usize, usize)> {
        self.regions.iter().filter(|(v, _)| overlaps(*v, span)).map(|(_, m)| *m).collect()
    }

    fn score(&self, findings: &[&Finding], edits: &[common::Edit]) -> Tally {
        let mut t = Tally::default();
        let debug = std::env::var("CHECK_DEBUG").is_ok();
        let deleted: Vec<(&common::Edit, Vec<(usize, usize)>)> =
            edits.iter().filter(|e| e.kind == Damage::Deleted).map(|e| (e, self.master_of(e.span))).collect();
        let changed: Vec<Vec<(usize, usize)>> =
            edits.iter().filter(|e| e.kind == Damage::Number).map(|e| self.master_of(e.span)).collect();
        if debug {
            for e in edits.iter().filter(|e| e.kind == Damage::Number) {
                let o = &self.original;
                let (mut a, mut b) = (e.span.0.saturating_sub(30), (e.span.1 + 10).min(o.len()));
                while !o.is_char_boundary(a) {
                    a -= 1;
                }
                while !o.is_char_boundary(b) {
                    b += 1;
                }
                let ctx = &o[a..b];
                eprintln!(
                    "{} seed {}: number {} → {} in {ctx:?}",
                    self.path,
                    self.seed,
                    &self.original[e.span.0..e.span.1],
                    e.with
                );
            }
        }
        let at = |f: &Finding| f.master.as_ref().map(|m| (m.start, m.end));
        let hits =
            |f: &Finding, regions: &[(usize, usize)]| at(f).is_some_and(|m| regions.iter().any(|r| overlaps(m, *r)));
        let text = |r: &(usize, usize)| &self.master.text[r.0..r.1];
        for (e, d) in &deleted {
            t.deleted += 1;
            if findings.iter().any(|f| f.kind == Kind::Missing && hits(f, d)) {
                t.deleted_found += 1;
            } else if debug {
                let gone = &self.original[e.span.0..e.span.1];
                eprintln!(
                    "{} seed {}: missed deletion of {gone:?}, master {:?}",
                    self.path,
                    self.seed,
                    d.iter().map(text).collect::<Vec<_>>()
                );
            }
        }
        for c in &changed {
            t.numbers += 1;
            let found = findings.iter().any(|f| f.kind == Kind::Number && hits(f, c));
            t.numbers_found += found as usize;
            if !found && debug {
                eprintln!(
                    "{} seed {}: missed number change in {:?}",
                    self.path,
                    self.seed,
                    c.iter().map(text).collect::<Vec<_>>()
                );
            }
        }
        for f in findings {
            t.reported += 1;
            // A number, title or length finding where text was deleted points
            // at the damage too.
            let at_deletion = deleted.iter().any(|(_, d)| hits(f, d));
            let right = match f.kind {
                Kind::Missing | Kind::Length | Kind::Title => at_deletion,
                Kind::Number => at_deletion || changed.iter().any(|c| hits(f, c)),
                _ => false,
            };
            t.correct += right as usize;
            if !right && debug {
                eprintln!("{} seed {}: false {} {:?} ({:?})", self.path, self.seed, f.kind, f.message, f.confidence);
            }
        }
        t
    }
}

/// The findings on the undamaged versions, besides the news report en and ru lack.
fn false_findings(opts: &CheckOptions) -> Vec<(Lang, Vec<String>)> {
    let master = master();
    VERSIONS
        .iter()
        .map(|&(path, lang, lacks_news)| {
            let doc = Document::load(std::path::Path::new(path), &Default::default()).expect("version");
            let report = check(&master, &[&doc], opts).expect("check").report;
            let news = lacks_news.then(|| news_end(&master));
            let msgs = counted(&report.findings, news).iter().map(|f| format!("{} {}", f.kind, f.message)).collect();
            (lang, msgs)
        })
        .collect()
}

#[test]
fn undamaged_versions_have_at_most_one_false_finding() {
    let Some(model) = embed_support::model_or_skip("the undamaged versions with the model") else { return };
    let opts = with_threshold(CheckOptions::default().with_model(model));
    for (lang, found) in false_findings(&opts) {
        println!("{lang}: {} finding(s) besides the news report: {found:#?}", found.len());
        assert!(found.len() <= 1, "{lang}: {found:#?}");
    }
    // Without the model, shown but not bound.
    for (lang, found) in false_findings(&with_threshold(CheckOptions::default())) {
        println!("without the model, {lang}: {} finding(s) besides the news report", found.len());
    }
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn damaged_translations_are_reported_without_the_model() {
    let t = measure(&with_threshold(CheckOptions::default()), "no model");
    // Length and the dictionary alone find few clauses missing from en and
    // ru (docs/diff.md); what they report must still be right.
    assert!(t.recall() >= 0.4 && t.precision() >= 0.85, "{t:?}");
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn damaged_translations_are_reported_with_the_model() {
    let Some(model) = embed_support::model_or_skip("check with the model") else { return };
    let t = measure(&with_threshold(CheckOptions::default().with_model(model)), "model");
    // Measured 0.822 / 0.928 on seeds 1–3, 0.794 / 0.934 on seeds 1–12
    // (docs/diff.md); the floors sit below them.
    assert!(t.recall() >= 0.75 && t.precision() >= 0.9, "{t:?}");
}
