//! The word-translation signal: content words embedded one by one with the
//! multilingual sentence encoder, so that a word and its translation land
//! close together (合作 ↔ сотрудничество, 能源 ↔ energy). Words are linked
//! one to one by competitive linking: the pair with the highest cosine first,
//! then the best pair among the words still free, down to a floor, and only
//! near the diagonal that confident links draw ([`super::linking`]). Related
//! but different words (文明 ↔ культурный) are thereby left unlinked when the
//! right partner is present for a better-matching word. The bead score is the
//! overlap of linked words ([`OverlapSignal`]): the share of words on each
//! side that find a partner on the other. Unlike embeddings of whole units, it
//! stays precise for clause fragments, which is what finding a missing clause
//! needs. Linking is quadratic in the words of a problem, so the signal is
//! meant for small problems (the clauses of a sentence pair); past
//! [`MAX_PAIRS`] word pairs it is not built.
//!
//! Words are the content words of [`crate::text::words`]; their vectors
//! are cached by the model handle ([`Model::embed`]).

use std::sync::Arc;

use super::assoc::Assoc;
use super::linking::{link, standings, LinkOptions, Links, Phrases, Sims, Standing};
use super::semantic::Model;
use super::signal::{Bag, OverlapSignal};
use crate::text::words::{content_words, Word};
use crate::text::Lang;

/// Largest number of word pairs (source words × target words) linked.
pub const MAX_PAIRS: usize = 1 << 20;

/// Vectors of `words` ([`Model::embed`] of their forms).
fn vectors(model: &Model, words: &[&Word]) -> Vec<Arc<[f32]>> {
    let forms: Vec<&str> = words.iter().map(|w| w.form.as_str()).collect();
    model.embed(&forms)
}

/// Cosine below which a single Chinese character is never linked: alone,
/// a character is ambiguous (恢, 品, 者) and its vector unreliable.
const SINGLE_CHAR_FLOOR: f32 = 0.6;

/// Whether each word of `words` (cut from `text`) and the next stand next
/// to each other: nothing but spaces between them.
fn neighbours(words: &[&Word], text: &str) -> Vec<bool> {
    words
        .windows(2)
        .map(|w| text.get(w[0].bytes.end..w[1].bytes.start).is_some_and(|gap| gap.chars().all(char::is_whitespace)))
        .collect()
}

/// Least similarity for a word to join its neighbour's link as part of a phrase.
const PHRASE: f32 = 0.6;

/// The floor of a link between `a[i]` and `b[j]`: a single Chinese
/// character only links when close.
fn floor<'a>(a: &'a [&Word], b: &'a [&Word]) -> impl Fn(usize, usize) -> f32 + 'a {
    move |i, j| if a[i].is_single_char() || b[j].is_single_char() { SINGLE_CHAR_FLOOR } else { 0.0 }
}

/// Links between words `a` and `b`: for each word of `a`, its partner in
/// `b` ([`crate::align::linking`]), with the similarities they were chosen
/// from; one to one, or with `texts` (those the words were cut from, which
/// tell which words stand side by side) the words of a phrase together.
/// `None` past [`MAX_PAIRS`] word pairs.
fn links(
    model: &Model,
    (a, b): (&[&Word], &[&Word]),
    assoc: Option<&Assoc>,
    texts: Option<(&str, &str)>,
) -> Option<(Sims, Links)> {
    if a.len().saturating_mul(b.len()) > MAX_PAIRS {
        return None;
    }
    let (va, vb) = (vectors(model, a), vectors(model, b));
    let (sa, sb): (Vec<&[f32]>, Vec<&[f32]>) =
        (va.iter().map(|x| &x[..]).collect(), vb.iter().map(|x| &x[..]).collect());
    let cos = crate::embed::cosine_matrix(&sa, &sb);
    let sims = Sims::new(va.len(), vb.len(), |i, j| {
        let c = cos[i * vb.len() + j];
        assoc.map_or(c, |x| c.max(x.get(&a[i].form, &b[j].form)))
    });
    let phrases = texts.map(|(ta, tb)| Phrases { min: PHRASE, rows: neighbours(a, ta), cols: neighbours(b, tb) });
    let linked = link(&sims, &LinkOptions::default(), floor(a, b), phrases.as_ref());
    Some((sims, linked))
}

/// How the words of two texts stand after linking ([`standings_of`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Standings {
    /// For each word of the first text: its partner, whether a word of that
    /// text left without partner could as well take it, and its best
    /// similarity to a word of the second text left without partner.
    pub rows: Vec<Standing>,
    /// For each word of the second text, whether a word of the first is
    /// linked to it (itself or as part of a phrase).
    pub taken: Vec<bool>,
    /// The similarities the links were chosen from.
    pub sims: Sims,
}

/// How the words `a` (cut from `text_a`) and `b` (cut from `text_b`)
/// stand after linking: one to one, but for the words of a phrase, which
/// link together (see [`crate::align::linking`]). `None` past
/// [`MAX_PAIRS`] word pairs.
pub fn standings_of(
    model: &Model,
    (a, text_a): (&[Word], &str),
    (b, text_b): (&[Word], &str),
    assoc: Option<&Assoc>,
) -> Option<Standings> {
    let (a, b): (Vec<&Word>, Vec<&Word>) = (a.iter().collect(), b.iter().collect());
    let (sims, linked) = links(model, (&a, &b), assoc, Some((text_a, text_b)))?;
    let rows = standings(&sims, &linked, floor(&a, &b));
    Some(Standings { rows, taken: linked.taken, sims })
}

/// The word-translation signal over units (original texts), or `None` when
/// the problem has too many word pairs.
pub fn word_signal(
    model: &Model,
    weight: f64,
    src: (&[String], Lang),
    tgt: (&[String], Lang),
) -> Option<OverlapSignal> {
    let sw: Vec<Vec<Word>> = src.0.iter().map(|t| content_words(t, src.1)).collect();
    let tw: Vec<Vec<Word>> = tgt.0.iter().map(|t| content_words(t, tgt.1)).collect();
    let sflat: Vec<&Word> = sw.iter().flatten().collect();
    let tflat: Vec<&Word> = tw.iter().flatten().collect();
    let linked = links(model, (&sflat, &tflat), None, None)?.1.partner;
    let mut next = 0;
    let src_bags = sw
        .iter()
        .map(|ws| {
            let bag = Bag::from_tokens(
                linked[next..next + ws.len()].iter().map(|l| l.map(|j| j as u32).into_iter().collect()),
            );
            next += ws.len();
            bag
        })
        .collect();
    let mut next = 0u32;
    let tgt_bags = tw
        .iter()
        .map(|ws| {
            let bag = Bag::from_keys(next..next + ws.len() as u32);
            next += ws.len() as u32;
            bag
        })
        .collect();
    Some(OverlapSignal::new("words", weight, false, src_bags, tgt_bags))
}
