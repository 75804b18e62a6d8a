//! Over-long units cut into pieces, so that no later stage (the aligner,
//! the differ, the checks) meets a unit of unbounded length: a sentence,
//! clause or line of more than [`MAX_UNIT_CHARS`] characters is cut into
//! pieces of at most that many, and a paragraph of more than
//! [`MAX_PARAGRAPH_CHARS`] characters into pieces at sentence ends (every
//! piece then counts as a paragraph).
//!
//! Where a cut falls depends only on the text around it, so that two
//! releases of one long line that differ in a few places are cut at the same
//! places away from their differences, and their pieces pair up. Every
//! place a unit may be cut is ranked: after a punctuation mark first, then
//! before white space, then anywhere, and within a kind by a hash of the
//! next few characters. A place is cut when it ranks first among the places
//! within a quarter of the bound on either side (pieces are then about half
//! the bound long, and at least a quarter); a stretch still longer than the
//! bound is cut between half the bound and the bound past its start, at the
//! place that ranks first there.

use std::collections::VecDeque;
use std::ops::Range;

use super::sentence::spans_from_cuts;
use super::Span;
use crate::text::Lang;

/// Sentences, clauses and lines of presegmented input longer than this many
/// characters are cut into pieces of at most this many (and more than half).
pub const MAX_UNIT_CHARS: usize = 2_000;

/// Paragraphs longer than this many characters are cut at sentence ends
/// into pieces of at most this many (and more than half), each a paragraph.
pub const MAX_PARAGRAPH_CHARS: usize = 20_000;

/// Characters after a boundary whose hash ranks it among its kind.
const HASH_CHARS: usize = 8;

/// The byte offset of the `n`-th character of `text` from `from` (the 0th
/// is at `from`), if `text` has that many.
fn nth_char(text: &str, from: usize, n: usize) -> Option<usize> {
    text[from..].char_indices().nth(n).map(|(i, _)| from + i)
}

/// Whether `span` of `text` has more than `max` characters (read up to `max + 1`).
pub(crate) fn too_long(text: &str, span: Span, max: usize) -> bool {
    span.len() > max && nth_char(text, span.start, max).is_some_and(|i| i < span.end)
}

/// `span` cut into pieces of at most `max` characters, or `[span]` when it
/// is not longer; `cut` counts the spans that had to be cut.
pub(crate) fn bounded(text: &str, span: Span, lang: Lang, max: usize, cut: &mut usize) -> Vec<Span> {
    if !too_long(text, span, max) {
        return vec![span];
    }
    *cut += 1;
    let s = span.text(text);
    let mut w = Winnow::new(max / 4, s.chars().count());
    let mut before = None;
    for (k, (i, c)) in s.char_indices().enumerate() {
        let at = span.start + i + c.len_utf8();
        if at < span.end {
            w.push(k + 1, at, (tier(before, c, text[at..].chars().next(), lang) << 62) | (rank(text, at) >> 2));
        }
        before = Some(c);
    }
    let found = w.finish();
    let choose = |lo, hi| unit_cut(text, (lo, hi), lang);
    spans_from_cuts(text, span, &with_forced(text, span, max, &found, choose))
}

/// The kind of place after `c` (between `before` and `next`), best first:
/// after a punctuation mark (not inside a number such as 1,000), before
/// white space, anywhere.
fn tier(before: Option<char>, c: char, next: Option<char>, lang: Lang) -> u64 {
    let mark =
        lang.profile().clause_marks.contains(&c) || matches!(c, '.' | '!' | '?' | '…' | '。' | '！' | '？' | '；');
    let in_number = before.is_some_and(|p| p.is_ascii_digit()) && next.is_some_and(|n| n.is_ascii_digit());
    if mark && !in_number {
        0
    } else if !c.is_whitespace() && next.is_some_and(char::is_whitespace) {
        1
    } else {
        2
    }
}

/// `found` (cut positions in `span`, in order) with forced cuts added
/// ([`cuts`], choosing with `choose`) wherever a stretch between two of
/// them is longer than `max` characters.
fn with_forced(
    text: &str,
    span: Span,
    max: usize,
    found: &[usize],
    choose: impl Fn(usize, usize) -> usize,
) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev = span.start;
    for &at in found.iter().chain(std::iter::once(&span.end)) {
        out.extend(cuts(text, Span::new(prev, at), max, &choose));
        if at < span.end {
            out.push(at);
        }
        prev = at;
    }
    out
}

/// The places that rank first within `radius` characters on either side
/// (winnowing): fed places in order, with their character index, byte
/// offset and rank (lower first; ties go to the earlier place); only places
/// at least `radius` characters from both ends of the text (`chars` long)
/// are taken, so that every piece is at least `radius` characters long.
struct Winnow {
    radius: usize,
    chars: usize,
    /// Places fed but not yet decided (within `radius` of the last fed).
    ahead: VecDeque<(usize, usize, u64)>,
    /// Places fed whose rank is lower than every later one's: the first is
    /// the lowest of those still in the window.
    low: VecDeque<(usize, usize, u64)>,
    out: Vec<usize>,
}

