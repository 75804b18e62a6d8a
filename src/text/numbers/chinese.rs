//! Chinese numerals: 〇一二…九十百千萬/万 (and 兩/两, 零), in positional
//! form (二〇二五) or with units (三萬六千五百零一, 三十億).

/// Value of a Chinese numeral written with 〇一二…九十百千萬/万億/亿 (and
/// 兩/两, 零), or `None` if `s` is not entirely such a numeral.
pub fn parse_chinese_numeral(s: &str) -> Option<u64> {
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
        return Some(v);
    }
    // The part in 億 (hundreds of millions), then the rest as below.
    let mut yi: u64 = 0;
    let mut total: u64 = 0;
    let mut section: u64 = 0;
    let mut current: Option<u64> = None;
    for &c in &chars {
        if let Some(d) = digit(c) {
            current = Some(d);
            continue;
        }
        if matches!(c, '億' | '亿') {
            section += current.take().unwrap_or(0);
            yi = yi.checked_add((total + section).max(1).checked_mul(100_000_000)?)?;
            (total, section) = (0, 0);
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
    yi.checked_add(total + section)
}
