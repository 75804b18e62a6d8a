//! Any other language: written with spaces between words, and treated
//! with language-neutral rules (English function words and number words
//! still apply).

use super::{en, Family, Profile, Script, WESTERN_TITLES};

/// Another language (German, French …).
pub(super) const PROFILE: Profile = Profile {
    tags: &["und", "other", "de", "fr", "es", "it", "pt", "nl"],
    family: Family::Other,
    script: Script::Any,
    titles: WESTERN_TITLES,
    clause_marks: &[',', ';', ':'],
    function_words: en::FUNCTION_WORDS,
    marker_words: &[],
    number_words: &[],
    single_letter_roman: false,
    compound_joint: None,
    space_groups_digits: false,
    decimal_mark: '.',
    magnitudes: &[],
    heading_words: &[],
    abbreviations: &[],
    soft_abbreviations: &[],
    stemmer: None,
    common_stems: &[],
    length: &[],
};
