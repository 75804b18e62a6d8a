//! Clauses: a sentence cut at ，；：、 (Chinese) or , ; : (others), only where
//! both pieces are long enough to matter and never inside brackets or quotes.

use super::sentence::{balanced, is_close, is_open, spans_from_cuts};
use super::{SegmentOptions, Span};
use crate::text::{is_han, Lang};

/// The clauses of the sentence `sent` of `text`. The weights of the pieces
/// (words, or Chinese characters and letters) are counted in one reading of
/// the sentence, so a sentence of any length costs time in proportion to it.
pub(crate) fn clauses(text: &str, sent: Span, lang: Lang, opts: &SegmentOptions) -> Vec<Span> {
    let s = sent.text(text);
    let chinese = lang.is_chinese();
    let min = if chinese { opts.min_clause_chars_zh } else { opts.min_clause_words };
    let (candidates, total) = candidates(s, lang, min);
    // The weight of s[a..b] is w(b) − w(a), plus one when a falls inside a
    // word (that word's rest is a word of the piece).
    let mut cuts = Vec::new();
    let mut prev = (0, false);
    for &(c, w, inside) in &candidates {
        if w - prev.0 + usize::from(prev.1) >= min && total - w + usize::from(inside) >= min {
            cuts.push(sent.start + c);
            prev = (w, inside);
        }
    }
    spans_from_cuts(text, sent, &cuts)
}

/// The places a sentence `s` may be cut (after a clause mark, outside
/// brackets, not inside a number, not after a short item of an enumeration
/// with 、): each with the weight of `s` before it (words begun, or Chinese
/// characters and letters) and whether a word goes on there; and the weight
/// of the whole sentence.
fn candidates(s: &str, lang: Lang, min: usize) -> (Vec<(usize, usize, bool)>, usize) {
    let chinese = lang.is_chinese();
    let marks = lang.profile().clause_marks;
    let use_depth = balanced(s);
    let mut candidates = Vec::new();
    let mut depth = 0i32;
    let (mut w, mut in_word) = (0usize, false);
    for (i, c) in s.char_indices() {
        let before = w;
        if chinese {
            w += usize::from(is_han(c) || c.is_alphanumeric());
        } else {
            w += usize::from(!c.is_whitespace() && !in_word);
            in_word = !c.is_whitespace();
        }
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
        } else if marks.contains(&c) && (!use_depth || depth == 0) {
            let end = i + c.len_utf8();
            let next = s[end..].chars().next();
            // "1,000" and "3:2" are numbers, not clause marks.
            let digit_around = s[..i].chars().next_back().is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            let short_item = c == '、' && before < min * 2;
            if !digit_around && !short_item {
                let inside = !chinese && next.is_some_and(|n| !n.is_whitespace());
                candidates.push((end, w, inside));
            }
        }
    }
    (candidates, w)
}
