//! A text's own conversion habits. Where the word list spells a word two
//! ways ([`Contested`]), the list cannot say which character belongs; the
//! rest of the text can: a text that writes 準 where the list has 准
//! (批準) and never writes 准 right was converted naively, and its 市場準入
//! is most likely that conversion's 準 too.

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;

use super::{Contested, Spelling, Verdict, REACH};

/// A character of a disputed word that the text's habits mark as a probable
/// conversion error.
#[derive(Debug, Clone, PartialEq)]
pub struct HabitError {
    /// Its bytes in the text.
    pub range: Range<usize>,
    /// The character the text has.
    pub written: char,
    /// The other spelling of its word.
    pub other: Contested,
    /// How many times the text writes `written` where the word list puts
    /// `other.with`.
    pub errors: usize,
    /// How many times the text writes `other.with` right.
    pub rights: usize,
    /// The probability that the character is the text's conversion error:
    /// (errors + 1) / (errors + rights + 2), the rate at which the text's
    /// conversion writes it there, under a uniform prior.
    pub confidence: f64,
}

impl HabitError {
    /// A sentence for people: the form expected, and the evidence.
    pub fn message(&self) -> String {
        let (c, with) = (self.written, self.other.with);
        format!(
            "{c}: probably a naive conversion error, expected {with} ({}; the sources spell this word both ways, \
             and this text writes {c} for {with} {} time(s) elsewhere, {with} rightly {} time(s))",
            self.other.word, self.errors, self.rights
        )
    }
}

/// The lines of `text` without their line ends, each with the byte offset
/// where it starts: a word never spans two lines.
pub fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |pos, line| {
        let start = *pos;
        *pos += line.len();
        Some((start, line.trim_end_matches(['\n', '\r'])))
    })
}

/// What one line says of the text's habits.
#[derive(Default)]
struct LineHabits {
    /// Conversion errors: the character written, and the one that belongs.
    errors: Vec<(char, char)>,
    /// Characters with other forms judged right, their word having one spelling.
    rights: Vec<char>,
    /// Characters of disputed words: their bytes, the character, the other spelling.
    contested: Vec<(Range<usize>, char, Contested)>,
}

impl Spelling {
    /// The characters of `text` (traditional Chinese) in words the word
    /// list spells two ways that the text's habits mark as conversion
    /// errors: those the text writes for the other form elsewhere more
    /// often than it writes the other form right (errors > rights, so a
    /// confidence above one half). A text with no conversion error has
    /// none.
    pub fn habit_errors(&self, text: &str) -> Vec<HabitError> {
        // Only the characters that tell the disputed words in the text from
        // their other spellings are weighed; most texts hold none.
        let mut weighed: Vec<char> = Vec::new();
        for (w, other) in self.disputed.iter().filter(|(w, _)| text.contains(w.as_str())) {
            let differ = w.chars().zip(other.chars()).filter(|(a, b)| a != b);
            differ.for_each(|(a, b)| weighed.extend([a, b]));
        }
        if weighed.is_empty() {
            return Vec::new();
        }
        weighed.sort_unstable();
        weighed.dedup();
        let lines: Vec<(usize, &str)> = lines(text).collect();
        let scans: Vec<LineHabits> = lines
            .par_iter()
            .filter(|(_, line)| line.chars().any(|c| weighed.binary_search(&c).is_ok()))
            .map(|&(start, line)| self.line_habits(start, line, &weighed))
            .collect();
        let mut errors: HashMap<(char, char), usize> = HashMap::new();
        let mut rights: HashMap<char, usize> = HashMap::new();
        for s in &scans {
            s.errors.iter().for_each(|&pair| *errors.entry(pair).or_insert(0) += 1);
            s.rights.iter().for_each(|&c| *rights.entry(c).or_insert(0) += 1);
        }
        let judged = scans.into_iter().flat_map(|s| s.contested).filter_map(|(range, written, other)| {
            let e = errors.get(&(written, other.with)).copied().unwrap_or(0);
            let r = rights.get(&other.with).copied().unwrap_or(0);
            let confidence = (e + 1) as f64 / (e + r + 2) as f64;
            (e > r).then_some(HabitError { range, written, other, errors: e, rights: r, confidence })
        });
        judged.collect()
    }

    /// The habits one line shows (`start`: its first byte in the text) in
    /// the characters `weighed` (sorted).
    fn line_habits(&self, start: usize, line: &str, weighed: &[char]) -> LineHabits {
        let chars: Vec<(usize, char)> = line.char_indices().map(|(b, c)| (start + b, c)).collect();
        let plain: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
        let mut out = LineHabits::default();
        for (i, &(at, c)) in chars.iter().enumerate() {
            if weighed.binary_search(&c).is_err() || super::other_forms(c, |_| true).is_empty() {
                continue;
            }
            // The words within reach of the character decide, as for [`Spelling::verdict`].
            let lo = i.saturating_sub(REACH);
            let words = self.line(&plain[lo..(i + REACH + 1).min(plain.len())]);
            match words.verdict(i - lo, |_| true) {
                Verdict::Right => match words.contested(i - lo) {
                    Some(other) => out.contested.push((at..at + c.len_utf8(), c, other)),
                    None => out.rights.push(c),
                },
                Verdict::Variant(_) => {}
                Verdict::Error { with, .. } => out.errors.push((c, with)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn habits(text: &str) -> Vec<(String, char, f64)> {
        let s = Spelling::bundled().expect("word list");
        s.habit_errors(text).into_iter().map(|h| (text[h.range].to_string(), h.other.with, h.confidence)).collect()
    }

    #[test]
    fn a_disputed_word_follows_the_text_s_habits() {
        // 批準 (an error) twice: 市場準入 is read as 市場准入, at (2 + 1) / (2 + 0 + 2).
        assert_eq!(habits("批準了協定，批準了公約。\n擴大市場準入。\n"), [("準".to_string(), '准', 0.75)]);
        // No error of the kind, or as many 准 written right: nothing.
        assert_eq!(habits("一二三四。\n擴大市場準入。\n"), []);
        assert_eq!(habits("批準了協定，批准了公約。\n擴大市場準入。\n"), []);
        // Errors of another kind (幹涉) say nothing of 準.
        assert_eq!(habits("不幹涉內政，不幹涉別國。\n擴大市場準入。\n"), []);
    }
}
