//! Alignment: two segmented documents → beads (n source units ↔ m target
//! units, each with a score). Paragraphs are aligned first, then sentences or
//! clauses inside each aligned group of paragraphs. The cost of a bead
//! combines a Gale–Church length model with overlap [`signal`]s (numbers,
//! quoted titles and marks, cognates, the CC-CEDICT dictionary, same-language
//! n-grams); the search is a banded dynamic programme, linear in length.

pub mod anchored;
pub mod assoc;
pub mod attach;
pub mod band;
pub mod bead;
mod cells;
pub mod dilution;
pub mod dp;
pub mod eval;
pub mod features;
pub mod hubness;
mod lattice;
pub mod learn;
pub mod length;
pub mod linking;
pub mod nway;
pub mod omissions;
pub mod pairs;
pub mod releases;
pub mod review;
pub mod run_dots;
pub mod semantic;
pub mod signal;
pub mod skips;
pub mod store;
pub mod words;

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

pub use anchored::align_anchored;
pub use bead::{Alignment, Bead};
pub use features::Side;
pub use length::{LengthModel, LengthOverride};
pub use nway::{align_versions, MultiAlignment, NRow, VersionAlignment};
pub use releases::align_releases;
pub(crate) use releases::{align_paired, pair_releases, Paired, Stretch};

use crate::document::Document;
use crate::segment::{segment, Level, SegmentOptions, Segmentation};

/// Weights of the overlap signals (0 switches a signal off).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Weights {
    /// Numbers and dates.
    pub numbers: f64,
    /// Quoted titles, question/exclamation marks, section heads.
    pub marks: f64,
    /// Shared word beginnings between two languages.
    pub cognates: f64,
    /// Character bigrams or words, for two versions in one language.
    pub same_language: f64,
    /// The Chinese–English dictionary.
    pub lexicon: f64,
    /// Sentence embeddings (when a model is given).
    pub semantic: f64,
    /// Words linked to their translations by the model (when a model is given).
    pub words: f64,
    /// Nearest units of the other side on which the hubness of a sentence
    /// embedding is measured ([`hubness`]); 0 leaves cosines as they are.
    pub hubness: usize,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            numbers: 1.5,
            marks: 0.5,
            cognates: 1.0,
            same_language: 6.0,
            lexicon: 5.0,
            semantic: 6.0,
            words: 0.0,
            hubness: hubness::NEIGHBOURS,
        }
    }
}

/// Bead priors, length weight and search limits.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CostOptions {
    /// Cost of a 1-0 or 0-1 bead.
    pub skip: f64,
    /// How much the evidence of the sentence encoder moves the cost of a
    /// 1-0 or 0-1 bead ([`skips`]); 0 keeps it flat.
    pub skip_slope: f64,
    /// The similarity at which that evidence moves nothing.
    pub skip_centre: f64,
    /// How much dearer than `skip` a target unit alone is, and how much
    /// cheaper a source unit alone (half the log-odds of the two sides'
    /// units alone in a pair's gold, [`pairs::side_prior`]); 0: the same.
    pub skip_side: f64,
    /// How much the dilution of a merged bead (the rise of the sentence
    /// encoder's similarity when a unit at its edge is left out) adds to its
    /// cost ([`dilution`]; log-odds per unit of rise); 0 adds nothing.
    pub dilution_slope: f64,
    /// The rise at which the dilution adds nothing.
    pub dilution_centre: f64,
    /// What a merged bead pays for each unit of similarity by which a unit
    /// at its edge matches the neighbouring unit of the other side better
    /// than the bead ([`attach`]); 0 adds nothing.
    pub attach: f64,
    /// Extra cost of a 1-2 or 2-1 bead.
    pub merge2: f64,
    /// Extra cost of a 2-2 bead.
    pub merge22: f64,
    /// Extra cost of a 1-3 or 3-1 bead.
    pub merge3: f64,
    /// Extra cost of a 1-4 or 4-1 bead.
    pub merge4: f64,
    /// Extra cost of each unit a wider bead holds beyond the 2-2 or 1-4
    /// it grows from (2-3 and 3-2 pay `merge22 + merge_wide`, 3-3
    /// `merge22 + 2 merge_wide`, 1-5 `merge4 + merge_wide`).
    pub merge_wide: f64,
    /// Weight of the length cost.
    pub length: f64,
    /// The length cost of one bead is capped here.
    pub length_cap: f64,
    /// Largest number of units on one side of a bead.
    pub max_bead: usize,
    /// Largest number of units, both sides together, in a bead with two or
    /// more units on each side ([`shape_allowed`]): 4 allows 2-2, 5 adds 2-3 and
    /// 3-2, 6 adds 3-3, 2-4 and 4-2.
    pub max_bead_total: usize,
    /// Initial half-width of the search band (units).
    pub band: usize,
    /// How costs turn into probabilities: a path's probability is
    /// `exp(−cost / temperature)` ([`lattice`]).
    pub temperature: f64,
    /// 0: the alignment is the cheapest path; above 0, the path of
    /// maximum expected accuracy, each bead counting its posterior less
    /// this threshold ([`lattice::Lattice::most_expected`]).
    pub mea_threshold: f64,
}

