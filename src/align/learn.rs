//! Learning the aligner's costs from gold alignments: an averaged
//! structured perceptron. A bead's cost is linear in the parameters
//! ([`PARAMS`]: the skip and merge priors, the length weight, the weight
//! of edge units that belong to a neighbouring bead ([`super::attach`])
//! and the signals' weights), so a path's cost is `θ · Φ(path)` (with the
//! encoder, plus the evidence for units without counterpart, which θ does
//! not move: [`super::skips`]; and a pair's side prior of units alone,
//! `skip_side`, which it does not move either). Each document is
//! aligned with the current θ; where the path found differs from the
//! gold, θ moves to make the gold cheaper relative to what was found: the
//! perceptron's step taken in log θ (each parameter stays positive and
//! moves in proportion to its share of the cost difference, `θₖ (Φₖ(found) −
//! Φₖ(gold))`, the largest by the factor `exp(rate)`). The average of θ
//! over all steps is the result.

use std::ops::Range;

use super::band::Band;
use super::bead::IdBead;
use super::features::{self, Features, Side};
use super::{align_units, AlignOptions, CostOptions};

/// The learnt parameters, in the order of a parameter vector; each is the
/// `--set` key of the same name.
pub const PARAMS: [&str; 14] = [
    "skip",
    "merge2",
    "merge22",
    "merge3",
    "merge4",
    "merge_wide",
    "length",
    "attach",
    "numbers",
    "marks",
    "cognates",
    "same_language",
    "lexicon",
    "semantic",
];

/// The index in [`PARAMS`] of the first signal weight.
const FIRST_SIGNAL: usize = 8;

/// A bead as the ranges of units it holds.
pub type RangeBead = (Range<usize>, Range<usize>);

/// A parameter vector.
pub type Theta = [f64; PARAMS.len()];

/// The parameters of `opts`.
pub fn theta_of(opts: &AlignOptions) -> Theta {
    let (c, w) = (&opts.costs, &opts.weights);
    [
        c.skip,
        c.merge2,
        c.merge22,
        c.merge3,
        c.merge4,
        c.merge_wide,
        c.length,
        c.attach,
        w.numbers,
        w.marks,
        w.cognates,
        w.same_language,
        w.lexicon,
        w.semantic,
    ]
}

/// `opts` with the parameters `t`.
pub fn with_theta(opts: &AlignOptions, t: &Theta) -> AlignOptions {
    let mut o = opts.clone();
    (o.costs.skip, o.costs.merge2, o.costs.merge22, o.costs.merge3, o.costs.merge4) = (t[0], t[1], t[2], t[3], t[4]);
    (o.costs.merge_wide, o.costs.length, o.costs.attach) = (t[5], t[6], t[7]);
    (o.weights.numbers, o.weights.marks, o.weights.cognates) = (t[8], t[9], t[10]);
    (o.weights.same_language, o.weights.lexicon, o.weights.semantic) = (t[11], t[12], t[13]);
    o
}

/// The parameter a signal's weight is, by the signal's name.
fn signal_param(name: &str) -> Option<usize> {
    let key = name.replace('-', "_");
    PARAMS[FIRST_SIGNAL..].iter().position(|p| *p == key).map(|k| k + FIRST_SIGNAL)
}

/// One document with its gold: the units of both sides and the gold beads
/// as ranges ([`gold_ranges`]).
pub struct Example<'a> {
    /// Source units.
    pub src: Side<'a>,
    /// Target units.
    pub tgt: Side<'a>,
    /// The gold beads that can be compared.
    pub gold: Vec<RangeBead>,
    /// Source units outside them.
    pub src_out: Vec<bool>,
    /// Target units outside them.
    pub tgt_out: Vec<bool>,
}

