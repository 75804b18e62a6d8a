//! Words the word list spells two ways. Where the sources disagree on a
//! word (CC-CEDICT's 市場准入 beside OpenCC's 市場準入), the character
//! that tells the spellings apart is right either way for the word list
//! alone; what the rest of the text does with that character (a text that
//! writes 批準 for 批准 elsewhere was converted naively) is the evidence
//! left, weighed by the caller.

use super::{convert, other_forms, Line, MAX_WORD};

/// Another spelling of the word that holds a character, with another form
/// of that character, listed as well as the text's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contested {
    /// The other form of the character.
    pub with: char,
    /// The word as the line writes it, with that form in.
    pub word: String,
}

impl Line<'_> {
    /// When the longest listed word holding character `i` is one the
    /// sources spell two ways, and the other spelling differs from it only
    /// in another form of that character (OpenCC's 市場準入, CC-CEDICT's
    /// 市場准入), that form and word; `None` otherwise (a word with one
    /// spelling, two words that only look alike such as 制服 and 製服, or
    /// no word at all).
    pub fn contested(&self, i: usize) -> Option<Contested> {
        if other_forms(self.chars[i], |_| true).is_empty() {
            return None;
        }
        let (start, len) = self.longest_span(i)?;
        let own: String = self.chars[start..start + len].iter().collect();
        let theirs = self.spelling.disputed.get(&own)?;
        let theirs: Vec<char> = theirs.chars().collect();
        if theirs.len() != len {
            return None;
        }
        let differ: Vec<usize> = (0..len).filter(|&k| theirs.get(k) != Some(&self.chars[start + k])).collect();
        let with = theirs[i - start];
        let same_simplified =
            convert::simplified_forms(with).iter().any(|s| convert::simplified_forms(self.chars[i]).contains(s));
        (differ == [i - start] && same_simplified).then(|| Contested { with, word: theirs.into_iter().collect() })
    }

    /// The start and length of the longest listed word holding `at` (the
    /// leftmost of equals).
    fn longest_span(&self, at: usize) -> Option<(usize, usize)> {
        let mut best = None;
        for start in at.saturating_sub(MAX_WORD - 1)..=at {
            for len in (at + 1 - start).max(2)..=MAX_WORD.min(self.chars.len() - start) {
                if best.is_none_or(|(_, l)| len > l) && self.is_word(start, len, None) {
                    best = Some((start, len));
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::super::Spelling;
    use super::*;

    fn contested(text: &str, at: char) -> Option<Contested> {
        let s = Spelling::bundled().expect("word list");
        let chars: Vec<char> = text.chars().collect();
        let i = chars.iter().position(|&c| c == at).expect("character");
        s.line(&chars).contested(i)
    }

    #[test]
    fn a_word_listed_both_ways_is_contested() {
        let c = contested("公平市場準入和對發展", '準').expect("contested");
        assert_eq!(c, Contested { with: '准', word: "市場准入".into() });
        // CC-CEDICT's spelling is not the disputed one.
        assert_eq!(contested("公平市場准入和對發展", '准'), None);
    }

    #[test]
    fn a_word_with_one_spelling_or_none_is_not() {
        // 批準 is no word, 批准 is: the verdict's matter, not a contest.
        assert_eq!(contested("成員國批準了協定", '準'), None);
        assert_eq!(contested("成員國批准了協定", '准'), None);
        assert_eq!(contested("不干涉內政", '干'), None);
        // Two words that look alike, both CC-CEDICT's: 制服 "uniform", 製服.
        assert_eq!(contested("穿著制服的人", '制'), None);
        // A character in no word at all.
        assert_eq!(contested("準", '準'), None);
    }
}