impl Default for CostOptions {
    fn default() -> Self {
        let merge4 = 3.0;
        CostOptions {
            skip: 6.0,
            skip_slope: 0.0,
            skip_centre: 0.5,
            skip_side: 0.0,
            dilution_slope: 0.0,
            dilution_centre: 0.0,
            attach: 0.0,
            merge2: 1.0,
            merge22: 4.0,
            merge3: 2.0,
            merge4,
            // merge4's value: a 2-3 bead pays a 2-2's and a 1-4's priors.
            merge_wide: merge4,
            length: 0.3,
            length_cap: 12.0,
            max_bead: 4,
            max_bead_total: 5,
            band: 16,
            temperature: 1.0,
            mea_threshold: 0.0,
        }
    }
}

impl CostOptions {
    /// Prior cost of an n-m bead (n, m ≥ 1).
    pub fn prior(&self, n: usize, m: usize) -> f64 {
        let [a, b, c, d, e] = prior_terms(n, m);
        a * self.merge2 + b * self.merge22 + c * self.merge3 + d * self.merge4 + e * self.merge_wide
    }
}

/// Whether an n-m bead (n, m ≥ 1) is allowed: no side over `max` units,
/// and one with two or more units on each side holding no more than
/// `max_total` in all (1-n beads are bounded by `max` alone).
pub fn shape_allowed((n, m): (usize, usize), max: usize, max_total: usize) -> bool {
    n.max(m) <= max && (n.min(m) <= 1 || n + m <= max_total)
}

/// How many times the prior of an n-m bead (n, m ≥ 1) counts each of
/// `merge2`, `merge22`, `merge3`, `merge4` and `merge_wide`
/// ([`CostOptions::prior`]).
pub fn prior_terms(n: usize, m: usize) -> [f64; 5] {
    match (n.min(m), n.max(m)) {
        (1, 1) => [0.0; 5],
        (1, 2) => [1.0, 0.0, 0.0, 0.0, 0.0],
        (2, 2) => [0.0, 1.0, 0.0, 0.0, 0.0],
        (1, 3) => [0.0, 0.0, 1.0, 0.0, 0.0],
        (1, k) => [0.0, 0.0, 0.0, 1.0, k.saturating_sub(4) as f64],
        (_, _) => [0.0, 1.0, 0.0, 0.0, (n + m).saturating_sub(4) as f64],
    }
}

