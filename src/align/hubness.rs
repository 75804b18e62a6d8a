//! Hubness of sentence embeddings: some texts lie close to many texts of
//! the other side (short ones, lists of names, formulaic openings), so a
//! high cosine says less of them than of a text that lies close to one
//! text only. The meaning signal discounts it as cross-domain similarity
//! local scaling (CSLS) does: `cos(x, y) − ½ (r(x) + r(y))`, where `r(x)`
//! is the mean cosine of `x` to its `k` nearest units of the
//! other side among those the search band lets it be paired with or that
//! lie within [`REACH`] units beyond, each
//! `r` taken less its mean over the units of its side, so that the scale
//! of the cosine (the range the signal maps to [0, 1]) stays where it was.
//! A text with fewer than `2k` units of the other side to meet discounts
//! nothing. The hubness is measured in the first band a search prepares
//! and [`REACH`] units beyond it (the whole matrix for a problem searched
//! whole) and kept when the band
//! widens, so that the bead costs kept from a narrower band still hold.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::band::Band;

/// Nearest units of the other side a text's hubness is measured on by
/// default (`--set hubness=…`): the value of CSLS's authors for word
/// translation (10) lowered to the few units a search band holds near a
/// unit's place (MAC-Dev and Text+Berg strict F1 for 2, 4 and 8 in
/// docs/accuracy.md).
pub const NEIGHBOURS: usize = 4;

/// Units beyond the first search band, on either side, that a text's
/// hubness is measured against too: a long document searched in a band
/// then measures its units against about as many units as its pieces
/// searched whole do (documents of a few hundred units), so that its
/// alignment does not depend on its length. Chosen on the long-document
/// benchmark (`scripts/long-bench.py`, docs/accuracy.md): German–French,
/// whose hubness is measured on one neighbour, strict F1 of the whole
/// within 0.004 of the pieces at 1k, 5k and 20k sentences with 64 (0.013
/// with none, 0.005 with 128).
pub const REACH: usize = 64;

/// The vectors of one side: its units' and its windows' (runs of
/// neighbouring units).
pub trait SideVectors: Sync {
    /// The units' vectors.
    fn singles(&self) -> &[Arc<[f32]>];
    /// The vector of the run of units `r`.
    fn window(&self, r: Range<usize>) -> Cow<'_, [f32]>;
}

/// The hubness of every window of up to `widest` units of both sides,
/// measured inside a search band and a reach beyond it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hubness {
    /// `src[l - 1][i]`: the hubness of source units `i..i + l` (NaN where
    /// the band and reach let it meet fewer than `2k` units, or `k` is 0).
    src: Vec<Vec<f32>>,
    /// The same for the target side.
    tgt: Vec<Vec<f32>>,
    /// The mean hubness of each side's units.
    base: (f32, f32),
}

impl Hubness {
    /// Measure the windows of `src` and `tgt` of up to `widest` units, each
    /// against its `k` nearest among the units of the other side that
    /// `band` lets it meet or that lie within `reach` units beyond.
    pub fn measure(
        (src, tgt): (&dyn SideVectors, &dyn SideVectors),
        (band, reach): (&Band, usize),
        widest: usize,
        k: usize,
    ) -> Hubness {
        let (n, m) = (src.singles().len(), tgt.singles().len());
        let cols = |i: usize, l: usize| -> Range<usize> {
            let lo = band.lo.get(i).copied().unwrap_or(m).min(m).saturating_sub(reach);
            let hi = band.hi.get(i + l).copied().unwrap_or(m).saturating_add(reach).min(m);
            lo..hi.max(lo)
        };
        let rows = |j: usize, l: usize| -> Range<usize> {
            let first = band.hi.partition_point(|&h| h < j).min(n).saturating_sub(reach);
            let last = band.lo.partition_point(|&x| x <= j + l).saturating_sub(1).saturating_add(reach).min(n);
            first..last.max(first)
        };
        let src_r = windows((src, tgt.singles()), (widest, k), &cols);
        let tgt_r = windows((tgt, src.singles()), (widest, k), &rows);
        // Runs are measured against the same base as units: a run lies a
        // little closer to its nearest units than a unit does, so merged
        // beads lose a little more than single ones.
        let base = (mean(src_r.first().map(Vec::as_slice)), mean(tgt_r.first().map(Vec::as_slice)));
        Hubness { src: src_r, tgt: tgt_r, base }
    }

