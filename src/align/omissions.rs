//! How well an alignment finds the gold's 1-0 and 0-1 beads (real
//! omissions and additions in published translations): the units its
//! beads leave alone, and its probabilities of units having no
//! counterpart, with precision and recall at a set of thresholds (a
//! precision–recall curve) and the log-loss of the probabilities.

use serde::Serialize;

use super::bead::IdBead;

/// The thresholds the curve is read at.
pub const THRESHOLDS: [f64; 11] = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];

/// Counts at one threshold, summable over files.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Point {
    /// The threshold.
    pub threshold: f64,
    /// Units whose probability reaches it.
    pub predicted: usize,
    /// Those that the gold has alone.
    pub hits: usize,
}

/// Omission counts of one or more files.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OmissionCounts {
    /// Units alone in the gold (in 1-0 or 0-1 beads).
    pub gold: usize,
    /// Units counted.
    pub units: usize,
    /// Summed negative log-likelihood of the gold under the probabilities.
    pub log_loss: f64,
    /// Counts at each of [`THRESHOLDS`].
    pub curve: Vec<Point>,
    /// Units the alignment's beads leave alone.
    pub left_alone: usize,
    /// Those that the gold has alone: found exactly.
    pub found: usize,
}

impl std::ops::AddAssign<&OmissionCounts> for OmissionCounts {
    fn add_assign(&mut self, o: &OmissionCounts) {
        self.gold += o.gold;
        self.units += o.units;
        self.log_loss += o.log_loss;
        self.left_alone += o.left_alone;
        self.found += o.found;
        if self.curve.is_empty() {
            self.curve = o.curve.iter().map(|p| Point { predicted: 0, hits: 0, ..*p }).collect();
        }
        for (a, b) in self.curve.iter_mut().zip(&o.curve) {
            a.predicted += b.predicted;
            a.hits += b.hits;
        }
    }
}

/// The units a list of beads leaves alone, as flags over `n` source and `m`
/// target units (ids past them are not counted).
fn alone_flags(beads: &[IdBead], (n, m): (usize, usize)) -> (Vec<bool>, Vec<bool>) {
    let (mut src, mut tgt) = (vec![false; n], vec![false; m]);
    let mark = |flags: &mut [bool], ids: &[usize]| {
        for &i in ids {
            if let Some(x) = flags.get_mut(i) {
                *x = true;
            }
        }
    };
    for (s, t) in beads {
        match (s.is_empty(), t.is_empty()) {
            (false, true) => mark(&mut src, s),
            (true, false) => mark(&mut tgt, t),
            _ => {}
        }
    }
    (src, tgt)
}

/// The omission counts of one file: `alone` holds, for the source then the
/// target units, the probability that each has no counterpart; `test` the
/// alignment's beads and `gold` the gold's, over the same units.
pub fn count_omissions(gold: &[IdBead], test: &[IdBead], (src_alone, tgt_alone): (&[f32], &[f32])) -> OmissionCounts {
    let sizes = (src_alone.len(), tgt_alone.len());
    let (src_gold, tgt_gold) = alone_flags(gold, sizes);
    let (src_test, tgt_test) = alone_flags(test, sizes);
    let left: Vec<(bool, bool)> =
        src_test.iter().zip(&src_gold).chain(tgt_test.iter().zip(&tgt_gold)).map(|(&t, &g)| (t, g)).collect();
    let pairs: Vec<(f64, bool)> =
        src_alone.iter().zip(&src_gold).chain(tgt_alone.iter().zip(&tgt_gold)).map(|(&p, &g)| (p as f64, g)).collect();
    let eps = 1e-6;
    let log_loss = pairs.iter().map(|&(p, g)| -(if g { p } else { 1.0 - p }).clamp(eps, 1.0).ln()).sum();
    let curve = THRESHOLDS
        .iter()
        .map(|&threshold| {
            let predicted: Vec<bool> = pairs.iter().filter(|(p, _)| *p >= threshold).map(|&(_, g)| g).collect();
            Point { threshold, predicted: predicted.len(), hits: predicted.iter().filter(|&&g| g).count() }
        })
        .collect();
    OmissionCounts {
        gold: pairs.iter().filter(|(_, g)| *g).count(),
        units: pairs.len(),
        log_loss,
        curve,
        left_alone: left.iter().filter(|(t, _)| *t).count(),
        found: left.iter().filter(|&&(t, g)| t && g).count(),
    }
}

impl OmissionCounts {
    /// Precision and recall at each threshold.
    pub fn precision_recall(&self) -> Vec<(f64, f64, f64)> {
        let div = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        self.curve.iter().map(|p| (p.threshold, div(p.hits, p.predicted), div(p.hits, self.gold))).collect()
    }

    /// The mean log-loss per unit.
    pub fn mean_log_loss(&self) -> f64 {
        self.log_loss / self.units.max(1) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_omissions_are_counted_at_every_threshold() {
        // Source unit 1 is alone in the gold; the probabilities find it at 0.8.
        let gold = vec![(vec![0], vec![0]), (vec![1], vec![]), (vec![2], vec![1])];
        // The alignment leaves source unit 1 and target unit 1 alone.
        let test = vec![(vec![0], vec![0]), (vec![1], vec![]), (vec![2], vec![]), (vec![], vec![1])];
        let c = count_omissions(&gold, &test, (&[0.1, 0.8, 0.3], &[0.0, 0.6]));
        assert_eq!((c.gold, c.units), (1, 5));
        assert_eq!((c.left_alone, c.found), (3, 1));
        let pr = c.precision_recall();
        let at = |t: f64| pr.iter().find(|x| (x.0 - t).abs() < 1e-9).copied().expect("threshold");
        assert_eq!(at(0.5), (0.5, 0.5, 1.0)); // 0.8 and 0.6 reach it, one is right
        assert_eq!(at(0.7), (0.7, 1.0, 1.0));
        assert_eq!(at(0.9), (0.9, 0.0, 0.0));
        let mut sum = OmissionCounts::default();
        sum += &c;
        sum += &c;
        assert_eq!((sum.gold, sum.curve[5].predicted, sum.left_alone, sum.found), (2, 4, 6, 2));
        assert!((sum.mean_log_loss() - c.mean_log_loss()).abs() < 1e-12);
    }
}
