//! Learning the omission model. Examples are made from faithful parallel
//! texts with gold alignments ([`damage`]): one side is damaged, the pair
//! aligned as `check` aligns, and every candidate of every bead is an
//! example, positive where the other side lost or gained content and
//! negative where it did not (the undamaged rest of the text is the
//! negatives). A logistic regression (L2, Newton's method) is fitted to
//! them; [`cross_validate`] scores each corpus with weights learnt
//! without it.

use serde::Serialize;

use super::features::N;
use super::model::logistic;
use crate::align::bead::IdBead;
use crate::align::AlignOptions;
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};

mod damage;
mod sides;

pub use damage::examples;
pub use sides::{leave_out_members, side_figures, SideExample, SideFigures};

/// A faithful translation, one unit a line, with its gold alignment.
pub struct Pair {
    /// The master (source) text.
    pub master: Document,
    /// The version (target) text.
    pub version: Document,
    /// The gold beads over their lines.
    pub gold: Vec<IdBead>,
}

/// Parallel texts of one origin.
pub struct Corpus {
    /// Its name, in reports.
    pub name: String,
    /// Its pairs.
    pub pairs: Vec<Pair>,
}

/// How examples are made.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// One unit in this many is damaged.
    pub every: usize,
    /// The share of damage that takes a clause (the rest a whole unit).
    pub clause_share: f64,
    /// Seed of the choices.
    pub seed: u64,
    /// Which round of damage this is: round r damages the units r places
    /// after those of round 0, so `every` rounds damage every unit once.
    pub round: usize,
    /// How pairs are aligned (presegmented is set).
    pub align: AlignOptions,
    /// How words are read in order ([`super::Hmm`]; `check` reads them
    /// with [`super::Hmm::BUILT_IN`]).
    pub hmm: super::Hmm,
    /// The weight of a side's rate of translated words in each word's
    /// (`check` uses [`super::SurprisePrior::BUILT_IN`]).
    pub surprise_prior: super::SurprisePrior,
}

impl TrainOptions {
    /// Whether unit `k` of a side is damaged in this round: one in
    /// `every` (at least two), from the middle of the first `every` on.
    pub fn damages(&self, k: usize) -> bool {
        let every = self.every.max(2);
        k % every == (every / 2 + self.round) % every
    }
}

/// One candidate and whether it has no counterpart.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// Its features.
    pub features: [f64; N],
    /// Whether it is inserted text.
    pub label: bool,
    /// Whether it is a candidate of the version's side (text the master
    /// may lack) rather than of the master's.
    pub added: bool,
    /// How much it counts in the fit ([`balance`]).
    pub weight: f64,
}

/// The examples of a corpus: its candidates, and the sides of its beads
/// as wholes ([`side_figures`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examples {
    /// The candidates.
    pub candidates: Vec<Example>,
    /// The sides.
    pub sides: Vec<SideExample>,
}

impl Examples {
    /// Those of `other` added to these.
    pub fn extend(&mut self, other: Examples) {
        self.candidates.extend(other.candidates);
        self.sides.extend(other.sides);
    }
}

/// How much the examples of each set (corpus) count in the fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weighing {
    /// Every example as much as any other (a larger corpus counts more):
    /// held out, Text+Berg and Tianjin are predicted better so with the
    /// encoder, all three without it (docs/diff.md, "Examples weighed alike").
    Examples,
    /// Every set as much as any other, whatever its size.
    Corpora,
}

/// Weigh the examples of each set as `weighing` says.
pub fn balance(sets: &mut [(String, Vec<Example>)], weighing: Weighing) {
    let total: usize = sets.iter().map(|(_, e)| e.len()).sum();
    let k = sets.iter().filter(|(_, e)| !e.is_empty()).count().max(1);
    for (_, ex) in sets.iter_mut() {
        let w = match weighing {
            Weighing::Examples => 1.0,
            Weighing::Corpora => total as f64 / (k * ex.len().max(1)) as f64,
        };
        ex.iter_mut().for_each(|e| e.weight = w);
    }
}

