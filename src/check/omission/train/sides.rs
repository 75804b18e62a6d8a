//! How the sides of the beads of damaged pairs are told apart
//! ([`crate::check::omission::side`]): every side of a bead is a case,
//! damaged when one of its candidates lies in the damage. Its candidates
//! are scored with the candidates' weights learnt without its corpus, and
//! the side is read by its likeliest candidate alone and by the chance
//! that any candidate lacks its counterpart, for comparison (the trainer
//! reports both; nothing is learnt here).

use super::{probability, scored, Heldout};
use crate::check::omission::features::N;
use crate::check::omission::side::read_side;
use crate::segment::Span;

/// One side of a bead of a damaged pair.
#[derive(Debug, Clone, PartialEq)]
pub struct SideExample {
    /// Its candidates: their features and spans.
    pub members: Vec<([f64; N], Span)>,
    /// Whether it is the version's side.
    pub added: bool,
    /// Whether some of it has no counterpart.
    pub label: bool,
}

/// The label of a side whose candidates are labelled `labels` (`None`
/// where a candidate only touches the damage): positive when one
/// candidate lies in the damage, negative when none touches it, and no
/// case when the damage only touches some.
pub fn side_label(labels: &[Option<bool>]) -> Option<bool> {
    if labels.contains(&Some(true)) {
        Some(true)
    } else if labels.contains(&None) {
        None
    } else {
        Some(false)
    }
}

/// Set the features at `features` of every candidate of every side to 0
/// (as [`super::leave_out`] does for the candidates' examples).
pub fn leave_out_members(sets: &mut [(String, Vec<SideExample>)], features: &[usize]) {
    for (f, _) in sets.iter_mut().flat_map(|(_, ex)| ex.iter_mut()).flat_map(|e| e.members.iter_mut()) {
        features.iter().for_each(|&i| f[i] = 0.0);
    }
}

/// How the sides of one kind of one corpus are told apart.
#[derive(Debug, Clone, PartialEq)]
pub struct SideFigures {
    /// Whether they are the version's sides (content it adds).
    pub added: bool,
    /// By the probability of the likeliest candidate alone.
    pub likeliest: Heldout,
    /// By the chance that any candidate lacks its counterpart.
    pub any: Heldout,
}

/// For each set and each kind of side (the master's, then the
/// version's), how its sides are told apart, their candidates scored with
/// the set's `heldout_weights` (learnt without it, in the order of `sets`).
pub fn side_figures(sets: &[(String, Vec<SideExample>)], heldout_weights: &[[f64; N]]) -> Vec<SideFigures> {
    let mut out = Vec::new();
    for ((name, ex), w) in sets.iter().zip(heldout_weights) {
        for added in [false, true] {
            let (mut likeliest, mut any) = (Vec::new(), Vec::new());
            for e in ex.iter().filter(|e| e.added == added) {
                let probs: Vec<(f64, Span)> = e.members.iter().map(|(f, s)| (probability(w, f), *s)).collect();
                let side = read_side(&probs);
                likeliest.push((side.likeliest(), e.label));
                any.push((side.any, e.label));
            }
            out.push(SideFigures { added, likeliest: scored(name, &likeliest), any: scored(name, &any) });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_is_positive_when_a_candidate_lies_in_the_damage() {
        assert_eq!(side_label(&[Some(false), Some(true), None]), Some(true));
        assert_eq!(side_label(&[Some(false), None]), None);
        assert_eq!(side_label(&[Some(false), Some(false)]), Some(false));
        assert_eq!(side_label(&[]), Some(false));
    }

    /// A side of two candidates, the first with feature 1 at `x`.
    fn side(x: f64, label: bool, added: bool) -> SideExample {
        let mut f = [0.0; N];
        (f[0], f[1]) = (1.0, x);
        let mut g = [0.0; N];
        g[0] = 1.0;
        SideExample { members: vec![(f, Span::new(0, 5)), (g, Span::new(6, 9))], added, label }
    }

    #[test]
    fn sides_are_read_by_their_likeliest_candidate_and_by_any() {
        // The candidates' weights: feature 1 raises a candidate's probability
        // (logistic(−2 + 4x)); the second candidate stands at logistic(−2).
        let mut w = [0.0; N];
        (w[0], w[1]) = (-2.0, 4.0);
        let sides: Vec<SideExample> = (0..40).map(|i| side(i as f64 / 40.0, i >= 30, i % 2 == 0)).collect();
        let sets = vec![("a".to_string(), sides)];
        let figures = side_figures(&sets, &[w]);
        assert_eq!(figures.iter().map(|f| f.added).collect::<Vec<_>>(), [false, true]);
        for f in &figures {
            assert!(f.likeliest.examples == 20 && f.likeliest.positives == 5, "{f:?}");
            // At 0.5 the likeliest alone takes the sides whose first candidate
            // passes 0.5 (x > 0.5); any takes more (with the second's 0.12).
            let (alone, any) = (f.likeliest.curve[4].2, f.any.curve[4].2);
            assert!(alone == 1.0 && any == 1.0, "{f:?}");
            // Any is never below the likeliest: it takes a superset, here of
            // negatives only.
            assert!(f.any.curve[4].1 < f.likeliest.curve[4].1, "{f:?}");
        }
        // Features left out are 0 in every candidate.
        let mut left = sets.clone();
        leave_out_members(&mut left, &[1]);
        assert!(left.iter().flat_map(|(_, e)| e).flat_map(|e| &e.members).all(|(f, _)| f[1] == 0.0));
    }
}
