//! Numbers that survive translation: Arabic digits, Chinese numerals
//! (二〇二五, 八十, 第二十次), English and Russian ordinals and number words,
//! and month names (September → 9), so that 2025年9月1日, 1 September 2025 and
//! 1 сентября 2025 г. give the same multiset {2025, 9, 1}.

use super::lang::{self, zh, Lang, WordKind};
use super::script::is_han;

mod chinese;
mod clock;
mod magnitude;
mod matching;
mod words;

pub use chinese::parse_chinese_numeral;
pub use matching::unmatched;

/// The numbers in `text`, in order of appearance, for alignment: numbers
/// in a wider sense (a decade, a dozen) are left out.
pub fn extract(text: &str, lang: Lang) -> Vec<u32> {
    located(text, lang).into_iter().filter(|n| n.role != Role::Vague).map(|n| key(n.value)).collect()
}

/// A value as a 32-bit key: itself below 2³², folded above.
fn key(v: u64) -> u32 {
    (v ^ (v >> 32)) as u32
}

/// Whether `w` (in lower case) is a cardinal or an ordinal number word
/// (seven, seventh, семь, седьмой) of any language.
pub fn is_count_word(w: &str) -> bool {
    words::word(w).is_some_and(|n| n.kind == WordKind::Count)
}

/// Most years a year written short may lie after the one before it
/// (2024/25, a plan for 2021–30), so that a month (2025-09) or a
/// document's number (S/2025/12) is not read as a year.
const SHORT_YEAR_SPAN: u64 = 10;

/// What a number is in its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A count, an ordinal, an amount.
    Plain,
    /// The year of a date (2025, 2025年, two thousand is not one).
    Year,
    /// The month of a date (9月, September, сентября).
    Month,
    /// The day of a date (1日, 1 September).
    Day,
    /// A number in a wider sense (decade → 10, dozen → 12, twice → 2, half → 50).
    Vague,
    /// The decade of a century without its century (90年代, the 1990s or
    /// the 2090s): 90.
    Decade,
    /// The number of a name or designation, joined to its letters
    /// (COVID-19, G20, Су-35): another language may name the thing
    /// without it (新冠肺炎, 二十國集團).
    Name,
}

/// A number found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Located {
    /// Its value.
    pub value: u64,
    /// Whether it was written in digits (otherwise in words or Chinese numerals).
    pub digits: bool,
    /// Its byte range in the text.
    pub bytes: std::ops::Range<usize>,
    /// What it is.
    pub role: Role,
}

/// The numbers in `text`, in order of appearance, with where they are and
/// what they are.
pub fn located(text: &str, lang: Lang) -> Vec<Located> {
    let mut s = Scanner {
        chars: ascii_digits(text),
        offsets: text.char_indices().map(|(i, _)| i).chain(std::iter::once(text.len())).collect(),
        lang,
        out: Vec::new(),
    };
    let mut i = 0;
    while i < s.chars.len() {
        let c = s.chars[i];
        i = if c.is_ascii_digit() {
            s.digits(i)
        } else if lang.is_chinese() && zh::NUMERAL_CHARS.contains(&c) {
            s.chinese(i)
        } else if c.is_alphabetic() && !lang.is_chinese() {
            s.word(i)
        } else {
            i + 1
        };
    }
    s.days();
    s.numeric_dates();
    s.out
}

/// The characters of `text` with full-width digits as ASCII ones, and a
/// full-width full stop between digits as a period (１.５億, ２．５), so
/// that they are read as digits written in ASCII are.
fn ascii_digits(text: &str) -> Vec<char> {
    let mut chars: Vec<char> =
        text.chars().map(|c| fullwidth_digit(c).and_then(|d| char::from_digit(d, 10)).unwrap_or(c)).collect();
    for k in 1..chars.len().saturating_sub(1) {
        if chars[k] == '．' && chars[k - 1].is_ascii_digit() && chars[k + 1].is_ascii_digit() {
            chars[k] = '.';
        }
    }
    chars
}

/// The state of [`located`]: the text as characters, where each starts,
/// and the numbers found so far.
struct Scanner {
    chars: Vec<char>,
    offsets: Vec<usize>,
    lang: Lang,
    out: Vec<Located>,
}

impl Scanner {
    fn push(&mut self, value: u64, digits: bool, (i, j): (usize, usize), role: Role) {
        self.out.push(Located { value, digits, bytes: self.offsets[i]..self.offsets[j], role });
    }

