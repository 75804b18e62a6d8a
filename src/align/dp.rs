//! The dynamic programme: the cheapest monotone sequence of beads inside a
//! [`Band`], widening the band and searching again when the best path runs
//! along its edge.

use std::ops::Range;

use super::band::{Band, Budgets, Start};
pub use super::band::{FULL_SEARCH_CELLS, MAX_BAND_CELLS};
use super::lattice::{Costed, Lattice};
use super::length::LengthModel;
use super::signal::Signal;
use super::{Bead, CostOptions};

/// Inputs of one alignment problem.
pub struct Problem<'a> {
    /// Length of each source unit.
    pub src_len: &'a [f64],
    /// Length of each target unit.
    pub tgt_len: &'a [f64],
    /// Section heads among the source units: they are never merged.
    pub src_heading: &'a [bool],
    /// Section heads among the target units.
    pub tgt_heading: &'a [bool],
    /// Source units that must stay alone (1-0 beads): a user said they have
    /// no counterpart. Empty when there are none.
    pub src_unpaired: &'a [bool],
    /// Target units that must stay alone (0-1 beads). Empty when there are none.
    pub tgt_unpaired: &'a [bool],
    /// The length model of the language pair.
    pub model: LengthModel,
    /// Other signals, prepared on demand.
    pub signals: &'a mut [Box<dyn Signal>],
    /// Weights and priors.
    pub costs: &'a CostOptions,
    /// The signal (an index into `signals`) whose similarities give the
    /// evidence for a unit without counterpart ([`super::skips`]); `None`
    /// for a flat skip cost.
    pub evidence: Option<usize>,
    /// The evidence signal's answers for the cells of the band being
    /// searched (filled by the search).
    pub nearby: Option<super::skips::Nearby>,
}

/// The result of [`solve`]: beads and what the search did.
pub struct Solution {
    /// The beads, in order.
    pub beads: Vec<Bead>,
    /// For each source unit, the probability that it has no counterpart.
    pub src_alone: Vec<f64>,
    /// For each target unit, the probability that it has no counterpart.
    pub tgt_alone: Vec<f64>,
    /// The widest half-width of the band finally used, around the path
    /// (`None` when the whole matrix was searched).
    pub band: Option<usize>,
    /// How many times the band was widened.
    pub widenings: usize,
    /// The cells of the band finally searched.
    pub cells: usize,
    /// Whether the band was held below what was asked or needed, to stay
    /// within [`MAX_BAND_CELLS`].
    pub capped: bool,
    /// Whether the band followed the length diagonal alone, without the
    /// index diagonal, to stay within [`MAX_BAND_CELLS`] ([`Band::hedge_fits`]).
    pub unhedged: bool,
}

/// Bead shapes allowed by `max` (largest side) and `max_total` (n + m of
/// a bead with two or more units on each side): [`super::shape_allowed`].
pub fn shapes(max: usize, max_total: usize) -> Vec<(usize, usize)> {
    let mut v = vec![(1, 1), (1, 0), (0, 1)];
    for n in 1..=max {
        for m in 1..=max {
            if (n, m) != (1, 1) && super::shape_allowed((n, m), max, max_total) {
                v.push((n, m));
            }
        }
    }
    v
}

/// Cost of a bead, and its similarity score in [0, 1].
fn bead_cost(p: &Problem<'_>, src: Range<usize>, tgt: Range<usize>) -> (f64, f64) {
    let sims = p.signals.iter().map(|s| s.similarity(src.clone(), tgt.clone()));
    let gain = dilution_signal(p).and_then(|s| super::dilution::gain(s, &src, &tgt));
    bead_cost_with(p, (src.clone(), tgt.clone()), sims, gain)
}

/// The signal whose similarities say how much a unit dilutes a merged bead
/// (the evidence signal), when the dilution moves costs.
fn dilution_signal<'p>(p: &'p Problem<'_>) -> Option<&'p dyn Signal> {
    let k = p.evidence.filter(|_| p.costs.dilution_slope != 0.0)?;
    p.signals.get(k).map(|s| s.as_ref())
}

