//! The cosine of two runs of units read as the sums of their units'
//! vectors, from dot products of single units. With `x` the vectors of
//! one run and `y` of the other,
//! `cos(Σx, Σy) = Σᵢⱼ xᵢ·yⱼ / (‖Σx‖ ‖Σy‖)` and `‖Σx‖² = Σᵢₖ xᵢ·xₖ`: a
//! table of the dot products of the single units a band's beads can pair
//! and of each unit with its next neighbours on its own side answers every
//! such cosine with a few additions, where building the summed vectors
//! takes a vector per run and start (hundreds of megabytes on a long
//! document) and a full-length dot product per ask.

use std::ops::Range;
use std::sync::Arc;

use rayon::prelude::*;

use super::band::Band;

/// Dot products of single units for runs of up to `wide` units a side.
pub struct RunDots {
    wide: usize,
    /// For source unit `u`, the target units `lo[u]..lo[u] + len` in the
    /// table, from `at[u]` on.
    lo: Vec<usize>,
    len: Vec<usize>,
    at: Vec<usize>,
    cross: Vec<f32>,
    /// `src_gram[u * wide + d]`: source unit `u` with unit `u + d`.
    src_gram: Vec<f32>,
    tgt_gram: Vec<f32>,
}

impl RunDots {
    /// The table for every bead of `band` whose sides hold at most `wide`
    /// units, of the single-unit vectors `src` and `tgt`.
    pub fn new(src: &[Arc<[f32]>], tgt: &[Arc<[f32]>], band: &Band, wide: usize) -> RunDots {
        let (n, m) = (src.len(), tgt.len());
        let rows = band.lo.len().min(band.hi.len());
        // A source unit u is in beads that end on rows u + 1 ..= u + wide;
        // their target units lie from `wide` before those rows' lowest
        // boundary to their highest.
        let reach: Vec<(usize, usize)> = (0..n)
            .map(|u| {
                let last = (u + wide).min(rows.saturating_sub(1));
                let cells = (u + 1..=last).map(|r| (band.lo[r], band.hi[r]));
                let (lo, hi) = cells.fold((usize::MAX, 0), |(a, b), (l, h)| (a.min(l), b.max(h)));
                let lo = lo.saturating_sub(wide).min(m);
                (lo, hi.min(m).max(lo))
            })
            .collect();
        let mut at = Vec::with_capacity(n);
        let mut total = 0;
        for &(lo, hi) in &reach {
            at.push(total);
            total += hi - lo;
        }
        let rows: Vec<Vec<f32>> = reach
            .par_iter()
            .enumerate()
            .map(|(u, &(lo, hi))| {
                let pairs: Vec<(&[f32], &[f32])> = (lo..hi).map(|v| (&src[u][..], &tgt[v][..])).collect();
                crate::embed::cosine_pairs(&pairs)
            })
            .collect();
        let mut cross = Vec::with_capacity(total);
        rows.into_iter().for_each(|r| cross.extend(r));
        RunDots {
            wide,
            lo: reach.iter().map(|r| r.0).collect(),
            len: reach.iter().map(|r| r.1 - r.0).collect(),
            at,
            cross,
            src_gram: gram(src, wide),
            tgt_gram: gram(tgt, wide),
        }
    }

    /// The cosine of the sums of the vectors of source units `s` and target
    /// units `t`; `None` when a side is empty or longer than the table's
    /// runs, or a pair of units lies outside it.
    pub fn cosine(&self, s: &Range<usize>, t: &Range<usize>) -> Option<f32> {
        if s.is_empty() || t.is_empty() || s.len() > self.wide || t.len() > self.wide {
            return None;
        }
        let mut num = 0f64;
        for u in s.clone() {
            let (lo, len, at) = (*self.lo.get(u)?, self.len[u], self.at[u]);
            if t.start < lo || t.end > lo + len {
                return None;
            }
            num += self.cross[at + t.start - lo..at + t.end - lo].iter().map(|&x| f64::from(x)).sum::<f64>();
        }
        let (ns, nt) = (norm(&self.src_gram, s, self.wide)?, norm(&self.tgt_gram, t, self.wide)?);
        Some((num / (ns.max(1e-12) * nt.max(1e-12))) as f32)
    }
}

