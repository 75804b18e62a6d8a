//! Vectors of runs of neighbouring sentences (windows) made from the
//! sentences' own pass through the network.
//!
//! The network sees each token with at most [`HALO`] tokens of context on
//! each side, and pools its per-token features by summing them, so the
//! pooled sum of a window (its first sentence's tokens without EOS, each
//! middle one's without BOS and EOS, the last one's without BOS) is: the
//! first sentence's running sum up to its last [`EDGE`] content tokens;
//! for each seam, the sum over a junction of 2 × [`EDGE`] tokens run with
//! [`HALO`] tokens of context each side; each middle sentence's sum
//! between its first and last [`EDGE`] content tokens; and the last
//! sentence's sum after its first [`EDGE`] content tokens. Only the
//! junctions are run again (one per seam, shared by every window across
//! it). A pair with a sentence too short (or too long to be one item) is
//! run whole; a longer window with such a sentence is not made (an empty
//! vector): run whole it would cost the encoder several times its
//! sentences' own pass.

use crate::items::{finished, push_items, Item};
use crate::model::{Model, FEAT_DIM, HALO, SEGMENT};

/// Content tokens at each end of a sentence whose features depend on what
/// lies beyond it (the reach of the two stacked convolutions).
const EDGE: usize = HALO;

/// Least tokens (BOS and EOS included) of a sentence whose windows are
/// made from its own pass: its first and last [`EDGE`] content tokens,
/// and the context of each, are content tokens.
const LEAST: usize = 2 + 2 * EDGE;

/// A window: `len` neighbouring sentences from sentence `start`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Window {
    /// Its first sentence.
    pub start: usize,
    /// How many sentences it holds.
    pub len: usize,
}

impl Window {
    /// Its sentences.
    pub fn units(&self) -> std::ops::Range<usize> {
        self.start..self.start.saturating_add(self.len)
    }

    /// Whether it holds at least two sentences, all among `n`.
    fn fits(&self, n: usize) -> bool {
        self.len >= 2 && self.start.checked_add(self.len).is_some_and(|end| end <= n)
    }

    /// Its last sentence.
    fn last(&self) -> usize {
        self.start + self.len - 1
    }
}

/// What a sequence of a windowed batch stands for.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Role {
    /// Sentence `i` of the input.
    Sentence(usize),
    /// The junction after sentence `i` (between it and the next).
    Junction(usize),
    /// Window `k`, run whole.
    Whole(usize),
}

