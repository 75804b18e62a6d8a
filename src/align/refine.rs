//! A bead refined to clause level: the clauses of its units on both sides
//! (as segmentation recorded them, [`Segmentation::clauses_of`]) aligned
//! with each other, so that a clause with no counterpart inside an aligned
//! pair of sentences can be told.

use super::{align_units, AlignOptions, Bead, Side, UnitAlignment};
use crate::document::Document;
use crate::segment::{Segmentation, Span};

/// The clauses of one side of a bead.
#[derive(Debug, Clone, Copy)]
pub struct Clauses<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its clauses in the bead, in order.
    pub spans: &'a [Span],
}

impl<'a> Clauses<'a> {
    /// The clauses of units `units` of `seg` (a segmentation of `doc`).
    pub fn of(doc: &'a Document, seg: &'a Segmentation, units: &std::ops::Range<usize>) -> Clauses<'a> {
        Clauses { doc, spans: seg.clauses_of(units) }
    }

    fn side(&self) -> Side<'a> {
        Side { units: self.spans.iter().map(|s| s.text(&self.doc.text)).collect(), lang: self.doc.lang }
    }
}

/// Align the clauses `src` with the clauses `tgt`; the beads' ranges index
/// `src.spans` and `tgt.spans`.
pub fn align_clauses(src: &Clauses<'_>, tgt: &Clauses<'_>, opts: &AlignOptions) -> UnitAlignment {
    align_units(&src.side(), &tgt.side(), opts)
}

/// The source clauses of `b` that have no counterpart, then the target
/// clauses that have none (the spans of 1-0 and 0-1 beads).
pub fn unmatched(beads: &[Bead], src: &Clauses<'_>, tgt: &Clauses<'_>) -> (Vec<Span>, Vec<Span>) {
    let mut gone = Vec::new();
    let mut added = Vec::new();
    for b in beads {
        if b.tgt.is_empty() {
            gone.extend(b.src.clone().map(|i| src.spans[i]));
        } else if b.src.is_empty() {
            added.extend(b.tgt.clone().map(|j| tgt.spans[j]));
        }
    }
    (gone, added)
}