/// [`bead_cost`] given what each signal says of the bead (in the order of
/// `p.signals`; not asked of a bead with an empty side) and the bead's
/// dilution gain ([`super::dilution::gain`]).
fn bead_cost_with(
    p: &Problem<'_>,
    (src, tgt): (Range<usize>, Range<usize>),
    sims: impl Iterator<Item = Option<f64>>,
    gain: Option<f64>,
) -> (f64, f64) {
    let c = p.costs;
    let (n, m) = (src.len(), tgt.len());
    if n == 0 || m == 0 {
        return (skip_cost(p, &src, &tgt), 0.0);
    }
    let ls: f64 = p.src_len[src.clone()].iter().sum();
    let lt: f64 = p.tgt_len[tgt.clone()].iter().sum();
    let length_cost = p.model.cost(ls, lt).min(c.length_cap);
    let mut dissim = c.length * length_cost;
    // The score is the weighted mean of the signals' similarities, the length
    // cost mapped to [0, 1] by exp(−cost/3).
    let mut sim_sum = c.length * (-length_cost / 3.0).exp();
    let mut weight_sum = c.length;
    for (s, sim) in p.signals.iter().zip(sims) {
        if let Some(sim) = sim {
            dissim += s.weight() * (1.0 - sim);
            sim_sum += s.weight() * sim;
            weight_sum += s.weight();
        }
    }
    let prior = c.prior(n, m);
    let scale = (n + m) as f64 / 2.0;
    let score = if weight_sum > 0.0 { sim_sum / weight_sum } else { 0.0 };
    (prior + scale * dissim + super::dilution::cost(c, gain) + attach_cost(p, (&src, &tgt)), score)
}

/// What a merged bead pays for edge units that match a neighbouring unit
/// better ([`super::attach`]), by the evidence signal; 0 without it.
fn attach_cost(p: &Problem<'_>, beads: (&Range<usize>, &Range<usize>)) -> f64 {
    let Some(signal) = p.evidence.and_then(|k| p.signals.get(k)).filter(|_| p.costs.attach != 0.0) else {
        return 0.0;
    };
    // A unit the user said has no counterpart is no neighbour to belong to.
    let alone = |flags: &[bool], k: usize| flags.get(k).copied().unwrap_or(false);
    let sim = |i: usize, j: usize| {
        if alone(p.src_unpaired, i) || alone(p.tgt_unpaired, j) {
            return 0.0;
        }
        let kept = p.nearby.as_ref().and_then(|t| t.single(i, j));
        kept.unwrap_or_else(|| signal.similarity(i..i + 1, j..j + 1)).unwrap_or(0.0)
    };
    p.costs.attach * super::attach::misplaced(sim, beads, (p.src_len.len(), p.tgt_len.len()))
}

/// The cost of a 1-0 or 0-1 bead: the flat skip cost of its side, moved
/// by what the evidence signal says of the unit near its place
/// ([`super::skips`]), never below 0.
fn skip_cost(p: &Problem<'_>, src: &Range<usize>, tgt: &Range<usize>) -> f64 {
    let c = p.costs;
    let flat = if src.is_empty() { c.skip + c.skip_side } else { c.skip - c.skip_side };
    let Some(signal) = p.evidence.and_then(|k| p.signals.get(k)).filter(|_| c.skip_slope != 0.0) else {
        return flat.max(0.0);
    };
    let (n, m) = (p.src_len.len(), p.tgt_len.len());
    let best = match (&p.nearby, src.is_empty()) {
        (Some(t), true) => t.tgt_best(signal.as_ref(), tgt.start, src.start, n),
        (Some(t), false) => t.src_best(signal.as_ref(), src.start, tgt.start, m),
        (None, true) => super::skips::best_near(signal.as_ref(), tgt.start, src.start, n, false),
        (None, false) => super::skips::best_near(signal.as_ref(), src.start, tgt.start, m, true),
    };
    best.map_or(flat.max(0.0), |b| (flat + c.skip_slope * (b - c.skip_centre)).max(0.0))
}

