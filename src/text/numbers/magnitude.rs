//! Amounts scaled by a magnitude: 15億, 1.5億, 1.5 billion, 1,5 млрд,
//! 3 миллиарда, 10萬 (every one the same value as its digits written out).

use crate::text::Lang;

/// Letters a magnitude word may add to its stem (billions, миллиардов),
/// so that a longer word on the same stem (тысячелетие) is none.
const ENDING_CHARS: usize = 3;

/// The factor of the magnitude that starts at `chars[at]` (a Chinese one
/// right there, another after at most one space), and where it ends.
pub(super) fn after(chars: &[char], at: usize, lang: Lang) -> Option<(u64, usize)> {
    let magnitudes = lang.profile().magnitudes;
    if lang.is_chinese() {
        return chinese_after(chars, at, magnitudes);
    }
    let start = at + usize::from(chars.get(at).is_some_and(|c| matches!(c, ' ' | '\u{a0}')));
    let len = chars.get(start..)?.iter().take_while(|c| c.is_alphabetic()).count();
    let word: String = chars[start..start + len].iter().flat_map(|c| c.to_lowercase()).collect();
    magnitudes
        .iter()
        .find(|(stem, _)| word.starts_with(stem) && len.saturating_sub(stem.chars().count()) <= ENDING_CHARS)
        .map(|&(_, f)| (f, start + len))
}

/// The factor of the run of Chinese magnitudes at `chars[at]` (萬, 億,
/// 千萬, 萬億: each multiplies the others) and where it ends. The run ends
/// with 萬 or 億: a 十, 百 or 千 after it is a unit's (3千米, 10千克) or a
/// fraction's (50百分點), not a magnitude.
fn chinese_after(chars: &[char], at: usize, magnitudes: &[(&str, u64)]) -> Option<(u64, usize)> {
    let factor = |c: char| magnitudes.iter().find(|(m, _)| m.starts_with(c)).map(|&(_, f)| f);
    let run = chars.get(at..)?.iter().take_while(|&&c| factor(c).is_some()).count();
    let len = chars[at..at + run].iter().rposition(|c| matches!(c, '萬' | '万' | '億' | '亿'))? + 1;
    let product = chars[at..at + len].iter().try_fold(1u64, |p, &c| p.checked_mul(factor(c)?))?;
    Some((product, at + len))
}

/// Words and signs between the two ends of a range of amounts.
const RANGE_JOINS: &[&str] = &["–", "-", "—", "~", "～", "－", "至", "到", "to", "до"];

/// The factor of the magnitude after the second number of a range that
/// starts at `chars[at]` (after the first number), if there is one.
fn range_factor(chars: &[char], at: usize, lang: Lang) -> Option<u64> {
    let space = |k: usize| chars.get(k).is_some_and(|c| matches!(c, ' ' | '\u{a0}'));
    let mut k = at + usize::from(space(at));
    let rest: String = chars.get(k..)?.iter().take(3).collect();
    let join = RANGE_JOINS.iter().find(|j| {
        // A word (to, до) stands between spaces.
        rest.starts_with(*j) && (!matches!(**j, "to" | "до") || space(k + j.chars().count()))
    })?;
    k += join.chars().count();
    k += usize::from(space(k));
    let digits = chars.get(k..)?.iter().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 {
        return None;
    }
    k += digits;
    let mark = lang.profile().decimal_mark;
    if chars.get(k) == Some(&mark) && chars.get(k + 1).is_some_and(char::is_ascii_digit) {
        k += 1 + chars[k + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
    }
    after(chars, k, lang).map(|(f, _)| f)
}

/// The value of the number in digits `whole` (ending at `chars[at]`) with
/// the decimals and the magnitude that follow it, and where they end;
/// `None` without a magnitude (2.5 alone is read as it was: 2 and 5).
pub(super) fn scaled(chars: &[char], (whole, at): (u64, usize), lang: Lang) -> Option<(u64, usize)> {
    let mark = lang.profile().decimal_mark;
    let decimals = if chars.get(at) == Some(&mark) {
        chars.get(at + 1..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    } else {
        0
    };
    let past = if decimals > 0 { at + 1 + decimals } else { at };
    // Its own magnitude, or that of the range it opens (2–3 million, 2 to 3 млрд, 2至3萬).
    let (factor, end) = after(chars, past, lang).or_else(|| range_factor(chars, past, lang).map(|f| (f, past)))?;
    let mut value = whole.checked_mul(factor)?;
    let mut unit = factor;
    for c in chars.get(at + 1..at + 1 + decimals).unwrap_or_default() {
        unit /= 10;
        value = value.checked_add(u64::from(c.to_digit(10)?).checked_mul(unit)?)?;
    }
    Some((value, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, lang: Lang) -> Option<(u64, String)> {
        let chars: Vec<char> = text.chars().collect();
        let at = chars.iter().take_while(|c| c.is_ascii_digit()).count();
        let whole = text[..at].parse().ok()?;
        scaled(&chars, (whole, at), lang).map(|(v, end)| (v, chars[..end].iter().collect()))
    }

    #[test]
    fn magnitudes_scale_the_number_before_them() {
        assert_eq!(read("1.5 billion US dollars", Lang::En), Some((1_500_000_000, "1.5 billion".into())));
        assert_eq!(read("3 billions", Lang::En), Some((3_000_000_000, "3 billions".into())));
        assert_eq!(read("1,5 млрд долларов", Lang::Ru), Some((1_500_000_000, "1,5 млрд".into())));
        assert_eq!(read("3 миллиарда человек", Lang::Ru), Some((3_000_000_000, "3 миллиарда".into())));
        assert_eq!(read("15億美元", Lang::ZhHant), Some((1_500_000_000, "15億".into())));
        assert_eq!(read("3.25万人", Lang::ZhHans), Some((32_500, "3.25万".into())));
        assert_eq!(read("100万亿元", Lang::ZhHans), Some((100_000_000_000_000, "100万亿".into())));
        assert_eq!(read("3千萬", Lang::ZhHant), Some((30_000_000, "3千萬".into())));
        assert_eq!(read("5百萬", Lang::ZhHant), Some((5_000_000, "5百萬".into())));
        assert_eq!(read("50百分點", Lang::ZhHant), None, "percentage points");
        assert_eq!(read("2–3 million", Lang::En), Some((2_000_000, "2".into())));
        assert_eq!(read("2 to 3.5 billion", Lang::En), Some((2_000_000_000, "2".into())));
        assert_eq!(read("2 до 3 млрд", Lang::Ru), Some((2_000_000_000, "2".into())));
        assert_eq!(read("2至3萬", Lang::ZhHant), Some((20_000, "2".into())));
        assert_eq!(read("3–5 June", Lang::En), None, "a range of days");
        assert_eq!(read("2 tons", Lang::En), None);
        assert_eq!(read("5 тысячами", Lang::Ru), Some((5_000, "5 тысячами".into())));
        assert_eq!(read("1.5bn", Lang::En), Some((1_500_000_000, "1.5bn".into())));
        assert_eq!(read("3千米", Lang::ZhHant), None, "kilometres");
        assert_eq!(read("3萬千米", Lang::ZhHant), Some((30_000, "3萬".into())));
        assert_eq!(read("2.5 per cent", Lang::En), None);
        assert_eq!(read("3 тысячелетия", Lang::Ru), None, "a longer word on the stem");
        assert_eq!(read("1.5 billion", Lang::Ru), None, "another language's word");
        assert_eq!(read("99999999999 trillion", Lang::En), None, "past u64");
    }
}
