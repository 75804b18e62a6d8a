//! The meaning signal: cosine similarity of sentence embeddings (the
//! multilingual encoder of [`crate::embed`]). Every unit and every run of
//! two to four neighbouring units is embedded once, so that a bead compares
//! the embeddings of its joined units (their tokens end to end, made from
//! the units' own pass and a short junction at each seam,
//! [`Model::embed_windows`]); a run of three or four with a unit too short
//! for its edges, and a side of more than four units, compare the
//! normalized sum of their units' embeddings. Cosines are discounted by
//! the hubness of the texts compared ([`super::hubness`]).

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use super::band::Band;
use super::hubness::{Hubness, SideVectors};
use super::run_dots::RunDots;
use super::signal::Signal;
use super::store::{self, Store};
use crate::embed::{Encoder, Window};
use crate::text::Lang;

mod embedding;

/// A loaded encoder and the embeddings it has made so far. Cloning is
/// cheap and shares both; a new handle ([`Model::new`]) starts with an
/// empty cache, so the cache belongs to whoever made the handle (a command,
/// a test, a batch of documents) and never outlives its encoder.
#[derive(Clone)]
pub struct Model {
    encoder: Arc<Encoder>,
    cache: Arc<Mutex<HashMap<String, Arc<[f32]>>>>,
    encoded: Arc<Encoded>,
    /// Where the embeddings are kept between runs, if anywhere.
    store: Option<Arc<Store>>,
}

/// What the encoder did for a handle: how many times it ran, on how many
/// texts in all ([`Model::encoded`]).
#[derive(Debug, Default)]
struct Encoded {
    calls: AtomicUsize,
    texts: AtomicUsize,
}

/// Embeddings, one a text (or a run of neighbouring texts).
pub type Embedded = Vec<Arc<[f32]>>;

/// The cache is emptied when it would grow past this many texts (about
/// 2 KB each).
const CACHE_LIMIT: usize = 100_000;

impl Model {
    /// A handle on `encoder` with an empty cache.
    pub fn new(encoder: Arc<Encoder>) -> Model {
        Model { encoder, cache: Arc::new(Mutex::new(HashMap::new())), encoded: Arc::default(), store: None }
    }

    /// A handle on `encoder` that also keeps its embeddings in the store
    /// file at `path` ([`super::store`]) and starts with those kept there.
    /// When the store cannot be opened the handle works without it, and
    /// the second value says why.
    pub fn with_store(encoder: Arc<Encoder>, path: &Path) -> (Model, Option<String>) {
        let mut model = Model::new(encoder);
        let probe = probe_vector(&model.encoder);
        let Some(probe) = probe.as_deref() else {
            return (model, Some("embeddings not kept between runs: the encoder gave no vector".to_string()));
        };
        match Store::open(path, probe) {
            Ok((s, kept)) => {
                let mut cache = model.cache.lock().unwrap_or_else(|e| e.into_inner());
                cache.extend(kept.into_iter().take(CACHE_LIMIT));
                drop(cache);
                model.store = Some(Arc::new(s));
                (model, None)
            }
            Err(e) => (model, Some(format!("embeddings not kept between runs: {}: {e}", path.display()))),
        }
    }

    /// The file the embeddings are kept in between runs, if any.
    pub fn store_path(&self) -> Option<&Path> {
        self.store.as_deref().map(Store::path)
    }

    /// How many times the encoder has run for this handle (and its clones),
    /// and on how many texts in all: [`Model::embed`] encodes in one batch
    /// the texts it has not met; [`Model::embed_windows`] counts each unit
    /// it runs and each run of units the encoder makes (not those it sums).
    pub fn encoded(&self) -> (usize, usize) {
        (self.encoded.calls.load(Ordering::Relaxed), self.encoded.texts.load(Ordering::Relaxed))
    }

    /// The encoder.
    pub fn encoder(&self) -> &Encoder {
        &self.encoder
    }

