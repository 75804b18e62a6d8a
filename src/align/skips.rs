//! Evidence for a unit without counterpart. A flat cost for 1-0 and 0-1
//! beads lets a unit the translation lacks be merged into a neighbour's
//! bead for less; here the cost of leaving a unit alone follows what the
//! sentence encoder says of it: a unit whose meaning matches no unit near
//! its place on the other side is cheaper to leave alone, one that matches
//! well dearer. The cost moves by `slope × (best − centre)`, where `best` is
//! the unit's best similarity ([`best_near`]); slope and centre come from a
//! logistic regression of "alone in the gold" on `best` ([`fit`]), so the
//! shift is the log-odds the evidence adds to the base rate.

use std::ops::Range;

use super::band::Band;
use super::bead::IdBead;
use super::features::{self, Features, Side};
use super::signal::Signal;
use super::AlignOptions;

/// The slope of the evidence with the sentence encoder (log-odds per unit
/// of similarity), as `clausediff train-skips` fits it on MAC-Dev,
/// Text+Berg and the bundled Tianjin gold (`scripts/train-skips.sh`), on
/// similarities discounted by hubness ([`super::hubness`]).
pub const SKIP_SLOPE: f64 = 11.715;
/// The similarity at which the evidence moves nothing, from the same fit.
pub const SKIP_CENTRE: f64 = 0.296;

/// How far a unit's best match is sought: this many units of the other
/// side before its place and this many from it on.
pub const SKIP_RADIUS: usize = 3;

/// The best similarity (in [0, 1]) of unit `unit` of one side with the
/// single units of the other side (of `other_len` units) within
/// [`SKIP_RADIUS`] of position `at`; `src_side` when `unit` is a source
/// unit. `None` when the signal says nothing of any of them.
pub fn best_near(signal: &dyn Signal, unit: usize, at: usize, other_len: usize, src_side: bool) -> Option<f64> {
    let lo = at.saturating_sub(SKIP_RADIUS);
    let hi = (at + SKIP_RADIUS).min(other_len);
    let one = |k: usize| -> Range<usize> { k..k + 1 };
    (lo..hi)
        .filter_map(
            |k| if src_side { signal.similarity(one(unit), one(k)) } else { signal.similarity(one(k), one(unit)) },
        )
        .reduce(f64::max)
}

/// [`best_near`] of every unit at every place a search in one band asks
/// about, computed once per band rather than once per cell (a search asks
/// about every cell), and the similarities of single units the source
/// side's were taken from (the target side's table asks for the same
/// similarities again, by target unit).
#[derive(Debug, Default)]
pub struct Nearby {
    /// For source unit `u`: the first place, and the best at each place
    /// from it (the places of band row `u + 1`).
    src: Vec<(usize, Vec<f64>)>,
    /// For source unit `u`: the first target unit, and the similarity of
    /// `u` with each target unit from it (those within [`SKIP_RADIUS`] of
    /// the places of band row `u + 1`; NaN where the signal says nothing).
    singles: Vec<(usize, Vec<f64>)>,
    /// For target unit `v`: the same over the source places whose band row
    /// holds `v + 1`.
    tgt: Vec<(usize, Vec<f64>)>,
}

impl Nearby {
    /// The table of `signal` for the cells of `band` (source of `n` units,
    /// target of `m`).
    pub fn build(signal: &dyn Signal, band: &Band, (n, m): (usize, usize)) -> Nearby {
        let (src, singles) = (0..n)
            .map(|u| {
                let (lo, hi) = (band.lo[u + 1], band.hi[u + 1]);
                let (best, singles) = best_of_run(signal, u, lo..hi + 1, m, true);
                ((lo, best), singles)
            })
            .unzip();
        let mut tgt = Vec::with_capacity(m);
        let mut first = 0;
        for v in 0..m {
            while first <= n && band.hi[first] < v + 1 {
                first += 1;
            }
            let mut last = first;
            while last <= n && band.lo[last] <= v + 1 {
                last += 1;
            }
            tgt.push((first, best_of_run(signal, v, first..last.max(first), n, false).0));
        }
        Nearby { src, singles, tgt }
    }

