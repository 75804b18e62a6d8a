//! Merging pairwise alignments to the master into one n-way table.

use std::ops::Range;

use super::{NRow, VersionAlignment};

/// Rows of the n-way table: a row boundary falls where every version has a
/// bead boundary on the master side; units a version adds stay in the row
/// where they occur.
pub(super) fn merge(n_master: usize, versions: &[VersionAlignment]) -> Vec<NRow> {
    // cut[i]: every version has a bead starting at master unit i
    let mut cut = vec![true; n_master + 1];
    for v in versions {
        let mut starts = vec![false; n_master + 1];
        starts[n_master] = true;
        for b in &v.alignment.beads {
            if !b.src.is_empty() {
                starts[b.src.start] = true;
            }
        }
        for (c, s) in cut.iter_mut().zip(&starts) {
            *c &= *s;
        }
    }
    let mut bounds: Vec<usize> = (0..=n_master).filter(|&i| cut[i]).collect();
    if bounds.first() != Some(&0) {
        bounds.insert(0, 0);
    }
    let mut rows: Vec<NRow> =
        bounds.windows(2).map(|w| NRow { master: w[0]..w[1], versions: vec![0..0; versions.len()] }).collect();
    if rows.is_empty() {
        rows.push(NRow { master: 0..0, versions: vec![0..0; versions.len()] });
    }
    for (k, v) in versions.iter().enumerate() {
        let mut row = 0;
        for b in &v.alignment.beads {
            if !b.src.is_empty() {
                while row + 1 < rows.len() && rows[row].master.end <= b.src.start {
                    row += 1;
                }
            }
            extend(&mut rows[row].versions[k], &b.tgt);
        }
    }
    rows
}

fn extend(r: &mut Range<usize>, add: &Range<usize>) {
    if add.start >= add.end {
        return;
    }
    *r = if r.start >= r.end { add.clone() } else { r.start.min(add.start)..r.end.max(add.end) };
}
