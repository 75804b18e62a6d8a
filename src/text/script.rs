//! Characters by script: Chinese characters, Cyrillic and Latin letters,
//! and how much of a text each script holds.

use super::lang::{Lang, Script};

/// Whether `c` is a CJK ideograph (unified, extensions, compatibility).
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F | 0x3007)
}

/// Whether `c` is a Cyrillic letter (the Cyrillic and Cyrillic Supplement blocks).
pub fn is_cyrillic(c: char) -> bool {
    ('\u{400}'..='\u{52f}').contains(&c)
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
            } else if is_cyrillic(c) {
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
        let own = match lang.profile().script {
            Script::Han => 3 * self.han,
            Script::Latin => self.latin,
            Script::Cyrillic => self.cyrillic,
            Script::Any => return None,
        };
        let all = 3 * self.han + self.cyrillic + self.latin;
        (all > 0).then(|| own as f64 / all as f64)
    }

    /// The script most of the text is written in, for messages.
    pub fn main(&self) -> &'static str {
        if 3 * self.han >= self.cyrillic.max(self.latin) {
            "Chinese characters"
        } else if self.cyrillic >= self.latin {
            "Cyrillic letters"
        } else {
            "Latin letters"
        }
    }
}

impl std::fmt::Display for Scripts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} Han, {} Cyrillic, {} Latin letters", self.han, self.cyrillic, self.latin)
    }
}
