//! Evidence that a unit dilutes the bead it would join. A unit the
//! translation lacks can be merged into a neighbour's bead for little more
//! than the merge prior; but the bead's meaning then matches worse than it
//! does without the unit. The dilution of a merged bead is how much better
//! its match gets when one unit at its edge is left out
//! ([`gain`]): near zero or below for a true merge, whose every unit
//! carries part of the meaning, above zero where a unit adds nothing the
//! other side says.

use std::ops::Range;

use super::bead::IdBead;
use super::features::{self, Features, Side};
use super::learn::gold_ranges;
use super::signal::Signal;
use super::{AlignOptions, CostOptions};

/// The slope of the evidence with the sentence encoder (log-odds per unit
/// of rise), as `clausediff train-skips` fits it on MAC-Dev, Text+Berg
/// and the bundled Tianjin gold (`scripts/train-skips.sh`): a logistic
/// regression of "holds a unit the gold leaves alone" on the rise.
pub const DILUTION_SLOPE: f64 = 14.987;
/// The rise at which the evidence adds nothing, from the same fit.
pub const DILUTION_CENTRE: f64 = 0.024;

/// Whether the dilution of the bead (`src`, `tgt`) is measured: a merged
/// bead (both sides, three units or more).
pub fn measured(src: &Range<usize>, tgt: &Range<usize>) -> bool {
    !src.is_empty() && !tgt.is_empty() && src.len() + tgt.len() >= 3
}

/// Whether the bead and its trimmed beads are read as runs
/// ([`Signal::similarity_in_run`]): a side holds three units or more. Read
/// in a run, the encoder's side of three or more is the sum of its units'
/// vectors ([`super::semantic`]), and so is the side trimmed to two, so
/// the two compare (not a joined run of three with a summed pair, nor a
/// summed run with a joined pair).
fn in_run(src: &Range<usize>, tgt: &Range<usize>) -> bool {
    src.len().max(tgt.len()) >= 3
}

/// What the dilution adds to the cost of a merged bead: the log-odds that
/// a unit at its edge belongs alone, `slope × (gain − centre)`, where it is
/// positive; a bead that no unit dilutes costs what it did without the
/// evidence.
pub fn cost(c: &CostOptions, gain: Option<f64>) -> f64 {
    gain.map_or(0.0, |g| (c.dilution_slope * (g - c.dilution_centre)).max(0.0))
}

/// [`gain`] of each of `beads`, given `signal`'s similarity of each
/// (`full`, in the order of `beads`): the trimmed beads (and the beads
/// read as runs) are asked of the signal at once.
pub fn gains(signal: &dyn Signal, beads: &[(Range<usize>, Range<usize>)], full: &[Option<f64>]) -> Vec<Option<f64>> {
    // (bead, whether the entry is the bead itself) for each similarity asked.
    let (mut plain, mut plain_asked) = (Vec::new(), Vec::new());
    let (mut runs, mut runs_asked) = (Vec::new(), Vec::new());
    for (q, (s, t)) in beads.iter().enumerate() {
        if !measured(s, t) || full.get(q).copied().flatten().is_none() {
            continue;
        }
        let (who, asked) = if in_run(s, t) { (&mut runs, &mut runs_asked) } else { (&mut plain, &mut plain_asked) };
        if in_run(s, t) {
            who.push((q, true));
            asked.push((s.clone(), t.clone()));
        }
        for b in trimmed(s, t) {
            who.push((q, false));
            asked.push(b);
        }
    }
    let mut sims = Vec::with_capacity(plain_asked.len() + runs_asked.len());
    signal.similarities(&plain_asked, &mut sims);
    signal.similarities_in_run(&runs_asked, &mut sims);
    let mut whole: Vec<Option<f64>> = full.to_vec();
    let mut best: Vec<Option<f64>> = vec![None; beads.len()];
    for (&(q, itself), x) in plain.iter().chain(&runs).zip(sims) {
        match (itself, x) {
            (true, _) => whole[q] = x,
            (false, Some(x)) => best[q] = Some(best[q].map_or(x, |b| b.max(x))),
            (false, None) => {}
        }
    }
    best.into_iter().zip(whole).map(|(b, f)| Some(b? - f?)).collect()
}

/// The beads of `src` and `tgt` left when one unit at an edge of a side
/// of two or more is dropped (two for each such side).
fn trimmed(src: &Range<usize>, tgt: &Range<usize>) -> Vec<(Range<usize>, Range<usize>)> {
    let mut out = Vec::with_capacity(4);
    if src.len() >= 2 {
        out.push((src.start + 1..src.end, tgt.clone()));
        out.push((src.start..src.end - 1, tgt.clone()));
    }
    if tgt.len() >= 2 {
        out.push((src.clone(), tgt.start + 1..tgt.end));
        out.push((src.clone(), tgt.start..tgt.end - 1));
    }
    out
}

