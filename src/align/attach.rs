//! Where a unit at the edge of a merged bead belongs. A bead that joins
//! several units of one side claims its first and last units; when the
//! sentence encoder finds such a unit closer to the neighbouring unit of
//! the other side (the one just after the bead for its last unit, just
//! before it for its first) than to any unit of the bead's other side, the
//! unit more likely belongs to the neighbouring bead. The search mostly
//! errs at such boundaries: of MAC-Dev's strict errors, the most common is
//! a 1-1 bead found as a 1-2 that has taken the next bead's first
//! sentence (docs/accuracy.md, "Where a unit at a bead's edge belongs").
//! A merged bead pays `attach` times the sum, over its edge units, of how
//! much more the neighbour matches than the bead does (nothing when the
//! bead matches better).

use std::ops::Range;

/// The weight of the evidence with the sentence encoder (cost per unit of
/// similarity), chosen by `scripts/choose-param.py attach …`: each document of
/// MAC-Dev and Text+Berg scored with the value that is best on the
/// others (docs/accuracy.md).
pub const ATTACH: f64 = 8.0;

/// How much better the edge units of the merged bead `src` ↔ `tgt` match
/// the neighbouring units of the other side than the bead's own, summed
/// (0 for a 1-1 bead); `sim(i, j)` is the similarity of source unit `i`
/// and target unit `j`, and the sides hold `n` and `m` units.
pub fn misplaced(
    sim: impl Fn(usize, usize) -> f64,
    (src, tgt): (&Range<usize>, &Range<usize>),
    (n, m): (usize, usize),
) -> f64 {
    let mut sum = 0.0;
    if tgt.len() >= 2 {
        for (j, next) in [(tgt.end - 1, (src.end < n).then_some(src.end)), (tgt.start, src.start.checked_sub(1))] {
            if let Some(i) = next {
                let own = src.clone().map(|k| sim(k, j)).fold(0.0, f64::max);
                sum += (sim(i, j) - own).max(0.0);
            }
        }
    }
    if src.len() >= 2 {
        for (i, next) in [(src.end - 1, (tgt.end < m).then_some(tgt.end)), (src.start, tgt.start.checked_sub(1))] {
            if let Some(j) = next {
                let own = tgt.clone().map(|k| sim(i, k)).fold(0.0, f64::max);
                sum += (sim(i, j) - own).max(0.0);
            }
        }
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::signal::TableSignal;

    #[test]
    fn an_edge_unit_closer_to_the_neighbour_is_misplaced() {
        // Source 0 ↔ targets 0 and 1, where target 1 matches source 1 (0.9)
        // better than source 0 (0.3): 0.6 misplaced at the bead's end.
        let sim = |i: usize, j: usize| match (i, j) {
            (0, 0) | (1, 2) => 0.8,
            (1, 1) => 0.9,
            (0, 1) => 0.3,
            _ => 0.1,
        };
        let got = misplaced(sim, (&(0..1), &(0..2)), (2, 3));
        assert!((got - 0.6).abs() < 1e-9, "{got}");
        // The bead where target 1 belongs: nothing misplaced.
        assert_eq!(misplaced(sim, (&(1..2), &(1..3)), (2, 3)), 0.0);
        // A 1-1 bead has no merged side.
        assert_eq!(misplaced(sim, (&(0..1), &(1..2)), (2, 3)), 0.0);
        // Source units merged: source 1's neighbour is target 1 (0.9
        // against 0.1 for the bead's target 0).
        let got = misplaced(sim, (&(0..2), &(0..1)), (2, 3));
        assert!((got - 0.8).abs() < 1e-9, "{got}");
    }

    /// Source unit 0 with target units 0 and 1 reads well as a whole, but
    /// target unit 1 is source unit 1's (0.9 against 0.3).
    const EDGE: TableSignal = TableSignal(|s, t, _| match (s, t) {
        ([0], [0]) | ([1], [1]) => 0.9,
        ([0], [0, 1]) => 0.85,
        ([1], [1, 2]) | ([1], [2]) => 0.7,
        ([0], [1]) => 0.3,
        _ => 0.1,
    });

    fn solve(attach: f64, src_len: &[f64], src_unpaired: &[bool]) -> Vec<String> {
        use crate::align::dp::{solve, Problem};
        let costs = crate::align::CostOptions { attach, ..crate::align::CostOptions::default() };
        let mut signals: Vec<Box<dyn crate::align::signal::Signal>> = vec![Box::new(EDGE)];
        let tgt = [10.0; 3];
        let mut p = Problem {
            src_len,
            tgt_len: &tgt,
            src_heading: &vec![false; src_len.len()],
            tgt_heading: &[false; 3],
            src_unpaired,
            tgt_unpaired: &[],
            model: crate::align::LengthModel { c: 1.0, s2: 1.0 },
            signals: &mut signals,
            costs: &costs,
            evidence: Some(0),
            nearby: None,
        };
        solve(&mut p).beads.iter().map(|b| format!("{:?}:{:?}", b.src, b.tgt)).collect()
    }

    #[test]
    fn the_search_gives_an_edge_unit_to_the_bead_it_belongs_to() {
        let lengths = [15.0, 15.0];
        assert_eq!(solve(0.0, &lengths, &[]), ["0..1:0..2", "1..2:2..3"]);
        assert_eq!(solve(8.0, &lengths, &[]), ["0..1:0..1", "1..2:1..3"]);
        // A neighbour the user confirmed alone is no bead to belong to.
        let alone = [false, true];
        assert_eq!(solve(20.0, &[20.0, 10.0], &alone)[0], "0..1:0..2");
    }
}
