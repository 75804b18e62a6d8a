//! Content words: the words of a text that carry meaning, with where they
//! are. Chinese is cut into dictionary words (CC-CEDICT, longest match, on
//! the simplified form); other languages at non-letters. Function words
//! ([`super::lang::Profile::function_words`]) are left out.

use std::ops::Range;

use super::lang::Lang;
use super::lexicon::Lexicon;
use super::script::is_han;

/// A content word: where it is in the text, and its form for embedding
/// (simplified script for Chinese, lower case otherwise).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Byte range in the text.
    pub bytes: Range<usize>,
    /// The form that is embedded.
    pub form: String,
}

/// Texts up to this many bytes keep their content words for the rest of
/// the run (the alignments and the checks of several versions read the
/// same units again and again); longer ones (whole documents) are read once.
const KEPT_TEXT_BYTES: usize = 4096;

/// Most texts whose content words are kept; past it the store starts over.
const KEPT_TEXTS: usize = 50_000;

/// The content words of the texts read so far, by language and text.
type Store = std::sync::Mutex<std::collections::HashMap<Lang, std::collections::HashMap<String, Vec<Word>>>>;

static KEPT: std::sync::LazyLock<Store> = std::sync::LazyLock::new(Store::default);

/// The content words of `text`.
pub fn content_words(text: &str, lang: Lang) -> Vec<Word> {
    if text.len() > KEPT_TEXT_BYTES {
        return read_words(text, lang);
    }
    if let Some(words) = KEPT.lock().unwrap_or_else(|e| e.into_inner()).get(&lang).and_then(|k| k.get(text)) {
        return words.clone();
    }
    let words = read_words(text, lang);
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    if kept.values().map(|k| k.len()).sum::<usize>() >= KEPT_TEXTS {
        kept.clear();
    }
    kept.entry(lang).or_default().insert(text.to_string(), words.clone());
    words
}

/// [`content_words`], read from the text.
fn read_words(text: &str, lang: Lang) -> Vec<Word> {
    let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let byte_range = |r: &Range<usize>| offsets[r.start]..offsets[r.end];
    let chars: Vec<char> = text.chars().collect();
    if lang.is_chinese() {
        // Traditional text is read with its naive-conversion errors put
        // right (恢覆 is the word 恢復), as the words it stands for.
        let simple = if lang == Lang::ZhHant {
            let fixed: String = put_right(&chars).into_iter().collect();
            super::convert::to_simplified_aligned(&fixed)
        } else {
            super::convert::to_simplified_aligned(text)
        };
        // Without the dictionary (whose loss every command reports), characters one by one.
        let ranges = match Lexicon::bundled() {
            Ok(lex) => lex.chinese_words(&simple),
            Err(_) => (0..simple.len()).map(|i| i..i + 1).collect(),
        };
        // Numbers are checked on their own: a numeral (一百零五, 第二十一)
        // is no content word, as digits are none, and a unit after a
        // number (2025年, 第43屆, 一百零五條) belongs to the number.
        let numeral = |r: &Range<usize>| zh_numeral(&simple[r.clone()]);
        let after_number = |k: usize, r: &Range<usize>| {
            r.start > 0 && (simple[r.start - 1].is_ascii_digit() || k > 0 && numeral(&ranges[k - 1]))
        };
        ranges
            .iter()
            .enumerate()
            .filter(|(_, r)| simple[(*r).clone()].iter().all(|&c| is_han(c)) && !numeral(r))
            .filter(|&(k, r)| r.len() > 1 || !after_number(k, r))
            .map(|(_, r)| Word { bytes: byte_range(r), form: simple[r.clone()].iter().collect() })
            .filter(|w| !lang.is_function_word(&w.form))
            .collect()
    } else {
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_alphabetic() {
                i += 1;
                continue;
            }
            let start = i;
            let letter = |k: usize| chars.get(k).is_some_and(|c| c.is_alphabetic());
            while letter(i) || (chars.get(i) == Some(&'-') && letter(i + 1)) {
                i += 1;
            }
            // Letters written onto a number (21st, 10kg, 1990s) belong to it,
            // as a unit after a Chinese number does, and so does an ordinal
            // ending after a hyphen (5-е, 20-й, 3-го); a word joined after
            // them by a hyphen (19th-century), or a word after a hyphen
            // (80-летия, 5-year), is a word.
            let digit = |k: usize| chars.get(k).is_some_and(|c| c.is_numeric());
            let glued = start > 0 && digit(start - 1);
            let ending =
                start > 1 && chars[start - 1] == '-' && digit(start - 2) && is_ordinal_ending(&chars[start..i]);
            let start = if glued || ending {
                match chars[start..i].iter().position(|&c| c == '-') {
                    Some(h) => start + h + 1,
                    None => continue,
                }
            } else {
                start
            };
            let form: String = chars[start..i].iter().flat_map(|c| c.to_lowercase()).collect();
            // A number word (seven, seventh, седьмой) is a number, checked on its own.
            let roman = chars[start..i].iter().all(|&c| super::numbers::is_roman_letter(c))
                && super::numbers::is_roman_numeral(&chars[start..i].iter().collect::<String>(), lang);
            if i - start > 1 && !roman && !lang.is_function_word(&form) && !super::numbers::is_count_word(&form) {
                out.push(Word { bytes: byte_range(&(start..i)), form });
            }
        }
        out
    }
}

