//! The probability that the master's side of an aligned pair has content
//! the version lacks somewhere, from the probabilities of its candidates.
//!
//! Each candidate's probability (the omission model's) says whether that
//! stretch lacks a counterpart. When the version lost a stretch that no
//! candidate matches well (a clause cut across a list, words whose
//! near-synonym stays), several overlapping or neighbouring candidates
//! each stand a little above the rest and none passes the threshold. A
//! second logistic model reads the side as a whole: the log-odds of its
//! likeliest candidate, the log-odds that any of its candidates lacks a
//! counterpart were they independent (the likeliest first, each skipping
//! those that overlap a likelier one, as findings are chosen), and how
//! many those are. It is learnt from the same damaged pairs as the
//! candidates' weights, on the probabilities each corpus gets from
//! weights learnt without it (`train`), so that it learns what those
//! probabilities are worth on text the weights did not see. The version's
//! side is not read so (docs/diff.md, "The master's side as a whole").

use serde::{Deserialize, Serialize};

use super::logit::{log_odds, logistic};
use crate::error::{Error, ErrorKind, Result};
use crate::segment::Span;

/// The number of features of a side.
pub const P: usize = 4;

/// The names of the features of a side, in order (the weights file uses them).
pub const PIECE_NAMES: [&str; P] = ["bias", "likeliest", "any", "candidates"];

/// Probabilities are read as log-odds within these bounds (±9.2).
const LEAST: f64 = 1e-4;

/// The features of a side from its candidates' probabilities and spans.
pub fn piece_features(scored: &[(f64, Span)]) -> [f64; P] {
    let mut order: Vec<&(f64, Span)> = scored.iter().collect();
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.start.cmp(&b.1.start)));
    let mut kept: Vec<Span> = Vec::new();
    let mut none = 1.0;
    for (p, s) in order.iter().map(|x| (x.0, x.1)) {
        if kept.iter().any(|t| t.start < s.end && s.start < t.end) {
            continue;
        }
        kept.push(s);
        none *= 1.0 - p.clamp(0.0, 1.0);
    }
    let likeliest = order.first().map_or(0.0, |x| x.0);
    [1.0, log_odds(likeliest, LEAST), log_odds(1.0 - none, LEAST), (1.0 + kept.len() as f64).ln()]
}

/// The model of the master's side of a pair as a whole: its feature names
/// and weights with and without the sentence encoder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PieceModel {
    /// The feature names, in the order of the weights.
    pub features: Vec<String>,
    /// Weights for alignments with the sentence encoder.
    pub with_model: Vec<f64>,
    /// Weights for alignments without it.
    pub without_model: Vec<f64>,
}

impl PieceModel {
    /// An error unless the names are those of [`PIECE_NAMES`] and every
    /// weight is a finite number, `P` of them a set.
    pub fn check(&self) -> Result<()> {
        let names: Vec<&str> = self.features.iter().map(String::as_str).collect();
        if names != PIECE_NAMES || self.with_model.len() != P || self.without_model.len() != P {
            return Err(Error::new(ErrorKind::Parse, "omission weights: not the side features this program computes"));
        }
        if self.with_model.iter().chain(&self.without_model).any(|x| !x.is_finite()) {
            return Err(Error::new(ErrorKind::Parse, "omission weights: a side weight is not a finite number"));
        }
        Ok(())
    }

    /// The probability that the master's side with features `f` has
    /// content without counterpart (weights with the encoder or without).
    pub fn probability(&self, f: &[f64; P], with_model: bool) -> f64 {
        let w = if with_model { &self.with_model } else { &self.without_model };
        logistic(w.iter().zip(f).map(|(a, b)| a * b).sum())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(p: f64, a: usize, b: usize) -> (f64, Span) {
        (p, Span::new(a, b))
    }

    #[test]
    fn candidates_that_overlap_a_likelier_one_do_not_count() {
        // 0.4 and 0.3 apart, 0.35 inside the first: any = 1 − 0.6 · 0.7.
        let f = piece_features(&[at(0.3, 20, 30), at(0.35, 0, 5), at(0.4, 0, 10)]);
        assert_eq!(f[0], 1.0);
        assert!((f[1] - log_odds(0.4, LEAST)).abs() < 1e-12, "{f:?}");
        assert!((f[2] - log_odds(1.0 - 0.6 * 0.7, LEAST)).abs() < 1e-12, "{f:?}");
        assert!((f[3] - 3f64.ln()).abs() < 1e-12, "{f:?}");
        // The order given does not matter.
        assert_eq!(f, piece_features(&[at(0.4, 0, 10), at(0.3, 20, 30), at(0.35, 0, 5)]));
    }

    #[test]
    fn a_side_without_candidates_or_with_certain_ones_has_bounded_features() {
        let none = piece_features(&[]);
        assert_eq!(none[3], 0.0);
        assert!(none[1] < -9.0 && none[2] < -9.0, "{none:?}");
        let sure = piece_features(&[at(1.0, 0, 3), at(1.0, 5, 9)]);
        assert!(sure.iter().all(|x| x.is_finite()) && sure[2] > 9.0, "{sure:?}");
    }

    #[test]
    fn the_bundled_side_model_finds_a_side_likelier_damaged_the_likelier_its_candidates() {
        use crate::check::omission::model::OmissionModel;
        let m = OmissionModel::bundled().expect("bundled weights");
        let p = |x: f64| m.piece_probability(&[at(x, 0, 10), at(0.1, 12, 20)], true).expect("a model of sides");
        assert!(p(0.45) > p(0.2) && p(0.2) > p(0.05), "{} {} {}", p(0.45), p(0.2), p(0.05));
        // A weights file without it is read, and reads candidates alone.
        let text = serde_json::to_string(&OmissionModel { pieces: None, ..m.clone() }).expect("serialises");
        let old = OmissionModel::from_json(&text).expect("read");
        assert_eq!(old.piece_probability(&[at(0.45, 0, 10)], true), None);
    }

    #[test]
    fn a_model_with_other_names_or_sizes_is_refused() {
        let w = vec![-2.0, 1.0, 0.5, 0.0];
        let m = PieceModel {
            features: PIECE_NAMES.iter().map(|s| s.to_string()).collect(),
            with_model: w.clone(),
            without_model: vec![-3.0, 0.5, 0.0, 0.0],
        };
        assert!(m.check().is_ok());
        let f = piece_features(&[at(0.4, 0, 10), at(0.3, 20, 30)]);
        assert!(m.probability(&f, true) > m.probability(&f, false));
        assert!(PieceModel { with_model: vec![1.0], ..m.clone() }.check().is_err());
        assert!(PieceModel { features: vec!["bias".into(); P], ..m.clone() }.check().is_err());
        assert!(PieceModel { without_model: vec![f64::NAN; P], ..m }.check().is_err());
    }
}
