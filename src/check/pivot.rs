//! Another translation of the same master as a second measure of length.
//!
//! A version that lost a clause is shorter than its master by the clause's
//! share, but the length of a translation against its master varies a lot
//! (Chinese against English or Russian: about 0.2 in log ratio a
//! sentence), so the omission model reads that length as weak evidence.
//! Two translations of one master vary much less against each other (the
//! master's own wording, which sets both their lengths, cancels out):
//! English against Russian, about 0.1 a sentence on the bundled texts.
//! When `check` compares several versions in other languages than the
//! master's, each row of the n-way table gives, besides the version's
//! length against the master (`x1`), its length against another version
//! (`x3`), and the loss of a share `f` of the row moves both by
//! `ln(1 − f)`.
//!
//! The two are read as a Gaussian pair fitted on the document's own rows
//! (medians, and a covariance of the rows within three robust deviations,
//! the variance of each row inversely proportional to its master length,
//! as the aligner's length model has it); a candidate's evidence is the
//! likelihood ratio of `x3` given `x1` with and without its share lost, and
//! the rows outside three deviations (pivots that lack something
//! themselves, notes one version adds) are a uniform component under both
//! hypotheses, so that no single row decides alone. The length a
//! candidate's translation took is itself uncertain, and the ratio
//! averages over it; and since one loss explains a row's length, the
//! candidates of a side compete for it ([`explained`]). The ratio
//! multiplies the odds the omission model gives (which read `x1`
//! already): nothing of it is learnt, and nothing changes when `check`
//! compares one version only.

use crate::align::nway::NRow;
use crate::align::{Bead, VersionAlignment};
use crate::document::Document;
use crate::segment::Segmentation;
use crate::text::normalize;

/// Fewest rows with all three texts to fit the pair on.
const MIN_ROWS: usize = 20;

/// Rows further than this many robust deviations are the uniform component.
const OUTLIER_SIGMA: f64 = 3.0;

/// Largest share of a row a candidate is taken to remove (the log ratio
/// of a row left empty is unbounded).
const MAX_SHARE: f64 = 0.9;

/// Nodes and weights of the seven-point Gauss–Hermite rule for the
/// standard normal density.
const HERMITE: [(f64, f64); 7] = [
    (-3.750_439_717_725_742_5, 0.000_548_268_855_972_2),
    (-2.366_759_410_734_541_5, 0.030_757_123_967_586_5),
    (-1.154_405_394_739_968_2, 0.240_123_178_605_012_7),
    (0.0, 0.457_142_857_142_857_1),
    (1.154_405_394_739_968_2, 0.240_123_178_605_012_7),
    (2.366_759_410_734_541_5, 0.030_757_123_967_586_5),
    (3.750_439_717_725_742_5, 0.000_548_268_855_972_2),
];

/// The lengths of one row: master, version and the other version.
#[derive(Debug, Clone, Copy)]
struct Row {
    m: f64,
    v: f64,
    p: f64,
}

impl Row {
    /// The version against the master, and against the other version.
    fn logs(&self) -> (f64, f64) {
        ((self.v / self.m).ln(), (self.v / self.p).ln())
    }
}

/// A version's lengths read against another version's.
#[derive(Debug, Clone)]
pub struct Pivot {
    /// The other version's label.
    pub label: String,
    /// The row of each master unit, if it has all three texts.
    row_of: Vec<Option<usize>>,
    rows: Vec<Row>,
    /// Medians of `x1` and `x3`.
    mu: (f64, f64),
    /// Slope of `x3` on `x1`.
    k: f64,
    /// Variance of `x3` given `x1`, times the master length.
    var: f64,
    /// Variance of `x1` times the master length: how uncertain the
    /// length of any stretch's translation is.
    translated: f64,
    /// Share of rows outside the Gaussian, and their density.
    eps: f64,
    uniform: f64,
}

/// One side of a pairing: its document, its units, and its units in each row.
struct Sided<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Its units.
    pub seg: &'a Segmentation,
    /// Its units in each row of the n-way table.
    pub rows: Vec<std::ops::Range<usize>>,
}

