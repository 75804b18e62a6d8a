//! Words of a pair that the dictionary translates: a word the encoder's
//! links leave without a partner is linked after all when CC-CEDICT
//! translates it into a word of the other side that no other word has
//! taken (one to one, the nearest in relative position first, so a word
//! the other side writes once is not the translation of every word that
//! recurs on this side). Chinese words written together are also read as
//! the word they make with the suffix 化 (-ize, -ization), whose stem the
//! dictionary often lacks: 多極 of 多極化 "multipolar, multipolarization"
//! ↔ "a multipolar world". Only links are added; none the encoder made is
//! taken away.

use crate::text::lexicon::Lexicon;
use crate::text::normalize;
use crate::text::words::Word;
use crate::text::Family;
use crate::Lang;

/// The suffix that makes a verb or abstract noun of a stem (多极化 of 多极).
const DERIVING_SUFFIX: char = '化';

/// Most words written together read as one word with [`DERIVING_SUFFIX`].
const MOST_JOINED: usize = 3;

/// One side of a pair: its text, its language and its content words.
#[derive(Clone, Copy)]
pub struct SideWords<'a> {
    /// The text the words are cut from.
    pub text: &'a str,
    /// Its language.
    pub lang: Lang,
    /// Its content words.
    pub words: &'a [Word],
}