/// Whether `w` (letters after a number and a hyphen) is the ending of an
/// ordinal written in digits, as Russian writes it (е, й, го, ому): up
/// to three Cyrillic letters, before any further hyphen.
fn is_ordinal_ending(w: &[char]) -> bool {
    let end = w.iter().position(|&c| c == '-').unwrap_or(w.len());
    (1..=3).contains(&end) && w[..end].iter().all(|c| matches!(c, 'а'..='я' | 'ё'))
}

/// Whether `w` is a Chinese numeral (一百零五, 二〇二五), maybe after 第 or
/// before a classifier (第二十一, 四條, 三次); 兩國 and 十年 are words.
fn zh_numeral(w: &[char]) -> bool {
    use super::lang::zh::{CLASSIFIERS, NUMERAL_CHARS};
    let w = w.strip_prefix(&['第']).unwrap_or(w);
    let digits = match w.split_last() {
        Some((last, rest)) if CLASSIFIERS.contains(*last) => rest,
        _ => w,
    };
    !digits.is_empty() && digits.iter().all(|c| NUMERAL_CHARS.contains(c))
}

impl Word {
    /// Whether the word is a single Chinese character (ambiguous alone).
    pub fn is_single_char(&self) -> bool {
        let mut cs = self.form.chars();
        cs.next().is_some_and(is_han) && cs.next().is_none()
    }
}

/// Characters looked at on each side of a stretch for the words it cuts.
const CONTEXT_CHARS: usize = 6;

/// The bytes of `text` before and after `span` that complete the words
/// `span` cuts at its ends (on its line): Chinese words from the spelling
/// word list (a simplified text through its traditional form), words of
/// letters and digits otherwise. Empty ranges when `span` starts and ends
/// at word boundaries.
pub fn word_ends(text: &str, span: Range<usize>, lang: Lang) -> (Range<usize>, Range<usize>) {
    // Only a few characters on each side of each end are read: the time
    // does not grow with the line or the span.
    let on_line = |&(_, c): &(usize, char)| c != '\n';
    let mut before: Vec<(usize, char)> =
        text[..span.start].char_indices().rev().take_while(on_line).take(CONTEXT_CHARS).collect();
    before.reverse();
    let after: Vec<(usize, char)> = text[span.end..]
        .char_indices()
        .map(|(i, c)| (span.end + i, c))
        .take_while(on_line)
        .take(CONTEXT_CHARS)
        .collect();
    let inner = &text[span.clone()];
    if inner.is_empty() {
        return (span.start..span.start, span.end..span.end);
    }
    let head: Vec<(usize, char)> = inner.char_indices().take(CONTEXT_CHARS).map(|(i, c)| (span.start + i, c)).collect();
    let mut tail: Vec<(usize, char)> =
        inner.char_indices().rev().take(CONTEXT_CHARS).map(|(i, c)| (span.start + i, c)).collect();
    tail.reverse();
    // The word holding the first character, from the characters around it.
    let left: Vec<(usize, char)> = before.iter().chain(&head).copied().collect();
    let a = word_at(&left, before.len(), lang).start;
    let start = left.get(a).map_or(span.start, |&(i, _)| i);
    // The word holding the last character.
    let right: Vec<(usize, char)> = tail.iter().chain(&after).copied().collect();
    let b = word_at(&right, tail.len() - 1, lang).end;
    let end = right.get(b).map_or_else(|| after.last().map_or(span.end, |&(i, c)| i + c.len_utf8()), |&(i, _)| i);
    (start..span.start, span.end..end.max(span.end))
}

