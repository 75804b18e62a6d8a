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
/// unit left alone side by side into one pair ([`join`]), unless they are
/// two section heads numbered otherwise ([`renumbered_heads`]: a `number`
/// finding) or a user confirmed either bead as it stands. The report's
/// rows and its findings then read them as one pair. The alignment as the
/// aligner made it, when any two were joined (what the omission model
/// learns the pairing's habits from).
pub(super) fn join_alone(
    (master, master_seg): (&Document, &Segmentation),
    (version, a): (&Document, &mut VersionAlignment),
) -> Option<Alignment> {
    let renumbered = renumbered_heads((master, master_seg), (version, &a.seg), &a.alignment.beads);
    let heads = |k: usize| renumbered.iter().any(|r| r.0 + 1 >= k && r.0 <= k + 1);
    let (beads, confirmed) = join(&a.alignment, &a.confirmed, heads)?;
    let made = a.alignment.clone();
    (a.alignment.beads, a.confirmed) = (beads, confirmed);
    Some(made)
}

/// The beads of `a` with each bead `k` that is a master unit alone and
/// the next, a version unit alone (either first), joined into one pair,
/// unless `apart(k)` or either bead is `confirmed`; and the confirmed
/// marks of the beads (none when `confirmed` is empty). The pair's
/// posterior is the least the alignment leaves for neither being alone.
/// None when no two are joined.
fn join(a: &Alignment, confirmed: &[bool], apart: impl Fn(usize) -> bool) -> Option<(Vec<Bead>, Vec<bool>)> {
    let sure = |k: usize| confirmed.get(k).copied().unwrap_or(false);
    let (mut beads, mut marks) = (Vec::with_capacity(a.beads.len()), Vec::with_capacity(confirmed.len()));
    let mut k = 0;
    while k < a.beads.len() {
        let next = a.beads.get(k + 1).filter(|_| !apart(k) && !sure(k) && !sure(k + 1));
        match next.and_then(|next| joined(a, &a.beads[k], next)) {
            Some(bead) => {
                beads.push(bead);
                marks.push(false);
                k += 2;
            }
            None => {
                beads.push(a.beads[k].clone());
                marks.push(sure(k));
                k += 1;
            }
        }
    }
    if confirmed.is_empty() {
        marks.clear();
    }
    (beads.len() < a.beads.len()).then_some((beads, marks))
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

    /// The shapes of the beads of `a` joined with `confirmed` and `apart`,
    /// and their marks; `a` as it is when nothing is joined.
    type Shapes = Vec<(std::ops::Range<usize>, std::ops::Range<usize>)>;
    fn joined_with(a: &Alignment, confirmed: &[bool], apart: impl Fn(usize) -> bool) -> (Shapes, Vec<bool>) {
        let (beads, marks) = join(a, confirmed, apart).unwrap_or_else(|| (a.beads.clone(), confirmed.to_vec()));
        (beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect(), marks)
    }

    #[test]
    fn a_master_unit_and_a_version_unit_alone_side_by_side_are_one_pair() {
        let a = alignment(vec![bead(0..1, 0..1), bead(1..2, 1..1), bead(1..1, 1..2), bead(2..3, 2..3)]);
        let (beads, _) = join(&a, &[], |_| false).expect("a pair joined");
        let shapes: Shapes = beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
        assert_eq!(shapes, vec![(0..1, 0..1), (1..2, 1..2), (2..3, 2..3)]);
        assert!((beads[1].posterior - 0.1).abs() < 1e-6, "1 − the likelier of the two alone");
        // The version's unit first makes the same pair.
        let (shapes, _) = joined_with(&alignment(vec![bead(0..0, 0..1), bead(0..1, 1..1)]), &[], |_| false);
        assert_eq!(shapes, vec![(0..1, 0..1)]);
    }

    #[test]
    fn units_alone_on_one_side_kept_apart_or_confirmed_stay_alone() {
        let a =
            alignment(vec![bead(0..1, 0..0), bead(1..2, 0..0), bead(2..2, 0..1), bead(2..3, 1..2), bead(3..4, 2..2)]);
        // Two master units alone: the second pairs with the version unit
        // after it, the first stays alone; a paired bead is not joined.
        let (shapes, marks) = joined_with(&a, &[], |_| false);
        assert_eq!(shapes, vec![(0..1, 0..0), (1..2, 0..1), (2..3, 1..2), (3..4, 2..2)]);
        assert!(marks.is_empty());
        // The confirmed marks follow their beads; a joined pair is not confirmed.
        let (_, marks) = joined_with(&a, &[true, false, false, true, false], |_| false);
        assert_eq!(marks, vec![true, false, true, false]);
        // A confirmed bead, or one kept apart, is not joined.
        assert!(join(&a, &[false, false, true, false, false], |_| false).is_none());
        assert!(join(&a, &[false, true, false, false, false], |_| false).is_none());
        assert!(join(&a, &[], |k| k == 1).is_none());
        assert!(join(&alignment(Vec::new()), &[], |_| false).is_none());
    }
}
