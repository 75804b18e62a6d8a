//! The Gale–Church length model: the target length of a bead is expected to
//! be `c` times the source length, with variance `s2` per source character.
//! Parameters per language pair are estimated from gold alignments by
//! [`LengthModel::estimate`] (`clausediff calibrate`); see docs/length-model.md.

use serde::Serialize;

use crate::text::Lang;

/// Mean ratio and variance of target/source lengths (non-space characters).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LengthModel {
    /// Expected target characters per source character.
    pub c: f64,
    /// Variance of the target length per source character.
    pub s2: f64,
}

impl LengthModel {
    /// The calibrated model for a language pair: the target language's
    /// model from the source's family ([`crate::text::lang::Profile::length`]),
    /// or the inverse of the source's model from the target's family, or
    /// [`LengthModel::NEUTRAL`]. docs/length-model.md says what each figure
    /// was estimated on.
    pub fn for_pair(src: Lang, tgt: Lang) -> LengthModel {
        let from =
            |to: Lang, family| to.profile().length.iter().find(|(f, _, _)| *f == family).map(|&(_, c, s2)| (c, s2));
        if let Some((c, s2)) = from(tgt, src.family()) {
            return LengthModel { c, s2 };
        }
        match from(src, tgt.family()) {
            Some((c, s2)) => LengthModel { c, s2 }.inverse(),
            None => LengthModel::NEUTRAL,
        }
    }

    /// The same model read the other way: target to source.
    pub fn inverse(&self) -> LengthModel {
        LengthModel { c: 1.0 / self.c, s2: self.s2 / self.c.powi(3) }
    }

    /// The model of a pair nothing is known about: equal lengths, a broad variance.
    pub const NEUTRAL: LengthModel = LengthModel { c: 1.0, s2: 3.0 };

    /// Estimate `c` and `s2` from gold 1-1 beads given as (source, target) lengths.
    pub fn estimate(pairs: &[(usize, usize)]) -> Option<LengthModel> {
        let pairs: Vec<(f64, f64)> =
            pairs.iter().filter(|(a, b)| *a > 0 && *b > 0).map(|&(a, b)| (a as f64, b as f64)).collect();
        if pairs.len() < 2 {
            return None;
        }
        let c = pairs.iter().map(|p| p.1).sum::<f64>() / pairs.iter().map(|p| p.0).sum::<f64>();
        // Var(lt - c·ls) = s2 · ls  ⇒  s2 = mean((lt - c·ls)² / ls)
        let s2 = pairs.iter().map(|(a, b)| (b - c * a).powi(2) / a).sum::<f64>() / pairs.len() as f64;
        Some(LengthModel { c, s2 })
    }

    /// This model with `c` set to the median target/source ratio of
    /// `lengths` (pairs of source and target lengths; sources under ten
    /// characters are left out), when at least `min` pairs remain; the
    /// variance stays the language pair's.
    pub fn fitted_ratio(&self, lengths: &[(f64, f64)], min: usize) -> LengthModel {
        let mut ratios: Vec<f64> =
            lengths.iter().filter(|&&(s, t)| s >= 10.0 && t > 0.0).map(|&(s, t)| t / s).collect();
        if ratios.len() < min.max(1) {
            return *self;
        }
        ratios.sort_by(f64::total_cmp);
        LengthModel { c: ratios[ratios.len() / 2], ..*self }
    }

    /// This model with `s2` fitted to `lengths` as well (after
    /// [`LengthModel::fitted_ratio`], with the same pairs): the median of
    /// the squared deviations per character, over the median of a χ² of one
    /// degree of freedom, a spread that a few pairs far off (an omission)
    /// do not move. A close translation then reads a length off the model
    /// in its own terms, a free one in its own.
    pub fn fitted_spread(&self, lengths: &[(f64, f64)], min: usize) -> LengthModel {
        /// The median of a χ² variable of one degree of freedom.
        const CHI2_1_MEDIAN: f64 = 0.454_936_423_119_572_8;
        let mut dev: Vec<f64> = lengths
            .iter()
            .filter(|&&(s, t)| s >= 10.0 && t > 0.0)
            .map(|&(s, t)| (t - s * self.c).powi(2) / ((s + t / self.c) / 2.0))
            .collect();
        if dev.len() < min.max(1) {
            return *self;
        }
        dev.sort_by(f64::total_cmp);
        let s2 = dev[dev.len() / 2] / CHI2_1_MEDIAN;
        if s2 > 0.0 && s2.is_finite() {
            LengthModel { s2, ..*self }
        } else {
            *self
        }
    }

    /// How many standard deviations the target length `lt` is from what the
    /// source length `ls` predicts (negative: the target is too short).
    pub fn delta(&self, ls: f64, lt: f64) -> f64 {
        if ls <= 0.0 && lt <= 0.0 {
            return 0.0;
        }
        let mean = (ls + lt / self.c) / 2.0;
        (lt - ls * self.c) / (self.s2 * mean.max(1.0)).sqrt()
    }

    /// −log probability of lengths `ls` ↔ `lt` (0 when they fit perfectly).
    pub fn cost(&self, ls: f64, lt: f64) -> f64 {
        neg_log_two_tail(self.delta(ls, lt).abs())
    }
}

/// A length model set by the user, in part or whole, over the language
/// pair's ([`LengthModel::for_pair`]): what `clausediff calibrate` estimates
/// on gold alignments of other texts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct LengthOverride {
    /// Target characters per source character, if set.
    pub c: Option<f64>,
    /// Variance per source character, if set.
    pub s2: Option<f64>,
}

