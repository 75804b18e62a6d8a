//! How names sound: a transliterated name (胡茲達爾, 帕哈爾加姆) and the
//! same name in Latin or Cyrillic letters (Khuzdar, Хуздар, Pahalgam) share
//! their consonants. Each is reduced to a key of consonant classes (vowels
//! and glides dropped, a repeated class written once): 胡茲達爾 is read
//! hu zi da er and keyed `HSTR`, as are Khuzdar and Хуздар. Keys are
//! compared by edit distance. The readings of the characters are
//! CC-CEDICT's (`data/cedict/readings.tsv.gz`, built by
//! `scripts/build-readings.py`; CC BY-SA 4.0, see that directory's README).

use std::collections::HashMap;
use std::io::Read;
use std::sync::OnceLock;

use super::script::{is_capitalised, is_han};

static READINGS_GZ: &[u8] = include_bytes!("../../data/cedict/readings.tsv.gz");

/// Keys shorter than this (in consonant classes) say too little to match:
/// two classes (`MT`, Modi) match a great many words by chance.
pub const MIN_KEY: usize = 3;

/// Least similarity (1 − edit distance / longer key) of two keys that
/// sound alike: one class in four may differ (喬蓬阿塔 `KPNT` ↔
/// Cholpon-Ata `JRPNT`, its `J` standing for the `K`); keys of
/// [`MIN_KEY`] classes must be equal (夏巴茲 `SPS` is not taken for
/// Shehbaz `SHPS`). Set by hand; the links it makes on the bundled
/// versions and on MAC-Dev are counted in docs/diff.md ("Names").
pub const SOUND_MATCH: f64 = 0.75;

/// Longest stretch of Chinese characters taken for one name.
pub const MAX_NAME_CHARS: usize = 8;

/// The first reading of every character CC-CEDICT lists, loaded once
/// (an empty table if the bundled file cannot be read: nothing then
/// sounds alike).
fn readings() -> &'static HashMap<char, String> {
    static R: OnceLock<HashMap<char, String>> = OnceLock::new();
    R.get_or_init(|| {
        let mut text = String::new();
        if flate2::read::GzDecoder::new(READINGS_GZ).read_to_string(&mut text).is_err() {
            return HashMap::new();
        }
        text.lines()
            .filter_map(|l| {
                let (c, rs) = l.split_once('\t')?;
                let mut chars = c.chars();
                let (Some(ch), None) = (chars.next(), chars.next()) else { return None };
                Some((ch, rs.split(' ').next()?.to_string()))
            })
            .collect()
    })
}

/// Consonant letters that stand for one class in pinyin and in other
/// spellings alike (`w` and `y`, glides, for none).
const COMMON: [(&str, &str); 16] = [
    ("b", "P"),
    ("p", "P"),
    ("d", "T"),
    ("t", "T"),
    ("g", "K"),
    ("k", "K"),
    ("s", "S"),
    ("z", "S"),
    ("h", "H"),
    ("f", "F"),
    ("w", ""),
    ("y", ""),
    ("m", "M"),
    ("n", "N"),
    ("l", "R"),
    ("r", "R"),
];

/// Pinyin initials of their own and the class each stands for (longest
/// first; the rest are [`COMMON`]).
const INITIALS: [(&str, &str); 7] =
    [("zh", "S"), ("ch", "S"), ("sh", "S"), ("j", "K"), ("q", "K"), ("x", "S"), ("c", "S")];

/// Letters (after Cyrillic is written in Latin letters) of their own and
/// the class each stands for (longest first; the rest are [`COMMON`]).
const LETTERS: [(&str, &str); 22] = [
    ("shch", "S"),
    ("dzh", "J"),
    ("sch", "S"),
    ("ng", "N"),
    ("kh", "H"),
    ("ch", "J"),
    ("sh", "S"),
    ("zh", "J"),
    ("ph", "F"),
    ("th", "T"),
    ("ts", "S"),
    ("tz", "S"),
    ("ck", "K"),
    ("gh", "K"),
    ("dj", "J"),
    ("c", "K"),
    ("q", "K"),
    ("j", "J"),
    ("x", "KS"),
    ("v", "F"),
    ("ß", "S"),
    ("ñ", "N"),
];

/// The letters `s` begins with in `own` or [`COMMON`], and their class.
fn class_at(s: &str, own: &[(&'static str, &'static str)]) -> Option<(&'static str, &'static str)> {
    own.iter().chain(&COMMON).find(|(l, _)| s.starts_with(l)).copied()
}

/// The class key of one pinyin syllable: its initial, and `N` for a nasal
/// final; `er` is `R`.
fn syllable_key(s: &str, out: &mut String) {
    if s == "er" {
        out.push('R');
        return;
    }
    let rest = match class_at(s, &INITIALS) {
        Some((i, class)) => {
            out.push_str(class);
            &s[i.len()..]
        }
        None => s,
    };
    if rest.ends_with('n') || rest.ends_with("ng") {
        out.push('N');
    }
}

