//! The memory a diff will need, estimated before it runs ([`crate::budget`]).
//! Two releases that pair up unit by unit cost little; what does not pair
//! up is aligned (the stretches between units with equal keys, each a
//! search of its own) and reported, every unit of it a finding whose text
//! the report copies.

use std::ops::Range;
use std::time::Instant;

use similar::{Algorithm, DiffOp};

use super::DiffOptions;
use crate::budget::{search_cells, Estimate};
use crate::document::Document;
use crate::segment::{segment, Segmentation};
use crate::text::normalize::{length, loose_key};

/// The estimated peak memory of [`super::diff`] on `old` and `new`: their
/// units are paired by their keys as the alignment of releases pairs them
/// (a patience diff under `opts.deadline`; what it leaves counts as
/// unpaired), and the largest stretch between pairs sets the search.
pub fn memory_estimate(old: &Document, new: &Document, opts: &DiffOptions) -> Estimate {
    let align = opts.align.for_pair(old.lang, new.lang);
    let seg = |d: &Document| segment(&d.text, d.lang, align.level, &align.segment);
    let (s, t) = (seg(old), seg(new));
    let keys = |d: &Document, seg: &Segmentation| -> Vec<String> {
        (0..seg.units.len()).map(|i| loose_key(seg.unit_text(&d.text, i), d.lang)).collect()
    };
    let ops = {
        let (ks, kt) = (keys(old, &s), keys(new, &t));
        similar::capture_diff_slices_deadline(Algorithm::Patience, &ks, &kt, Some(Instant::now() + opts.deadline))
    };
    // The stretches between equal runs, as the alignment of releases joins them.
    let mut gaps: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut open: Option<(Range<usize>, Range<usize>)> = None;
    for op in &ops {
        match *op {
            DiffOp::Equal { .. } => gaps.extend(open.take()),
            _ => {
                let (a, b) = (op.old_range(), op.new_range());
                open = Some(match open.take() {
                    Some((ga, gb)) => (ga.start..a.end.max(ga.end), gb.start..b.end.max(gb.end)),
                    None => (a, b),
                });
            }
        }
    }
    gaps.extend(open);
    let bytes = |d: &Document, seg: &Segmentation, r: Range<usize>| -> u64 {
        r.map(|i| seg.unit_text(&d.text, i).len() as u64).sum()
    };
    let lengths = |d: &Document, seg: &Segmentation, r: Range<usize>| -> Vec<f64> {
        r.map(|i| length(seg.unit_text(&d.text, i)) as f64).collect()
    };
    let unpaired = gaps.iter().map(|(a, b)| bytes(old, &s, a.clone()) + bytes(new, &t, b.clone())).sum();
    let cells = gaps
        .iter()
        .map(|(a, b)| search_cells(&lengths(old, &s, a.clone()), &lengths(new, &t, b.clone())))
        .max()
        .unwrap_or(0);
    Estimate::releases((old.text.len() + new.text.len()) as u64, unpaired, cells)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn releases_that_pair_up_cost_less_than_reordered_ones() {
        let lines: Vec<String> = (0..400).map(|i| format!("Sentence number {i} of the release is here.")).collect();
        let doc = |lines: &[String]| Document::from_text(lines.join("\n"), Some(Lang::En)).expect("a release");
        let old = doc(&lines);
        let mut edited = lines.clone();
        edited[200] = "A changed sentence.".to_string();
        let reversed: Vec<String> = lines.iter().rev().cloned().collect();
        let opts = DiffOptions::default();
        let (same, other) =
            (memory_estimate(&old, &doc(&edited), &opts), memory_estimate(&old, &doc(&reversed), &opts));
        // One unit changed: a stretch of one unit a side, searched whole.
        assert_eq!(same.cells, 4);
        // Reversed: hardly a unit pairs up, and every unit is a finding.
        assert!(other.bytes > same.bytes + 700 * 40 * crate::budget::UNPAIRED_PER_BYTE, "{same:?} {other:?}");
    }
}
