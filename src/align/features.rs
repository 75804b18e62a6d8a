//! Per-unit features for the signals: lengths, number bags, mark bags
//! (quoted titles, question and exclamation marks, section heads), dictionary
//! bags, cognate bags (shared word beginnings, Latin or Cyrillic) and, for two
//! versions in one language, bags of character bigrams or words.

use super::lexicon::{english_words, Lexicon};
use super::numbers;
use super::signal::{Bag, OverlapSignal, Signal};
use super::Weights;
use crate::lang::Lang;
use crate::normalize;
use crate::segment::heading_number;

/// One side of an alignment problem: unit texts and their language.
pub struct Side<'a> {
    /// Texts of the units (original text, not keys).
    pub units: Vec<&'a str>,
    /// Their language.
    pub lang: Lang,
}

/// Prepared features of one side.
pub(crate) struct Features {
    pub lengths: Vec<f64>,
    /// Whether each unit is a section head (kept out of merged beads).
    pub headings: Vec<bool>,
    keys: Vec<String>,
    lang: Lang,
    originals: Vec<String>,
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
    let titles = if f.lang.is_chinese() {
        t.matches(['《', '「', '『']).count()
    } else {
        t.matches(['“', '«', '„']).count() + t.matches('"').count() / 2
    };
    marks.extend(std::iter::repeat_n(TITLE, titles));
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
            .filter(|w| w.chars().count() >= 4 && !w.chars().any(crate::lang::is_han))
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

/// The signals that apply to this language pair.
pub(crate) fn signals(
    src: &Features,
    tgt: &Features,
    w: &Weights,
    model: Option<&super::semantic::Model>,
) -> Vec<Box<dyn Signal>> {
    let mut out: Vec<Box<dyn Signal>> = Vec::new();
    // `strict`: tokens on one side only are a mismatch (otherwise the signal abstains).
    let mut push = |name: &str, weight: f64, strict: bool, (s, t): (Vec<Bag>, Vec<Bag>)| {
        let sig = OverlapSignal::new(name, weight, strict, s, t);
        if weight > 0.0 && sig.has_evidence() {
            out.push(Box::new(sig));
        }
    };
    push("numbers", w.numbers, true, bags(src, tgt, number_bag));
    push("marks", w.marks, true, bags(src, tgt, mark_bag));
    if src.lang.family() == tgt.lang.family() && src.lang != Lang::Other {
        push("same-language", w.same_language, true, bags(src, tgt, same_language_bag));
    } else {
        // Cognates are evidence both ways only between texts in one script.
        let latin = |l: Lang| matches!(l, Lang::En | Lang::Other);
        let same_script = latin(src.lang) && latin(tgt.lang);
        push("cognates", w.cognates, same_script, bags(src, tgt, cognate_bag));
    }
    let pair = (src.lang.family(), tgt.lang.family());
    if (pair == ("zh", "en") || pair == ("en", "zh")) && w.lexicon > 0.0 {
        if let Some(lex) = Lexicon::bundled() {
            let bag = |f: &Features, i: usize| -> Bag {
                if f.lang.is_chinese() {
                    lex.chinese_bag(&f.keys[i])
                } else {
                    lex.english_bag(&f.keys[i])
                }
            };
            push("lexicon", w.lexicon, false, bags(src, tgt, bag));
        }
    }
    if let Some(m) = model.filter(|_| w.words > 0.0 && src.lang.family() != tgt.lang.family()) {
        let sig = super::words::word_signal(m, w.words, (&src.originals, src.lang), (&tgt.originals, tgt.lang));
        if let Some(sig) = sig.filter(OverlapSignal::has_evidence) {
            out.push(Box::new(sig));
        }
    }
    if let Some(m) = model.filter(|_| w.semantic > 0.0 && !src.originals.is_empty() && !tgt.originals.is_empty()) {
        let s =
            super::semantic::SemanticSignal::new(m, w.semantic, (&src.originals, src.lang), (&tgt.originals, tgt.lang));
        out.push(Box::new(s));
    }
    out
}