    /// The similarity of source unit `u` and target unit `v` from the
    /// table: `None` when the table does not hold the pair, `Some(None)`
    /// when the signal said nothing of it.
    pub fn single(&self, u: usize, v: usize) -> Option<Option<f64>> {
        lookup(&self.singles, u, v)
    }

    /// [`best_near`] of source unit `u` at target place `at` (of `other_len`
    /// units), from the table where it holds the place.
    pub fn src_best(&self, signal: &dyn Signal, u: usize, at: usize, other_len: usize) -> Option<f64> {
        lookup(&self.src, u, at).unwrap_or_else(|| best_near(signal, u, at, other_len, true))
    }

    /// [`best_near`] of target unit `v` at source place `at`.
    pub fn tgt_best(&self, signal: &dyn Signal, v: usize, at: usize, other_len: usize) -> Option<f64> {
        lookup(&self.tgt, v, at).unwrap_or_else(|| best_near(signal, v, at, other_len, false))
    }
}

/// The table's entry for `unit` at `at`: `None` when the table does not
/// hold the place, `Some(None)` when the signal said nothing there.
fn lookup(rows: &[(usize, Vec<f64>)], unit: usize, at: usize) -> Option<Option<f64>> {
    let (first, best) = rows.get(unit)?;
    let v = *best.get(at.checked_sub(*first)?)?;
    Some((!v.is_nan()).then_some(v))
}

/// [`best_near`] of `unit` at each place of `places`, from the
/// similarities of the unit with every unit of the other side (of
/// `other_len`) those places reach, asked at once; and those similarities
/// (NaN where the signal says nothing), from the first unit they reach.
fn best_of_run(
    signal: &dyn Signal,
    unit: usize,
    places: Range<usize>,
    other_len: usize,
    src_side: bool,
) -> (Vec<f64>, (usize, Vec<f64>)) {
    if places.is_empty() {
        return (Vec::new(), (0, Vec::new()));
    }
    let reach = places.start.saturating_sub(SKIP_RADIUS)..(places.end - 1 + SKIP_RADIUS).min(other_len);
    let beads: Vec<(Range<usize>, Range<usize>)> =
        reach.clone().map(|k| if src_side { (unit..unit + 1, k..k + 1) } else { (k..k + 1, unit..unit + 1) }).collect();
    let mut sims = Vec::with_capacity(beads.len());
    signal.similarities(&beads, &mut sims);
    let best = places
        .map(|at| {
            let lo = at.saturating_sub(SKIP_RADIUS).max(reach.start);
            let hi = (at + SKIP_RADIUS).min(other_len);
            (lo..hi).filter_map(|k| sims.get(k - reach.start).copied().flatten()).reduce(f64::max).unwrap_or(f64::NAN)
        })
        .collect();
    (best, (reach.start, sims.into_iter().map(|s| s.unwrap_or(f64::NAN)).collect()))
}

/// One unit of a gold alignment: its best similarity near its place, and
/// whether the gold leaves it alone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkipExample {
    /// [`best_near`] at the unit's place in the gold.
    pub best: f64,
    /// Alone (a 1-0 or 0-1 bead) in the gold.
    pub alone: bool,
}

