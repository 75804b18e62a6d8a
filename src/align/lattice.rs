//! The lattice of one band: every bead that can end in every cell, with
//! its cost. The cheapest path through it is the alignment (Viterbi); the
//! sum over all paths, with a path's probability taken as
//! `exp(−cost / temperature)`, gives every bead's posterior probability
//! (forward–backward in log space): how sure the alignment is of a bead,
//! and for every unit the probability that it has no counterpart. With a
//! threshold, the alignment is instead the path of maximum expected
//! accuracy ([`Lattice::most_expected`]).

use std::ops::Range;

use super::band::Band;
use super::cells::{blocks, kept, Geometry, Run, RUN_BEADS};
pub(super) use super::cells::{Costed, Costs};

/// Most bead costs kept between the passes (4 bytes each, 128 MiB); past
/// it the backward pass computes them again.
const COST_CACHE: usize = 1 << 25;

/// The beads of a band and what the passes over them found.
pub(super) struct Lattice<'a> {
    band: &'a Band,
    shapes: &'a [(usize, usize)],
    /// First cell of each row.
    offsets: Vec<usize>,
    /// Every bead's cost, by end cell and shape, when they fit in [`COST_CACHE`].
    costs: Option<Vec<f32>>,
    /// Cheapest cost to reach each cell, and the shape of its last bead.
    best: Vec<f64>,
    back: Vec<u8>,
    /// Log of the summed probability of all paths to each cell, and from it to the end.
    forward: Vec<f64>,
    backward: Vec<f64>,
    temperature: f64,
    /// The terms of one cell's sum over its beads (kept to reuse its room).
    terms: Vec<f64>,
}

/// A bead of the lattice: its units and its posterior probability.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Step {
    pub src: Range<usize>,
    pub tgt: Range<usize>,
    pub posterior: f64,
}

/// The cost of one bead, by its units (`None` where it is not allowed).
type BeadCost<'c> = dyn Fn(Range<usize>, Range<usize>) -> Option<f64> + 'c;

/// The best expected gain of a path to each cell
/// ([`Lattice::most_expected`]) and the shape of its last bead.
struct Expected {
    gain: Vec<f64>,
    back: Vec<u8>,
}

/// Terms this far below the largest add nothing to a sum in `f64`
/// (`e^-50` ≈ 2·10⁻²², far under its precision), so their exponential is
/// not taken.
const NEGLIGIBLE: f64 = -50.0;

/// `ln Σ e^t` over `terms`, with one logarithm for all of them
/// (`NEG_INFINITY` when there are none or all are).
fn log_sum_exp(terms: &[f64]) -> f64 {
    let max = terms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if max == f64::NEG_INFINITY {
        return max;
    }
    let sum: f64 = terms.iter().map(|t| t - max).filter(|d| *d > NEGLIGIBLE).map(f64::exp).sum();
    max + sum.ln()
}

fn log_add(a: f64, b: f64) -> f64 {
    if a == f64::NEG_INFINITY {
        return b;
    }
    if b == f64::NEG_INFINITY {
        return a;
    }
    let (hi, lo) = if a > b { (a, b) } else { (b, a) };
    hi + (lo - hi).exp().ln_1p()
}

impl<'a> Lattice<'a> {
    /// The lattice of `band` with bead `shapes`; `cost(src, tgt)` is the
    /// cost of a bead, or `None` where it is not allowed. Runs the Viterbi
    /// and forward passes.
    pub fn build(
        band: &'a Band,
        shapes: &'a [(usize, usize)],
        temperature: f64,
        costs: (&Costs<'_>, Option<&Costed>),
    ) -> Lattice<'a> {
        Lattice::build_keeping(band, shapes, temperature, costs, COST_CACHE)
    }

