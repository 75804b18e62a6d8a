//! The findings of a report as a table, grouped by master paragraph, wrapped
//! to the width with CJK characters counted as two columns.

use super::grid::Grid;
use super::paint::{self, Side};
use super::table::wrap;
use super::view::View;
use super::DisplayOptions;
use crate::report::Finding;

/// Columns taken by borders and padding of a five-column table, and by the
/// paragraph and kind columns.
const FIXED: usize = 16 + 5 + 16;

/// The master paragraph (1-based) a finding belongs to, from the view's rows.
pub fn paragraph_of(view: &View, f: &Finding) -> usize {
    let col = column_of(view, f);
    for row in &view.rows {
        let hit = |c: usize, start: usize| {
            row.cells
                .get(c)
                .and_then(|x| x.as_ref())
                .is_some_and(|cell| start >= cell.start && start < cell.end.max(cell.start + 1))
        };
        if f.master.as_ref().is_some_and(|m| hit(0, m.start)) || f.other.as_ref().is_some_and(|o| hit(col, o.start)) {
            return row.paragraph;
        }
    }
    0
}

/// The column of the version a finding concerns: matched by path, then by language tag.
pub fn column_of(view: &View, f: &Finding) -> usize {
    view.columns
        .iter()
        .enumerate()
        .skip(1)
        .find(|(_, c)| c.path == f.version)
        .or_else(|| view.columns.iter().enumerate().skip(1).find(|(_, c)| c.lang == f.version))
        .map_or(1, |(i, _)| i)
}

/// The report as a table, with a summary line of counts by kind.
pub fn report_table(view: &View, opts: &DisplayOptions) -> String {
    let width = (opts.width as usize).max(70);
    let text_cols = (width - FIXED) / 3;
    let master = &view.columns[0];
    let mut t = Grid::new(["¶", "kind", master.lang.as_str(), "version", "message"]);
    let mut findings: Vec<(usize, &Finding)> =
        view.report.findings.iter().map(|f| (paragraph_of(view, f), f)).collect();
    findings.sort_by_key(|(p, f)| (*p, f.master.as_ref().map_or(usize::MAX, |m| m.start)));
    let show = (opts.colour, opts.context);
    for (p, f) in &findings {
        let master_text =
            f.master.as_ref().map_or("—".to_string(), |x| paint::excerpt(view, x, (0, Side::Master), show));
        let col = column_of(view, f);
        let other_text =
            f.other.as_ref().map_or("—".to_string(), |x| paint::excerpt(view, x, (col, Side::Other), show));
        let other = format!("{}: {other_text}", f.version);
        t.push([
            if *p == 0 { "-".to_string() } else { p.to_string() },
            // The probability, where the finding has one, under its kind.
            paint::severity(
                &f.confidence.map_or_else(|| f.kind.name().to_string(), |c| format!("{}\np {c:.2}", f.kind.name())),
                f.severity,
            ),
            wrap(&master_text, text_cols),
            wrap(&other, text_cols),
            wrap(&f.message, text_cols),
        ]);
    }
    let mut out = if findings.is_empty() { String::new() } else { paint::finish(&t.render(), opts.colour) + "\n" };
    out.push_str(&summary(view, width));
    out
}

/// "N findings: kind n, …" and the notes.
pub fn summary(view: &View, width: usize) -> String {
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &view.report.findings {
        *counts.entry(f.kind.name()).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k} {v}")).collect();
    let mut s = if parts.is_empty() {
        "no findings\n".to_string()
    } else {
        format!("{} findings: {}\n", view.report.findings.len(), parts.join(", "))
    };
    if !view.report.hidden.is_empty() {
        let hidden: Vec<String> = view.report.hidden.iter().map(|(k, n)| format!("{} {n}", k.name())).collect();
        let kinds: Vec<&str> = view.report.hidden.keys().map(|k| k.name()).collect();
        let line = format!("not listed: {} (--show {} lists them)", hidden.join(", "), kinds.join(","));
        s.push_str(&wrap(&line, width));
        s.push('\n');
    }
    for n in &view.report.notes {
        s.push_str(&wrap(&format!("note: {n}"), width));
        s.push('\n');
    }
    s
}
