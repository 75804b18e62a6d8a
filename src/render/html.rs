//! The HTML report: one self-contained HTML5 file (inline CSS and JS, no
//! external resources) with the versions side by side, the findings
//! highlighted inside the cells, a legend that filters by kind, and the list
//! of findings, each linked to its row. The output depends only on the
//! [`View`] and the title: the same input gives the same bytes.

use std::fmt::Write as _;

pub use super::markup::escape;
use super::markup::severity_name;
use super::view::{Cell, View};
use crate::report::{Excerpt, Finding, Kind};

/// Kinds about whole units: they colour the whole cell rather than a stretch of text.
const WHOLE: [Kind; 4] = [Kind::Added, Kind::Removed, Kind::Missing, Kind::Moved];

/// Texts longer than this (in characters) are shortened in the findings list.
const LIST_CHARS: usize = 240;

/// The page's style.
const CSS: &str = include_str!("assets/report.css");

/// The page's script: the kind filters, and a click on a mark goes to its finding.
const JS: &str = include_str!("assets/report.js");

/// The background colour of a kind's highlights.
fn colour(kind: Kind) -> &'static str {
    match kind {
        Kind::Script => "#e4e9ff",
        Kind::ConversionError => "#ff9e9e",
        Kind::Punctuation => "#fff0a0",
        Kind::Whitespace => "#d8d8d8",
        Kind::Number => "#ffc46b",
        Kind::Wording => "#9fd0ff",
        Kind::Added => "#c6efc6",
        Kind::Removed => "#ffd0d0",
        Kind::Moved => "#e6d6ff",
        Kind::Missing => "#ffc0e0",
        Kind::Title => "#b8ece6",
        Kind::Length => "#efdcb8",
        Kind::Untranslated => "#d6f0a8",
        Kind::TermMissing => "#ffb3d9",
        Kind::TermInconsistent => "#c9b8ff",
        Kind::TermVariant => "#b8dcff",
        Kind::Variant => "#eef2ff",
        Kind::Width => "#f4f0d0",
        Kind::MixedScript => "#ffb070",
    }
}

/// The column of `view` that holds the `other` side of `finding`: the
/// version column whose path, or else whose language tag, equals
/// `finding.version`; for a two-column view (a diff) the second column.
pub fn finding_column(view: &View, finding: &Finding) -> Option<usize> {
    let cols = view.columns.iter().enumerate().skip(1);
    cols.clone()
        .find(|(_, c)| c.path == finding.version)
        .or_else(|| cols.clone().find(|(_, c)| c.lang == finding.version))
        .map(|(i, _)| i)
        .or(if view.columns.len() == 2 { Some(1) } else { None })
}

/// Where one side of a finding is shown.
struct Hit {
    row: usize,
    col: usize,
    /// Byte range in the cell's text; `None` when it could not be located.
    range: Option<(usize, usize)>,
}

/// Highlights of one cell.
#[derive(Default, Clone)]
struct CellMarks {
    /// Findings about the whole cell.
    whole: Vec<usize>,
    /// (start, end, finding) byte ranges in the cell text.
    spans: Vec<(usize, usize, usize)>,
}

/// Rows whose cell in one column overlaps the file bytes `[s, e)` (for an
/// empty range: the cell that contains the position).
fn overlapping(index: &[(usize, usize, usize)], s: usize, e: usize) -> Vec<usize> {
    let first = index.partition_point(|&(cs, _, _)| cs <= s).saturating_sub(1);
    let mut out = Vec::new();
    for &(cs, ce, row) in &index[first..] {
        if cs > e || (cs == e && s < e) {
            break;
        }
        let hit = if s == e { cs <= s && s <= ce } else { cs < e && ce > s };
        if hit {
            out.push(row);
            if s == e {
                break;
            }
        }
    }
    out
}

/// The byte range of `ex` inside `cell.text`. The cell's and the excerpt's
/// offsets are file bytes; for files not in UTF-8 they do not index the text,
/// so the excerpt's text is then looked for near its proportional position.
fn place(cell: &Cell, ex: &Excerpt) -> Option<(usize, usize)> {
    let t = cell.text.as_str();
    let n = ex.text.len();
    let file_len = cell.end.saturating_sub(cell.start);
    if ex.start >= cell.start && ex.end <= cell.end {
        let rel = ex.start - cell.start;
        if t.get(rel..rel + n) == Some(ex.text.as_str()) {
            return Some((rel, rel + n));
        }
        let expect = rel * t.len() / file_len.max(1);
        if n > 0 {
            return t
                .match_indices(ex.text.as_str())
                .map(|(p, _)| p)
                .min_by_key(|p| p.abs_diff(expect))
                .map(|p| (p, p + n));
        }
        let p = (0..=expect.min(t.len())).rev().find(|&p| t.is_char_boundary(p)).unwrap_or(0);
        return Some((p, p));
    }
    // Partly in this cell: clip, when the cell's text is byte for byte the file's.
    if file_len == t.len() {
        let a = ex.start.max(cell.start) - cell.start;
        let b = ex.end.min(cell.end).saturating_sub(cell.start);
        if a <= b && t.is_char_boundary(a) && t.is_char_boundary(b) {
            return Some((a, b));
        }
    }
    None
}

