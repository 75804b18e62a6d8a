//! Names the other side writes in its own letters (胡茲達爾 ↔ Khuzdar ↔
//! Хуздар): words of a piece linked to the other side by their sound.

use std::collections::HashMap;
use std::ops::Range;

use super::piece::Piece;
use crate::text::lexicon::Lexicon;
use crate::text::words::Word;
use crate::text::{is_capitalised, normalize, sound, Family};

/// The words of a piece and whether the other side translates each.
pub(super) struct Words {
    /// The words.
    pub(super) words: Vec<Word>,
    /// Whether the other side translates each.
    pub(super) covered: Vec<bool>,
}

impl Words {
    /// Whether word `k` lies within the byte range `r`.
    pub(super) fn within(&self, k: usize, r: &std::ops::Range<usize>) -> bool {
        let b = &self.words[k].bytes;
        b.start >= r.start && b.end <= r.end
    }

    /// The mean of `value(k)` over the words `k` within `r` (0 without any).
    pub(super) fn mean_within(&self, r: &std::ops::Range<usize>, value: impl Fn(usize) -> f64) -> f64 {
        let inside: Vec<usize> = (0..self.words.len()).filter(|&k| self.within(k, r)).collect();
        if inside.is_empty() {
            return 0.0;
        }
        inside.iter().map(|&k| value(k)).sum::<f64>() / inside.len() as f64
    }
}

/// Names the other side writes in its own letters: in a Chinese piece, a
/// run of words without partner that sounds like a word (or two
/// neighbouring words) of the other side, 胡茲達爾 ↔ Khuzdar; in a piece in
/// letters, a word without partner that sounds like a stretch of the other
/// side's Chinese characters. Those words are translated after all. A
/// stretch the dictionary reads as words of its own (生活, 今天), and an
/// English word it knows (Later, Today), is not taken for a name.
pub(super) fn sound_links(l: &mut Words, (piece, other): (&Piece, &Piece), lex: Option<&Lexicon>) {
    match (piece.lang.is_chinese(), other.lang.is_chinese()) {
        (true, false) => {
            let mut theirs = sound::spelled_keys(&other.text, |w| !known_english(lex, other.lang, w));
            theirs.sort_unstable();
            theirs.dedup();
            dotted_names(l, &piece.text, &theirs);
            names_in_characters(l, &piece.text, &theirs, lex);
        }
        (false, true) => {
            let mut theirs: Option<Vec<String>> = None;
            for (w, c) in l.words.iter().zip(l.covered.iter_mut()) {
                let text = &piece.text[w.bytes.clone()];
                if !*c && is_capitalised(text) && !known_english(lex, piece.lang, text) {
                    let key = sound::word_key(text);
                    let theirs = theirs.get_or_insert_with(|| sound::written_keys(&other.text));
                    *c = theirs.iter().any(|t| sound::alike(&key, t));
                }
            }
        }
        _ => {}
    }
}

/// Mark covered every run of words without partner in Chinese `text`,
/// written together, that sounds like one of `theirs` (keys of names).
fn names_in_characters(l: &mut Words, text: &str, theirs: &[String], lex: Option<&Lexicon>) {
    let mut k = 0;
    while k < l.words.len() {
        let mut end = k;
        while end < l.words.len()
            && !l.covered[end]
            && (end == k || l.words[end - 1].bytes.end == l.words[end].bytes.start)
        {
            end += 1;
        }
        if end > k {
            let bytes = l.words[k].bytes.start..l.words[end - 1].bytes.end;
            let name = !dictionary_words(lex, &text[bytes.clone()])
                && sound::widened(text, bytes).iter().any(|key| theirs.iter().any(|t| sound::alike(key, t)));
            if name {
                l.covered[k..end].iter_mut().for_each(|c| *c = true);
            }
        }
        k = end.max(k + 1);
    }
}

/// The marks that join the parts of a foreign name written in Chinese
/// characters (欽吉斯·艾特瑪托夫): the middle dot, the hyphenation point and
/// the katakana middle dot.
const NAME_DOTS: [char; 3] = ['·', '‧', '・'];

