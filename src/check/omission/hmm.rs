//! Which words of one side the other side leaves untranslated, read in
//! order: a hidden Markov model over the words of one side whose states
//! are the words of the other side (a word is translated by one of them)
//! or "untranslated" (remembering the last translated place). A word's
//! translation lies one place after the previous word's, give or take a
//! jump whose probability falls exponentially with its length; a word
//! goes untranslated with a fixed probability. Forward–backward gives
//! each word the probability that it is untranslated. Unlike links made
//! one pair at a time, a word whose only similar word on the other side
//! stands far from where its neighbours are translated is read as
//! untranslated unless the similarity pays for the jump.

use crate::error::{Error, ErrorKind, Result};

/// The largest decay a setting may have: a jump of one word then weighs
/// e^−50, far below anything a similarity pays for, and the weights of
/// the kernel stay well above the smallest numbers (a decay near 745
/// makes them 0, and the probabilities not numbers).
pub const MAX_DECAY: f64 = 50.0;

/// The model's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hmm {
    /// Emission sharpness: a word is translated by a word of the other
    /// side with likelihood exp(sharpness · (similarity − floor)) against
    /// 1 for being untranslated.
    pub sharpness: f64,
    /// The similarity at which a word is as likely translated by that
    /// word as untranslated: the least similarity of a word link
    /// ([`crate::align::linking::LinkOptions`]).
    pub floor: f64,
    /// How fast a jump's probability falls with its length (per word).
    pub decay: f64,
    /// The probability that a word is untranslated.
    pub untranslated: f64,
}

impl Hmm {
    /// The settings the shipped weights are learnt with (their provenance
    /// says so): those with the least held-out log-loss of the omission
    /// model summed over MAC-Dev, Text+Berg and Tianjin (each scored with
    /// weights learnt without it) among the settings around a first guess
    /// of (10, 0.5, 0.1) that `scripts/choose-hmm.sh` tries. The sum is
    /// flat over them (docs/diff.md, "Words read in order").
    pub const BUILT_IN: Hmm = Hmm { sharpness: 10.0, floor: 0.35, decay: 1.0, untranslated: 0.4 };

    /// Settings with the built-in floor; an error unless the sharpness is
    /// a number above 0 up to 1000, the decay above 0 up to [`MAX_DECAY`]
    /// and the probability strictly between 0 and 1.
    pub fn new(sharpness: f64, decay: f64, untranslated: f64) -> Result<Hmm> {
        let within = |x: f64, most: f64| x.is_finite() && x > 0.0 && x <= most;
        if !(within(sharpness, 1000.0) && within(decay, MAX_DECAY) && untranslated > 0.0 && untranslated < 1.0) {
            return Err(Error::new(
                ErrorKind::InvalidOption,
                format!(
                    "word-order model settings {sharpness},{decay},{untranslated}: the sharpness must be a number \
                     above 0 up to 1000, the decay above 0 up to {MAX_DECAY}, the probability between 0 and 1"
                ),
            ));
        }
        Ok(Hmm { sharpness, decay, untranslated, ..Hmm::BUILT_IN })
    }
}

/// For each `t` in `0..n`, Σ_s w[s] · k^|t − s| over `s` in `0..w.len()`
/// (a sum under a Laplace kernel), in two passes.
fn laplace(w: &[f64], n: usize, k: f64) -> Vec<f64> {
    let len = n.max(w.len());
    let at = |s: usize| w.get(s).copied().unwrap_or(0.0);
    let mut out = vec![0.0; n];
    let mut run = 0.0;
    for (t, o) in out.iter_mut().enumerate() {
        run = run * k + at(t);
        *o = run;
    }
    let mut run = 0.0;
    for t in (0..len.saturating_sub(1)).rev() {
        run = k * (at(t + 1) + run);
        if t < n {
            out[t] += run;
        }
    }
    out
}

