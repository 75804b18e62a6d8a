//! Whether the words of a candidate that the other side translates are
//! translated in one place there: a clause the translation moved (Chinese
//! puts a purpose or an assessment last, English and Russian often first)
//! keeps its links together in the clause it moved to, where the clause
//! alignment, which keeps the order, leaves it alone; a clause the
//! translation left out keeps only links to words the rest of the pair
//! repeats, spread over other clauses.

use std::ops::Range;

use super::names::Words;

/// Where the partners of a side's words are on the other side: for each
/// word, the byte where its partner (by the encoder or the dictionary)
/// starts, and where every word of the other side starts.
pub(super) struct Partners {
    /// For each word of the side, where its partner starts.
    pub(super) at: Vec<Option<usize>>,
    /// Where each word of the other side starts.
    pub(super) theirs: Vec<usize>,
}

/// How much of a candidate one stretch of the other side translates: the
/// largest Dice overlap, in links, between the candidate's content words
/// and those of one clause or two neighbouring clauses of the other side,
/// wherever they stand. A clause the other side moved keeps its links
/// together in the clause it moved to; a deleted one leaves only links
/// to words that other clauses repeat, spread over them.
pub(super) fn held_together(l: &Words, p: &Partners, r: &Range<usize>, clauses: &[Range<usize>]) -> f64 {
    let inside: Vec<usize> = (0..l.words.len()).filter(|&k| l.within(k, r)).collect();
    if inside.is_empty() || clauses.is_empty() {
        return 0.0;
    }
    let clause_of = |b: usize| clauses.iter().position(|c| c.start <= b && b < c.end);
    let mut words_in = vec![0usize; clauses.len()];
    for &b in &p.theirs {
        if let Some(c) = clause_of(b) {
            words_in[c] += 1;
        }
    }
    // Words of a phrase may share one partner: each partner counts once,
    // so the overlap stays a Dice overlap (at most 1).
    let mut partners: Vec<usize> = inside.iter().filter_map(|&k| p.at[k]).collect();
    partners.sort_unstable();
    partners.dedup();
    let mut links_in = vec![0usize; clauses.len()];
    for c in partners.into_iter().filter_map(clause_of) {
        links_in[c] += 1;
    }
    let n = inside.len();
    let mut best: f64 = 0.0;
    for c in 0..clauses.len() {
        for w in 1..=2 {
            let (a, b) = (c, (c + w).min(clauses.len()));
            let links: usize = links_in[a..b].iter().sum();
            let words: usize = words_in[a..b].iter().sum();
            best = best.max(2.0 * links as f64 / (n + words) as f64);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::words::Word;

    /// Four words of this side at bytes 0, 10, 20, 30, the first three in
    /// the candidate (0..25), linked to the words of the other side at
    /// `at`; the other side has six words at 0, 10 … 50 in three clauses
    /// of two words.
    fn held(at: [Option<usize>; 4]) -> f64 {
        let words = (0..4).map(|k| Word { bytes: k * 10..k * 10 + 5, form: format!("w{k}") }).collect();
        let l = Words { words, covered: at.iter().map(Option::is_some).collect() };
        let p = Partners { at: at.to_vec(), theirs: (0..6).map(|k| k * 10).collect() };
        held_together(&l, &p, &(0..25), &[0..20, 20..40, 40..60])
    }

    #[test]
    fn links_in_one_place_hold_together_wherever_it_is() {
        // Moved to the last clause: two links there (2·2 / (3 + 2)).
        let moved = held([Some(40), Some(50), None, Some(20)]);
        assert!((moved - 0.8).abs() < 1e-9, "{moved}");
        // In place, in the first two clauses (2·3 / (3 + 4)).
        let in_place = held([Some(0), Some(10), Some(20), Some(40)]);
        assert!((in_place - 6.0 / 7.0).abs() < 1e-9, "{in_place}");
    }

    #[test]
    fn links_spread_over_the_other_side_do_not() {
        // One link in the first clause, one in the last: no stretch holds
        // more than one of them (2·1 / (3 + 2)).
        let spread = held([Some(0), None, Some(50), Some(20)]);
        assert!((spread - 0.4).abs() < 1e-9, "{spread}");
        assert_eq!(held([None, None, None, Some(20)]), 0.0);
    }

    #[test]
    fn words_sharing_one_partner_count_it_once() {
        // The three words of the candidate all joined to the word at 40 (a
        // phrase against one word): one link (2·1 / (3 + 2)), not three.
        let shared = held([Some(40), Some(40), Some(40), Some(20)]);
        assert!((shared - 0.4).abs() < 1e-9, "{shared}");
    }
}
