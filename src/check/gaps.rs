//! Units alone side by side read as one pair: the alignment of `check`
//! joins a master unit and a version unit that the aligner leaves alone
//! next to each other into one bead. A clause deleted at the head of a
//! sentence can leave the rest («совершённое 22 апреля 2025 года в
//! Пахалгаме.») too short for the aligner to pair with its master
//! sentence: alone, the two would be one sentence missing and one added,
//! where the omission model, reading the pair, finds the clause the
//! version lacks and the rest translated, and the report's rows show the
//! two side by side. A unit the version really adds there is reported by
//! the same model, as content of the pair the master lacks. Two section
//! heads left alone side by side with other numbers (第九條 ↔ "Article
//! 12") are not joined: they are one head numbered otherwise.

use crate::align::{Alignment, Bead, VersionAlignment};
use crate::document::Document;
use crate::segment::{Segmentation, Span};
use crate::text::numbers;

/// What the findings of a version read besides its alignment.
#[derive(Debug, Default)]
pub(super) struct Joined {
    /// The alignment as the aligner made it, when [`join_alone`] joined
    /// any two units: what the omission model learns the pairing's habits
    /// from.
    pub learnt: Option<Alignment>,
    /// The section heads numbered otherwise ([`renumbered_heads`]), each
    /// as the index of the first of its two beads in the alignment as
    /// joined, the master's head and the version's.
    pub renumbered: Vec<(usize, Span, Span)>,
}

