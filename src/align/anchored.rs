//! Alignment around anchors: the beads a user confirmed ([`review`]) are
//! kept exactly and only the stretches between them go to the aligner. A
//! confirmed 1-0 or 0-1 bead keeps its unit alone: the aligner never pairs
//! it, wherever it places it in its stretch.
//!
//! [`review`]: super::review

use std::ops::Range;

use super::bead::{Alignment, Bead};
use super::releases::Stitched;
use super::review::{confirmed_pins, AnchorFile, Pin, Target};
use super::{
    align_documents, bead_scores, by_paragraph_groups, paragraph_groups, texts, AlignOptions, DocAlignment, Side,
    UnitGroup,
};
use crate::document::Document;
use crate::error::Result;
use crate::segment::{segment, Level, Segmentation};

/// Align `src` and `tgt` keeping the confirmed beads of `anchors`. Fails,
/// before any alignment, when the file was saved for other documents or
/// another level, or when its beads overlap, cross or name units that do
/// not exist (the message names the line).
pub fn align_anchored(
    src: &Document,
    tgt: &Document,
    opts: &AlignOptions,
    anchors: &AnchorFile,
) -> Result<DocAlignment> {
    let opts = &opts.for_pair(src.lang, tgt.lang);
    let seg = |d: &Document| segment(&d.text, d.lang, opts.level, &opts.segment);
    let (s, t) = (seg(src), seg(tgt));
    let to = Target { src, tgt, level: opts.level, src_units: s.units.len(), tgt_units: t.units.len() };
    let pins = confirmed_pins(anchors, &to)?;
    if pins.is_empty() {
        let mut a = align_documents(src, tgt, opts);
        a.notes.push("no bead of the anchors file is confirmed: the whole text was aligned".to_string());
        return Ok(a);
    }
    let (n, m) = (s.units.len(), t.units.len());
    let mut out = Stitched::new(n, m);
    let (pairs, alone): (Vec<&Pin>, Vec<&Pin>) = pins.iter().partition(|p| !p.src.is_empty() && !p.tgt.is_empty());
    out.src_unpaired = flags(n, alone.iter().map(|p| p.src.clone()));
    out.tgt_unpaired = flags(m, alone.iter().map(|p| p.tgt.clone()));
    let mut kept = Vec::new();
    let (mut i, mut j) = (0, 0);
    for p in &pairs {
        out.gap((src, tgt), (&s, &t), (i..p.src.start, j..p.tgt.start), opts);
        kept.push(out.beads.len());
        out.beads.push(Bead { src: p.src.clone(), tgt: p.tgt.clone(), score: 0.0, posterior: 1.0 });
        (i, j) = (p.src.end, p.tgt.end);
    }
    out.gap((src, tgt), (&s, &t), (i..n, j..m), opts);
    score_kept(&mut out.beads, &kept, (src, tgt), (&s, &t), opts);
    let mut confirmed = vec![false; out.beads.len()];
    kept.iter().for_each(|&k| confirmed[k] = true);
    // A confirmed unit alone is alone for certain, and so marked confirmed.
    for (k, b) in out.beads.iter().enumerate() {
        let lone = |r: &Range<usize>, f: &[bool]| r.len() == 1 && f.get(r.start) == Some(&true);
        if lone(&b.src, &out.src_unpaired) || lone(&b.tgt, &out.tgt_unpaired) {
            confirmed[k] = true;
        }
    }
    source_first(&mut out.beads, &mut confirmed);
    out.notes.dedup();
    out.notes.push(format!(
        "{} bead(s) kept as confirmed in the anchors file; the text between them was aligned",
        pins.len()
    ));
    let Stitched { beads, src_alone, tgt_alone, notes, signals, .. } = out;
    let alignment = Alignment { beads, src_alone, tgt_alone };
    Ok(DocAlignment { src: s, tgt: t, alignment, signals, notes, confirmed })
}

/// In every run of beads with an empty side, the 1-0 beads before the
/// 0-1 beads (either order means the same; the page and the bead files
/// list source units first). `confirmed` follows its beads.
fn source_first(beads: &mut [Bead], confirmed: &mut [bool]) {
    let alone = |b: &Bead| b.src.is_empty() || b.tgt.is_empty();
    let mut k = 0;
    while k < beads.len() {
        let end = (k..beads.len()).find(|&e| !alone(&beads[e])).unwrap_or(beads.len());
        if end > k + 1 {
            let mut run: Vec<(Bead, bool)> =
                beads[k..end].iter().cloned().zip(confirmed[k..end].iter().copied()).collect();
            run.sort_by_key(|(b, _)| b.src.is_empty());
            for (i, (b, c)) in run.into_iter().enumerate() {
                (beads[k + i], confirmed[k + i]) = (b, c);
            }
        }
        k = end + 1;
    }
}

/// `n` flags, set for the units of `ranges`; empty when none is set.
fn flags(n: usize, ranges: impl Iterator<Item = Range<usize>>) -> Vec<bool> {
    let mut f = vec![false; n];
    ranges.flatten().for_each(|i| f[i] = true);
    if f.contains(&true) {
        f
    } else {
        Vec::new()
    }
}

