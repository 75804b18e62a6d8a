//! Numbers that survive translation: Arabic digits, Chinese numerals
//! (二〇二五, 八十, 第二十次), English and Russian ordinals and number words,
//! and month names (September → 9), so that 2025年9月1日, 1 September 2025 and
//! 1 сентября 2025 г. give the same multiset {2025, 9, 1}.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::lang::{self, zh, Lang};

/// Value of a Chinese numeral written with 〇一二…九十百千萬/万 (and 兩/两, 零),
/// or `None` if `s` is not entirely such a numeral.
pub fn parse_chinese_numeral(s: &str) -> Option<u32> {
    if s.is_empty() || s.chars().count() > 12 {
        return None;
    }
    let digit = |c: char| -> Option<u64> {
        Some(match c {
            '〇' | '零' | '○' => 0,
            '一' => 1,
            '二' | '兩' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let chars: Vec<char> = s.chars().collect();
    // Digit-by-digit form (二〇二五): no unit characters, two or more digits.
    if chars.len() > 1 && chars.iter().all(|&c| digit(c).is_some()) {
        let mut v: u64 = 0;
        for &c in &chars {
            v = v * 10 + digit(c)?;
        }
        return u32::try_from(v).ok();
    }
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut current: Option<u64> = None;
    for &c in &chars {
        if let Some(d) = digit(c) {
            current = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            '萬' | '万' => 10_000,
            _ => return None,
        };
        if unit == 10_000 {
            section += current.take().unwrap_or(0);
            total += section.max(1) * unit;
            section = 0;
        } else {
            section += current.take().unwrap_or(1) * unit;
        }
    }
    section += current.unwrap_or(0);
    u32::try_from(total + section).ok()
}

/// The numbers in `text`, in order of appearance.
pub fn extract(text: &str, lang: Lang) -> Vec<u32> {
    extract_tagged(text, lang).into_iter().map(|(v, _)| v).collect()
}

/// The numbers in `text` with whether each was written in digits (`true`) or
/// in words or Chinese numerals (`false`).
pub fn extract_tagged(text: &str, lang: Lang) -> Vec<(u32, bool)> {
    located(text, lang).into_iter().map(|n| (n.value, n.digits)).collect()
}

/// A number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Its value.
    pub value: u32,
    /// Whether it was written in digits (otherwise in words or Chinese numerals).
    pub digits: bool,
    /// Its byte range in the text.
    pub bytes: std::ops::Range<usize>,
}

/// The numbers in `text`, in order of appearance, with where they are.
pub fn located(text: &str, lang: Lang) -> Vec<Located> {
    let mut out: Vec<Located> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect();
    let mut push = |value: u32, digits: bool, i: usize, j: usize| {
        out.push(Located { value, digits, bytes: offsets[i]..offsets[j] })
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            let mut v: u64 = 0;
            let mut j = i;
            while j < chars.len() {
                let d = chars[j];
                if let Some(x) = d.to_digit(10).or_else(|| fullwidth_digit(d)) {
                    v = v.saturating_mul(10).saturating_add(x as u64);
                    j += 1;
                } else if d == ','
                    && j + 3 < chars.len() + 1
                    && chars[j + 1..].iter().take(3).all(|x| x.is_ascii_digit())
                    && chars.get(j + 4).is_none_or(|x| !x.is_ascii_digit())
                {
                    j += 1; // thousands separator "1,000"
                } else {
                    break;
                }
            }
            if let Ok(v) = u32::try_from(v) {
                push(v, true, i, j);
            }
            i = j;
            continue;
        }
        if lang.is_chinese() && zh::NUMERAL_CHARS.contains(&c) {
            let mut j = i;
            while j < chars.len() && zh::NUMERAL_CHARS.contains(&chars[j]) {
                j += 1;
            }
            let word: String = chars[i..j].iter().collect();
            let prev_di = i > 0 && chars[i - 1] == '第';
            let next_counter = chars.get(j).is_some_and(|n| zh::COUNTERS.contains(*n));
            let whole_line = i == 0 && j == chars.len();
            let digitwise = word.chars().count() > 1 && !word.contains(['十', '百', '千', '萬', '万']);
            if prev_di || next_counter || whole_line || digitwise {
                if let Some(v) = parse_chinese_numeral(&word) {
                    push(v, false, i, j);
                }
            }
            i = j;
            continue;
        }
        if c.is_alphabetic() && !lang.is_chinese() {
            let mut j = i;
            while j < chars.len() && (chars[j].is_alphabetic()) {
                j += 1;
            }
            let original: String = chars[i..j].iter().collect();
            let word = original.to_lowercase();
            if let Some(v) = word_number(&word).or_else(|| roman_numeral(&original, lang)) {
                push(v, false, i, j);
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// A Roman numeral of two or more letters (XXI, IV), or of one letter in
/// a language that writes ordinals so (V съезд).
fn roman_numeral(w: &str, lang: Lang) -> Option<u32> {
    if w.chars().count() < 2 && !lang.profile().single_letter_roman {
        return None;
    }
    roman(w)
}

fn fullwidth_digit(c: char) -> Option<u32> {
    ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32)
}

/// The value of a number word (lower case) of any language
/// ([`lang::Profile::number_words`]).
fn word_number(w: &str) -> Option<u32> {
    static FORMS: OnceLock<HashMap<String, u32>> = OnceLock::new();
    let forms = FORMS.get_or_init(|| {
        // Every stem with every ending; where two words meet, the first listed counts.
        let mut forms = HashMap::new();
        for (stem, endings, v) in lang::number_words() {
            for e in endings.iter() {
                forms.entry(format!("{stem}{e}")).or_insert(*v);
            }
        }
        forms
    });
    forms.get(w).copied()
}

/// The number of a section head (一 → 1, 第十二條 → 12, IV → 4, Article 5 → 5,
/// Статья 5 → 5, "3." → 3), or `None` when the line is not a head.
pub fn heading_number(line: &str) -> Option<u32> {
    let t = line.trim().trim_end_matches(['.', '、', '．', ':', '：']);
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    if let Some(n) = parse_chinese_numeral(t) {
        return Some(n);
    }
    let inner = t.strip_prefix('第').and_then(|r| r.strip_suffix(zh::HEADING_ENDS));
    if let Some(n) = inner.and_then(parse_chinese_numeral) {
        return Some(n);
    }
    if let Some(n) = inner.and_then(|s| s.parse::<u32>().ok()) {
        return Some(n);
    }
    if let Some(n) = roman(t) {
        return Some(n);
    }
    if t.chars().all(|c| c.is_ascii_digit()) && t.len() <= 3 {
        return t.parse().ok();
    }
    let lower = t.to_lowercase();
    for word in lang::heading_words() {
        if let Some(rest) = lower.strip_prefix(word) {
            let rest = rest.trim();
            return rest.parse::<u32>().ok().or_else(|| roman(&rest.to_uppercase()));
        }
    }
    None
}

/// The value of a Roman numeral in capitals (up to eight letters, I to C).
fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.chars().all(|c| "IVXLC".contains(c)) {
        return None;
    }
    let val = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        _ => 100,
    };
    let v: Vec<u32> = s.chars().map(val).collect();
    let mut total: i64 = 0;
    for i in 0..v.len() {
        if i + 1 < v.len() && v[i] < v[i + 1] {
            total -= v[i] as i64;
        } else {
            total += v[i] as i64;
        }
    }
    u32::try_from(total).ok().filter(|&n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_located_in_bytes() {
        let text = "共1,000人，第二屆，2025年";
        let found = located(text, Lang::ZhHans);
        let got: Vec<(u32, bool, &str)> = found.iter().map(|n| (n.value, n.digits, &text[n.bytes.clone()])).collect();
        assert_eq!(got, [(1000, true, "1,000"), (2, false, "二"), (2025, true, "2025")]);
        assert_eq!(extract_tagged(text, Lang::ZhHans), [(1000, true), (2, false), (2025, true)]);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(parse_chinese_numeral("二〇二五"), Some(2025));
        assert_eq!(parse_chinese_numeral("八十"), Some(80));
        assert_eq!(parse_chinese_numeral("二十"), Some(20));
        assert_eq!(parse_chinese_numeral("十二"), Some(12));
        assert_eq!(parse_chinese_numeral("一百零五"), Some(105));
        assert_eq!(parse_chinese_numeral("三萬二千"), Some(32000));
        assert_eq!(parse_chinese_numeral("上"), None);
    }

    #[test]
    fn dates_agree_across_languages() {
        let mut zh = extract("2025年9月1日", Lang::ZhHans);
        let mut en = extract("1 September 2025", Lang::En);
        let mut ru = extract("1 сентября 2025 г.", Lang::Ru);
        zh.sort();
        en.sort();
        ru.sort();
        assert_eq!(zh, vec![1, 9, 2025]);
        assert_eq!(en, zh);
        assert_eq!(ru, zh);
    }

    #[test]
    fn counters_and_ordinals() {
        assert_eq!(extract("80周年，24份成果文件，第二次世界大戰", Lang::ZhHant), vec![80, 24, 2]);
        assert_eq!(extract("the 80th anniversary of the Second World War, 1,000 people", Lang::En), vec![80, 2, 1000]);
        assert_eq!(extract("80-летие Второй мировой войны", Lang::Ru), vec![80, 2]);
        assert_eq!(extract("二〇二五年", Lang::ZhHans), vec![2025]);
        assert_eq!(extract("一", Lang::ZhHant), vec![1]);
        assert_eq!(extract("一帶一路", Lang::ZhHant), Vec::<u32>::new());
        assert_eq!(extract("Хартии XXI века", Lang::Ru), vec![21]);
        assert_eq!(extract("I think IV is right", Lang::En), vec![4]);
        assert_eq!(extract("V съезд, 5 мая и 3-его", Lang::Ru), vec![5, 5, 5, 3]);
    }

    #[test]
    fn section_heads() {
        assert_eq!(heading_number("第十二條"), Some(12));
        assert_eq!(heading_number("一、"), Some(1));
        assert_eq!(heading_number("五"), Some(5));
        assert_eq!(heading_number("Статья 7"), Some(7));
        assert_eq!(heading_number("IV."), Some(4));
        assert_eq!(heading_number("Article 5"), Some(5));
        assert_eq!(heading_number("Статья XI"), Some(11));
        assert_eq!(heading_number("The Member States"), None);
    }
}
