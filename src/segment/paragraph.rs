//! Paragraphs and lines, and section heads.

use super::{trim, Span, UnitKind};
use crate::lang::Lang;

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

/// Whether a line is a section head.
pub(crate) fn kind_of(line: &str) -> UnitKind {
    if heading_number(line).is_some() {
        UnitKind::Heading
    } else {
        UnitKind::Text
    }
}

/// The number of a section head (一 → 1, 第十二條 → 12, IV → 4, Article 5 → 5,
/// Статья 5 → 5, "3." → 3), or `None` when the line is not a head.
pub fn heading_number(line: &str) -> Option<u32> {
    let t = line.trim().trim_end_matches(['.', '、', '．', ':', '：']);
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    if let Some(n) = crate::align::numbers::parse_chinese_numeral(t) {
        return Some(n);
    }
    let inner = t.strip_prefix('第').and_then(|r| r.strip_suffix(['條', '条', '章', '節', '节', '部', '篇', '款']));
    if let Some(n) = inner.and_then(crate::align::numbers::parse_chinese_numeral) {
        return Some(n);
    }
    if let Some(n) = inner.and_then(|s| s.parse::<u32>().ok()) {
        return Some(n);
    }
    if let Some(n) = roman(t) {
        return Some(n);
    }
    if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 3 {
        return t.parse().ok();
    }
    let lower = t.to_lowercase();
    for word in ["article ", "section ", "chapter ", "part ", "статья ", "глава ", "раздел ", "часть "]
    {
        if let Some(rest) = lower.strip_prefix(word) {
            let rest = rest.trim();
            return rest.parse::<u32>().ok().or_else(|| roman(&rest.to_uppercase()));
        }
    }
    None
}

fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.chars().all(|c| "IVXLC".contains(c)) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 100,
    };
    let v: Vec<u32> = s.chars().map(val).collect();
    let mut total: i64 = 0;
    for i in 0..v.len() {
        if i + 1 < v.len() && v[i] < v[i + 1] {
            total -= v[i] as i64;
        } else {
            total += v[i] as i64;
        }
    }
    u32::try_from(total).ok().filter(|&n| n > 0)
}