impl<'a> Example<'a> {
    /// The example of a document: its units and its gold beads as ranges
    /// ([`gold_ranges`]), less the beads of a shape the search under
    /// `costs` cannot make, whose units are left out as those of a bead
    /// that cannot be compared: the search never pays their priors, which
    /// they would only pull down.
    pub fn new(src: Side<'a>, tgt: Side<'a>, gold: &[IdBead], costs: &CostOptions) -> Example<'a> {
        let (beads, mut src_out, mut tgt_out) = gold_ranges(gold, src.units.len(), tgt.units.len());
        let mut kept = Vec::with_capacity(beads.len());
        for (s, t) in beads {
            if s.is_empty()
                || t.is_empty()
                || super::shape_allowed((s.len(), t.len()), costs.max_bead, costs.max_bead_total)
            {
                kept.push((s, t));
            } else {
                s.for_each(|k| src_out[k] = true);
                t.for_each(|k| tgt_out[k] = true);
            }
        }
        Example { src, tgt, gold: kept, src_out, tgt_out }
    }

    /// The beads of `found`, and of the gold, over the units both hold
    /// alike: a found bead with a unit outside the gold's comparable beads
    /// is left out, and so is every gold bead that shares a unit with it.
    fn comparable(&self, found: Vec<RangeBead>) -> (Vec<RangeBead>, Vec<RangeBead>) {
        let hit = |flags: &[bool], r: &Range<usize>| r.clone().any(|k| flags.get(k).copied().unwrap_or(true));
        let (mut gone_s, mut gone_t) = (vec![false; self.src_out.len()], vec![false; self.tgt_out.len()]);
        let mut kept = Vec::with_capacity(found.len());
        for (s, t) in found {
            if hit(&self.src_out, &s) || hit(&self.tgt_out, &t) {
                for (gone, r) in [(&mut gone_s, s), (&mut gone_t, t)] {
                    let end = r.end.min(gone.len());
                    gone[r.start.min(end)..end].fill(true);
                }
            } else {
                kept.push((s, t));
            }
        }
        let gold = self.gold.iter().filter(|(s, t)| !hit(&gone_s, s) && !hit(&gone_t, t)).cloned().collect();
        (kept, gold)
    }
}

/// Gold beads as ranges: the beads whose ids on each side are a run and
/// whose units no other bead holds. A gold bead may cross another (a
/// sentence the translation moved): the aligner cannot find it, but its
/// features still say what the gold costs. Units of the other beads, and
/// units no bead holds, are marked (`true`) in the two lists returned:
/// what is found for them is not compared.
pub fn gold_ranges(beads: &[IdBead], n: usize, m: usize) -> (Vec<RangeBead>, Vec<bool>, Vec<bool>) {
    let run = |ids: &[usize], len: usize| -> Option<Range<usize>> {
        match (ids.first(), ids.last()) {
            (None, _) | (_, None) => Some(0..0),
            (Some(&a), Some(&b)) => (b >= a && b < len && b + 1 - a == ids.len()).then_some(a..b + 1),
        }
    };
    let (mut held_s, mut held_t) = (vec![0u32; n], vec![0u32; m]);
    for (s, t) in beads {
        s.iter().filter(|&&k| k < n).for_each(|&k| held_s[k] += 1);
        t.iter().filter(|&&k| k < m).for_each(|&k| held_t[k] += 1);
    }
    let (mut out_s, mut out_t) = (vec![true; n], vec![true; m]);
    let mut out = Vec::with_capacity(beads.len());
    let (mut i, mut j) = (0, 0);
    for (s, t) in beads {
        let (Some(mut rs), Some(mut rt)) = (run(s, n), run(t, m)) else { continue };
        if s.is_empty() && t.is_empty() {
            continue;
        }
        if rs.clone().any(|k| held_s[k] != 1) || rt.clone().any(|k| held_t[k] != 1) {
            continue;
        }
        // An empty side sits where the beads before it end.
        if rs.is_empty() {
            rs = i..i;
        }
        if rt.is_empty() {
            rt = j..j;
        }
        (i, j) = (rs.end, rt.end);
        rs.clone().for_each(|k| out_s[k] = false);
        rt.clone().for_each(|k| out_t[k] = false);
        out.push((rs, rt));
    }
    (out, out_s, out_t)
}

