//! Whether the numbers of two versions of a text agree: every number
//! written in digits on one side must be on the other, in any form.

use super::{Located, Role};

/// Whether `b` can be the number `a` is: the same value, or a decade
/// without its century (90年代) and one with it (1990s, 1990-х; not a year).
fn same(a: &Located, b: &Located) -> bool {
    let decade = |d: &Located, full: &Located| {
        d.role == Role::Decade && full.role == Role::Decade && d.value < 100 && full.value % 100 == d.value
    };
    a.value == b.value || decade(a, b) || decade(b, a)
}

/// The values written in digits in `a` that `b` lacks. A value must occur
/// in `b` (in digits, words or numerals, a number in the wider sense
/// included: 10年 ↔ десятилетие) as often as `a` writes it in digits, with
/// two allowances for dates: as many repeats of a year `b` has as `a`
/// writes years more than `b` may be left out (one side may repeat a year
/// for a second date, the other write it once), and as many months or days as `a` has more than `b`
/// may be left out when the two share a year (2025年3月11日 ↔ 2025) and
/// `b` writes no number of its own. A month or day that `b` writes
/// otherwise is still a mismatch (3–6 June changed into 6–6 June).
pub fn unmatched(a: &[Located], b: &[Located]) -> Vec<u64> {
    let times = |list: &[Located], v: u64| list.iter().filter(|n| n.value == v).count();
    // `b` writes a number of its own that could be a day or a month (in
    // digits, more often than `a`; a year written again for a second date
    // is not one): a day or month `a` has more is then taken as changed,
    // not left out.
    let writes_otherwise = b.iter().any(|m| {
        m.digits && m.role != Role::Year && (1..=31).contains(&m.value) && times(b, m.value) > times(a, m.value)
    });
    let shares_year = a.iter().any(|n| n.role == Role::Year && b.iter().any(|m| m.value == n.value));
    let may_leave_out = shares_year && !writes_otherwise;
    let count = |list: &[Located], role: Role| list.iter().filter(|n| n.role == role).count();
    let mut omissions = [
        (Role::Year, count(a, Role::Year).saturating_sub(count(b, Role::Year))),
        (Role::Month, if may_leave_out { count(a, Role::Month).saturating_sub(count(b, Role::Month)) } else { 0 }),
        (Role::Day, if may_leave_out { count(a, Role::Day).saturating_sub(count(b, Role::Day)) } else { 0 }),
    ];
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for n in a.iter().filter(|n| n.digits) {
        if seen.contains(&n.value) {
            continue;
        }
        seen.push(n.value);
        let need = a.iter().filter(|x| x.digits && x.value == n.value).count();
        let have = b.iter().filter(|x| same(n, x)).count();
        let mut short = need.saturating_sub(have);
        // A year is forgiven only as a repeat of one `b` has.
        let repeat = n.role != Role::Year || have > 0;
        if let Some((_, left)) = omissions.iter_mut().find(|(r, _)| *r == n.role).filter(|_| repeat) {
            let forgiven = short.min(*left);
            (short, *left) = (short - forgiven, *left - forgiven);
        }
        // A name's number (COVID-19) the other side names without any
        // (新冠肺炎) is no number left out; one it numbers otherwise is.
        if short == 0 || n.role == Role::Name && !b.iter().any(|m| m.role == Role::Name) {
            continue;
        }
        out.push(n.value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::located;
    use super::*;
    use crate::text::Lang;

    fn un(a: &str, la: Lang, b: &str, lb: Lang) -> Vec<u64> {
        unmatched(&located(a, la), &located(b, lb))
    }

    #[test]
    fn dates_may_leave_out_their_day_and_month_but_not_change_them() {
        // The version gives the year only.
        assert!(un("2025年3月11日舉行", Lang::ZhHant, "held in 2025", Lang::En).is_empty());
        // The version repeats the year for the second date.
        let zh = "2025年3月11日及5月21日的襲擊";
        let en = "the attacks of 11 March 2025 and 21 May 2025";
        assert!(un(en, Lang::En, zh, Lang::ZhHant).is_empty() && un(zh, Lang::ZhHant, en, Lang::En).is_empty());
        // A day written otherwise is a change.
        assert_eq!(un("2025年3月11日", Lang::ZhHant, "12 March 2025", Lang::En), vec![11]);
        // Without a shared year, a missing month is missing.
        assert_eq!(un("2025年3月", Lang::ZhHant, "in 2026", Lang::En), vec![2025, 3]);
        // Each date keeps its own year: a year changed into another the text has is a change.
        let zh = "（2024年11月20日）、（2024年11月29日）、（2025年7月2日）";
        let en = "(20 November 2025), (29 November 2024), (2 July 2025)";
        assert_eq!(un(zh, Lang::ZhHant, en, Lang::En), vec![2024]);
        let changed = "the attacks of 11 March 2025 and 21 May 2026";
        assert_eq!(un(changed, Lang::En, "2025年3月11日及5月21日的襲擊", Lang::ZhHant), vec![2026]);
        // A day of a range written otherwise is a change, not a day left out.
        assert_eq!(un("2025年6月3日至6日", Lang::ZhHant, "(6–6 June 2025, Minsk)", Lang::En), vec![3]);
        assert_eq!(un("2025年6月3日至6日", Lang::ZhHant, "(6–6 июня 2025 г.)", Lang::Ru), vec![3]);
        assert!(un("2025年6月3日至6日", Lang::ZhHant, "(3–6 June 2025, Minsk)", Lang::En).is_empty());
        // A year written again for each date, days left out: no change.
        let zh = "2025年3月11日及5月21日的襲擊。";
        assert!(un(zh, Lang::ZhHant, "The attacks of March 2025 and May 2025.", Lang::En).is_empty());
        assert!(un(zh, Lang::ZhHant, "Атаки в марте 2025 года и в мае 2025 года.", Lang::Ru).is_empty());
        let zh = "2025年3月11日至5月21日舉行。";
        assert!(un(zh, Lang::ZhHant, "Held from March 2025 to May 2025.", Lang::En).is_empty());
    }

    #[test]
    fn a_names_number_may_be_left_out_but_not_changed() {
        assert!(un("the COVID-19 pandemic", Lang::En, "新冠肺炎疫情", Lang::ZhHant).is_empty());
        assert!(un("G20峰會", Lang::ZhHans, "the Group of Twenty summit", Lang::En).is_empty());
        assert!(un("самолёты Су-35", Lang::Ru, "Su-35 aircraft", Lang::En).is_empty());
        assert_eq!(un("the COVID-19 pandemic", Lang::En, "the COVID-20 pandemic", Lang::En), vec![19]);
        // A year in a name is a year.
        assert_eq!(un("「反恐協作－2024」演習", Lang::ZhHant, "the Solidarity-2025 exercise", Lang::En), vec![2024]);
        // A number after a space or a Chinese character is no name's.
        assert_eq!(un("第5條", Lang::ZhHant, "Article 6", Lang::En), vec![5]);
        assert_eq!(un("Article 5", Lang::En, "第六條", Lang::ZhHant), vec![5]);
    }

    #[test]
    fn fractions_agree_with_digits_and_per_cents() {
        assert!(un("About 1/3 of the land", Lang::En, "約三分之一的土地", Lang::ZhHant).is_empty());
        assert!(un("3/4 проектов", Lang::Ru, "四分之三的項目", Lang::ZhHant).is_empty());
        assert!(un("75% of the projects", Lang::En, "四分之三的項目", Lang::ZhHant).is_empty());
        assert!(un("25% more", Lang::En, "增加了百分之二十五", Lang::ZhHant).is_empty());
        assert!(un("40% зерна", Lang::Ru, "糧食產量的四成", Lang::ZhHant).is_empty());
        // 成員 (members) after a numeral is no tenths.
        assert!(located("三成員國", Lang::ZhHant).iter().all(|n| n.value != 30));
        assert_eq!(un("30% of the grain", Lang::En, "糧食產量的四成", Lang::ZhHant), vec![30]);
        assert_eq!(un("1/4 of the land", Lang::En, "三分之一的土地", Lang::ZhHant), vec![4]);
        // A per cent is no denominator.
        let read = located("百分之五", Lang::ZhHant);
        assert_eq!(read.iter().map(|n| n.value).collect::<Vec<_>>(), [5]);
    }

    #[test]
    fn dates_written_day_first_in_digits_are_dates() {
        assert!(un("01.09–03.09.2025", Lang::Ru, "2025年9月1日至3日", Lang::ZhHant).is_empty());
        assert!(un("15.06.2026", Lang::Ru, "2026年6月15日", Lang::ZhHant).is_empty());
        assert_eq!(un("16.06.2026", Lang::Ru, "2026年6月15日", Lang::ZhHant), vec![16]);
        // Decimals are no dates.
        let read = located("2.5 и 12.50", Lang::Ru);
        assert!(read.iter().all(|n| n.role == Role::Plain), "{read:?}");
    }

    #[test]
    fn numbers_in_words_and_in_the_wider_sense_match_digits() {
        assert!(un("未來10年", Lang::ZhHant, "на следующее десятилетие", Lang::Ru).is_empty());
        assert!(un("21 States", Lang::En, "二十一個國家", Lang::ZhHant).is_empty());
        assert!(un("Article 21", Lang::En, "twenty-first article", Lang::En).is_empty());
        assert!(un("Статья 21", Lang::Ru, "двадцать первая статья", Lang::Ru).is_empty());
        assert!(un("36501人", Lang::ZhHans, "三万六千五百零一人", Lang::ZhHans).is_empty());
        assert_eq!(un("24份文件", Lang::ZhHant, "25 documents", Lang::En), vec![24]);
        // A value written twice in digits must be there twice.
        assert_eq!(un("第5條和第5款", Lang::ZhHant, "Article 5", Lang::En), vec![5]);
        assert_eq!(un("5 and 5", Lang::En, "5", Lang::En), vec![5]);
    }
}
