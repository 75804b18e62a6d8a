//! Languages: their tags, and everything the pipeline knows about each
//! language, in one [`Profile`] per language (one module each). Adding a
//! language is adding its module and its [`Lang`] variant.

mod en;
mod ru;
mod und;
pub mod zh;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind, Result};

/// A supported language (with the script, for Chinese).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Lang {
    /// Chinese in traditional characters.
    #[serde(rename = "zh-Hant")]
    ZhHant,
    /// Chinese in simplified characters.
    #[serde(rename = "zh-Hans")]
    ZhHans,
    /// English.
    #[serde(rename = "en")]
    En,
    /// Russian.
    #[serde(rename = "ru")]
    Ru,
    /// Any other language: units are segmented with the generic
    /// space-separated rules and aligned with language-neutral signals.
    #[serde(rename = "und")]
    Other,
}

/// Languages that share one length model and one set of signals (the two
/// Chinese scripts are one family).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Family {
    /// Chinese, in either script.
    Chinese,
    /// English.
    English,
    /// Russian.
    Russian,
    /// Any other language.
    Other,
}

/// The script a language is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// Chinese characters.
    Han,
    /// Latin letters.
    Latin,
    /// Cyrillic letters.
    Cyrillic,
    /// Not known in advance.
    Any,
}

/// How a language marks quoted titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Titles {
    /// Marks that open a quoted title (《 in Chinese, “ « „ elsewhere).
    pub title: &'static [char],
    /// Marks that open a quotation or a title (《「『 in Chinese).
    pub quote: &'static [char],
    /// Whether two straight quotes (") around a title count as one.
    pub straight_pairs: bool,
}

/// The quotes of languages written in Latin or Cyrillic letters.
const WESTERN_TITLES: Titles =
    Titles { title: &['“', '«', '„'], quote: &['“', '«', '„'], straight_pairs: true };

/// What a number word stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// A cardinal or ordinal (seven, seventh, семь, седьмой).
    Count,
    /// A month, by its number (September → 9).
    Month,
    /// Only the units of a compound (twenty-one, двадцать один): alone the
    /// word is too often no number ("one", "один").
    Unit,
    /// A number in a wider sense (decade → 10, dozen → 12, twice → 2,
    /// half → 50 as in 50 %): it matches a number written in digits, but
    /// counts for nothing in alignment.
    Vague,
}

/// A number word: a stem, the endings it takes (`EXACT`: none), its value
/// and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberWord {
    /// The word without its endings.
    pub stem: &'static str,
    /// The endings it takes.
    pub endings: &'static [&'static str],
    /// Its value.
    pub value: u32,
    /// What it stands for.
    pub kind: WordKind,
}

/// A cardinal or ordinal.
const fn count(stem: &'static str, endings: &'static [&'static str], value: u32) -> NumberWord {
    NumberWord { stem, endings, value, kind: WordKind::Count }
}

/// A month.
const fn month(stem: &'static str, endings: &'static [&'static str], value: u32) -> NumberWord {
    NumberWord { stem, endings, value, kind: WordKind::Month }
}

/// The unit of a compound only.
const fn unit(stem: &'static str, endings: &'static [&'static str], value: u32) -> NumberWord {
    NumberWord { stem, endings, value, kind: WordKind::Unit }
}

/// A number in a wider sense.
const fn vague(stem: &'static str, endings: &'static [&'static str], value: u32) -> NumberWord {
    NumberWord { stem, endings, value, kind: WordKind::Vague }
}

/// The endings of a number word written whole.
const EXACT: &[&str] = &[""];

/// What the pipeline knows about one language.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Profile {
    /// Tags accepted on the command line, the BCP-47 tag first.
    pub tags: &'static [&'static str],
    /// Its family.
    pub family: Family,
    /// Its script.
    pub script: Script,
    /// How it quotes titles.
    pub titles: Titles,
    /// Marks where a sentence may be cut into clauses.
    pub clause_marks: &'static [char],
    /// Words without content of their own (simplified characters for
    /// Chinese, lower case otherwise), left out when words are matched.
    pub function_words: &'static [&'static str],
    /// Words common enough in running text to confirm a detection of the
    /// language (empty: detection is trusted as it is).
    pub marker_words: &'static [&'static str],
    /// Months, ordinals and cardinals written in words.
    pub number_words: &'static [NumberWord],
    /// Whether a Roman numeral of one letter is a number (V съезд).
    pub single_letter_roman: bool,
    /// What joins the tens and the units of a compound number word
    /// (twenty-one, двадцать один), if the language writes them in words.
    pub compound_joint: Option<char>,
    /// Whether a space (or a no-break space) groups the thousands of a
    /// number in digits (36 501), as a comma does in every language.
    pub space_groups_digits: bool,
    /// What separates the decimals of a number in digits (1.5, 1,5).
    pub decimal_mark: char,
    /// Words (stems, lower case) or characters that scale the number
    /// before them (1.5 billion, 3 млрд, 15億), with their factors.
    pub magnitudes: &'static [(&'static str, u64)],
    /// Words that open a section head ("article ", with its space).
    pub heading_words: &'static [&'static str],
    /// Abbreviations after which a period does not end a sentence.
    pub abbreviations: &'static [&'static str],
    /// Abbreviations that may still end a sentence before a capitalised word.
    pub soft_abbreviations: &'static [&'static str],
    /// The Snowball stemmer of the language, if any.
    pub stemmer: Option<rust_stemmers::Algorithm>,
    /// Stems too common in the bundled declarations to start or end a mined term.
    pub common_stems: &'static [&'static str],
    /// Length models from other families into this one: (family, target
    /// characters per source character, variance per source character).
    pub length: &'static [(Family, f64, f64)],
}