/// Whether a bead may be made: section heads are never merged with other
/// units, and units that must stay alone are never paired.
fn allowed(p: &Problem<'_>, src: &Range<usize>, tgt: &Range<usize>) -> bool {
    let merged = src.len() > 1 || tgt.len() > 1;
    let paired = !src.is_empty() && !tgt.is_empty();
    let unpaired = |flags: &[bool], r: &Range<usize>| !flags.is_empty() && flags[r.clone()].contains(&true);
    !(merged && (p.src_heading[src.clone()].contains(&true) || p.tgt_heading[tgt.clone()].contains(&true)))
        && !(paired && (unpaired(p.src_unpaired, src) || unpaired(p.tgt_unpaired, tgt)))
}

/// The similarity score of each of `beads` (0 for a bead with an empty side).
pub fn scores(p: &Problem<'_>, beads: &[(Range<usize>, Range<usize>)]) -> Vec<f64> {
    beads.iter().map(|(s, t)| bead_cost(p, s.clone(), t.clone()).1).collect()
}

/// The cost of each of `beads` (`None` where it is not [`allowed`]),
/// appended to `out`: what [`bead_cost`] gives, but each signal is asked
/// about all the beads at once ([`Signal::similarities`]).
fn bead_costs(p: &Problem<'_>, beads: &[(Range<usize>, Range<usize>)], out: &mut Vec<Option<f64>>) {
    let ok: Vec<bool> = beads.iter().map(|(s, t)| allowed(p, s, t)).collect();
    let full = |(s, t): &(Range<usize>, Range<usize>)| !s.is_empty() && !t.is_empty();
    let asked: Vec<(Range<usize>, Range<usize>)> =
        beads.iter().zip(&ok).filter(|&(b, &ok)| ok && full(b)).map(|(b, _)| b.clone()).collect();
    let mut sims = Vec::with_capacity(asked.len() * p.signals.len());
    for s in p.signals.iter() {
        s.similarities(&asked, &mut sims);
    }
    let gains = match (dilution_signal(p), p.evidence) {
        (Some(s), Some(k)) => super::dilution::gains(s, &asked, &sims[k * asked.len()..(k + 1) * asked.len()]),
        _ => Vec::new(),
    };
    let mut q = 0;
    for (b, ok) in beads.iter().zip(ok) {
        if !ok {
            out.push(None);
            continue;
        }
        let of_bead = (0..p.signals.len()).map(|k| sims.get(k * asked.len() + q).copied().flatten());
        let gain = if full(b) { gains.get(q).copied().flatten() } else { None };
        out.push(Some(bead_cost_with(p, b.clone(), of_bead, gain).0));
        q += usize::from(full(b));
    }
}

/// Align with a band of half-width `w`, widening as needed.
pub fn solve(p: &mut Problem<'_>) -> Solution {
    solve_within(p, Budgets::DEFAULT)
}

/// [`solve`] within `budgets`.
///
/// A large problem is first searched in a band around the diagonals; when
/// the best path runs along an edge of the band, the band is widened only
/// around the rows where it does ([`WIDENING`] times the half-width there,
/// over as many rows on either side) and joined with a band around the path found, and
/// searched again: the band follows the path, so its cells grow with the
/// stretches where the texts drift apart, not with the whole length.
fn solve_within(p: &mut Problem<'_>, budgets: Budgets) -> Solution {
    let n = p.src_len.len();
    let m = p.tgt_len.len();
    let shapes = shapes(p.costs.max_bead, p.costs.max_bead_total);
    // Small problems (and very unequal ones, where a diagonal means little)
    // are searched whole; large ones inside a band that widens when needed.
    let Start { mut band, whole, hedge, cap } = Band::start((p.src_len, p.tgt_len), p.costs.band, budgets);
    let w = band.half_width;
    let mut widths = vec![w; n + 1];
    let mut capped = !whole && ((p.costs.band > cap && cap < n.max(m)) || band.cells() > budgets.band);
    let mut widenings = 0;
    let mut before = None;
    loop {
        let full = band.is_full(m);
        for s in p.signals.iter_mut() {
            s.prepare(&band);
        }
        if let Some(s) = p.evidence.and_then(|k| p.signals.get_mut(k)).filter(|_| p.costs.dilution_slope != 0.0) {
            s.prepare_runs(&band);
        }
        p.nearby = match p.evidence.and_then(|k| p.signals.get(k)) {
            Some(s) if p.costs.skip_slope != 0.0 || p.costs.attach != 0.0 => {
                Some(super::skips::Nearby::build(s.as_ref(), &band, (n, m)))
            }
            _ => None,
        };
        let (found, costed) = search(p, &band, &shapes, before.take());
        before = costed;
        let points: Vec<(usize, usize)> = found.beads.iter().map(|b| (b.src.start, b.tgt.start)).collect();
        let rows = if full { Vec::new() } else { band.edge_rows(&points, m, 2) };
        let next = widened(&band, &points, (&mut widths, &rows), n.max(m));
        match next {
            Some(next) if next.cells() <= budgets.band && widenings < MAX_WIDENINGS => {
                band = next;
                widenings += 1;
            }
            _ => {
                // The path ran along the edge, and the band could not follow it.
                capped |= !rows.is_empty();
                return Solution {
                    beads: found.beads,
                    src_alone: found.src_alone,
                    tgt_alone: found.tgt_alone,
                    band: (!full).then_some(band.half_width),
                    widenings,
                    cells: band.cells(),
                    capped,
                    unhedged: !hedge,
                };
            }
        }
    }
}

