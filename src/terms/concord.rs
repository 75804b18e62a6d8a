//! Keyword in context across versions: every occurrence of a term, with the
//! units the alignment puts beside it in every version.

use std::ops::Range;

use serde::Serialize;

use super::{matcher, unit_at};
use crate::align::MultiAlignment;
use crate::document::Document;
use crate::report::DocRef;

/// A concordance (JSON schema 1): the term, the documents (master first)
/// and one line per occurrence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concordance {
    /// Version of the JSON layout.
    pub schema: u32,
    /// The term looked for.
    pub term: String,
    /// The documents, master first.
    pub documents: Vec<DocRef>,
    /// The occurrences, in the order of the master's units.
    pub lines: Vec<ConcordLine>,
}

/// One occurrence: the term in context in the document it was found in,
/// and the aligned text of every document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConcordLine {
    /// The label of the document the term was found in (its language tag,
    /// or its path when two documents share a tag).
    pub found_in: String,
    /// Text before the term, from the start of its unit.
    pub left: String,
    /// The term as written.
    pub term: String,
    /// Text after the term, to the end of its unit.
    pub right: String,
    /// The aligned units of every document, master first.
    pub aligned: Vec<AlignedText>,
}

/// The text one document has beside an occurrence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlignedText {
    /// The document's label.
    pub version: String,
    /// Its aligned units; `None` where it has no counterpart.
    pub text: Option<String>,
}

/// Every occurrence of `term` in the documents (master first) whose
/// language it is written in, with the aligned units of the others. An
/// occurrence is listed once: when the term is written alike in two
/// versions (上海精神 in both Chinese scripts), the later version's
/// occurrence beside the same master units is the same one.
pub fn concord(term: &str, master: &Document, versions: &[&Document], aligned: &MultiAlignment) -> Concordance {
    let mut docs: Vec<&Document> = vec![master];
    docs.extend_from_slice(versions);
    let labels = Document::labels(&docs);
    let table = Table { master, versions, aligned, maps: (0..versions.len()).map(|k| aligned.bead_map(k)).collect() };
    let forms = vec![term.to_string()];
    let mut found: Vec<(Range<usize>, usize, ConcordLine)> = Vec::new();
    for (d, doc) in docs.iter().enumerate() {
        let seg = if d == 0 { &aligned.master } else { &aligned.versions[d - 1].seg };
        let before = found.len();
        for h in matcher::find(&doc.text, doc.lang, &forms) {
            let Some(u) = unit_at(seg, h.span.start) else { continue };
            let rows = table.master_units(d, u);
            // Seen from an earlier document beside the same master units.
            let seen = !rows.is_empty() && found[..before].iter().any(|(r, _, _)| *r == rows);
            if seen {
                continue;
            }
            let unit = seg.units[u].span;
            let texts = table.row(d, u, &rows);
            let line = ConcordLine {
                found_in: labels[d].clone(),
                left: doc.text[unit.start..h.span.start].to_string(),
                term: h.span.text(&doc.text).to_string(),
                right: doc.text[h.span.end..unit.end].to_string(),
                aligned: labels.iter().zip(texts).map(|(l, text)| AlignedText { version: l.clone(), text }).collect(),
            };
            found.push((rows, d, line));
        }
    }
    // Master order: by the first master unit (units with none last, by document).
    found.sort_by_key(|(r, d, _)| (r.is_empty(), r.start, *d));
    Concordance {
        schema: 1,
        term: term.to_string(),
        documents: docs.iter().map(|d| DocRef::of(d)).collect(),
        lines: found.into_iter().map(|(_, _, l)| l).collect(),
    }
}

/// The n-way table of a concordance: the documents, and for each version
/// the version units of each master unit's bead.
struct Table<'a> {
    master: &'a Document,
    versions: &'a [&'a Document],
    aligned: &'a MultiAlignment,
    maps: Vec<Vec<Range<usize>>>,
}

impl Table<'_> {
    /// The master units aligned to unit `u` of document `d` (0 = master).
    fn master_units(&self, d: usize, u: usize) -> Range<usize> {
        if d == 0 {
            return u..u + 1;
        }
        let m = &self.maps[d - 1];
        let idx: Vec<usize> = (0..m.len()).filter(|&i| m[i].contains(&u)).collect();
        match (idx.first(), idx.last()) {
            (Some(&a), Some(&b)) => a..b + 1,
            _ => 0..0,
        }
    }

    /// The text aligned to unit `u` of document `d` (whose master units are
    /// `master_units`) in every document, master first (the unit itself in
    /// its own document).
    fn row(&self, d: usize, u: usize, master_units: &Range<usize>) -> Vec<Option<String>> {
        let mut row = vec![self.aligned.master.span_of(master_units).map(|s| s.text(&self.master.text).to_string())];
        for (k, v) in self.versions.iter().enumerate() {
            let r = master_units.clone().map(|i| self.maps[k][i].clone()).fold(0..0, |acc: Range<usize>, x| {
                if x.is_empty() {
                    acc
                } else if acc.is_empty() {
                    x
                } else {
                    acc.start.min(x.start)..acc.end.max(x.end)
                }
            });
            let r = if d == k + 1 { u..u + 1 } else { r };
            row.push(self.aligned.versions[k].seg.span_of(&r).map(|s| s.text(&v.text).to_string()));
        }
        row
    }
}