impl Model {
    /// Vectors of the sentences `seqs` (token ids, BOS/EOS included) and
    /// of the windows `windows`, each as [`Model::encode_ids`] would encode
    /// its first sentence without its EOS, then each middle one without
    /// BOS and EOS, then its last without its BOS, but for the order in
    /// which the floating-point sums are taken. A sentence's vector is the
    /// one [`Model::encode_ids`] gives it, bit for bit. A window of fewer
    /// than two sentences, or past the last, or of three or more with one
    /// too short for its edges or too long to be one item, gets an empty
    /// vector.
    pub fn encode_windows(&self, seqs: &[Vec<u32>], windows: &[Window]) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
        let plan = plan(seqs, windows);
        let mut singles: Vec<Vec<f32>> = vec![Vec::new(); seqs.len()];
        let mut joined: Vec<Vec<f32>> = vec![Vec::new(); windows.len()];
        let mut state = Joining { starts: &plan.starts, windows, open: Vec::new() };
        let mut pending = None;
        let tokens = |w: &Window| seqs[w.start..w.start + w.len].iter().map(Vec::len).sum::<usize>() - 2 * (w.len - 1);
        self.run_items(&plan.all, plan.items, |chunk, sums| {
            let mut done: Vec<(usize, Vec<f32>, usize)> = Vec::new();
            for (seq, sum) in finished(chunk, sums, &mut pending) {
                match plan.roles[seq] {
                    Role::Sentence(i) => {
                        for (k, v) in state.sentence(i, &sum) {
                            done.push((seqs.len() + k, v, tokens(&windows[k])));
                        }
                        done.push((i, sum, seqs[i].len()));
                    }
                    Role::Junction(i) => state.junction(i, &sum),
                    Role::Whole(k) => done.push((seqs.len() + k, sum, plan.all[seq].len())),
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

/// Windows put together as their parts come, in order: a sentence, the
/// junction after it, the next sentence.
struct Joining<'a> {
    /// The windows made from their sentences' passes, by first sentence.
    starts: &'a [Vec<usize>],
    windows: &'a [Window],
    /// Windows begun: each with the sentence its next part follows, whether
    /// that part is the junction after it (else the sentence itself), and
    /// its sum so far.
    open: Vec<(usize, usize, bool, Vec<f32>)>,
}

impl Joining<'_> {
    /// Sentence `i` is finished with `sum` (its sum, then its running sums
    /// at its marks when it has them): the windows it closes.
    fn sentence(&mut self, i: usize, sum: &[f32]) -> Vec<(usize, Vec<f32>)> {
        // A sentence of a window made from its pass: its sum, then its
        // running sums after its first and before its last edge.
        let parts = match sum.chunks_exact(FEAT_DIM).collect::<Vec<_>>()[..] {
            [t, f, b] => Some([t, f, b]),
            _ => None,
        };
        let mut closed = Vec::new();
        let mut open = Vec::new();
        for (k, at, junction, mut acc) in std::mem::take(&mut self.open) {
            let Some([total, first, before]) = parts.filter(|_| at == i && !junction) else { continue };
            let last = self.windows[k].last() == i;
            // The last sentence adds all it has after its first edge, a
            // middle one what lies between its edges.
            let upto = if last { total } else { before };
            for ((a, u), f) in acc.iter_mut().zip(upto).zip(first) {
                *a += u - f;
            }
            if last {
                closed.push((k, acc));
            } else {
                open.push((k, i, true, acc));
            }
        }
        if let Some([_, _, before]) = parts {
            open.extend(self.starts.get(i).into_iter().flatten().map(|&k| (k, i, true, before.to_vec())));
        }
        self.open = open;
        closed
    }

    /// The junction after sentence `i` is finished with `sum`.
    fn junction(&mut self, i: usize, sum: &[f32]) {
        for (_, at, junction, acc) in self.open.iter_mut().filter(|o| o.1 == i && o.2) {
            for (a, v) in acc.iter_mut().zip(sum) {
                *a += v;
            }
            *at = i + 1;
            *junction = false;
        }
    }
}

/// Whether a sentence of `tokens` tokens (BOS and EOS included) has the
/// windows it is in made from its own pass: its first and last 4 content
/// tokens and their context are content tokens, and it is one piece of
/// the encoder.
pub fn joins_from_pass(tokens: usize) -> bool {
    (LEAST..=SEGMENT).contains(&tokens)
}

/// Whether every sentence of window `w` of `seqs` can be used from its own pass.
fn windowed(seqs: &[Vec<u32>], w: &Window) -> bool {
    seqs[w.units()].iter().all(|s| joins_from_pass(s.len()))
}

/// What to run for a batch of windows.
struct Plan {
    /// The sequences: the sentences, then the junctions and whole windows.
    all: Vec<Vec<u32>>,
    /// What each sequence stands for.
    roles: Vec<Role>,
    /// The items, in the order windows are finished in: a sentence, the
    /// junction and whole windows after it, the next sentence.
    items: Vec<Item>,
    /// The windows made from their sentences' passes, by first sentence.
    starts: Vec<Vec<usize>>,
}

/// The tokens of window `w` of `seqs` end to end (the first sentence
/// without EOS, the middle ones without BOS and EOS, the last without BOS).
fn joined_tokens(seqs: &[Vec<u32>], w: &Window) -> Vec<u32> {
    let mut out = Vec::new();
    for (j, s) in seqs[w.start..w.start + w.len].iter().enumerate() {
        let from = if j == 0 { 0 } else { 1.min(s.len()) };
        let to = if j + 1 == w.len { s.len() } else { s.len().saturating_sub(1).max(from) };
        out.extend_from_slice(&s[from..to]);
    }
    out
}

fn plan(seqs: &[Vec<u32>], windows: &[Window]) -> Plan {
    let n = seqs.len();
    let mut all: Vec<Vec<u32>> = seqs.to_vec();
    let mut roles: Vec<Role> = (0..n).map(Role::Sentence).collect();
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut marked = vec![false; n];
    let mut seam = vec![false; n];
    let mut starts: Vec<Vec<usize>> = vec![Vec::new(); n];
    for (k, w) in windows.iter().enumerate().filter(|(_, w)| w.fits(n)) {
        if windowed(seqs, w) {
            marked[w.start..=w.last()].iter_mut().for_each(|m| *m = true);
            seam[w.start..w.last()].iter_mut().for_each(|m| *m = true);
            starts[w.start].push(k);
        } else if w.len == 2 {
            all.push(joined_tokens(seqs, w));
            roles.push(Role::Whole(k));
            after[w.start].push(all.len() - 1);
        }
    }
    let mut items = Vec::with_capacity(all.len());
    for (i, s) in seqs.iter().enumerate() {
        let len = s.len();
        push_items(&mut items, i, len, marked[i].then(|| [1 + EDGE, len - 1 - EDGE]));
        if seam[i] {
            // The junction: the last 2 × EDGE content tokens of sentence i
            // and the first 2 × EDGE of the next, its middle pooled.
            let next = &seqs[i + 1];
            all.push([&s[len - 1 - 2 * EDGE..len - 1], &next[1..1 + 2 * EDGE]].concat());
            roles.push(Role::Junction(i));
            items.push(Item {
                sent: all.len() - 1,
                span: (0, 4 * EDGE),
                keep: (EDGE, 3 * EDGE),
                marks: None,
                ends: true,
            });
        }
        for &seq in &after[i] {
            push_items(&mut items, seq, all[seq].len(), None);
        }
    }
    Plan { all, roles, items, starts }
}
