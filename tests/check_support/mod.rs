//! Shared by the `check` quality tests: a set of texts (a master and its
//! versions, with the differences they really have), the findings of the
//! undamaged versions, and versions damaged by the seeded generator of
//! `tests/common` scored against what the generator did, through the
//! undamaged version's alignment: recall is the share of deletions
//! reported missing, precision the share of all findings (besides the
//! real differences) that are damage.
//! Seeds 1–3 by default; `NSEEDS` and `SEED0` choose others,
//! Each version is checked as `check` runs on the whole set, beside the
//! others undamaged (whose lengths it reads its own against), or alone
//! under `CHECK_ALONE`; under `CHECK_ALL_DAMAGED` the others are damaged
//! too, each with a seed of its own.
//! `MIN_CONFIDENCE` another threshold, `CHECK_DEBUG` prints what was missed
//! or wrongly reported, `CHECK_DUMP=DIR` writes each damaged version to DIR
//! (`tianjin-en-1.txt` …) to run `check` on.

#![allow(dead_code)]

use std::path::PathBuf;

use crate::common::{self, damage, overlaps, Damage, Plan};
use clausediff::check::{check, CheckOptions, CheckResult};
use clausediff::report::{Finding, Kind};
use clausediff::{Document, Lang};

/// A finding of a version, with the master and the version it was made on.
pub struct Seen<'a> {
    /// The finding.
    pub finding: &'a Finding,
    /// The master.
    pub master: &'a Document,
    /// The version's text as checked (damaged or not).
    pub version: &'a str,
    /// The version's text undamaged.
    pub original: &'a str,
    /// The version's language.
    pub lang: Lang,
}

/// A master and its versions, and which findings are differences the
/// texts really have (not counted as false).
pub struct Texts {
    /// The set's name (in the files `CHECK_DUMP` writes).
    pub name: &'static str,
    /// The master's file.
    pub master: PathBuf,
    /// Each version's file and language.
    pub versions: Vec<(PathBuf, Lang)>,
    /// The real difference a finding points at, if it does.
    pub real: fn(&Seen<'_>) -> Option<&'static str>,
}

impl Texts {
    /// The master, loaded.
    fn load_master(&self) -> Document {
        Document::load(&self.master, &Default::default()).expect("master")
    }

    /// The versions other than `path`, loaded (none under `CHECK_ALONE`).
    fn others(&self, path: &PathBuf) -> Vec<Document> {
        if std::env::var("CHECK_ALONE").is_ok() {
            return Vec::new();
        }
        let load = |p: &PathBuf, lang: Lang| {
            Document::from_text(std::fs::read_to_string(p).expect("text"), Some(lang)).expect("version")
        };
        self.versions.iter().filter(|(p, _)| p != path).map(|(p, lang)| load(p, *lang)).collect()
    }

    /// The versions other than `path`, each damaged as `plan` says with a
    /// seed of its own derived from `seed` (`CHECK_ALL_DAMAGED`: no
    /// version is checked beside an undamaged one).
    fn others_damaged(&self, path: &PathBuf, seed: u64, plan: &Plan) -> Vec<Document> {
        let versions = self.versions.iter().enumerate().filter(|(_, (p, _))| p != path);
        versions
            .map(|(k, (p, lang))| {
                let text = std::fs::read_to_string(p).expect("text");
                let (damaged, _) = damage(&text, *lang, seed.wrapping_mul(1009).wrapping_add(k as u64 + 1), plan);
                Document::from_text(damaged, Some(*lang)).expect("doc")
            })
            .collect()
    }

    /// `check` of `version` beside `others`: the version's alignment
    /// first, and its findings only.
    fn check_beside(master: &Document, version: &Document, others: &[Document], opts: &CheckOptions) -> CheckResult {
        let all: Vec<&Document> = std::iter::once(version).chain(others).collect();
        let mut r = check(master, &all, opts).expect("check");
        // The version's label as `check` gives it (its tag, or its path
        // when another version shares the tag).
        let labels = Document::labels(&std::iter::once(master).chain(all.iter().copied()).collect::<Vec<_>>());
        r.report.findings.retain(|f| f.version == labels[1]);
        r
    }