impl Hmm {
    /// For each of `rows` words, the probability that it is untranslated,
    /// given `sim(i, j)` to each of `cols` words of the other side.
    pub fn untranslated(&self, rows: usize, cols: usize, sim: impl Fn(usize, usize) -> f64) -> Vec<f64> {
        if rows == 0 {
            return Vec::new();
        }
        if cols == 0 {
            return vec![1.0; rows];
        }
        let (j, p0) = (cols, self.untranslated);
        let emit: Vec<Vec<f64>> = (0..rows)
            .map(|i| (0..j).map(|c| (self.sharpness * (sim(i, c) - self.floor)).clamp(-30.0, 30.0).exp()).collect())
            .collect();
        // The last translated place q in 0..=J (0: none yet; c + 1: word c);
        // the next word is expected at word q, and a jump to word c has
        // weight k^|c − q|, normalised over c by z[q].
        let k = (-self.decay).exp();
        let z = laplace(&vec![1.0; j], j + 1, k);
        // Forward, each step scaled to sum 1 (its sum before kept for the
        // backward pass): (translated by c, untranslated with last place q, sum).
        let mut fwd: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::with_capacity(rows);
        let mut last = vec![0.0; j + 1];
        last[0] = 1.0;
        for e in &emit {
            let b: Vec<f64> = last.iter().zip(&z).map(|(a, z)| a / z).collect();
            let reach = laplace(&b, j, k);
            let tr: Vec<f64> = (0..j).map(|c| e[c] * (1.0 - p0) * reach[c]).collect();
            let un: Vec<f64> = last.iter().map(|a| a * p0).collect();
            let total = (tr.iter().sum::<f64>() + un.iter().sum::<f64>()).max(f64::MIN_POSITIVE);
            let tr: Vec<f64> = tr.iter().map(|x| x / total).collect();
            let un: Vec<f64> = un.iter().map(|x| x / total).collect();
            last.clone_from(&un);
            for c in 0..j {
                last[c + 1] += tr[c];
            }
            fwd.push((tr, un, total));
        }
        // Backward: g[q], the probability of the words after, given last
        // place q, scaled by the forward sums of those words, so that the
        // forward and backward values of a step sum to 1 (no underflow).
        let mut g = vec![1.0; j + 1];
        let mut out = vec![0.0; rows];
        for i in (0..rows).rev() {
            let (tr, un, total) = &fwd[i];
            let translated: f64 = (0..j).map(|c| tr[c] * g[c + 1]).sum();
            let alone: f64 = (0..=j).map(|q| un[q] * g[q]).sum();
            out[i] = alone / (translated + alone).max(f64::MIN_POSITIVE);
            let w: Vec<f64> = (0..j).map(|c| emit[i][c] * g[c + 1]).collect();
            let reach = laplace(&w, j + 1, k);
            g = (0..=j).map(|q| ((1.0 - p0) * reach[q] / z[q] + p0 * g[q]) / total).collect();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five words against eleven: words 0, 1, 3, 4 translated in order by
    /// columns 0, 1, 3, 4 (similarity 0.9), word 2 similar (0.6) only to
    /// column `at`; the other columns are unrelated.
    fn read(at: usize) -> Vec<f64> {
        let sim = |i: usize, c: usize| match (i, c) {
            (0, 0) | (1, 1) | (3, 3) | (4, 4) => 0.9,
            (2, c) if c == at => 0.6,
            _ => 0.0,
        };
        Hmm::BUILT_IN.untranslated(5, 11, sim)
    }

    #[test]
    fn a_word_similar_only_far_from_where_its_neighbours_are_translated_is_untranslated() {
        let far = read(10);
        assert!(far[2] > 0.5, "{far:?}");
        assert!([0, 1, 3, 4].iter().all(|&i| far[i] < 0.1), "{far:?}");
        // The same similarity where the order puts it (between the
        // translations of words 1 and 3): translated.
        let near = read(2);
        assert!(near[2] < 0.2, "{near:?} against {far:?}");
    }

    #[test]
    fn the_extreme_settings_give_probabilities() {
        let sim = |i: usize, c: usize| if (i * 7 + c).is_multiple_of(5) { 0.9 } else { 0.1 };
        for (s, d, u) in [(1000.0, MAX_DECAY, 0.999), (1e-6, 1e-6, 1e-6), (1000.0, 1e-6, 0.5), (1e-6, MAX_DECAY, 0.5)] {
            let h = Hmm::new(s, d, u).expect("within range");
            for (rows, cols) in [(1, 1), (3, 40), (400, 3), (300, 300)] {
                let p = h.untranslated(rows, cols, sim);
                assert!(p.iter().all(|x| (0.0..=1.0).contains(x)), "{s} {d} {u}, {rows}×{cols}: {p:?}");
            }
        }
        assert!(Hmm::new(10.0, MAX_DECAY * 2.0, 0.4).is_err());
    }

    #[test]
    fn words_translated_in_order_are_translated_and_nothing_translates_nothing() {
        let p = Hmm::BUILT_IN.untranslated(3, 3, |i, c| if i == c { 0.9 } else { 0.0 });
        assert!(p.iter().all(|&x| x < 0.05), "{p:?}");
        assert_eq!(Hmm::BUILT_IN.untranslated(2, 0, |_, _| 0.0), [1.0, 1.0]);
        assert!(Hmm::BUILT_IN.untranslated(0, 4, |_, _| 0.0).is_empty());
    }

    #[test]
    fn the_bundled_weights_are_learnt_with_the_built_in_settings() {
        let h = Hmm::BUILT_IN;
        let said = format!("--hmm {},{},{} ", h.sharpness, h.decay, h.untranslated);
        let m = super::super::model::OmissionModel::bundled().expect("bundled weights");
        assert!(m.provenance.contains(&said), "{said} not in {}", m.provenance);
    }

    #[test]
    fn settings_out_of_range_are_refused() {
        assert!(Hmm::new(10.0, 0.5, 0.4).is_ok());
        for (s, d, u) in [(0.0, 0.5, 0.4), (10.0, f64::NAN, 0.4), (10.0, 0.5, 1.0), (10.0, 0.5, 0.0), (1e9, 0.5, 0.4)] {
            assert!(Hmm::new(s, d, u).is_err(), "{s} {d} {u}");
        }
    }

    #[test]
    fn laplace_sums_are_those_written_out() {
        let w = [0.5, 2.0, 0.0, 1.5];
        for (n, k) in [(1, 0.6), (3, 0.6), (4, 0.6), (6, 0.6), (4, 0.0), (6, 0.0)] {
            let got = laplace(&w, n, k);
            for (t, g) in got.iter().enumerate() {
                let want: f64 = w.iter().enumerate().map(|(s, x)| x * f64::powi(k, t.abs_diff(s) as i32)).sum();
                assert!((g - want).abs() < 1e-12, "n {n}, t {t}: {g} against {want}");
            }
        }
    }
}
