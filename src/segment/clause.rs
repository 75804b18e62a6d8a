//! Clauses: a sentence cut at ，；：、 (Chinese) or , ; : (others), only where
//! both pieces are long enough to matter and never inside brackets or quotes.

use super::sentence::{balanced, is_close, is_open, spans_from_cuts};
use super::{SegmentOptions, Span};
use crate::text::{is_han, Lang};

/// The clauses of the sentence `sent` of `text`.
pub(crate) fn clauses(text: &str, sent: Span, lang: Lang, opts: &SegmentOptions) -> Vec<Span> {
    let s = sent.text(text);
    let chinese = lang.is_chinese();
    let marks = lang.profile().clause_marks;
    let weight = |piece: &str| -> usize {
        if chinese {
            piece.chars().filter(|&c| is_han(c) || c.is_alphanumeric()).count()
        } else {
            piece.split_whitespace().count()
        }
    };
    let min = if chinese { opts.min_clause_chars_zh } else { opts.min_clause_words };
    let use_depth = balanced(s);
    let mut candidates = Vec::new();
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
        } else if marks.contains(&c) && (!use_depth || depth == 0) {
            let end = i + c.len_utf8();
            // "1,000" and "3:2" are numbers, not clause marks.
            let digit_around = s[..i].chars().next_back().is_some_and(|p| p.is_ascii_digit())
                && s[end..].chars().next().is_some_and(|n| n.is_ascii_digit());
            let enumeration = c == '、';
            let short_item = enumeration && weight(&s[..i]) < min * 2;
            if !digit_around && !short_item {
                candidates.push(end);
            }
        }
    }
    let mut cuts = Vec::new();
    let mut prev = 0;
    for &c in &candidates {
        if weight(&s[prev..c]) >= min && weight(&s[c..]) >= min {
            cuts.push(sent.start + c);
            prev = c;
        }
    }
    spans_from_cuts(text, sent, &cuts)
}
