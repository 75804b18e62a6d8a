//! Similarity signals for beads. A [`Signal`] scores a bead (source units
//! `src` ↔ target units `tgt`) in [0, 1] or abstains. Most signals are
//! overlaps of bags of keys ([`OverlapSignal`]): dictionary translations,
//! numbers, quoted titles, question marks. Further signals (for example
//! sentence embeddings) implement the same trait.

use std::ops::Range;

use rayon::prelude::*;

use super::band::Band;

/// A source of evidence that a bead's two sides correspond.
pub trait Signal: Send + Sync {
    /// A short name, reported in the output.
    fn name(&self) -> &str;
    /// How much the signal counts relative to the others.
    fn weight(&self) -> f64;
    /// Precompute whatever the cells of `band` need.
    fn prepare(&mut self, band: &Band);
    /// After [`Signal::prepare`], precompute what
    /// [`Signal::similarity_in_run`] needs in `band`, for a search that
    /// asks it in every cell (the dilution of merged beads); without it
    /// the answers are the same, made at each ask.
    fn prepare_runs(&mut self, _band: &Band) {}
    /// Similarity of the bead in [0, 1], or `None` when there is no evidence.
    fn similarity(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64>;
    /// [`Signal::similarity`] of each bead of `beads`, appended to `out`
    /// (the beads that end in one cell of the search, asked at once).
    fn similarities(&self, beads: &[(Range<usize>, Range<usize>)], out: &mut Vec<Option<f64>>) {
        out.extend(beads.iter().map(|(s, t)| self.similarity(s.clone(), t.clone())));
    }
    /// [`Signal::similarity`] of a bead cut from one whose side held three
    /// or more units, both read alike: the sentence encoder reads every
    /// run of units here as the normalized sum of their vectors (elsewhere
    /// a run of up to four is the vector of its joined tokens), so the two
    /// similarities compare. The default is `similarity`.
    fn similarity_in_run(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64> {
        self.similarity(src, tgt)
    }
    /// [`Signal::similarity_in_run`] of each bead of `beads`, appended to `out`.
    fn similarities_in_run(&self, beads: &[(Range<usize>, Range<usize>)], out: &mut Vec<Option<f64>>) {
        out.extend(beads.iter().map(|(s, t)| self.similarity_in_run(s.clone(), t.clone())));
    }
}

/// Bits of a token mask: a unit's tokens past this many share bits (index
/// modulo 128), so hit shares of very long units are estimates.
pub const MASK_BITS: u32 = 128;

/// One unit's bag of keys: for each key (sorted), which of the unit's tokens
/// carry it, as a bit mask over token positions.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bag {
    /// (key, mask of tokens), sorted by key.
    pub entries: Vec<(u32, u128)>,
    /// Number of tokens.
    pub tokens: u32,
}

impl Bag {
    /// A bag from tokens, each with its keys (a token may have none: it
    /// counts, but never matches).
    pub fn from_tokens<I: IntoIterator<Item = Vec<u32>>>(tokens: I) -> Bag {
        let mut entries: Vec<(u32, u128)> = Vec::new();
        let mut n = 0u32;
        for keys in tokens {
            let bit = 1u128 << (n % MASK_BITS);
            entries.extend(keys.into_iter().map(|k| (k, bit)));
            n += 1;
        }
        entries.sort_unstable_by_key(|e| e.0);
        entries.dedup_by(|b, a| {
            if a.0 == b.0 {
                a.1 |= b.1;
                true
            } else {
                false
            }
        });
        // Every unit of both sides keeps its bags for the whole alignment.
        entries.shrink_to_fit();
        Bag { entries, tokens: n }
    }

    /// A bag with one key a token.
    pub fn from_keys<I: IntoIterator<Item = u32>>(keys: I) -> Bag {
        Bag::from_tokens(keys.into_iter().map(|k| vec![k]))
    }

