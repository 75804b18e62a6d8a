//! `diff`: two releases of one text (same language, or zh-Hant against
//! zh-Hans). The releases are aligned unit by unit on normalized keys; units
//! with no counterpart are matched again out of order to find moved units;
//! inside every pair the changed words (characters, for Chinese) are found and
//! classified ([`compare`]).

pub mod bounded;
pub mod compare;
pub mod estimate;

use std::ops::Range;

use rayon::prelude::*;

use crate::align::{align_paired, pair_releases, AlignOptions};
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::report::{DocRef, Finding, Kind, Report};
use crate::segment::{Segmentation, Span};
use crate::text::spelling::Spelling;
use crate::text::Lang;
use bounded::Coarse;
use compare::{compare, Piece};
pub use estimate::memory_estimate;

/// What to compare and how.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffOptions {
    /// Alignment options (their level, sentence by default, is the unit level of the comparison).
    pub align: AlignOptions,
    /// Minimum key similarity (0–1) for an unmatched pair of units to count as moved.
    pub moved_threshold: f64,
    /// At most this many unmatched unit pairs are compared when looking for moves.
    pub moved_max_pairs: usize,
    /// Time allowed to pair equal units of the two releases (a patience diff
    /// of their keys); past it the rest goes to the aligner whole, with a note.
    pub deadline: std::time::Duration,
    /// Refuse ([`ErrorKind::OverBudget`]) releases whose diff is estimated
    /// to need more memory than this many bytes ([`memory_estimate`]), once
    /// their units are paired and before they are aligned; no limit when `None`.
    pub max_memory: Option<u64>,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions {
            align: AlignOptions::default(),
            moved_threshold: 0.5,
            moved_max_pairs: 4_000_000,
            deadline: std::time::Duration::from_secs(2),
            max_memory: None,
        }
    }
}

/// A row of the side-by-side view: old units ↔ new units.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Old units.
    pub old: Range<usize>,
    /// New units.
    pub new: Range<usize>,
    /// Whether the pair was found out of order (a move).
    pub moved: bool,
}

/// The outcome of [`diff`].
#[derive(Debug, Clone)]
pub struct DiffResult {
    /// Old units.
    pub old: Segmentation,
    /// New units.
    pub new: Segmentation,
    /// Aligned rows in the old text's order (added units where they occur).
    pub rows: Vec<Row>,
    /// The findings, and notes on what the comparison did that a user
    /// should know (fallbacks).
    pub report: Report,
}

/// Compare two releases.
pub fn diff(old: &Document, new: &Document, opts: &DiffOptions) -> Result<DiffResult> {
    if old.lang != new.lang && !(old.lang.is_chinese() && new.lang.is_chinese()) {
        return Err(Error::new(
            ErrorKind::Mismatch,
            format!(
                "diff compares two releases of one text, but {} is {} and {} is {}; use `clausediff check` for translations",
                old.name(),
                old.lang,
                new.name(),
                new.lang
            ),
        ));
    }
    let version = if old.lang == new.lang { new.name() } else { new.lang.tag().to_string() };
    let paired = pair_releases(old, new, &opts.align, opts.deadline);
    if let Some(limit) = opts.max_memory {
        estimate::of_paired(old, new, &paired).check(limit)?;
    }
    let aligned = align_paired(old, new, paired, &opts.align);
    let (os, ns) = (&aligned.src, &aligned.tgt);
    let mut rows: Vec<Row> =
        aligned.alignment.beads.iter().map(|b| Row { old: b.src.clone(), new: b.tgt.clone(), moved: false }).collect();
    let mut notes = aligned.notes.clone();
    notes.extend(os.cut_note(&old.name()).into_iter().chain(ns.cut_note(&new.name())));
    find_moves(old, new, os, ns, &mut rows, opts, &mut notes);
    if let Err(e) = crate::text::spelling::Spelling::bundled() {
        notes.push(format!("{e}: conversion errors are not told from script differences"));
    }
    let spans = |seg: &Segmentation, r: &Range<usize>| -> Vec<Span> { seg.clauses_of(r).to_vec() };
    let per_row: Vec<(Vec<Finding>, Coarse)> = rows
        .par_iter()
        .map(|row| match (row.old.is_empty(), row.new.is_empty()) {
            (false, true) => (vec![unit_finding(old, os, row.old.clone(), Kind::Removed, &version)], Coarse::default()),
            (true, false) => (vec![unit_finding(new, ns, row.new.clone(), Kind::Added, &version)], Coarse::default()),
            _ => {
                let a = Piece { doc: old, spans: spans(os, &row.old) };
                let b = Piece { doc: new, spans: spans(ns, &row.new) };
                let mut v = Vec::new();
                if row.moved {
                    v.push(moved_finding(old, new, &a, &b, &version));
                }
                let (found, coarse) = compare(&a, &b, &version);
                v.extend(found);
                (v, coarse)
            }
        })
        .collect();
    let mut coarse = Coarse::default();
    let mut findings: Vec<Finding> = Vec::new();
    for (found, c) in per_row {
        findings.extend(found);
        coarse.merge(c);
    }
    notes.extend(coarse.note());
    pair_moved_clauses(&mut findings, (old.lang, new.lang), opts, &mut notes);
    for (f, is_old) in habit_findings((old, new), &findings, &version) {
        // In the text's order: before the first finding on that side that starts after it.
        let start = |f: &Finding| if is_old { f.master.as_ref() } else { f.other.as_ref() }.map(|e| e.start);
        let at = start(&f).and_then(|s| findings.iter().position(|g| start(g).is_some_and(|t| t > s)));
        findings.insert(at.unwrap_or(findings.len()), f);
    }
    let report = Report::new(DocRef::of(old), vec![DocRef::of(new)], findings, notes);
    Ok(DiffResult { old: aligned.src, new: aligned.tgt, rows, report })
}