/// The key of one Chinese character's reading; `None` for a character
/// without one (not Chinese, or unknown).
fn char_key(c: char) -> Option<String> {
    let mut out = String::new();
    syllable_key(readings().get(&c)?, &mut out);
    Some(out)
}

/// The key of a stretch of Chinese characters; `None` when a character
/// has no reading.
pub fn chinese_key(text: &str) -> Option<String> {
    let keys: Option<Vec<String>> = text.chars().map(char_key).collect();
    Some(collapse(&keys?.concat()))
}

/// The Latin letters of a lower-case Cyrillic letter (`Some("")` for the
/// signs ъ and ь); `None` for any other character.
fn latin(c: char) -> Option<&'static str> {
    const CYRILLIC: &str = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя";
    const LATIN: [&str; 33] = [
        "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f",
        "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ];
    CYRILLIC.chars().position(|x| x == c).map(|i| LATIN[i])
}

/// The key of a word in Latin or Cyrillic letters.
pub fn word_key(word: &str) -> String {
    let mut letters = String::new();
    for c in word.chars().flat_map(char::to_lowercase) {
        match latin(c) {
            Some(l) => letters.push_str(l),
            None if c.is_alphabetic() => letters.push(c),
            None => {}
        }
    }
    let mut out = String::new();
    let mut rest = letters.as_str();
    while let Some(c) = rest.chars().next() {
        match class_at(rest, &LETTERS) {
            Some((l, class)) => {
                out.push_str(class);
                rest = &rest[l.len()..];
            }
            None => rest = &rest[c.len_utf8()..],
        }
    }
    collapse(&out)
}

/// `k` with every run of one class written once.
fn collapse(k: &str) -> String {
    let mut out = String::with_capacity(k.len());
    for c in k.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// Whether two classes stand for one sound: `J` (j, ch, dzh in letters)
/// is written for the K of pinyin j and q as often as for the S of zh and
/// ch (喬 qiao in Cholpon, 賈 jia in Jaffar, 陳 chen in Chen).
fn same_sound(x: char, y: char) -> bool {
    x == y || (x == 'J' && matches!(y, 'K' | 'S')) || (y == 'J' && matches!(x, 'K' | 'S'))
}

/// 1 − the edit distance of two keys over the longer one's length (a
/// `J` against a K or an S costs nothing).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longer = a.len().max(b.len());
    if longer == 0 {
        return 0.0;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut diag = row[0];
        row[0] = i + 1;
        for (j, y) in b.iter().enumerate() {
            let next = (row[j + 1] + 1).min(row[j] + 1).min(diag + usize::from(!same_sound(*x, *y)));
            diag = row[j + 1];
            row[j + 1] = next;
        }
    }
    1.0 - row[b.len()] as f64 / longer as f64
}

/// Whether two keys sound alike: both at least [`MIN_KEY`] classes long
/// and at least [`SOUND_MATCH`] similar; keys of [`MIN_KEY`] classes only
/// alike when they are the same.
pub fn alike(a: &str, b: &str) -> bool {
    let (la, lb) = (a.chars().count(), b.chars().count());
    let (shortest, longest) = (la.min(lb), la.max(lb));
    let needed = if shortest <= MIN_KEY { 1.0 } else { SOUND_MATCH };
    // The distance is at least the difference of the lengths: keys too
    // unlike in length are told apart without measuring it.
    let reachable = 1.0 - (longest - shortest) as f64 / longest.max(1) as f64 >= needed;
    shortest >= MIN_KEY && reachable && similarity(a, b) >= needed
}

/// The words of a text in letters (a hyphen or an apostrophe inside a word
/// kept: Cholpon-Ata).
fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphabetic() || c == '-' || c == '\'' || c == '’'))
        .map(|w| w.trim_matches(|c: char| !c.is_alphabetic()))
        .filter(|w| !w.is_empty())
}

/// The keys of the names of a text in letters: every word written as a
/// name ([`is_capitalised`]: an acronym, ЦАРИКЦ or XXI, is no
/// transliteration) that `may_be` accepts, alone and with the next word
/// (Cholpon Ata, Wang Qiyao).
pub fn spelled_keys(text: &str, may_be: impl Fn(&str) -> bool) -> Vec<String> {
    let words: Vec<&str> = words_of(text).collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate().filter(|(_, w)| is_capitalised(w) && may_be(w)) {
        let key = word_key(w);
        if let Some(next) = words.get(i + 1) {
            out.push(collapse(&(key.clone() + &word_key(next))));
        }
        out.push(key);
    }
    out.retain(|k| k.chars().count() >= MIN_KEY);
    out
}