/// The word of `chars` (characters with their byte offsets) holding the
/// one at `k`: a range of indices into `chars`.
fn word_at(chars: &[(usize, char)], k: usize, lang: Lang) -> Range<usize> {
    let cut: Vec<Range<usize>> = if lang.is_chinese() && chars.iter().any(|&(_, c)| is_han(c)) {
        chinese_cut(chars, lang)
    } else {
        letter_cut(chars)
    };
    cut.into_iter().find(|r| r.contains(&k)).unwrap_or(k..k + 1)
}

/// Words of Chinese characters, cut by the spelling word list on the text
/// with its naive-conversion errors put right (so that 恢覆 and 沖擊 are
/// still cut as the words they stand for).
fn chinese_cut(all: &[(usize, char)], _lang: Lang) -> Vec<Range<usize>> {
    let chars: Vec<char> = all.iter().map(|&(_, c)| c).collect();
    match super::spelling::Spelling::bundled() {
        Ok(sp) => sp.cut(&put_right(&chars)),
        Err(_) => (0..all.len()).map(|k| k..k + 1).collect(),
    }
}

/// Traditional `chars` with every naive-conversion error put right (幹涉 →
/// 干涉, 恢覆 → 恢復), one character for one; unchanged without the
/// spelling list.
fn put_right(chars: &[char]) -> Vec<char> {
    let Ok(sp) = super::spelling::Spelling::bundled() else { return chars.to_vec() };
    let line = sp.line(chars);
    (0..chars.len())
        .map(|i| match line.verdict(i, |_| true) {
            super::spelling::Verdict::Error { with, .. } => with,
            _ => chars[i],
        })
        .collect()
}