/// Every profile, in the order their number words and abbreviations are tried.
const PROFILES: [&Profile; 5] = [&zh::TRADITIONAL, &zh::SIMPLIFIED, &en::PROFILE, &ru::PROFILE, &und::PROFILE];

impl Lang {
    /// All languages with a tag.
    pub const ALL: [Lang; 5] = [Lang::ZhHant, Lang::ZhHans, Lang::En, Lang::Ru, Lang::Other];

    /// What is known about the language.
    pub fn profile(self) -> &'static Profile {
        PROFILES[self.index()]
    }

    /// The language's place in [`Lang::ALL`] (and in [`PROFILES`]).
    fn index(self) -> usize {
        self as usize
    }

    /// The BCP-47 tag.
    pub fn tag(self) -> &'static str {
        self.profile().tags[0]
    }

    /// Whether the language is written without spaces between words (Chinese).
    pub fn is_chinese(self) -> bool {
        self.profile().family == Family::Chinese
    }

    /// The language's family (the two Chinese scripts share one).
    pub fn family(self) -> Family {
        self.profile().family
    }

    /// Whether the words of a text in this language are linked to the
    /// words of one in `other` through the sentence encoder: across
    /// families, or between two languages the program has no profile of
    /// (whose family says nothing). Two versions of one family are compared
    /// on their characters or words instead.
    pub fn links_words_with(self, other: Lang) -> bool {
        self.family() != other.family() || self.family() == Family::Other
    }

    /// Whether `word` (simplified Chinese, or lower case) is a function word of the language.
    pub fn is_function_word(self, word: &str) -> bool {
        // Asked of every word of every text: a set per language, built once
        // from the profiles' lists (hundreds of words for Russian).
        type Sets = [rustc_hash::FxHashSet<&'static str>; 5];
        static SETS: std::sync::OnceLock<Sets> = std::sync::OnceLock::new();
        let sets = SETS.get_or_init(|| Lang::ALL.map(|l| l.profile().function_words.iter().copied().collect()));
        sets[self.index()].contains(word)
    }

    /// How many quoted titles `text` holds (《…》 in Chinese; “…”, «…», „…“
    /// or a pair of straight quotes elsewhere).
    pub fn quoted_titles(self, text: &str) -> usize {
        let t = self.profile().titles;
        text.matches(t.title).count() + if t.straight_pairs { text.matches('"').count() / 2 } else { 0 }
    }

    /// How many quotations or quoted titles `text` opens (also 「…」 and 『…』 in Chinese).
    pub fn quotations(self, text: &str) -> usize {
        let t = self.profile().titles;
        text.matches(t.quote).count() + if t.straight_pairs { text.matches('"').count() / 2 } else { 0 }
    }
}

/// The number words of every language, in profile order.
pub fn number_words() -> impl Iterator<Item = &'static NumberWord> {
    PROFILES.into_iter().flat_map(|p| p.number_words)
}