/// Mark covered the words of the parts of a foreign name written in
/// Chinese characters and joined by a name dot ([`NAME_DOTS`]) in `text`
/// when they sound like one of `theirs`: the longest stretches on either
/// side of a dot that sound alike read together (a name and its family
/// name, two words of the other side), else on each side the longest
/// that does alone. The characters of a transliteration are words of one
/// character each, and the encoder's weak links to some of them break the
/// run [`names_in_characters`] tests. The dot says the stretch is a name,
/// so one the dictionary reads as words (普京) is not screened out.
fn dotted_names(l: &mut Words, text: &str, theirs: &[String]) {
    let mut keys = Keys { theirs, known: HashMap::new() };
    let mut alike: Vec<Range<usize>> = Vec::new();
    for (at, dot) in text.char_indices().filter(|(_, c)| NAME_DOTS.contains(c)) {
        alike.extend(name_parts(text, (at, dot), &mut keys));
    }
    for k in 0..l.words.len() {
        if alike.iter().any(|r| l.within(k, r)) {
            l.covered[k] = true;
        }
    }
}

/// The keys of the other side's names, and what is known of the keys
/// compared with them: keys repeat (a name written again, stretches that
/// differ only in characters of one class), and each is compared once.
struct Keys<'a> {
    theirs: &'a [String],
    known: HashMap<String, bool>,
}

impl Keys<'_> {
    /// Whether the Chinese stretch `t` sounds like one of theirs.
    fn alike(&mut self, t: &str) -> bool {
        let Some(key) = sound::chinese_key(t) else { return false };
        let theirs = self.theirs;
        *self.known.entry(key).or_insert_with_key(|key| theirs.iter().any(|k| sound::alike(key, k)))
    }
}

/// The stretches of `text` on either side of the name dot `dot` at byte
/// `at` that sound like names of the other side ([`dotted_names`]).
fn name_parts(text: &str, (at, dot): (usize, char), keys: &mut Keys<'_>) -> Vec<Range<usize>> {
    let before: Vec<usize> = han_run(text[..at].char_indices().rev());
    let after_start = at + dot.len_utf8();
    let after: Vec<usize> =
        han_run(text[after_start..].char_indices().map(|(i, c)| (after_start + i + c.len_utf8(), c)));
    // Stretches ending at the dot (from `before[n - 1]`) and starting after
    // it (to `after[n - 1]`), longest first; the whole name read across the
    // dot before either part alone.
    let lefts: Vec<Range<usize>> = (1..=before.len()).rev().map(|n| before[n - 1]..at).collect();
    let rights: Vec<Range<usize>> = (1..=after.len()).rev().map(|n| after_start..after[n - 1]).collect();
    for l in &lefts {
        for r in &rights {
            if keys.alike(&(text[l.clone()].to_string() + &text[r.clone()])) {
                return vec![l.clone(), r.clone()];
            }
        }
    }
    let mut alone = |side: &[Range<usize>]| {
        side.iter().find(|r| text[(*r).clone()].chars().count() >= 2 && keys.alike(&text[(*r).clone()])).cloned()
    };
    let left = alone(&lefts);
    left.into_iter().chain(alone(&rights)).collect()
}

/// The byte offsets of the first [`sound::MAX_NAME_CHARS`] characters of
/// `chars` (each an offset and a character) while they are Chinese.
fn han_run(chars: impl Iterator<Item = (usize, char)>) -> Vec<usize> {
    chars.take_while(|&(_, c)| crate::text::script::is_han(c)).take(sound::MAX_NAME_CHARS).map(|(i, _)| i).collect()
}

/// Whether `word`, in English, is a word the dictionary translates.
fn known_english(lex: Option<&Lexicon>, lang: crate::Lang, word: &str) -> bool {
    let Some(lex) = lex.filter(|_| lang.family() == Family::English) else { return false };
    let key = normalize::key(word, lang);
    let ids = lex.english_tokens(&key);
    !ids.is_empty() && ids.iter().all(|&t| t != lex.unknown())
}

