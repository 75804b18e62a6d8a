//! Missing words inside a clause: with the sentence-embedding model, the
//! content words of a unit pair are linked to their translations one to one
//! ([`crate::align::words`]); a long run of master words with no partner in
//! the version, where the master is also longer than the length model
//! expects, is content the version lacks (a number found on both sides cuts
//! a run, as a linked word would). This finds a deletion that took only
//! part of a clause, or a clause whose punctuation does not separate it from
//! its neighbour. Words the version adds are not searched this way.

use std::ops::Range;

use crate::align::assoc::Assoc;
use crate::align::numbers::{extract, located};
use crate::align::semantic::Model;
use crate::align::words::{content_words, partners, Word};
use crate::document::Document;
use crate::lang::Lang;
use crate::normalize;
use crate::segment::Span;

/// When a run of untranslated words counts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RunOptions {
    /// Least number of words of two characters or more in the run.
    pub min_words: usize,
    /// Least share of the unit's length (non-space characters) in the run.
    pub min_share: f64,
    /// Least excess length of the side with the run, in standard deviations of the length model.
    pub min_sigma: f64,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { min_words: 2, min_share: 0.06, min_sigma: 0.2 }
    }
}

/// Byte spans (in `a`'s document) of runs of words of `a` with no
/// translation in `b`. `excess` is how much longer `a` is than the length
/// model expects, in standard deviations. `None` when the pair has too many
/// words to link ([`crate::align::words::MAX_PAIRS`]).
pub(super) fn untranslated_runs(
    model: Model,
    a: (&Document, Span),
    b: (&Document, Span),
    excess: f64,
    opts: &RunOptions,
    assoc: Option<&Assoc>,
) -> Option<Vec<Span>> {
    if excess < opts.min_sigma {
        return Some(Vec::new());
    }
    let text = a.1.text(&a.0.text);
    let wa = content_words(text, a.0.lang);
    let wb = content_words(b.1.text(&b.0.text), b.0.lang);
    if wa.is_empty() || wb.is_empty() {
        return Some(Vec::new());
    }
    let linked: Vec<bool> = partners(model, &wa, &wb, assoc)?.iter().map(Option::is_some).collect();
    let total = normalize::length(text).max(1) as f64;
    let found = numbers_found(text, a.0.lang, &extract(b.1.text(&b.0.text), b.0.lang));
    let mut out = Vec::new();
    for run in runs(&linked).into_iter().flat_map(|r| split_at_numbers(r, &wa, &found)) {
        let words = &wa[run];
        let long = words.iter().filter(|w| w.form.chars().count() >= 2).count();
        let span = Span::new(a.1.start + words[0].bytes.start, a.1.start + words[words.len() - 1].bytes.end);
        let share = normalize::length(span.text(&a.0.text)) as f64 / total;
        if long >= opts.min_words && share >= opts.min_share {
            out.push(span);
        }
    }
    Some(out)
}

/// Byte offsets in `text` (language `lang`) of the numbers written in
/// digits whose value is among `other` (the numbers of the other side, in
/// any form).
fn numbers_found(text: &str, lang: Lang, other: &[u32]) -> Vec<usize> {
    located(text, lang).into_iter().filter(|n| n.digits && other.contains(&n.value)).map(|n| n.bytes.start).collect()
}

/// The run `run` of `words`, cut wherever a number found on the other side
/// lies between two of its words: a matched number is a link too.
fn split_at_numbers(run: Range<usize>, words: &[Word], found: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = run.start;
    for k in run.start + 1..run.end {
        let (gap_start, gap_end) = (words[k - 1].bytes.end, words[k].bytes.start);
        if found.iter().any(|&p| p >= gap_start && p < gap_end) {
            out.push(start..k);
            start = k;
        }
    }
    out.push(start..run.end);
    out
}

/// Maximal ranges of `false` in `linked`.
fn runs(linked: &[bool]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &l) in linked.iter().chain(std::iter::once(&true)).enumerate() {
        match (l, start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_maximal_stretches_without_links() {
        assert_eq!(runs(&[true, false, false, true, false]), vec![1..3, 4..5]);
        assert!(runs(&[true, true]).is_empty());
        assert_eq!(runs(&[false]), vec![0..1]);
    }

    #[test]
    fn a_number_found_on_the_other_side_cuts_a_run() {
        let text = "會議（2025年3月10日，維也納）舉行";
        let words = content_words(text, Lang::ZhHant);
        let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(forms, ["会议", "维也纳", "举行"]);
        // 2025 and 10 are in the other side, 3 is not.
        let found = numbers_found(text, Lang::ZhHant, &[2025, 10]);
        assert_eq!(found.iter().map(|&p| &text[p..p + 2]).collect::<Vec<_>>(), ["20", "10"]);
        assert_eq!(split_at_numbers(0..3, &words, &found), vec![0..1, 1..3]);
        // No number on the other side: the run stays whole.
        assert_eq!(split_at_numbers(0..3, &words, &numbers_found(text, Lang::ZhHant, &[7])), vec![0..3]);
    }
}
