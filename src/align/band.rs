//! The search band: for every source position, the range of target positions
//! the dynamic programme may visit. It follows the diagonal given by
//! cumulative lengths, so memory and time grow linearly with the documents.

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

    /// Whether the path (a list of (i, j) boundaries) touches an edge of the
    /// band that is not an edge of the matrix, within `margin`.
    pub fn path_touches_edge(&self, path: &[(usize, usize)], m: usize, margin: usize) -> bool {
        path.iter()
            .any(|&(i, j)| (self.lo[i] > 0 && j < self.lo[i] + margin) || (self.hi[i] < m && j + margin > self.hi[i]))
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
}