    /// The embeddings of `texts` (L2-normalized), each distinct text
    /// encoded once for the life of the handle.
    pub fn embed(&self, texts: &[&str]) -> Vec<Arc<[f32]>> {
        self.embed_windows(texts, 1).0
    }
}

/// The vector that heads a store file ([`store::probe_text`]): the
/// encoder's vector of the probe text plus those of a pair and a run of
/// three units made as [`Model::embed_windows`] makes runs, so that a
/// change to either way of making vectors replaces the file. `None` when
/// the encoder gives none.
fn probe_vector(encoder: &Encoder) -> Option<Vec<f32>> {
    let [a, b, c] = store::probe_run();
    let runs = [Window { start: 1, len: 2 }, Window { start: 1, len: 3 }];
    let (single, joined) = encoder.encode_windows(&[store::probe_text(), a, b, c], &runs);
    let (single, pair, three) = (single.first()?, joined.first()?, joined.get(1)?);
    let same = single.len() == pair.len() && single.len() == three.len();
    same.then(|| single.iter().zip(pair).zip(three).map(|((x, y), z)| x + y + z).collect())
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Model(USE-M v3)")
    }
}

impl PartialEq for Model {
    fn eq(&self, other: &Model) -> bool {
        Arc::ptr_eq(&self.encoder, &other.encoder)
    }
}

/// Embeddings of single units and of runs of 2 to [`WIDE`] neighbouring
/// units (their joined tokens, or the normalized sums of their units'
/// vectors where only those are given); a longer run is the normalized
/// sum of its units' vectors.
struct Windows {
    single: Embedded,
    /// `runs[l - 2][i]`: units `i..i + l`, made once rather than for every
    /// bead of the search that holds them.
    runs: Vec<Embedded>,
}

/// Longest run of units embedded as one ([`Windows::runs`]), the longest
/// side of a bead by default.
pub(crate) const WIDE: usize = 4;

impl SideVectors for Windows {
    fn singles(&self) -> &[Arc<[f32]>] {
        &self.single
    }

    fn window(&self, r: Range<usize>) -> Cow<'_, [f32]> {
        self.vector(r)
    }
}

impl Windows {
    fn new(single: Embedded, runs: Vec<Embedded>) -> Windows {
        Windows { single, runs }
    }

    /// Windows of units whose vectors are given: a run is the normalized
    /// sum of its units'.
    fn of_vectors(single: Embedded) -> Windows {
        let dim = single.first().map_or(0, |x| x.len());
        let runs = (2..=WIDE)
            .map(|l| {
                let starts = (single.len() + 1).saturating_sub(l);
                (0..starts).map(|i| Arc::from(sum_of(&single, i..i + l, dim))).collect()
            })
            .collect();
        Windows::new(single, runs)
    }

    fn vector(&self, r: Range<usize>) -> Cow<'_, [f32]> {
        let dim = self.single.first().map_or(0, |x| x.len());
        let run = r.len().checked_sub(2).and_then(|l| self.runs.get(l)).and_then(|v| v.get(r.start));
        match (r.len(), run) {
            (1, _) => Cow::Borrowed(&self.single[r.start]),
            (_, Some(v)) => Cow::Borrowed(v),
            _ => Cow::Owned(sum_of(&self.single, r, dim)),
        }
    }

    /// [`Windows::vector`], but a run of units is the normalized sum of
    /// their vectors, whatever its length (the reading of a bead cut from
    /// a longer side, [`Signal::similarity_in_run`]), made at the ask: a
    /// search reads runs so from [`RunDots`] instead.
    fn summed(&self, r: Range<usize>) -> Cow<'_, [f32]> {
        let dim = self.single.first().map_or(0, |x| x.len());
        match r.len() {
            1 => Cow::Borrowed(&self.single[r.start]),
            _ => Cow::Owned(sum_of(&self.single, r, dim)),
        }
    }
}