/// The feature vectors Φ of two lists of beads under `opts`'s signals
/// (their weights aside): what each parameter multiplies in the beads'
/// costs. The signals are built once for both, and prepared only where
/// the beads lie.
fn phi(ex: &Example<'_>, opts: &AlignOptions, (one, two): (&[RangeBead], &[RangeBead])) -> (Theta, Theta) {
    let (fs, ft) = (Features::new(&ex.src), Features::new(&ex.tgt));
    let mut all = opts.weights;
    (all.numbers, all.marks, all.cognates, all.same_language, all.lexicon, all.semantic) =
        (1.0, 1.0, 1.0, 1.0, 1.0, 1.0);
    let mut built = features::signals(&fs, &ft, &all, opts.model.as_ref());
    let band = Band::holding(one.iter().chain(two), (fs.lengths.len(), ft.lengths.len()));
    built.prepare_as_search((&fs, &ft), opts.costs.band, Some(&band));
    let signals = built.list;
    let model = opts.length_model(ex.src.lang, ex.tgt.lang);
    // The search weighs edge units by the meaning signal it has only when
    // that signal has a weight.
    let semantic = signals.iter().find(|s| s.name() == "semantic").filter(|_| opts.weights.semantic > 0.0);
    let (n, m) = (fs.lengths.len(), ft.lengths.len());
    let of = |beads: &[RangeBead]| {
        let mut f = [0.0; PARAMS.len()];
        for (s, t) in beads {
            let (a, b) = (s.len(), t.len());
            if a == 0 || b == 0 {
                f[0] += 1.0;
                continue;
            }
            for (x, y) in f[1..6].iter_mut().zip(super::prior_terms(a, b)) {
                *x += y;
            }
            let scale = (a + b) as f64 / 2.0;
            let ls: f64 = fs.lengths[s.clone()].iter().sum();
            let lt: f64 = ft.lengths[t.clone()].iter().sum();
            f[6] += scale * model.cost(ls, lt).min(opts.costs.length_cap);
            if let Some(sig) = semantic {
                let sim = |i: usize, j: usize| sig.similarity(i..i + 1, j..j + 1).unwrap_or(0.0);
                f[7] += super::attach::misplaced(sim, (s, t), (n, m));
            }
            for sig in &signals {
                if let (Some(k), Some(sim)) = (signal_param(sig.name()), sig.similarity(s.clone(), t.clone())) {
                    f[k] += scale * (1.0 - sim);
                }
            }
        }
        f
    };
    (of(one), of(two))
}

/// How the perceptron runs.
#[derive(Debug, Clone, Copy)]
pub struct LearnOptions {
    /// Passes over the documents.
    pub epochs: usize,
    /// The largest relative step of a parameter (in log θ).
    pub rate: f64,
}