    /// `cos`, the cosine of source units `s` and target units `t`,
    /// discounted by their hubness (a side not measured discounts nothing).
    pub fn adjust(&self, cos: f32, s: &Range<usize>, t: &Range<usize>) -> f32 {
        let above = |r: f32, base: f32| if r.is_finite() && base.is_finite() { r - base } else { 0.0 };
        cos - 0.5 * (above(of(&self.src, s), self.base.0) + above(of(&self.tgt, t), self.base.1))
    }
}

/// The hubness of every window of `side` of up to `widest` units against
/// its `k` nearest `other` units among those `near` gives it.
fn windows(
    (side, other): (&dyn SideVectors, &[Arc<[f32]>]),
    (widest, k): (usize, usize),
    near: &(dyn Fn(usize, usize) -> Range<usize> + Sync),
) -> Vec<Vec<f32>> {
    let n = side.singles().len();
    (1..=widest.min(n))
        .map(|l| {
            (0..=n - l).into_par_iter().map(|i| nearest_mean(&side.window(i..i + l), &other[near(i, l)], k)).collect()
        })
        .collect()
}

/// The mean cosine of `v` to its `k` nearest `others`; NaN for `k` 0 or
/// fewer than `2k` others, where the text's own counterpart would weigh
/// too much among its nearest (in a problem of one unit a side, the
/// discount would take all the cosine says).
fn nearest_mean(v: &[f32], others: &[Arc<[f32]>], k: usize) -> f32 {
    if k == 0 || others.len() < 2 * k {
        return f32::NAN;
    }
    let mut top = vec![f32::NEG_INFINITY; k];
    for o in others {
        let c = crate::embed::cosine(v, o);
        if c.is_finite() && c > top[k - 1] {
            let at = top.partition_point(|&t| t >= c);
            top.copy_within(at..k - 1, at + 1);
            top[at] = c;
        }
    }
    if !top[k - 1].is_finite() {
        return f32::NAN;
    }
    top.iter().sum::<f32>() / k as f32
}

/// The hubness of the window `r` of a side: measured when it is not wider
/// than the widest measured, else the mean of its units'.
fn of(side: &[Vec<f32>], r: &Range<usize>) -> f32 {
    if let Some(&h) = r.len().checked_sub(1).and_then(|l| side.get(l)).and_then(|v| v.get(r.start)) {
        return h;
    }
    let singles = side.first().map(|v| &v[r.start.min(v.len())..r.end.min(v.len())]);
    mean(singles)
}