/// What to align and how.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AlignOptions {
    /// The unit level of the result.
    pub level: Level,
    /// Segmentation options (including presegmented input).
    pub segment: SegmentOptions,
    /// Priors and search limits.
    pub costs: CostOptions,
    /// Signal weights.
    pub weights: Weights,
    /// The length model, where set instead of the language pair's.
    pub length: LengthOverride,
    /// The sentence-embedding model, if one is loaded.
    pub model: Option<semantic::Model>,
    /// The `--set` keys of the parameters the user set: the values learnt
    /// for a language pair ([`pairs`]) do not replace them.
    pub user_set: Vec<String>,
    /// Align every pair with the built-in values, none learnt for its
    /// language pair (the trainers start from them).
    pub builtin_costs: bool,
}

/// The cost of a 1-0 or 0-1 bead with the sentence-embedding model.
pub const MODEL_SKIP: f64 = 9.0;
/// The dictionary's weight with the sentence-embedding model (which covers
/// much of what the dictionary tells).
pub const MODEL_LEXICON: f64 = 3.0;

impl AlignOptions {
    /// These options with the sentence-embedding signal, and the costs tuned
    /// for it on MAC-Dev and Text+Berg ([`MODEL_SKIP`], [`MODEL_LEXICON`],
    /// [`skips`], [`attach`]).
    pub fn with_model(mut self, model: semantic::Model) -> AlignOptions {
        self.model = Some(model);
        self.costs.skip = MODEL_SKIP;
        self.costs.skip_slope = skips::SKIP_SLOPE;
        self.costs.skip_centre = skips::SKIP_CENTRE;
        self.costs.attach = attach::ATTACH;
        self.weights.lexicon = MODEL_LEXICON;
        self
    }

    /// These options for a pair of texts in `src` and `tgt`: two texts of
    /// one language family (traditional and simplified Chinese, two English
    /// releases) are compared on their characters and words, which say
    /// more than the sentence encoder at a fraction of its cost, so the
    /// encoder is left out. A pair with values learnt for its kind
    /// ([`pairs::LEARNT`]) takes them, but for those the user set.
    pub fn for_pair(&self, src: crate::Lang, tgt: crate::Lang) -> AlignOptions {
        let mut o = self.clone();
        if src.family() == tgt.family() && src.family() != crate::text::Family::Other {
            o.model = None;
        }
        pairs::apply(&mut o, src, tgt);
        o
    }

    /// The length model of a language pair under these options.
    pub fn length_model(&self, src: crate::Lang, tgt: crate::Lang) -> LengthModel {
        self.length.apply(LengthModel::for_pair(src, tgt))
    }
}

/// The alignment of two documents at one level, with its segmentations.
#[derive(Debug, Clone)]
pub struct DocAlignment {
    /// Source units.
    pub src: Segmentation,
    /// Target units.
    pub tgt: Segmentation,
    /// Beads over `src.units` ↔ `tgt.units`.
    pub alignment: Alignment,
    /// The signals that contributed (besides length).
    pub signals: Vec<String>,
    /// What the search did that a user should know (band widenings, fallbacks).
    pub notes: Vec<String>,
    /// For each bead, whether a user confirmed it (kept from an anchors
    /// file, [`align_anchored`]); empty when none was.
    pub confirmed: Vec<bool>,
}

/// Result of aligning two lists of units.
#[derive(Debug, Clone)]
pub struct UnitAlignment {
    /// The beads.
    pub alignment: Alignment,
    /// Signals used.
    pub signals: Vec<String>,
    /// Search notes.
    pub notes: Vec<String>,
}

