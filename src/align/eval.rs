//! Strict and lax precision, recall and F1 of test beads against gold beads,
//! as defined by Vecalign (Thompson & Koehn 2019), counts summed over files.
//!
//! - precision: over every non-empty test bead; a bead is a strict hit when it
//!   is exactly a gold bead, a lax hit when any of its target ids is aligned in
//!   gold to any of its source ids;
//! - recall: the same with gold and test swapped, after dropping 1-0 and 0-1
//!   beads from both.

use std::collections::HashSet;

use serde::Serialize;

use super::bead::IdBead;

/// Hit counts, summable over files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Strict hits among test beads.
    pub strict_p_hits: usize,
    /// Lax hits among test beads.
    pub lax_p_hits: usize,
    /// Test beads counted for precision.
    pub p_total: usize,
    /// Strict hits among gold beads.
    pub strict_r_hits: usize,
    /// Lax hits among gold beads.
    pub lax_r_hits: usize,
    /// Gold beads counted for recall.
    pub r_total: usize,
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, o: Counts) {
        self.strict_p_hits += o.strict_p_hits;
        self.lax_p_hits += o.lax_p_hits;
        self.p_total += o.p_total;
        self.strict_r_hits += o.strict_r_hits;
        self.lax_r_hits += o.lax_r_hits;
        self.r_total += o.r_total;
    }
}

/// Precision, recall and F1, strict and lax.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Scores {
    /// Strict precision.
    pub strict_precision: f64,
    /// Strict recall.
    pub strict_recall: f64,
    /// Strict F1.
    pub strict_f1: f64,
    /// Lax precision.
    pub lax_precision: f64,
    /// Lax recall.
    pub lax_recall: f64,
    /// Lax F1.
    pub lax_f1: f64,
}

fn non_null(b: &&IdBead) -> bool {
    !b.0.is_empty() && !b.1.is_empty()
}

/// (strict hits, lax hits, total) of `test` beads measured against `reference`.
fn hits(test: &[&IdBead], reference: &[IdBead]) -> (usize, usize, usize) {
    let exact: HashSet<(&[usize], &[usize])> = reference.iter().map(|(s, t)| (s.as_slice(), t.as_slice())).collect();
    let links: HashSet<(usize, usize)> =
        reference.iter().flat_map(|(s, t)| s.iter().flat_map(move |&a| t.iter().map(move |&b| (a, b)))).collect();
    let mut strict = 0;
    let mut lax = 0;
    for (s, t) in test {
        if exact.contains(&(s.as_slice(), t.as_slice())) {
            strict += 1;
        }
        if s.iter().any(|&a| t.iter().any(|&b| links.contains(&(a, b)))) {
            lax += 1;
        }
    }
    (strict, lax, test.len())
}

/// Count hits of one file's `test` beads against its `gold` beads.
pub fn count(test: &[IdBead], gold: &[IdBead]) -> Counts {
    let test_all: Vec<&IdBead> = test.iter().filter(non_null).collect();
    let (sp, lp, pt) = hits(&test_all, gold);
    let gold_nn: Vec<&IdBead> = gold.iter().filter(non_null).collect();
    let test_nn: Vec<IdBead> = test_all.iter().map(|b| (*b).clone()).collect();
    let (sr, lr, rt) = hits(&gold_nn, &test_nn);
    Counts { strict_p_hits: sp, lax_p_hits: lp, p_total: pt, strict_r_hits: sr, lax_r_hits: lr, r_total: rt }
}

/// Scores from summed counts.
pub fn score(c: &Counts) -> Scores {
    let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    let f1 = |p: f64, r: f64| {
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    };
    let sp = div(c.strict_p_hits, c.p_total);
    let sr = div(c.strict_r_hits, c.r_total);
    let lp = div(c.lax_p_hits, c.p_total);
    let lr = div(c.lax_r_hits, c.r_total);
    Scores {
        strict_precision: sp,
        strict_recall: sr,
        strict_f1: f1(sp, sr),
        lax_precision: lp,
        lax_recall: lr,
        lax_f1: f1(lp, lr),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(s: &[usize], t: &[usize]) -> IdBead {
        (s.to_vec(), t.to_vec())
    }

    #[test]
    fn perfect_alignment_scores_one() {
        let gold = vec![b(&[0], &[0]), b(&[1, 2], &[1]), b(&[3], &[])];
        let s = score(&count(&gold, &gold));
        assert_eq!((s.strict_f1, s.lax_f1), (1.0, 1.0));
    }

    #[test]
    fn hand_worked_case() {
        // gold: [0]:[0] [1]:[1,2] [2]:[3] [3]:[]
        // test: [0]:[0] [1]:[1] [2]:[2,3] []:[4]?? no: [3]:[] is dropped for recall
        let gold = vec![b(&[0], &[0]), b(&[1], &[1, 2]), b(&[2], &[3]), b(&[3], &[])];
        let test = vec![b(&[0], &[0]), b(&[1], &[1]), b(&[2], &[2, 3]), b(&[3], &[])];
        let c = count(&test, &gold);
        // precision over non-empty test beads: 3; strict hits: [0]:[0] → 1;
        // lax: [0]:[0] yes, [1]:[1] yes (1-1 linked), [2]:[2,3] yes (2-3 linked) → 3
        assert_eq!((c.strict_p_hits, c.lax_p_hits, c.p_total), (1, 3, 3));
        // recall over non-null gold beads: 3; strict: [0]:[0] → 1;
        // lax: [0]:[0] yes, [1]:[1,2] yes (1-1 in test), [2]:[3] yes (2-3 in test) → 3
        assert_eq!((c.strict_r_hits, c.lax_r_hits, c.r_total), (1, 3, 3));
        let s = score(&c);
        assert!((s.strict_f1 - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.lax_f1 - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_wrong_bead_counts_against_precision_and_recall() {
        let gold = vec![b(&[0], &[0]), b(&[1], &[1])];
        let test = vec![b(&[0], &[1]), b(&[1], &[0])];
        let s = score(&count(&test, &gold));
        assert_eq!((s.strict_precision, s.strict_recall, s.lax_f1), (0.0, 0.0, 0.0));
    }
}