/// The normalized sum of the vectors `r` of `single` (of `dim` values each).
fn sum_of(single: &[Arc<[f32]>], r: Range<usize>, dim: usize) -> Vec<f32> {
    let mut v = vec![0f32; dim];
    for i in r {
        for (a, b) in v.iter_mut().zip(single[i].iter()) {
            *a += b;
        }
    }
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= norm);
    v
}

/// Cosine similarity of bead embeddings, mapped to [0, 1].
pub struct SemanticSignal {
    weight: f64,
    src: Windows,
    tgt: Windows,
    /// Nearest units the hubness is measured on (0: none).
    neighbours: usize,
    /// The windows' hubness, measured in the first band prepared and its reach.
    hub: Option<Hubness>,
    /// The dot products of the units of the band last prepared that read
    /// runs as sums ([`RunDots`]), when [`Signal::prepare_runs`] made them.
    dots: Option<RunDots>,
}

/// The windows of one side: from `vectors` where they are given (a run
/// is then the normalized sum of its units'), or embedded from the texts.
fn embed_side(model: &Model, units: &[String], vectors: Option<&[Arc<[f32]>]>) -> Windows {
    if let Some(v) = vectors.filter(|v| v.len() == units.len()) {
        return Windows::of_vectors(v.to_vec());
    }
    let texts: Vec<&str> = units.iter().map(String::as_str).collect();
    let (single, runs) = model.embed_windows(&texts, WIDE);
    Windows::new(single, runs)
}

/// `v` scaled to unit length.
pub fn normalized(mut v: Vec<f32>) -> Arc<[f32]> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
    v.iter_mut().for_each(|x| *x /= norm);
    Arc::from(v)
}

/// The texts of one side's units, and their language.
pub type Units<'a> = (&'a [String], Lang);

/// The vectors of one side's units, where they are known already.
pub type Vectors<'a> = Option<&'a [Arc<[f32]>]>;

impl SemanticSignal {
    /// Embed the units of both sides (or take their vectors, where given);
    /// `weight` and the neighbours of [`Hubness`] (0: none).
    pub fn new(
        model: &Model,
        (weight, neighbours): (f64, usize),
        (src, tgt): (Units<'_>, Units<'_>),
        (src_vectors, tgt_vectors): (Vectors<'_>, Vectors<'_>),
    ) -> SemanticSignal {
        SemanticSignal {
            weight,
            src: embed_side(model, src.0, src_vectors),
            tgt: embed_side(model, tgt.0, tgt_vectors),
            neighbours,
            hub: None,
            dots: None,
        }
    }
}

/// Cosines below this count as no similarity, above `HIGH` as full.
const LOW: f32 = 0.15;
const HIGH: f32 = 0.75;

impl Signal for SemanticSignal {
    fn name(&self) -> &str {
        "semantic"
    }

    fn weight(&self) -> f64 {
        self.weight
    }

    fn prepare(&mut self, band: &Band) {
        // Measured once: the search keeps the bead costs of a narrower band
        // when it widens, and they must keep their meaning.
        if self.hub.is_none() && self.neighbours > 0 {
            self.hub =
                Some(Hubness::measure((&self.src, &self.tgt), (band, super::hubness::REACH), WIDE, self.neighbours));
        }
        // A table of another band answers nothing of this one.
        self.dots = None;
    }

    fn prepare_runs(&mut self, band: &Band) {
        self.dots = Some(RunDots::new(&self.src.single, &self.tgt.single, band, WIDE));
    }