/// Align two lists of units (no paragraph structure).
pub fn align_units(src: &Side<'_>, tgt: &Side<'_>, opts: &AlignOptions) -> UnitAlignment {
    let fs = features::Features::new(src);
    let ft = features::Features::new(tgt);
    if fs.lengths.is_empty() || ft.lengths.is_empty() {
        // Nothing to compare: no signal is built (embedding the other side would be wasted).
        let (n, m) = (fs.lengths.len(), ft.lengths.len());
        let alignment =
            Alignment { beads: skip_beads(0..n, 0..m, 1.0), src_alone: vec![1.0; n], tgt_alone: vec![1.0; m] };
        return UnitAlignment { alignment, signals: Vec::new(), notes: vec![] };
    }
    let built = features::signals(&fs, &ft, &opts.weights, opts.model.as_ref());
    let mut signals = built.list;
    let names: Vec<String> = signals.iter().map(|s| s.name().to_string()).collect();
    let mut problem = dp::Problem {
        src_len: &fs.lengths,
        tgt_len: &ft.lengths,
        src_heading: &fs.headings,
        tgt_heading: &ft.headings,
        src_unpaired: &src.unpaired,
        tgt_unpaired: &tgt.unpaired,
        model: opts.length_model(src.lang, tgt.lang),
        evidence: signals.iter().position(|s| s.name() == "semantic"),
        signals: &mut signals,
        costs: &opts.costs,
        nearby: None,
    };
    let sol = dp::solve(&mut problem);
    let mut notes = built.notes;
    if sol.widenings > 0 {
        notes.push(format!(
            "search band widened {} time(s), to ±{} units at most, where the best path ran along its edge ({} cells searched)",
            sol.widenings,
            sol.band.unwrap_or(0),
            sol.cells
        ));
    }
    if sol.unhedged {
        notes.push(
            "the search followed the length diagonal alone: the index diagonal lies too far from it to be \
             searched too within the memory bound; where unit lengths mislead, the alignment may be off"
                .to_string(),
        );
    }
    if sol.capped {
        notes.push(format!(
            "search band held at ±{} units to bound memory; where the texts drift further apart the alignment may be off",
            sol.band.unwrap_or(0)
        ));
    }
    let f32s = |v: Vec<f64>| v.into_iter().map(|p| p as f32).collect();
    let alignment = Alignment { beads: sol.beads, src_alone: f32s(sol.src_alone), tgt_alone: f32s(sol.tgt_alone) };
    UnitAlignment { alignment, signals: names, notes }
}

/// The similarity score of each of `beads` (ranges into `src` and `tgt`)
/// under the signals of `opts`, as the aligner would score them.
pub(crate) fn bead_scores(
    src: &Side<'_>,
    tgt: &Side<'_>,
    beads: &[(Range<usize>, Range<usize>)],
    opts: &AlignOptions,
) -> Vec<f32> {
    let fs = features::Features::new(src);
    let ft = features::Features::new(tgt);
    if fs.lengths.is_empty() || ft.lengths.is_empty() {
        return vec![0.0; beads.len()];
    }
    let mut built = features::signals(&fs, &ft, &opts.weights, opts.model.as_ref());
    let around = band::Band::holding(beads.iter(), (fs.lengths.len(), ft.lengths.len()));
    built.prepare_as_search((&fs, &ft), opts.costs.band, Some(&around));
    let mut signals = built.list;
    let problem = dp::Problem {
        src_len: &fs.lengths,
        tgt_len: &ft.lengths,
        src_heading: &fs.headings,
        tgt_heading: &ft.headings,
        src_unpaired: &[],
        tgt_unpaired: &[],
        model: opts.length_model(src.lang, tgt.lang),
        signals: &mut signals,
        costs: &opts.costs,
        evidence: None,
        nearby: None,
    };
    dp::scores(&problem, beads).into_iter().map(|x| x as f32).collect()
}

/// 1-0 beads for units `src`, then 0-1 beads for units `tgt`, each with `posterior`.
fn skip_beads(src: Range<usize>, tgt: Range<usize>, posterior: f32) -> Vec<Bead> {
    let s = src.map(|i| Bead { src: i..i + 1, tgt: 0..0, score: 0.0, posterior });
    let t = tgt.map(|j| Bead { src: 0..0, tgt: j..j + 1, score: 0.0, posterior });
    s.chain(t).collect()
}

fn texts<'a>(doc: &'a Document, seg: &Segmentation, range: Range<usize>) -> Vec<&'a str> {
    range.map(|i| seg.unit_text(&doc.text, i)).collect()
}