/// Score the kept beads (indices `kept` into `beads`) as the alignment
/// without anchors scores the same units, the one a user confirms beads
/// of, so that confirming a bead does not move its score: in one pass over
/// the units that search holds them among, so that the signals measured
/// against those units (the hubness of the meaning signal) are its. That
/// is all the units of lines as given or of paragraphs; the sentences of
/// a document are searched paragraph group by paragraph group
/// ([`paragraph_groups`]), so a kept bead is scored among the units of the
/// groups it touches (with or without the sentence encoder: the lexical
/// signals' scores too depend on the units searched together).
fn score_kept(
    beads: &mut [Bead],
    kept: &[usize],
    (src, tgt): (&Document, &Document),
    (s, t): (&Segmentation, &Segmentation),
    opts: &AlignOptions,
) {
    if kept.is_empty() {
        return;
    }
    let whole = vec![(0..s.units.len(), 0..t.units.len())];
    let groups = if by_paragraph_groups(opts) {
        let seg = |d: &Document| segment(&d.text, d.lang, Level::Paragraph, &opts.segment);
        paragraph_groups((src, tgt), (&seg(src), &seg(tgt)), (s, t), opts).1
    } else {
        whole
    };
    let mut by_stretch: Vec<(UnitGroup, Vec<usize>)> = Vec::new();
    for &k in kept {
        let stretch = stretch_of(&groups, (&beads[k].src, &beads[k].tgt));
        match by_stretch.iter_mut().find(|(g, _)| *g == stretch) {
            Some((_, ks)) => ks.push(k),
            None => by_stretch.push((stretch, vec![k])),
        }
    }
    for ((su, tu), ks) in by_stretch {
        let (st, tt) = (texts(src, s, su.clone()), texts(tgt, t, tu.clone()));
        let shifted =
            |b: &Bead| (b.src.start - su.start..b.src.end - su.start, b.tgt.start - tu.start..b.tgt.end - tu.start);
        let ranges: Vec<_> = ks.iter().map(|&k| shifted(&beads[k])).collect();
        let scores = bead_scores(&Side::new(st, src.lang), &Side::new(tt, tgt.lang), &ranges, opts);
        for (&k, score) in ks.iter().zip(scores) {
            beads[k].score = score;
        }
    }
}

