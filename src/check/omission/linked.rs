//! The words of a piece linked to their translations on the other side:
//! by the encoder (one to one, near the diagonal of confident links), by
//! their sound (names) and by the CC-CEDICT dictionary; how surely each is
//! translated, where its partner is, and how likely it is untranslated
//! when the words are read in order ([`super::hmm`]).

use super::abbrev::abbreviation_links;
use super::dictionary::{dictionary_links, SideWords};
use super::held::Partners;
use super::hmm::Hmm;
use super::names::{sound_links, Words};
use super::piece::Piece;
use crate::align::assoc::Assoc;
use crate::align::linking::{Sims, Standing};
use crate::align::semantic::Model;
use crate::align::words::standings_of;
use crate::text::lexicon::Lexicon;
use crate::text::words::content_words;

/// A word of the other side counts as the translation of a word left
/// without partner from this cosine on: the old run detector's value,
/// which finds the most seeded damage at a precision above 0.95 among
/// 0.45, 0.55 and 0.65 with the weights learnt again for each
/// (docs/parameters.md).
const FREE_PARTNER: f32 = 0.55;

/// How the words of a piece are translated on the other side.
pub(super) struct Linked {
    /// The words, and whether each is translated.
    pub(super) words: Words,
    /// How surely each is translated ([`strength_of`]).
    pub(super) strength: Vec<f32>,
    /// Where their partners are.
    pub(super) partners: Partners,
    /// The probability that each is untranslated, read in order ([`Hmm`]).
    pub(super) untranslated: Vec<f64>,
}

/// The words of `piece` linked to their translations in `other`; `None`
/// when the pair has too many word pairs to link.
pub(super) fn word_links(
    m: &Model,
    (piece, other): (&Piece, &Piece),
    (assoc, lex): (Option<&Assoc>, Option<&Lexicon>),
    hmm: Hmm,
) -> Option<Linked> {
    let words = content_words(&piece.text, piece.lang);
    let theirs = content_words(&other.text, other.lang);
    if words.is_empty() || theirs.is_empty() {
        let n = words.len();
        let partners = Partners { at: vec![None; n], theirs: theirs.iter().map(|w| w.bytes.start).collect() };
        let words = Words { covered: vec![false; n], words };
        return Some(Linked { words, strength: vec![0.0; n], partners, untranslated: vec![1.0; n] });
    }
    let st = standings_of(m, (&words, &piece.text), (&theirs, &other.text), assoc)?;
    let covered: Vec<bool> = st.rows.iter().map(|s| s.partner.is_some() || s.best_free >= FREE_PARTNER).collect();
    let mut l = Words { words, covered: covered.clone() };
    sound_links(&mut l, (piece, other), lex);
    let by_sound: Vec<bool> = l.covered.iter().zip(&covered).map(|(&now, &before)| now && !before).collect();
    let mut made = Vec::new();
    if let Some(lex) = lex {
        let this = SideWords { text: &piece.text, lang: piece.lang, words: &l.words };
        let theirs = SideWords { text: &other.text, lang: other.lang, words: &theirs };
        made = dictionary_links(this, &mut l.covered, (theirs, &st.taken), lex);
        made.extend(abbreviation_links(this, &mut l.covered, theirs, lex));
    }
    let strength = strength_of(&l.covered, &st.rows);
    let mut partners = Partners {
        at: st.rows.iter().map(|r| r.partner.map(|j| theirs[j].bytes.start)).collect(),
        theirs: theirs.iter().map(|w| w.bytes.start).collect(),
    };
    let mut by_dictionary = vec![None; l.words.len()];
    for (k, j) in made {
        partners.at[k] = Some(theirs[j].bytes.start);
        by_dictionary[k] = Some(j);
    }
    let untranslated = read_in_order(hmm, &st.sims, &by_dictionary, &by_sound);
    Some(Linked { words: l, strength, partners, untranslated })
}

/// How likely each word is untranslated, read in order ([`Hmm`]) against
/// the encoder's similarities `sims`, where a link the dictionary made
/// (`by_dictionary`, the word's partner) counts as similarity 1 and a word
/// linked by its sound (`by_sound`; the link names no partner) is
/// translated.
fn read_in_order(hmm: Hmm, sims: &Sims, by_dictionary: &[Option<usize>], by_sound: &[bool]) -> Vec<f64> {
    let (rows, cols) = sims.shape();
    let sim = |i: usize, c: usize| if by_dictionary[i] == Some(c) { 1.0 } else { f64::from(sims.get(i, c)) };
    let mut p = hmm.untranslated(rows, cols, sim);
    for (x, _) in p.iter_mut().zip(by_sound).filter(|(_, &s)| s) {
        *x = 0.0;
    }
    p
}

/// How surely each word (whether `covered`, how it stands after the
/// encoder's links) is translated: the similarity of its link, its best
/// free match, 1 for a link by sound or by the dictionary (covered with
/// neither), 0 when not covered.
fn strength_of(covered: &[bool], rows: &[Standing]) -> Vec<f32> {
    covered
        .iter()
        .zip(rows)
        .map(|(&c, r)| match (c, r.partner) {
            (false, _) => 0.0,
            (true, Some(_)) => r.sim,
            (true, None) if r.best_free >= FREE_PARTNER => r.best_free,
            (true, None) => 1.0,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dictionary_link_is_a_perfect_match_and_a_name_linked_by_sound_is_translated() {
        // Three words against three, none similar to another.
        let sims = Sims::new(3, 3, |_, _| 0.0);
        let alone = read_in_order(Hmm::BUILT_IN, &sims, &[None; 3], &[false; 3]);
        assert!(alone.iter().all(|&p| p > 0.5), "{alone:?}");
        // Word 0 linked by the dictionary to word 0, word 1 by its sound.
        let read = read_in_order(Hmm::BUILT_IN, &sims, &[Some(0), None, None], &[false, true, false]);
        assert!(read[0] < 0.05 && read[1] == 0.0 && read[2] > 0.5, "{read:?}");
        // The dictionary's partner is the one named, here the last word.
        let last = read_in_order(Hmm::BUILT_IN, &sims, &[None, None, Some(2)], &[false; 3]);
        assert!(last[2] < 0.05 && last[0] > 0.5, "{last:?}");
    }

    #[test]
    fn a_word_is_as_surely_translated_as_its_link_says() {
        let row = |partner, sim, best_free| Standing { partner, best_free, sim };
        let rows = [row(Some(3), 0.41, 0.0), row(None, 0.0, 0.6), row(None, 0.0, 0.2), row(None, 0.0, 0.5)];
        // Linked by the encoder, a free match, by sound or the dictionary, and not at all.
        assert_eq!(strength_of(&[true, true, true, false], &rows), vec![0.41, 0.6, 1.0, 0.0]);
        // A word not covered has no strength, whatever its link.
        assert_eq!(strength_of(&[false; 4], &rows), vec![0.0; 4]);
    }
}
