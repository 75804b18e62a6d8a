//! The side-by-side view shared by the report renderers: one column per
//! version (the master or OLD first), one row per aligned group of units.
//! Views are made here from what `check`, `diff` and `terms` return.

use serde::Serialize;

use crate::align::MultiAlignment;
use crate::check::CheckResult;
use crate::diff::DiffResult;
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

impl View {
    /// The view of one text on its own (`lint`): a row per paragraph.
    pub fn of_text(doc: &Document, report: Report) -> View {
        let paras = crate::segment::segment(&doc.text, doc.lang, crate::Level::Paragraph, &Default::default());
        let rows = (0..paras.units.len())
            .map(|i| Row { paragraph: i + 1, cells: vec![cell(doc, &paras, i..i + 1)], moved: false })
            .collect();
        View { columns: vec![DocRef::of(doc)], rows, report }
    }

    /// The view of a check: the master and every version, side by side.
    pub fn of_check(result: &CheckResult, master: &Document, versions: &[&Document]) -> View {
        View::of_versions(&result.aligned, master, versions, result.report.clone())
    }

    /// The view of a check as the commands report it: with the findings of
    /// `glossary`'s terms (sorted in with the others) and, when the
    /// sentence-embedding model was not used, `model_note` (why not) among
    /// the notes.
    pub fn of_check_report(
        result: &CheckResult,
        (master, versions): (&Document, &[&Document]),
        glossary: Option<&crate::terms::Glossary>,
        model_note: Option<&str>,
    ) -> View {
        let mut view = View::of_check(result, master, versions);
        if let Some(note) = model_note {
            view.report.notes.push(format!(
                "{note}; missing and added clauses of translations are found by length and dictionary only"
            ));
        }
        if let Some(g) = glossary {
            let t = crate::terms::analyse(master, versions, &result.aligned, g);
            view.report.findings.extend(t.findings);
            crate::report::sort(&mut view.report.findings);
        }
        view
    }

    /// The versions aligned to their master, side by side, with `report`.
    pub fn of_versions(aligned: &MultiAlignment, master: &Document, versions: &[&Document], report: Report) -> View {
        let rows = aligned
            .rows
            .iter()
            .map(|r| {
                let mut cells = vec![cell(master, &aligned.master, r.master.clone())];
                for ((v, doc), range) in aligned.versions.iter().zip(versions).zip(&r.versions) {
                    cells.push(cell(doc, &v.seg, range.clone()));
                }
                let paragraph =
                    aligned.master.units.get(r.master.start).filter(|_| !r.master.is_empty()).map_or(0, |u| u.para + 1);
                Row { paragraph, cells, moved: false }
            })
            .collect();
        let mut columns = vec![DocRef::of(master)];
        columns.extend(versions.iter().map(|d| DocRef::of(d)));
        View { columns, rows, report }
    }

    /// The view of a diff: the two releases side by side, OLD first.
    pub fn of_diff(result: &DiffResult, old: &Document, new: &Document) -> View {
        let rows = result
            .rows
            .iter()
            .map(|r| {
                let anchor = if r.old.is_empty() { None } else { result.old.units.get(r.old.start) };
                Row {
                    paragraph: anchor.map_or(0, |u| u.para + 1),
                    cells: vec![cell(old, &result.old, r.old.clone()), cell(new, &result.new, r.new.clone())],
                    moved: r.moved,
                }
            })
            .collect();
        View { columns: vec![DocRef::of(old), DocRef::of(new)], rows, report: result.report.clone() }
    }
}