    fn similarity(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64> {
        self.one(src, tgt, Windows::vector)
    }

    fn similarities(&self, beads: &[(Range<usize>, Range<usize>)], out: &mut Vec<Option<f64>>) {
        self.batch(beads, out, Windows::vector);
    }

    fn similarity_in_run(&self, src: Range<usize>, tgt: Range<usize>) -> Option<f64> {
        match self.dots.as_ref().and_then(|d| d.cosine(&src, &tgt)) {
            Some(cos) => Some(scaled(self.discounted(cos, &src, &tgt))),
            None => self.one(src, tgt, Windows::summed),
        }
    }

    fn similarities_in_run(&self, beads: &[(Range<usize>, Range<usize>)], out: &mut Vec<Option<f64>>) {
        out.extend(beads.iter().map(|(s, t)| self.similarity_in_run(s.clone(), t.clone())));
    }
}

impl SemanticSignal {
    /// The similarity of one bead with the windows' vectors `of` gives
    /// (`None` for a bead with an empty side).
    fn one<'w>(
        &'w self,
        src: Range<usize>,
        tgt: Range<usize>,
        of: fn(&'w Windows, Range<usize>) -> Cow<'w, [f32]>,
    ) -> Option<f64> {
        if src.is_empty() || tgt.is_empty() {
            return None;
        }
        let cos = crate::embed::cosine(&of(&self.src, src.clone()), &of(&self.tgt, tgt.clone()));
        Some(scaled(self.discounted(cos, &src, &tgt)))
    }

    /// The similarities of `beads` with the windows' vectors `of` gives,
    /// appended to `out`.
    fn batch<'w>(
        &'w self,
        beads: &[(Range<usize>, Range<usize>)],
        out: &mut Vec<Option<f64>>,
        of: fn(&'w Windows, Range<usize>) -> Cow<'w, [f32]>,
    ) {
        let full = |(s, t): &(Range<usize>, Range<usize>)| !s.is_empty() && !t.is_empty();
        let vectors: Vec<_> = beads
            .iter()
            .filter(|b| full(b))
            .map(|(s, t)| (of(&self.src, s.clone()), of(&self.tgt, t.clone())))
            .collect();
        let pairs: Vec<(&[f32], &[f32])> = vectors.iter().map(|(a, b)| (&a[..], &b[..])).collect();
        let mut cos = crate::embed::cosine_pairs(&pairs).into_iter();
        out.extend(beads.iter().map(|b| {
            if full(b) {
                cos.next().map(|c| scaled(self.discounted(c, &b.0, &b.1)))
            } else {
                None
            }
        }));
    }

    /// `cos` of source units `s` and target units `t` discounted by their
    /// hubness, once a band is prepared (a run read as the sum of its
    /// units' vectors takes the hubness measured on the run's own vector).
    fn discounted(&self, cos: f32, s: &Range<usize>, t: &Range<usize>) -> f32 {
        self.hub.as_ref().map_or(cos, |h| h.adjust(cos, s, t))
    }
}

/// A cosine mapped to [0, 1].
fn scaled(cos: f32) -> f64 {
    (((cos - LOW) / (HIGH - LOW)).clamp(0.0, 1.0)) as f64
}

#[cfg(test)]
mod runs_tests;

#[cfg(test)]
mod tests {
    use super::*;

    /// `n` unit vectors of `dim` values, none alike.
    fn units(n: usize, dim: usize) -> Vec<Arc<[f32]>> {
        (0..n).map(|i| normalized((0..dim).map(|k| ((i * 7 + k * 3) % 11) as f32 - 5.0).collect())).collect()
    }

    #[test]
    fn every_window_of_a_bead_is_made_once_and_only_borrowed_in_the_search() {
        // The search asks for the vector of a run of units in every cell of
        // its band: runs up to the longest side of a bead are made once, when
        // the side is embedded, and only looked up after (building them at
        // every ask made many short units cost units × band).
        let single = units(9, 16);
        let w = Windows::of_vectors(single.clone());
        for len in 1..=WIDE {
            for start in 0..=single.len() - len {
                let v = w.vector(start..start + len);
                assert!(matches!(v, Cow::Borrowed(_)), "units {start}..{} built at the ask", start + len);
                let want = sum_of(&single, start..start + len, 16);
                assert!(v.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-5), "{start}+{len}");
            }
        }
        // Longer runs (beyond the default bead) are summed when asked.
        assert!(matches!(w.vector(0..WIDE + 1), Cow::Owned(_)));
    }

