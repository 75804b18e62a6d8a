//! Per-unit features for the signals: lengths, number bags, mark bags
//! (quoted titles, question and exclamation marks, section heads), dictionary
//! bags, cognate bags (shared word beginnings, Latin or Cyrillic) and, for two
//! versions in one language, bags of character bigrams or words.

use std::sync::Arc;

use super::band::Band;
use super::semantic::Model;
use super::signal::{Bag, OverlapSignal, Signal};
use super::Weights;
use crate::text::lang::Script;
use crate::text::lexicon::{english_words, Lexicon};
use crate::text::numbers::{self, heading_number};
use crate::text::{normalize, Family, Lang};

/// One side of an alignment problem: unit texts and their language.
pub struct Side<'a> {
    /// Texts of the units (original text, not keys).
    pub units: Vec<&'a str>,
    /// Their language.
    pub lang: Lang,
    /// The units' meaning vectors, where they are known already (paragraphs
    /// from their sentences'); otherwise the encoder embeds the texts.
    pub vectors: Option<Vec<Arc<[f32]>>>,
    /// For each unit, whether it must stay alone (a user said it has no
    /// counterpart); empty when none must.
    pub unpaired: Vec<bool>,
}

impl<'a> Side<'a> {
    /// Units `units` in `lang`.
    pub fn new(units: Vec<&'a str>, lang: Lang) -> Side<'a> {
        Side { units, lang, vectors: None, unpaired: Vec::new() }
    }
}

/// Prepared features of one side.
pub(crate) struct Features {
    pub lengths: Vec<f64>,
    /// Whether each unit is a section head (kept out of merged beads).
    pub headings: Vec<bool>,
    keys: Vec<String>,
    lang: Lang,
    originals: Vec<String>,
    vectors: Option<Vec<Arc<[f32]>>>,
}

impl Features {
    pub fn new(side: &Side<'_>) -> Features {
        let keys: Vec<String> = side.units.iter().map(|t| normalize::key(t, side.lang)).collect();
        Features {
            lengths: side.units.iter().map(|t| normalize::length(t) as f64).collect(),
            headings: side.units.iter().map(|t| heading_number(t).is_some()).collect(),
            keys,
            lang: side.lang,
            originals: side.units.iter().map(|t| t.to_string()).collect(),
            vectors: side.vectors.clone(),
        }
    }
}

fn fnv(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= b as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

const TITLE: u32 = 1;
const QUESTION: u32 = 2;
const EXCLAIM: u32 = 3;
const HEADING: u32 = 4;

fn number_bag(f: &Features, i: usize) -> Bag {
    let mut nums = numbers::extract(&f.keys[i], f.lang);
    if let Some(h) = heading_number(&f.originals[i]) {
        if !nums.contains(&h) {
            nums.push(h);
        }
    }
    Bag::from_keys(nums)
}

fn mark_bag(f: &Features, i: usize) -> Bag {
    let t = &f.originals[i];
    let mut marks = Vec::new();
    marks.extend(std::iter::repeat_n(TITLE, f.lang.quotations(t)));
    marks.extend(std::iter::repeat_n(QUESTION, t.matches(['?', '？']).count()));
    marks.extend(std::iter::repeat_n(EXCLAIM, t.matches(['!', '！']).count()));
    if heading_number(t).is_some() {
        marks.push(HEADING);
    }
    Bag::from_keys(marks)
}

/// Word beginnings (4 letters) of words of 4+ letters outside Chinese script.
fn cognate_bag(f: &Features, i: usize) -> Bag {
    Bag::from_keys(
        f.keys[i]
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.chars().count() >= 4 && !w.chars().any(crate::text::is_han))
            .map(|w| fnv(&w.chars().take(4).collect::<String>())),
    )
}

/// Character bigrams (Chinese) or words (others) of a key.
fn same_language_bag(f: &Features, i: usize) -> Bag {
    let key = &f.keys[i];
    if f.lang.is_chinese() {
        let chars: Vec<char> = key.chars().filter(|c| !c.is_whitespace()).collect();
        Bag::from_keys(chars.windows(2).map(|w| fnv(&w.iter().collect::<String>())))
    } else {
        Bag::from_keys(english_words(key).map(fnv))
    }
}

fn bags(src: &Features, tgt: &Features, f: impl Fn(&Features, usize) -> Bag) -> (Vec<Bag>, Vec<Bag>) {
    ((0..src.keys.len()).map(|i| f(src, i)).collect(), (0..tgt.keys.len()).map(|i| f(tgt, i)).collect())
}

/// The signals of one alignment problem, and what could not be built.
pub(crate) struct Signals {
    /// The signals with evidence, besides length.
    pub list: Vec<Box<dyn Signal>>,
    /// Signals that apply but could not be built, and why.
    pub notes: Vec<String>,
}

impl Signals {
    /// Prepare the signals to score beads outside a search, as a search of
    /// the sides `src` and `tgt` scores them: the meaning signal measures
    /// the hubness of the texts in the band such a search starts in
    /// ([`Band::first`], half-width `width`) and its reach; then every
    /// signal is
    /// prepared in `beads` (the band holding the beads to score) when
    /// given.
    pub fn prepare_as_search(&mut self, (src, tgt): (&Features, &Features), width: usize, beads: Option<&Band>) {
        let first = Band::first(&src.lengths, &tgt.lengths, width);
        self.list.iter_mut().filter(|s| s.name() == "semantic").for_each(|s| s.prepare(&first));
        if let Some(b) = beads {
            self.list.iter_mut().for_each(|s| s.prepare(b));
        }
    }