/// Each unit of `side` with itself and its next `wide − 1` neighbours.
fn gram(side: &[Arc<[f32]>], wide: usize) -> Vec<f32> {
    let pairs: Vec<(&[f32], &[f32])> = (0..side.len())
        .flat_map(|u| (0..wide).map(move |d| (u, (u + d).min(side.len() - 1))))
        .map(|(u, v)| (&side[u][..], &side[v][..]))
        .collect();
    crate::embed::cosine_pairs(&pairs)
}

/// The length of the sum of the vectors of the units `r`, from their Gram
/// table; `None` past the side.
fn norm(gram: &[f32], r: &Range<usize>, wide: usize) -> Option<f64> {
    let mut sq = 0f64;
    for u in r.clone() {
        sq += f64::from(*gram.get(u * wide)?);
        for v in u + 1..r.end {
            sq += 2.0 * f64::from(*gram.get(u * wide + v - u)?);
        }
    }
    Some(sq.max(0.0).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(n: usize, dim: usize, seed: usize) -> Vec<Arc<[f32]>> {
        (0..n)
            .map(|i| {
                let v: Vec<f32> = (0..dim).map(|k| ((i * 7 + k * 3 + seed) % 11) as f32 - 5.0).collect();
                let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
                Arc::from(v.into_iter().map(|x| x / norm).collect::<Vec<f32>>())
            })
            .collect()
    }

    /// The cosine of the normalized sums, made from the vectors.
    fn summed(src: &[Arc<[f32]>], tgt: &[Arc<[f32]>], s: Range<usize>, t: Range<usize>) -> f32 {
        let sum = |side: &[Arc<[f32]>], r: Range<usize>| -> Vec<f32> {
            let mut v = vec![0f32; side[0].len()];
            for u in r {
                v.iter_mut().zip(side[u].iter()).for_each(|(a, b)| *a += b);
            }
            v
        };
        let (a, b) = (sum(src, s), sum(tgt, t));
        let dot: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        let len = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
        dot / (len(&a) * len(&b))
    }

    #[test]
    fn the_table_gives_the_cosine_of_the_summed_vectors_within_its_band() {
        let (src, tgt) = (units(12, 24, 1), units(10, 24, 5));
        let band = Band { lo: vec![0; 13], hi: vec![10; 13], half_width: 12 };
        let d = RunDots::new(&src, &tgt, &band, 4);
        for (s, t) in [(0..1, 0..1), (0..3, 1..2), (2..6, 3..7), (8..12, 9..10), (5..7, 0..4)] {
            let want = summed(&src, &tgt, s.clone(), t.clone());
            let got = d.cosine(&s, &t).expect("within the table");
            assert!((got - want).abs() < 1e-5, "{s:?} {t:?}: {got} against {want}");
        }
        // Sides longer than the table's runs, or empty: no answer.
        assert_eq!(d.cosine(&(0..5), &(0..1)), None);
        assert_eq!(d.cosine(&(0..0), &(0..1)), None);
    }

    #[test]
    fn a_pair_outside_the_band_is_not_answered() {
        let (src, tgt) = (units(40, 8, 2), units(40, 8, 3));
        let band = Band {
            lo: (0..=40).map(|i: usize| i.saturating_sub(2)).collect(),
            hi: (0..=40).map(|i: usize| (i + 2).min(40)).collect(),
            half_width: 2,
        };
        let d = RunDots::new(&src, &tgt, &band, 4);
        assert!(d.cosine(&(20..22), &(20..22)).is_some());
        assert_eq!(d.cosine(&(0..2), &(30..32)), None);
        assert_eq!(d.cosine(&(38..40), &(0..1)), None);
    }
}