    /// [`Lattice::build`], keeping the bead costs for the later passes when
    /// they are at most `keep` (the others ask for them again).
    fn build_keeping(
        band: &'a Band,
        shapes: &'a [(usize, usize)],
        temperature: f64,
        (costs, before): (&Costs<'_>, Option<&Costed>),
        keep: usize,
    ) -> Lattice<'a> {
        let n = band.lo.len() - 1;
        let offsets: Vec<usize> = std::iter::once(0)
            .chain(band.lo.iter().zip(&band.hi).scan(0, |acc, (a, b)| {
                *acc += b + 1 - a;
                Some(*acc)
            }))
            .collect();
        let total = offsets[n + 1];
        let cache = total.saturating_mul(shapes.len()) <= keep;
        let mut l = Lattice {
            band,
            shapes,
            offsets,
            costs: cache.then(|| vec![f32::INFINITY; total * shapes.len()]),
            best: vec![f64::INFINITY; total],
            back: vec![u8::MAX; total],
            forward: vec![f64::NEG_INFINITY; total],
            backward: vec![f64::NEG_INFINITY; total],
            temperature: temperature.max(1e-6),
            terms: Vec::with_capacity(shapes.len()),
        };
        l.best[0] = 0.0;
        l.forward[0] = 0.0;
        let s = shapes.len();
        let runs = l.runs();
        let geometry = l.geometry();
        geometry.walk(&blocks(&runs, s), (costs, before), |block, costed| l.reach_block(block, costed));
        l
    }

    /// The cells of the band in order, row by row, as runs of at most
    /// [`RUN_BEADS`] beads.
    fn runs(&self) -> Vec<Run> {
        let cells = (RUN_BEADS / self.shapes.len().max(1)).max(1);
        let mut out = Vec::new();
        for (i, (&lo, &hi)) in self.band.lo.iter().zip(&self.band.hi).enumerate() {
            let mut j = lo;
            while j <= hi {
                let end = (j + cells).min(hi + 1);
                out.push((i, j..end));
                j = end;
            }
        }
        out
    }

    fn idx(&self, i: usize, j: usize) -> usize {
        self.offsets[i] + (j - self.band.lo[i])
    }

