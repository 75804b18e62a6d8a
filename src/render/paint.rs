//! Marking the changed part of an excerpt in a table: with colour (ANSI
//! escapes, inserted after the table is laid out, so widths stay right) or
//! with brackets. Marks are two private-use characters of no width while
//! the table is measured.

use super::view::View;
use crate::report::Excerpt;

/// Where a marked stretch of the master (OLD) side starts, while the table
/// is laid out.
pub const ON: char = '\u{E000}';
/// Where a marked stretch of the other (NEW) side starts.
pub const ON_OTHER: char = '\u{E002}';
/// Where a marked stretch ends.
pub const OFF: char = '\u{E001}';
/// Where a stretch in the colour of an error starts (a finding's kind).
pub const ON_ERROR: char = '\u{E003}';
/// Where a stretch in the colour of a warning starts.
pub const ON_WARNING: char = '\u{E004}';
/// Where a stretch in the colour of information starts.
pub const ON_INFO: char = '\u{E005}';

const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[1;32m";
const ERROR: &str = "\x1b[31m";
const WARNING: &str = "\x1b[33m";
const INFO: &str = "\x1b[2m";
const RESET: &str = "\x1b[0m";

/// Whether `c` is one of the marks.
pub fn is_mark(c: char) -> bool {
    is_on(c) || c == OFF
}

/// Whether `c` opens a marked stretch.
pub fn is_on(c: char) -> bool {
    matches!(c, ON | ON_OTHER | ON_ERROR | ON_WARNING | ON_INFO)
}

/// `text` marked in the colour of `severity` (a finding's kind in a table).
pub fn severity(text: &str, severity: crate::report::Severity) -> String {
    use crate::report::Severity;
    let on = match severity {
        Severity::Error => ON_ERROR,
        Severity::Warning => ON_WARNING,
        Severity::Info => ON_INFO,
    };
    format!("{on}{text}{OFF}")
}

/// Which side of a finding an excerpt is (the colour it is marked in).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The master, or the OLD release: red.
    Master,
    /// The version, or the NEW release: green.
    Other,
}

/// Clause marks where `--context` counts clauses.
fn clause_mark(c: char) -> bool {
    "，。；：、！？,.;:!?\n".contains(c)
}

/// `text` with the mark characters replaced (they are never text).
fn clean(text: &str) -> String {
    text.chars().map(|c| if is_mark(c) { '\u{FFFD}' } else { c }).collect()
}

/// The excerpt as a table shows it: the rest of the words it cuts (or, with
/// `context`, that many clauses of its unit on each side) around the
/// excerpt, which is marked (marks for colour, brackets otherwise).
pub fn excerpt(
    view: &View,
    e: &Excerpt,
    (column, side): (usize, Side),
    (colour, context): (bool, Option<usize>),
) -> String {
    let (before, after) = match context.and_then(|n| around(view, e, column, n)) {
        Some(c) => c,
        None => (clean(&e.before), clean(&e.after)),
    };
    let text = clean(&e.text);
    if text.is_empty() && before.is_empty() && after.is_empty() {
        return String::new();
    }
    match (colour, before.is_empty() && after.is_empty()) {
        (true, _) => {
            let on = if side == Side::Master { ON } else { ON_OTHER };
            format!("{before}{on}{text}{OFF}{after}")
        }
        (false, true) => text,
        (false, false) => format!("{before}[{text}]{after}"),
    }
}

/// `n` clauses of the unit around an excerpt, from the view's cell that
/// holds it (when the file is UTF-8, whose offsets are the text's).
fn around(view: &View, e: &Excerpt, column: usize, n: usize) -> Option<(String, String)> {
    let utf8 = view.columns.get(column)?.encoding.eq_ignore_ascii_case("utf-8");
    let cell = view
        .rows
        .iter()
        .filter_map(|r| r.cells.get(column)?.as_ref())
        .find(|c| c.start <= e.start && e.end <= c.end)?;
    if !utf8 {
        return None;
    }
    let (a, b) = (e.start - cell.start, e.end - cell.start);
    let (head, tail) = (cell.text.get(..a)?, cell.text.get(b..)?);
    let mut seen = 0;
    let from = head
        .char_indices()
        .rev()
        .find(|&(_, c)| {
            seen += clause_mark(c) as usize;
            seen > n
        })
        .map_or(0, |(i, c)| i + c.len_utf8());
    let mut seen = 0;
    let to = tail
        .char_indices()
        .find(|&(_, c)| {
            seen += clause_mark(c) as usize;
            seen > n
        })
        .map_or(tail.len(), |(i, c)| i + c.len_utf8());
    Some((clean(head[from..].trim_start()), clean(tail[..to].trim_end())))
}

/// The laid-out table with its marks turned into colour (`colour`) or
/// dropped; a mark open at a border is closed before it and opened again
/// after, so borders keep their colour.
pub fn finish(table: &str, colour: bool) -> String {
    if !colour {
        return table.chars().filter(|&c| !is_mark(c)).collect();
    }
    let mut out = String::with_capacity(table.len() + table.len() / 8);
    let mut open: Option<&str> = None;
    for c in table.chars() {
        match c {
            ON | ON_OTHER | ON_ERROR | ON_WARNING | ON_INFO => {
                let code = match c {
                    ON => RED,
                    ON_OTHER => GREEN,
                    ON_ERROR => ERROR,
                    ON_WARNING => WARNING,
                    _ => INFO,
                };
                out.push_str(code);
                open = Some(code);
            }
            OFF => {
                out.push_str(RESET);
                open = None;
            }
            '│' | '┆' | '\n' => {
                if open.is_some() {
                    out.push_str(RESET);
                }
                out.push(c);
                if let (Some(code), false) = (open, c == '\n') {
                    out.push_str(code);
                }
                if c == '\n' {
                    open = None;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_become_colour_that_stops_at_borders() {
        let t = format!("│ a{ON}bc┆ d{OFF} │ {ON_OTHER}e{OFF}\n");
        let painted = finish(&t, true);
        assert_eq!(painted, "│ a\x1b[1;31mbc\x1b[0m┆\x1b[1;31m d\x1b[0m │ \x1b[1;32me\x1b[0m\n");
        assert_eq!(finish(&t, false), "│ abc┆ d │ e\n");
    }
}