/// The units of the `groups` (source and target unit ranges) that bead
/// `(bs, bt)` touches, on each side from the first to the last of them,
/// and never less than the bead.
fn stretch_of(
    groups: &[(Range<usize>, Range<usize>)],
    (bs, bt): (&Range<usize>, &Range<usize>),
) -> (Range<usize>, Range<usize>) {
    let meets = |a: &Range<usize>, b: &Range<usize>| a.start < b.end && b.start < a.end;
    let (mut su, mut tu) = (bs.clone(), bt.clone());
    for (gs, gt) in groups.iter().filter(|(gs, gt)| meets(gs, bs) || meets(gt, bt)) {
        if !gs.is_empty() {
            su = su.start.min(gs.start)..su.end.max(gs.end);
        }
        if !gt.is_empty() {
            tu = tu.start.min(gt.start)..tu.end.max(gt.end);
        }
    }
    (su, tu)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::align::review::parse_anchors;
    use crate::text::Lang;

    fn doc(text: &str, lang: Lang) -> Document {
        Document::from_text(text.to_string(), Some(lang)).expect("doc")
    }

    fn pairs(a: &DocAlignment) -> Vec<(Vec<usize>, Vec<usize>)> {
        a.alignment.beads.iter().map(|b| (b.src.clone().collect(), b.tgt.clone().collect())).collect()
    }

    const EN: &str = "The council met in Tianjin on Monday. It adopted a declaration on trade. \
        The members reaffirmed the charter. They agreed to meet again next year. The meeting closed at noon.";
    const FR: &str = "Le conseil s'est réuni à Tianjin lundi. Il a adopté une déclaration sur le commerce. \
        Les membres ont réaffirmé la charte. Ils ont convenu de se réunir l'an prochain. La réunion a pris fin à midi.";

    #[test]
    fn a_kept_bead_is_scored_among_the_units_of_the_groups_it_touches() {
        let groups = vec![(0..3, 0..2), (3..5, 0..0), (5..9, 2..6)];
        // Inside one group: that group.
        assert_eq!(stretch_of(&groups, (&(1..2), &(0..1))), (0..3, 0..2));
        // Across two: from the first to the last unit of both.
        assert_eq!(stretch_of(&groups, (&(2..4), &(1..3))), (0..9, 0..6));
        // A group with an empty side adds only its other side.
        assert_eq!(stretch_of(&groups, (&(4..5), &(1..2))), (0..5, 0..2));
    }

    #[test]
    fn confirmed_beads_are_kept_and_the_rest_is_aligned() {
        let (en, fr) = (doc(EN, Lang::En), doc(FR, Lang::Other));
        let plain = align_documents(&en, &fr, &AlignOptions::default());
        assert_eq!(pairs(&plain)[1], (vec![1], vec![1]), "{:?}", pairs(&plain));
        // A user says sentence 1 has no counterpart and 2–3 ↔ 1–3 belong together.
        let file = parse_anchors("[1]:[]\n[2, 3]:[1, 2, 3]\n").expect("parses");
        let a = align_anchored(&en, &fr, &AlignOptions::default(), &file).expect("aligns");
        let p = pairs(&a);
        assert!(p.contains(&(vec![2, 3], vec![1, 2, 3])), "{p:?}");
        assert!(p.contains(&(vec![1], vec![])), "the unit said alone stays alone: {p:?}");
        assert!(p.contains(&(vec![0], vec![0])) && p.contains(&(vec![4], vec![4])), "{p:?}");
        let confirmed: Vec<_> = (0..p.len()).filter(|&k| a.confirmed[k]).map(|k| p[k].clone()).collect();
        assert_eq!(confirmed, vec![(vec![1], vec![]), (vec![2, 3], vec![1, 2, 3])]);
        assert!(a.alignment.beads.iter().any(|b| b.src == (2..4) && b.score > 0.0 && b.posterior == 1.0));
        assert_eq!(a.alignment.src_alone[1], 1.0);
        assert!(a.notes.iter().any(|n| n.contains("2 bead(s) kept")), "{:?}", a.notes);
    }

    #[test]
    fn a_kept_bead_far_from_the_diagonal_keeps_its_evidence() {
        // 1,200 units a side (past a problem searched whole): the bead of
        // source 0 and target 600 lies far outside the band a search starts
        // in, and scores as the same pair does alone.
        let (src, tgt): (Vec<String>, Vec<String>) =
            (0..1200).map(|i| (format!("Item {i} of the list."), format!("Point {} de la liste.", i + 7))).unzip();
        let mut src: Vec<&str> = src.iter().map(String::as_str).collect();
        let mut tgt: Vec<&str> = tgt.iter().map(String::as_str).collect();
        let same = "Resolution 2231 (2015) of the Security Council, adopted on 20 July 2015.";
        (src[0], tgt[600]) = (same, same);
        let o = AlignOptions::default();
        let side = |u: Vec<&'static str>| Side::new(u, Lang::En);
        let far = bead_scores(&Side::new(src, Lang::En), &Side::new(tgt, Lang::En), &[(0..1, 600..601)], &o);
        let alone = bead_scores(&side(vec![same]), &side(vec![same]), &[(0..1, 0..1)], &o);
        assert!(alone[0] > 0.5 && (far[0] - alone[0]).abs() < 1e-6, "far {far:?}, alone {alone:?}");
    }

    #[test]
    fn a_review_file_for_other_documents_is_refused() {
        let (en, fr) = (doc(EN, Lang::En), doc(FR, Lang::Other));
        let other = doc("Another text entirely. With two sentences. And a third one. Four. Five.", Lang::En);
        let head = |d: &Document, side: &str| format!("# {side}: sha256={} units=5 name=x.txt\n", d.checksum());
        let file = format!(
            "# clausediff review 1\n# level: sentence\n{}{}[0]:[0] # confirmed\n[1]:[1]\n",
            head(&other, "source"),
            head(&fr, "target")
        );
        let e = align_anchored(&en, &fr, &AlignOptions::default(), &parse_anchors(&file).expect("parses"))
            .expect_err("other source");
        assert!(e.message().contains("another source document (x.txt)"), "{}", e.message());
        let good = file.replace(&other.checksum(), &en.checksum());
        let a =
            align_anchored(&en, &fr, &AlignOptions::default(), &parse_anchors(&good).expect("parses")).expect("aligns");
        assert_eq!(a.confirmed.iter().filter(|&&c| c).count(), 1, "only the bead marked confirmed is kept");
        let clause = good.replace("level: sentence", "level: clause");
        let e = align_anchored(&en, &fr, &AlignOptions::default(), &parse_anchors(&clause).expect("parses"))
            .expect_err("level");
        assert!(e.message().contains("--level clause"), "{}", e.message());
    }

    #[test]
    fn crossing_overlapping_and_unknown_beads_name_their_line() {
        let (en, fr) = (doc(EN, Lang::En), doc(FR, Lang::Other));
        let err = |text: &str| {
            let file = parse_anchors(text).expect("parses");
            align_anchored(&en, &fr, &AlignOptions::default(), &file).expect_err(text).message().to_string()
        };
        assert!(err("[0]:[3]\n[2]:[1]\n").starts_with("line 2: the bead crosses the one on line 1"));
        assert!(err("[0, 1]:[0]\n[1]:[1]\n").starts_with("line 2: the bead overlaps the one on line 1"));
        assert!(err("[0]:[0]\n[1]:[]\n[1]:[1]\n").contains("line 3"), "{}", err("[0]:[0]\n[1]:[]\n[1]:[1]\n"));
        assert!(err("[9]:[0]\n").starts_with("line 1: ids out of range"));
        assert!(parse_anchors("[0, 2]:[0]\n").is_err(), "ids that do not follow each other");
        let max = format!("[{}]:[0]\n", usize::MAX);
        assert!(parse_anchors(&max).expect_err("the largest id").message().contains("out of range"));
    }
}
