//! The Chinese–English dictionary, from the compact CC-CEDICT file shipped
//! in `data/cedict/` (CC BY-SA 4.0; see its README). Chinese text is cut
//! into dictionary words by forward maximum matching on the simplified
//! form; English words are lower-cased and stemmed (Snowball) and numbered,
//! so that a Chinese word's translations are a list of English word ids.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::io::Read;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use super::lang::Lang;
use crate::error::{Error, ErrorKind, Result};

static CEDICT_GZ: &[u8] = include_bytes!("../../data/cedict/cedict-zh-en.tsv.gz");

/// The bundled lexicon once loaded ([`Lexicon::bundled`]).
static BUNDLED: OnceLock<std::result::Result<Lexicon, String>> = OnceLock::new();

/// The longest Chinese headword looked up.
const MAX_WORD: usize = 6;

/// A Chinese → English dictionary of stemmed English word ids.
pub struct Lexicon {
    entries: HashMap<String, Vec<u32>>,
    vocab: HashMap<String, u32>,
    stemmer: Stemmer,
    /// (first character, English id) of every headword of two characters
    /// or more, built on first use ([`Lexicon::begins_word_for`]).
    initials: OnceLock<FxHashSet<(char, u32)>>,
}

impl Lexicon {
    /// The bundled CC-CEDICT lexicon, loaded once (about 0.1 s); an error
    /// if the bundled file cannot be read.
    pub fn bundled() -> Result<&'static Lexicon> {
        BUNDLED
            .get_or_init(|| Lexicon::from_gz(CEDICT_GZ))
            .as_ref()
            .map_err(|e| Error::new(ErrorKind::Resource, format!("the CC-CEDICT dictionary cannot be loaded: {e}")))
    }

    /// Start loading the bundled lexicon, then the spelling word list
    /// ([`super::spelling::Spelling::bundled`]: Chinese words are read with
    /// it), on a thread of their own when one of `langs` is Chinese and the
    /// lexicon is not loaded yet: for a caller about to spend a while on
    /// one core (loading the sentence encoder) before the texts in `langs`
    /// are cut into words. An error, if any, is the loader's when it is used.
    pub fn load_in_background(langs: impl IntoIterator<Item = Lang>) {
        if BUNDLED.get().is_none() && langs.into_iter().any(Lang::is_chinese) {
            std::thread::spawn(|| Lexicon::bundled().is_ok() && super::spelling::Spelling::bundled().is_ok());
        }
    }

    fn from_gz(bytes: &[u8]) -> std::result::Result<Lexicon, String> {
        let mut text = String::new();
        flate2::read::GzDecoder::new(bytes).read_to_string(&mut text).map_err(|e| e.to_string())?;
        Ok(Lexicon::from_tsv(&text))
    }

    /// A lexicon from lines `headword<TAB>english words`.
    pub fn from_tsv(text: &str) -> Lexicon {
        let stemmer = Stemmer::create(Algorithm::English);
        let lines = text.bytes().filter(|&b| b == b'\n').count() + 1;
        let mut vocab: HashMap<String, u32> = HashMap::default();
        let mut stems: HashMap<&str, Option<u32>> = HashMap::default();
        let mut entries = HashMap::with_capacity_and_hasher(lines, Default::default());
        for line in text.lines() {
            let Some((head, words)) = line.split_once('\t') else {
                continue;
            };
            let mut ids: Vec<u32> = Vec::new();
            for w in words.split_whitespace() {
                // Each word is looked up once: its id, or `None` for a function word.
                let id = match stems.get(w) {
                    Some(&id) => id,
                    None => {
                        let id = (!Lang::En.is_function_word(w)).then(|| {
                            let next = vocab.len() as u32;
                            *vocab.entry(stemmer.stem(w).into_owned()).or_insert(next)
                        });
                        stems.insert(w, id);
                        id
                    }
                };
                let Some(id) = id else { continue };
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            if !ids.is_empty() {
                entries.insert(head.to_string(), ids);
            }
        }
        Lexicon { entries, vocab, stemmer, initials: OnceLock::new() }
    }

    /// Number of headwords.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The dictionary words of a Chinese comparison key, each with its English ids.
    pub fn chinese_tokens(&self, key: &str) -> Vec<Vec<u32>> {
        let chars: Vec<char> = key.chars().collect();
        let mut out = Vec::new();
        let mut i = 0;
        let mut buf = String::new();
        while i < chars.len() {
            let mut found = None;
            for len in (1..=MAX_WORD.min(chars.len() - i)).rev() {
                buf.clear();
                buf.extend(&chars[i..i + len]);
                if let Some(ids) = self.entries.get(&buf) {
                    found = Some((len, ids));
                    break;
                }
            }
            match found {
                Some((len, ids)) => {
                    out.push(ids.clone());
                    i += len;
                }
                None => i += 1,
            }
        }
        out
    }

    /// Cut a simplified Chinese key into words: the longest dictionary
    /// headword at each position (a character alone where none matches), as
    /// character ranges.
    pub fn chinese_words(&self, key: &[char]) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut buf = String::new();
        while i < key.len() {
            let mut len = 1;
            for l in (2..=MAX_WORD.min(key.len() - i)).rev() {
                buf.clear();
                buf.extend(&key[i..i + l]);
                if self.entries.contains_key(&buf) {
                    len = l;
                    break;
                }
            }
            out.push(i..i + len);
            i += len;
        }
        out
    }

    /// The content words of an English comparison key, as ids (unknown words
    /// get ids past the vocabulary, so they count as tokens but never match).
    pub fn english_tokens(&self, key: &str) -> Vec<u32> {
        let unknown = self.vocab.len() as u32;
        english_words(key)
            .filter(|w| !Lang::En.is_function_word(w))
            .map(|w| *self.vocab.get(self.stemmer.stem(w).as_ref()).unwrap_or(&unknown))
            .collect()
    }

    /// Whether a headword of two characters or more that begins with the
    /// simplified character `c` translates to English id `id` (吉 begins
    /// 吉尔吉斯斯坦 "Kyrgyzstan"): what a character standing for a word in
    /// an abbreviation (中吉乌) may mean.
    pub fn begins_word_for(&self, c: char, id: u32) -> bool {
        let initials = self.initials.get_or_init(|| {
            let mut set = FxHashSet::default();
            for (head, ids) in &self.entries {
                let mut chars = head.chars();
                if let (Some(first), Some(_)) = (chars.next(), chars.next()) {
                    set.extend(ids.iter().map(|&i| (first, i)));
                }
            }
            set
        });
        initials.contains(&(c, id))
    }

    /// The English ids of one simplified headword, if the dictionary has it.
    pub fn translations(&self, headword: &str) -> Option<&[u32]> {
        self.entries.get(headword).map(Vec::as_slice)
    }

    /// The id given to English words the dictionary does not know.
    pub fn unknown(&self) -> u32 {
        self.vocab.len() as u32
    }
}

