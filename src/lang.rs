//! Languages and scripts: BCP-47 tags, and detection of a text's language
//! (lingua, restricted to the supported languages) and Chinese script
//! (a round trip through the converter).

use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::{Deserialize, Serialize};

use crate::convert;
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

impl Lang {
    /// All languages with a tag.
    pub const ALL: [Lang; 5] = [Lang::ZhHant, Lang::ZhHans, Lang::En, Lang::Ru, Lang::Other];

    /// The BCP-47 tag.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhHant => "zh-Hant",
            Lang::ZhHans => "zh-Hans",
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Other => "und",
        }
    }

    /// Whether the language is written without spaces between words.
    pub fn is_chinese(self) -> bool {
        matches!(self, Lang::ZhHant | Lang::ZhHans)
    }

    /// The language family used for length models: Chinese scripts share one.
    pub fn family(self) -> &'static str {
        match self {
            Lang::ZhHant | Lang::ZhHans => "zh",
            Lang::En => "en",
            Lang::Ru => "ru",
            Lang::Other => "und",
        }
    }
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
        Ok(match lower.as_str() {
            "zh-hant" | "zh-tw" | "zh-hk" | "zh-mo" | "hant" => Lang::ZhHant,
            "zh-hans" | "zh-cn" | "zh-sg" | "zh" | "hans" => Lang::ZhHans,
            "en" | "eng" | "english" | "en-us" | "en-gb" => Lang::En,
            "ru" | "rus" | "russian" | "ru-ru" => Lang::Ru,
            "und" | "other" | "de" | "fr" | "es" | "it" | "pt" | "nl" => Lang::Other,
            _ => {
                return Err(Error::new(
                    ErrorKind::UnknownLanguage,
                    format!("unknown language tag {s:?} (use zh-Hant, zh-Hans, en, ru or und)"),
                ))
            }
        })
    }
}

/// The outcome of language detection.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Detection {
    /// The detected language, or `None` when the text gives no decision.
    pub lang: Option<Lang>,
    /// Whether the Chinese script could not be decided (no script-specific characters).
    pub ambiguous: bool,
    /// Human-readable evidence for the decision.
    pub evidence: String,
}

impl Detection {
    /// The tag to print: the language tag, `zh` + `ambiguous`, or `unknown`.
    pub fn label(&self) -> String {
        match (self.lang, self.ambiguous) {
            (_, true) => "ambiguous".to_string(),
            (Some(l), false) => l.tag().to_string(),
            (None, false) => "unknown".to_string(),
        }
    }
}

fn detector() -> &'static LanguageDetector {
    static DETECTOR: OnceLock<LanguageDetector> = OnceLock::new();
    DETECTOR.get_or_init(|| {
        LanguageDetectorBuilder::from_languages(&[Language::Chinese, Language::English, Language::Russian]).build()
    })
}

/// Whether `word` is written as a name is: a capital letter, then a small
/// one (Almaty, Алматы; not an acronym or a small word).
pub fn is_capitalised(word: &str) -> bool {
    let mut cs = word.chars();
    cs.next().is_some_and(char::is_uppercase) && cs.next().is_some_and(char::is_lowercase)
}

/// How many letters of each script a text has.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scripts {
    /// Chinese characters.
    pub han: usize,
    /// Cyrillic letters.
    pub cyrillic: usize,
    /// Latin letters (ASCII).
    pub latin: usize,
}

impl Scripts {
    /// The letters of `text`, by script.
    pub fn of(text: &str) -> Scripts {
        let mut s = Scripts::default();
        for c in text.chars() {
            if is_han(c) {
                s.han += 1;
            } else if ('\u{400}'..='\u{52f}').contains(&c) {
                s.cyrillic += 1;
            } else if c.is_ascii_alphabetic() {
                s.latin += 1;
            }
        }
        s
    }

    /// All letters counted.
    pub fn letters(&self) -> usize {
        self.han + self.cyrillic + self.latin
    }

