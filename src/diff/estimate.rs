//! The memory a diff will need, estimated before it runs ([`crate::budget`]).
//! Two releases that pair up unit by unit cost little; what does not pair
//! up is aligned (the stretches between units with equal keys, each a
//! search of its own) and reported, every unit of it a finding whose text
//! the report copies.

use std::ops::Range;

use super::DiffOptions;
use crate::align::{pair_releases, Paired, Stretch};
use crate::budget::{search_cells, Estimate};
use crate::document::Document;
use crate::segment::Segmentation;
use crate::text::normalize::length;

/// The estimated peak memory of [`super::diff`] on `old` and `new`: their
/// units are paired by their keys as the alignment of releases pairs them
/// (a patience diff under `opts.deadline`; what it leaves counts as
/// unpaired), and the largest stretch between pairs with units on both
/// sides sets the search (a stretch of one side alone is not searched).
/// [`super::diff`] itself checks [`DiffOptions::max_memory`] on the pairing
/// it goes on with, without pairing twice.
pub fn memory_estimate(old: &Document, new: &Document, opts: &DiffOptions) -> Estimate {
    of_paired(old, new, &pair_releases(old, new, &opts.align, opts.deadline))
}

/// The estimate of the diff of `old` and `new` whose units `paired` pairs.
pub(super) fn of_paired(old: &Document, new: &Document, paired: &Paired) -> Estimate {
    let (s, t) = (&paired.src, &paired.tgt);
    let bytes = |d: &Document, seg: &Segmentation, r: &Range<usize>| -> u64 {
        r.clone().map(|i| seg.unit_text(&d.text, i).len() as u64).sum()
    };
    let lengths = |d: &Document, seg: &Segmentation, r: &Range<usize>| -> Vec<f64> {
        r.clone().map(|i| length(seg.unit_text(&d.text, i)) as f64).collect()
    };
    let gaps = || {
        paired.stretches.iter().filter_map(|st| match st {
            Stretch::Gap(a, b) => Some((a, b)),
            Stretch::Same(..) => None,
        })
    };
    let unpaired = gaps().map(|(a, b)| bytes(old, s, a) + bytes(new, t, b)).sum();
    let cells = gaps()
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .map(|(a, b)| search_cells(&lengths(old, s, a), &lengths(new, t, b)))
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

    #[test]
    fn the_diff_refuses_releases_over_its_limit_and_runs_at_it() {
        let lines: Vec<String> = (0..50).map(|i| format!("Line {i} of the text.")).collect();
        let old = Document::from_text(lines.join("\n"), Some(Lang::En)).expect("old");
        let new = Document::from_text(lines.iter().rev().cloned().collect::<Vec<_>>().join("\n"), Some(Lang::En))
            .expect("new");
        let e = memory_estimate(&old, &new, &DiffOptions::default());
        let under = DiffOptions { max_memory: Some(e.bytes - 1), ..DiffOptions::default() };
        let err = super::super::diff(&old, &new, &under).expect_err("over the limit");
        assert_eq!(err.kind(), crate::error::ErrorKind::OverBudget);
        let at = DiffOptions { max_memory: Some(e.bytes), ..DiffOptions::default() };
        assert!(super::super::diff(&old, &new, &at).is_ok());
    }
}