/// Learn θ from `examples`, starting from the parameters of `opts`.
pub fn learn(examples: &[&Example<'_>], opts: &AlignOptions, lo: &LearnOptions) -> Theta {
    let start = theta_of(opts);
    let (mut theta, mut sum, mut steps) = (start, [0.0; PARAMS.len()], 0usize);
    for _ in 0..lo.epochs {
        for ex in examples {
            let pair = opts.for_pair(ex.src.lang, ex.tgt.lang);
            let mut o = with_theta(&pair, &theta);
            // The perceptron compares the gold with the cheapest path under θ.
            o.costs.mea_threshold = 0.0;
            let beads = align_units(&ex.src, &ex.tgt, &o).alignment.beads;
            let (found, gold) = ex.comparable(beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect());
            if found != gold {
                let (pf, pg) = phi(ex, &pair, (&found, &gold));
                // The step in log θ: a parameter moves by its share of the
                // cost difference, the largest by `rate` (relative).
                let g: Vec<f64> = theta.iter().zip(pf.iter().zip(&pg)).map(|(t, (a, b))| t * (a - b)).collect();
                let norm = g.iter().fold(0.0f64, |m, x| m.max(x.abs()));
                if norm > 0.0 {
                    for (t, x) in theta.iter_mut().zip(&g) {
                        *t *= (lo.rate * x / norm).exp();
                    }
                }
            }
            for (s, t) in sum.iter_mut().zip(&theta) {
                *s += t;
            }
            steps += 1;
        }
    }
    if steps == 0 {
        return start;
    }
    sum.map(|s| s / steps as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    #[test]
    fn gold_beads_become_ranges_where_they_can_be_compared() {
        let beads: Vec<IdBead> = vec![(vec![0], vec![0, 1]), (vec![1], vec![]), (vec![2, 3], vec![2])];
        let (g, s, t) = gold_ranges(&beads, 4, 3);
        assert_eq!(g, vec![(0..1, 0..2), (1..2, 2..2), (2..4, 2..3)]);
        assert!(s.iter().chain(&t).all(|&x| !x));
        // Ids not a run, a unit in two beads, a unit in none: left out.
        let odd: Vec<IdBead> = vec![(vec![0, 2], vec![0]), (vec![1], vec![1]), (vec![1], vec![2])];
        let (g, s, t) = gold_ranges(&odd, 4, 3);
        assert!(g.is_empty());
        assert_eq!((s, t), (vec![true; 4], vec![true; 3]));
        // Crossing beads are kept.
        let crossing: Vec<IdBead> = vec![(vec![1], vec![0]), (vec![0], vec![1])];
        assert_eq!(gold_ranges(&crossing, 2, 2).0, vec![(1..2, 0..1), (0..1, 1..2)]);
    }

    #[test]
    fn gold_beads_of_a_shape_the_search_does_not_make_are_not_compared() {
        let units = |n: usize| Side::new(vec!["a"; n], Lang::En);
        let gold: Vec<IdBead> = vec![(vec![0], vec![0]), (vec![1, 2], vec![1, 2, 3]), (vec![3], vec![])];
        let narrow =
            Example::new(units(4), units(4), &gold, &CostOptions { max_bead_total: 4, ..CostOptions::default() });
        assert_eq!(narrow.gold, vec![(0..1, 0..1), (3..4, 4..4)]);
        assert_eq!((narrow.src_out, narrow.tgt_out), (vec![false, true, true, false], vec![false, true, true, true]));
        let wide = Example::new(units(4), units(4), &gold, &CostOptions::default());
        assert_eq!(wide.gold.len(), 3);
        assert!(wide.src_out.iter().chain(&wide.tgt_out).all(|&o| !o));
    }

    /// Units of lengths 10 and 10 against one of 20, the gold merging them.
    fn two_into_one() -> Example<'static> {
        Example {
            src: Side::new(vec!["aaaaaaaaaa", "bbbbbbbbbb"], Lang::Other),
            tgt: Side::new(vec!["cccccccccccccccccccc"], Lang::Other),
            gold: vec![(0..2, 0..1)],
            src_out: vec![false; 2],
            tgt_out: vec![false; 1],
        }
    }

    #[test]
    fn the_perceptron_makes_a_gold_merge_cheaper_than_what_was_found() {
        // Units of lengths 10, 10 against 20: the gold merges both into one
        // bead; with a merge dearer than a skip, the aligner leaves one out.
        // Learning lowers the merge and raises the skip: the gold, dearer
        // than the path found before, becomes cheaper than it.
        let ex = two_into_one();
        let mut opts = AlignOptions::default();
        (opts.costs.merge2, opts.costs.skip) = (8.0, 2.0);
        let before = align_units(&ex.src, &ex.tgt, &opts).alignment.beads;
        assert!(before.iter().any(|b| b.src.len() + b.tgt.len() == 1), "{before:?}");
        let t = learn(&[&ex], &opts, &LearnOptions { epochs: 40, rate: 0.2 });
        let found: Vec<_> = before.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
        let (pf, pg) = phi(&ex, &opts, (&found, &ex.gold));
        let margin = |t: &Theta| t.iter().zip(pg.iter().zip(&pf)).map(|(w, (g, f))| w * (g - f)).sum::<f64>();
        // The gold cost more than the path found; after learning, less.
        assert!(
            margin(&theta_of(&opts)) > 0.0 && margin(&t) < 0.0,
            "{} → {}: {t:?}",
            margin(&theta_of(&opts)),
            margin(&t)
        );
        assert!(t[1] < 8.0 && t[0] > 2.0, "{t:?}");
    }

    #[test]
    fn the_perceptron_compares_the_gold_with_the_cheapest_path() {
        // The example above with a merge as cheap as a skip: the cheapest
        // path is the gold's 2-1 bead, so there is nothing to learn. The path
        // of maximum expected accuracy (threshold 0.3) leaves a unit out
        // instead; learning under that setting still compares the gold with
        // the cheapest path, and learns nothing either.
        let ex = two_into_one();
        let mut cheapest = AlignOptions::default();
        (cheapest.costs.merge2, cheapest.costs.skip) = (2.0, 2.0);
        let mut expected = cheapest.clone();
        expected.costs.mea_threshold = 0.3;
        let shapes = |o: &AlignOptions| -> Vec<usize> {
            align_units(&ex.src, &ex.tgt, o).alignment.beads.iter().map(|b| b.src.len() + b.tgt.len()).collect()
        };
        assert_eq!((shapes(&cheapest), shapes(&expected)), (vec![3], vec![1, 2]));
        let lo = LearnOptions { epochs: 5, rate: 0.2 };
        assert_eq!(learn(&[&ex], &expected, &lo), theta_of(&cheapest));
        assert_eq!(learn(&[&ex], &cheapest, &lo), theta_of(&cheapest));
    }
}