/// Whether a Chinese stretch is read by the dictionary as words of two
/// characters or more from end to end.
fn dictionary_words(lex: Option<&Lexicon>, text: &str) -> bool {
    let Some(lex) = lex else { return false };
    let key: Vec<char> = normalize::key(text, crate::Lang::ZhHans).chars().collect();
    let words = lex.chinese_words(&key);
    !words.is_empty() && words.iter().all(|w| w.len() >= 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, lang: crate::Lang) -> Piece {
        let whole = std::iter::once(0..text.len());
        Piece { text: text.into(), lang, units: whole.clone().collect(), clauses: whole.collect() }
    }

    #[test]
    fn a_name_spelt_in_letters_links_its_transliteration() {
        let zh = piece("在胡茲達爾發動", crate::Lang::ZhHant);
        let en = piece("attacks in Khuzdar on 21 May", crate::Lang::En);
        let at = zh.text.find('胡').expect("胡");
        let words = vec![
            Word { bytes: at..at + 6, form: "胡茲".into() },
            Word { bytes: at + 6..at + 12, form: "達爾".into() },
            Word { bytes: at + 12..at + 18, form: "發動".into() },
        ];
        let mut l = Words { words, covered: vec![false, false, true] };
        sound_links(&mut l, (&zh, &en), None);
        assert_eq!(l.covered, [true, true, true]);
        // Not when the other side has no such name.
        let other = piece("attacks in the city on 21 May", crate::Lang::En);
        let mut l = Words { covered: vec![false, false, true], ..l };
        sound_links(&mut l, (&zh, &other), None);
        assert_eq!(l.covered, [false, false, true]);
        // The other way: Khuzdar in the English is linked to 胡茲達爾.
        let w = en.text.find("Khuzdar").expect("Khuzdar");
        let mut l = Words { words: vec![Word { bytes: w..w + 7, form: "khuzdar".into() }], covered: vec![false] };
        sound_links(&mut l, (&en, &zh), None);
        assert_eq!(l.covered, [true]);
    }

    #[test]
    fn the_parts_of_a_dotted_name_link_their_spellings_whatever_links_split_them() {
        let text = "舉行上合組織欽吉斯·艾特瑪托夫伊塞克湖論壇";
        let zh = piece(text, crate::Lang::ZhHant);
        let words = crate::text::words::content_words(text, crate::Lang::ZhHant);
        let name = |k: usize| {
            let b = &words[k].bytes;
            b.start >= text.find('欽').expect("欽") && b.end <= text.find('伊').expect("伊")
        };
        assert!((0..words.len()).filter(|&k| name(k)).count() >= 2, "{words:?}");
        // Every other word of the name linked by the encoder, as weak links do.
        let covered: Vec<bool> = (0..words.len()).map(|k| !name(k) || k % 2 == 0).collect();
        let ru = piece("форума ШОС имени Чингиза Айтматова", crate::Lang::Ru);
        let mut l = Words { words: words.clone(), covered: covered.clone() };
        sound_links(&mut l, (&zh, &ru), None);
        assert!((0..words.len()).filter(|&k| name(k)).all(|k| l.covered[k]), "{:?}", l.covered);
        // Only the family name written: only its part is linked.
        let family = piece("форума ШОС имени Айтматова", crate::Lang::Ru);
        let mut l = Words { words: words.clone(), covered: covered.clone() };
        sound_links(&mut l, (&zh, &family), None);
        let before_dot = |k: usize| words[k].bytes.end <= text.find('·').expect("dot");
        assert!((0..words.len()).filter(|&k| name(k) && !before_dot(k)).all(|k| l.covered[k]));
        assert!((0..words.len()).filter(|&k| name(k) && before_dot(k)).all(|k| l.covered[k] == covered[k]));
        // Not when the other side has no such name.
        let none = piece("форума ШОС", crate::Lang::Ru);
        let mut l = Words { words, covered: covered.clone() };
        sound_links(&mut l, (&zh, &none), None);
        assert_eq!(l.covered, covered);
    }

    #[test]
    fn ordinary_words_are_not_taken_for_names() {
        let lex = Lexicon::bundled().ok();
        assert!(lex.is_some(), "the bundled dictionary");
        // 生活 (sheng huo) sounds like Shenghuo, but the dictionary reads it as a word.
        let zh = piece("生活", crate::Lang::ZhHant);
        let en = piece("Shenghuo was there", crate::Lang::En);
        let words = vec![Word { bytes: 0..3, form: "生".into() }, Word { bytes: 3..6, form: "活".into() }];
        let mut l = Words { words, covered: vec![false; 2] };
        sound_links(&mut l, (&zh, &en), None);
        assert_eq!(l.covered, [true, true], "without the dictionary it sounds alike");
        let mut l = Words { covered: vec![false; 2], ..l };
        sound_links(&mut l, (&zh, &en), lex);
        assert_eq!(l.covered, [false, false]);
        // An English word the dictionary knows is no name: Later ≠ 拉特.
        assert!(known_english(lex, crate::Lang::En, "Later"));
        assert!(!known_english(lex, crate::Lang::En, "Khuzdar"));
    }
}
