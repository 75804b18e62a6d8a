//! Vectors of neighbouring pairs of sentences made from the sentences'
//! own pass through the network.
//!
//! The network sees each token with at most [`HALO`] tokens of context on
//! each side, and pools its per-token features by summing them, so the
//! pooled sum of a pair (the first sentence's tokens without EOS, then the
//! second's without BOS) is: the first sentence's running sum up to its
//! last [`EDGE`] content tokens, the sum over a junction of 2 × [`EDGE`]
//! tokens run with [`HALO`] tokens of context each side, and the second
//! sentence's sum after its first [`EDGE`] content tokens. Only the
//! junction is run again; a pair whose sentences are too short (or too
//! long to be one item) is run whole.

use crate::items::{finished, push_items, Item};
use crate::model::{Model, FEAT_DIM, HALO, SEGMENT};

/// Content tokens at each end of a sentence whose features depend on what
/// lies beyond it (the reach of the two stacked convolutions).
const EDGE: usize = HALO;

/// Least tokens (BOS and EOS included) of a sentence whose pairs are
/// made from its own pass: its first and last [`EDGE`] content tokens,
/// and the context of each, are content tokens.
const LEAST: usize = 2 + 2 * EDGE;

/// What a sequence of a windowed batch stands for.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Role {
    /// Sentence `i` of the input.
    Sentence(usize),
    /// The junction of pair `k` (between its two sentences).
    Junction(usize),
    /// Pair `k`, run whole.
    Whole(usize),
}

impl Model {
    /// Vectors of the sentences `seqs` (token ids, BOS/EOS included) and
    /// of the pairs `pairs` (`i`: sentence `i` joined with sentence `i + 1`,
    /// as [`Model::encode_ids`] would encode `seqs[i]` without its EOS
    /// followed by `seqs[i + 1]` without its BOS, but for the order in
    /// which the floating-point sums are taken). A sentence's vector is
    /// the one [`Model::encode_ids`] gives it, bit for bit. A pair index
    /// without a next sentence gets an empty vector.
    pub fn encode_windows(&self, seqs: &[Vec<u32>], pairs: &[usize]) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
        let (all, roles, items) = plan(seqs, pairs);
        let mut singles: Vec<Vec<f32>> = vec![Vec::new(); seqs.len()];
        let mut joined: Vec<Vec<f32>> = vec![Vec::new(); pairs.len()];
        let mut state = Joining::default();
        let mut pending = None;
        self.run_items(&all, items, |chunk, sums| {
            let mut done: Vec<(usize, Vec<f32>, usize)> = Vec::new();
            for (seq, sum) in finished(chunk, sums, &mut pending) {
                match roles[seq] {
                    Role::Sentence(i) => {
                        for (k, v) in state.sentence(i, &sum) {
                            done.push((seqs.len() + k, v, seqs[i - 1].len() + seqs[i].len() - 2));
                        }
                        done.push((i, sum, seqs[i].len()));
                    }
                    Role::Junction(k) => state.junction(k, pairs[k], &sum),
                    Role::Whole(k) => done.push((seqs.len() + k, sum, all[seq].len())),
                }
            }
            for (key, v) in self.heads(&done) {
                match key.checked_sub(seqs.len()) {
                    Some(k) => joined[k] = v,
                    None => singles[key] = v,
                }
            }
        });
        (singles, joined)
    }
}

/// Pairs put together as their parts come, in order: a sentence, the
/// junctions after it, the next sentence.
#[derive(Default)]
struct Joining {
    /// The last sentence and its running sum up to its last [`EDGE`]
    /// content tokens.
    before: Option<(usize, Vec<f32>)>,
    /// Pairs, their first sentence, and that sentence's part with the
    /// junction's, waiting for the second sentence.
    open: Vec<(usize, usize, Vec<f32>)>,
}

impl Joining {
    /// Sentence `i` is finished with `sum` (its sum, then its running sums
    /// at its marks when it has them): the pairs it closes.
    fn sentence(&mut self, i: usize, sum: &[f32]) -> Vec<(usize, Vec<f32>)> {
        let open = std::mem::take(&mut self.open);
        self.before = None;
        // A sentence of a pair made from its pass: its sum, then its
        // running sums after its first and before its last edge.
        let [total, first, before] = match sum.chunks_exact(FEAT_DIM).collect::<Vec<_>>()[..] {
            [t, f, b] => [t, f, b],
            _ => return Vec::new(),
        };
        self.before = Some((i, before.to_vec()));
        open.into_iter()
            .filter(|o| o.1 + 1 == i)
            .map(|(k, _, mut acc)| {
                for ((a, t), f) in acc.iter_mut().zip(total).zip(first) {
                    *a += t - f;
                }
                (k, acc)
            })
            .collect()
    }

    /// The junction of pair `k` (after sentence `i`) is finished with `sum`.
    fn junction(&mut self, k: usize, i: usize, sum: &[f32]) {
        if let Some((_, before)) = self.before.as_ref().filter(|b| b.0 == i) {
            let acc = before.iter().zip(sum).map(|(a, v)| a + v).collect();
            self.open.push((k, i, acc));
        }
    }
}

/// Whether pair `i` of `seqs` is made from its sentences' passes.
fn windowed(seqs: &[Vec<u32>], i: usize) -> bool {
    let ok = |s: &Vec<u32>| (LEAST..=SEGMENT).contains(&s.len());
    ok(&seqs[i]) && ok(&seqs[i + 1])
}

/// The sequences to run (the sentences, then the junctions and whole
/// pairs), what each stands for, and the items, in the order the pairs
/// are finished in: a sentence, the junction or whole pair after it, the
/// next sentence.
fn plan(seqs: &[Vec<u32>], pairs: &[usize]) -> (Vec<Vec<u32>>, Vec<Role>, Vec<Item>) {
    let mut all: Vec<Vec<u32>> = seqs.to_vec();
    let mut roles: Vec<Role> = (0..seqs.len()).map(Role::Sentence).collect();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); seqs.len()];
    let mut marked = vec![false; seqs.len()];
    for (k, &i) in pairs.iter().enumerate().filter(|(_, &i)| i < seqs.len().saturating_sub(1)) {
        let (a, b) = (&seqs[i], &seqs[i + 1]);
        let (a_end, b_start) = (a.len().saturating_sub(1), 1.min(b.len()));
        if windowed(seqs, i) {
            marked[i] = true;
            marked[i + 1] = true;
            all.push([&a[a_end - 2 * EDGE..a_end], &b[1..1 + 2 * EDGE]].concat());
            roles.push(Role::Junction(k));
        } else {
            all.push([&a[..a_end], &b[b_start..]].concat());
            roles.push(Role::Whole(k));
        }
        after[i].push(all.len() - 1);
    }
    let mut items = Vec::with_capacity(all.len());
    for (i, s) in seqs.iter().enumerate() {
        let n = s.len();
        push_items(&mut items, i, n, marked[i].then(|| [1 + EDGE, n - 1 - EDGE]));
        for &seq in &after[i] {
            match roles[seq] {
                Role::Junction(_) => {
                    items.push(Item { sent: seq, span: (0, 4 * EDGE), keep: (EDGE, 3 * EDGE), marks: None, ends: true })
                }
                _ => push_items(&mut items, seq, all[seq].len(), None),
            }
        }
    }
    (all, roles, items)
}
