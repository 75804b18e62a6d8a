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

use std::ops::Range;

use super::names::Words;
use crate::error::{Error, ErrorKind, Result};

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
    /// The settings the shipped weights are learnt with: those with the
    /// least held-out log-loss of the omission model summed over MAC-Dev,
    /// Text+Berg and Tianjin (each scored with weights learnt without it)
    /// among the settings `scripts/choose-hmm.sh` tries, from a first guess
    /// of (10, 0.5, 0.1) one setting at a time. The sum is flat: within
    /// 0.0032 over sharpness 5–20, decay 0.25–2 and untranslated 0.05–0.5
    /// (docs/diff.md, "Words read in order").
    pub const BUILT_IN: Hmm = Hmm { sharpness: 10.0, floor: 0.35, decay: 1.0, untranslated: 0.4 };

    /// Settings with the built-in floor; an error unless the sharpness
    /// and the decay are positive numbers up to 1000 and the probability
    /// is strictly between 0 and 1.
    pub fn new(sharpness: f64, decay: f64, untranslated: f64) -> Result<Hmm> {
        let positive = |x: f64| x.is_finite() && x > 0.0 && x <= 1000.0;
        if !(positive(sharpness) && positive(decay) && untranslated > 0.0 && untranslated < 1.0) {
            return Err(Error::new(
                ErrorKind::InvalidOption,
                format!(
                    "word-order model settings {sharpness},{decay},{untranslated}: the sharpness and the decay \
                     must be numbers above 0 up to 1000, the probability a number between 0 and 1"
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
        // Forward, each step scaled to sum 1: (translated by c, untranslated with last place q).
        let mut fwd: Vec<(Vec<f64>, Vec<f64>)> = Vec::with_capacity(rows);
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
            fwd.push((tr, un));
        }
        // Backward: g[q], the probability of the words after, given last place q (scaled).
        let mut g = vec![1.0; j + 1];
        let mut out = vec![0.0; rows];
        for i in (0..rows).rev() {
            let (tr, un) = &fwd[i];
            let translated: f64 = (0..j).map(|c| tr[c] * g[c + 1]).sum();
            let alone: f64 = (0..=j).map(|q| un[q] * g[q]).sum();
            out[i] = alone / (translated + alone).max(f64::MIN_POSITIVE);
            let w: Vec<f64> = (0..j).map(|c| emit[i][c] * g[c + 1]).collect();
            let reach = laplace(&w, j + 1, k);
            let next: Vec<f64> = (0..=j).map(|q| (1.0 - p0) * reach[q] / z[q] + p0 * g[q]).collect();
            let s = next.iter().sum::<f64>().max(f64::MIN_POSITIVE);
            g = next.iter().map(|x| x / s).collect();
        }
        out
    }
}

/// The mean of `v` (one value a word) over the words in `r` (0 without any).
pub(super) fn mean_inside(l: &Words, v: &[f64], r: &Range<usize>) -> f64 {
    let inside: Vec<f64> = l
        .words
        .iter()
        .zip(v)
        .filter(|(w, _)| w.bytes.start >= r.start && w.bytes.end <= r.end)
        .map(|(_, &x)| x)
        .collect();
    if inside.is_empty() {
        0.0
    } else {
        inside.iter().sum::<f64>() / inside.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Five words against eleven: words 0, 1, 3, 4 translated in order by
    /// columns 0, 1, 2, 3 (similarity 0.9), word 2 similar (0.6) only to
    /// column `at`; the other columns are unrelated.
    fn read(at: usize) -> Vec<f64> {
        let sim = |i: usize, c: usize| match (i, c) {
            (0, 0) | (1, 1) | (3, 2) | (4, 3) => 0.9,
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
        // The same similarity where the order puts it: translated.
        let near = read(2);
        assert!(near[2] < 0.5 && near[2] < far[2] / 2.0, "{near:?} against {far:?}");
    }

    #[test]
    fn words_translated_in_order_are_translated_and_nothing_translates_nothing() {
        let p = Hmm::BUILT_IN.untranslated(3, 3, |i, c| if i == c { 0.9 } else { 0.0 });
        assert!(p.iter().all(|&x| x < 0.05), "{p:?}");
        assert_eq!(Hmm::BUILT_IN.untranslated(2, 0, |_, _| 0.0), [1.0, 1.0]);
        assert!(Hmm::BUILT_IN.untranslated(0, 4, |_, _| 0.0).is_empty());
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
        for n in [1, 3, 4, 6] {
            let got = laplace(&w, n, 0.6);
            for (t, g) in got.iter().enumerate() {
                let want: f64 = w.iter().enumerate().map(|(s, x)| x * 0.6f64.powi(t.abs_diff(s) as i32)).sum();
                assert!((g - want).abs() < 1e-12, "n {n}, t {t}: {g} against {want}");
            }
        }
    }
}
