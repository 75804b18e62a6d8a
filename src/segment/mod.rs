//! Segmentation: a [`Document`](crate::Document)'s text → paragraphs →
//! sentences → clauses. Every unit is a byte [`Span`] into the original text;
//! spans are in order, never overlap, and with the whitespace between them
//! cover the whole text.

mod clause;
mod long;
mod paragraph;
mod sentence;

pub use long::{MAX_PARAGRAPH_CHARS, MAX_UNIT_CHARS};

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
    /// How many sentences, clauses or lines longer than [`MAX_UNIT_CHARS`]
    /// characters, and paragraphs longer than [`MAX_PARAGRAPH_CHARS`], were
    /// cut into pieces.
    pub cut: usize,
}

impl Segmentation {
    /// A note for a report when over-long units of the text `name` were cut
    /// ([`Segmentation::cut`]), or `None`.
    pub fn cut_note(&self, name: &str) -> Option<String> {
        (self.cut > 0).then(|| {
            format!(
                "{name}: {} unit(s) longer than {MAX_UNIT_CHARS} characters (paragraphs: {MAX_PARAGRAPH_CHARS}) \
                 were cut into pieces to align and compare",
                self.cut
            )
        })
    }

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

/// Cut `text` (in language `lang`) into units at `level`. Units longer
/// than [`MAX_UNIT_CHARS`] characters (paragraphs: [`MAX_PARAGRAPH_CHARS`])
/// are cut into pieces ([`Segmentation::cut`] counts them).
pub fn segment(text: &str, lang: Lang, level: Level, opts: &SegmentOptions) -> Segmentation {
    let mut b = Builder {
        text,
        lang,
        opts,
        paragraphs: Vec::new(),
        units: Vec::new(),
        clauses: Vec::new(),
        clause_starts: Vec::new(),
        cut: 0,
    };
    if opts.presegmented {
        b.lines();
    } else {
        b.paragraphs(level);
    }
    b.clause_starts.push(b.clauses.len());
    let Builder { paragraphs, units, clauses, clause_starts, cut, .. } = b;
    Segmentation { level, paragraphs, units, clauses, clause_starts, cut }
}

/// A segmentation being made: units pushed with their clauses.
struct Builder<'a> {
    text: &'a str,
    lang: Lang,
    opts: &'a SegmentOptions,
    paragraphs: Vec<Span>,
    units: Vec<Unit>,
    clauses: Vec<Span>,
    clause_starts: Vec<usize>,
    cut: usize,
}

impl Builder<'_> {
    fn push(&mut self, span: Span, para: usize, kind: UnitKind, clauses: impl IntoIterator<Item = Span>) {
        self.units.push(Unit { span, para, kind });
        self.clause_starts.push(self.clauses.len());
        self.clauses.extend(clauses);
    }

    /// The sentences of `span`, none longer than [`MAX_UNIT_CHARS`].
    fn sentences(&mut self, span: Span) -> Vec<Span> {
        let (text, lang) = (self.text, self.lang);
        let mut cut = 0;
        let out = sentence::sentences(text, span, lang)
            .into_iter()
            .flat_map(|s| long::bounded(text, s, lang, MAX_UNIT_CHARS, &mut cut))
            .collect();
        self.cut += cut;
        out
    }

    /// The clauses of the sentence (or piece) `s`.
    fn clauses_of(&self, s: Span) -> Vec<Span> {
        clause::clauses(self.text, s, self.lang, self.opts)
    }

    /// The clauses of the sentences of `span`.
    fn sentence_clauses(&mut self, span: Span) -> Vec<Span> {
        self.sentences(span).into_iter().flat_map(|s| self.clauses_of(s)).collect()
    }

    /// Every non-empty line a unit (cut when too long), in one paragraph
    /// (already segmented input); a line's clauses are those of its sentences.
    fn lines(&mut self) {
        let text = self.text;
        for line in paragraph::lines(text) {
            let kind = paragraph::kind_of(line.text(text));
            if kind == UnitKind::Heading {
                self.push(line, 0, kind, [line]);
                continue;
            }
            for piece in long::bounded(text, line, self.lang, MAX_UNIT_CHARS, &mut self.cut) {
                let clauses = self.sentence_clauses(piece);
                self.push(piece, 0, kind, clauses);
            }
        }
        if let (Some(a), Some(b)) = (self.units.first(), self.units.last()) {
            self.paragraphs.push(Span::new(a.span.start, b.span.end));
        }
    }

    /// Paragraphs, and their units at `level` with their clauses; a
    /// paragraph longer than [`MAX_PARAGRAPH_CHARS`] is cut at sentence ends.
    fn paragraphs(&mut self, level: Level) {
        let text = self.text;
        for span in paragraph::paragraphs(text, self.lang) {
            let kind = paragraph::kind_of(span.text(text));
            let whole = !long::too_long(text, span, MAX_PARAGRAPH_CHARS);
            if kind == UnitKind::Heading || (level == Level::Paragraph && whole) {
                let clauses = if kind == UnitKind::Heading { vec![span] } else { self.sentence_clauses(span) };
                self.paragraphs.push(span);
                self.push(span, self.paragraphs.len() - 1, kind, clauses);
                continue;
            }
            let sents = self.sentences(span);
            let groups = long::groups(text, span, &sents, MAX_PARAGRAPH_CHARS);
            if groups.len() <= 1 {
                self.paragraphs.push(span);
                self.group(level, span, &sents, kind);
                continue;
            }
            self.cut += 1;
            let last = groups.len().saturating_sub(1);
            for (g, r) in groups.into_iter().enumerate() {
                let (Some(first), Some(end)) = (sents.get(r.start), sents.get(r.end.wrapping_sub(1))) else { continue };
                let start = if g == 0 { span.start } else { first.start };
                let para = Span::new(start, if g == last { span.end } else { end.end });
                self.paragraphs.push(para);
                self.group(level, para, &sents[r], kind);
            }
        }
    }

    /// The units at `level` of the paragraph `para` (the last pushed), whose sentences are `sents`.
    fn group(&mut self, level: Level, para: Span, sents: &[Span], kind: UnitKind) {
        let p = self.paragraphs.len() - 1;
        match level {
            Level::Paragraph => {
                let clauses: Vec<Span> = sents.iter().flat_map(|&s| self.clauses_of(s)).collect();
                self.push(para, p, kind, clauses);
            }
            Level::Sentence => {
                for &s in sents {
                    let clauses = self.clauses_of(s);
                    self.push(s, p, kind, clauses);
                }
            }
            Level::Clause => {
                for &s in sents {
                    for c in self.clauses_of(s) {
                        self.push(c, p, kind, [c]);
                    }
                }
            }
        }
    }
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
