//! Vector helpers of the forward pass: sums, layer norm, ReLU, row gathering.

use crate::model::CNN_DIM;

/// Sum of `x` (of its squares with `SQUARE`) with 16 independent partial
/// sums (vectorizable). A const parameter, not a closure: closures slowed
/// the encoder by 7–10 % (`cargo bench -p clausediff-bench --bench encode`).
#[inline(always)]
fn sum16<const SQUARE: bool>(x: &[f32]) -> f32 {
    let mut acc = [0f32; 16];
    let mut chunks = x.chunks_exact(16);
    for c in &mut chunks {
        for i in 0..16 {
            acc[i] += if SQUARE { c[i] * c[i] } else { c[i] };
        }
    }
    let mut s = 0f32;
    for &v in chunks.remainder() {
        s += if SQUARE { v * v } else { v };
    }
    acc.iter().sum::<f32>() + s
}

#[inline(always)]
pub(super) fn relu(v: &mut [f32]) {
    for a in v.iter_mut() {
        *a = a.max(0.0);
    }
}

/// In-place layer norm of one row (numpy op order: centre, variance of the
/// centred values, scale by 1/sqrt(var + eps), gain, bias).
#[inline(always)]
pub(super) fn layernorm(row: &mut [f32], g: &[f32], b: &[f32], eps: f32) {
    let d = row.len() as f32;
    let mean = sum16::<false>(row) / d;
    for v in row.iter_mut() {
        *v -= mean;
    }
    let var = sum16::<true>(row) / d;
    let inv = 1.0 / (var + eps).sqrt();
    for ((v, gg), bb) in row.iter_mut().zip(g).zip(b) {
        *v = *v * inv * gg + bb;
    }
}

/// Row `r` of `out`: the windows of positions `ts[r]`,
/// `src[t-left+k, col..col+256]` for `k < order`, zeros outside the sentence.
#[allow(clippy::too_many_arguments)]
#[inline(always)]
pub(super) fn gather(
    src: &[f32],
    ld: usize,
    col: usize,
    ts: &[usize],
    order: usize,
    left: usize,
    sent_start: &[usize],
    sent_end: &[usize],
    out: &mut [f32],
) {
    let width = order * CNN_DIM;
    for (r, &t) in ts.iter().enumerate() {
        let row = &mut out[r * width..(r + 1) * width];
        for k in 0..order {
            let dst = &mut row[k * CNN_DIM..(k + 1) * CNN_DIM];
            let pos = t as isize - left as isize + k as isize;
            if pos >= sent_start[t] as isize && pos < sent_end[t] as isize {
                let p = pos as usize;
                dst.copy_from_slice(&src[p * ld + col..p * ld + col + CNN_DIM]);
            } else {
                dst.fill(0.0);
            }
        }
    }
}