/// How much `signal`'s similarity of the bead (`src`, `tgt`) rises at best
/// when one unit at an edge of a side of two or more units is left out
/// (negative when every such unit helps the match); `None` for a bead
/// whose dilution is not [`measured`] or when the signal says nothing of
/// it or of every trimmed bead.
pub fn gain(signal: &dyn Signal, src: &Range<usize>, tgt: &Range<usize>) -> Option<f64> {
    let full = signal.similarity(src.clone(), tgt.clone());
    gains(signal, &[(src.clone(), tgt.clone())], &[full]).pop().flatten()
}

/// A merged bead from a gold alignment: its [`gain`], as the search
/// weighs it, and whether it is a gold bead (`alone` false) or a gold bead
/// joined with a unit the gold leaves alone beside it (`alone` true).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DilutionExample {
    /// The bead's [`gain`].
    pub gain: f64,
    /// The bead holds a unit the gold leaves alone.
    pub alone: bool,
}

/// The examples of one gold alignment of `src` and `tgt` (units by index)
/// with the meaning signal of `opts` (none without a model): every gold
/// merged bead, and every unit the gold leaves alone joined to the gold
/// bead before it and to the one after it, where the joined bead is a
/// shape the search may make.
pub fn examples(src: &Side<'_>, tgt: &Side<'_>, gold: &[IdBead], opts: &AlignOptions) -> Vec<DilutionExample> {
    let (fs, ft) = (Features::new(src), Features::new(tgt));
    let (n, m) = (fs.lengths.len(), ft.lengths.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let meaning = features::meaning_signal((&fs, &ft), &opts.weights, opts.model.as_ref(), opts.costs.band);
    let Some(signal) = meaning.as_deref() else {
        return Vec::new();
    };
    let (beads, _, _) = gold_ranges(gold, n, m);
    let fits = |s: &Range<usize>, t: &Range<usize>| {
        let c = &opts.costs;
        super::shape_allowed((s.len(), t.len()), c.max_bead, c.max_bead_total)
    };
    let mut out = Vec::new();
    for (k, (s, t)) in beads.iter().enumerate() {
        if !s.is_empty() && !t.is_empty() {
            out.extend(gain(signal, s, t).map(|gain| DilutionExample { gain, alone: false }));
            continue;
        }
        let joined = |b: &(Range<usize>, Range<usize>)| -> Option<(Range<usize>, Range<usize>)> {
            let (bs, bt) = b;
            if bs.is_empty() || bt.is_empty() {
                return None;
            }
            let j = if s.is_empty() {
                (bs.clone(), bt.start.min(t.start)..bt.end.max(t.end))
            } else {
                (bs.start.min(s.start)..bs.end.max(s.end), bt.clone())
            };
            let contiguous = j.0.len() == bs.len() + s.len() && j.1.len() == bt.len() + t.len();
            (contiguous && fits(&j.0, &j.1) && measured(&j.0, &j.1)).then_some(j)
        };
        let neighbours = [k.checked_sub(1).and_then(|p| beads.get(p)), beads.get(k + 1)];
        for (js, jt) in neighbours.into_iter().flatten().filter_map(joined) {
            out.extend(gain(signal, &js, &jt).map(|gain| DilutionExample { gain, alone: true }));
        }
    }
    out
}

/// Logistic regression of `alone` on `gain` ([`super::skips::fit`] with
/// the sign turned): `slope` is the log-odds of being alone per unit of
/// gain, `centre` the gain at which the odds equal the examples' base rate.
/// `None` when the gain says nothing or separates the examples.
pub fn fit(examples: &[DilutionExample]) -> Option<super::skips::SkipFit> {
    let turned: Vec<super::skips::SkipExample> =
        examples.iter().map(|e| super::skips::SkipExample { best: -e.gain, alone: e.alone }).collect();
    super::skips::fit(&turned).map(|f| super::skips::SkipFit { centre: -f.centre, ..f })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::dp::{solve, Problem};
    use crate::align::length::LengthModel;
    use crate::align::signal::TableSignal;

    /// Three source units and two target units: the source units 0 and 1
    /// say together what target unit 0 says (each alone half of it), source
    /// unit 2 says target unit 1, and target unit 1 also shares a little
    /// with source unit 1. A run of two read as a run is a little weaker
    /// than the joined text.
    const TOY: TableSignal = TableSignal(|s, t, in_run| {
        let v = match (s, t) {
            ([0, 1], [0]) => 0.9,
            ([0], [0]) | ([1], [0]) => 0.5,
            ([2], [1]) => 0.9,
            ([1, 2], [1]) => 0.6,
            ([1], [1]) => 0.2,
            ([0, 1, 2], [0]) => 0.7,
            ([0, 1, 2], [0, 1]) => 0.8,
            ([0, 1], [0, 1]) | ([1, 2], [0, 1]) => 0.6,
            ([0, 1, 2], [1]) => 0.4,
            _ => 0.1,
        };
        if in_run && s.len() == 2 {
            v - 0.05
        } else {
            v
        }
    });

    #[test]
    fn a_unit_that_adds_nothing_dilutes_and_a_true_merge_does_not() {
        // 0 and 1 together match target 0 better than either alone.
        assert!((gain(&TOY, &(0..2), &(0..1)).expect("merged") - (0.5 - 0.9)).abs() < 1e-12);
        // Source 1 joined to source 2 ↔ target 1 lowers the match.
        assert!((gain(&TOY, &(1..3), &(1..2)).expect("merged") - (0.9 - 0.6)).abs() < 1e-12);
        // Beads that are not merged have no dilution.
        assert_eq!(gain(&TOY, &(0..1), &(0..1)), None);
        assert_eq!(gain(&TOY, &(0..2), &(0..0)), None);
        // A run of three is compared with runs of two read as runs:
        // 0..3 ↔ 0 is 0.7, 0..2 ↔ 0 read as a run 0.85, 1..3 ↔ 0 0.1 − 0.05.
        assert!((gain(&TOY, &(0..3), &(0..1)).expect("merged") - (0.85 - 0.7)).abs() < 1e-12);
    }

    #[test]
    fn the_batch_gives_what_each_bead_gives_alone() {
        let mut beads = Vec::new();
        for (a, b) in [(0, 1), (0, 2), (0, 3), (1, 3), (2, 3)] {
            for (c, d) in [(0, 0), (0, 1), (0, 2), (1, 2)] {
                beads.push((a..b, c..d));
            }
        }
        let full: Vec<Option<f64>> = beads.iter().map(|(s, t)| TOY.similarity(s.clone(), t.clone())).collect();
        let batch = gains(&TOY, &beads, &full);
        let alone: Vec<Option<f64>> = beads.iter().map(|(s, t)| gain(&TOY, s, t)).collect();
        assert_eq!(batch, alone);
        let want: Vec<Option<f64>> = beads.iter().map(|(s, t)| by_hand(&TOY, s, t)).collect();
        assert_eq!(batch, want);
        assert!(batch.iter().flatten().count() >= 8, "{batch:?}");
    }

    /// The gain as the module's doc defines it, bead by bead: the best
    /// similarity of the bead with one edge unit of a side of two or more
    /// left out, less the bead's, both read as runs when a side holds
    /// three units or more.
    fn by_hand(sig: &dyn Signal, s: &Range<usize>, t: &Range<usize>) -> Option<f64> {
        if s.is_empty() || t.is_empty() || s.len() + t.len() < 3 {
            return None;
        }
        let runs = s.len() >= 3 || t.len() >= 3;
        let ask = |a: Range<usize>, b: Range<usize>| {
            if runs {
                sig.similarity_in_run(a, b)
            } else {
                sig.similarity(a, b)
            }
        };
        let mut cut = Vec::new();
        if s.len() > 1 {
            cut.push(ask(s.start + 1..s.end, t.clone()));
            cut.push(ask(s.start..s.end - 1, t.clone()));
        }
        if t.len() > 1 {
            cut.push(ask(s.clone(), t.start + 1..t.end));
            cut.push(ask(s.clone(), t.start..t.end - 1));
        }
        let best = cut.into_iter().flatten().reduce(f64::max)?;
        Some(best - ask(s.clone(), t.clone())?)
    }

    #[test]
    fn the_cost_counts_only_a_gain_past_the_centre() {
        let c = CostOptions { dilution_slope: 10.0, dilution_centre: 0.05, ..CostOptions::default() };
        assert_eq!(cost(&c, None), 0.0);
        assert_eq!(cost(&c, Some(-0.3)), 0.0);
        assert!((cost(&c, Some(0.25)) - 2.0).abs() < 1e-12);
        let off = CostOptions::default();
        assert_eq!(cost(&off, Some(0.9)), 0.0);
    }

    /// Source units 0 and 2 translated by target units 0 and 1; source
    /// unit 1 untranslated: joining it to either neighbour weakens the match.
    const OMITTED: TableSignal = TableSignal(|s, t, _| match (s, t) {
        ([0], [0]) | ([2], [1]) => 0.9,
        ([0, 1], [0]) | ([1, 2], [1]) => 0.7,
        ([1], _) => 0.1,
        _ => 0.0,
    });

    #[test]
    fn the_evidence_leaves_alone_a_unit_that_a_flat_cost_merges() {
        let solve_with = |slope: f64| -> Vec<String> {
            let costs =
                CostOptions { skip: 6.0, dilution_slope: slope, dilution_centre: 0.0, ..CostOptions::default() };
            let mut signals: Vec<Box<dyn Signal>> = vec![Box::new(OMITTED)];
            let (src, tgt) = ([10.0, 2.0, 10.0], [11.0, 10.0]);
            let mut p = Problem {
                src_len: &src,
                tgt_len: &tgt,
                src_heading: &[false; 3],
                tgt_heading: &[false; 2],
                src_unpaired: &[],
                tgt_unpaired: &[],
                model: LengthModel { c: 1.0, s2: 1.0 },
                signals: &mut signals,
                costs: &costs,
                evidence: Some(0),
                nearby: None,
            };
            solve(&mut p).beads.iter().map(|b| format!("{:?}:{:?}", b.src, b.tgt)).collect()
        };
        assert_eq!(solve_with(0.0), vec!["0..2:0..1", "2..3:1..2"]);
        assert_eq!(solve_with(20.0), vec!["0..1:0..1", "1..2:1..1", "2..3:1..2"]);
    }
}
