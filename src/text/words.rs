//! Content words: the words of a text that carry meaning, with where they
//! are. Chinese is cut into dictionary words (CC-CEDICT, longest match, on
//! the simplified form); other languages at non-letters. Function words
//! ([`super::lang::Profile::function_words`]) are left out.

use std::ops::Range;

use super::lang::Lang;
use super::lexicon::Lexicon;
use super::script::is_han;

/// A content word: where it is in the text, and its form for embedding
/// (simplified script for Chinese, lower case otherwise).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Byte range in the text.
    pub bytes: Range<usize>,
    /// The form that is embedded.
    pub form: String,
}

/// The content words of `text`.
pub fn content_words(text: &str, lang: Lang) -> Vec<Word> {
    let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let byte_range = |r: &Range<usize>| offsets[r.start]..offsets[r.end];
    let chars: Vec<char> = text.chars().collect();
    if lang.is_chinese() {
        let simple = super::convert::to_simplified_aligned(text);
        // Without the dictionary (whose loss every command reports), characters one by one.
        let ranges = match Lexicon::bundled() {
            Ok(lex) => lex.chinese_words(&simple),
            Err(_) => (0..simple.len()).map(|i| i..i + 1).collect(),
        };
        ranges
            .into_iter()
            .filter(|r| simple[r.clone()].iter().all(|&c| is_han(c)))
            // A unit after a number (2025年, 第43屆) belongs to the number, which is checked on its own.
            .filter(|r| r.len() > 1 || r.start == 0 || !simple[r.start - 1].is_ascii_digit())
            .map(|r| Word { bytes: byte_range(&r), form: simple[r].iter().collect() })
            .filter(|w| !lang.is_function_word(&w.form))
            .collect()
    } else {
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            let letter = |k: usize| chars.get(k).is_some_and(|c| c.is_alphabetic());
            while letter(i) || (chars.get(i) == Some(&'-') && letter(i + 1)) {
                i += 1;
            }
            let form: String = chars[start..i].iter().flat_map(|c| c.to_lowercase()).collect();
            if i - start > 1 && !lang.is_function_word(&form) {
                out.push(Word { bytes: byte_range(&(start..i)), form });
            }
        }
        out
    }
}

impl Word {
    /// Whether the word is a single Chinese character (ambiguous alone).
    pub fn is_single_char(&self) -> bool {
        let mut cs = self.form.chars();
        cs.next().is_some_and(is_han) && cs.next().is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_words_leave_out_function_words() {
        let forms = |t: &str, l: Lang| content_words(t, l).into_iter().map(|w| w.form).collect::<Vec<_>>();
        assert_eq!(forms("The Member States and cooperation", Lang::En), ["member", "states", "cooperation"]);
        assert_eq!(forms("Сотрудничество в области", Lang::Ru), ["сотрудничество", "области"]);
        assert_eq!(forms("государства-члены -", Lang::Ru), ["государства-члены"]);
        let zh = content_words("成員國的合作，2025年", Lang::ZhHant);
        assert!(zh.iter().any(|w| w.form == "合作" && w.bytes == (12..18)), "{zh:?}");
        assert!(!zh.iter().any(|w| w.form == "的" || w.form.contains('2')), "{zh:?}");
        // A unit after a number belongs to the number.
        let zh = content_words("2025年6月的年度會議", Lang::ZhHant);
        assert_eq!(zh.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["年度", "会议"]);
    }
}