/// Where each finding is shown: the hits of its master side, then of its other side.
fn locate(view: &View) -> Vec<Vec<Hit>> {
    let mut index: Vec<Vec<(usize, usize, usize)>> = vec![Vec::new(); view.columns.len()];
    for (r, row) in view.rows.iter().enumerate() {
        for (c, cell) in row.cells.iter().enumerate() {
            if let (Some(cell), Some(ix)) = (cell, index.get_mut(c)) {
                ix.push((cell.start, cell.end, r));
            }
        }
    }
    for ix in &mut index {
        ix.sort_unstable();
    }
    let cell = |r: usize, c: usize| view.rows.get(r).and_then(|row| row.cells.get(c)).and_then(|x| x.as_ref());
    view.report
        .findings
        .iter()
        .map(|f| {
            let sides = [(f.master.as_ref(), Some(0)), (f.other.as_ref(), finding_column(view, f))];
            let mut hits = Vec::new();
            for (ex, col) in sides {
                let (Some(ex), Some(col)) = (ex, col) else { continue };
                let Some(ix) = index.get(col) else { continue };
                for row in overlapping(ix, ex.start, ex.end.max(ex.start)) {
                    let range = cell(row, col).and_then(|c| place(c, ex));
                    hits.push(Hit { row, col, range });
                }
            }
            hits
        })
        .collect()
}

/// `text` with the highlights `spans` as nested `<mark>` elements (longest
/// outside). Highlights that cross rather than nest are split where they
/// cross, so the marks are always properly nested and closed; an empty span
/// is an empty `gap` mark (a caret drawn by CSS).
fn marked(text: &str, spans: &[(usize, usize, usize)], findings: &[Finding]) -> String {
    let mut spans: Vec<(usize, usize, usize)> =
        spans.iter().map(|&(a, b, f)| (a.min(text.len()), b.min(text.len()).max(a.min(text.len())), f)).collect();
    spans.sort_by_key(|s| (s.0, std::cmp::Reverse(s.1), s.2));
    let mut cuts: Vec<usize> = vec![0, text.len()];
    cuts.extend(spans.iter().flat_map(|s| [s.0, s.1]));
    cuts.sort_unstable();
    cuts.dedup();
    let open = |out: &mut String, fi: usize, gap: bool| {
        if let Some(f) = findings.get(fi) {
            let cls = if gap { " gap" } else { "" };
            let _ = write!(
                out,
                "<mark class=\"k-{}{cls}\" title=\"{}\" data-f=\"{}\">",
                f.kind.name(),
                escape(&titled(f)),
                fi + 1
            );
        }
    };
    let mut out = String::with_capacity(text.len() * 2);
    // Open marks, innermost last: (end, finding).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for (k, &x) in cuts.iter().enumerate() {
        if stack.iter().any(|s| s.0 <= x) {
            let mut reopen = Vec::new();
            while let Some(top) = stack.pop() {
                out.push_str("</mark>");
                if top.0 > x {
                    reopen.push(top);
                }
                if !stack.iter().any(|s| s.0 <= x) {
                    break;
                }
            }
            for &(end, fi) in reopen.iter().rev() {
                open(&mut out, fi, false);
                stack.push((end, fi));
            }
        }
        for &(_, _, fi) in spans.iter().filter(|s| s.0 == x && s.1 == x) {
            open(&mut out, fi, true);
            out.push_str("</mark>");
        }
        for &(_, end, fi) in spans.iter().filter(|s| s.0 == x && s.1 > x) {
            open(&mut out, fi, false);
            stack.push((end, fi));
        }
        if let Some(&y) = cuts.get(k + 1) {
            out.push_str(&escape(text.get(x..y).unwrap_or("")));
        }
    }
    for _ in stack {
        out.push_str("</mark>");
    }
    out
}