    /// The share of the text written in the script of `lang`, a Chinese
    /// character weighing as much as three letters (about a word's worth
    /// each way); `None` for a language without a script of its own or a
    /// text without letters.
    pub fn share_of(&self, lang: Lang) -> Option<f64> {
        let own = match lang {
            Lang::ZhHant | Lang::ZhHans => 3 * self.han,
            Lang::En => self.latin,
            Lang::Ru => self.cyrillic,
            Lang::Other => return None,
        };
        let all = 3 * self.han + self.cyrillic + self.latin;
        (all > 0).then(|| own as f64 / all as f64)
    }
}

impl std::fmt::Display for Scripts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} Han, {} Cyrillic, {} Latin letters", self.han, self.cyrillic, self.latin)
    }
}

/// How many characters of a long text detection looks at.
const SAMPLE_CHARS: usize = 4000;

/// Detect the language (and Chinese script) of `text`.
pub fn detect(text: &str) -> Detection {
    let sample: String = text.chars().take(SAMPLE_CHARS).collect();
    let scripts = Scripts::of(&sample);
    let Scripts { han, latin: lat, .. } = scripts;
    let letters = scripts.letters();
    if letters == 0 {
        return Detection { lang: None, ambiguous: false, evidence: "no letters".to_string() };
    }
    let counts = scripts.to_string();
    let language = detector().detect_language_of(sample.as_str());
    let lang = match language {
        Some(Language::Chinese) => None,
        Some(Language::Russian) => Some(Lang::Ru),
        Some(Language::English) => Some(Lang::En),
        None => None,
    };
    if han * 2 >= letters || language == Some(Language::Chinese) {
        let script = convert::script_evidence(&sample);
        let evidence = format!(
            "lingua: Chinese; {counts}; {} traditional-only and {} simplified-only characters",
            script.traditional, script.simplified
        );
        return match script.decide() {
            Some(l) => Detection { lang: Some(l), ambiguous: false, evidence },
            None => Detection { lang: None, ambiguous: true, evidence },
        };
    }
    // lingua only knows our languages: German or French would pass for English.
    let lang = match lang {
        Some(Lang::En) if !looks_english(&sample) => None,
        other => other,
    };
    match lang {
        Some(l) => Detection { lang: Some(l), ambiguous: false, evidence: format!("lingua: {l}; {counts}") },
        None if lat > 0 => {
            Detection { lang: Some(Lang::Other), ambiguous: false, evidence: format!("lingua: no decision; {counts}") }
        }
        None => Detection { lang: None, ambiguous: false, evidence: format!("lingua: no decision; {counts}") },
    }
}

/// Whether at least a tenth of the words are common English function words.
fn looks_english(text: &str) -> bool {
    const COMMON: &[&str] = &[
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not",
        "he", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "they", "you", "we", "their",
        "its", "has", "were", "i", "she", "her", "will", "would", "all", "them", "been", "had",
    ];
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    if words.len() < 8 {
        return true;
    }
    let common = words.iter().filter(|w| COMMON.contains(&w.as_str())).count();
    common * 10 >= words.len()
}

/// Whether `c` is a CJK ideograph (unified, extensions, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_round_trip() {
        for l in Lang::ALL {
            assert_eq!(l.tag().parse::<Lang>().map(|x| x.tag()).ok(), Some(l.tag()));
        }
        assert!("xx-yy".parse::<Lang>().is_err());
    }

    #[test]
    fn detects_scripts_and_languages() {
        assert_eq!(detect("上海合作組織成員國元首理事會會議在天津舉行。").lang, Some(Lang::ZhHant));
        assert_eq!(detect("上海合作组织成员国元首理事会会议在天津举行。").lang, Some(Lang::ZhHans));
        assert_eq!(detect("The Member States reaffirm their commitment.").lang, Some(Lang::En));
        assert_eq!(detect("Государства-члены подтверждают приверженность.").lang, Some(Lang::Ru));
        let amb = detect("中文人民");
        assert!(amb.ambiguous, "{amb:?}");
        assert_eq!(detect("123 456").lang, None);
        let de =
            detect("Die Mitgliedstaaten bekräftigen ihre Unterstützung für die Vereinten Nationen und deren Charta.");
        assert_eq!(de.lang, Some(Lang::Other), "{de:?}");
    }
}
