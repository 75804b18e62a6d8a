//! Words of a pair that the dictionary translates: a word the encoder's
//! links leave without a partner is translated after all when CC-CEDICT
//! gives it a translation found on the other side. Chinese words written
//! together are also read as the word they make with the suffix 化
//! (-ize, -ization), whose stem the dictionary often lacks: 多極 of 多極化
//! "multipolar, multipolarization" ↔ "a multipolar world". Only words are
//! added to the covered ones; nothing the encoder linked is taken away.

use std::collections::HashSet;

use crate::text::lexicon::Lexicon;
use crate::text::normalize;
use crate::text::words::Word;
use crate::text::Family;
use crate::Lang;

/// The suffix that makes a verb or abstract noun of a stem (多极化 of 多极).
const DERIVING_SUFFIX: char = '化';

/// Most words written together read as one word with [`DERIVING_SUFFIX`].
const MOST_JOINED: usize = 3;

/// One side of a pair: its text and language.
pub type SideText<'a> = (&'a str, Lang);

/// Mark covered every word of `words` (cut from `this`) without a partner
/// whose dictionary translation `other` holds; `covered` runs along
/// `words`. Pairs of Chinese and English only.
pub fn dictionary_links(
    words: &[Word],
    covered: &mut [bool],
    (this, other): (SideText<'_>, SideText<'_>),
    lex: &Lexicon,
) {
    match (this.1.family(), other.1.family()) {
        (Family::Chinese, Family::English) => {
            let theirs: HashSet<u32> = lex
                .english_tokens(&normalize::key(other.0, other.1))
                .into_iter()
                .filter(|&t| t != lex.unknown())
                .collect();
            let found = |form: &str| lex.translations(form).is_some_and(|ids| ids.iter().any(|i| theirs.contains(i)));
            for (w, c) in words.iter().zip(covered.iter_mut()) {
                *c = *c || found(&w.form);
            }
            derived(words, covered, &found);
        }
        (Family::English, Family::Chinese) => {
            let theirs: HashSet<u32> =
                lex.chinese_tokens(&normalize::key(other.0, other.1)).into_iter().flatten().collect();
            for (w, c) in words.iter().zip(covered.iter_mut()) {
                if !*c {
                    let ids = lex.english_tokens(&normalize::key(&this.0[w.bytes.clone()], this.1));
                    *c = ids.iter().any(|t| *t != lex.unknown() && theirs.contains(t));
                }
            }
        }
        _ => {}
    }
}

/// Cover the Chinese words without a partner, written together, that read
/// with [`DERIVING_SUFFIX`] as a word `found` translates.
fn derived(words: &[Word], covered: &mut [bool], found: &dyn Fn(&str) -> bool) {
    for start in 0..words.len() {
        for len in 2..=MOST_JOINED.min(words.len() - start) {
            let run = start..start + len;
            let joined = run.clone().skip(1).all(|k| words[k - 1].bytes.end == words[k].bytes.start);
            if !joined || covered[run.clone()].iter().all(|&c| c) {
                continue;
            }
            let mut form: String = words[run.clone()].iter().map(|w| w.form.as_str()).collect();
            form.push(DERIVING_SUFFIX);
            if found(&form) {
                covered[run].iter_mut().for_each(|c| *c = true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, forms: &[&str]) -> Vec<Word> {
        let mut at = 0;
        forms
            .iter()
            .map(|f| {
                let len = text[at..].chars().take(f.chars().count()).map(char::len_utf8).sum::<usize>();
                at += len;
                Word { bytes: at - len..at, form: (*f).into() }
            })
            .collect()
    }

    #[test]
    fn a_stem_is_read_with_its_suffix_and_a_word_by_the_dictionary() {
        let lex =
            Lexicon::from_tsv("多极化\tmultipolar multipolarization\n世界\tworld\n多\tmany\n极\tpole extremely\n");
        let zh = "多極世界";
        let w = words(zh, &["多", "极", "世界"]);
        let mut covered = vec![false; 3];
        let sides = ((zh, Lang::ZhHant), ("a multipolar world", Lang::En));
        dictionary_links(&w, &mut covered, sides, &lex);
        assert_eq!(covered, [true, true, true]);
        // Nothing is covered that the other side does not translate.
        let mut covered = vec![false; 3];
        dictionary_links(&w, &mut covered, ((zh, Lang::ZhHant), ("a bipolar planet", Lang::En)), &lex);
        assert_eq!(covered, [false, false, false]);
        // Words apart are not joined: 多 … 极 with a word between.
        let zh = "多世界极";
        let w = words(zh, &["多", "世界", "极"]);
        let mut covered = vec![false, true, false];
        dictionary_links(&w, &mut covered, ((zh, Lang::ZhHant), ("a multipolar", Lang::En)), &lex);
        assert_eq!(covered, [false, true, false]);
    }

    #[test]
    fn an_english_word_is_covered_by_the_chinese_side() {
        let lex = Lexicon::from_tsv("世界\tworld\n和平\tpeace\n");
        let en = "peace in the world";
        let w = vec![Word { bytes: 0..5, form: "peace".into() }, Word { bytes: 13..18, form: "world".into() }];
        let mut covered = vec![false, false];
        dictionary_links(&w, &mut covered, ((en, Lang::En), ("世界", Lang::ZhHans)), &lex);
        assert_eq!(covered, [false, true]);
    }
}