    /// The role a Chinese counter after a number gives it.
    fn counter_role(&self, j: usize, value: u64) -> Role {
        if value.is_multiple_of(10) && (value < 100 || (1900..2100).contains(&value)) && self.decade_after(j) {
            return Role::Decade;
        }
        match self.chars.get(j) {
            Some('年') if (1000..=2100).contains(&value) => Role::Year,
            Some('月') if (1..=12).contains(&value) => Role::Month,
            Some('日' | '號' | '号') if (1..=31).contains(&value) => Role::Day,
            _ if (1000..=2100).contains(&value) && self.plain_year(j) => Role::Year,
            _ => Role::Plain,
        }
    }

    /// Whether what follows a number at `j` makes it a decade: 年代
    /// (90年代, 1990年代), "s" (1990s, 1990's), «-х» or «-е» (1990-х, 1990-е).
    fn decade_after(&self, j: usize) -> bool {
        let next: String = self.chars.get(j..).unwrap_or_default().iter().take(4).collect();
        let word_ends = |k: usize| !self.chars.get(j + k).is_some_and(|c| c.is_alphanumeric());
        next.starts_with("年代")
            || (next.starts_with('s') && word_ends(1))
            || (next.starts_with("'s") && word_ends(2))
            || ["-х", "-е", "-ые", "-ых"].iter().any(|e| next.starts_with(e) && word_ends(e.chars().count()))
    }

    /// Whether a four-digit number ending at `j` stands alone (2025, not 2025-2035 or 2025.5).
    fn plain_year(&self, j: usize) -> bool {
        !self.chars.get(j).is_some_and(|c| {
            c.is_alphanumeric() || *c == '.' && self.chars.get(j + 1).is_some_and(char::is_ascii_digit)
        })
    }

    /// Whether the digits at `i` are joined to the letters before them,
    /// directly or by a hyphen (G20, COVID-19, Су-35): a name's number.
    fn joined_to_letters(&self, i: usize) -> bool {
        let letter = |k: usize| self.chars.get(k).is_some_and(|c| c.is_alphabetic() && !is_han(*c));
        i >= 1 && (letter(i - 1) || (self.chars[i - 1] == '-' && i >= 2 && letter(i - 2)))
    }

    /// Whether `c` groups thousands here: a comma, a thin or narrow
    /// no-break space, or in a language that groups so a space (36 501).
    fn groups(&self, c: char) -> bool {
        matches!(c, ',' | '\u{2009}' | '\u{202f}')
            || matches!(c, ' ' | '\u{a0}') && self.lang.profile().space_groups_digits
    }

    /// Digits from `i` (with thousands separators: 1,000; 36 501); where the scan goes on.
    fn digits(&mut self, i: usize) -> usize {
        let chars = &self.chars;
        let mut v: u64 = 0;
        let mut j = i;
        let mut separated = false;
        // Digits since the start or the last separator.
        let mut group = 0;
        while j < chars.len() {
            let d = chars[j];
            if let Some(x) = d.to_digit(10) {
                v = v.saturating_mul(10).saturating_add(x as u64);
                j += 1;
                group += 1;
            } else if self.groups(d)
                && (d == ',' || group <= 3)
                && j + 3 < chars.len() + 1
                && chars[j + 1..].iter().take(3).all(|x| x.is_ascii_digit())
                && chars.get(j + 4).is_none_or(|x| !x.is_ascii_digit())
                // 3,125 млрд: decimals where the comma is the decimal mark.
                && !(d == self.lang.profile().decimal_mark && magnitude::after(chars, j + 4, self.lang).is_some())
            {
                j += 1; // thousands separator "1,000"
                separated = true;
                group = 0;
            } else {
                break;
            }
        }
        // 1.5 billion, 1,5 млрд, 15億: the amount they make.
        if let Some((amount, end)) = magnitude::scaled(&self.chars, (v, j), self.lang) {
            self.push(amount, true, (i, end), Role::Plain);
            return end;
        }
        // The century of the decade or year after it (20世紀90年代): that one says it all.
        let century = self.chars.get(j..j + 2).is_some_and(|c| matches!(c, ['世', '紀' | '纪']));
        if century && self.chars.get(j + 2).is_some_and(|c| c.is_ascii_digit() || zh::NUMERAL_CHARS.contains(c)) {
            return j;
        }
        if let Some(year) = self.short_year(i, j, v) {
            self.push(year, true, (i, j), Role::Year);
            return j;
        }
        if clock::zero_minutes(&self.chars, (i, j)) {
            return j;
        }
        // A year stays a year in a name ("Solidarity-2024").
        let year_like = j - i == 4 && (1000..=2100).contains(&v);
        let role = if self.joined_to_letters(i) && !year_like {
            Role::Name
        } else if separated {
            Role::Plain
        } else {
            self.counter_role(j, v)
        };
        let v = if separated { v } else { clock::hour(&self.chars, (i, j), v) };
        self.push(v, true, (i, j), role);
        j
    }