    /// The findings on each undamaged version, checked beside the others:
    /// those at real differences, and the others (false).
    pub fn undamaged(&self, opts: &CheckOptions) -> Vec<Undamaged> {
        let master = self.load_master();
        self.versions
            .iter()
            .map(|(path, lang)| {
                let doc = Document::load(path, &Default::default()).expect("version");
                let report = Self::check_beside(&master, &doc, &self.others(path), opts).report;
                let mut out = Undamaged { lang: *lang, real: Vec::new(), wrong: Vec::new() };
                for finding in &report.findings {
                    let said = format!("{} {} ({:?})", finding.kind, finding.message, finding.confidence);
                    match self.real_difference(finding, &master, (&doc.text, &doc.text, *lang)) {
                        Some(what) => out.real.push((what, said)),
                        None => out.wrong.push(said),
                    }
                }
                out
            })
            .collect()
    }

    /// The real difference `finding`, made on `version` (damaged from
    /// `original`), points at, if it does.
    fn real_difference(
        &self,
        finding: &Finding,
        master: &Document,
        (version, original, lang): (&str, &str, Lang),
    ) -> Option<&'static str> {
        (self.real)(&Seen { finding, master, version, original, lang })
    }

    /// The findings of a report on `version` (damaged from `original`)
    /// that are not real differences.
    fn counted<'f>(&self, findings: &'f [Finding], master: &Document, on: (&str, &str, Lang)) -> Vec<&'f Finding> {
        findings.iter().filter(|f| self.real_difference(f, master, on).is_none()).collect()
    }

    /// Damage every version with the seeds and tally what `check` reports.
    pub fn measure(&self, opts: &CheckOptions, name: &str) -> Tally {
        let master = self.load_master();
        let mut t = Tally::default();
        for (path, lang) in &self.versions {
            let local = self.measure_version(&master, (path, *lang), opts);
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
        t
    }

    /// The tally of one version over the seeds.
    fn measure_version(&self, master: &Document, (path, lang): (&PathBuf, Lang), opts: &CheckOptions) -> Tally {
        let mut local = Tally::default();
        let original = std::fs::read_to_string(path).expect("text");
        let clean = Document::from_text(original.clone(), Some(lang)).expect("doc");
        let others = self.others(path);
        let regions = master_regions(&Self::check_beside(master, &clean, &others, opts));
        let first: u64 = std::env::var("SEED0").ok().and_then(|v| v.parse().ok()).unwrap_or(1);
        let nseeds: u64 = std::env::var("NSEEDS").ok().and_then(|v| v.parse().ok()).unwrap_or(3);
        for seed in first..first + nseeds {
            let plan = Plan { sentences: 2, clauses: 3, numbers: 3, moves: 0, words: 0 };
            let (damaged, edits) = damage(&original, lang, seed, &plan);
            if let Ok(dir) = std::env::var("CHECK_DUMP") {
                let name = format!("{dir}/{}-{}-{seed}.txt", self.name, lang.tag());
                std::fs::write(name, &damaged).expect("CHECK_DUMP: the damaged version cannot be written");
            }
            let doc = Document::from_text(damaged, Some(lang)).expect("doc");
            let all_damaged = std::env::var("CHECK_ALL_DAMAGED").is_ok() && !others.is_empty();
            let beside = if all_damaged { self.others_damaged(path, seed, &plan) } else { Vec::new() };
            let beside = if all_damaged { &beside } else { &others };
            let report = Self::check_beside(master, &doc, beside, opts).report;
            let run = Run { master, original: &original, path, seed, regions: &regions };
            local.add(&run.score(&self.counted(&report.findings, master, (&doc.text, &original, lang)), &edits));
        }
        local
    }
}

