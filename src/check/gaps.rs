//! Units alone side by side read as one pair: the alignment of `check`
//! joins a master unit and a version unit that the aligner leaves alone
//! next to each other into one bead. A clause deleted at the head of a
//! sentence can leave the rest («совершённое 22 апреля 2025 года в
//! Пахалгаме.») too short for the aligner to pair with its master
//! sentence: alone, the two would be one sentence missing and one added,
//! where the omission model, reading the pair, finds the clause the
//! version lacks and the rest translated, and the report's rows show the
//! two side by side. A unit the version really adds there is reported by
//! the same model, as content of the pair the master lacks.

use super::rules::renumbered_heads;
use crate::align::{Alignment, Bead, VersionAlignment};
use crate::document::Document;
use crate::segment::Segmentation;

/// Join, in the alignment `a` of `version`, each master unit and version
/// unit left alone side by side into one pair ([`examined`]), unless they
/// are two section heads numbered otherwise ([`renumbered_heads`]: a
/// `number` finding) or a user confirmed either bead as it stands. The
/// report's rows and its findings then read them as one pair.
pub(super) fn join_alone(
    (master, master_seg): (&Document, &Segmentation),
    (version, a): (&Document, &mut VersionAlignment),
) {
    let joined = {
        let renumbered = renumbered_heads((master, master_seg), (version, &a.seg), &a.alignment.beads);
        let confirmed = |k: usize| a.confirmed.get(k).copied().unwrap_or(false);
        let apart =
            |k: usize| confirmed(k) || confirmed(k + 1) || renumbered.iter().any(|r| r.0 + 1 >= k && r.0 <= k + 1);
        examined(&a.alignment, apart)
    };
    if joined.len() == a.alignment.beads.len() {
        return;
    }
    if !a.confirmed.is_empty() {
        a.confirmed = joined.iter().map(|e| a.confirmed.get(e.first).copied().unwrap_or(false)).collect();
    }
    a.alignment.beads = joined.into_iter().map(|e| e.bead).collect();
}

/// A bead to examine, and the index of the first alignment bead it stands for.
struct Examined {
    /// The bead: the alignment's, or two of its beads as one pair.
    bead: Bead,
    /// The index of the alignment bead it stands for (the first of two).
    first: usize,
}

/// The beads of `a` to examine, in order. Bead `k` and the next, a master
/// unit alone and a version unit alone (either first), are one pair
/// unless `apart(k)` (two section heads read otherwise, or a bead a
/// user confirmed). The pair's
/// posterior is the least the alignment leaves for neither being alone.
fn examined(a: &Alignment, apart: impl Fn(usize) -> bool) -> Vec<Examined> {
    let beads = &a.beads;
    let mut out = Vec::with_capacity(beads.len());
    let mut k = 0;
    while k < beads.len() {
        match beads.get(k + 1).filter(|_| !apart(k)).and_then(|next| joined(a, &beads[k], next)) {
            Some(bead) => {
                out.push(Examined { bead, first: k });
                k += 2;
            }
            None => {
                out.push(Examined { bead: beads[k].clone(), first: k });
                k += 1;
            }
        }
    }
    out
}

/// Beads `b` and `c` as one pair, when one is a master unit alone and the
/// other a version unit alone.
fn joined(a: &Alignment, b: &Bead, c: &Bead) -> Option<Bead> {
    let lone = |x: &Bead| match (x.src.len(), x.tgt.len()) {
        (1, 0) => Some(true),
        (0, 1) => Some(false),
        _ => None,
    };
    let (m, v) = match (lone(b)?, lone(c)?) {
        (true, false) => (b, c),
        (false, true) => (c, b),
        _ => return None,
    };
    let alone = a.src_alone.get(m.src.start)?.max(*a.tgt_alone.get(v.tgt.start)?);
    Some(Bead { src: m.src.clone(), tgt: v.tgt.clone(), score: 0.0, posterior: 1.0 - alone })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bead(src: std::ops::Range<usize>, tgt: std::ops::Range<usize>) -> Bead {
        Bead { src, tgt, score: 0.5, posterior: 0.9 }
    }

    fn alignment(beads: Vec<Bead>) -> Alignment {
        Alignment { beads, src_alone: vec![0.1, 0.9, 0.2, 0.7], tgt_alone: vec![0.1, 0.8, 0.6, 0.3] }
    }

    #[test]
    fn a_master_unit_and_a_version_unit_alone_side_by_side_are_one_pair() {
        let a = alignment(vec![bead(0..1, 0..1), bead(1..2, 1..1), bead(1..1, 1..2), bead(2..3, 2..3)]);
        let e = examined(&a, |_| false);
        let shapes: Vec<_> = e.iter().map(|x| (x.bead.src.clone(), x.bead.tgt.clone(), x.first)).collect();
        assert_eq!(shapes, vec![(0..1, 0..1, 0), (1..2, 1..2, 1), (2..3, 2..3, 3)]);
        assert!((e[1].bead.posterior - 0.1).abs() < 1e-6, "1 − the likelier of the two alone");
        // The version's unit first makes the same pair.
        let a = alignment(vec![bead(0..0, 0..1), bead(0..1, 1..1)]);
        let e = examined(&a, |_| false);
        assert_eq!((e.len(), e[0].bead.src.clone(), e[0].bead.tgt.clone()), (1, 0..1, 0..1));
    }

    #[test]
    fn units_alone_on_one_side_or_kept_apart_stay_alone() {
        let a =
            alignment(vec![bead(0..1, 0..0), bead(1..2, 0..0), bead(2..2, 0..1), bead(2..3, 1..2), bead(3..4, 2..2)]);
        let kept: Vec<_> = examined(&a, |_| false).iter().map(|x| (x.bead.src.clone(), x.bead.tgt.clone())).collect();
        // Two master units alone: the second pairs with the version unit
        // after it, the first stays alone; a paired bead is not joined.
        assert_eq!(kept, vec![(0..1, 0..0), (1..2, 0..1), (2..3, 1..2), (3..4, 2..2)]);
        let a = alignment(vec![bead(0..1, 0..0), bead(1..1, 0..1)]);
        assert_eq!(examined(&a, |k| k == 0).len(), 2);
    }
}
