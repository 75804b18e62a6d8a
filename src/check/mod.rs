//! `check`: versions of a document (translations) against their master.
//! Every version is aligned to the master, and the pairs merged into one
//! n-way table ([`crate::align::nway`]); each version is checked for missing and added units (and,
//! inside units that are much too short or too long, missing and added
//! clauses), numbers that disagree across scripts, quoted titles on one side
//! only, implausible length ratios, and text left untranslated.

mod gaps;
pub mod omission;
mod pivot;
mod rules;

use rayon::prelude::*;

use crate::align::nway::{align_versions_anchored, merge};
use crate::align::review::AnchorFile;
use crate::align::{AlignOptions, MultiAlignment, VersionAlignment};
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
    /// The versions are presegmented and paired line by line with the
    /// master (the two sides of a bilingual file, [`crate::formats`]): the
    /// alignment is read from the lines instead of searched, a master line
    /// whose version line is empty is an `untranslated` finding (empty
    /// target), and so is a line the version leaves as it is.
    pub paired: bool,
    /// Beads a user confirmed, kept in the alignment of the version each
    /// file was saved for ([`crate::align::nway::align_versions_anchored`]).
    pub anchors: Vec<AnchorFile>,
}

/// The probability from which a missing or added finding is reported.
pub const MIN_CONFIDENCE: f64 = 0.5;

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            align: AlignOptions::default(),
            min_confidence: MIN_CONFIDENCE,
            length_sigma: 3.5,
            paired: false,
            anchors: Vec::new(),
        }
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
    if opts.paired && !opts.anchors.is_empty() {
        return Err(crate::Error::new(
            crate::ErrorKind::InvalidOption,
            "the units of a bilingual file are paired already: anchors do not apply",
        ));
    }
    // A file of pairs (XLIFF, TMX) is aligned by its rows: no two rows are
    // one pair, and no head is left alone on the version's side.
    let (aligned, joined) = if opts.paired {
        let aligned = paired::align(master, versions, &opts.align)?;
        let joined = versions.iter().map(|_| gaps::Joined::default()).collect();
        (aligned, joined)
    } else {
        let mut aligned = align_versions_anchored(master, versions, &opts.align, &opts.anchors)?;
        // Units the aligner left alone side by side are one pair; the
        // omission model learns each version's habits from the beads the
        // aligner made.
        let joined: Vec<gaps::Joined> = versions
            .iter()
            .zip(aligned.versions.iter_mut())
            .map(|(v, a)| gaps::join_alone((master, &aligned.master), (v, a)))
            .collect();
        aligned.rows = merge(aligned.master.units.len(), &aligned.versions);
        (aligned, joined)
    };
    let mut all: Vec<&Document> = vec![master];
    all.extend_from_slice(versions);
    let labels = Document::labels(&all)[1..].to_vec();
    let pairs: Vec<(&Document, &VersionAlignment)> = versions.iter().copied().zip(&aligned.versions).collect();
    rules::prefetch_clauses((master, &aligned.master), &pairs, opts);
    let pivots = if opts.paired {
        vec![None; versions.len()]
    } else {
        pivot::pivots(master, &aligned.master, &pairs, &aligned.rows)
    };
    let per: Vec<rules::Found> = versions
        .par_iter()
        .zip(&aligned.versions)
        .zip(&joined)
        .zip(&labels)
        .zip(&pivots)
        .map(|((((v, a), j), label), p)| rules::findings((master, &aligned.master), (v, a, j), label, p.as_ref(), opts))
        .collect();
    // Over-long units cut for alignment (the master's once).
    let mut notes: Vec<String> = aligned.master.cut_note(&master.name()).into_iter().collect();
    let mut findings = Vec::new();
    for (((mut found, a), label), v) in per.into_iter().zip(&aligned.versions).zip(&labels).zip(versions) {
        notes.extend(a.seg.cut_note(label));
        notes.extend(a.notes.iter().chain(&found.notes).map(|n| format!("{label}: {n}")));
        if opts.paired {
            paired::findings((master, &aligned.master), (v, a), label, &mut found.findings);
        }
        findings.extend(found.findings);
    }
    report::sort(&mut findings);
    let report = Report::new(DocRef::of(master), versions.iter().map(|d| DocRef::of(d)).collect(), findings, notes);
    Ok(CheckResult { aligned, report })
}

/// Versions paired with their master line by line ([`CheckOptions::paired`]).
mod paired {
    use std::collections::BTreeSet;
    use std::ops::Range;

    use crate::align::{AlignOptions, Alignment, Bead, MultiAlignment, NRow, VersionAlignment};
    use crate::document::Document;
    use crate::error::Result;
    use crate::report::{Finding, Kind};
    use crate::segment::{segment, SegmentOptions, Segmentation, Span};

