//! The search band: for every source position, the range of target positions
//! the dynamic programme may visit. It follows the diagonal given by
//! cumulative lengths, so memory and time grow linearly with the documents.

use std::ops::Range;

/// Problems with at most this many cells are searched without a band.
pub const FULL_SEARCH_CELLS: usize = 1 << 20;
/// Most cells a band may hold (about 600 MB of search state): past it
/// the band neither starts wider nor widens further. The narrowest band
/// (half-width 4) always spans the stretch between the length diagonal and
/// the index diagonal, so it alone can exceed the budget when the two lie
/// far apart; `capped` then says so.
pub const MAX_BAND_CELLS: usize = 4 << 20;

/// The cell budgets of a search: [`FULL_SEARCH_CELLS`] and
/// [`MAX_BAND_CELLS`] (smaller ones only in tests, which then search less).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budgets {
    /// Problems with at most this many cells are searched whole.
    pub whole: usize,
    /// Most cells a band may hold.
    pub band: usize,
}

impl Budgets {
    /// The search's own budgets.
    pub const DEFAULT: Budgets = Budgets { whole: FULL_SEARCH_CELLS, band: MAX_BAND_CELLS };
}

/// For each source boundary `i` in `0..=n`, the target boundaries `lo[i]..=hi[i]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    /// Lowest target boundary per source boundary.
    pub lo: Vec<usize>,
    /// Highest target boundary per source boundary.
    pub hi: Vec<usize>,
    /// Half-width used to build it.
    pub half_width: usize,
}

/// Where a search starts ([`Band::start`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Start {
    /// The first band.
    pub band: Band,
    /// Whether the problem is searched whole.
    pub whole: bool,
    /// Whether the band spans the index diagonal as well as the length one.
    pub hedge: bool,
    /// The widest half-width a band of the problem may have.
    pub cap: usize,
}

impl Band {
    /// A band of half-width `w` around the length diagonal of `src` and
    /// `tgt` lengths, widened to span the index diagonal too.
    pub fn around_diagonal(src_len: &[f64], tgt_len: &[f64], w: usize) -> Band {
        Band::around(src_len, tgt_len, w, true)
    }

    /// Whether bands for these lengths may span the index diagonal as well
    /// as the length diagonal (the index diagonal keeps misleading lengths
    /// from leading the search astray): yes unless even the narrowest such
    /// band holds more than `max_cells`, which happens when the two
    /// diagonals lie far apart in a long text.
    pub fn hedge_fits(src_len: &[f64], tgt_len: &[f64], max_cells: usize) -> bool {
        Band::around(src_len, tgt_len, 4, true).cells() <= max_cells
    }

    /// A band of half-width `w` around the length diagonal, spanning the
    /// index diagonal too when `hedge`.
    pub fn around(src_len: &[f64], tgt_len: &[f64], w: usize, hedge: bool) -> Band {
        let n = src_len.len();
        let m = tgt_len.len();
        let cum = |v: &[f64]| -> Vec<f64> {
            let total: f64 = v.iter().sum::<f64>().max(1e-9);
            let mut acc = 0.0;
            let mut out = Vec::with_capacity(v.len() + 1);
            out.push(0.0);
            for x in v {
                acc += x;
                out.push(acc / total);
            }
            out
        };
        let cs = cum(src_len);
        let ct = cum(tgt_len);
        let mut lo = Vec::with_capacity(n + 1);
        let mut hi = Vec::with_capacity(n + 1);
        let mut j = 0usize;
        for (i, &frac) in cs.iter().enumerate() {
            while j < m && ct[j + 1] <= frac {
                j += 1;
            }
            // also the index-proportional diagonal, so that length errors do not mislead
            let jp = if hedge { (i * m + n / 2).checked_div(n).unwrap_or(m) } else { j };
            let (a, b) = (j.min(jp), j.max(jp));
            lo.push(a.saturating_sub(w));
            hi.push((b + w).min(m));
        }
        for i in 1..=n {
            lo[i] = lo[i].max(lo[i - 1]);
        }
        for i in (0..n).rev() {
            hi[i] = hi[i].min(hi[i + 1]);
        }
        lo[0] = 0;
        hi[n] = m;
        // Connectivity: a row must start no later than one past the previous row's end.
        for i in 1..=n {
            if lo[i] > hi[i - 1] {
                lo[i] = hi[i - 1];
            }
        }
        Band { lo, hi, half_width: w }
    }