/// Join, in the alignment `a` of `version`, each master unit and version
/// unit left alone side by side into one pair ([`join`]), unless they are
/// two section heads numbered otherwise ([`renumbered_heads`]: a `number`
/// finding) or a user confirmed either bead as it stands. The report's
/// rows and its findings then read them as one pair.
pub(super) fn join_alone(
    (master, master_seg): (&Document, &Segmentation),
    (version, a): (&Document, &mut VersionAlignment),
) -> Joined {
    let renumbered = renumbered_heads((master, master_seg), (version, &a.seg), &a.alignment.beads);
    let heads = |k: usize| renumbered.iter().any(|r| r.0 + 1 >= k && r.0 <= k + 1);
    let Some((beads, confirmed)) = join(&a.alignment, &a.confirmed, heads) else {
        return Joined { learnt: None, renumbered };
    };
    // The heads' beads are never joined: each is found again as it was.
    let renumbered = renumbered
        .into_iter()
        .filter_map(|(k, ms, os)| {
            let was = &a.alignment.beads[k];
            Some((beads.iter().position(|b| b.src == was.src && b.tgt == was.tgt)?, ms, os))
        })
        .collect();
    let made = a.alignment.clone();
    (a.alignment.beads, a.confirmed) = (beads, confirmed);
    Joined { learnt: Some(made), renumbered }
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

/// Section heads the alignment leaves alone side by side, one of the
/// master and one of the version, whose numbers differ (第九條 ↔ "Article
/// 12"): one head numbered otherwise, a number finding rather than one
/// missing and one added. Two such heads with one number are a gap of the
/// alignment and are taken first, so that neither is read as another
/// head renumbered (第九條, "Article 9", 第十二條: 第十二條 is missing). Each
/// as (the first of its two beads, the master's head, the version's).
pub(super) fn renumbered_heads(
    (master, master_seg): (&Document, &Segmentation),
    (version, seg): (&Document, &Segmentation),
    beads: &[Bead],
) -> Vec<(usize, Span, Span)> {
    let head = |doc: &Document, s: &Segmentation, units: &std::ops::Range<usize>| {
        let span = s.span_of(units).filter(|_| units.len() == 1)?;
        Some((span, numbers::heading_number(span.text(&doc.text))?))
    };
    let lone = |b: &Bead| match (b.src.is_empty(), b.tgt.is_empty()) {
        (false, true) => head(master, master_seg, &b.src).map(|h| (true, h)),
        (true, false) => head(version, seg, &b.tgt).map(|h| (false, h)),
        _ => None,
    };
    // The heads of beads k − 1 and k, one of each side: (master's, version's).
    let side_by_side = |k: usize| match (lone(&beads[k - 1]), lone(&beads[k])) {
        (Some((true, m)), Some((false, v))) | (Some((false, v)), Some((true, m))) => Some((m, v)),
        _ => None,
    };
    let mut used = vec![false; beads.len()];
    let mut out = Vec::new();
    for same in [true, false] {
        for k in 1..beads.len() {
            if used[k - 1] || used[k] {
                continue;
            }
            if let Some(((ms, _), (vs, _))) = side_by_side(k).filter(|((_, n), (_, m))| (n == m) == same) {
                (used[k - 1], used[k]) = (true, true);
                if !same {
                    out.push((k - 1, ms, vs));
                }
            }
        }
    }
    out.sort_by_key(|r| r.0);
    out
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::segment::{segment, Level, SegmentOptions};
    use crate::Lang;

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

    /// A document of `text` in `lang`, cut into sentences (the tests of
    /// [`super::super::rules`] read it too).
    pub(in crate::check) fn doc(text: &str, lang: Lang) -> (Document, Segmentation) {
        let d = Document::from_text(text.to_string(), Some(lang)).expect("a document");
        let s = segment(&d.text, lang, Level::Sentence, &SegmentOptions::default());
        (d, s)
    }

    #[test]
    fn heads_numbered_otherwise_are_found_where_the_joined_alignment_puts_them() {
        let (m, ms) = doc("人人平等。\n\n第九條\n\n人人自由。", Lang::ZhHant);
        let (v, vs) = doc("None is a slave.\n\nArticle 12\n\nAll are free.", Lang::En);
        // A sentence alone on each side (joined), then the two heads alone.
        let beads = vec![bead(0..1, 0..0), bead(1..1, 0..1), bead(1..2, 1..1), bead(2..2, 1..2), bead(2..3, 2..3)];
        let alignment = Alignment { beads, src_alone: vec![0.9, 0.9, 0.1], tgt_alone: vec![0.9, 0.9, 0.1] };
        let mut a = VersionAlignment { seg: vs, alignment, notes: Vec::new(), confirmed: Vec::new() };
        let j = join_alone((&m, &ms), (&v, &mut a));
        let shapes: Shapes = a.alignment.beads.iter().map(|b| (b.src.clone(), b.tgt.clone())).collect();
        assert_eq!(shapes, vec![(0..1, 0..1), (1..2, 1..1), (2..2, 1..2), (2..3, 2..3)]);
        assert_eq!(j.learnt.map(|l| l.beads.len()), Some(5), "the aligner's beads are kept");
        let heads: Vec<(usize, &str, &str)> =
            j.renumbered.iter().map(|&(k, a, b)| (k, a.text(&m.text), b.text(&v.text))).collect();
        assert_eq!(heads, [(1, "第九條", "Article 12")]);
    }

    #[test]
    fn heads_left_alone_side_by_side_with_other_numbers_are_one_head_renumbered() {
        let (m, ms) = doc("第一條\n\n人人平等。\n\n第九條\n\n人人自由。", Lang::ZhHant);
        let (v, vs) = doc("Article 1\n\nAll are equal.\n\nArticle 12\n\nAll are free.", Lang::En);
        assert_eq!((ms.units.len(), vs.units.len()), (4, 4));
        let beads = [bead(0..1, 0..1), bead(1..2, 1..2), bead(2..3, 2..2), bead(3..3, 2..3), bead(3..4, 3..4)];
        let found = renumbered_heads((&m, &ms), (&v, &vs), &beads);
        assert_eq!(found.len(), 1, "{found:?}");
        let (k, a, b) = found[0];
        assert_eq!((k, a.text(&m.text), b.text(&v.text)), (2, "第九條", "Article 12"));
        // The version's head first: the same.
        let beads = [bead(0..1, 0..1), bead(1..2, 1..2), bead(2..2, 2..3), bead(2..3, 3..3), bead(3..4, 3..4)];
        assert_eq!(renumbered_heads((&m, &ms), (&v, &vs), &beads).len(), 1);
    }

    #[test]
    fn heads_with_one_number_side_by_side_are_taken_first() {
        let (m, ms) = doc("第九條\n\n第十二條\n\n人人自由。", Lang::ZhHant);
        let (v, vs) = doc("Article 9\n\nArticle 12\n\nAll are free.", Lang::En);
        // 第九條, "Article 9", 第十二條 alone in a row: 第十二條 is missing, not a renumbered "Article 9".
        let beads = [bead(0..1, 0..0), bead(1..1, 0..1), bead(1..2, 1..1), bead(2..3, 1..3)];
        assert!(renumbered_heads((&m, &ms), (&v, &vs), &beads).is_empty());
        // The mirror: "Article 12" is alone after the pair; nothing to renumber either.
        let (v, vs) = doc("Article 12\n\nArticle 9\n\nAll are free.", Lang::En);
        let beads = [bead(0..0, 0..1), bead(0..1, 1..1), bead(1..1, 1..2), bead(1..3, 2..3)];
        assert!(renumbered_heads((&m, &ms), (&v, &vs), &beads).is_empty());
        // Two heads renumbered in a row, each once.
        let (v, vs) = doc("Article 3\n\nArticle 4\n\nAll are free.", Lang::En);
        let beads = [bead(0..1, 0..0), bead(1..1, 0..1), bead(1..2, 1..1), bead(2..2, 1..2), bead(2..3, 2..3)];
        let found = renumbered_heads((&m, &ms), (&v, &vs), &beads);
        let pairs: Vec<(&str, &str)> = found.iter().map(|(_, a, b)| (a.text(&m.text), b.text(&v.text))).collect();
        assert_eq!(pairs, [("第九條", "Article 3"), ("第十二條", "Article 4")]);
    }

    #[test]
    fn heads_with_one_number_or_apart_or_not_heads_are_not_renumbered() {
        let (m, ms) = doc("第一條\n\n人人平等。\n\n第九條\n\n人人自由。", Lang::ZhHant);
        // The same number left alone on both sides (a gap of the alignment, not a number).
        let (v, vs) = doc("Article 1\n\nAll are equal.\n\nArticle 9\n\nAll are free.", Lang::En);
        let beads = [bead(0..1, 0..1), bead(1..2, 1..2), bead(2..3, 2..2), bead(3..3, 2..3), bead(3..4, 3..4)];
        assert!(renumbered_heads((&m, &ms), (&v, &vs), &beads).is_empty());
        // Not side by side: a paired bead between them.
        let (v, vs) = doc("Article 1\n\nAll are equal.\n\nAll are free.\n\nArticle 12", Lang::En);
        let beads = [bead(0..1, 0..1), bead(1..2, 1..2), bead(2..3, 2..2), bead(3..4, 2..3), bead(4..4, 3..4)];
        assert!(renumbered_heads((&m, &ms), (&v, &vs), &beads).is_empty());
        // A sentence alone next to a head.
        let (v, vs) = doc("Article 1\n\nAll are equal.\n\nNone is a slave.\n\nAll are free.", Lang::En);
        let beads = [bead(0..1, 0..1), bead(1..2, 1..2), bead(2..3, 2..2), bead(3..3, 2..3), bead(3..4, 3..4)];
        assert!(renumbered_heads((&m, &ms), (&v, &vs), &beads).is_empty());
    }
}
