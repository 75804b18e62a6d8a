//! Renderers: an aligned pair of documents → text in one format. What to
//! show is set by [`DisplayOptions`]; what was computed is not changed here.

mod concord;
mod csv;
mod editor;
mod grid;
pub mod html;
mod html_summary;
mod markup;
mod paint;
mod report_table;
mod table;
mod tmx;
pub mod view;
mod xliff;
mod xlsx;

use serde::Serialize;

use crate::align::bead::format_bead;
use crate::align::DocAlignment;
use crate::document::Document;

pub use concord::{concord_html, concord_tsv};
pub use csv::{findings_csv, CSV_COLUMNS};
pub use editor::{editor, review_file, review_section, LOW_CONFIDENCE};
pub use grid::Grid;
pub use report_table::{column_of, paragraph_of, report_table};
pub use table::{table, wrap};
pub use tmx::tmx;
pub use xliff::xliff;
pub use xlsx::{findings_xlsx, XLSX_COLUMNS};

/// How to display (not what to compute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplayOptions {
    /// Width of the table, in terminal columns.
    pub width: u16,
    /// Whether changed text is coloured (ANSI escapes) rather than bracketed.
    pub colour: bool,
    /// Clauses of context shown around a finding's excerpt (the rest of
    /// the words it cuts when `None`).
    pub context: Option<usize>,
}

impl Default for DisplayOptions {
    fn default() -> Self {
        DisplayOptions { width: 120, colour: false, context: None }
    }
}

/// A document and its alignment, together: what the renderers need.
pub struct Aligned<'a> {
    /// Source document.
    pub src: &'a Document,
    /// Target document.
    pub tgt: &'a Document,
    /// The alignment of the two.
    pub result: &'a DocAlignment,
}

impl Aligned<'_> {
    /// Source text of units `r`, joined by a space.
    pub fn src_text(&self, r: std::ops::Range<usize>) -> String {
        join(self.src, &self.result.src, r)
    }

    /// Target text of units `r`, joined by a space.
    pub fn tgt_text(&self, r: std::ops::Range<usize>) -> String {
        join(self.tgt, &self.result.tgt, r)
    }
}

fn join(doc: &Document, seg: &crate::Segmentation, r: std::ops::Range<usize>) -> String {
    let sep = if doc.lang.is_chinese() { "" } else { " " };
    r.map(|i| seg.unit_text(&doc.text, i)).collect::<Vec<_>>().join(sep)
}

/// Vecalign bead lines, one a line.
pub fn beads(a: &Aligned<'_>) -> String {
    let mut out = String::new();
    for b in &a.result.alignment.beads {
        out.push_str(&format_bead(b));
        out.push('\n');
    }
    out
}

/// Tab-separated lines: score, source text, target text (tabs and newlines in
/// the texts are replaced by spaces).
pub fn tsv(a: &Aligned<'_>) -> String {
    let clean = |s: String| s.replace(['\t', '\n', '\r'], " ");
    let mut out = String::from("score\tsrc\ttgt\n");
    for b in &a.result.alignment.beads {
        out.push_str(&format!(
            "{:.3}\t{}\t{}\n",
            b.score,
            clean(a.src_text(b.src.clone())),
            clean(a.tgt_text(b.tgt.clone()))
        ));
    }
    out
}

#[derive(Serialize)]
struct JsonDoc<'a> {
    path: String,
    lang: &'a str,
    encoding: &'a str,
}

#[derive(Serialize)]
struct JsonSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct JsonBead {
    src: Vec<usize>,
    tgt: Vec<usize>,
    #[serde(rename = "type")]
    shape: String,
    score: f32,
    posterior: f32,
    src_spans: Vec<JsonSpan>,
    tgt_spans: Vec<JsonSpan>,
    src_text: String,
    tgt_text: String,
}

#[derive(Serialize)]
struct JsonOut<'a> {
    schema: u32,
    src: JsonDoc<'a>,
    tgt: JsonDoc<'a>,
    level: crate::Level,
    signals: &'a [String],
    notes: &'a [String],
    beads: Vec<JsonBead>,
}

fn spans(doc: &Document, seg: &crate::Segmentation, r: std::ops::Range<usize>) -> Vec<JsonSpan> {
    r.map(|i| {
        let s = seg.units[i].span;
        JsonSpan { start: doc.file_offset(s.start), end: doc.file_offset(s.end) }
    })
    .collect()
}

/// The JSON document described in docs/formats.md (schema 1).
pub fn json(a: &Aligned<'_>) -> String {
    let beads = a
        .result
        .alignment
        .beads
        .iter()
        .map(|b| JsonBead {
            src: b.src.clone().collect(),
            tgt: b.tgt.clone().collect(),
            shape: b.shape(),
            score: (b.score * 1000.0).round() / 1000.0,
            posterior: (b.posterior * 1000.0).round() / 1000.0,
            src_spans: spans(a.src, &a.result.src, b.src.clone()),
            tgt_spans: spans(a.tgt, &a.result.tgt, b.tgt.clone()),
            src_text: a.src_text(b.src.clone()),
            tgt_text: a.tgt_text(b.tgt.clone()),
        })
        .collect();
    let out = JsonOut {
        schema: 1,
        src: JsonDoc { path: a.src.name(), lang: a.src.lang.tag(), encoding: a.src.encoding },
        tgt: JsonDoc { path: a.tgt.name(), lang: a.tgt.lang.tag(), encoding: a.tgt.encoding },
        level: a.result.src.level,
        signals: &a.result.signals,
        notes: &a.result.notes,
        beads,
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_default();
    s.push('\n');
    s
}
