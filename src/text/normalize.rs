//! Comparison keys: NFKC (which also folds full-width Latin letters and
//! digits), lower case, and traditional → simplified folding for Chinese.
//! Keys are for comparing only; nothing shown to users comes from them.

use std::collections::HashSet;

use unicode_normalization::UnicodeNormalization;

use super::convert;
use super::lang::Lang;

/// The comparison key of `text` in language `lang`.
pub fn key(text: &str, lang: Lang) -> String {
    let folded: String =
        if lang.is_chinese() { convert::to_simplified_aligned(text).into_iter().collect() } else { text.to_string() };
    folded.nfkc().flat_map(char::to_lowercase).collect()
}

/// The comparison key of `text` with, for Chinese, every character that a
/// one-to-many conversion confuses folded to its simplified form (恢覆 and
/// 恢復 both give 恢复): for comparing two versions in Chinese, where such
/// conversion errors are no difference of content.
pub fn loose_key(text: &str, lang: Lang) -> String {
    let k = key(text, lang);
    if lang.is_chinese() {
        k.chars().map(convert::fold_one_to_many).collect()
    } else {
        k
    }
}

/// [`loose_key`] character by character: one folded character for each
/// character of `text` (NFKC and lower case keep the first character of
/// what they give), so that positions in the key are positions in `text`.
pub fn loose_chars(text: &str, lang: Lang) -> Vec<char> {
    let one = |c: char| c.nfkc().flat_map(char::to_lowercase).next().unwrap_or(c);
    if lang.is_chinese() {
        convert::to_simplified_aligned(text).into_iter().map(|c| convert::fold_one_to_many(one(c))).collect()
    } else {
        text.chars().map(one).collect()
    }
}

/// Length measure used by the length model: characters that are not whitespace.
pub fn length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

/// Shortest run of Latin letters, digits and the marks of addresses
/// that [`shared_verbatim_length`] counts (shorter ones are words or
/// numbers that any text may share by chance).
const MIN_VERBATIM: usize = 4;

/// The marks an address or a code is written with besides letters and digits.
const VERBATIM_MARKS: &str = "@._/-:#";

/// The [`length`] of the runs of `a` written in ASCII letters, digits and
/// the marks of addresses and codes, with a letter in them (info@un.org,
/// www.sco-bank.org, S/2025/12, OPCW; not a number alone), that `b`
/// writes the same: text that two versions in
/// different scripts copy as it is, and whose length says nothing of the
/// ratio of their lengths.
pub fn shared_verbatim_length(a: &str, b: &str) -> usize {
    shared_verbatim(a, b).map(str::len).sum()
}

/// The runs of `a` that [`shared_verbatim_length`] measures, in order:
/// addresses and codes `b` writes the same.
pub fn shared_verbatim<'a>(a: &'a str, b: &'a str) -> impl Iterator<Item = &'a str> {
    let verbatim = |c: char| c.is_ascii_alphanumeric() || VERBATIM_MARKS.contains(c);
    a.split(move |c: char| !verbatim(c))
        .map(|t| t.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .filter(move |t| t.len() >= MIN_VERBATIM && t.contains(|c: char| c.is_ascii_alphabetic()) && b.contains(t))
}

/// The [`length`] of the numbers written in ASCII digits in `a` that `b`
/// writes too, each as a whole number (2025 in 2025年 and in "2025 г.",
/// not 20 in 2025): digits two versions in different scripts write alike
/// whatever the script, so that a sentence full of dates is not read as a
/// short translation. A number inside an address or code (S/2025/12) is
/// left to [`shared_verbatim_length`].
pub fn shared_numbers_length(a: &str, b: &str) -> usize {
    let theirs: HashSet<&str> = digit_runs(b).collect();
    a.split(|c: char| !(c.is_ascii_alphanumeric() || VERBATIM_MARKS.contains(c)))
        .filter(|t| !t.contains(|c: char| c.is_ascii_alphabetic()))
        .flat_map(digit_runs)
        .filter(|n| theirs.contains(n))
        .map(str::len)
        .sum()
}

/// The runs of ASCII digits of `t`.
fn digit_runs(t: &str) -> impl Iterator<Item = &str> {
    t.split(|c: char| !c.is_ascii_digit()).filter(|n| !n.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loose_chars_are_the_loose_key_one_for_one() {
        for (text, lang) in
            [("恢覆和平，ＡＢ１", Lang::ZhHant), ("恢复和平", Lang::ZhHans), ("Member STATES", Lang::En)]
        {
            let chars = loose_chars(text, lang);
            assert_eq!(chars.len(), text.chars().count());
            assert_eq!(chars.iter().collect::<String>(), loose_key(text, lang), "{text}");
        }
    }

    #[test]
    fn addresses_and_codes_both_versions_copy_are_measured() {
        let zh = "聯繫方式：info@sco-bank.org，網址：www.sco-bank.org。見S/2025/12號文件。";
        let en = "Contact: info@sco-bank.org, website: www.sco-bank.org. See document S/2025/12.";
        assert_eq!(shared_verbatim_length(zh, en), "info@sco-bank.org".len() + "www.sco-bank.org".len() + 9);
        // Numbers alone, short runs, and runs the other side writes otherwise, are not.
        assert_eq!(shared_verbatim_length("第2025號 ABC www.a-b.org", "2025 ABC www.a.org"), 0);
    }

    #[test]
    fn numbers_both_versions_write_are_measured_whole() {
        let zh = "聯合國教科文組織大會第43屆會議（2025年10月30日至11月13日，撒馬爾罕）";
        let ru = "43-й сессии Генеральной конференции ЮНЕСКО (30 октября — 13 ноября 2025 г., Самарканд)";
        // 43, 2025, 30 and 13 are written on both sides; 10 and 11 (the months) only in Chinese.
        assert_eq!(shared_numbers_length(zh, ru), 2 + 4 + 2 + 2);
        // A number inside a longer one is not the same number.
        assert_eq!(shared_numbers_length("第20屆", "2025"), 0);
        assert_eq!(shared_numbers_length("no digits", "2025"), 0);
        // The numbers of a code are the code's.
        assert_eq!(shared_numbers_length("見S/2025/12號文件", "S/2025/12 2025 12"), 0);
    }

    #[test]
    fn keys_fold_width_case_and_script() {
        assert_eq!(key("ＡＢＣ１２３", Lang::En), "abc123");
        assert_eq!(key("聯合國ＡＩ合作", Lang::ZhHant), "联合国ai合作");
        assert_eq!(length("a b\tc"), 3);
        assert_eq!(loose_key("恢覆與恢復", Lang::ZhHant), "恢复与恢复");
        assert_eq!(loose_key("Ｒestore", Lang::En), "restore");
    }
}
