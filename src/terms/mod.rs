//! Terminology: glossary terms of the master followed into every version
//! through the n-way alignment (`terms`), term pairs mined from aligned units
//! (`extract`), and keyword-in-context concordances (`concord`).

pub mod concord;
pub mod extract;
pub mod glossary;
pub mod matcher;

use std::collections::BTreeMap;
use std::ops::Range;

use serde::Serialize;

use crate::align::{align_versions, AlignOptions, MultiAlignment};
use crate::document::Document;
use crate::error::Result;
use crate::report::{self, Finding, Kind};
use crate::segment::{Segmentation, Span};
use crate::text::Lang;
pub use concord::{concord, Concordance};
pub use glossary::{Entry, Glossary};

/// How one version renders one term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VersionUse {
    /// The version's label.
    pub version: String,
    /// Accepted renderings found, with how often.
    pub renderings: Vec<(String, usize)>,
    /// Occurrences whose aligned unit has no accepted rendering.
    pub missing: usize,
    /// Occurrences in master units with no counterpart in this version.
    pub unaligned: usize,
    /// Occurrences whose aligned unit has several accepted renderings at once
    /// (a full name with its abbreviation); they do not count for consistency.
    pub several: usize,
    /// At most one rendering is used.
    pub consistent: bool,
}

/// A term's occurrences and renderings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermSummary {
    /// The term in the master.
    pub term: String,
    /// The entry's note.
    pub note: String,
    /// Occurrences in the master.
    pub occurrences: usize,
    /// Per version.
    pub versions: Vec<VersionUse>,
}

/// The outcome of [`analyse`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermsResult {
    /// `term-missing`, `term-inconsistent` and `term-variant` findings.
    pub findings: Vec<Finding>,
    /// One summary per glossary entry found in the master.
    pub terms: Vec<TermSummary>,
}

/// The forms of `e` to look for in a text in `lang`: a Chinese entry is
/// found in either script.
fn forms_for(e: &Entry, lang: Lang) -> Vec<String> {
    let own = e.forms(lang);
    if !own.is_empty() || !lang.is_chinese() {
        return own.to_vec();
    }
    let other = if lang == Lang::ZhHant { Lang::ZhHans } else { Lang::ZhHant };
    e.forms(other).to_vec()
}

/// Index of the unit of `seg` containing byte `pos`.
fn unit_at(seg: &Segmentation, pos: usize) -> Option<usize> {
    let i = seg.units.partition_point(|u| u.span.end <= pos);
    seg.units.get(i).filter(|u| u.span.start <= pos).map(|_| i)
}

/// Follow every glossary term of the master into every version.
pub fn analyse(
    master: &Document,
    versions: &[&Document],
    aligned: &MultiAlignment,
    glossary: &Glossary,
) -> TermsResult {
    let mut all: Vec<&Document> = vec![master];
    all.extend_from_slice(versions);
    let labels = Document::labels(&all)[1..].to_vec();
    let maps: Vec<Vec<Range<usize>>> = (0..versions.len()).map(|k| aligned.bead_map(k)).collect();
    let mut findings = Vec::new();
    let mut terms = Vec::new();
    // The master is searched once per entry: made ready once.
    let haystack = matcher::Haystack::new(&master.text, master.lang);
    for e in &glossary.entries {
        let mforms = forms_for(e, master.lang);
        let hits: Vec<(Span, usize)> = haystack
            .find(&mforms)
            .into_iter()
            .filter_map(|h| unit_at(&aligned.master, h.span.start).map(|u| (h.span, u)))
            .collect();
        if hits.is_empty() {
            continue;
        }
        let mut uses = Vec::new();
        for (k, v) in versions.iter().enumerate() {
            let vforms = forms_for(e, v.lang);
            if vforms.is_empty() {
                continue;
            }
            let version = Rendering { doc: v, seg: &aligned.versions[k].seg, map: &maps[k], label: &labels[k] };
            uses.push(version.follow(master, e, &hits, &vforms, &mut findings));
        }
        terms.push(TermSummary {
            term: mforms.first().cloned().unwrap_or_default(),
            note: e.note.clone(),
            occurrences: hits.len(),
            versions: uses,
        });
    }
    report::sort(&mut findings);
    TermsResult { findings, terms }
}