impl Pivot {
    /// The pair of `version` against `other` over the master's rows, when
    /// enough rows hold all three texts.
    /// `split` says which rows hold several beads of the version: they
    /// count in the fit, but no candidate's evidence is read there.
    fn fit(
        master: &Sided<'_>,
        (version, split): (&Sided<'_>, &[bool]),
        other: &Sided<'_>,
        label: &str,
    ) -> Option<Pivot> {
        let len = |s: &Sided<'_>, r: &std::ops::Range<usize>| {
            s.seg.span_of(r).map(|sp| normalize::length(sp.text(&s.doc.text)) as f64).filter(|&l| l > 0.0)
        };
        let mut row_of = vec![None; master.seg.units.len()];
        let mut rows = Vec::new();
        for (k, ((m, v), p)) in master.rows.iter().zip(&version.rows).zip(&other.rows).enumerate() {
            if let (Some(m_len), Some(v), Some(p)) = (len(master, m), len(version, v), len(other, p)) {
                if !split.get(k).copied().unwrap_or(false) {
                    let at = rows.len();
                    m.clone().for_each(|i| {
                        if let Some(r) = row_of.get_mut(i) {
                            *r = Some(at);
                        }
                    });
                }
                rows.push(Row { m: m_len, v, p });
            }
        }
        Pivot::fitted(rows, row_of, label)
    }

    /// The pair fitted on `rows` (`row_of` gives each master unit's row).
    fn fitted(rows: Vec<Row>, row_of: Vec<Option<usize>>, label: &str) -> Option<Pivot> {
        if rows.len() < MIN_ROWS {
            return None;
        }
        let mu = (median(rows.iter().map(|r| r.logs().0)), median(rows.iter().map(|r| r.logs().1)));
        // Residuals scaled to a master length of one character.
        let scaled: Vec<(f64, f64)> =
            rows.iter().map(|r| ((r.logs().0 - mu.0) * r.m.sqrt(), (r.logs().1 - mu.1) * r.m.sqrt())).collect();
        let spread = |f: fn(&(f64, f64)) -> f64| 1.4826 * median(scaled.iter().map(|x| f(x).abs()));
        let (s1, s3) = (spread(|x| x.0), spread(|x| x.1));
        let inliers: Vec<&(f64, f64)> =
            scaled.iter().filter(|(a, b)| a.abs() <= OUTLIER_SIGMA * s1 && b.abs() <= OUTLIER_SIGMA * s3).collect();
        let n = inliers.len() as f64;
        let moment = |f: &dyn Fn(&(f64, f64)) -> f64| inliers.iter().map(|x| f(x)).sum::<f64>() / n;
        let (c11, c13, c33) = (moment(&|x| x.0 * x.0), moment(&|x| x.0 * x.1), moment(&|x| x.1 * x.1));
        if !(c11 > 0.0 && c33 > 0.0) {
            return None;
        }
        let k = c13 / c11;
        let var = (c33 - c13 * c13 / c11).max(c33 * 1e-3);
        // The rule of succession: a document without outliers still may have one.
        let eps = (rows.len() as f64 - n + 1.0) / (rows.len() as f64 + 2.0);
        let residuals: Vec<f64> = rows.iter().map(|r| residual(r, mu, k)).collect();
        let (lo, hi) = residuals.iter().fold((f64::MAX, f64::MIN), |(a, b), &x| (a.min(x), b.max(x)));
        let uniform = 1.0 / (hi - lo).max(1e-3);
        Some(Pivot { label: label.to_string(), row_of, rows, mu, k, var, translated: c11, eps, uniform })
    }