/// Most times a band is widened (each widening multiplies the half-width
/// of some rows by [`WIDENING`], so a path that still runs along the edge
/// after this many has drifted further than any band the budget allows).
const MAX_WIDENINGS: usize = 8;

/// How much a widening multiplies the half-width of the rows where the
/// path ran along the edge: every widening searches the whole band again,
/// so a larger step means fewer searches. With 2, the 20k-sentence long
/// benchmark (`scripts/long-bench.py --no-model 20000`) was searched six
/// times (57 s of CPU); with 4, three times (35 s), at the same F1.
const WIDENING: usize = 4;

/// The band after widening the rows where the path `points` ran along its
/// edge (`rows`) to [`WIDENING`] times their half-width in `widths` (at
/// most `limit`), over as many rows on either side; `None` when there is
/// nothing to widen. A row is widened with the whole stretch of the path
/// around it that runs in the outer half of the band: a path held back
/// by the edge often runs beside it, off its true course, for a long way
/// before it touches it.
fn widened(
    band: &Band,
    points: &[(usize, usize)],
    (widths, rows): (&mut [usize], &[usize]),
    limit: usize,
) -> Option<Band> {
    let last = widths.len().checked_sub(1)?;
    let m = band.hi[last];
    let before = widths.to_vec();
    let strained: Vec<bool> = points.iter().map(|&(i, j)| band.edge_distance(i, j, m) < before[i] / 2).collect();
    let mut widen = vec![false; points.len()];
    for (k, &(i, _)) in points.iter().enumerate() {
        if rows.binary_search(&i).is_err() || widen[k] {
            continue;
        }
        let start = (0..k).rev().take_while(|&x| strained[x]).last().unwrap_or(k);
        let end = (k + 1..points.len()).take_while(|&x| strained[x]).last().unwrap_or(k);
        widen[start..=end].iter_mut().for_each(|x| *x = true);
    }
    for (&(r, _), _) in points.iter().zip(&widen).filter(|(_, &w)| w) {
        let w = (before[r] * WIDENING).min(limit);
        for x in &mut widths[r.saturating_sub(w)..=(r + w).min(last)] {
            *x = (*x).max(w);
        }
    }
    let next = band.joined_with_path(points, m, widths);
    (!rows.is_empty() && next != *band).then_some(next)
}