/// The classes (` w k-KIND…`, empty when none) and the escaped messages of
/// the findings about a whole cell.
fn whole_classes(m: &CellMarks, findings: &[Finding]) -> (String, String) {
    if m.whole.is_empty() {
        return (String::new(), String::new());
    }
    let mut class = String::from(" w");
    let mut msgs = Vec::new();
    for f in m.whole.iter().filter_map(|&fi| findings.get(fi)) {
        let _ = write!(class, " k-{}", f.kind.name());
        msgs.push(titled(f));
    }
    (class, escape(&msgs.join("\n")))
}

/// A finding's message, with its confidence when it has one.
fn titled(f: &Finding) -> String {
    match f.confidence {
        Some(p) => format!("{} (p {p:.2})", f.message),
        None => f.message.clone(),
    }
}

/// At most [`LIST_CHARS`] characters of `s`, escaped, or a grey dash when
/// empty; when it cuts words, their rest around it and the excerpt marked.
fn short(s: Option<&Excerpt>) -> String {
    let Some(e) = s else { return "<span class=\"empty\">—</span>".to_string() };
    let text = match e.text.char_indices().nth(LIST_CHARS) {
        Some((i, _)) => format!("{}…", escape(&e.text[..i])),
        None => escape(&e.text),
    };
    match (e.text.is_empty(), e.before.is_empty() && e.after.is_empty()) {
        (true, _) => "<span class=\"empty\">(nothing)</span>".to_string(),
        (false, true) => text,
        (false, false) => format!("{}<mark class=\"cut\">{text}</mark>{}", escape(&e.before), escape(&e.after)),
    }
}

/// Where the findings go in the side-by-side table.
struct Placement {
    /// The marks of each cell, by row and column.
    marks: Vec<Vec<CellMarks>>,
    /// The first row of each finding.
    first_row: Vec<Option<usize>>,
    /// The findings of each row, in order.
    row_findings: Vec<Vec<usize>>,
}

/// Place every finding in the cells it concerns.
fn place_findings(view: &View) -> Placement {
    let findings = &view.report.findings;
    let hits = locate(view);
    let mut p = Placement {
        marks: vec![vec![CellMarks::default(); view.columns.len()]; view.rows.len()],
        first_row: vec![None; findings.len()],
        row_findings: vec![Vec::new(); view.rows.len()],
    };
    for (fi, (f, hs)) in findings.iter().zip(&hits).enumerate() {
        for h in hs {
            p.first_row[fi].get_or_insert(h.row);
            if let Some(rf) = p.row_findings.get_mut(h.row) {
                if rf.last() != Some(&fi) {
                    rf.push(fi);
                }
            }
            let cell_len =
                view.rows.get(h.row).and_then(|r| r.cells.get(h.col)).and_then(|c| c.as_ref()).map(|c| c.text.len());
            let Some(m) = p.marks.get_mut(h.row).and_then(|r| r.get_mut(h.col)) else { continue };
            // A unit with no counterpart colours its cell; a part of one (the
            // words a version lacks) is marked where it is.
            let part = h.range.filter(|&(a, b)| cell_len.is_some_and(|n| b - a < n * 9 / 10));
            match (WHOLE.contains(&f.kind), part, h.range) {
                (true, None, _) => m.whole.push(fi),
                (_, Some((a, b)), _) | (false, None, Some((a, b))) => m.spans.push((a, b, fi)),
                (false, None, None) => {}
            }
        }
        // A unit with no counterpart: colour the empty cell of the side that lacks it too.
        let lacking = match (&f.master, &f.other) {
            (Some(_), None) => finding_column(view, f),
            (None, Some(_)) => Some(0),
            _ => None,
        };
        if let (true, Some(col)) = (WHOLE.contains(&f.kind), lacking) {
            for h in hs {
                let empty = view.rows.get(h.row).and_then(|row| row.cells.get(col)).is_some_and(|c| c.is_none());
                if let (true, Some(m)) = (empty, p.marks.get_mut(h.row).and_then(|r| r.get_mut(col))) {
                    if !m.whole.contains(&fi) {
                        m.whole.push(fi);
                    }
                }
            }
        }
    }
    p
}

/// The report as one self-contained HTML5 document titled `title`.
pub fn html(view: &View, title: &str) -> String {
    html_with(view, title, "")
}