/// One version, as the terms of the master are followed into it.
struct Rendering<'a> {
    doc: &'a Document,
    seg: &'a Segmentation,
    /// For each master unit, the version's units in its bead.
    map: &'a [Range<usize>],
    label: &'a str,
}

impl Rendering<'_> {
    /// How the version renders the occurrences `hits` (master span, master
    /// unit) of entry `e` in the forms `vforms`, with the findings that makes.
    fn follow(
        &self,
        master: &Document,
        e: &Entry,
        hits: &[(Span, usize)],
        vforms: &[String],
        findings: &mut Vec<Finding>,
    ) -> VersionUse {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        let mut first_of: BTreeMap<String, (Span, Span)> = BTreeMap::new();
        let (mut missing, mut unaligned, mut several) = (0, 0, 0);
        for &(mspan, u) in hits {
            let Some(vspan) = self.seg.span_of(&self.map[u]) else {
                unaligned += 1;
                continue;
            };
            let at = |f: Finding| f.with_master(master, mspan).with_other(self.doc, vspan);
            let vh = matcher::find(vspan.text(&self.doc.text), self.doc.lang, vforms);
            let Some(h) = vh.first() else {
                missing += 1;
                let msg = format!("{}: none of {} in {}", mspan.text(&master.text), vforms.join(" | "), self.label);
                findings.push(at(Finding::new(Kind::TermMissing, self.label, msg)));
                continue;
            };
            let r = vforms[h.form].clone();
            if self.doc.lang.is_chinese() && !vh.iter().any(|h| h.exact) {
                let msg = format!("{} written in another form than the glossary's {}", mspan.text(&master.text), r);
                findings.push(at(Finding::new(Kind::TermVariant, self.label, msg)));
            }
            if vh.iter().any(|x| x.form != h.form) {
                several += 1;
                continue;
            }
            *counts.entry(r.clone()).or_default() += 1;
            first_of.entry(r).or_insert((mspan, vspan));
        }
        let consistent = counts.len() <= 1;
        if !consistent {
            findings.extend(self.inconsistency(master, e, &counts, &first_of));
        }
        VersionUse {
            version: self.label.to_string(),
            renderings: counts.into_iter().collect(),
            missing,
            unaligned,
            several,
            consistent,
        }
    }

    /// The finding for a term rendered in several ways: at the first use of
    /// its least frequent rendering.
    fn inconsistency(
        &self,
        master: &Document,
        e: &Entry,
        counts: &BTreeMap<String, usize>,
        first_of: &BTreeMap<String, (Span, Span)>,
    ) -> Option<Finding> {
        let minority = counts.iter().min_by_key(|(_, c)| **c).map(|(r, _)| r.clone()).unwrap_or_default();
        let list: Vec<String> = counts.iter().map(|(r, c)| format!("“{r}” ×{c}")).collect();
        let &(ms, vs) = first_of.get(&minority)?;
        let msg = format!("{} rendered in {} ways: {}", e.label(), counts.len(), list.join(", "));
        Some(Finding::new(Kind::TermInconsistent, self.label, msg).with_master(master, ms).with_other(self.doc, vs))
    }
}

/// Align the versions to the master and follow the glossary's terms.
pub fn terms(
    master: &Document,
    versions: &[&Document],
    glossary: &Glossary,
    opts: &AlignOptions,
) -> Result<(MultiAlignment, TermsResult)> {
    let aligned = align_versions(master, versions, opts)?;
    let t = analyse(master, versions, &aligned, glossary);
    Ok((aligned, t))
}