/// The path through `band` (the cheapest, or with `mea_threshold` the
/// one of maximum expected accuracy), with every bead's posterior and
/// every unit's probability of having no counterpart; and the bead costs,
/// for a search in a wider band. The costs of a narrower band (`before`)
/// are taken from it rather than computed again.
fn search(
    p: &Problem<'_>,
    band: &Band,
    shapes: &[(usize, usize)],
    before: Option<Costed>,
) -> (Searched, Option<Costed>) {
    let cost = |src: Range<usize>, tgt: Range<usize>| -> Option<f64> {
        allowed(p, &src, &tgt).then(|| bead_cost(p, src, tgt).0)
    };
    let costs = |beads: &[(Range<usize>, Range<usize>)], out: &mut Vec<Option<f64>>| bead_costs(p, beads, out);
    let mut lattice = Lattice::build(band, shapes, p.costs.temperature, (&costs, before.as_ref()));
    drop(before);
    lattice.backward(&costs);
    let path = match p.costs.mea_threshold {
        t if t > 0.0 => lattice.most_expected((&costs, &cost), t),
        _ => lattice.path(&cost),
    };
    let beads = path
        .into_iter()
        .map(|s| {
            let score = bead_cost(p, s.src.clone(), s.tgt.clone()).1;
            Bead { src: s.src, tgt: s.tgt, score: score as f32, posterior: s.posterior as f32 }
        })
        .collect();
    let (src_alone, tgt_alone) = lattice.alone(&cost);
    (Searched { beads, src_alone, tgt_alone }, lattice.into_costed())
}

/// What [`search`] finds in one band.
struct Searched {
    beads: Vec<Bead>,
    src_alone: Vec<f64>,
    tgt_alone: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_respect_limits() {
        let s = shapes(4, 4);
        assert!(s.contains(&(1, 4)) && s.contains(&(4, 1)) && s.contains(&(2, 2)));
        assert!(!s.contains(&(2, 3)) && !s.contains(&(1, 5)));
        assert_eq!(shapes(2, 3).len(), 5);
        // Wider many-to-many beads as the total allows, each side up to max.
        let wide = shapes(4, 6);
        assert!([(2, 3), (3, 2), (3, 3), (2, 4), (4, 2)].iter().all(|b| wide.contains(b)));
        assert!(!wide.contains(&(3, 4)) && wide.len() == 15);
        let c = CostOptions { merge_wide: 2.5, ..CostOptions::default() };
        assert!(
            c.prior(2, 3) == c.merge22 + 2.5 && c.prior(3, 3) == c.merge22 + 5.0 && c.prior(5, 1) == c.merge4 + 2.5
        );
    }

    #[test]
    fn length_alone_finds_a_merge() {
        let costs = CostOptions::default();
        let src = [10.0, 20.0, 10.0, 10.0];
        let tgt = [30.0, 30.0, 30.0, 30.0, 30.0];
        let mut signals: Vec<Box<dyn Signal>> = vec![];
        let mut p = Problem {
            src_len: &src,
            tgt_len: &tgt,
            src_heading: &[false; 4],
            tgt_heading: &[false; 5],
            src_unpaired: &[],
            tgt_unpaired: &[],
            model: LengthModel { c: 3.0, s2: 1.0 },
            signals: &mut signals,
            costs: &costs,
            evidence: None,
            nearby: None,
        };
        let sol = solve(&mut p);
        let shapes: Vec<String> = sol.beads.iter().map(Bead::shape).collect();
        assert_eq!(shapes, vec!["1-1", "1-2", "1-1", "1-1"]);
    }

    /// Budgets a sixteenth of the real ones: the same searches, on problems
    /// a sixteenth of the size.
    const SMALL: Budgets = Budgets { whole: FULL_SEARCH_CELLS / 16, band: MAX_BAND_CELLS / 16 };

    /// Solve `n` source units against `m` target units, all of 20 characters,
    /// with no signals but length, within [`SMALL`].
    fn solve_even(n: usize, m: usize, costs: &CostOptions) -> Solution {
        solve_lengths(&vec![20.0; n], &vec![20.0; m], costs)
    }

    /// Solve units of lengths `src` against `tgt` with no signals but
    /// length, within [`SMALL`].
    fn solve_lengths(src: &[f64], tgt: &[f64], costs: &CostOptions) -> Solution {
        solve_signals(src, tgt, costs, vec![])
    }

