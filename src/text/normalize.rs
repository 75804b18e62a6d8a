//! Comparison keys: NFKC (which also folds full-width Latin letters and
//! digits), lower case, and traditional → simplified folding for Chinese.
//! Keys are for comparing only; nothing shown to users comes from them.

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

/// Length measure used by the length model: characters that are not whitespace.
pub fn length(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fold_width_case_and_script() {
        assert_eq!(key("ＡＢＣ１２３", Lang::En), "abc123");
        assert_eq!(key("聯合國ＡＩ合作", Lang::ZhHant), "联合国ai合作");
        assert_eq!(length("a b\tc"), 3);
        assert_eq!(loose_key("恢覆與恢復", Lang::ZhHant), "恢复与恢复");
        assert_eq!(loose_key("Ｒestore", Lang::En), "restore");
    }
}