impl Winnow {
    fn new(radius: usize, chars: usize) -> Winnow {
        Winnow { radius, chars, ahead: VecDeque::new(), low: VecDeque::new(), out: Vec::new() }
    }

    /// Feed the place at character `k`, byte `at`, of rank `r`.
    fn push(&mut self, k: usize, at: usize, r: u64) {
        while self.ahead.front().is_some_and(|c| c.0 + self.radius < k) {
            self.decide();
        }
        while self.low.back().is_some_and(|b| b.2 > r) {
            self.low.pop_back();
        }
        self.ahead.push_back((k, at, r));
        self.low.push_back((k, at, r));
    }

    /// Whether the first undecided place ranks first in its window.
    fn decide(&mut self) {
        let Some(c) = self.ahead.pop_front() else { return };
        while self.low.front().is_some_and(|l| l.0 + self.radius < c.0) {
            self.low.pop_front();
        }
        let inside = c.0 >= self.radius && c.0 + self.radius <= self.chars;
        if inside && self.low.front().is_some_and(|l| l.0 == c.0) {
            self.out.push(c.1);
        }
    }

    /// The byte offsets of the places taken, in order.
    fn finish(mut self) -> Vec<usize> {
        while !self.ahead.is_empty() {
            self.decide();
        }
        self.out
    }
}

/// The pieces (sentences, in order) of the paragraph `para` grouped into
/// runs that span at most `max` characters each, a run ending before the
/// piece start chosen as [`bounded`] chooses its cuts. One run when the
/// paragraph is not longer than `max`.
pub(crate) fn groups(text: &str, para: Span, pieces: &[Span], max: usize) -> Vec<Range<usize>> {
    if !too_long(text, para, max) || pieces.is_empty() {
        return std::iter::once(0..pieces.len()).collect();
    }
    let starts = |p: usize| pieces.partition_point(|s| s.start <= p);
    let choose = |lo: usize, hi: usize| -> usize {
        let (a, b) = (starts(lo), starts(hi));
        match pieces[a..b].iter().map(|s| (rank(text, s.start), s.start)).min() {
            Some((_, at)) => at,
            // No piece starts in the window: the first one after it.
            None => pieces.get(a).map_or(para.end, |s| s.start),
        }
    };
    let mut w = Winnow::new(max / 4, para.text(text).chars().count());
    let (mut k, mut prev) = (0, para.start);
    for s in &pieces[1..] {
        k += text[prev..s.start].chars().count();
        prev = s.start;
        w.push(k, s.start, rank(text, s.start));
    }
    let found = w.finish();
    let mut out = Vec::new();
    let mut first = 0;
    for c in with_forced(text, para, max, &found, choose) {
        let k = pieces.partition_point(|s| s.start < c);
        if k > first {
            out.push(first..k);
            first = k;
        }
    }
    if first < pieces.len() {
        out.push(first..pieces.len());
    }
    out
}

/// Cut positions that leave no piece of `span` longer than `max`
/// characters: each is `choose(lo, hi)`, a position in `(lo, hi]`, where
/// `lo` and `hi` lie half of `max` and `max` characters past the previous cut.
fn cuts(text: &str, span: Span, max: usize, choose: impl Fn(usize, usize) -> usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut start = span.start;
    while let Some(hi) = nth_char(text, start, max.max(2)).filter(|&i| i < span.end) {
        let lo = nth_char(text, start, max.max(2) / 2).unwrap_or(start);
        let cut = choose(lo, hi);
        if cut <= start || cut >= span.end {
            break;
        }
        out.push(cut);
        start = cut;
    }
    out
}

/// Where to cut between byte offsets `lo` and `hi` (a position in `(lo,
/// hi]`): after a punctuation mark (not inside a number such as 1,000),
/// else before white space, else anywhere; of the kind found, the position
/// whose next characters hash lowest.
fn unit_cut(text: &str, (lo, hi): (usize, usize), lang: Lang) -> usize {
    let mut best: [Option<(u64, usize)>; 2] = [None, None];
    let mut prev = text[..lo].chars().next_back();
    for (i, c) in text[lo..hi].char_indices() {
        let at = lo + i + c.len_utf8();
        let next = text[at..].chars().next();
        let t = tier(prev, c, next, lang) as usize;
        if t < 2 {
            let r = (rank(text, at), at);
            if best[t].is_none_or(|b| r < b) {
                best[t] = Some(r);
            }
        }
        prev = Some(c);
    }
    if let Some((_, at)) = best[0].or(best[1]) {
        return at;
    }
    text[lo..hi].char_indices().map(|(i, c)| lo + i + c.len_utf8()).min_by_key(|&at| (rank(text, at), at)).unwrap_or(hi)
}

/// A hash of the [`HASH_CHARS`] characters from byte `at` of `text`.
fn rank(text: &str, at: usize) -> u64 {
    let end = nth_char(text, at, HASH_CHARS).unwrap_or(text.len());
    let mut h =
        text[at..end].bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}