/// The examples of one gold alignment of `src` and `tgt` (units by index),
/// with the meaning signal of `opts` (none without a model).
pub fn examples(src: &Side<'_>, tgt: &Side<'_>, gold: &[IdBead], opts: &AlignOptions) -> Vec<SkipExample> {
    let (fs, ft) = (Features::new(src), Features::new(tgt));
    if fs.lengths.is_empty() || ft.lengths.is_empty() {
        return Vec::new();
    }
    let meaning = features::meaning_signal((&fs, &ft), &opts.weights, opts.model.as_ref(), opts.costs.band);
    let Some(signal) = meaning.as_deref() else {
        return Vec::new();
    };
    let (n, m) = (fs.lengths.len(), ft.lengths.len());
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    for (s, t) in gold {
        let at_t = t.first().copied().unwrap_or(j).min(m);
        let at_s = s.first().copied().unwrap_or(i).min(n);
        for &u in s.iter().filter(|&&u| u < n) {
            if let Some(best) = best_near(signal, u, at_t, m, true) {
                out.push(SkipExample { best, alone: t.is_empty() });
            }
        }
        for &u in t.iter().filter(|&&u| u < m) {
            if let Some(best) = best_near(signal, u, at_s, n, false) {
                out.push(SkipExample { best, alone: s.is_empty() });
            }
        }
        i = s.iter().map(|x| x + 1).max().unwrap_or(i).max(i);
        j = t.iter().map(|x| x + 1).max().unwrap_or(j).max(j);
    }
    out
}

/// What [`fit`] learns: the skip cost is shifted by
/// `slope × (best − centre)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SkipFit {
    /// Log-odds against being alone per unit of `best` (the negated
    /// coefficient of the regression).
    pub slope: f64,
    /// The `best` at which the odds of being alone equal the base rate of
    /// the examples: there the evidence moves nothing.
    pub centre: f64,
    /// The base rate of alone units among the examples.
    pub base_rate: f64,
}

/// The largest slope a fit may have (the range `--set skip_slope` accepts).
pub const MAX_SLOPE: f64 = 1000.0;