/// The characters of a traditional release's disputed words that its own
/// conversion habits mark as errors ([`Spelling::habit_errors`]: OpenCC's
/// 市場準入 in a text that writes 批準 for 批准), where no conversion error
/// is reported already: each aligned clause alone cannot tell them. Only
/// between a traditional and a simplified release.
/// Each with whether it is on the OLD side.
fn habit_findings((old, new): (&Document, &Document), found: &[Finding], version: &str) -> Vec<(Finding, bool)> {
    // Between releases in one script, what the text's habits say holds for
    // both alike and is no difference: `lint` reports it.
    let Ok(spelling) = Spelling::bundled() else { return Vec::new() };
    if old.lang == new.lang {
        return Vec::new();
    }
    let traditional = |d: &Document| d.lang.is_chinese() && d.lang != Lang::ZhHans;
    let mut out = Vec::new();
    for (doc, is_old) in [(old, true), (new, false)] {
        if !traditional(doc) {
            continue;
        }
        for h in spelling.habit_errors(&doc.text) {
            let span = Span::new(h.range.start, h.range.end);
            let side = |f: &Finding| if is_old { f.master.clone() } else { f.other.clone() };
            let known = found
                .iter()
                .filter(|f| f.kind == Kind::ConversionError)
                .filter_map(side)
                .any(|e| e.start < span.end && span.start < e.end);
            if known {
                continue;
            }
            let f = Finding::new(Kind::ConversionError, version, h.message()).with_confidence(h.confidence);
            out.push((if is_old { f.with_master(doc, span) } else { f.with_other(doc, span) }, is_old));
        }
    }
    out
}

/// A removed unit (text on the OLD side) or an added one (text on the NEW side).
fn unit_finding(doc: &Document, seg: &Segmentation, r: Range<usize>, kind: Kind, version: &str) -> Finding {
    let what = if kind == Kind::Added { "added" } else { "removed" };
    let f = Finding::new(kind, version, format!("{} unit(s) {what}", r.len()));
    match seg.span_of(&r) {
        Some(s) if kind == Kind::Added => f.with_other(doc, s),
        Some(s) => f.with_master(doc, s),
        None => f,
    }
}

fn moved_finding(old: &Document, new: &Document, a: &Piece<'_>, b: &Piece<'_>, version: &str) -> Finding {
    let span = |p: &Piece<'_>| Span::new(p.spans[0].start, p.spans[p.spans.len() - 1].end);
    Finding::new(Kind::Moved, version, "unit moved to another place").with_master(old, span(a)).with_other(new, span(b))
}