/// [`html`], with `extra` (HTML) after the list of findings.
pub fn html_with(view: &View, title: &str, extra: &str) -> String {
    let findings = &view.report.findings;
    let placement = place_findings(view);
    let mut o = String::with_capacity(4096 + view.rows.len() * 400 + findings.len() * 300);
    head(&mut o, title);
    let _ = writeln!(o, "<h1>{}</h1>", escape(title));
    super::html_summary::summary(&mut o, view);
    side_by_side(&mut o, view, &placement);
    findings_list(&mut o, view, &placement.first_row);
    o.push_str(extra);
    let _ = write!(o, "<script>\n{JS}\n</script>\n</body>\n</html>\n");
    o
}

/// The document's head: title and style, with a colour and a filter rule per kind.
fn head(o: &mut String, title: &str) {
    o.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(o, "<title>{}</title>\n<style>\n{CSS}", escape(title));
    for k in Kind::ALL {
        let (n, c) = (k.name(), colour(k));
        let _ = writeln!(o, "mark.k-{n},td.w.k-{n},.sw.k-{n}{{background-color:{c}}}");
        let _ = writeln!(
            o,
            "body.hide-{n} mark.k-{n}{{background-color:transparent;cursor:auto}}body.hide-{n} mark.k-{n}.gap::before{{content:none}}\
             body.hide-{n} td.t.w.k-{n}{{background-color:transparent}}body.hide-{n} td.none.w.k-{n}{{background-color:#f3f3f3}}\
             body.hide-{n} tr.f.k-{n}{{display:none}}"
        );
    }
    o.push_str("</style>\n</head>\n<body>\n");
}