/// Align two documents: paragraphs first, then units of `opts.level` inside
/// each aligned paragraph group. With presegmented input, lines are aligned directly.
pub fn align_documents(src: &Document, tgt: &Document, opts: &AlignOptions) -> DocAlignment {
    let learnt = pairs::note(opts, src.lang, tgt.lang);
    let opts = &opts.for_pair(src.lang, tgt.lang);
    let seg = |d: &Document, level| segment(&d.text, d.lang, level, &opts.segment);
    if !by_paragraph_groups(opts) {
        let level = if opts.segment.presegmented { opts.level } else { Level::Paragraph };
        let (s, t) = (seg(src, level), seg(tgt, level));
        let ua = align_units(
            &Side::new(texts(src, &s, 0..s.units.len()), src.lang),
            &Side::new(texts(tgt, &t, 0..t.units.len()), tgt.lang),
            opts,
        );
        let (alignment, signals, mut notes) = (ua.alignment, ua.signals, ua.notes);
        notes.extend(learnt);
        return DocAlignment { src: s, tgt: t, alignment, signals, notes, confirmed: Vec::new() };
    }
    let (sp, tp) = (seg(src, Level::Paragraph), seg(tgt, Level::Paragraph));
    let (s, t) = (seg(src, opts.level), seg(tgt, opts.level));
    let (paras, groups) = paragraph_groups((src, tgt), (&sp, &tp), (&s, &t), opts);
    let mut joined = Joined::new(&s, &t, paras.notes.clone());
    // The units of the paragraph groups are aligned group by group, the
    // groups in parallel, and joined in order.
    let inner: Vec<Option<UnitAlignment>> = groups
        .par_iter()
        .map(|(su, tu)| {
            (!su.is_empty() && !tu.is_empty()).then(|| {
                align_units(
                    &Side::new(texts(src, &s, su.clone()), src.lang),
                    &Side::new(texts(tgt, &t, tu.clone()), tgt.lang),
                    opts,
                )
            })
        })
        .collect();
    for ((pb, (su, tu)), inner) in paras.alignment.beads.iter().zip(groups).zip(inner) {
        // A paragraph alone at the paragraph level is alone whatever its units do.
        let p_src = pb.src.clone().map(|p| paras.alignment.src_alone[p]).fold(0.0f32, f32::max);
        let p_tgt = pb.tgt.clone().map(|p| paras.alignment.tgt_alone[p]).fold(0.0f32, f32::max);
        match inner {
            Some(inner) => joined.add(inner, (su.start, tu.start), (p_src, p_tgt)),
            None => joined.alone(su, tu, p_src.max(p_tgt)),
        }
    }
    joined.notes.dedup();
    joined.notes.extend(learnt);
    let alignment = Alignment { beads: joined.beads, src_alone: joined.src_alone, tgt_alone: joined.tgt_alone };
    DocAlignment { src: s, tgt: t, alignment, signals: paras.signals, notes: joined.notes, confirmed: Vec::new() }
}

/// Whether [`align_documents`] aligns the units of documents paragraph
/// group by paragraph group ([`paragraph_groups`]): not lines as given,
/// nor paragraphs themselves, which are aligned in one search.
pub(crate) fn by_paragraph_groups(opts: &AlignOptions) -> bool {
    !opts.segment.presegmented && opts.level != Level::Paragraph
}

/// Source units and the target units that go with them.
pub(crate) type UnitGroup = (Range<usize>, Range<usize>);

