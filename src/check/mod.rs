//! `check`: versions of a document (translations) against their master.
//! Every version is aligned to the master, and the pairs merged into one
//! n-way table ([`crate::align::nway`]); each version is checked for missing and added units (and,
//! inside units that are much too short or too long, missing and added
//! clauses), numbers that disagree across scripts, quoted titles on one side
//! only, implausible length ratios, and text left untranslated.

pub mod omission;
mod rules;

use rayon::prelude::*;

use crate::align::{align_versions, AlignOptions, MultiAlignment};
use crate::document::Document;
use crate::error::Result;
use crate::report::{self, DocRef, Report};

/// What to check and how.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOptions {
    /// Alignment options (their level is the unit level of the check).
    pub align: AlignOptions,
    /// A missing or added finding is reported when its probability reaches this.
    pub min_confidence: f64,
    /// A unit pair whose length deviates by more than this many standard
    /// deviations from the length model (the language pair's variance, its
    /// ratio fitted to the version), with nothing missing or added found
    /// in it, gets a `length` finding.
    pub length_sigma: f64,
}

/// The probability from which a missing or added finding is reported.
pub const MIN_CONFIDENCE: f64 = 0.5;

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions { align: AlignOptions::default(), min_confidence: MIN_CONFIDENCE, length_sigma: 3.5 }
    }
}

/// The weight of word links in the check's unit alignment, with the model.
pub const MODEL_WORDS: f64 = 8.0;

impl CheckOptions {
    /// These options with the sentence-embedding model: units are aligned
    /// with the meaning signal and, inside paragraphs, with words linked to
    /// their translations; the omission model reads the encoder's evidence.
    pub fn with_model(mut self, model: crate::align::semantic::Model) -> CheckOptions {
        self.align = self.align.with_model(model);
        self.align.weights.words = MODEL_WORDS;
        self
    }
}

/// The outcome of [`check`].
#[derive(Debug, Clone)]
pub struct CheckResult {
    /// The versions aligned to the master, and the n-way table.
    pub aligned: MultiAlignment,
    /// The findings, and notes on what the search did.
    pub report: Report,
}

/// Check `versions` against `master`.
pub fn check(master: &Document, versions: &[&Document], opts: &CheckOptions) -> Result<CheckResult> {
    let aligned = align_versions(master, versions, &opts.align)?;
    let mut all: Vec<&Document> = vec![master];
    all.extend_from_slice(versions);
    let labels = Document::labels(&all)[1..].to_vec();
    let per: Vec<rules::Found> = versions
        .par_iter()
        .zip(&aligned.versions)
        .zip(&labels)
        .map(|((v, a), label)| rules::findings((master, &aligned.master), (v, a), label, opts))
        .collect();
    // Over-long units cut for alignment (the master's once).
    let mut notes: Vec<String> = aligned.master.cut_note(&master.name()).into_iter().collect();
    let mut findings = Vec::new();
    for ((found, a), label) in per.into_iter().zip(&aligned.versions).zip(&labels) {
        notes.extend(a.seg.cut_note(label));
        notes.extend(a.notes.iter().chain(&found.notes).map(|n| format!("{label}: {n}")));
        findings.extend(found.findings);
    }
    report::sort(&mut findings);
    let report = Report::new(DocRef::of(master), versions.iter().map(|d| DocRef::of(d)).collect(), findings, notes);
    Ok(CheckResult { aligned, report })
}