/// Logistic regression of `alone` on `best` (intercept and coefficient,
/// Newton's method), read as a [`SkipFit`]; `None` without both kinds of
/// example, when `best` says nothing (a coefficient of 0 or against the
/// evidence), or when it separates them (a slope past [`MAX_SLOPE`]).
pub fn fit(examples: &[SkipExample]) -> Option<SkipFit> {
    let positives = examples.iter().filter(|e| e.alone).count();
    if positives == 0 || positives == examples.len() {
        return None;
    }
    let (mut a, mut b) = (0.0f64, 0.0f64);
    let mut converged = false;
    for _ in 0..50 {
        let (mut g0, mut g1, mut h00, mut h01, mut h11) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for e in examples {
            let p = 1.0 / (1.0 + (-(a + b * e.best)).exp());
            let y = f64::from(u8::from(e.alone));
            let w = (p * (1.0 - p)).max(1e-12);
            g0 += p - y;
            g1 += (p - y) * e.best;
            h00 += w;
            h01 += w * e.best;
            h11 += w * e.best * e.best;
        }
        let det = h00 * h11 - h01 * h01;
        if det.abs() < 1e-12 {
            break;
        }
        let (da, db) = ((h11 * g0 - h01 * g1) / det, (h00 * g1 - h01 * g0) / det);
        a -= da;
        b -= db;
        if da.abs().max(db.abs()) < 1e-10 {
            converged = true;
            break;
        }
    }
    let base_rate = positives as f64 / examples.len() as f64;
    let logit = (base_rate / (1.0 - base_rate)).ln();
    // Separable examples send the coefficient off without bound (Newton's
    // steps do not settle): no fit.
    (converged && b < 0.0 && -b <= MAX_SLOPE && a.is_finite()).then(|| SkipFit {
        slope: -b,
        centre: (logit - a) / b,
        base_rate,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fit_recovers_the_log_odds_of_a_known_logistic_model() {
        // Examples drawn (deterministically, by quantiles) from
        // P(alone | best) = σ(2 − 8·best): the fit finds slope 8, and the
        // centre is where σ(2 − 8·best) equals the examples' base rate.
        let mut ex = Vec::new();
        for k in 0..200 {
            let best = k as f64 / 199.0;
            let p = 1.0 / (1.0 + (-(2.0 - 8.0 * best)).exp());
            for r in 0..50 {
                ex.push(SkipExample { best, alone: (r as f64 + 0.5) / 50.0 < p });
            }
        }
        let f = fit(&ex).expect("both kinds of example");
        assert!((f.slope - 8.0).abs() < 0.3, "{f:?}");
        let logit = (f.base_rate / (1.0 - f.base_rate)).ln();
        assert!((2.0 - 8.0 * f.centre - logit).abs() < 0.1, "{f:?}");
    }

    /// A signal with pseudo-random similarities, silent on some pairs.
    struct Noisy;

    impl Signal for Noisy {
        fn name(&self) -> &str {
            "noisy"
        }
        fn weight(&self) -> f64 {
            1.0
        }
        fn prepare(&mut self, _band: &Band) {}
        fn similarity(&self, s: Range<usize>, t: Range<usize>) -> Option<f64> {
            let h = (s.start as u64 * 2_654_435_761 + t.start as u64 * 40_503 + 17) % 1009;
            (!h.is_multiple_of(7)).then(|| h as f64 / 1009.0)
        }
    }

    #[test]
    fn the_table_holds_what_each_unit_s_neighbourhood_gives_in_bands_of_every_shape() {
        // Sides of 0 to 13 units, bands with and without the index diagonal,
        // a signal that sometimes says nothing: the table holds every cell
        // of the band (no direct search behind its back), with what the
        // direct search gives.
        for n in 0..14usize {
            for m in [0, 1, 3, 9, 20] {
                for (w, hedge) in [(0, false), (2, true), (5, false)] {
                    let src: Vec<f64> = (0..n).map(|i| 5.0 + (i * 7 % 11) as f64).collect();
                    let tgt: Vec<f64> = (0..m).map(|j| 4.0 + (j * 5 % 13) as f64).collect();
                    let band = Band::around(&src, &tgt, w, hedge);
                    let table = Nearby::build(&Noisy, &band, (n, m));
                    for i in 0..=n {
                        for j in band.lo[i]..=band.hi[i] {
                            if i > 0 {
                                let want = best_near(&Noisy, i - 1, j, m, true);
                                assert_eq!(
                                    lookup(&table.src, i - 1, j),
                                    Some(want),
                                    "{n}×{m}: source {} at {j}",
                                    i - 1
                                );
                            }
                            if j > 0 {
                                let want = best_near(&Noisy, j - 1, i, n, false);
                                assert_eq!(
                                    lookup(&table.tgt, j - 1, i),
                                    Some(want),
                                    "{n}×{m}: target {} at {i}",
                                    j - 1
                                );
                            }
                        }
                    }
                }
            }
        }
        // A place outside the band is searched directly.
        let band = Band::around_diagonal(&[10.0; 12], &[8.0; 15], 2);
        let table = Nearby::build(&Noisy, &band, (12, 15));
        assert_eq!(lookup(&table.src, 0, 15), None);
        assert_eq!(table.src_best(&Noisy, 0, 15, 15), best_near(&Noisy, 0, 15, 15, true));
    }

    #[test]
    fn separated_examples_give_no_fit() {
        let ex: Vec<SkipExample> = (0..40).map(|k| SkipExample { best: k as f64 / 40.0, alone: k < 8 }).collect();
        assert_eq!(fit(&ex), None);
    }

    #[test]
    fn no_fit_without_alone_units_or_against_the_evidence() {
        let all_paired: Vec<SkipExample> =
            (0..10).map(|k| SkipExample { best: k as f64 / 10.0, alone: false }).collect();
        assert_eq!(fit(&all_paired), None);
        // Alone units that match better than paired ones: no evidence the
        // aligner could use.
        let backwards: Vec<SkipExample> =
            (0..10).map(|k| SkipExample { best: k as f64 / 10.0, alone: k >= 7 }).collect();
        assert_eq!(fit(&backwards), None);
    }
}
