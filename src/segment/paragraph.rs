//! Paragraphs and lines, and which lines are section heads.

use super::{trim, Span, UnitKind};
use crate::text::numbers::heading_number;
use crate::text::Lang;

/// Non-empty lines (LF, CRLF or CR line ends), trimmed.
pub(crate) fn lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i <= bytes.len() {
        let end_here = i == bytes.len() || bytes[i] == b'\n' || bytes[i] == b'\r';
        if end_here {
            if let Some(s) = trim(text, Span::new(start, i)) {
                out.push(s);
            }
            if i + 1 < bytes.len() && bytes[i] == b'\r' && bytes[i + 1] == b'\n' {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    out
}

/// Paragraphs: blocks separated by blank lines. In Chinese text, and in text
/// without any blank line, every line is a paragraph; a section head is always
/// a paragraph of its own.
pub(crate) fn paragraphs(text: &str, lang: Lang) -> Vec<Span> {
    let all = lines(text);
    let every_line = lang.is_chinese() || !has_blank_line(text);
    let mut out: Vec<Span> = Vec::new();
    let mut prev_end: Option<usize> = None;
    let mut prev_heading = false;
    for l in all {
        let heading = kind_of(l.text(text)) == UnitKind::Heading;
        let joined = match prev_end {
            Some(e) => !every_line && !heading && !prev_heading && !text[e..l.start].contains_blank_line(),
            None => false,
        };
        if joined {
            if let Some(last) = out.last_mut() {
                last.end = l.end;
            }
        } else {
            out.push(l);
        }
        prev_end = Some(l.end);
        prev_heading = heading;
    }
    out
}

trait BlankLine {
    fn contains_blank_line(&self) -> bool;
}

impl BlankLine for str {
    /// Whether this run of whitespace holds two line breaks.
    fn contains_blank_line(&self) -> bool {
        let n = self.replace("\r\n", "\n").chars().filter(|&c| c == '\n' || c == '\r').count();
        n >= 2
    }
}

fn has_blank_line(text: &str) -> bool {
    let t = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = t.trim().split('\n').collect();
    lines.iter().any(|l| l.trim().is_empty())
}

/// Whether a line is a section head ([`heading_number`]).
pub(crate) fn kind_of(line: &str) -> UnitKind {
    if heading_number(line).is_some() {
        UnitKind::Heading
    } else {
        UnitKind::Text
    }
}
