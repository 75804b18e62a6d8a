//! The side-by-side view shared by the report renderers: one column per
//! version (the master or OLD first), one row per aligned group of units.

use serde::Serialize;

use crate::document::Document;
use crate::report::{DocRef, Report};
use crate::segment::Segmentation;

/// One cell: the text of some units of one version and where it is in the file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// First byte in the original file.
    pub start: usize,
    /// One past the last byte in the original file.
    pub end: usize,
    /// The units' text as it is in the file (units joined by what separates them there).
    pub text: String,
}

/// A row: one optional cell per column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// Master paragraph number (1-based) this row belongs to, for grouping.
    pub paragraph: usize,
    /// Cells, one per column; `None` where the version has no counterpart.
    pub cells: Vec<Option<Cell>>,
    /// Whether the row pairs units found out of order (moved).
    pub moved: bool,
}

/// Everything a report renderer shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    /// The versions, master first.
    pub columns: Vec<DocRef>,
    /// Aligned rows, in the master's order.
    pub rows: Vec<Row>,
    /// The findings, and notes on fallbacks or limits.
    pub report: Report,
}

/// The cell for units `range` of `seg` in `doc` (`None` for an empty range).
pub fn cell(doc: &Document, seg: &Segmentation, range: std::ops::Range<usize>) -> Option<Cell> {
    let span = seg.span_of(&range)?;
    Some(Cell {
        start: doc.file_offset(span.start),
        end: doc.file_offset(span.end),
        text: span.text(&doc.text).to_string(),
    })
}