/// The versions side by side, findings marked in their cells.
fn side_by_side(o: &mut String, view: &View, p: &Placement) {
    let ncols = view.columns.len();
    o.push_str("<table class=\"side\">\n<colgroup><col style=\"width:56px\">");
    o.push_str(&"<col>".repeat(ncols));
    o.push_str("</colgroup>\n<thead><tr><th>#</th>");
    for c in &view.columns {
        let _ = write!(
            o,
            "<th lang=\"{}\"><span class=\"tag\">{}</span><br><span class=\"path\">{}</span></th>",
            escape(&c.lang),
            escape(&c.lang),
            escape(&c.path)
        );
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    let mut para = 0;
    for (r, row) in view.rows.iter().enumerate() {
        if row.paragraph != 0 && row.paragraph != para {
            para = row.paragraph;
            let _ = writeln!(o, "<tr class=\"para\"><td colspan=\"{}\">¶ {para}</td></tr>", ncols + 1);
        }
        let id = r + 1;
        let moved = if row.moved { " class=\"moved\"" } else { "" };
        let mut kinds: Vec<&str> = p
            .row_findings
            .get(r)
            .into_iter()
            .flatten()
            .filter_map(|&fi| view.report.findings.get(fi))
            .map(|f| f.kind.name())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        let kinds = if kinds.is_empty() { String::new() } else { format!(" data-kinds=\"{}\"", kinds.join(" ")) };
        let _ = write!(o, "<tr id=\"r-{id}\"{moved}{kinds}><td class=\"n\"><a href=\"#r-{id}\">{id}</a>");
        if let Some(&fi) = p.row_findings.get(r).and_then(|v| v.first()) {
            let n = p.row_findings[r].len();
            let _ = write!(o, "<br><a href=\"#f-{}\" title=\"{n} finding(s)\">⚑{n}</a>", fi + 1);
        }
        if row.moved {
            o.push_str("<br><span class=\"badge\">moved</span>");
        }
        o.push_str("</td>");
        for c in 0..ncols {
            let m = p.marks.get(r).and_then(|x| x.get(c)).cloned().unwrap_or_default();
            cell(o, view, (row, c), &m);
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

/// One cell of the side-by-side table: column `c` of `row`, with its marks.
fn cell(o: &mut String, view: &View, (row, c): (&super::view::Row, usize), m: &CellMarks) {
    let findings = &view.report.findings;
    let lang = escape(view.columns.get(c).map_or("", |d| d.lang.as_str()));
    let (class, msgs) = whole_classes(m, findings);
    let Some(Some(cell)) = row.cells.get(c) else {
        let title = if msgs.is_empty() { String::new() } else { format!("\n{msgs}") };
        let _ = write!(o, "<td class=\"none{class}\" lang=\"{lang}\" title=\"no counterpart{title}\"></td>");
        return;
    };
    let attrs = if m.whole.is_empty() {
        String::new()
    } else {
        let ids: Vec<String> = m.whole.iter().map(|&fi| (fi + 1).to_string()).collect();
        format!(" title=\"{msgs}\" data-f=\"{}\"", ids.join(" "))
    };
    let _ = write!(o, "<td class=\"t{class}\" lang=\"{lang}\"{attrs}>{}</td>", marked(&cell.text, &m.spans, findings));
}

/// The list of findings, each linked to its first row.
fn findings_list(o: &mut String, view: &View, first_row: &[Option<usize>]) {
    let findings = &view.report.findings;
    let _ = writeln!(o, "<h2 id=\"findings\">Findings ({})</h2>", findings.len());
    let master_lang = escape(view.columns.first().map_or("", |c| c.lang.as_str()));
    o.push_str("<table class=\"list\">\n<thead><tr><th>#</th><th>kind</th><th>severity</th><th>p</th><th>version</th>");
    o.push_str("<th>master text</th><th>other text</th><th>message</th><th>row</th></tr></thead>\n<tbody>\n");
    for (fi, f) in findings.iter().enumerate() {
        let kind = f.kind.name();
        let sv = severity_name(f.severity);
        let other_lang = finding_column(view, f).and_then(|c| view.columns.get(c)).map_or("", |c| c.lang.as_str());
        let _ = write!(
            o,
            "<tr id=\"f-{id}\" class=\"f k-{kind}\"><td>{id}</td><td class=\"k\"><span class=\"sw k-{kind}\"></span>{kind}</td>\
             <td class=\"s-{sv}\">{sv}</td><td>{}</td><td>{}</td><td class=\"x\" lang=\"{master_lang}\">{}</td>\
             <td class=\"x\" lang=\"{}\">{}</td><td class=\"x\">{}</td>",
            f.confidence.map_or_else(|| "<span class=\"empty\">—</span>".to_string(), |c| format!("{c:.2}")),
            escape(&f.version),
            short(f.master.as_ref()),
            escape(other_lang),
            short(f.other.as_ref()),
            escape(&f.message),
            id = fi + 1,
        );
        match first_row[fi] {
            Some(r) => {
                let _ = writeln!(o, "<td><a href=\"#r-{0}\">{0}</a></td></tr>", r + 1);
            }
            None => o.push_str("<td class=\"empty\">—</td></tr>\n"),
        }
    }
    o.push_str("</tbody>\n</table>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    #[test]
    fn escapes_markup() {
        assert_eq!(escape("a<b>&\"'c"), "a&lt;b&gt;&amp;&quot;&#39;c");
        assert_eq!(escape("x\u{1}y\tz"), "x\u{2401}y\tz");
    }

    #[test]
    fn overlapping_marks_nest() {
        let f = |kind| Finding {
            kind,
            version: "v".into(),
            master: None,
            other: None,
            severity: Severity::Info,
            confidence: None,
            message: "m".into(),
        };
        let fs = vec![f(Kind::Script), f(Kind::Wording)];
        let m = |k: &str, f: usize| format!("<mark class=\"k-{k}\" title=\"m\" data-f=\"{f}\">");
        let (s, w, gap) =
            (m("script", 1), m("wording", 2), "<mark class=\"k-wording gap\" title=\"m\" data-f=\"2\"></mark>");
        // Crossing: split where they cross.
        let out = marked("abcdef", &[(0, 4, 0), (2, 6, 1), (3, 3, 1)], &fs);
        assert_eq!(out, format!("{s}ab{w}c{gap}d</mark></mark>{w}ef</mark>"));
        // Nested: one mark each.
        let out = marked("abcdef", &[(3, 4, 1), (1, 5, 0)], &fs);
        assert_eq!(out, format!("a{s}bc{w}d</mark>e</mark>f"));
    }

    #[test]
    fn places_excerpts_in_cells() {
        let cell = Cell { start: 10, end: 22, text: "一二三四".into() };
        let ex = Excerpt {
            start: 13,
            end: 19,
            text: "二三".into(),
            before: String::new(),
            after: String::new(),
            locator: None,
        };
        assert_eq!(place(&cell, &ex), Some((3, 9)));
        // A cell of a GB18030 file: 2 bytes a character in the file, 3 in the text.
        let gb = Cell { start: 0, end: 8, text: "一二三四".into() };
        let ex =
            Excerpt {
                start: 4, end: 6, text: "三".into(), before: String::new(), after: String::new(), locator: None
            };
        assert_eq!(place(&gb, &ex), Some((6, 9)));
        assert_eq!(overlapping(&[(0, 5, 0), (5, 9, 1), (9, 12, 2)], 4, 10), vec![0, 1, 2]);
        assert_eq!(overlapping(&[(0, 5, 0), (5, 9, 1)], 9, 9), vec![1]);
    }
}