    /// Vectors of every run of 2 to [`WIDE`] of `n` units, each its own
    /// (taken from `made`, none the sum of its units').
    fn runs_of(made: &mut impl Iterator<Item = Arc<[f32]>>, n: usize) -> Vec<Embedded> {
        (2..=WIDE).map(|l| made.take((n + 1).saturating_sub(l)).collect()).collect()
    }

    #[test]
    fn a_run_read_as_a_run_is_the_sum_of_its_units_not_their_joined_tokens() {
        let mut made = units(40, 16).into_iter();
        let single: Embedded = made.by_ref().take(5).collect();
        let runs = runs_of(&mut made, 5);
        let w = Windows::new(single.clone(), runs.clone());
        assert_eq!(&w.vector(1..3)[..], &runs[0][1][..]);
        assert_eq!(&w.vector(1..4)[..], &runs[1][1][..]);
        assert_eq!(&w.vector(1..5)[..], &runs[2][1][..]);
        let summed = w.summed(1..3);
        assert_eq!(&summed[..], &sum_of(&single, 1..3, 16)[..]);
        assert_ne!(&summed[..], &runs[0][1][..]);
        assert_eq!(&w.summed(2..3)[..], &single[2][..]);
        // Read as a run, a run of three or four is the sum of its units too.
        assert_eq!(&w.summed(0..3)[..], &sum_of(&single, 0..3, 16)[..]);
        assert_eq!(&w.summed(1..5)[..], &sum_of(&single, 1..5, 16)[..]);
        assert_ne!(&w.summed(0..4)[..], &runs[2][0][..]);
        // Past the longest run made: the sum of its units.
        assert_eq!(&w.vector(0..5)[..], &sum_of(&single, 0..5, 16)[..]);
    }

    #[test]
    fn the_batched_similarities_are_the_single_ones_in_both_readings() {
        let mut made = units(60, 16).into_iter();
        let single_s: Embedded = made.by_ref().take(6).collect();
        let runs_s = runs_of(&mut made, 6);
        let single_t: Embedded = made.by_ref().take(5).collect();
        let runs_t = runs_of(&mut made, 5);
        let sig = SemanticSignal {
            weight: 1.0,
            src: Windows::new(single_s, runs_s),
            tgt: Windows::new(single_t, runs_t),
            neighbours: 0,
            hub: None,
            dots: None,
        };
        let mut beads = Vec::new();
        for (a, b) in [(0, 1), (0, 2), (1, 4), (2, 6), (3, 3)] {
            for (c, d) in [(0, 1), (1, 3), (0, 3), (1, 5), (2, 2)] {
                beads.push((a..b, c..d));
            }
        }
        let (mut plain, mut runs) = (Vec::new(), Vec::new());
        sig.similarities(&beads, &mut plain);
        sig.similarities_in_run(&beads, &mut runs);
        for (k, (s, t)) in beads.iter().enumerate() {
            assert_eq!(plain[k], sig.similarity(s.clone(), t.clone()), "{s:?} {t:?}");
            assert_eq!(runs[k], sig.similarity_in_run(s.clone(), t.clone()), "{s:?} {t:?}");
        }
        // A pair of units reads otherwise as a run; a single unit does not.
        let pair_reads =
            |a: usize, c: usize| (sig.similarity(a..a + 2, c..c + 1), sig.similarity_in_run(a..a + 2, c..c + 1));
        assert!((0..5).any(|a| (0..5).any(|c| pair_reads(a, c).0 != pair_reads(a, c).1)));
        assert_eq!(sig.similarity(0..1, 0..1), sig.similarity_in_run(0..1, 0..1));
    }
}