    /// Tokens that can be told apart by the masks.
    fn capacity(&self) -> u32 {
        self.tokens.min(MASK_BITS)
    }
}

/// (source token mask, target token mask) of the tokens that share a key.
fn overlap(src: &Bag, tgt: &Bag) -> (u128, u128) {
    let (mut a, mut b) = (0, 0);
    let (mut ms, mut mt) = (0u128, 0u128);
    while a < src.entries.len() && b < tgt.entries.len() {
        let (ka, kb) = (src.entries[a].0, tgt.entries[b].0);
        if ka < kb {
            a += 1;
        } else if kb < ka {
            b += 1;
        } else {
            ms |= src.entries[a].1;
            mt |= tgt.entries[b].1;
            a += 1;
            b += 1;
        }
    }
    (ms, mt)
}

/// A signal from bag overlaps: the harmonic mean of the share of source
/// tokens and the share of target tokens that find a counterpart.
pub struct OverlapSignal {
    name: String,
    weight: f64,
    one_sided_is_mismatch: bool,
    src: Vec<Bag>,
    tgt: Vec<Bag>,
    /// For each source unit: its row's offset into `slots`, and the first
    /// and the end of the row's target units.
    rows: Vec<(usize, usize, usize)>,
    /// For each unit pair of the rows, 0 when the two units share no key,
    /// else 1 + the index of their masks in `masks`: most pairs share
    /// nothing, and 4 bytes a pair instead of 32 is most of the memory of
    /// a large alignment.
    slots: Vec<u32>,
    masks: Vec<(u128, u128)>,
}

/// Rows of [`OverlapSignal::prepare`] computed in parallel at a time (the
/// masks of one batch are held twice for a moment).
const PREPARE_ROWS: usize = 1024;

impl OverlapSignal {
    /// A signal over per-unit bags. With `one_sided_is_mismatch`, tokens on
    /// one side only (numbers in the source, none in the target) give
    /// similarity 0; without, the signal abstains.
    pub fn new(name: &str, weight: f64, one_sided_is_mismatch: bool, src: Vec<Bag>, tgt: Vec<Bag>) -> OverlapSignal {
        OverlapSignal {
            name: name.to_string(),
            weight,
            one_sided_is_mismatch,
            src,
            tgt,
            rows: Vec::new(),
            slots: Vec::new(),
            masks: Vec::new(),
        }
    }

    /// Whether any unit has any token: a signal without tokens is left out.
    pub fn has_evidence(&self) -> bool {
        self.src.iter().any(|b| b.tokens > 0) && self.tgt.iter().any(|b| b.tokens > 0)
    }

    /// What units `i` and `j` share: from the table where it holds the
    /// pair, else computed (a bead wider than the table's reach, or no
    /// table yet).
    fn pair(&self, i: usize, j: usize) -> (u128, u128) {
        match self.rows.get(i) {
            Some(&(off, lo, hi)) if j >= lo && j < hi => match self.slots[off + j - lo] {
                0 => (0, 0),
                k => self.masks[k as usize - 1],
            },
            _ => overlap(&self.src[i], &self.tgt[j]),
        }
    }
}

impl Signal for OverlapSignal {
    fn name(&self) -> &str {
        &self.name
    }

    fn weight(&self) -> f64 {
        self.weight
    }

    fn prepare(&mut self, band: &Band) {
        let n = self.src.len();
        let m = self.tgt.len();
        // Unit pair (i, j) is needed when some bead from a cell of the band covers it:
        // target units from lo[i]-4 to hi[i+1]+4 are enough for beads up to 4 units
        // (a wider bead's other pairs are computed when asked, `pair`).
        let mut rows = Vec::with_capacity(n);
        let mut off = 0;
        for i in 0..n {
            let lo = band.lo[i].saturating_sub(4);
            let hi = (band.hi[i + 1] + 4).min(m);
            rows.push((off, lo, hi));
            off += hi - lo;
        }
        // The tables of a narrower band go first.
        (self.slots, self.masks) = (Vec::new(), Vec::new());
        let (mut slots, mut masks) = (Vec::with_capacity(off), Vec::new());
        for (first, batch) in rows.chunks(PREPARE_ROWS).enumerate() {
            let shared: Vec<Vec<(usize, (u128, u128))>> = batch
                .par_iter()
                .enumerate()
                .map(|(k, &(_, lo, hi))| {
                    let i = first * PREPARE_ROWS + k;
                    let pairs = (lo..hi).map(|j| (j - lo, overlap(&self.src[i], &self.tgt[j])));
                    pairs.filter(|&(_, m)| m != (0, 0)).collect()
                })
                .collect();
            for (&(_, lo, hi), row) in batch.iter().zip(shared) {
                let start = slots.len();
                slots.resize(start + (hi - lo), 0);
                for (at, m) in row {
                    masks.push(m);
                    slots[start + at] = u32::try_from(masks.len()).expect("fewer than 2^32 unit pairs share keys");
                }
            }
        }
        masks.shrink_to_fit();
        (self.rows, self.slots, self.masks) = (rows, slots, masks);
    }