/// The mean of the finite values (NaN without any).
fn mean(v: Option<&[f32]>) -> f32 {
    let known: Vec<f32> = v.map(|v| v.iter().copied().filter(|x| x.is_finite()).collect()).unwrap_or_default();
    if known.is_empty() {
        return f32::NAN;
    }
    known.iter().sum::<f32>() / known.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units given by their vectors; a run is the normalized sum of its units'.
    struct Plain(Vec<Arc<[f32]>>);

    impl SideVectors for Plain {
        fn singles(&self) -> &[Arc<[f32]>] {
            &self.0
        }

        fn window(&self, r: Range<usize>) -> Cow<'_, [f32]> {
            let mut v = vec![0f32; self.0[0].len()];
            for u in &self.0[r] {
                v.iter_mut().zip(u.iter()).for_each(|(a, b)| *a += b);
            }
            let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
            Cow::Owned(v.into_iter().map(|x| x / norm).collect())
        }
    }

    fn unit(v: &[f32]) -> Arc<[f32]> {
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / norm).collect()
    }

    /// Axis `k` of a space of `DIM` dimensions.
    fn axis(k: usize) -> Arc<[f32]> {
        unit(&(0..DIM).map(|i| if i == k { 1.0 } else { 0.0 }).collect::<Vec<_>>())
    }

    const DIM: usize = 10;

    fn full(n: usize, m: usize) -> Band {
        Band::around(&vec![1.0; n], &vec![1.0; m], n.max(m), true)
    }

    #[test]
    fn a_text_close_to_every_text_of_the_other_side_is_discounted_more() {
        // Eight target units on eight axes; source 0 matches target 0 alone,
        // source 1 lies as close to targets 0–3 (a hub).
        let tgt = Plain((0..8).map(axis).collect());
        let hub: Vec<f32> = (0..DIM).map(|i| if i < 4 { 1.0 } else { 0.0 }).collect();
        let src = Plain(vec![axis(0), unit(&hub)]);
        let h = Hubness::measure((&src, &tgt), (&full(2, 8), 0), 2, NEIGHBOURS);
        // Against one target unit, one raw cosine: r(source 0) = (1 + 0 + 0 +
        // 0) / 4, r(source 1) = 0.5, so the hub keeps 0.125 less.
        let (close, hub) = (h.adjust(0.5, &(0..1), &(1..2)), h.adjust(0.5, &(1..2), &(1..2)));
        assert!((close - hub - 0.125).abs() < 1e-5, "{close} {hub}");
        // Windows are measured too: the run of both source units.
        assert!(!h.src[1][0].is_nan());
    }

    #[test]
    fn only_the_units_the_band_lets_a_text_meet_count() {
        // Source 0 is the same as target 9, which the band keeps away from it.
        let tgt = Plain((0..DIM).map(axis).collect());
        let src = Plain(vec![axis(9)]);
        let narrow = Band { lo: vec![0, 0], hi: vec![0, 8], half_width: 1 };
        let wide = Hubness::measure((&src, &tgt), (&full(1, DIM), 0), 1, NEIGHBOURS);
        let near = Hubness::measure((&src, &tgt), (&narrow, 0), 1, NEIGHBOURS);
        assert!((wide.src[0][0] - 0.25).abs() < 1e-6, "target 9 among its nearest when all count");
        assert_eq!(near.src[0][0], 0.0, "only targets 0–7, orthogonal to it");
        // Two units of reach beyond the band bring target 9 in, one does not.
        let reached = Hubness::measure((&src, &tgt), (&narrow, 2), 1, NEIGHBOURS);
        assert!((reached.src[0][0] - 0.25).abs() < 1e-6);
        let short = Hubness::measure((&src, &tgt), (&narrow, 1), 1, NEIGHBOURS);
        assert_eq!(short.src[0][0], 0.0);
    }

    #[test]
    fn the_reach_counts_units_beyond_the_band_on_both_sides_within_the_sides() {
        // Ten units a side on ten axes, in a band one unit wide around the
        // diagonal; source 9 points as target 2 does, target 0 as source 7.
        let src = Plain((0..DIM).map(|i| axis(if i == 9 { 2 } else { i })).collect());
        let tgt = Plain((0..DIM).map(|j| axis(if j == 0 { 7 } else { j })).collect());
        let lo: Vec<usize> = (0..=DIM).map(|i| i.saturating_sub(1)).collect();
        let hi: Vec<usize> = (0..=DIM).map(|i| (i + 1).min(DIM)).collect();
        let band = Band { lo, hi, half_width: 1 };
        let at = |reach: usize| {
            let h = Hubness::measure((&src, &tgt), (&band, reach), 1, 1);
            (h.src[0][9], h.tgt[0][0])
        };
        // Source 9 meets targets 8–9 and, six units beyond, target 2;
        // target 0 meets sources 0–1 and, six beyond, source 7.
        assert_eq!(at(5), (0.0, 0.0));
        assert!((at(6).0 - 1.0).abs() < 1e-6 && (at(6).1 - 1.0).abs() < 1e-6);
        // A reach past either end stops at the sides' ends.
        assert!((at(usize::MAX).0 - 1.0).abs() < 1e-6 && (at(usize::MAX).1 - 1.0).abs() < 1e-6);
    }

    #[test]
    fn with_too_few_units_to_meet_a_cosine_is_left_as_it_is() {
        // One target unit: its own counterpart would be all of a source
        // unit's nearest, and the discount would take what the cosine says.
        let tgt = Plain(vec![axis(0)]);
        let src = Plain(vec![axis(0), axis(1)]);
        let h = Hubness::measure((&src, &tgt), (&full(2, 1), 0), 1, NEIGHBOURS);
        assert!(h.src[0].iter().all(|r| r.is_nan()));
        assert_eq!(h.adjust(0.9, &(0..1), &(0..1)), 0.9);
        assert_eq!(h.adjust(0.4, &(0..2), &(0..1)), 0.4, "a wider window takes its units' (none)");
        // Without neighbours asked for, nothing is measured either.
        let none = Hubness::measure((&src, &tgt), (&full(2, 1), 0), 1, 0);
        assert!(none.src[0][0].is_nan());
    }
}