    /// The units of `doc`, one line (or, for an over-long line, a few) each,
    /// with the line of each unit; a unit's paragraph is its line.
    fn lines(doc: &Document, opts: &AlignOptions) -> (Segmentation, Vec<usize>) {
        let so = SegmentOptions { presegmented: true, ..opts.segment };
        let mut seg = segment(&doc.text, doc.lang, opts.level, &so);
        let starts: Vec<usize> = std::iter::once(0).chain(doc.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        let of = |at: usize| starts.partition_point(|&s| s <= at).saturating_sub(1);
        let lines: Vec<usize> = seg.units.iter().map(|u| of(u.span.start)).collect();
        seg.paragraphs = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| Span::new(s, starts.get(k + 1).map_or(doc.text.len(), |&n| n - 1)))
            .collect();
        for (u, &l) in seg.units.iter_mut().zip(&lines) {
            u.para = l;
        }
        (seg, lines)
    }

    /// The units on line `line` (`lines` is sorted).
    fn at(lines: &[usize], line: usize) -> Range<usize> {
        lines.partition_point(|&l| l < line)..lines.partition_point(|&l| l <= line)
    }

    /// The alignment of `versions` to `master` that their lines give.
    pub(super) fn align(master: &Document, versions: &[&Document], opts: &AlignOptions) -> Result<MultiAlignment> {
        let (mseg, mlines) = lines(master, opts);
        let sides: Vec<(Segmentation, Vec<usize>)> = versions.iter().map(|v| lines(v, opts)).collect();
        let all: BTreeSet<usize> = mlines.iter().chain(sides.iter().flat_map(|(_, l)| l)).copied().collect();
        let mut out = Vec::new();
        for (seg, vlines) in sides.iter() {
            let linked: BTreeSet<usize> = mlines.iter().chain(vlines).copied().collect();
            let beads: Vec<Bead> = linked
                .iter()
                .map(|&l| Bead { src: at(&mlines, l), tgt: at(vlines, l), score: 1.0, posterior: 1.0 })
                .collect();
            let alone = |mine: &[usize], other: &[usize]| -> Vec<f32> {
                mine.iter().map(|&l| if at(other, l).is_empty() { 1.0 } else { 0.0 }).collect()
            };
            let alignment = Alignment { src_alone: alone(&mlines, vlines), tgt_alone: alone(vlines, &mlines), beads };
            out.push(VersionAlignment { seg: seg.clone(), alignment, notes: Vec::new(), confirmed: Vec::new() });
        }
        let rows = all
            .iter()
            .map(|&l| NRow { master: at(&mlines, l), versions: sides.iter().map(|(_, v)| at(v, l)).collect() })
            .collect();
        Ok(MultiAlignment { master: mseg, versions: out, rows })
    }

    /// Whether excerpt `e` of a finding is `span` of `doc`.
    fn is(e: Option<&crate::report::Excerpt>, doc: &Document, span: Span) -> bool {
        e.is_some_and(|e| e.start == doc.file_offset(span.start) && e.end == doc.file_offset(span.end))
    }

    /// The findings of pre-paired lines: an empty target is `untranslated`
    /// (not `missing`), and so is a target identical to its source.
    pub(super) fn findings(
        (master, mseg): (&Document, &Segmentation),
        (version, a): (&Document, &VersionAlignment),
        label: &str,
        out: &mut Vec<Finding>,
    ) {
        for b in &a.alignment.beads {
            let Some(ms) = mseg.span_of(&b.src) else { continue };
            let m_text = ms.text(&master.text).trim();
            match a.seg.span_of(&b.tgt) {
                None => {
                    out.retain(|f| {
                        !(f.kind == Kind::Missing && f.other.is_none() && is(f.master.as_ref(), master, ms))
                    });
                    let msg = format!("empty target in {label}: “{}”", crate::error::Error::excerpt(m_text));
                    out.push(Finding::new(Kind::Untranslated, label, msg).with_master(master, ms));
                }
                Some(vs) if vs.text(&version.text).trim() == m_text && m_text.chars().any(char::is_alphabetic) => {
                    let inside = |f: &Finding| {
                        f.master.as_ref().is_some_and(|e| {
                            e.start >= master.file_offset(ms.start) && e.start < master.file_offset(ms.end)
                        })
                    };
                    if !out.iter().any(|f| f.kind == Kind::Untranslated && inside(f)) {
                        let msg = format!("target identical to the source in {label}: not translated");
                        out.push(
                            Finding::new(Kind::Untranslated, label, msg)
                                .with_master(master, ms)
                                .with_other(version, vs),
                        );
                    }
                }
                Some(_) => {}
            }
        }
    }
}