/// The keys of every stretch of 2 to [`MAX_NAME_CHARS`] Chinese characters
/// of a text (where a name written in characters may be).
pub fn written_keys(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for run in text.split(|c: char| !is_han(c)) {
        let keys: Vec<Option<String>> = run.chars().map(char_key).collect();
        for i in 0..keys.len() {
            let mut joined = String::new();
            for (j, k) in keys.iter().enumerate().skip(i).take(MAX_NAME_CHARS) {
                let Some(k) = k else { break };
                joined.push_str(k);
                let key = collapse(&joined);
                if j > i && key.chars().count() >= MIN_KEY {
                    out.push(key);
                }
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The keys of the Chinese stretch `bytes` of `text` (two characters or
/// more), and of the stretch with one more character on either side (a
/// name's first or last character may have been taken for a word of its
/// own).
pub fn widened(text: &str, bytes: std::ops::Range<usize>) -> Vec<String> {
    let before = text[..bytes.start].chars().next_back().map_or(0, char::len_utf8);
    let after = text[bytes.end..].chars().next().map_or(0, char::len_utf8);
    if text[bytes.clone()].chars().count() < 2 {
        return Vec::new();
    }
    let mut spans = vec![bytes.clone()];
    for (b, a) in [(before, 0), (0, after)] {
        let span = bytes.start - b..bytes.end + a;
        if !spans.contains(&span) {
            spans.push(span);
        }
    }
    spans
        .into_iter()
        .map(|s| &text[s])
        .filter(|s| s.chars().count() <= MAX_NAME_CHARS)
        .filter_map(chinese_key)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sounds(z: &str, w: &str) -> bool {
        chinese_key(z).is_some_and(|k| alike(&k, &word_key(w)))
    }

    #[test]
    fn transliterated_names_sound_like_their_spellings() {
        for (z, w) in [
            ("胡茲達爾", "Khuzdar"),
            ("胡茲達爾", "Хуздар"),
            ("帕哈爾加姆", "Pahalgam"),
            ("賈法爾", "Jaffar"),
            ("賈法爾", "Джаффар"),
            ("拉赫蒙", "Рахмон"),
            ("喬蓬阿塔", "Cholpon-Ata"),
            ("盧卡申科", "Lukashenko"),
            ("陳清揚", "Chen Qingyang"),
            ("吉爾吉斯斯坦", "Kyrgyzstan"),
        ] {
            assert!(sounds(z, w), "{z} {:?} ↔ {w} {}", chinese_key(z), word_key(w));
        }
    }

    #[test]
    fn keys_unlike_in_length_are_told_apart_as_their_distance_would() {
        let keys = ["HSTR", "HSTRN", "HST", "HSTRNK", "KNKSTMTF", "JNSTMTF", "TMTF", "JNS", "KNKS", "SPS", "SHPS"];
        for a in keys {
            for b in keys {
                let shortest = a.len().min(b.len());
                let needed = if shortest <= MIN_KEY { 1.0 } else { SOUND_MATCH };
                let measured = shortest >= MIN_KEY && similarity(a, b) >= needed;
                assert_eq!(alike(a, b), measured, "{a} {b}");
            }
        }
        assert!(alike("KNKSTMTF", "JNSTMTF") && !alike("KNKS", "JNS") && !alike("HSTRNKTF", "HST"));
    }

    #[test]
    fn words_that_are_not_names_do_not() {
        for (z, w) in [("恐怖主義", "terrorism"), ("成員國", "Member"), ("發展", "development"), ("莫迪", "Modi")]
        {
            assert!(!sounds(z, w), "{z} {:?} ↔ {w} {}", chinese_key(z), word_key(w));
        }
        assert_eq!(chinese_key("Ab"), None);
        assert_eq!(similarity("", ""), 0.0);
        assert_eq!(similarity("HSTR", "HSTR"), 1.0);
        assert_eq!(similarity("KPNT", "KRPNT"), 0.8);
        assert_eq!(similarity("JN", "SN"), 1.0);
        assert!(!alike("SPS", "SHPS") && alike("SPSN", "SHPSN"));
    }

    #[test]
    fn names_are_found_in_running_text() {
        let spelled =
            spelled_keys("attacks on the Jaffar Express in Khuzdar, at Cholpon-Ata and in the city", |_| true);
        assert!(spelled.contains(&word_key("Khuzdar")), "{spelled:?}");
        assert!(spelled.contains(&word_key("Cholpon-Ata")), "{spelled:?}");
        assert!(!spelled.contains(&word_key("attacks")), "{spelled:?}");
        let acronyms = spelled_keys("the XXI century, ЦАРИКЦ and RATS", |_| true);
        assert!(acronyms.is_empty(), "{acronyms:?}");
        let written = written_keys("在胡茲達爾發動的襲擊");
        assert!(written.contains(&word_key("Khuzdar")), "{written:?}");
        // 法爾 alone is too short; with 賈 before it, it is Jaffar.
        let text = "對賈法爾快車";
        let at = text.find('法').expect("法");
        let keys = widened(text, at..at + 6);
        assert!(keys.iter().any(|k| alike(k, &word_key("Jaffar"))), "{keys:?}");
    }
}