/// Link every word of `this` without a partner (`covered` false, along
/// `this.words`) to a word of `other` that its dictionary translation
/// names and that is free (`taken` false, along `other.words`); each word
/// of `other` is linked once. Pairs of Chinese and English only. The
/// links made: (word of `this`, word of `other`).
pub fn dictionary_links(
    this: SideWords<'_>,
    covered: &mut [bool],
    (other, taken): (SideWords<'_>, &[bool]),
    lex: &Lexicon,
) -> Vec<(usize, usize)> {
    let chinese = match (this.lang.family(), other.lang.family()) {
        (Family::Chinese, Family::English) => true,
        (Family::English, Family::Chinese) => false,
        _ => return Vec::new(),
    };
    let mut free = Free::new(other, taken, lex);
    let mut made = Vec::new();
    for (k, w) in this.words.iter().enumerate() {
        if !covered[k] {
            let ids = translations(this, w, lex);
            if let Some(j) = free.take(&ids, place(this.text, w)) {
                covered[k] = true;
                made.push((k, j));
            }
        }
    }
    if chinese {
        derived(this, (covered, &mut made), &mut free, lex);
    }
    made
}

/// The words of the other side not linked yet, with their dictionary ids
/// and their places.
struct Free {
    words: Vec<(Vec<u32>, f64)>,
    free: Vec<bool>,
}

impl Free {
    fn new(other: SideWords<'_>, taken: &[bool], lex: &Lexicon) -> Free {
        let words = other.words.iter().map(|w| (translations(other, w, lex), place(other.text, w))).collect();
        let free = (0..other.words.len()).map(|j| !taken.get(j).copied().unwrap_or(false)).collect();
        Free { words, free }
    }

    /// Link the free word nearest `at` that shares an id with `ids`; which one.
    fn take(&mut self, ids: &[u32], at: f64) -> Option<usize> {
        let best = (0..self.words.len())
            .filter(|&j| self.free[j] && self.words[j].0.iter().any(|i| ids.contains(i)))
            .min_by(|&a, &b| (self.words[a].1 - at).abs().total_cmp(&(self.words[b].1 - at).abs()));
        if let Some(j) = best {
            self.free[j] = false;
        }
        best
    }
}

/// The dictionary ids of word `w` of `side`: a Chinese word's translations
/// (its form is simplified), an English word's own id.
pub(super) fn translations(side: SideWords<'_>, w: &Word, lex: &Lexicon) -> Vec<u32> {
    if side.lang.is_chinese() {
        return lex.translations(&w.form).map(<[u32]>::to_vec).unwrap_or_default();
    }
    let key = normalize::key(&side.text[w.bytes.clone()], side.lang);
    lex.english_tokens(&key).into_iter().filter(|&t| t != lex.unknown()).collect()
}

/// Where `w` is in `text`, from 0 to 1.
fn place(text: &str, w: &Word) -> f64 {
    w.bytes.start as f64 / text.len().max(1) as f64
}

/// Link the Chinese words without a partner, written together, that read
/// with [`DERIVING_SUFFIX`] as a word translated by a free word, adding
/// each link to `made`.
fn derived(
    this: SideWords<'_>,
    (covered, made): (&mut [bool], &mut Vec<(usize, usize)>),
    free: &mut Free,
    lex: &Lexicon,
) {
    let words = this.words;
    for start in 0..words.len() {
        for len in 2..=MOST_JOINED.min(words.len() - start) {
            let run = start..start + len;
            let joined = run.clone().skip(1).all(|k| words[k - 1].bytes.end == words[k].bytes.start);
            if !joined || covered[run.clone()].iter().all(|&c| c) {
                continue;
            }
            let mut form: String = words[run.clone()].iter().map(|w| w.form.as_str()).collect();
            form.push(DERIVING_SUFFIX);
            let ids = lex.translations(&form).unwrap_or_default();
            if ids.is_empty() {
                continue;
            }
            if let Some(j) = free.take(ids, place(this.text, &words[start])) {
                // A word of the run the encoder linked keeps its own partner.
                for k in run {
                    if !covered[k] {
                        covered[k] = true;
                        made.push((k, j));
                    }
                }
            }
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// The words of `text`, cut as `forms`, in order: a form where the text
    /// writes it from there on, else (a simplified form of traditional
    /// characters) at the next letter.
    pub(in crate::check::omission) fn cut(text: &str, forms: &[&str]) -> Vec<Word> {
        forms
            .iter()
            .scan(0, |at, f| {
                let next = text[*at..].find(*f).or_else(|| text[*at..].find(|c: char| c.is_alphanumeric()));
                let start = *at + next.unwrap_or(0);
                let len = text[start..].chars().take(f.chars().count()).map(char::len_utf8).sum::<usize>();
                *at = start + len;
                Some(Word { bytes: start..start + len, form: (*f).into() })
            })
            .collect()
    }

    fn links(lex: &Lexicon, (zh, forms): (&str, &[&str]), (en, words): (&str, &[&str]), taken: &[bool]) -> Vec<bool> {
        let (a, b) = (cut(zh, forms), cut(en, words));
        let mut covered = vec![false; a.len()];
        let this = SideWords { text: zh, lang: Lang::ZhHant, words: &a };
        let other = SideWords { text: en, lang: Lang::En, words: &b };
        dictionary_links(this, &mut covered, (other, taken), lex);
        covered
    }

    #[test]
    fn a_stem_is_read_with_its_suffix_and_a_word_by_the_dictionary() {
        let lex =
            Lexicon::from_tsv("多极化\tmultipolar multipolarization\n世界\tworld\n多\tmany\n极\tpole extremely\n");
        let zh = ("多極世界", &["多", "极", "世界"][..]);
        let covered = links(&lex, zh, ("multipolar world", &["multipolar", "world"]), &[false, false]);
        assert_eq!(covered, [true, true, true]);
        // Nothing is linked that the other side does not translate.
        let covered = links(&lex, zh, ("bipolar planet", &["bipolar", "planet"]), &[false, false]);
        assert_eq!(covered, [false, false, false]);
        // Words apart are not joined: 多 … 极 with a word between.
        let covered = links(&lex, ("多世界極", &["多", "世界", "极"]), ("multipolar", &["multipolar"]), &[false]);
        assert_eq!(covered, [false, false, false]);
    }

    #[test]
    fn a_word_written_once_is_the_translation_of_one_word() {
        let lex = Lexicon::from_tsv("世界\tworld\n和平\tpeace\n");
        // 世界 twice, "world" once: the nearer 世界 (the first) is linked.
        let zh = ("世界和平世界", &["世界", "和平", "世界"][..]);
        let covered = links(&lex, zh, ("world peace", &["world", "peace"]), &[false, false]);
        assert_eq!(covered, [true, true, false]);
        // A word the encoder already linked to another is not free.
        let covered = links(&lex, zh, ("world peace", &["world", "peace"]), &[true, false]);
        assert_eq!(covered, [false, true, false]);
    }

    #[test]
    fn the_links_made_name_both_words() {
        let lex = Lexicon::from_tsv("世界\tworld\n和平\tpeace\n多极化\tmultipolar\n");
        let (zh, en) = ("和平多極世界", "multipolar world peace");
        let (a, b) = (cut(zh, &["和平", "多", "极", "世界"]), cut(en, &["multipolar", "world", "peace"]));
        let mut covered = vec![false; 4];
        let this = SideWords { text: zh, lang: Lang::ZhHant, words: &a };
        let other = SideWords { text: en, lang: Lang::En, words: &b };
        let made = dictionary_links(this, &mut covered, (other, &[false; 3]), &lex);
        // 多 and 极 read together as 多极化 link to "multipolar".
        assert_eq!(made, [(0, 2), (3, 1), (1, 0), (2, 0)]);
        // With 极 linked by the encoder, only 多 is linked through 多极化:
        // the encoder's link is not replaced.
        let mut covered = vec![false, false, true, false];
        let made = dictionary_links(this, &mut covered, (other, &[false; 3]), &lex);
        assert_eq!(made, [(0, 2), (3, 1), (1, 0)]);
        assert!(covered.iter().all(|&c| c));
    }

    #[test]
    fn an_english_word_is_linked_to_a_chinese_word() {
        let lex = Lexicon::from_tsv("世界\tworld\n和平\tpeace\n");
        let en = "peace in the world";
        let (a, b) = (cut(en, &["peace", "world"]), cut("世界", &["世界"]));
        let mut covered = vec![false, false];
        let this = SideWords { text: en, lang: Lang::En, words: &a };
        let other = SideWords { text: "世界", lang: Lang::ZhHans, words: &b };
        dictionary_links(this, &mut covered, (other, &[false]), &lex);
        assert_eq!(covered, [false, true]);
    }
}
