//! Segmentation: a [`Document`](crate::Document)'s text → paragraphs →
//! sentences → clauses. Every unit is a byte [`Span`] into the original text;
//! spans are in order, never overlap, and with the whitespace between them
//! cover the whole text.

mod clause;
mod paragraph;
mod sentence;

use serde::{Deserialize, Serialize};

use crate::text::Lang;

/// A half-open byte range `[start, end)` into a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The text the span covers.
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.start..self.end]
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// The granularity of units to align.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Paragraphs (blocks separated by blank lines; lines in Chinese text).
    Paragraph,
    /// Sentences.
    #[default]
    Sentence,
    /// Clauses: sentences further cut at commas, semicolons and colons.
    Clause,
}

impl std::str::FromStr for Level {
    type Err = crate::Error;
    fn from_str(s: &str) -> crate::Result<Level> {
        match s {
            "paragraph" | "para" => Ok(Level::Paragraph),
            "sentence" | "sent" => Ok(Level::Sentence),
            "clause" => Ok(Level::Clause),
            _ => Err(crate::Error::new(
                crate::ErrorKind::InvalidOption,
                format!("unknown level {s:?} (paragraph, sentence or clause)"),
            )),
        }
    }
}

/// What a unit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitKind {
    /// Running text.
    Text,
    /// A section head (一, 第三條, IV, Article 5, Статья 5 …).
    Heading,
}

/// One unit of a segmentation: a span, the paragraph it belongs to, its kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// Where it is in the text.
    pub span: Span,
    /// Index of its paragraph.
    pub para: usize,
    /// Heading or text.
    pub kind: UnitKind,
}

/// Options for segmentation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SegmentOptions {
    /// Every non-empty line is one unit (already segmented input).
    pub presegmented: bool,
    /// Minimum length of a clause, in characters for Chinese.
    pub min_clause_chars_zh: usize,
    /// Minimum length of a clause, in words for other languages.
    pub min_clause_words: usize,
}

impl Default for SegmentOptions {
    fn default() -> Self {
        SegmentOptions { presegmented: false, min_clause_chars_zh: 8, min_clause_words: 5 }
    }
}

/// A text cut into units at one level, grouped by paragraph, with the
/// clauses of every unit (so that a unit can be compared clause by clause
/// without cutting it again).
#[derive(Debug, Clone, PartialEq)]
pub struct Segmentation {
    /// The level of `units`.
    pub level: Level,
    /// Paragraph spans.
    pub paragraphs: Vec<Span>,
    /// The units, in order; each knows its paragraph.
    pub units: Vec<Unit>,
    /// The clauses of all units, in order.
    pub clauses: Vec<Span>,
    /// Where each unit's clauses start in `clauses` (one entry more than
    /// units: the end of the last unit's clauses).
    clause_starts: Vec<usize>,
}

impl Segmentation {
    /// Indices into `units` of each paragraph's units, as ranges.
    pub fn paragraph_ranges(&self) -> Vec<std::ops::Range<usize>> {
        let mut out = vec![0..0; self.paragraphs.len()];
        let mut i = 0;
        for (p, r) in out.iter_mut().enumerate() {
            let start = i;
            while i < self.units.len() && self.units[i].para == p {
                i += 1;
            }
            *r = start..i;
        }
        out
    }

    /// The span from the first to the last of units `r`, or `None` for an empty range.
    pub fn span_of(&self, r: &std::ops::Range<usize>) -> Option<Span> {
        if r.is_empty() {
            return None;
        }
        let (a, b) = (self.units.get(r.start)?, self.units.get(r.end - 1)?);
        Some(Span::new(a.span.start, b.span.end))
    }

    /// The text of unit `i`.
    pub fn unit_text<'a>(&self, text: &'a str, i: usize) -> &'a str {
        self.units[i].span.text(text)
    }

    /// The clauses of units `r`, in order (empty for an empty or out-of-range `r`).
    pub fn clauses_of(&self, r: &std::ops::Range<usize>) -> &[Span] {
        match (self.clause_starts.get(r.start), self.clause_starts.get(r.end)) {
            (Some(&a), Some(&b)) if r.start < r.end => &self.clauses[a..b],
            _ => &[],
        }
    }
}

/// Cut `text` (in language `lang`) into units at `level`.
pub fn segment(text: &str, lang: Lang, level: Level, opts: &SegmentOptions) -> Segmentation {
    let (paragraphs, units) = if opts.presegmented { lines(text) } else { units(text, lang, level, opts) };
    let mut clauses = Vec::new();
    let mut clause_starts = Vec::with_capacity(units.len() + 1);
    for u in &units {
        clause_starts.push(clauses.len());
        match (level, u.kind) {
            (_, UnitKind::Heading) => clauses.push(u.span),
            (Level::Clause, _) if !opts.presegmented => clauses.push(u.span),
            (Level::Sentence, _) if !opts.presegmented => clauses.extend(clause::clauses(text, u.span, lang, opts)),
            // Paragraphs, and lines of presegmented input: their sentences' clauses.
            _ => clauses.extend(
                sentence::sentences(text, u.span, lang).into_iter().flat_map(|s| clause::clauses(text, s, lang, opts)),
            ),
        }
    }
    clause_starts.push(clauses.len());
    Segmentation { level, paragraphs, units, clauses, clause_starts }
}

/// Every non-empty line a unit, in one paragraph (already segmented input).
fn lines(text: &str) -> (Vec<Span>, Vec<Unit>) {
    let units: Vec<Unit> = paragraph::lines(text)
        .into_iter()
        .map(|span| Unit { span, para: 0, kind: paragraph::kind_of(span.text(text)) })
        .collect();
    let whole = match (units.first(), units.last()) {
        (Some(a), Some(b)) => vec![Span::new(a.span.start, b.span.end)],
        _ => vec![],
    };
    (whole, units)
}

/// Paragraphs, and their units at `level`.
fn units(text: &str, lang: Lang, level: Level, opts: &SegmentOptions) -> (Vec<Span>, Vec<Unit>) {
    let paragraphs = paragraph::paragraphs(text, lang);
    let mut units = Vec::new();
    for (p, span) in paragraphs.iter().enumerate() {
        let kind = paragraph::kind_of(span.text(text));
        let pieces = match (level, kind) {
            (Level::Paragraph, _) | (_, UnitKind::Heading) => vec![*span],
            (Level::Sentence, _) => sentence::sentences(text, *span, lang),
            (Level::Clause, _) => sentence::sentences(text, *span, lang)
                .into_iter()
                .flat_map(|s| clause::clauses(text, s, lang, opts))
                .collect(),
        };
        units.extend(pieces.into_iter().map(|span| Unit { span, para: p, kind }));
    }
    (paragraphs, units)
}

/// Shrink `span` so it starts and ends on non-whitespace; `None` if nothing is left.
pub(crate) fn trim(text: &str, span: Span) -> Option<Span> {
    let s = &text[span.start..span.end];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    if t.is_empty() {
        None
    } else {
        Some(Span::new(span.start + lead, span.start + lead + t.len()))
    }
}

#[cfg(test)]
mod tests;