    #[test]
    fn the_side_term_makes_a_source_unit_alone_cheaper_and_a_target_unit_dearer() {
        // An extra unit on one side: a merge, or that unit alone.
        let shapes = |(n, m): (usize, usize), side: f64| -> Vec<String> {
            let costs = CostOptions { skip_side: side, ..CostOptions::default() };
            let sol = solve_even(n, m, &costs);
            sol.beads.iter().map(Bead::shape).collect()
        };
        let has = |v: Vec<String>, shape: &str| v.iter().any(|s| s == shape);
        // A source unit alone costs skip − side, a target unit skip + side.
        assert!(has(shapes((3, 2), 5.5), "1-0") && !has(shapes((3, 2), -5.5), "1-0"));
        assert!(has(shapes((2, 3), -5.5), "0-1") && !has(shapes((2, 3), 5.5), "0-1"));
        // Never below 0.
        assert!(has(shapes((3, 2), 50.0), "1-0"));
    }

    /// [`solve_lengths`] with `signals` too.
    fn solve_signals(src: &[f64], tgt: &[f64], costs: &CostOptions, mut signals: Vec<Box<dyn Signal>>) -> Solution {
        let (sh, th) = (vec![false; src.len()], vec![false; tgt.len()]);
        let mut p = Problem {
            src_len: src,
            tgt_len: tgt,
            src_heading: &sh,
            tgt_heading: &th,
            src_unpaired: &[],
            tgt_unpaired: &[],
            model: LengthModel { c: 1.0, s2: 1.0 },
            signals: &mut signals,
            costs,
            evidence: None,
            nearby: None,
        };
        solve_within(&mut p, SMALL)
    }

    #[test]
    fn solve_searches_within_the_real_budgets() {
        // 600 × 600 units: past the small budget's whole search, within
        // the real one's, which `solve` uses.
        let len = vec![20.0; 600];
        let (sh, mut signals) = (vec![false; 600], Vec::<Box<dyn Signal>>::new());
        let costs = CostOptions::default();
        let mut p = Problem {
            src_len: &len,
            tgt_len: &len,
            src_heading: &sh,
            tgt_heading: &sh,
            src_unpaired: &[],
            tgt_unpaired: &[],
            model: LengthModel { c: 1.0, s2: 1.0 },
            signals: &mut signals,
            costs: &costs,
            evidence: None,
            nearby: None,
        };
        const { assert!(600 * 600 > SMALL.whole && 600 * 600 <= FULL_SEARCH_CELLS) };
        assert_eq!(solve(&mut p).band, None, "searched whole");
        assert!(solve_within(&mut p, SMALL).band.is_some(), "searched in a band");
    }

    #[test]
    fn an_absurd_band_is_held_within_the_cell_budget() {
        let n = 750; // the budget allows a band narrower than the whole
        let sol = solve_even(n, n, &CostOptions { band: 1_000_000, ..CostOptions::default() });
        let len = vec![20.0; n];
        let cap = Band::cap(&len, &len, true, SMALL.band);
        assert!(cap < n, "{cap}");
        assert!(Band::around_diagonal(&len, &len, cap).cells() <= SMALL.band);
        assert!(Band::around_diagonal(&len, &len, cap + 1).cells() > SMALL.band);
        assert!(sol.capped && sol.band == Some(cap), "{:?} {}", sol.band, sol.capped);
        assert_eq!(sol.beads.len(), n);
        assert!(sol.beads.iter().all(|b| b.shape() == "1-1"));
    }

    #[test]
    fn a_path_beyond_every_band_the_budget_allows_is_held_and_says_so() {
        // The target has 500 units more than the source: the path leaves
        // every band the budget allows; the band stops within the budget.
        let (n, m) = (750, 1250);
        let sol = solve_even(n, m, &CostOptions::default());
        assert!(sol.capped && sol.widenings >= 1, "{} {}", sol.capped, sol.widenings);
        assert!(sol.cells <= SMALL.band, "{}", sol.cells);
        assert_eq!(sol.beads.iter().map(|b| b.tgt.len()).sum::<usize>(), m, "every unit in a bead");
    }

    /// A signal that knows which units are copies of one another.
    struct Same {
        src: Vec<Option<usize>>,
        tgt: Vec<Option<usize>>,
    }

    impl Signal for Same {
        fn name(&self) -> &str {
            "same"
        }
        fn weight(&self) -> f64 {
            6.0
        }
        fn prepare(&mut self, _band: &Band) {}
        fn similarity(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64> {
            let copies = self.src[src.clone()].iter().flatten().filter(|k| self.tgt[tgt.clone()].contains(&Some(**k)));
            Some(copies.count() as f64 / src.len().max(tgt.len()) as f64)
        }
    }