/// Runs of letters and digits (with inner apostrophes and hyphens), each a word.
fn letter_cut(all: &[(usize, char)]) -> Vec<Range<usize>> {
    let wordy = |k: usize| {
        let c = all[k].1;
        c.is_alphanumeric()
            || (matches!(c, '\'' | '’' | '-')
                && k > 0
                && k + 1 < all.len()
                && all[k - 1].1.is_alphanumeric()
                && all[k + 1].1.is_alphanumeric())
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < all.len() {
        let start = k;
        if wordy(k) {
            while k < all.len() && wordy(k) {
                k += 1;
            }
        } else {
            k += 1;
        }
        out.push(start..k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_words_are_the_words_read_from_the_text() {
        let is_kept = |text: &str, lang: Lang| {
            KEPT.lock().unwrap_or_else(|e| e.into_inner()).get(&lang).is_some_and(|k| k.contains_key(text))
        };
        let texts =
            [("成員國強調，開展全球文明對話。", Lang::ZhHant), ("The Member States stress dialogue.", Lang::En)];
        for (text, lang) in texts {
            let read = read_words(text, lang);
            assert!(!read.is_empty());
            assert_eq!(content_words(text, lang), read, "first reading");
            assert!(is_kept(text, lang));
            assert_eq!(content_words(text, lang), read, "kept");
        }
        // The same text in another language has other words: "the" is an
        // English function word, not a Russian one.
        let forms = |t: &str, l: Lang| content_words(t, l).into_iter().map(|w| w.form).collect::<Vec<_>>();
        assert_eq!(forms("the dialogue", Lang::En), ["dialogue"]);
        assert_eq!(forms("the dialogue", Lang::Ru), ["the", "dialogue"]);
        assert_eq!(forms("the dialogue", Lang::En), ["dialogue"], "kept apart by language");
        let long = "dialogue ".repeat(KEPT_TEXT_BYTES / 9 + 1);
        assert_eq!(content_words(&long, Lang::En), read_words(&long, Lang::En));
        assert!(!is_kept(&long, Lang::En), "a long text is read, not kept");
    }

    #[test]
    fn content_words_leave_out_function_words() {
        let forms = |t: &str, l: Lang| content_words(t, l).into_iter().map(|w| w.form).collect::<Vec<_>>();
        assert_eq!(forms("The Member States and cooperation", Lang::En), ["member", "states", "cooperation"]);
        assert_eq!(forms("Сотрудничество в области", Lang::Ru), ["сотрудничество", "области"]);
        assert_eq!(forms("государства-члены -", Lang::Ru), ["государства-члены"]);
        let zh = content_words("成員國的合作，2025年", Lang::ZhHant);
        assert!(zh.iter().any(|w| w.form == "合作" && w.bytes == (12..18)), "{zh:?}");
        assert!(!zh.iter().any(|w| w.form == "的" || w.form.contains('2')), "{zh:?}");
        // A unit after a number belongs to the number.
        // A numeral is a number, with a classifier too; with a noun it is a word.
        let zh = content_words("第一百零四條，三次會議，兩國", Lang::ZhHant);
        assert_eq!(zh.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["会议", "两国"]);
        let en = content_words("the seventh session of twenty members", Lang::En);
        assert_eq!(en.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["session", "members"]);
        let zh = content_words("2025年6月的年度會議", Lang::ZhHant);
        assert_eq!(zh.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["年度", "会议"]);
        // So do letters written onto a number; a word hyphened after them is a word.
        assert_eq!(forms("the 21st century, 10kg of 1990s goods", Lang::En), ["century", "goods"]);
        assert_eq!(forms("a 19th-century building", Lang::En), ["century", "building"]);
        assert_eq!(forms("5-е заседание Су-35, 20-й раз", Lang::Ru), ["заседание", "су", "раз"]);
        // A word after a number and a hyphen is a word.
        assert_eq!(forms("80-летия, a 5-year plan", Lang::Ru), ["летия", "year", "plan"]);
        // A Roman numeral is a number; a word in capitals is a word.
        assert_eq!(forms("XIII Конференции в XXI веке", Lang::Ru), ["конференции", "веке"]);
        assert_eq!(forms("World War II, CIVIL LIABILITY", Lang::En), ["world", "war", "civil", "liability"]);
    }

    #[test]
    fn traditional_words_are_read_with_their_conversion_errors_put_right() {
        // 恢覆 (a naive conversion of 恢复) is the word 恢復, at its own bytes;
        // a simplified text is taken as written.
        let t = "生物多樣性恢覆和保護";
        let zh = content_words(t, Lang::ZhHant);
        let at = t.find("恢覆").expect("in");
        assert!(zh.iter().any(|w| w.form == "恢复" && w.bytes == (at..at + 6)), "{zh:?}");
        assert!(zh.iter().any(|w| w.form == "保护"), "{zh:?}");
        let hans = content_words("恢复和保护", Lang::ZhHans);
        assert_eq!(hans.iter().map(|w| w.form.as_str()).collect::<Vec<_>>(), ["恢复", "保护"]);
    }

    #[test]
    fn word_ends_complete_the_words_a_stretch_cuts() {
        let t = "成員國強調「上海精神」";
        let s = t.find("員國強調").expect("in");
        let (b, a) = word_ends(t, s..s + "員國強調".len(), Lang::ZhHant);
        assert_eq!((&t[b], &t[a]), ("成", ""));
        let t = "不幹涉內政";
        let s = t.find('幹').expect("in");
        let (b, a) = word_ends(t, s..s + 3, Lang::ZhHant);
        assert_eq!((&t[b], &t[a]), ("不", "涉"), "cut as 不干涉");
        // 覆 is also a simplified character: the cut puts the error right first.
        let t = "呼籲恢覆對話";
        let s = t.find('覆').expect("in");
        let (b, a) = word_ends(t, s..s + 3, Lang::ZhHant);
        assert_eq!((&t[b], &t[a]), ("恢", ""), "cut as 恢復");
        let t = "the Member States emphasise";
        let (b, a) = word_ends(t, 7..13, Lang::En);
        assert_eq!((&t[b], &t[a]), ("Mem", "ates"));
        let (b, a) = word_ends(t, 4..10, Lang::En);
        assert_eq!((&t[b], &t[a]), ("", ""));
    }
}