    /// The widest half-width (at least 4) whose band, as built for these unit
    /// lengths (spanning the index diagonal when `hedge`), holds at most
    /// `budget` cells.
    pub fn cap(src_len: &[f64], tgt_len: &[f64], hedge: bool, budget: usize) -> usize {
        let fits = |w: usize| Band::around(src_len, tgt_len, w, hedge).cells() <= budget;
        let (mut lo, mut hi) = (4, src_len.len().max(tgt_len.len()).max(4));
        if fits(hi) {
            return hi;
        }
        // fits(lo) may be false too: then the narrowest band it is.
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The band a search of units of lengths `src` and `tgt` starts in, with
    /// the half-width `width` asked for, within `budgets`: the whole matrix for a
    /// small problem (or a very unequal one, where a diagonal means
    /// little), else `width` (at least 4, at most the cap) around the
    /// diagonals.
    pub fn start((src, tgt): (&[f64], &[f64]), width: usize, budgets: Budgets) -> Start {
        let (n, m) = (src.len(), tgt.len());
        let whole = n.saturating_mul(m) <= budgets.whole;
        let hedge = whole || Band::hedge_fits(src, tgt, budgets.band);
        let cap = if whole { n.max(m) } else { Band::cap(src, tgt, hedge, budgets.band) };
        let w = if whole { n.max(m) } else { width.clamp(4, cap) };
        Start { band: Band::around(src, tgt, w, hedge), whole, hedge, cap }
    }

    /// The band a search of units of lengths `src` and `tgt` starts in with
    /// the half-width `width` and the search's budgets
    /// ([`Budgets::DEFAULT`]): the band its signals are first prepared with.
    pub fn first(src: &[f64], tgt: &[f64], width: usize) -> Band {
        Band::start((src, tgt), width, Budgets::DEFAULT).band
    }

    /// The smallest band (monotone rows, each row reaching the next) that
    /// holds every unit pair of `beads`, over `n` × `m` units.
    pub fn holding<'b>(beads: impl Iterator<Item = &'b (Range<usize>, Range<usize>)>, (n, m): (usize, usize)) -> Band {
        let (mut lo, mut hi) = (vec![m; n + 1], vec![0; n + 1]);
        for (s, t) in beads {
            for i in s.start..=s.end.min(n) {
                lo[i] = lo[i].min(t.start.min(m));
                hi[i] = hi[i].max(t.end.min(m));
            }
        }
        for i in (0..n).rev() {
            lo[i] = lo[i].min(lo[i + 1]);
        }
        for i in 0..=n {
            hi[i] = hi[i].max(lo[i]).max(if i > 0 { hi[i - 1] } else { 0 });
        }
        Band { lo, hi, half_width: 0 }
    }

    /// Whether target boundary `j` is inside row `i`.
    pub fn contains(&self, i: usize, j: usize) -> bool {
        i < self.lo.len() && j >= self.lo[i] && j <= self.hi[i]
    }

    /// The number of cells.
    pub fn cells(&self) -> usize {
        self.lo.iter().zip(&self.hi).map(|(a, b)| b + 1 - a).sum()
    }

    /// Whether the band covers the whole matrix.
    pub fn is_full(&self, m: usize) -> bool {
        self.lo.iter().all(|&a| a == 0) && self.hi.iter().all(|&b| b == m)
    }

    /// The rows (source boundaries) of `path` points that lie within
    /// `margin` of an edge of the band that is not an edge of the matrix.
    pub fn edge_rows(&self, path: &[(usize, usize)], m: usize, margin: usize) -> Vec<usize> {
        path.iter().filter(|&&(i, j)| self.edge_distance(i, j, m) < margin).map(|&(i, _)| i).collect()
    }

    /// How far target boundary `j` of row `i` lies from the nearest edge
    /// of the band that is not an edge of the matrix (`usize::MAX` when
    /// the row spans the whole matrix).
    pub fn edge_distance(&self, i: usize, j: usize, m: usize) -> usize {
        let below = if self.lo[i] > 0 { j.saturating_sub(self.lo[i]) } else { usize::MAX };
        let above = if self.hi[i] < m { self.hi[i].saturating_sub(j) } else { usize::MAX };
        below.min(above)
    }