/// The words that open a section head, in every language.
pub fn heading_words() -> impl Iterator<Item = &'static str> {
    PROFILES.into_iter().flat_map(|p| p.heading_words.iter().copied())
}

/// Whether `word` (lower case, without its period) is an abbreviation in
/// some language written with spaces, and whether it may still end a sentence.
pub fn abbreviation(word: &str) -> Option<bool> {
    let known = PROFILES.iter().any(|p| p.abbreviations.contains(&word));
    known.then(|| PROFILES.iter().any(|p| p.soft_abbreviations.contains(&word)))
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

impl FromStr for Lang {
    type Err = Error;
    fn from_str(s: &str) -> Result<Lang> {
        let lower = s.trim().to_ascii_lowercase().replace('_', "-");
        Lang::ALL.into_iter().find(|l| l.profile().tags.iter().any(|t| t.eq_ignore_ascii_case(&lower))).ok_or_else(
            || {
                Error::new(
                    ErrorKind::UnknownLanguage,
                    format!("unknown language tag {s:?} (use zh-Hant, zh-Hans, en, ru or und)"),
                )
            },
        )
    }
}

impl Lang {
    /// The language of a tag as files write them (`en-US`, `zh-TW`,
    /// `ru_RU`, `zh-Hant-HK`): the tag itself, else its longest known
    /// prefix (`zh-Hant-HK` → `zh-Hant`, `ru-Cyrl-RU` → `ru`).
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let tag = tag.trim();
        let cuts = tag.match_indices(['-', '_']).map(|(i, _)| i).rev();
        std::iter::once(tag.len()).chain(cuts).find_map(|i| tag[..i].parse::<Lang>().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_linked_across_families_and_between_unprofiled_languages() {
        assert!(Lang::ZhHant.links_words_with(Lang::En));
        assert!(Lang::Ru.links_words_with(Lang::ZhHans));
        assert!(Lang::Other.links_words_with(Lang::Other), "German–French: no family to tell them apart");
        assert!(!Lang::ZhHant.links_words_with(Lang::ZhHans));
        assert!(!Lang::En.links_words_with(Lang::En));
    }

    #[test]
    fn every_language_has_its_own_profile_in_the_order_of_all() {
        for (i, l) in Lang::ALL.into_iter().enumerate() {
            assert_eq!(l.index(), i);
        }
        assert_eq!(Lang::ZhHant.tag(), "zh-Hant");
        assert_eq!(Lang::ZhHans.tag(), "zh-Hans");
        assert_eq!(Lang::En.tag(), "en");
        assert_eq!(Lang::Ru.tag(), "ru");
    }

    #[test]
    fn tags_round_trip() {
        for l in Lang::ALL {
            assert_eq!(l.tag().parse::<Lang>().map(|x| x.tag()).ok(), Some(l.tag()));
        }
        assert_eq!("zh_TW".parse::<Lang>().ok(), Some(Lang::ZhHant));
        assert_eq!("de".parse::<Lang>().ok(), Some(Lang::Other));
        assert!("xx-yy".parse::<Lang>().is_err());
    }

    #[test]
    fn function_words_by_language() {
        assert!(Lang::En.is_function_word("the") && !Lang::En.is_function_word("treaty"));
        assert!(Lang::Ru.is_function_word("и") && !Lang::Ru.is_function_word("договор"));
        // Inflected pronouns are function words too.
        assert!(["котором", "своих", "этому", "всех", "является"].iter().all(|w| Lang::Ru.is_function_word(w)));
        assert!(Lang::ZhHans.is_function_word("的") && !Lang::ZhHant.is_function_word("条约"));
        assert!(Lang::Other.is_function_word("the"));
    }

    #[test]
    fn titles_and_quotations() {
        assert_eq!(Lang::ZhHant.quoted_titles("《聯合國憲章》「天津宣言」"), 1);
        assert_eq!(Lang::ZhHant.quotations("《聯合國憲章》「天津宣言」"), 2);
        assert_eq!(Lang::En.quoted_titles("the \"Tianjin Declaration\" and «Устав»"), 2);
        assert_eq!(Lang::En.quotations("“Charter”"), 1);
    }

    #[test]
    fn abbreviations_of_every_spaced_language() {
        assert_eq!(abbreviation("mr"), Some(false));
        assert_eq!(abbreviation("etc"), Some(true));
        assert_eq!(abbreviation("т.д"), Some(true));
        assert_eq!(abbreviation("treaty"), None);
    }
}