    /// Where the beads of this lattice lie.
    fn geometry(&self) -> Geometry<'a> {
        Geometry { band: self.band, shapes: self.shapes }
    }

    /// The start of bead shape `k` ending at `(i, j)`, if it lies in the band.
    fn start(&self, i: usize, j: usize, k: usize) -> Option<(usize, usize)> {
        self.geometry().start(i, j, k)
    }

    /// The Viterbi and forward values of the cells of `block`, in order,
    /// given the costs of the beads that end in them (by run, cell and shape).
    fn reach_block(&mut self, block: &[Run], costed: &[Vec<Option<f64>>]) {
        let s = self.shapes.len();
        for ((i, js), row) in block.iter().zip(costed) {
            for (c, j) in js.clone().enumerate() {
                if *i > 0 || j > 0 {
                    self.reach(*i, j, &row[c * s..(c + 1) * s]);
                }
            }
        }
    }

    /// The Viterbi and forward values of cell `(i, j)`, given the costs of
    /// the beads that end there (by shape).
    fn reach(&mut self, i: usize, j: usize, ends: &[Option<f64>]) {
        let here = self.idx(i, j);
        let (mut best, mut best_k) = (f64::INFINITY, u8::MAX);
        let mut terms = std::mem::take(&mut self.terms);
        terms.clear();
        for (k, c) in ends.iter().enumerate() {
            let (Some(c), Some((si, sj))) = (*c, self.start(i, j, k)) else { continue };
            if let Some(costs) = self.costs.as_mut() {
                costs[here * self.shapes.len() + k] = c as f32;
            }
            let from = self.idx(si, sj);
            let prev = self.best[from];
            if prev.is_finite() && prev + c < best {
                best = prev + c;
                best_k = k as u8;
            }
            terms.push(self.forward[from] - c / self.temperature);
        }
        self.best[here] = best;
        self.back[here] = best_k;
        self.forward[here] = log_sum_exp(&terms);
        self.terms = terms;
    }

    /// The bead costs, when they were kept ([`COST_CACHE`]), for the search
    /// in a wider band; the rest of the lattice is freed.
    pub fn into_costed(self) -> Option<Costed> {
        let costs = self.costs?;
        Some(Costed { band: self.band.clone(), offsets: self.offsets, costs })
    }

    /// The cost of shape `k` ending at `(i, j)`, from the cache or `cost`.
    fn cost_of(
        &self,
        (i, j, k): (usize, usize, usize),
        cost: &dyn Fn(Range<usize>, Range<usize>) -> Option<f64>,
    ) -> Option<f64> {
        match &self.costs {
            Some(costs) => Some(f64::from(costs[self.idx(i, j) * self.shapes.len() + k])).filter(|c| c.is_finite()),
            None => {
                let (si, sj) = self.start(i, j, k)?;
                cost(si..i, sj..j).map(kept)
            }
        }
    }

    /// The backward pass (after which posteriors can be read); the bead
    /// costs are those the build kept or, past [`COST_CACHE`], asked of
    /// `costs` again row by row.
    pub fn backward(&mut self, costs: &Costs<'_>) {
        let n = self.band.lo.len() - 1;
        let s = self.shapes.len();
        let end = self.idx(n, self.band.hi[n]);
        self.backward[end] = 0.0;
        if let Some(kept) = self.costs.take() {
            self.backward_kept(&kept);
            self.costs = Some(kept);
            return;
        }
        let runs: Vec<Run> = self.runs().into_iter().rev().collect();
        let geometry = self.geometry();
        geometry.walk(&blocks(&runs, s), (costs, None), |block, costed| {
            for (run, row) in block.iter().zip(costed) {
                self.backward_run(run, row);
            }
        });
    }

    /// The backward pass with every bead cost kept: each cell, last first,
    /// sums over the beads that start in it (one logarithm a cell).
    fn backward_kept(&mut self, kept: &[f32]) {
        let n = self.band.lo.len() - 1;
        let s = self.shapes.len();
        let end = self.idx(n, self.band.hi[n]);
        let mut terms: Vec<f64> = Vec::with_capacity(s);
        for i in (0..=n).rev() {
            for j in (self.band.lo[i]..=self.band.hi[i]).rev() {
                let here = self.idx(i, j);
                if here == end {
                    continue;
                }
                terms.clear();
                for (k, &(a, b)) in self.shapes.iter().enumerate() {
                    if !self.band.contains(i + a, j + b) {
                        continue;
                    }
                    let to = self.idx(i + a, j + b);
                    let (c, after) = (f64::from(kept[to * s + k]), self.backward[to]);
                    if c.is_finite() && after > f64::NEG_INFINITY {
                        terms.push(after - c / self.temperature);
                    }
                }
                self.backward[here] = log_sum_exp(&terms);
            }
        }
    }

    /// The backward values flowing out of the cells of `run`, last cell
    /// first, given the costs of the beads that end in them (by cell and shape).
    fn backward_run(&mut self, (i, js): &Run, row: &[Option<f64>]) {
        let (s, lo) = (self.shapes.len(), js.start);
        for j in js.clone().rev() {
            let b = self.backward[self.idx(*i, j)];
            if b == f64::NEG_INFINITY {
                continue;
            }
            for k in 0..s {
                let Some((si, sj)) = self.start(*i, j, k) else { continue };
                let Some(c) = row[(j - lo) * s + k].filter(|c| c.is_finite()) else { continue };
                let from = self.idx(si, sj);
                self.backward[from] = log_add(self.backward[from], b - c / self.temperature);
            }
        }
    }

    /// The log of the summed probability of all paths.
    fn log_total(&self) -> f64 {
        let n = self.band.lo.len() - 1;
        self.forward[self.idx(n, self.band.hi[n])]
    }

    /// The posterior of shape `k` ending at `(i, j)` (after [`Lattice::backward`]).
    fn posterior(&self, (i, j, k): (usize, usize, usize), c: f64) -> f64 {
        let Some((si, sj)) = self.start(i, j, k) else { return 0.0 };
        let lp =
            self.forward[self.idx(si, sj)] - c / self.temperature + self.backward[self.idx(i, j)] - self.log_total();
        lp.exp().min(1.0)
    }

    /// The cheapest path, as steps with their posteriors (after
    /// [`Lattice::backward`]); units are skipped one by one where no path
    /// is finite (absurd cost settings).
    pub fn path(&self, cost: &dyn Fn(Range<usize>, Range<usize>) -> Option<f64>) -> Vec<Step> {
        self.trace(&self.back, cost)
    }

    /// The path that `back` (the shape of the last bead into each cell)
    /// draws back from the last cell, as steps with their posteriors; units
    /// are skipped one by one where a cell has no bead into it.
    fn trace(&self, back: &[u8], cost: &BeadCost<'_>) -> Vec<Step> {
        let n = self.band.lo.len() - 1;
        let (mut i, mut j) = (n, self.band.hi[n]);
        let mut steps = Vec::new();
        while i > 0 || j > 0 {
            let k = back[self.idx(i, j)] as usize;
            let (a, b) = self.shapes.get(k).copied().unwrap_or(if i > 0 { (1, 0) } else { (0, 1) });
            let posterior = match self.cost_of((i, j, k), cost) {
                Some(c) if k < self.shapes.len() => self.posterior((i, j, k), c),
                _ => 0.0,
            };
            steps.push(Step { src: i - a..i, tgt: j - b..j, posterior });
            i -= a;
            j -= b;
        }
        steps.reverse();
        steps
    }

    /// The path of maximum expected accuracy (after [`Lattice::backward`]):
    /// the one whose beads' posteriors, each less `threshold`, sum highest,
    /// as steps with their posteriors. A bead counts when it is likelier
    /// right than `threshold`; the cheapest path instead takes the single
    /// likeliest alignment, however little of its probability each bead
    /// holds. The bead costs are those kept or, past [`COST_CACHE`], asked
    /// again: of `costs` for the pass, of `cost` for the path's beads.
    pub fn most_expected(&self, (costs, cost): (&Costs<'_>, &BeadCost<'_>), threshold: f64) -> Vec<Step> {
        let total = self.best.len();
        let mut best = Expected { gain: vec![f64::NEG_INFINITY; total], back: vec![u8::MAX; total] };
        best.gain[0] = 0.0;
        let s = self.shapes.len();
        match &self.costs {
            Some(kept) => {
                for (i, (&lo, &hi)) in self.band.lo.iter().zip(&self.band.hi).enumerate() {
                    for j in lo..=hi {
                        let here = self.idx(i, j);
                        let ends = kept[here * s..(here + 1) * s].iter().map(|&c| Some(f64::from(c)));
                        self.expect(&mut best, (i, j), ends, threshold);
                    }
                }
            }
            None => {
                let runs = self.runs();
                self.geometry().walk(&blocks(&runs, s), (costs, None), |block, costed| {
                    for ((i, js), row) in block.iter().zip(costed) {
                        for (c, j) in js.clone().enumerate() {
                            self.expect(&mut best, (*i, j), row[c * s..(c + 1) * s].iter().copied(), threshold);
                        }
                    }
                });
            }
        }
        self.trace(&best.back, cost)
    }

    /// The best expected gain of a path to cell `(i, j)`, given the costs
    /// of the beads that end there (by shape).
    fn expect(
        &self,
        best: &mut Expected,
        (i, j): (usize, usize),
        ends: impl Iterator<Item = Option<f64>>,
        threshold: f64,
    ) {
        let here = self.idx(i, j);
        if here == 0 {
            return;
        }
        for (k, c) in ends.enumerate() {
            let (Some(c), Some((si, sj))) = (c.filter(|c| c.is_finite()), self.start(i, j, k)) else { continue };
            let from = self.idx(si, sj);
            if best.gain[from] == f64::NEG_INFINITY {
                continue;
            }
            let p = self.posterior((i, j, k), c);
            let gain = best.gain[from] + p - threshold;
            if gain > best.gain[here] {
                (best.gain[here], best.back[here]) = (gain, k as u8);
            }
        }
    }

    /// For every source and every target unit, the probability that it has
    /// no counterpart: the summed posteriors of the 1-0 (0-1) beads that hold it.
    pub fn alone(&self, cost: &dyn Fn(Range<usize>, Range<usize>) -> Option<f64>) -> (Vec<f64>, Vec<f64>) {
        let n = self.band.lo.len() - 1;
        let m = self.band.hi[n];
        let (mut src, mut tgt) = (vec![0.0; n], vec![0.0; m]);
        for i in 0..=n {
            for j in self.band.lo[i]..=self.band.hi[i] {
                for (k, &shape) in self.shapes.iter().enumerate() {
                    let slot = match shape {
                        (1, 0) if i > 0 => src.get_mut(i - 1),
                        (0, 1) if j > 0 => tgt.get_mut(j - 1),
                        _ => None,
                    };
                    let Some(slot) = slot else { continue };
                    if let Some(c) = self.cost_of((i, j, k), cost) {
                        *slot += self.posterior((i, j, k), c);
                    }
                }
            }
        }
        (src.into_iter().map(|p| p.min(1.0)).collect(), tgt.into_iter().map(|p| p.min(1.0)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::cells::{Beads, BLOCK_BEADS};

    /// `cost` asked bead by bead.
    fn batch(
        cost: &(dyn Fn(Range<usize>, Range<usize>) -> Option<f64> + Sync),
    ) -> impl Fn(&Beads, &mut Vec<Option<f64>>) + Sync + '_ {
        move |beads, out| out.extend(beads.iter().map(|(s, t)| cost(s.clone(), t.clone())))
    }

    #[test]
    fn posteriors_of_a_clear_path_are_near_one_and_sum_over_paths() {
        // Two units a side: matching 1-1 beads cost 0, skips 8, anything else more.
        let band = Band::around_diagonal(&[1.0, 1.0], &[1.0, 1.0], 4);
        let shapes = [(1, 1), (1, 0), (0, 1), (1, 2), (2, 1)];
        let cost = |s: Range<usize>, t: Range<usize>| -> Option<f64> {
            Some(match (s.len(), t.len()) {
                (1, 1) if s.start == t.start => 0.0,
                (1, 1) => 5.0,
                (0, _) | (_, 0) => 8.0,
                _ => 10.0,
            })
        };
        let mut l = Lattice::build(&band, &shapes, 1.0, (&batch(&cost), None));
        l.backward(&batch(&cost));
        let path = l.path(&cost);
        assert_eq!(
            path.iter().map(|s| (s.src.clone(), s.tgt.clone())).collect::<Vec<_>>(),
            vec![(0..1, 0..1), (1..2, 1..2)]
        );
        assert!(path.iter().all(|s| s.posterior > 0.99), "{path:?}");
        let (src, tgt) = l.alone(&cost);
        assert!(src.iter().chain(&tgt).all(|&p| p < 0.01), "{src:?} {tgt:?}");
    }

    #[test]
    fn a_cheap_skip_makes_units_likely_alone() {
        // With skips cheaper than a match there is nothing to match: every unit alone.
        let band = Band::around_diagonal(&[1.0, 1.0], &[1.0, 1.0], 4);
        let shapes = [(1, 1), (1, 0), (0, 1)];
        let cost = |s: Range<usize>, t: Range<usize>| -> Option<f64> {
            Some(match (s.len(), t.len()) {
                (1, 1) => 10.0,
                _ => 0.0,
            })
        };
        let mut l = Lattice::build(&band, &shapes, 1.0, (&batch(&cost), None));
        l.backward(&batch(&cost));
        let (src, tgt) = l.alone(&cost);
        assert!(src.iter().chain(&tgt).all(|&p| p > 0.99), "{src:?} {tgt:?}");
        // Equal costs split the probability: a 1-1 bead or a 1-0 and a 0-1.
        let cost = |s: Range<usize>, t: Range<usize>| -> Option<f64> {
            Some(match (s.len(), t.len()) {
                (1, 1) => 2.0,
                _ => 1.0,
            })
        };
        let band = Band::around_diagonal(&[1.0], &[1.0], 4);
        let mut l = Lattice::build(&band, &shapes, 1.0, (&batch(&cost), None));
        l.backward(&batch(&cost));
        let (src, _) = l.alone(&cost);
        // Paths: 1-1 (cost 2), 1-0 then 0-1 (2), 0-1 then 1-0 (2): the unit is alone in two of three.
        assert!((src[0] - 2.0 / 3.0).abs() < 1e-9, "{src:?}");
    }

    #[test]
    fn costs_asked_again_give_what_kept_costs_give_and_wide_rows_are_cut() {
        // 3 source units against 3,000 target units: whole rows of about
        // 36,000 beads, cut into runs; costs that differ bead by bead.
        let (n, m) = (3, 3000);
        let band = Band { lo: vec![0; n + 1], hi: vec![m; n + 1], half_width: m };
        let shapes = shapes_for_test();
        let cost = |s: Range<usize>, t: Range<usize>| -> Option<f64> {
            let mix = (s.start * 7919 + s.end * 104_729 + t.start * 31 + t.end * 17) % 1000;
            (s.len() + t.len() > 0).then(|| mix as f64 / 100.0 + (s.len() as f64 - t.len() as f64 / 1000.0).abs())
        };
        let mut kept = Lattice::build(&band, &shapes, 1.0, (&batch(&cost), None));
        assert!(kept.costs.is_some());
        let mut again = Lattice::build_keeping(&band, &shapes, 1.0, (&batch(&cost), None), 0);
        assert!(again.costs.is_none());
        assert!(kept.runs().len() > n + 1, "rows wider than a run are cut");
        assert!(kept.runs().iter().all(|(_, js)| js.len() * shapes.len() <= RUN_BEADS));
        kept.backward(&batch(&cost));
        again.backward(&batch(&cost));
        let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&kept.forward), bits(&again.forward));
        // The kept costs are summed cell by cell, the others bead by bead:
        // the same sums in another order.
        let close = |x: &[f64], y: &[f64]| {
            x.len() == y.len()
                && x.iter().zip(y).all(|(a, b)| a == b || (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0))
        };
        assert!(close(&kept.backward, &again.backward));
        assert!(kept.backward.iter().any(|b| b.is_finite()));
        let (p, q) = (kept.path(&cost), again.path(&cost));
        let units = |p: &[Step]| p.iter().map(|s| (s.src.clone(), s.tgt.clone())).collect::<Vec<_>>();
        let posteriors = |p: &[Step]| p.iter().map(|s| s.posterior).collect::<Vec<_>>();
        assert_eq!(units(&p), units(&q));
        assert!(close(&posteriors(&p), &posteriors(&q)));
        let ((a, b), (c, d)) = (kept.alone(&cost), again.alone(&cost));
        assert!(close(&a, &c) && close(&b, &d));
        // The blocks hold every run once, in order, none past the bead limit but a lone run.
        let runs = kept.runs();
        let blocks = blocks(&runs, shapes.len());
        assert_eq!(blocks.concat(), runs);
        assert!(blocks
            .iter()
            .all(|b| b.len() == 1 || b.iter().map(|(_, js)| js.len()).sum::<usize>() * shapes.len() <= BLOCK_BEADS));
    }

    #[test]
    fn the_most_expected_path_takes_the_beads_most_paths_share() {
        // Two units a side. A 2-2 bead costs 0: the single likeliest
        // alignment. Two 1-1 beads cost 0.6 together, but each is also on
        // the paths that skip the other pair's units (0.4 a skip), so each
        // holds more of the probability (about 0.30) than the 2-2 (0.24).
        let band = Band::around_diagonal(&[1.0, 1.0], &[1.0, 1.0], 4);
        let shapes = [(1, 1), (1, 0), (0, 1), (2, 2)];
        let cost = |s: Range<usize>, t: Range<usize>| -> Option<f64> {
            Some(match (s.len(), t.len()) {
                (2, 2) => 0.0,
                (1, 1) if s == t => 0.3,
                (1, 1) => 5.0,
                _ => 0.4,
            })
        };
        let units = |p: &[Step]| p.iter().map(|s| (s.src.clone(), s.tgt.clone())).collect::<Vec<_>>();
        for keep in [COST_CACHE, 0] {
            let mut l = Lattice::build_keeping(&band, &shapes, 1.0, (&batch(&cost), None), keep);
            assert_eq!(l.costs.is_some(), keep > 0);
            l.backward(&batch(&cost));
            assert_eq!(units(&l.path(&cost)), vec![(0..2, 0..2)]);
            let best = l.most_expected((&batch(&cost), &cost), 0.2);
            assert_eq!(units(&best), vec![(0..1, 0..1), (1..2, 1..2)]);
            let p = best[0].posterior;
            assert!((0.28..0.31).contains(&p) && (best[1].posterior - p).abs() < 1e-9, "{best:?}");
            // A threshold above every posterior keeps as few beads as it can.
            assert_eq!(units(&l.most_expected((&batch(&cost), &cost), 0.9)), vec![(0..2, 0..2)]);
        }
    }

    #[test]
    fn log_sum_exp_sums_in_the_log_domain() {
        let ln = f64::ln;
        assert!((log_sum_exp(&[ln(1.0), ln(2.0), ln(3.0)]) - ln(6.0)).abs() < 1e-12);
        assert!((log_sum_exp(&[-1000.0, -1000.0]) - (ln(2.0) - 1000.0)).abs() < 1e-9);
        assert_eq!(log_sum_exp(&[]), f64::NEG_INFINITY);
        assert_eq!(log_sum_exp(&[f64::NEG_INFINITY, f64::NEG_INFINITY]), f64::NEG_INFINITY);
        assert_eq!(log_sum_exp(&[2.0, f64::NEG_INFINITY]), 2.0);
        // A term far below the largest changes nothing.
        assert_eq!(log_sum_exp(&[5.0, 5.0 + NEGLIGIBLE - 1.0]), 5.0);
    }

    /// The aligner's bead shapes.
    fn shapes_for_test() -> Vec<(usize, usize)> {
        vec![(1, 1), (1, 0), (0, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (1, 4), (4, 1), (1, 5), (5, 1)]
    }
}