    /// The year that two digits `v` at `i..j` stand for after a year and a
    /// slash or a dash (2024/25, 2024–25 → 2025): the next one it can be,
    /// within [`SHORT_YEAR_SPAN`] years.
    fn short_year(&self, i: usize, j: usize, v: u64) -> Option<u64> {
        // After a year written whole (not one written short: 2024/25/26).
        let prev = self.out.last().filter(|p| p.role == Role::Year && p.digits && p.bytes.len() == 4)?;
        let joined = i >= 1 && matches!(self.chars[i - 1], '/' | '-' | '–' | '—') && j - i == 2;
        if !joined || self.offsets[i - 1] != prev.bytes.end || self.chars.get(j).is_some_and(char::is_ascii_digit) {
            return None;
        }
        let year = prev.value / 100 * 100 + v;
        let year = if year > prev.value { year } else { year + 100 };
        // Within a few years of the first: 2025-09-01 is a date, S/2025/12 a symbol.
        (year - prev.value <= SHORT_YEAR_SPAN).then_some(year)
    }

    /// A Chinese numeral from `i`, counted where it is a real quantity: after
    /// 第, before a counter, alone on its line, or written digit by digit.
    fn chinese(&mut self, i: usize) -> usize {
        let chars = &self.chars;
        let mut j = i;
        while j < chars.len() && zh::NUMERAL_CHARS.contains(&chars[j]) {
            j += 1;
        }
        let word: String = chars[i..j].iter().collect();
        let prev_di = i > 0 && chars[i - 1] == '第';
        // 二點五 (2.5): both parts, as digits 2.5 give 2 and 5.
        let point = |c: Option<&char>| c.is_some_and(|c| matches!(c, '點' | '点'));
        let decimal = (i >= 2 && point(chars.get(i - 1)) && zh::NUMERAL_CHARS.contains(&chars[i - 2]))
            || (point(chars.get(j)) && chars.get(j + 1).is_some_and(|c| zh::NUMERAL_CHARS.contains(c)));
        // 三分之一 (a third): its numerator and denominator, as 1/3 gives 1
        // and 3; 百分之五 (five per cent) and 千分之三 its numerator only.
        let numerator = i >= 3 && chars[i - 2..i] == ['分', '之'] && zh::NUMERAL_CHARS.contains(&chars[i - 3]);
        let denominator = chars.get(j..j + 2) == Some(&['分', '之'][..])
            && chars.get(j + 2).is_some_and(|c| zh::NUMERAL_CHARS.contains(c))
            && !matches!(&*word, "百" | "千");
        let next_counter = chars.get(j).is_some_and(|n| zh::COUNTERS.contains(*n) || zh::HOUR_MARKS.contains(n));
        let whole_line = i == 0 && j == chars.len();
        let digitwise = word.chars().count() > 1 && !word.contains(['十', '百', '千', '萬', '万', '億', '亿']);
        // An amount with a magnitude (三十億, 五萬), not a word with 萬 in it (千萬, 萬一).
        let scaled = word.contains(['億', '亿'])
            || word.contains(['萬', '万'])
                && word.chars().count() > 1
                && !["千萬", "千万", "萬一", "万一"].contains(&&*word);
        // The number of an item at the start of its line: 二、 （三）.
        let item = chars.get(j).is_some_and(|c| matches!(c, '、' | '．' | '）' | ')'))
            && chars[..i]
                .iter()
                .rev()
                .take_while(|c| **c != '\n')
                .all(|c| c.is_whitespace() || matches!(c, '（' | '('));
        // 四成 (four tenths): 40 per cent, in the wider sense (not 成員, members).
        if chars.get(j) == Some(&'成') && !chars.get(j + 1).is_some_and(|c| matches!(c, '員' | '员')) {
            if let Some(v) = parse_chinese_numeral(&word).filter(|v| (1..=10).contains(v)) {
                self.push(v * 10, false, (i, j + 1), Role::Vague);
            }
            return j;
        }
        let counted = prev_di || numerator || denominator || decimal || item || scaled || next_counter;
        if counted || whole_line || digitwise {
            if let Some(v) = parse_chinese_numeral(&word) {
                let role = self.counter_role(j, v);
                let per_cent = numerator.then(|| self.fraction_per_cent(i, v)).flatten();
                let v = clock::hour(&self.chars, (i, j), v);
                self.push(v, false, (i, j), role);
                // 四分之三 is also 75 (per cent), in the wider sense.
                if let Some(p) = per_cent {
                    self.push(p, false, (i, j), Role::Vague);
                }
            }
        }
        j
    }