/// Removed and added clauses (found inside aligned units) that are the same
/// text become one `moved` finding (unless there are more pairs of them
/// than `opts.moved_max_pairs`, which is noted).
fn pair_moved_clauses(
    findings: &mut Vec<Finding>,
    (old, new): (crate::Lang, crate::Lang),
    opts: &DiffOptions,
    notes: &mut Vec<String>,
) {
    let grams_of = |kind: Kind| -> Vec<(usize, Vec<u64>)> {
        let removed = kind == Kind::Removed;
        findings
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind == kind)
            .map(|(i, f)| {
                let e = if removed { &f.master } else { &f.other };
                (i, e.as_ref().map(|x| text_grams(&x.text, if removed { old } else { new })).unwrap_or_default())
            })
            .collect()
    };
    let (removed, added) = (grams_of(Kind::Removed), grams_of(Kind::Added));
    if removed.is_empty() || added.is_empty() {
        return;
    }
    if removed.len() * added.len() > opts.moved_max_pairs {
        notes.push(format!(
            "moved clauses not searched: {} removed × {} added clauses exceed the limit of {} comparisons",
            removed.len(),
            added.len(),
            opts.moved_max_pairs
        ));
        return;
    }
    let rg: Vec<Vec<u64>> = removed.iter().map(|(_, g)| g.clone()).collect();
    let ag: Vec<Vec<u64>> = added.iter().map(|(_, g)| g.clone()).collect();
    let mut drop = vec![false; findings.len()];
    for (x, y) in link(&rg, &ag, opts.moved_threshold) {
        let (ri, ai) = (removed[x].0, added[y].0);
        let other = findings[ai].other.clone();
        let f = &mut findings[ri];
        f.kind = Kind::Moved;
        f.other = other;
        f.severity = Kind::Moved.severity();
        f.message = "moved to another place".to_string();
        drop[ai] = true;
    }
    let mut k = 0;
    findings.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}

/// Pairs (x, y) of `a` and `b` items whose Dice similarity reaches
/// `threshold`, best first, each item used at most once.
fn link(a: &[Vec<u64>], b: &[Vec<u64>], threshold: f64) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (x, ga) in a.iter().enumerate() {
        for (y, gb) in b.iter().enumerate() {
            let d = dice(ga, gb);
            if d >= threshold {
                pairs.push((d, x, y));
            }
        }
    }
    pairs.sort_by(|p, q| q.0.total_cmp(&p.0));
    let (mut used_a, mut used_b) = (vec![false; a.len()], vec![false; b.len()]);
    let mut out = Vec::new();
    for (_, x, y) in pairs {
        if !used_a[x] && !used_b[y] {
            used_a[x] = true;
            used_b[y] = true;
            out.push((x, y));
        }
    }
    out
}

/// Character bigrams (Chinese) or words of a unit's key, for move detection.
fn grams(doc: &Document, seg: &Segmentation, i: usize) -> Vec<u64> {
    text_grams(seg.unit_text(&doc.text, i), doc.lang)
}

fn text_grams(text: &str, lang: crate::Lang) -> Vec<u64> {
    let key = crate::text::normalize::key(text, lang);
    let mut v: Vec<u64> = if lang.is_chinese() {
        let c: Vec<char> = key.chars().filter(|c| c.is_alphanumeric()).collect();
        c.windows(2).map(|w| (w[0] as u64) << 32 | w[1] as u64).collect()
    } else {
        key.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.bytes().fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100000001b3)))
            .collect()
    };
    v.sort_unstable();
    v
}

fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Pair removed and added units that are the same unit elsewhere (moves).
fn find_moves(
    old: &Document,
    new: &Document,
    os: &Segmentation,
    ns: &Segmentation,
    rows: &mut Vec<Row>,
    opts: &DiffOptions,
    notes: &mut Vec<String>,
) {
    let removed: Vec<usize> =
        rows.iter().enumerate().filter(|(_, r)| r.new.is_empty() && r.old.len() == 1).map(|(k, _)| k).collect();
    let added: Vec<usize> =
        rows.iter().enumerate().filter(|(_, r)| r.old.is_empty() && r.new.len() == 1).map(|(k, _)| k).collect();
    if removed.is_empty() || added.is_empty() {
        return;
    }
    if removed.len() * added.len() > opts.moved_max_pairs {
        notes.push(format!(
            "moved units not searched: {} removed × {} added units exceed the limit of {} comparisons",
            removed.len(),
            added.len(),
            opts.moved_max_pairs
        ));
        return;
    }
    let rg: Vec<Vec<u64>> = removed.iter().map(|&k| grams(old, os, rows[k].old.start)).collect();
    let ag: Vec<Vec<u64>> = added.iter().map(|&k| grams(new, ns, rows[k].new.start)).collect();
    let mut drop = vec![false; rows.len()];
    for (x, y) in link(&rg, &ag, opts.moved_threshold) {
        let new_range = rows[added[y]].new.clone();
        rows[removed[x]].new = new_range;
        rows[removed[x]].moved = true;
        drop[added[y]] = true;
    }
    let mut k = 0;
    rows.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
}
