//! Work items of the encoder: whole sentences, or segments of long ones,
//! and how their pooled sums are added up into sentences.

use crate::model::{HALO, SEGMENT};

/// A sentence, or a segment of a long one: token range `span` of sentence
/// `sent` is run through the network, positions in `keep` are pooled; the
/// running sum is also taken before each position of `marks` (within `keep`).
#[derive(Clone, Copy)]
pub(crate) struct Item {
    pub(crate) sent: usize,
    pub(crate) span: (usize, usize),
    pub(crate) keep: (usize, usize),
    pub(crate) marks: Option<[usize; 2]>,
    /// Whether the item is its sentence's last.
    pub(crate) ends: bool,
}

/// The items of sentence `sent` of `n` tokens: itself, or segments of
/// [`SEGMENT`] tokens with a halo of [`HALO`] when longer. `marks` are
/// taken only for a sentence of one item.
pub(crate) fn push_items(items: &mut Vec<Item>, sent: usize, n: usize, marks: Option<[usize; 2]>) {
    if n <= SEGMENT {
        items.push(Item { sent, span: (0, n), keep: (0, n), marks, ends: true });
        return;
    }
    let mut a = 0;
    while a < n {
        let b = (a + SEGMENT).min(n);
        items.push(Item {
            sent,
            span: (a.saturating_sub(HALO), (b + HALO).min(n)),
            keep: (a, b),
            marks: None,
            ends: b == n,
        });
        a = b;
    }
}

/// The sentences a chunk's sums finish: the sums of a sentence's items
/// are added up (a sentence continuing into the next chunk stays in
/// `pending`); each finished sentence with its sum (and the running sums
/// at its marks, when it has them).
pub(crate) fn finished(
    chunk: &[(Item, Vec<u32>)],
    sums: Vec<Vec<f32>>,
    pending: &mut Option<(usize, Vec<f32>)>,
) -> Vec<(usize, Vec<f32>)> {
    let mut done: Vec<(usize, Vec<f32>)> = Vec::new();
    for ((it, _), sum) in chunk.iter().zip(sums) {
        match pending {
            Some((sent, acc)) if *sent == it.sent => {
                for (a, v) in acc.iter_mut().zip(&sum) {
                    *a += v;
                }
            }
            _ => {
                if let Some(p) = pending.take() {
                    done.push(p); // not reached: sentences end with their last item
                }
                *pending = Some((it.sent, sum));
            }
        }
        if it.ends {
            if let Some(p) = pending.take() {
                done.push(p);
            }
        }
    }
    done
}
