//! Detection of a text's language (lingua, restricted to the supported
//! languages) and Chinese script (a round trip through the converter).

use std::sync::OnceLock;

use lingua::{Language, LanguageDetector, LanguageDetectorBuilder};
use serde::Serialize;

use super::convert;
use super::lang::Lang;
use super::script::Scripts;

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
    let lang = lang.filter(|&l| confirmed(l, &sample));
    match lang {
        Some(l) => Detection { lang: Some(l), ambiguous: false, evidence: format!("lingua: {l}; {counts}") },
        None if lat > 0 => {
            Detection { lang: Some(Lang::Other), ambiguous: false, evidence: format!("lingua: no decision; {counts}") }
        }
        None => Detection { lang: None, ambiguous: false, evidence: format!("lingua: no decision; {counts}") },
    }
}

/// Whether at least a tenth of the words are words common in running
/// text of `lang` ([`super::lang::Profile::marker_words`]); a language
/// without such words is not questioned.
fn confirmed(lang: Lang, text: &str) -> bool {
    let common = lang.profile().marker_words;
    if common.is_empty() {
        return true;
    }
    let words: Vec<String> =
        text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    if words.len() < 8 {
        return true;
    }
    let marked = words.iter().filter(|w| common.contains(&w.as_str())).count();
    marked * 10 >= words.len()
}

#[cfg(test)]
mod tests {
    use super::*;

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
