//! The cells of a band as the lattice's passes walk them: cut into runs
//! of one row and blocks of runs, and the costs of the beads that end in
//! them, asked of the cost model a block at a time, in parallel.

use std::ops::Range;

use rayon::prelude::*;

use super::band::Band;

/// Beads, as their source and target units.
pub(super) type Beads = [(Range<usize>, Range<usize>)];

/// The costs of beads (`None` where one is not allowed), appended to the vector.
pub(super) type Costs<'c> = dyn Fn(&Beads, &mut Vec<Option<f64>>) + Sync + 'c;

/// A bead cost as the lattice uses and keeps it: to the precision of an
/// `f32`, so that the kept costs (4 bytes a bead) are the costs the passes
/// used, whether they were kept or asked again.
pub(super) fn kept(c: f64) -> f64 {
    f64::from(c as f32)
}

/// Where beads lie: the band and the bead shapes (what costing a run of
/// cells needs, apart from the passes' values).
#[derive(Clone, Copy)]
pub(super) struct Geometry<'a> {
    pub(super) band: &'a Band,
    pub(super) shapes: &'a [(usize, usize)],
}

impl Geometry<'_> {
    /// The start of bead shape `k` ending at `(i, j)`, if it lies in the band.
    pub(super) fn start(&self, i: usize, j: usize, k: usize) -> Option<(usize, usize)> {
        let (a, b) = self.shapes[k];
        (a <= i && b <= j && self.band.contains(i - a, j - b)).then(|| (i - a, j - b))
    }

    /// The cost of every bead that ends in the cells of run `(i, js)`, by
    /// cell and shape (`None` where the bead leaves the band or is not
    /// allowed): taken from `before` where it holds them, the others asked
    /// of `costs`.
    fn run_costs(&self, (i, js): Run, costs: &Costs<'_>, before: Option<&Costed>) -> Vec<Option<f64>> {
        let s = self.shapes.len();
        let lo = js.start;
        let mut row = vec![None; js.len() * s];
        let mut asked: Vec<(Range<usize>, Range<usize>)> = Vec::new();
        let mut at: Vec<usize> = Vec::new();
        for j in js {
            for k in 0..s {
                let Some((si, sj)) = self.start(i, j, k) else { continue };
                let slot = (j - lo) * s + k;
                match before.and_then(|b| b.get((i, j, k), (si, sj), s)) {
                    Some(c) => row[slot] = Some(c),
                    None => {
                        asked.push((si..i, sj..j));
                        at.push(slot);
                    }
                }
            }
        }
        let mut fresh = Vec::with_capacity(asked.len());
        costs(&asked, &mut fresh);
        for (slot, c) in at.into_iter().zip(fresh) {
            row[slot] = c.map(kept);
        }
        row
    }

    /// `step` over `blocks` in order, each with the costs of the beads that
    /// end in its runs; the next block is costed (in parallel) while `step`
    /// takes this one.
    pub(super) fn walk(
        &self,
        blocks: &[&[Run]],
        (costs, before): (&Costs<'_>, Option<&Costed>),
        mut step: impl FnMut(&[Run], &[Vec<Option<f64>>]) + Send,
    ) {
        let cost = |b: Option<&&[Run]>| b.map(|b| self.block_costs(b, costs, before)).unwrap_or_default();
        let mut costed = cost(blocks.first());
        for (k, block) in blocks.iter().enumerate() {
            let ((), next) = rayon::join(|| step(block, &costed), || cost(blocks.get(k + 1)));
            costed = next;
        }
    }

    /// The costs of the beads ending in every run of `block`, in parallel.
    pub(super) fn block_costs(
        &self,
        block: &[Run],
        costs: &Costs<'_>,
        before: Option<&Costed>,
    ) -> Vec<Vec<Option<f64>>> {
        block.par_iter().map(|(i, js)| self.run_costs((*i, js.clone()), costs, before)).collect()
    }
}

/// Beads costed at once, in parallel, before their cells are reached in
/// order (a bead's cost does not depend on the search, only the order of
/// the cells does): about 20 MB of costs and beads a block, two blocks in
/// passing ([`Geometry::walk`] costs the next while this one is taken),
/// within the memory estimate (the 20k-sentence zh–en document of
/// `scripts/long-bench.py` peaks at 931 MB, estimated at 1.0 GiB).
pub(super) const BLOCK_BEADS: usize = 1 << 18;

/// Most beads of one task of a block: a row of the band is cut into runs
/// of cells of at most this many beads.
pub(super) const RUN_BEADS: usize = BLOCK_BEADS / 8;

/// A run of cells of one row of the band: the row and its target boundaries.
pub(super) type Run = (usize, Range<usize>);

/// The bead costs of a narrower band, kept while a wider one is built:
/// the cost of a bead does not depend on the band, so the beads of both
/// are not costed twice.
pub(super) struct Costed {
    pub(super) band: Band,
    pub(super) offsets: Vec<usize>,
    pub(super) costs: Vec<f32>,
}

impl Costed {
    /// The cost of shape `k` from `(si, sj)` to `(i, j)`, when it was computed and finite.
    pub(super) fn get(&self, (i, j, k): (usize, usize, usize), (si, sj): (usize, usize), shapes: usize) -> Option<f64> {
        if !self.band.contains(i, j) || !self.band.contains(si, sj) {
            return None;
        }
        let at = (self.offsets[i] + (j - self.band.lo[i])) * shapes + k;
        self.costs.get(at).map(|&c| f64::from(c)).filter(|c| c.is_finite())
    }
}

/// `runs` cut into blocks of at most [`BLOCK_BEADS`] beads (`shapes` a
/// cell), in order; a block holds at least one run.
pub(super) fn blocks(runs: &[Run], shapes: usize) -> Vec<&[Run]> {
    let mut out = Vec::new();
    let (mut start, mut beads) = (0, 0);
    for (k, (_, js)) in runs.iter().enumerate() {
        let more = js.len() * shapes;
        if k > start && beads + more > BLOCK_BEADS {
            out.push(&runs[start..k]);
            (start, beads) = (k, 0);
        }
        beads += more;
    }
    if start < runs.len() {
        out.push(&runs[start..]);
    }
    out
}