    /// This band joined with a band around `path` (the start boundaries of
    /// its beads, in order; the path ends at `(n, m)`) of half-width
    /// `widths[i]` in row `i`: the band follows the path found rather than
    /// a diagonal, so it grows only where it is widened.
    pub fn joined_with_path(&self, path: &[(usize, usize)], m: usize, widths: &[usize]) -> Band {
        let n = self.lo.len() - 1;
        // The target boundaries the path visits in each row.
        let (mut plo, mut phi) = (vec![usize::MAX; n + 1], vec![0; n + 1]);
        let ends = path.iter().copied().chain(std::iter::once((n, m)));
        for ((i0, j0), (i1, j1)) in path.iter().copied().zip(ends.skip(1)) {
            for r in i0..=i1.min(n) {
                plo[r] = plo[r].min(j0);
                phi[r] = phi[r].max(j1.min(m));
            }
        }
        let mut lo = self.lo.clone();
        let mut hi = self.hi.clone();
        for r in 0..=n {
            if plo[r] <= phi[r] {
                let w = widths.get(r).copied().unwrap_or(0);
                lo[r] = lo[r].min(plo[r].saturating_sub(w));
                hi[r] = hi[r].max((phi[r] + w).min(m));
            }
        }
        // Both edges rise with the row, as in every band.
        for r in (0..n).rev() {
            lo[r] = lo[r].min(lo[r + 1]);
        }
        for r in 1..=n {
            hi[r] = hi[r].max(hi[r - 1]);
        }
        let half_width = self.half_width.max(widths.iter().copied().max().unwrap_or(0));
        Band { lo, hi, half_width }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn band_is_connected_and_spans_corners() {
        let s = vec![1.0; 50];
        let t = vec![1.0; 80];
        let b = Band::around_diagonal(&s, &t, 3);
        assert_eq!((b.lo[0], b.hi[50]), (0, 80));
        for i in 1..=50 {
            assert!(b.lo[i] >= b.lo[i - 1] && b.hi[i] >= b.hi[i - 1]);
            assert!(b.lo[i] <= b.hi[i - 1]);
        }
        assert!(b.cells() < 51 * 81 / 2);
        let full = Band::around_diagonal(&s, &t, 100);
        assert!(full.is_full(80));
    }

    #[test]
    fn a_search_starts_in_the_whole_matrix_of_a_small_problem() {
        // A problem of up to 2^20 cells is searched whole, whatever the
        // half-width asked for (empty sides too).
        for (n, m) in [(50, 80), (80, 50), (1, 1), (0, 3), (3, 0)] {
            let lengths = |k: usize| -> Vec<f64> { (0..k).map(|i| 1.0 + (i % 7) as f64).collect() };
            let first = Band::first(&lengths(n), &lengths(m), 16);
            assert!(first.is_full(m) && first.cells() == (n + 1) * (m + 1), "{n} × {m}");
        }
        // Past 2^20 cells, a band of the half-width asked for.
        let long: Vec<f64> = (0..2000).map(|i| 1.0 + (i % 7) as f64).collect();
        let first = Band::first(&long, &long, 16);
        assert!(first.half_width == 16 && !first.is_full(2000));
    }

    #[test]
    fn without_the_hedge_the_band_follows_the_lengths_alone() {
        // Short units first on the source side: the length diagonal runs far
        // from the index diagonal.
        let s: Vec<f64> = (0..400).map(|i| if i < 200 { 1.0 } else { 9.0 }).collect();
        let t = vec![5.0; 400];
        let (hedged, plain) = (Band::around(&s, &t, 4, true), Band::around(&s, &t, 4, false));
        assert!(plain.cells() * 4 < hedged.cells(), "{} vs {}", plain.cells(), hedged.cells());
        assert!(Band::hedge_fits(&s, &t, hedged.cells()) && !Band::hedge_fits(&s, &t, hedged.cells() - 1));
        for i in 1..=400 {
            assert!(plain.lo[i] >= plain.lo[i - 1] && plain.lo[i] <= plain.hi[i - 1], "connected at {i}");
        }
        assert_eq!((plain.lo[0], plain.hi[400]), (0, 400));
    }

    #[test]
    fn a_band_joined_with_a_path_holds_both_and_stays_a_band() {
        let (s, t) = (vec![1.0; 100], vec![1.0; 100]);
        let band = Band::around_diagonal(&s, &t, 4);
        // A path 1-1 on the diagonal to row 40, then 20 units off it.
        let path: Vec<(usize, usize)> = (0..100).map(|i| (i, if i < 40 { i } else { (i + 20).min(100) })).collect();
        let mut widths = vec![3; 101];
        widths[45..=55].iter_mut().for_each(|w| *w = 16);
        let joined = band.joined_with_path(&path, 100, &widths);
        for i in 0..=100 {
            assert!(joined.lo[i] <= band.lo[i] && joined.hi[i] >= band.hi[i], "holds the band at {i}");
            if i > 0 {
                assert!(joined.lo[i] >= joined.lo[i - 1] && joined.hi[i] >= joined.hi[i - 1], "edges rise at {i}");
                assert!(joined.lo[i] <= joined.hi[i - 1], "connected at {i}");
            }
        }
        for &(i, j) in &path {
            assert!(joined.contains(i, j.saturating_sub(widths[i])) && joined.contains(i, (j + widths[i]).min(100)));
        }
        // Widened around the drift only: row 50 reaches 16 past the path
        // (its beads end at 71), row 10 stays as it was.
        assert_eq!((joined.hi[50], joined.half_width), (87, 16));
        assert_eq!((joined.lo[10], joined.hi[10]), (band.lo[10], band.hi[10]));
        let rows = band.edge_rows(&path, 100, 2);
        assert!(rows.contains(&40) && rows.contains(&60) && !rows.contains(&39) && !rows.contains(&10), "{rows:?}");
    }
}