    /// The log likelihood ratio, read in the row of master unit `unit`,
    /// that a candidate of `length` master characters is lost from the
    /// version; 0 outside the rows fitted. The share of the row its
    /// translation took is uncertain as any translation's length is (the
    /// spread of `x1` for that many characters): the ratio averages over
    /// it (Gauss–Hermite, seven nodes), so that a short candidate whose
    /// share happens to match the row's shortfall gains little.
    pub fn log_ratio(&self, unit: usize, length: f64) -> f64 {
        let Some(row) = self.row_of.get(unit).copied().flatten().map(|i| self.rows[i]) else { return 0.0 };
        let share = length / row.m;
        let r = residual(&row, self.mu, self.k);
        let sd = (self.var / row.m).sqrt();
        let spread = (self.translated / length.max(1.0)).sqrt();
        let gaussian = |mean: f64| normal(r, mean, sd);
        // The version is shorter than it would be by the share lost.
        let lost: f64 = HERMITE
            .iter()
            .map(|&(x, w)| {
                let taken = (share * (spread * x).exp()).clamp(0.0, MAX_SHARE);
                w * gaussian((1.0 - taken).ln() * (1.0 - self.k))
            })
            .sum();
        let mixed = |d: f64| (1.0 - self.eps) * d + self.eps * self.uniform;
        (mixed(lost) / mixed(gaussian(0.0))).ln()
    }

    /// The spread of the version's length against the other version's,
    /// given its length against the master: a row of a hundred master
    /// characters, in log ratio.
    pub fn spread(&self) -> f64 {
        (self.var / 100.0).sqrt()
    }
}

/// `x3` of `row` less its expectation given `x1`.
fn residual(row: &Row, mu: (f64, f64), k: f64) -> f64 {
    let (x1, x3) = row.logs();
    x3 - mu.1 - k * (x1 - mu.0)
}

/// The Gaussian density.
fn normal(x: f64, mean: f64, sd: f64) -> f64 {
    let z = (x - mean) / sd;
    (-0.5 * z * z).exp() / (sd * (2.0 * std::f64::consts::PI).sqrt())
}

/// The probability of each candidate of one side given its model
/// probability `p` and the log likelihood ratio of the other version's
/// length had it been lost: the row's length is one observation, which
/// at most one loss explains, so the other candidates compete to explain
/// it. Without candidate `c`, the row is whole or another candidate `j`
/// is lost (as likely as its model says, the others' probabilities scaled
/// to sum to at most one):
/// P(c) = p·L / (p·L + (1 − p)·((1 − S) + Σ p̃ⱼ·Lⱼ)).
/// With every ratio 1, the model's probabilities come back unchanged.
pub fn explained(scored: &[(f64, f64)]) -> Vec<f64> {
    let ps: Vec<f64> = scored.iter().map(|&(p, _)| p.clamp(0.0, 1.0)).collect();
    if scored.iter().all(|&(_, l)| l == 0.0) {
        return ps;
    }
    let ratios: Vec<f64> = scored.iter().map(|&(_, l)| l.clamp(-50.0, 50.0).exp()).collect();
    let total: f64 = ps.iter().sum();
    let weighted: f64 = ps.iter().zip(&ratios).map(|(p, l)| p * l).sum();
    (0..ps.len())
        .map(|c| {
            let (p, l) = (ps[c], ratios[c]);
            let others = total - p;
            let scale = others.max(1.0);
            let alternative = (1.0 - others / scale) + (weighted - p * l) / scale;
            let lost = p * l;
            let denominator = lost + (1.0 - p) * alternative;
            if denominator > 0.0 {
                lost / denominator
            } else {
                p
            }
        })
        .collect()
}