/// The paragraph alignment of `src` and `tgt` (paragraphs `sp`, `tp`) and,
/// for each of its beads, the units of `s` and `t` its paragraphs hold:
/// the groups whose units [`align_documents`] aligns one group at a time.
pub(crate) fn paragraph_groups(
    (src, tgt): (&Document, &Document),
    (sp, tp): (&Segmentation, &Segmentation),
    (s, t): (&Segmentation, &Segmentation),
    opts: &AlignOptions,
) -> (UnitAlignment, Vec<UnitGroup>) {
    fn side<'a>(d: &'a Document, (ps, us): (&Segmentation, &Segmentation), m: Option<&semantic::Model>) -> Side<'a> {
        let mut side = Side::new(texts(d, ps, 0..ps.units.len()), d.lang);
        side.vectors = m.map(|m| paragraph_vectors(m, d, us));
        side
    }
    let m = opts.model.as_ref();
    let paras = align_units(&side(src, (sp, s), m), &side(tgt, (tp, t), m), opts);
    let (src_paras, tgt_paras) = (s.paragraph_ranges(), t.paragraph_ranges());
    let units = |paras: &[Range<usize>], ps: &Range<usize>| {
        if ps.is_empty() {
            0..0
        } else {
            paras[ps.start].start..paras[ps.end - 1].end
        }
    };
    let groups =
        paras.alignment.beads.iter().map(|pb| (units(&src_paras, &pb.src), units(&tgt_paras, &pb.tgt))).collect();
    (paras, groups)
}

/// The meaning vector of every paragraph of `doc`: the normalized sum of
/// its units' (from `units`, a segmentation below paragraphs), which the
/// alignment of the units inside paragraphs embeds anyway.
fn paragraph_vectors(m: &semantic::Model, doc: &Document, units: &Segmentation) -> Vec<std::sync::Arc<[f32]>> {
    let all = embed_units(m, doc, units);
    units
        .paragraph_ranges()
        .into_iter()
        .map(|r| {
            let mut v = vec![0f32; all.first().map_or(0, |x| x.len())];
            for u in &all[r] {
                v.iter_mut().zip(u.iter()).for_each(|(a, b)| *a += b);
            }
            semantic::normalized(v)
        })
        .collect()
}

/// The vectors of the units of `doc` (`units`), made with those of the
/// runs of units inside each paragraph, which the alignment of the units
/// inside paragraphs asks for next ([`semantic::Model::embed_within`]).
pub(crate) fn embed_units(m: &semantic::Model, doc: &Document, units: &Segmentation) -> Vec<std::sync::Arc<[f32]>> {
    m.embed_within(&texts(doc, units, 0..units.units.len()), &units.paragraph_ranges(), semantic::WIDE)
}

/// The alignments of the paragraph groups of two documents, joined into one.
struct Joined {
    beads: Vec<Bead>,
    src_alone: Vec<f32>,
    tgt_alone: Vec<f32>,
    notes: Vec<String>,
}

impl Joined {
    fn new(s: &Segmentation, t: &Segmentation, notes: Vec<String>) -> Joined {
        Joined { beads: Vec::new(), src_alone: vec![0.0; s.units.len()], tgt_alone: vec![0.0; t.units.len()], notes }
    }

    /// Units of paragraphs with no counterpart, alone with probability `p`.
    fn alone(&mut self, su: Range<usize>, tu: Range<usize>, p: f32) {
        su.clone().for_each(|i| self.src_alone[i] = p);
        tu.clone().for_each(|j| self.tgt_alone[j] = p);
        self.beads.extend(skip_beads(su, tu, p));
    }

    /// The alignment of the units of one group of paragraphs, whose first
    /// units are `offset`; its paragraphs are alone with probabilities `p`.
    fn add(&mut self, inner: UnitAlignment, (so, to): (usize, usize), (p_src, p_tgt): (f32, f32)) {
        self.notes.extend(inner.notes);
        let a = inner.alignment;
        for (k, p) in a.src_alone.iter().enumerate() {
            self.src_alone[so + k] = p_src + (1.0 - p_src) * p;
        }
        for (k, p) in a.tgt_alone.iter().enumerate() {
            self.tgt_alone[to + k] = p_tgt + (1.0 - p_tgt) * p;
        }
        self.beads.extend(a.beads.into_iter().map(|b| Bead {
            src: b.src.start + so..b.src.end + so,
            tgt: b.tgt.start + to..b.tgt.end + to,
            score: b.score,
            posterior: b.posterior,
        }));
    }
}