    /// The per cent a fraction with numerator `v` at `i` (after its
    /// denominator and 分之) makes, when it is whole and the denominator is
    /// no 百 or 千 (四分之三 → 75, 三分之一 → none).
    fn fraction_per_cent(&self, i: usize, v: u64) -> Option<u64> {
        let end = i - 2;
        let start = self.chars[..end].iter().rposition(|c| !zh::NUMERAL_CHARS.contains(c)).map_or(0, |p| p + 1);
        let word: String = self.chars[start..end].iter().collect();
        let n = parse_chinese_numeral(&word).filter(|&n| n > 0 && !matches!(&*word, "百" | "千"))?;
        let scaled = v.checked_mul(100)?;
        scaled.is_multiple_of(n).then_some(scaled / n)
    }

    /// A word from `i`: a number word (or a compound of tens and units), a
    /// Roman numeral, or nothing.
    fn word(&mut self, i: usize) -> usize {
        let j = self.word_end(i);
        let original: String = self.chars[i..j].iter().collect();
        let lower = original.to_lowercase();
        match words::word(&lower) {
            Some(n) if words::is_tens(n) => {
                // twenty-one, двадцать один
                if let Some((unit, end)) = self.compound_unit(j) {
                    return self.push_amount(u64::from(n.value + unit), (i, end));
                }
                return self.push_amount(u64::from(n.value), (i, j));
            }
            Some(n) if n.kind == WordKind::Count => return self.push_amount(u64::from(n.value), (i, j)),
            // "one" alone is too often no number; "one million" is one.
            Some(n) if n.kind == WordKind::Unit => {
                if magnitude::after(&self.chars, j, self.lang).is_some() {
                    return self.push_amount(u64::from(n.value), (i, j));
                }
            }
            Some(n) => {
                let role = match n.kind {
                    WordKind::Month => Role::Month,
                    WordKind::Vague => Role::Vague,
                    _ => Role::Plain,
                };
                self.push(u64::from(n.value), false, (i, j), role);
            }
            None => {
                if let Some(v) = roman_numeral(&original, self.lang) {
                    self.push(u64::from(v), false, (i, j), Role::Plain);
                }
            }
        }
        j
    }

    /// A number in words at `i..j`, with the magnitude after it if one
    /// follows (three billion, три миллиарда); where the scan goes on.
    fn push_amount(&mut self, value: u64, (i, j): (usize, usize)) -> usize {
        let scaled =
            magnitude::after(&self.chars, j, self.lang).and_then(|(f, end)| Some((value.checked_mul(f)?, end)));
        let (value, end) = scaled.unwrap_or((value, j));
        self.push(value, false, (i, end), Role::Plain);
        end
    }

    fn word_end(&self, i: usize) -> usize {
        let mut j = i;
        while j < self.chars.len() && self.chars[j].is_alphabetic() {
            j += 1;
        }
        j
    }

    /// The units word of a compound after tens ending at `j` (joined by the
    /// language's joint), with where it ends.
    fn compound_unit(&self, j: usize) -> Option<(u32, usize)> {
        let joint = self.lang.profile().compound_joint?;
        if self.chars.get(j) != Some(&joint) || !self.chars.get(j + 1).is_some_and(|c| c.is_alphabetic()) {
            return None;
        }
        let end = self.word_end(j + 1);
        let w: String = self.chars[j + 1..end].iter().collect::<String>().to_lowercase();
        words::word(&w).filter(|n| words::is_unit(n)).map(|n| (n.value, end))
    }