    /// An overlap signal over bags, kept when it has a weight and evidence;
    /// with `strict`, tokens on one side only are a mismatch (otherwise the
    /// signal abstains).
    fn overlap(&mut self, name: &str, weight: f64, strict: bool, (s, t): (Vec<Bag>, Vec<Bag>)) {
        let sig = OverlapSignal::new(name, weight, strict, s, t);
        if weight > 0.0 && sig.has_evidence() {
            self.list.push(Box::new(sig));
        }
    }
}

/// The meaning signal of weights `w` and `model` over the sides `src` and
/// `tgt`, prepared as a search that starts with half-width `width`
/// prepares it ([`Signals::prepare_as_search`]), for the trainers that
/// read it alone; `None` without a model.
pub(crate) fn meaning_signal(
    (src, tgt): (&Features, &Features),
    w: &Weights,
    model: Option<&Model>,
    width: usize,
) -> Option<Box<dyn Signal>> {
    let mut built = signals(src, tgt, w, model);
    built.prepare_as_search((src, tgt), width, None);
    let k = built.list.iter().position(|s| s.name() == "semantic")?;
    Some(built.list.swap_remove(k))
}

/// The signals that apply to this language pair.
pub(crate) fn signals(src: &Features, tgt: &Features, w: &Weights, model: Option<&Model>) -> Signals {
    let mut out = Signals { list: Vec::new(), notes: Vec::new() };
    out.overlap("numbers", w.numbers, true, bags(src, tgt, number_bag));
    out.overlap("marks", w.marks, true, bags(src, tgt, mark_bag));
    if src.lang.family() == tgt.lang.family() && src.lang != Lang::Other {
        out.overlap("same-language", w.same_language, true, bags(src, tgt, same_language_bag));
    } else {
        // Cognates are evidence both ways only between texts in one script.
        let latin = |l: Lang| matches!(l.profile().script, Script::Latin | Script::Any);
        let same_script = latin(src.lang) && latin(tgt.lang);
        out.overlap("cognates", w.cognates, same_script, bags(src, tgt, cognate_bag));
    }
    let zh_en = [(Family::Chinese, Family::English), (Family::English, Family::Chinese)];
    if zh_en.contains(&(src.lang.family(), tgt.lang.family())) && w.lexicon > 0.0 {
        match Lexicon::bundled() {
            Ok(lex) => out.overlap("lexicon", w.lexicon, false, bags(src, tgt, |f, i| lexicon_bag(lex, f, i))),
            Err(e) => out.notes.push(format!("the dictionary signal is off: {e}")),
        }
    }
    if let Some(m) = model {
        model_signals(&mut out, src, tgt, w, m);
    }
    out
}

/// A unit's dictionary bag: Chinese words with their translations' ids, or
/// English word ids (words the dictionary does not know count, but match nothing).
fn lexicon_bag(lex: &Lexicon, f: &Features, i: usize) -> Bag {
    if f.lang.is_chinese() {
        Bag::from_tokens(lex.chinese_tokens(&f.keys[i]))
    } else {
        let known = |t: u32| if t == lex.unknown() { vec![] } else { vec![t] };
        Bag::from_tokens(lex.english_tokens(&f.keys[i]).into_iter().map(known))
    }
}

/// The signals of the sentence-embedding model: word links between
/// languages, and the meaning of the units.
fn model_signals(out: &mut Signals, src: &Features, tgt: &Features, w: &Weights, m: &Model) {
    let (s, t) = ((&src.originals[..], src.lang), (&tgt.originals[..], tgt.lang));
    let vectors = (src.vectors.as_deref(), tgt.vectors.as_deref());
    // Word links are evidence between sentences; paragraphs (the sides that
    // bring their own vectors) are aligned on their meaning and the rest.
    let paragraphs = vectors.0.is_some() || vectors.1.is_some();
    if w.words > 0.0 && src.lang.links_words_with(tgt.lang) && !paragraphs {
        match super::words::word_signal(m, w.words, s, t) {
            Some(sig) if sig.has_evidence() => out.list.push(Box::new(sig)),
            Some(_) => {}
            None => out.notes.push(format!(
                "the word-link signal is off for a stretch of {} × {} units: over {} word pairs to link",
                src.originals.len(),
                tgt.originals.len(),
                super::words::MAX_PAIRS
            )),
        }
    }
    if w.semantic > 0.0 && !src.originals.is_empty() && !tgt.originals.is_empty() {
        out.list.push(Box::new(super::semantic::SemanticSignal::new(m, (w.semantic, w.hubness), (s, t), vectors)));
    }
}