    fn similarity(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64> {
        let ns: u32 = src.clone().map(|i| self.src[i].capacity()).sum();
        let nt: u32 = tgt.clone().map(|j| self.tgt[j].capacity()).sum();
        if ns + nt == 0 {
            return None;
        }
        if ns == 0 || nt == 0 {
            return self.one_sided_is_mismatch.then_some(0.0);
        }
        // Exact within the bead: a token that finds counterparts in two units counts once.
        let mut hs = 0u32;
        let mut tgt_masks = [0u128; 8];
        for i in src {
            let mut m = 0u128;
            for (k, j) in tgt.clone().enumerate() {
                let (a, b) = self.pair(i, j);
                m |= a;
                tgt_masks[k.min(7)] |= b;
            }
            hs += m.count_ones();
        }
        let ht: u32 = tgt_masks.iter().map(|m| m.count_ones()).sum();
        let rs = hs.min(ns) as f64 / ns as f64;
        let rt = ht.min(nt) as f64 / nt as f64;
        if rs + rt == 0.0 {
            Some(0.0)
        } else {
            Some(2.0 * rs * rt / (rs + rt))
        }
    }
}

/// A meaning signal given by a table, for tests of what reads it: the
/// similarity of a bead from its source and target units, and whether it
/// is read as a run ([`Signal::similarity_in_run`]).
#[cfg(test)]
pub(crate) struct TableSignal(pub fn(&[usize], &[usize], bool) -> f64);

#[cfg(test)]
impl Signal for TableSignal {
    fn name(&self) -> &str {
        "semantic"
    }
    fn weight(&self) -> f64 {
        6.0
    }
    fn prepare(&mut self, _band: &Band) {}
    fn similarity(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64> {
        let (s, t): (Vec<usize>, Vec<usize>) = (src.collect(), tgt.collect());
        Some((self.0)(&s, &t, false))
    }
    fn similarity_in_run(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64> {
        let (s, t): (Vec<usize>, Vec<usize>) = (src.collect(), tgt.collect());
        Some((self.0)(&s, &t, true))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_counts_tokens() {
        let s = Bag::from_tokens(vec![vec![1, 2], vec![3], vec![9]]);
        let t = Bag::from_keys(vec![2, 3, 3, 7]);
        let (a, b) = overlap(&s, &t);
        assert_eq!((a.count_ones(), b.count_ones()), (2, 3));
        let mut sig = OverlapSignal::new("x", 1.0, true, vec![s], vec![t, Bag::from_keys(vec![9])]);
        let band = Band::around_diagonal(&[1.0], &[1.0, 1.0], 4);
        sig.prepare(&band);
        let one = sig.similarity(0..1, 0..1).expect("evidence");
        let two = sig.similarity(0..1, 0..2).expect("evidence");
        assert!(two > one, "{one} {two}");
        assert_eq!(sig.similarity(0..0, 0..1), Some(0.0));
        // Repeated vocabulary is not counted twice in a merged bead.
        let s = Bag::from_keys(vec![1, 2, 3, 4]);
        let t = Bag::from_keys(vec![1, 2]);
        let mut sig = OverlapSignal::new("x", 1.0, true, vec![s], vec![t.clone(), t]);
        sig.prepare(&Band::around_diagonal(&[1.0], &[1.0, 1.0], 4));
        let merged = sig.similarity(0..1, 0..2).expect("evidence");
        assert!((merged - 2.0 * 0.5 / 1.5).abs() < 1e-9, "{merged}"); // source share 2/4, target 4/4
    }

    #[test]
    fn a_pair_beyond_the_table_s_reach_still_counts() {
        // Source unit 0 shares its key with target unit 7 only: a 1-8 bead
        // reaches past the four units the table of a narrow band holds.
        let tgt: Vec<Bag> = (0..8).map(|j| Bag::from_keys(vec![if j == 7 { 1 } else { 100 + j }])).collect();
        let mut sig = OverlapSignal::new("x", 1.0, true, vec![Bag::from_keys(vec![1])], tgt);
        sig.prepare(&Band { lo: vec![0, 0], hi: vec![0, 1], half_width: 0 });
        assert!(sig.rows[0].2 <= 7, "the table does not hold target unit 7: {:?}", sig.rows[0]);
        assert!(sig.similarity(0..1, 0..8).expect("evidence") > 0.0);
    }

    #[test]
    fn the_table_of_a_band_holds_four_bytes_a_pair_and_masks_only_where_keys_are_shared() {
        // 500 units a side, each with a key of its own; units i of the two
        // sides share key i when i is a multiple of ten. The table of a large
        // alignment is most of its memory: 32 bytes a pair of masks would
        // be eight times this.
        let n = 500u32;
        let bag = |i: u32, side: u32| {
            Bag::from_keys(std::iter::once(100_000 * side + i).chain(i.is_multiple_of(10).then_some(i)))
        };
        let src: Vec<Bag> = (0..n).map(|i| bag(i, 1)).collect();
        let tgt: Vec<Bag> = (0..n).map(|i| bag(i, 2)).collect();
        assert!(src.iter().all(|b| b.entries.capacity() == b.entries.len()), "bags keep no spare capacity");
        let mut sig = OverlapSignal::new("x", 1.0, true, src, tgt);
        let lengths = vec![1.0; n as usize];
        sig.prepare(&Band::around_diagonal(&lengths, &lengths, 8));
        let pairs: usize = sig.rows.iter().map(|&(_, lo, hi)| hi - lo).sum();
        assert_eq!(sig.slots.len(), pairs);
        assert_eq!(std::mem::size_of_val(&sig.slots[0]), 4);
        // Masks only for the 50 pairs that share a key.
        assert_eq!(sig.slots.iter().filter(|&&s| s != 0).count(), 50);
        assert_eq!((sig.masks.len(), sig.masks.capacity()), (50, 50));
        let bytes = sig.slots.len() * 4 + sig.masks.len() * std::mem::size_of::<(u128, u128)>();
        assert!(bytes < pairs * 32 / 2, "{bytes} bytes for {pairs} pairs");
    }
}
