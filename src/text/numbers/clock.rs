//! Hours of the clock on one scale: a time written on the twelve-hour
//! clock (3 p.m., 3.30 pm, 下午3時) is read as the hour of the
//! twenty-four-hour clock (15), the way 15時30分 and 15:30 write it.

use crate::text::lang::zh::{AFTERNOON, HOUR_MARKS};

/// Half of the day a time is in, as its words say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Half {
    Morning,
    Afternoon,
}

/// The hour of the twenty-four-hour clock that `value`, written at
/// `chars[i..j]`, stands for: `value` itself unless it is the hour of a
/// twelve-hour time (3 p.m. → 15, 12 a.m. → 0, 下午3時 → 15).
pub(super) fn hour(chars: &[char], (i, j): (usize, usize), value: u64) -> u64 {
    if !(1..=12).contains(&value) {
        return value;
    }
    match half_after(chars, j).or_else(|| chinese_afternoon(chars, (i, j))) {
        Some(Half::Afternoon) if value < 12 => value + 12,
        Some(Half::Morning) if value == 12 => 0,
        _ => value,
    }
}

/// Whether the digits at `chars[i..j]` are the zero minutes of a whole
/// hour or the zero decimals of a whole number (19:00, 7.00 p.m., 2.00),
/// which say no number of their own (19:00 ↔ 19時 ↔ 7 pm).
pub(super) fn zero_minutes(chars: &[char], (i, j): (usize, usize)) -> bool {
    i >= 2
        && chars.get(i..j) == Some(&['0', '0'][..])
        && matches!(chars[i - 1], ':' | '.')
        && chars[i - 2].is_ascii_digit()
        && !chars.get(j).is_some_and(char::is_ascii_digit)
}

/// "a.m." or "p.m." (am, pm, a. m., in any case) after an hour ending at
/// `j`, its minutes (":30", ".30") and one space between.
fn half_after(chars: &[char], j: usize) -> Option<Half> {
    let mut k = j;
    if chars.get(k).is_some_and(|c| matches!(c, ':' | '.'))
        && chars.get(k + 1..k + 3).is_some_and(|m| m.iter().all(char::is_ascii_digit))
    {
        k += 3;
    }
    if chars.get(k).is_some_and(|c| matches!(c, ' ' | '\u{a0}' | '\u{202f}')) {
        k += 1;
    }
    let half = match chars.get(k).map(char::to_ascii_lowercase) {
        Some('a') => Half::Morning,
        Some('p') => Half::Afternoon,
        _ => return None,
    };
    k += 1;
    if chars.get(k) == Some(&'.') {
        k += 1;
        if chars.get(k) == Some(&' ') {
            k += 1;
        }
    }
    if !chars.get(k).is_some_and(|c| c.eq_ignore_ascii_case(&'m')) {
        return None;
    }
    // The marker is a word of its own (not "3 pmol", "5 amps").
    let end = k + 1 + usize::from(chars.get(k + 1) == Some(&'.'));
    (!chars.get(end).is_some_and(|c| c.is_alphanumeric())).then_some(half)
}

/// Whether a Chinese hour at `chars[i..j]` (a number before 時 or 點) is
/// said to be after noon by the word before it (下午, 晚上).
fn chinese_afternoon(chars: &[char], (i, j): (usize, usize)) -> Option<Half> {
    if !chars.get(j).is_some_and(|c| HOUR_MARKS.contains(c)) {
        return None;
    }
    let start = chars[..i].iter().rposition(|c| !c.is_whitespace()).map_or(0, |p| p + 1);
    let before: String = chars[start.saturating_sub(2)..start].iter().collect();
    AFTERNOON.contains(&before.as_str()).then_some(Half::Afternoon)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hour read from the number at the first digit run of `text`.
    fn read(text: &str) -> u64 {
        let chars: Vec<char> = text.chars().collect();
        let i = chars.iter().position(char::is_ascii_digit).expect("a digit");
        let j = i + chars[i..].iter().take_while(|c| c.is_ascii_digit()).count();
        let v: String = chars[i..j].iter().collect();
        hour(&chars, (i, j), v.parse().expect("a number"))
    }

    #[test]
    fn a_time_on_the_twelve_hour_clock_is_read_on_the_twenty_four_hour_clock() {
        for (text, h) in [
            ("at 3.30 p.m. on", 15),
            ("at 3:30 pm", 15),
            ("at 3 PM,", 15),
            ("at 11 a.m.", 11),
            ("at 12 a.m.", 0),
            ("at 12 noon", 12),
            ("at 12.15 p.m.", 12),
            ("下午3時30分", 15),
            ("下午 3点", 15),
            ("晚上8點", 20),
            ("上午9時", 9),
            ("15時30分", 15),
        ] {
            assert_eq!(read(text), h, "{text}");
        }
    }

    #[test]
    fn zero_minutes_and_decimals_say_nothing() {
        let at = |text: &str, i: usize| zero_minutes(&text.chars().collect::<Vec<_>>(), (i, i + 2));
        assert!(at("19:00", 3) && at("7.00 pm", 2));
        assert!(!at("19:30", 3) && !at("a 00", 2) && !at("1:000", 2));
    }

    #[test]
    fn numbers_that_are_no_hours_stay_as_they_are() {
        for (text, v) in [
            ("3 pmol", 3),
            ("5 amps", 5),
            ("3 apples", 3),
            ("14 p.m.", 14),
            ("下午3人", 3),
            ("下午會議3時", 3),
            ("3.305 pm", 3),
        ] {
            assert_eq!(read(text), v, "{text}");
        }
    }
}