/// Set the features at `features` of every example to 0, so that a fit
/// gives them no weight ([`super::features::WITHOUT_ENCODER_LEFT_OUT`]).
pub fn leave_out(sets: &mut [(String, Vec<Example>)], features: &[usize]) {
    for e in sets.iter_mut().flat_map(|(_, ex)| ex.iter_mut()) {
        features.iter().for_each(|&i| e.features[i] = 0.0);
    }
}

/// Fit a logistic regression to `examples`: L2 penalty `lambda` (the bias
/// is not penalised), Newton's method until the step is small.
pub fn fit(examples: &[Example], lambda: f64) -> Result<[f64; N]> {
    if !examples.iter().any(|e| e.label) || examples.iter().all(|e| e.label) {
        return Err(Error::new(ErrorKind::InvalidOption, "training needs positive and negative examples"));
    }
    let mut w = [0.0; N];
    for _ in 0..50 {
        let mut g = [0.0; N];
        let mut h = [[0.0; N]; N];
        for e in examples {
            let p = logistic(dot(&w, &e.features));
            let (d, s) = (e.weight * (p - e.label as u8 as f64), e.weight * (p * (1.0 - p)).max(1e-9));
            for (a, row) in h.iter_mut().enumerate() {
                g[a] += d * e.features[a];
                for (cell, fb) in row.iter_mut().zip(&e.features) {
                    *cell += s * e.features[a] * fb;
                }
            }
        }
        for a in 1..N {
            g[a] += lambda * w[a];
            h[a][a] += lambda;
        }
        for (a, row) in h.iter_mut().enumerate() {
            row[a] += 1e-9; // features constant over the examples
        }
        let step = solve(h, g)?;
        let size: f64 = step.iter().map(|x| x * x).sum::<f64>().sqrt();
        for a in 0..N {
            w[a] -= step[a];
        }
        if size < 1e-8 {
            break;
        }
    }
    Ok(w)
}

fn dot(w: &[f64; N], f: &[f64; N]) -> f64 {
    w.iter().zip(f).map(|(a, b)| a * b).sum()
}

/// Solve `h · x = g` by Gaussian elimination with partial pivoting.
fn solve(mut h: [[f64; N]; N], mut g: [f64; N]) -> Result<[f64; N]> {
    for c in 0..N {
        let p = (c..N).max_by(|&a, &b| h[a][c].abs().total_cmp(&h[b][c].abs())).unwrap_or(c);
        if h[p][c].abs() < 1e-300 {
            return Err(Error::new(ErrorKind::InvalidOption, "the examples do not determine the weights"));
        }
        h.swap(c, p);
        g.swap(c, p);
        let pivot = h[c];
        for r in c + 1..N {
            let f = h[r][c] / pivot[c];
            for (cell, p) in h[r][c..].iter_mut().zip(&pivot[c..]) {
                *cell -= f * p;
            }
            g[r] -= f * g[c];
        }
    }
    let mut x = [0.0; N];
    for r in (0..N).rev() {
        let s: f64 = (r + 1..N).map(|k| h[r][k] * x[k]).sum();
        x[r] = (g[r] - s) / h[r][r];
    }
    Ok(x)
}

/// How weights do on examples they were not learnt from.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Heldout {
    /// The corpus scored.
    pub corpus: String,
    /// Its examples, and how many are positive.
    pub examples: usize,
    /// Positive examples.
    pub positives: usize,
    /// Mean negative log-likelihood.
    pub log_loss: f64,
    /// (threshold, precision, recall) at 0.1 … 0.9.
    pub curve: Vec<(f64, f64, f64)>,
}

/// Score `examples` with weights `w`.
pub fn heldout(corpus: &str, examples: &[Example], w: &[f64; N]) -> Heldout {
    let probs: Vec<(f64, bool)> = examples.iter().map(|e| (probability(w, &e.features), e.label)).collect();
    scored(corpus, &probs)
}

/// The probability that weights `w` give a candidate with `features`.
pub fn probability(w: &[f64; N], features: &[f64; N]) -> f64 {
    logistic(dot(w, features))
}