/// The median of `xs` (0 when empty).
fn median(xs: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = xs.collect();
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// For each version (with its alignment to the master), the other version
/// its lengths are read against: of the versions in another language
/// family than both the master's (a script variant repeats the master's
/// lengths) and the version's own (a near copy may lack what the version
/// lacks), the one whose lengths agree best with it given the master's;
/// none when the version is in the master's family or no other qualifies.
pub fn pivots(
    master: &Document,
    mseg: &Segmentation,
    versions: &[(&Document, &VersionAlignment)],
    rows: &[NRow],
) -> Vec<Option<Pivot>> {
    let labels = {
        let mut all: Vec<&Document> = vec![master];
        all.extend(versions.iter().map(|(d, _)| *d));
        Document::labels(&all)[1..].to_vec()
    };
    let sided = |doc, seg, of: &dyn Fn(&NRow) -> std::ops::Range<usize>| Sided {
        doc,
        seg,
        rows: rows.iter().map(of).collect(),
    };
    let m = sided(master, mseg, &|r: &NRow| r.master.clone());
    let sides: Vec<Sided<'_>> = versions
        .iter()
        .enumerate()
        .map(|(i, &(d, a))| sided(d, &a.seg, &move |r: &NRow| r.versions[i].clone()))
        .collect();
    let across = |a: &Document, b: &Document| a.lang.links_words_with(b.lang);
    (0..versions.len())
        .map(|i| {
            let v = versions[i].0;
            if !across(master, v) {
                return None;
            }
            let split = split_rows(rows, mseg.units.len(), &versions[i].1.alignment.beads);
            (0..versions.len())
                .filter(|&j| j != i && across(master, versions[j].0) && across(v, versions[j].0))
                .filter_map(|j| Pivot::fit(&m, (&sides[i], &split), &sides[j], &labels[j]))
                .min_by(|a, b| a.var.total_cmp(&b.var))
        })
        .collect()
}

/// Whether each row holds more than one paired bead of a version: its
/// length is one observation, and the candidates of two beads (read
/// apart) cannot compete for it, so nothing is read there.
fn split_rows(rows: &[NRow], units: usize, beads: &[Bead]) -> Vec<bool> {
    let mut row_of = vec![usize::MAX; units];
    for (k, r) in rows.iter().enumerate() {
        r.master.clone().filter(|&i| i < units).for_each(|i| row_of[i] = k);
    }
    let mut count = vec![0usize; rows.len()];
    for b in beads.iter().filter(|b| !b.src.is_empty() && !b.tgt.is_empty()) {
        if let Some(&k) = row_of.get(b.src.start).filter(|&&k| k < rows.len()) {
            count[k] += 1;
        }
    }
    count.into_iter().map(|c| c > 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic stand-in for Gaussian noise: the sum of twelve
    /// uniform draws of a xorshift generator, less six.
    struct Noise(u64);

    impl Noise {
        fn next(&mut self) -> f64 {
            let mut sum = 0.0;
            for _ in 0..12 {
                self.0 ^= self.0 << 13;
                self.0 ^= self.0 >> 7;
                self.0 ^= self.0 << 17;
                sum += (self.0 >> 11) as f64 / (1u64 << 53) as f64;
            }
            sum - 6.0
        }
    }

    /// `n` rows of one unit each: the master's wording sets both
    /// translations' lengths (spread 0.2), each translation adds its own
    /// (spread 0.07 at 100 master characters).
    fn rows(n: usize) -> (Vec<Row>, Vec<Option<usize>>) {
        let mut noise = Noise(0x9E37_79B9_7F4A_7C15);
        let rows = (0..n)
            .map(|i| {
                let m = 40.0 + (i % 7) as f64 * 30.0;
                let full = 2.5 * m * (0.2 * noise.next()).exp();
                let own = 0.07 * (100.0 / m).sqrt();
                Row { m, v: full * (own * noise.next()).exp(), p: 1.1 * full * (own * noise.next()).exp() }
            })
            .collect();
        (rows, (0..n).map(Some).collect())
    }

    fn fitted(rows: Vec<Row>, row_of: Vec<Option<usize>>) -> Pivot {
        Pivot::fitted(rows, row_of, "ru").expect("enough rows")
    }

    #[test]
    fn a_version_short_by_a_candidates_share_is_evidence_that_it_is_lost() {
        let (mut rs, of) = rows(80);
        let (lost, whole) = (10, 11);
        rs[lost].v *= 0.7;
        let pivot = fitted(rs.clone(), of);
        let share = |i: usize, f: f64| pivot.log_ratio(i, f * rs[i].m);
        assert!(share(lost, 0.3) > 1.5, "{}", share(lost, 0.3));
        assert!(share(whole, 0.3) < 0.0, "{}", share(whole, 0.3));
        // A share far from what the row lost is no evidence for it.
        assert!(share(lost, 0.3) > share(lost, 0.8) + 1.0, "{}", share(lost, 0.8));
        // The master's spread is no part of it: the slope on x1 is small.
        assert!(pivot.k.abs() < 0.2, "{}", pivot.k);
        assert!((pivot.spread() - 0.1).abs() < 0.03, "{}", pivot.spread());
    }

    #[test]
    fn a_short_candidate_whose_share_matches_gains_less_than_a_long_one() {
        // Two rows each short by a third: one of 40 master characters,
        // one of 220; a candidate of that share in each.
        let (mut rs, of) = rows(84);
        let (short, long) = (0, 6);
        assert_eq!((rs[short].m, rs[long].m), (40.0, 220.0));
        rs[short].v *= 2.0 / 3.0;
        rs[long].v *= 2.0 / 3.0;
        let pivot = fitted(rs.clone(), of);
        let (a, b) = (pivot.log_ratio(short, rs[short].m / 3.0), pivot.log_ratio(long, rs[long].m / 3.0));
        assert!(b > a && a > 0.0, "short {a}, long {b}");
    }

    #[test]
    fn a_row_far_from_both_hypotheses_says_almost_nothing() {
        let (mut rs, of) = rows(80);
        // The other version lacks most of this row itself.
        rs[30].p *= 0.2;
        let pivot = fitted(rs.clone(), of);
        let l = pivot.log_ratio(30, rs[30].m * 0.1);
        assert!(l.abs() < 0.2, "{l}");
    }

    #[test]
    fn without_enough_rows_or_outside_them_there_is_no_evidence() {
        let (rs, of) = rows(MIN_ROWS - 1);
        assert!(Pivot::fitted(rs, of, "ru").is_none());
        let (rs, mut of) = rows(40);
        of.push(None);
        let pivot = fitted(rs, of);
        assert_eq!(pivot.log_ratio(40, 30.0), 0.0);
        assert_eq!(pivot.log_ratio(1000, 30.0), 0.0);
    }

    #[test]
    fn a_row_with_two_beads_of_the_version_is_split() {
        let row = |m: std::ops::Range<usize>| NRow { master: m, versions: Vec::new() };
        let bead =
            |src: std::ops::Range<usize>, tgt: std::ops::Range<usize>| Bead { src, tgt, score: 0.0, posterior: 1.0 };
        // Row 0 holds master units 0–1, paired by the version one by one;
        // row 1 holds unit 2, paired whole; unit 3 has no counterpart.
        let rows = [row(0..2), row(2..3), row(3..4)];
        let beads = [bead(0..1, 0..1), bead(1..2, 1..2), bead(2..3, 2..4), bead(3..4, 4..4)];
        assert_eq!(split_rows(&rows, 4, &beads), [true, false, false]);
    }

    #[test]
    fn candidates_compete_to_explain_one_rows_length() {
        // Every ratio 1: the model's probabilities unchanged.
        assert_eq!(explained(&[(0.3, 0.0), (0.1, 0.0), (0.8, 0.0)]), [0.3, 0.1, 0.8]);
        // One candidate: Bayes' rule on its own odds.
        let one = explained(&[(0.2, 3.0f64.ln())])[0];
        assert!((one - 0.2 * 3.0 / (0.2 * 3.0 + 0.8)).abs() < 1e-12, "{one}");
        // Two of the same share: the likelier explains the row, the other
        // gains much less than alone.
        let two = explained(&[(0.3, 20.0f64.ln()), (0.1, 20.0f64.ln())]);
        let alone = explained(&[(0.1, 20.0f64.ln())])[0];
        assert!(two[0] > 0.7 && two[1] < 0.3 && two[1] < alone - 0.3, "{two:?} {alone}");
        // Evidence against a loss lowers every candidate.
        let against = explained(&[(0.6, -2.0), (0.4, -2.0)]);
        assert!(against[0] < 0.6 && against[1] < 0.4, "{against:?}");
        assert!(explained(&[]).is_empty());
    }
}