    /// Dates written in digits day first, each part of two digits and
    /// joined by periods (01.09.2025, 15.06, 01.09–03.09.2025): their day
    /// and month are the date's.
    fn numeric_dates(&mut self) {
        let two_digits = |n: &Located| n.digits && n.bytes.len() == 2 && n.role == Role::Plain;
        for k in 1..self.out.len() {
            let (d, m) = (&self.out[k - 1], &self.out[k]);
            let joined = d.bytes.end + 1 == m.bytes.start && self.text_at(d.bytes.end) == Some('.');
            let free_start = !matches!(self.text_before(d.bytes.start), Some('.' | ','));
            if joined
                && free_start
                && two_digits(d)
                && two_digits(m)
                && (1..=31).contains(&d.value)
                && (1..=12).contains(&m.value)
            {
                (self.out[k - 1].role, self.out[k].role) = (Role::Day, Role::Month);
            }
        }
    }

    /// The character that starts at byte `at`.
    fn text_at(&self, at: usize) -> Option<char> {
        self.offsets.binary_search(&at).ok().and_then(|k| self.chars.get(k).copied())
    }

    /// The character that ends at byte `at`.
    fn text_before(&self, at: usize) -> Option<char> {
        self.offsets.binary_search(&at).ok().and_then(|k| k.checked_sub(1)).and_then(|k| self.chars.get(k).copied())
    }

    /// Numbers in digits next to a month word (1 September, сентября 1)
    /// are days of that month, when they can be.
    fn days(&mut self) {
        let gap_ok = |s: &Scanner, a: usize, b: usize| {
            s.offsets.iter().position(|&o| o == a).zip(s.offsets.iter().position(|&o| o == b)).is_some_and(|(x, y)| {
                y >= x && y - x <= 2 && s.chars[x..y].iter().all(|c| c.is_whitespace() || *c == ',')
            })
        };
        for k in 0..self.out.len() {
            let (n, d) = (&self.out[k], self.out[k].digits && (1..=31).contains(&self.out[k].value));
            if !d || n.role != Role::Plain {
                continue;
            }
            let next =
                self.out.get(k + 1).filter(|m| m.role == Role::Month && gap_ok(self, n.bytes.end, m.bytes.start));
            let prev = k
                .checked_sub(1)
                .map(|p| &self.out[p])
                .filter(|m| m.role == Role::Month && gap_ok(self, m.bytes.end, n.bytes.start));
            if next.is_some() || prev.is_some() {
                self.out[k].role = Role::Day;
            }
        }
    }
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

/// The number of a section head (一 → 1, 第十二條 → 12, IV → 4, Article 5 → 5,
/// Статья 5 → 5, "3." → 3), or `None` when the line is not a head.
pub fn heading_number(line: &str) -> Option<u32> {
    let t = line.trim().trim_end_matches(['.', '、', '．', ':', '：']);
    if t.is_empty() || t.chars().count() > 24 {
        return None;
    }
    if let Some(n) = parse_chinese_numeral(t).and_then(|n| u32::try_from(n).ok()) {
        return Some(n);
    }
    let inner = t.strip_prefix('第').and_then(|r| r.strip_suffix(zh::HEADING_ENDS));
    if let Some(n) = inner.and_then(parse_chinese_numeral).and_then(|n| u32::try_from(n).ok()) {
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

/// Whether `c` is one of the Roman numerals the number reader takes
/// (I, V, X, L, C: numbers up to 399, as headings and centuries write them).
pub fn is_roman_letter(c: char) -> bool {
    matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')
}

/// The value of a Roman numeral in capitals (up to eight letters, I to C),
/// written as numerals are (XIV, not IVX; a word such as CIVIL is none).
fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 8 || !s.chars().all(is_roman_letter) {
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
    u32::try_from(total).ok().filter(|&n| n > 0 && roman_form(n) == s)
}

/// `n` (1 to 399) in Roman numerals, as they are written.
fn roman_form(mut n: u32) -> String {
    const PLACES: [(u32, &str); 9] =
        [(100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")];
    let mut out = String::new();
    for (v, r) in PLACES {
        while n >= v {
            out.push_str(r);
            n -= v;
        }
    }
    out
}

/// Whether the word `w`, as written, is a number in Roman numerals in
/// `lang` (XXI, XIII; one letter only where the language writes ordinals so).
pub fn is_roman_numeral(w: &str, lang: Lang) -> bool {
    roman_numeral(w, lang).is_some()
}

#[cfg(test)]
mod tests;
