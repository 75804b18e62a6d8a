//! Two releases of one text. Most of their units are the same up to script,
//! width and case, so the units whose comparison keys are equal anchor the
//! alignment (a patience diff of the keys, as `diff` tools do, under a
//! deadline), and only the stretches between anchors go to the aligner.
//! The cost is then linear in the length of the texts plus the aligner's
//! cost on what changed, however long the releases are.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

use super::bead::{Alignment, Bead};
use super::{align_units, skip_beads, texts, AlignOptions, DocAlignment, Side};
use crate::document::Document;
use crate::segment::{segment, Segmentation};
use crate::text::normalize::loose_key;

/// Align two releases of one text (same language, or the two Chinese
/// scripts) at `opts.level`. When the key diff runs past `deadline`, the
/// stretches it could not pair go to the aligner whole (recorded in the notes).
pub fn align_releases(src: &Document, tgt: &Document, opts: &AlignOptions, deadline: Duration) -> DocAlignment {
    align_paired(src, tgt, pair_releases(src, tgt, opts, deadline), opts)
}

/// Two releases' units paired by their comparison keys, the first step of
/// [`align_releases`]: runs of units with equal keys, and the stretches
/// between them that the aligner takes.
#[derive(Debug, Clone)]
pub(crate) struct Paired {
    /// The first release's units.
    pub src: Segmentation,
    /// The second release's units.
    pub tgt: Segmentation,
    /// In order: equal runs and the stretches between them.
    pub stretches: Vec<Stretch>,
    /// The deadline the key diff ran past, if it did.
    pub timed_out: Option<Duration>,
}

/// A part of two paired releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Stretch {
    /// Units whose keys are equal, one for one.
    Same(Range<usize>, Range<usize>),
    /// Units between equal runs, left to the aligner (one side may be empty).
    Gap(Range<usize>, Range<usize>),
}

/// Segment `src` and `tgt` at `opts.level` and pair their units by their
/// keys (a patience diff under `deadline`).
pub(crate) fn pair_releases(src: &Document, tgt: &Document, opts: &AlignOptions, deadline: Duration) -> Paired {
    let opts = &opts.for_pair(src.lang, tgt.lang);
    let seg = |d: &Document| segment(&d.text, d.lang, opts.level, &opts.segment);
    let (s, t) = (seg(src), seg(tgt));
    let keys = |d: &Document, seg: &Segmentation| -> Vec<String> {
        (0..seg.units.len()).map(|i| loose_key(seg.unit_text(&d.text, i), d.lang)).collect()
    };
    let (ks, kt) = (keys(src, &s), keys(tgt, &t));
    let started = Instant::now();
    let ops = similar::capture_diff_slices_deadline(Algorithm::Patience, &ks, &kt, Some(started + deadline));
    let timed_out = (started.elapsed() >= deadline).then_some(deadline);
    let mut stretches = Vec::new();
    let mut gap: Option<(Range<usize>, Range<usize>)> = None;
    for op in ops {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                stretches.extend(gap.take().map(|(a, b)| Stretch::Gap(a, b)));
                stretches.push(Stretch::Same(old_index..old_index + len, new_index..new_index + len));
            }
            other => {
                let (a, b) = (other.old_range(), other.new_range());
                gap = Some(match gap.take() {
                    Some((ga, gb)) => (ga.start..a.end.max(ga.end), gb.start..b.end.max(gb.end)),
                    None => (a, b),
                });
            }
        }
    }
    stretches.extend(gap.map(|(a, b)| Stretch::Gap(a, b)));
    Paired { src: s, tgt: t, stretches, timed_out }
}

/// The alignment of two releases whose units `paired` pairs: equal runs
/// one for one, the stretches between them through the aligner.
pub(crate) fn align_paired(src: &Document, tgt: &Document, paired: Paired, opts: &AlignOptions) -> DocAlignment {
    let opts = &opts.for_pair(src.lang, tgt.lang);
    let Paired { src: s, tgt: t, stretches, timed_out } = paired;
    let mut out = Stitched::new(s.units.len(), t.units.len());
    if let Some(deadline) = timed_out {
        out.notes.push(format!(
            "the releases differ too much to be paired unit by unit within {} s; the aligner took the rest whole",
            deadline.as_secs_f32()
        ));
    }
    for stretch in stretches {
        match stretch {
            Stretch::Same(a, b) => out.same(a, b),
            Stretch::Gap(a, b) => out.gap((src, tgt), (&s, &t), (a, b), opts),
        }
    }
    out.notes.dedup();
    let Stitched { beads, src_alone, tgt_alone, notes, signals, .. } = out;
    let alignment = Alignment { beads, src_alone, tgt_alone };
    DocAlignment { src: s, tgt: t, alignment, signals, notes, confirmed: Vec::new() }
}

