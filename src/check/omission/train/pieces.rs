//! Learning the model of a side as a whole ([`crate::check::omission::pieces`]):
//! the master's side of every bead of a damaged pair is an example,
//! positive when the version lost the counterpart of some of it. Its candidates are scored with the
//! candidates' weights learnt without the side's corpus, so that the
//! model learns what those probabilities are worth on text the weights
//! did not see (stacking); it is then fitted to every corpus, and each
//! corpus is scored with the model learnt without it.

use super::{cross_validate, fit, Example, Heldout, Weighing};
use crate::check::omission::features::N;
use crate::check::omission::model::logistic;
use crate::check::omission::pieces::{piece_features, P};
use crate::error::Result;
use crate::segment::Span;

/// The master's side of a bead of a damaged pair.
#[derive(Debug, Clone, PartialEq)]
pub struct PieceExample {
    /// Its candidates: their features and spans.
    pub members: Vec<([f64; N], Span)>,
    /// Whether some of it has no counterpart.
    pub label: bool,
}

/// The label of a side whose candidates are labelled `labels` (`None`
/// where a candidate only touches the damage): positive when one
/// candidate lies in the damage, negative when none touches it, and no
/// example when the damage only touches some.
pub fn piece_label(labels: &[Option<bool>]) -> Option<bool> {
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
pub fn leave_out_members(sets: &mut [(String, Vec<PieceExample>)], features: &[usize]) {
    for (f, _) in sets.iter_mut().flat_map(|(_, ex)| ex.iter_mut()).flat_map(|e| e.members.iter_mut()) {
        features.iter().for_each(|&i| f[i] = 0.0);
    }
}

/// The examples of the sides of each set, their candidates scored with
/// the set's `weights`.
fn scored(sets: &[(String, Vec<PieceExample>)], weights: &[[f64; N]]) -> Vec<(String, Vec<Example<P>>)> {
    sets.iter()
        .zip(weights)
        .map(|((name, ex), w)| {
            let of = |e: &PieceExample| {
                let probs: Vec<(f64, Span)> =
                    e.members.iter().map(|(f, s)| (logistic(w.iter().zip(f).map(|(a, b)| a * b).sum()), *s)).collect();
                Example { features: piece_features(&probs), label: e.label, weight: 1.0 }
            };
            (name.clone(), ex.iter().map(of).collect())
        })
        .collect()
}

/// The sides' weights, learnt from every set's sides scored with the
/// candidates' weights learnt without that set (`heldout_weights`, in the
/// order of `sets`), and each set's sides scored with sides' weights
/// learnt without it.
pub fn fit_pieces(
    sets: &[(String, Vec<PieceExample>)],
    heldout_weights: &[[f64; N]],
    lambda: f64,
) -> Result<([f64; P], Vec<Heldout>)> {
    let ex = scored(sets, heldout_weights);
    let all: Vec<Example<P>> = ex.iter().flat_map(|(_, e)| e.clone()).collect();
    let weights = fit(&all, lambda)?;
    let figures = cross_validate(&ex, lambda, Weighing::Examples)?.into_iter().map(|(h, _)| h).collect();
    Ok((weights, figures))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_is_positive_when_a_candidate_lies_in_the_damage() {
        assert_eq!(piece_label(&[Some(false), Some(true), None]), Some(true));
        assert_eq!(piece_label(&[Some(false), None]), None);
        assert_eq!(piece_label(&[Some(false), Some(false)]), Some(false));
        assert_eq!(piece_label(&[]), Some(false));
    }

    /// A side of two candidates, the first with feature 1 at `x`.
    fn side(x: f64, label: bool) -> PieceExample {
        let mut f = [0.0; N];
        (f[0], f[1]) = (1.0, x);
        let mut g = [0.0; N];
        g[0] = 1.0;
        PieceExample { members: vec![(f, Span::new(0, 5)), (g, Span::new(6, 9))], label }
    }

    #[test]
    fn sides_whose_candidates_say_more_are_more_likely_damaged() {
        // The candidates' weights: feature 1 raises a candidate's probability.
        let mut w = [0.0; N];
        (w[0], w[1]) = (-2.0, 4.0);
        let make = |k: usize| -> Vec<PieceExample> {
            (0..60)
                .map(|i| {
                    let x = (i * 7 + k) % 60;
                    side(x as f64 / 60.0, x > 35 || x.is_multiple_of(11))
                })
                .collect()
        };
        let sets = vec![("a".to_string(), make(1)), ("b".to_string(), make(3))];
        let (pw, figures) = fit_pieces(&sets, &[w, w], 1.0).expect("fits");
        assert!(figures.len() == 2 && figures.iter().all(|f| f.examples == 60), "{figures:?}");
        let p = |f: [f64; P]| logistic(pw.iter().zip(&f).map(|(a, b)| a * b).sum());
        let low = piece_features(&[(0.15, Span::new(0, 5)), (0.12, Span::new(6, 9))]);
        let high = piece_features(&[(0.8, Span::new(0, 5)), (0.12, Span::new(6, 9))]);
        assert!(p(high) > p(low) + 0.3, "{pw:?}");
        // Features left out are 0 in every candidate.
        let mut left = sets.clone();
        leave_out_members(&mut left, &[1]);
        assert!(left.iter().flat_map(|(_, e)| e).flat_map(|e| &e.members).all(|(f, _)| f[1] == 0.0));
    }
}