    #[test]
    fn the_band_widens_only_where_the_texts_drift_apart() {
        // Units of varied lengths, the same on both sides, but for 40 short
        // target units added after source unit 1000 and 40 long source
        // units added after unit 1500 (unequal, so that neither the index
        // nor the lengths' diagonal follows them): between them the path
        // runs 40 units off the diagonals, past the default band of ±16,
        // and only there.
        // A signal tells each unit's copy.
        let base: Vec<f64> = (0..2000u64).map(|k| (5 + (k * 7919 + 13) % 71) as f64).collect();
        let src: Vec<f64> = [&base[..1500], &[100.0; 40][..], &base[1500..]].concat();
        let tgt: Vec<f64> = [&base[..1000], &[1.0; 40][..], &base[1000..]].concat();
        let ids = |at: usize| (0..2040).map(move |k| (k < at || k >= at + 40).then(|| k - if k < at { 0 } else { 40 }));
        let same = Same { src: ids(1500).collect(), tgt: ids(1000).collect() };
        let sol = solve_signals(&src, &tgt, &CostOptions::default(), vec![Box::new(same)]);
        assert!(!sol.capped && sol.widenings >= 1, "{} {}", sol.capped, sol.widenings);
        // Every base unit is paired with its copy.
        let base_of = |k: usize, at: usize| match k {
            k if k < at => Some(k),
            k if k < at + 40 => None,
            k => Some(k - 40),
        };
        let right = (sol.beads.iter())
            .filter(|b| b.src.len() == 1 && b.tgt.len() == 1)
            .filter(|b| {
                base_of(b.src.start, 1500).is_some() && base_of(b.src.start, 1500) == base_of(b.tgt.start, 1000)
            })
            .count();
        assert!(right >= 1900, "{right} of 2000 base units paired with their copy");
        // The band grew around the drift (a quarter of the rows), not along
        // the whole text.
        let w = sol.band.unwrap_or(0);
        assert!(w >= 40, "{w}");
        let global = Band::around_diagonal(&src, &tgt, w).cells();
        assert!(sol.cells * 3 < global * 2, "{} cells against {global} for ±{w} everywhere", sol.cells);
    }

    #[test]
    fn the_budget_counts_the_cells_the_band_really_has() {
        // Short units then long ones on one side, even ones on the other: the
        // length diagonal leaves the index diagonal far behind, and the band
        // spans both (a half-width of 104 would hold 24 times the budget).
        let n = 20_000;
        let src: Vec<f64> = (0..n).map(|i| if i < n / 2 { 1.0 } else { 100.0 }).collect();
        let tgt = vec![50.5; n];
        let cap = Band::cap(&src, &tgt, true, MAX_BAND_CELLS);
        let cells = Band::around_diagonal(&src, &tgt, cap).cells();
        assert!(cap == 4 || cells <= MAX_BAND_CELLS, "{cap}: {cells}");
        assert!(Band::around_diagonal(&src, &tgt, 104).cells() > MAX_BAND_CELLS);
    }

    #[test]
    fn past_the_budget_the_band_follows_the_lengths_alone() {
        // The narrowest band spanning both diagonals holds more than the
        // budget: the search follows the length diagonal alone, within it.
        let n = 4_000;
        let src: Vec<f64> = (0..n).map(|i| if i < n / 2 { 1.0 } else { 100.0 }).collect();
        let tgt = vec![50.5; n];
        assert!(!Band::hedge_fits(&src, &tgt, SMALL.band));
        let cap = Band::cap(&src, &tgt, false, SMALL.band);
        assert!(cap >= 16 && Band::around(&src, &tgt, cap, false).cells() <= SMALL.band, "{cap}");
        let sol = solve_lengths(&src, &tgt, &CostOptions::default());
        assert!(sol.unhedged);
        assert_eq!(sol.beads.iter().map(|b| b.src.len()).sum::<usize>(), n, "every unit in a bead");
        assert_eq!(sol.beads.iter().map(|b| b.tgt.len()).sum::<usize>(), n);
    }
}