/// Words of an English or Russian key: runs of letters.
pub fn english_words(key: &str) -> impl Iterator<Item = &str> {
    key.split(|c: char| !c.is_alphabetic()).filter(|w| w.len() > 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_begins_the_words_of_two_characters_or_more_it_starts() {
        let lex = Lexicon::from_tsv("吉尔吉斯斯坦\tkyrgyzstan\n吉\tlucky\n中国\tchina\n");
        let id = |w: &str| lex.english_tokens(w)[0];
        assert!(lex.begins_word_for('吉', id("kyrgyzstan")));
        assert!(lex.begins_word_for('中', id("china")));
        // A headword of one character is the character itself, not a word it begins.
        assert!(!lex.begins_word_for('吉', id("lucky")));
        assert!(!lex.begins_word_for('国', id("china")));
    }

    #[test]
    fn bundled_lexicon_translates() {
        let lex = Lexicon::bundled().expect("bundled lexicon loads");
        assert!(lex.len() > 50_000, "{}", lex.len());
        let zh: Vec<u32> = lex.chinese_tokens("成员国重申恐怖主义").into_iter().flatten().collect();
        let en = lex.english_tokens("the member states reaffirm terrorism");
        assert!(en.iter().filter(|&&t| t != lex.unknown()).count() >= 3, "{en:?}");
        let hits = en.iter().filter(|t| zh.contains(t)).count();
        assert!(hits >= 2, "{zh:?} {en:?}");
    }
}