/// The findings on one undamaged version.
pub struct Undamaged {
    /// The version's language.
    pub lang: Lang,
    /// Those at differences the texts really have: which, and the finding.
    pub real: Vec<(&'static str, String)>,
    /// The others: false findings.
    pub wrong: Vec<String>,
}

/// Options with the threshold `MIN_CONFIDENCE` names, if it does.
pub fn with_threshold(mut opts: CheckOptions) -> CheckOptions {
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

/// What the seeded runs of a set of texts found.
#[derive(Default, Debug)]
pub struct Tally {
    /// Deletions of text with a counterpart in the master.
    pub deleted: usize,
    /// Those reported missing.
    pub deleted_found: usize,
    /// Findings, besides the real differences.
    pub reported: usize,
    /// Those at the damage.
    pub correct: usize,
    /// Numbers changed.
    pub numbers: usize,
    /// Those reported.
    pub numbers_found: usize,
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

    /// The share of deletions reported missing.
    pub fn recall(&self) -> f64 {
        self.deleted_found as f64 / self.deleted.max(1) as f64
    }

    /// The share of findings that point at damage.
    pub fn precision(&self) -> f64 {
        self.correct as f64 / self.reported.max(1) as f64
    }
}

/// One damaged version's report, scored against what the damage did.
struct Run<'a> {
    master: &'a Document,
    original: &'a str,
    path: &'a PathBuf,
    seed: u64,
    regions: &'a [Region],
}

impl Run<'_> {
    /// The master ranges aligned to version range `span` in the undamaged alignment.
    fn master_of(&self, span: (usize, usize)) -> Vec<(usize, usize)> {
        self.regions.iter().filter(|(v, _)| overlaps(*v, span)).map(|(_, m)| *m).collect()
    }

    /// The original text around bytes `span` (30 bytes before, 10 after,
    /// widened to whole characters).
    fn around(&self, span: (usize, usize)) -> &str {
        let o = self.original;
        let (mut a, mut b) = (span.0.saturating_sub(30), (span.1 + 10).min(o.len()));
        while !o.is_char_boundary(a) {
            a -= 1;
        }
        while !o.is_char_boundary(b) {
            b += 1;
        }
        &o[a..b]
    }

    /// Print `what` under `CHECK_DEBUG`.
    fn say(&self, what: std::fmt::Arguments<'_>) {
        if std::env::var("CHECK_DEBUG").is_ok() {
            eprintln!("{} seed {}: {what}", self.path.display(), self.seed);
        }
    }

    /// Tally `findings` against the `edits` made. A deletion of text that
    /// has no counterpart in the master (a paragraph only the version
    /// has) takes nothing of the master away and is not counted.
    fn score(&self, findings: &[&Finding], edits: &[common::Edit]) -> Tally {
        let mut t = Tally::default();
        let deleted: Vec<(&common::Edit, Vec<(usize, usize)>)> = edits
            .iter()
            .filter(|e| e.kind == Damage::Deleted)
            .map(|e| (e, self.master_of(e.span)))
            .filter(|(_, d)| !d.is_empty())
            .collect();
        let changed: Vec<Vec<(usize, usize)>> =
            edits.iter().filter(|e| e.kind == Damage::Number).map(|e| self.master_of(e.span)).collect();
        for e in edits.iter().filter(|e| e.kind == Damage::Number) {
            let (was, around) = (&self.original[e.span.0..e.span.1], self.around(e.span));
            self.say(format_args!("number {was} → {} in {around:?}", e.with));
        }
        let at = |f: &Finding| f.master.as_ref().map(|m| (m.start, m.end));
        let hits =
            |f: &Finding, regions: &[(usize, usize)]| at(f).is_some_and(|m| regions.iter().any(|r| overlaps(m, *r)));
        let text = |r: &(usize, usize)| &self.master.text[r.0..r.1];
        for (e, d) in &deleted {
            t.deleted += 1;
            if findings.iter().any(|f| f.kind == Kind::Missing && hits(f, d)) {
                t.deleted_found += 1;
            } else {
                let gone = &self.original[e.span.0..e.span.1];
                let master: Vec<&str> = d.iter().map(text).collect();
                self.say(format_args!("missed deletion of {gone:?}, master {master:?}"));
            }
        }
        for c in &changed {
            t.numbers += 1;
            let found = findings.iter().any(|f| f.kind == Kind::Number && hits(f, c));
            t.numbers_found += found as usize;
            if !found {
                let master: Vec<&str> = c.iter().map(text).collect();
                self.say(format_args!("missed number change in {master:?}"));
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
            if !right {
                self.say(format_args!("false {} {:?} ({:?})", f.kind, f.message, f.confidence));
            }
        }
        t
    }
}