/// The figures of probabilities given to cases whose labels are known
/// (each a probability and its case's label).
pub fn scored(corpus: &str, probs: &[(f64, bool)]) -> Heldout {
    let positives = probs.iter().filter(|(_, l)| *l).count();
    let log_loss = probs.iter().map(|&(p, l)| -(if l { p } else { 1.0 - p }).clamp(1e-9, 1.0).ln()).sum::<f64>()
        / probs.len().max(1) as f64;
    let curve = (1..10)
        .map(|k| {
            let t = k as f64 / 10.0;
            let predicted: Vec<bool> = probs.iter().filter(|(p, _)| *p >= t).map(|&(_, l)| l).collect();
            let hits = predicted.iter().filter(|&&l| l).count();
            let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
            (t, div(hits, predicted.len()), div(hits, positives))
        })
        .collect();
    Heldout { corpus: corpus.to_string(), examples: probs.len(), positives, log_loss, curve }
}

/// For every corpus, its examples scored with weights learnt from the
/// others (weighed as `weighing` says), and those weights.
pub fn cross_validate(
    sets: &[(String, Vec<Example>)],
    lambda: f64,
    weighing: Weighing,
) -> Result<Vec<(Heldout, [f64; N])>> {
    sets.iter()
        .enumerate()
        .map(|(k, (name, test))| {
            let mut others: Vec<(String, Vec<Example>)> =
                sets.iter().enumerate().filter(|(j, _)| *j != k).map(|(_, s)| s.clone()).collect();
            balance(&mut others, weighing);
            let train: Vec<Example> = others.into_iter().flat_map(|(_, e)| e).collect();
            let w = fit(&train, lambda)?;
            Ok((heldout(name, test, &w), w))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (xorshift64*).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n as u64) as usize
        }
    }

    #[test]
    fn logistic_regression_recovers_a_separating_weight() {
        // Label = feature 1 above 0.5, with some noise from feature 2.
        let mut rng = Rng(7);
        let examples: Vec<Example> = (0..400)
            .map(|_| {
                let x = rng.below(1000) as f64 / 1000.0;
                let noise = rng.below(1000) as f64 / 1000.0;
                let mut f = [0.0; N];
                (f[0], f[1], f[2]) = (1.0, x, noise);
                Example { features: f, label: x + 0.1 * (noise - 0.5) > 0.5, added: false, weight: 1.0 }
            })
            .collect();
        let w = fit(&examples, 1e-3).expect("fits");
        assert!(w[1] > 10.0 && (w[0] / w[1] + 0.5).abs() < 0.1, "{w:?}");
        let h = heldout("test", &examples, &w);
        assert!(h.curve[4].1 > 0.9 && h.curve[4].2 > 0.9, "{h:?}");
        assert!(fit(&examples[..0], 1e-3).is_err());
        // The feature that separates, left out, gets no weight.
        let mut sets = vec![("test".to_string(), examples)];
        leave_out(&mut sets, &[1]);
        assert!(sets[0].1.iter().all(|e| e.features[1] == 0.0));
        let w = fit(&sets[0].1, 1e-3).expect("fits");
        assert_eq!(w[1], 0.0, "{w:?}");
    }

    #[test]
    fn rounds_of_damage_take_every_unit_once() {
        let opts = |round: usize| TrainOptions {
            every: 6,
            clause_share: 0.5,
            seed: 1,
            round,
            align: AlignOptions::default(),
            hmm: super::super::Hmm::BUILT_IN,
            surprise_prior: super::super::SurprisePrior::BUILT_IN,
        };
        // The first round damages the fourth unit of every six, as before rounds.
        assert_eq!((0..12).filter(|&k| opts(0).damages(k)).collect::<Vec<_>>(), [3, 9]);
        for k in 0..24 {
            assert_eq!((0..6).filter(|&r| opts(r).damages(k)).count(), 1, "unit {k}");
        }
        assert_eq!((0..12).filter(|&k| opts(1).damages(k)).collect::<Vec<_>>(), [4, 10]);
    }
}
