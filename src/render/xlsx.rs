//! The findings of a report as an XLSX workbook: a summary sheet (findings
//! by version and kind, and the report's notes), then one sheet a version
//! with the columns of the CSV less the version (paragraph, kind, severity,
//! confidence, master text, version text, message), the header frozen and
//! filterable, columns as wide as their text (East-Asian wide characters
//! count two) up to a bound past which the text wraps.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

use super::csv::cells;
use super::view::View;
use crate::error::{Error, ErrorKind, Result};

/// The columns of a version's sheet.
pub const XLSX_COLUMNS: [&str; 7] =
    ["paragraph", "kind", "severity", "confidence", "master text", "version text", "message"];

/// Columns are never wider than this (in character widths); longer text wraps.
const MAX_WIDTH: usize = 60;
/// A cell holds at most this many characters (the format's limit is 32,767).
const MAX_CELL_CHARS: usize = 32_000;

fn xlsx_error(e: XlsxError) -> Error {
    Error::new(ErrorKind::Io, format!("cannot make the XLSX workbook: {e}"))
}

/// `s` as a cell can hold it: control characters other than tab and line
/// breaks as spaces, cut at [`MAX_CELL_CHARS`] with an ellipsis.
fn cell_text(s: &str) -> String {
    let clean = |c: char| if c.is_control() && !matches!(c, '\t' | '\n') { ' ' } else { c };
    let mut out: String = s.chars().take(MAX_CELL_CHARS).map(clean).collect();
    if s.chars().nth(MAX_CELL_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// A sheet name Excel accepts from `label`, not among `taken`.
fn sheet_name(label: &str, taken: &[String]) -> String {
    let base: String =
        label.chars().map(|c| if "[]:*?/\\".contains(c) { '_' } else { c }).filter(|c| !c.is_control()).collect();
    // The end of a long path names the file: keep the last 28 characters,
    // then trim the apostrophes Excel refuses at either end.
    let skip = base.chars().count().saturating_sub(28);
    let base: String = base.chars().skip(skip).collect::<String>().trim_matches('\'').to_string();
    let base = if base.is_empty() || base.eq_ignore_ascii_case("summary") { format!("v {base}") } else { base };
    let mut name = base.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    name
}

/// The label of each column, as findings name their version: the
/// language tag, or the path when two columns share a tag.
fn labels(view: &View) -> Vec<String> {
    let named: Vec<(String, String)> = view.columns.iter().map(|c| (c.lang.clone(), c.path.clone())).collect();
    crate::document::labels_of(&named)
}

/// The view's findings as an XLSX workbook (the file's bytes).
pub fn findings_xlsx(view: &View) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let mut by_version: BTreeMap<&str, Vec<[String; 8]>> = BTreeMap::new();
    let labels = labels(view);
    let versions: Vec<&str> = labels.iter().skip(1).map(String::as_str).collect();
    for f in &view.report.findings {
        by_version.entry(f.version.as_str()).or_default().push(cells(view, f));
    }
    summary(book.add_worksheet(), view, &versions, &by_version).map_err(xlsx_error)?;
    let mut taken = vec!["Summary".to_string()];
    let mut order: Vec<&str> = versions.clone();
    order.extend(by_version.keys().filter(|k| !versions.contains(k)));
    for v in order {
        let name = sheet_name(v, &taken);
        let rows = by_version.get(v).map(Vec::as_slice).unwrap_or_default();
        version_sheet(book.add_worksheet(), &name, rows).map_err(xlsx_error)?;
        taken.push(name);
    }
    book.save_to_buffer().map_err(xlsx_error)
}

/// The summary sheet: findings by version and kind, then the notes.
fn summary(
    ws: &mut Worksheet,
    view: &View,
    versions: &[&str],
    by_version: &BTreeMap<&str, Vec<[String; 8]>>,
) -> std::result::Result<(), XlsxError> {
    ws.set_name("Summary")?;
    let bold = Format::new().set_bold();
    let kinds: std::collections::BTreeSet<&str> = by_version.values().flatten().map(|r| r[2].as_str()).collect();
    ws.write_string_with_format(0, 0, "version", &bold)?;
    ws.write_string_with_format(0, 1, "findings", &bold)?;
    for (k, kind) in kinds.iter().enumerate() {
        ws.write_string_with_format(0, 2 + k as u16, *kind, &bold)?;
    }
    for (i, v) in versions.iter().enumerate() {
        let row = 1 + i as u32;
        let rows = by_version.get(v).map(Vec::as_slice).unwrap_or_default();
        ws.write_string(row, 0, cell_text(v))?;
        ws.write_number(row, 1, rows.len() as f64)?;
        for (k, kind) in kinds.iter().enumerate() {
            ws.write_number(row, 2 + k as u16, rows.iter().filter(|r| r[2] == *kind).count() as f64)?;
        }
    }
    let notes_row = versions.len() as u32 + 2;
    ws.write_string_with_format(notes_row, 0, "notes", &bold)?;
    for (i, n) in view.report.notes.iter().enumerate() {
        ws.write_string(notes_row + 1 + i as u32, 0, cell_text(n))?;
    }
    ws.set_column_width(0, 24)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// One version's sheet: its findings under [`XLSX_COLUMNS`].
fn version_sheet(ws: &mut Worksheet, name: &str, rows: &[[String; 8]]) -> std::result::Result<(), XlsxError> {
    ws.set_name(name)?;
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    let mut widths: Vec<usize> = XLSX_COLUMNS.iter().map(|c| c.width()).collect();
    for (c, title) in XLSX_COLUMNS.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *title, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        // CSV cells: paragraph, version, kind, severity, confidence, master, version text, message.
        let values = [&r[0], &r[2], &r[3], &r[4], &r[5], &r[6], &r[7]];
        for (c, v) in values.iter().enumerate() {
            let col = c as u16;
            match (c, v.parse::<f64>()) {
                (0 | 3, Ok(n)) => ws.write_number(row, col, n)?,
                _ => ws.write_string_with_format(row, col, cell_text(v), &wrap)?,
            };
            let widest = v.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
            widths[c] = widths[c].max(widest.min(MAX_WIDTH));
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w + 2) as f64)?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, XLSX_COLUMNS.len() as u16 - 1)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_distinct() {
        let taken = vec!["Summary".to_string(), "en".to_string()];
        assert_eq!(sheet_name("en", &taken), "en 2");
        assert_eq!(sheet_name("texts/tianjin/ru.txt", &taken), "texts_tianjin_ru.txt");
        assert_eq!(sheet_name("summary", &taken), "v summary");
        assert!(sheet_name(&"長".repeat(40), &taken).chars().count() <= 31);
        // Long paths that share their beginning stay apart, and no name
        // ends with an apostrophe.
        let a = sheet_name("/home/alice/translations/2025/final/en.txt", &taken);
        let b = sheet_name("/home/alice/translations/2025/final/en-GB.txt", &taken);
        assert!(a.ends_with("en.txt") && b.ends_with("en-GB.txt"), "{a} {b}");
        assert_eq!(sheet_name(&format!("'''x'y{}", "'".repeat(10)), &taken), "x'y");
        let long = sheet_name(&format!("{}'", "a".repeat(40)), &taken);
        assert_eq!(long, "a".repeat(27));
        assert_eq!(cell_text("a\u{1}b\nc"), "a b\nc");
    }
}