/// Units `r` of `d` as a side to align; `unpaired` (all of `d`'s units, or
/// empty) says which must stay alone.
fn side<'a>(d: &'a Document, seg: &Segmentation, r: &Range<usize>, unpaired: &[bool]) -> Side<'a> {
    let mut side = Side::new(texts(d, seg, r.clone()), d.lang);
    if !unpaired.is_empty() {
        side.unpaired = unpaired[r.clone()].to_vec();
    }
    side
}

/// The alignment being put together, stretch after stretch.
pub(super) struct Stitched {
    pub beads: Vec<Bead>,
    pub src_alone: Vec<f32>,
    pub tgt_alone: Vec<f32>,
    pub notes: Vec<String>,
    pub signals: Vec<String>,
    /// For each source unit, whether it must stay alone (empty when none must).
    pub src_unpaired: Vec<bool>,
    /// For each target unit, whether it must stay alone (empty when none must).
    pub tgt_unpaired: Vec<bool>,
}

impl Stitched {
    pub fn new(n: usize, m: usize) -> Stitched {
        Stitched {
            beads: Vec::new(),
            src_alone: vec![0.0; n],
            tgt_alone: vec![0.0; m],
            notes: Vec::new(),
            signals: Vec::new(),
            src_unpaired: Vec::new(),
            tgt_unpaired: Vec::new(),
        }
    }

    /// Units with equal keys, pair by pair.
    fn same(&mut self, a: Range<usize>, b: Range<usize>) {
        self.beads.extend(a.zip(b).map(|(i, j)| Bead { src: i..i + 1, tgt: j..j + 1, score: 1.0, posterior: 1.0 }));
    }

    /// A stretch between anchors: units of one side alone, or both sides
    /// aligned by the aligner.
    pub fn gap(
        &mut self,
        (src, tgt): (&Document, &Document),
        (s, t): (&Segmentation, &Segmentation),
        (a, b): (Range<usize>, Range<usize>),
        opts: &AlignOptions,
    ) {
        if a.is_empty() || b.is_empty() {
            a.clone().for_each(|i| self.src_alone[i] = 1.0);
            b.clone().for_each(|j| self.tgt_alone[j] = 1.0);
            self.beads.extend(skip_beads(a, b, 1.0));
            return;
        }
        let inner = align_units(&side(src, s, &a, &self.src_unpaired), &side(tgt, t, &b, &self.tgt_unpaired), opts);
        for bead in inner.alignment.beads {
            let (src, tgt) =
                (bead.src.start + a.start..bead.src.end + a.start, bead.tgt.start + b.start..bead.tgt.end + b.start);
            self.beads.push(Bead { src, tgt, ..bead });
        }
        for (k, p) in inner.alignment.src_alone.into_iter().enumerate() {
            self.src_alone[a.start + k] = p;
        }
        for (k, p) in inner.alignment.tgt_alone.into_iter().enumerate() {
            self.tgt_alone[b.start + k] = p;
        }
        self.notes.extend(inner.notes);
        if self.signals.is_empty() {
            self.signals = inner.signals;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Lang;

    fn doc(text: &str) -> Document {
        Document::from_text(text.to_string(), Some(Lang::En)).expect("doc")
    }

    fn pairs(a: &DocAlignment) -> Vec<(Vec<usize>, Vec<usize>)> {
        a.alignment.beads.iter().map(|b| (b.src.clone().collect(), b.tgt.clone().collect())).collect()
    }

    const OLD: &str = "The council met in Tianjin. It adopted a declaration. \
        The members reaffirmed the charter. They agreed to meet again. The meeting closed.";

    #[test]
    fn equal_units_anchor_and_the_changes_between_are_aligned() {
        let new = "The council met in Tianjin. It adopted a long declaration. \
            The members reaffirmed the charter. A new forum was announced. They agreed to meet again. The meeting closed.";
        let a = align_releases(&doc(OLD), &doc(new), &AlignOptions::default(), Duration::from_secs(2));
        let p = pairs(&a);
        assert!(p.contains(&(vec![0], vec![0])) && p.contains(&(vec![2], vec![2])), "{p:?}");
        assert!(p.contains(&(vec![1], vec![1])), "the changed sentence pairs with its new form: {p:?}");
        assert!(p.contains(&(vec![], vec![3])), "the new sentence is alone: {p:?}");
        assert!(p.contains(&(vec![4], vec![5])), "{p:?}");
        assert_eq!(a.alignment.tgt_alone[3], 1.0);
        assert!(a.notes.is_empty(), "{:?}", a.notes);
    }

    #[test]
    fn past_the_deadline_the_aligner_takes_the_rest_with_a_note() {
        let new = OLD.replace("charter", "Charter of the United Nations");
        let a = align_releases(&doc(OLD), &doc(&new), &AlignOptions::default(), Duration::ZERO);
        assert!(a.notes.iter().any(|n| n.contains("within")), "{:?}", a.notes);
        let covered: usize = a.alignment.beads.iter().map(|b| b.src.len()).sum();
        assert_eq!(covered, 5, "every unit is in a bead");
    }
}