impl LengthOverride {
    /// `model` with what is set here in its place.
    pub fn apply(&self, model: LengthModel) -> LengthModel {
        LengthModel { c: self.c.unwrap_or(model.c), s2: self.s2.unwrap_or(model.s2) }
    }
}

/// −ln(2·(1 − Φ(x))) for x ≥ 0, i.e. −ln erfc(x/√2).
fn neg_log_two_tail(x: f64) -> f64 {
    let z = x / std::f64::consts::SQRT_2;
    if z < 3.0 {
        // Abramowitz & Stegun 7.1.26, |error| < 1.5e-7.
        let t = 1.0 / (1.0 + 0.327_591_1 * z);
        let poly =
            t * (0.254_829_592 + t * (-0.284_496_736 + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
        let erfc = poly * (-z * z).exp();
        -(erfc.max(1e-300)).ln()
    } else {
        // Asymptotic: erfc(z) ≈ e^{−z²} / (z √π) (1 − 1/(2z²)).
        z * z + (z * std::f64::consts::PI.sqrt()).ln() - (1.0 - 1.0 / (2.0 * z * z)).ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cost_grows_with_mismatch() {
        let m = LengthModel { c: 3.0, s2: 2.0 };
        assert!(m.cost(10.0, 30.0) < 1e-6);
        assert!(m.cost(10.0, 40.0) > m.cost(10.0, 33.0));
        let far = m.cost(10.0, 300.0);
        assert!(far.is_finite() && far > 20.0, "{far}");
        // continuity at the switch between the two formulas
        let a = neg_log_two_tail(3.0 * std::f64::consts::SQRT_2 - 1e-9);
        let b = neg_log_two_tail(3.0 * std::f64::consts::SQRT_2 + 1e-9);
        assert!((a - b).abs() < 0.01, "{a} {b}");
    }

    #[test]
    fn pairs_and_their_inverses() {
        let zh_en = LengthModel::for_pair(Lang::ZhHant, Lang::En);
        assert_eq!((zh_en.c, zh_en.s2), (3.31, 20.0));
        let en_zh = LengthModel::for_pair(Lang::En, Lang::ZhHans);
        assert!((en_zh.c - 1.0 / 3.31).abs() < 1e-12 && (en_zh.s2 - 20.0 / 3.31f64.powi(3)).abs() < 1e-12);
        assert_eq!(LengthModel::for_pair(Lang::ZhHant, Lang::ZhHans), LengthModel { c: 1.0, s2: 0.5 });
        assert_eq!(LengthModel::for_pair(Lang::En, Lang::Ru), LengthModel { c: 1.04, s2: 3.0 });
        assert_eq!(LengthModel::for_pair(Lang::En, Lang::En), LengthModel::NEUTRAL);
        assert_eq!(LengthModel::for_pair(Lang::Other, Lang::ZhHant), LengthModel::NEUTRAL);
    }

    #[test]
    fn estimate_recovers_ratio() {
        let pairs = [(10, 30), (20, 62), (5, 14), (40, 118)];
        let m = LengthModel::estimate(&pairs).expect("enough pairs");
        assert!((m.c - 2.96).abs() < 0.05, "{m:?}");
        assert!(LengthModel::estimate(&[(1, 2)]).is_none());
    }

    #[test]
    fn fitted_ratio_is_the_median_and_ignores_outliers() {
        let m = LengthModel { c: 3.0, s2: 20.0 };
        // Four pairs at ratio 3.5, one deletion (ratio 1) and one short source left out.
        let lengths = [(20.0, 70.0), (40.0, 140.0), (30.0, 105.0), (50.0, 50.0), (10.0, 35.0), (4.0, 40.0)];
        let f = m.fitted_ratio(&lengths, 3);
        assert!((f.c - 3.5).abs() < 1e-9 && f.s2 == 20.0, "{f:?}");
        // Too few pairs: unchanged.
        assert_eq!(m.fitted_ratio(&lengths, 10), m);
    }

    #[test]
    fn fitted_spread_reads_the_pairs_deviations_and_not_the_few_far_off() {
        let m = LengthModel { c: 2.0, s2: 20.0 };
        // Close pairs: each 2 characters off twice the source's length.
        let mut lengths: Vec<(f64, f64)> = (0..9).map(|k| (20.0 + k as f64, 42.0 + 2.0 * k as f64)).collect();
        let close = m.fitted_spread(&lengths, 5);
        assert!(close.c == 2.0 && close.s2 < 1.0, "{close:?}");
        // Two pairs with half their content gone barely move it.
        lengths.extend([(40.0, 40.0), (30.0, 30.0)]);
        let with_gaps = m.fitted_spread(&lengths, 5);
        assert!(with_gaps.s2 < 2.0 * close.s2, "{with_gaps:?} against {close:?}");
        // A free translation: a wide spread, wider than the pair's.
        let free: Vec<(f64, f64)> = (0..9).map(|k| (30.0, if k % 2 == 0 { 30.0 } else { 95.0 })).collect();
        assert!(m.fitted_spread(&free, 5).s2 > m.s2);
        // Too few pairs, or all exact: unchanged.
        assert_eq!(m.fitted_spread(&lengths, 50), m);
        assert_eq!(m.fitted_spread(&[(20.0, 40.0); 9], 5), m);
    }
}
