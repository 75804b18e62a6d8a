//! Tests of reading numbers in every script.

use super::*;

/// The values of the numbers `located` finds in `text`.
fn values(text: &str, lang: Lang) -> Vec<u64> {
    located(text, lang).into_iter().map(|n| n.value).collect()
}

#[test]
fn numbers_are_located_in_bytes() {
    let text = "共1,000人，第二屆，2025年";
    let found = located(text, Lang::ZhHans);
    let got: Vec<(u64, bool, &str)> = found.iter().map(|n| (n.value, n.digits, &text[n.bytes.clone()])).collect();
    assert_eq!(got, [(1000, true, "1,000"), (2, false, "二"), (2025, true, "2025")]);
    let roles: Vec<Role> = found.iter().map(|n| n.role).collect();
    assert_eq!(roles, [Role::Plain, Role::Plain, Role::Year]);
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
fn dates_have_their_parts() {
    let role = |t: &str, l: Lang| located(t, l).into_iter().map(|n| (n.value, n.role)).collect::<Vec<_>>();
    assert_eq!(role("2025年9月1日", Lang::ZhHant), [(2025, Role::Year), (9, Role::Month), (1, Role::Day)]);
    assert_eq!(role("1 September 2025", Lang::En), [(1, Role::Day), (9, Role::Month), (2025, Role::Year)]);
    assert_eq!(role("сентября 1, 2025 г.", Lang::Ru), [(9, Role::Month), (1, Role::Day), (2025, Role::Year)]);
    // Ten years is no year; a range of years is two.
    assert_eq!(role("10年", Lang::ZhHant), [(10, Role::Plain)]);
    assert_eq!(role("2026—2035年", Lang::ZhHant), [(2026, Role::Year), (2035, Role::Year)]);
    assert_eq!(
        role("for 2024/25 and 1999–00", Lang::En),
        [(2024, Role::Year), (2025, Role::Year), (1999, Role::Year), (2000, Role::Year)]
    );
    assert_eq!(role("上世紀90年代", Lang::ZhHant), [(90, Role::Decade)]);
    assert_eq!(role("20世紀90年代，21世紀", Lang::ZhHant), [(90, Role::Decade), (21, Role::Plain)]);
    assert_eq!(
        role("3,125 млрд, 3,500 тыс., 3,500 человек", Lang::Ru).iter().map(|r| r.0).collect::<Vec<_>>(),
        [3_125_000_000, 3_500, 3_500]
    );
    assert_eq!(
        role("the 1990s, 1990-х, 1990", Lang::En),
        [(1990, Role::Decade), (1990, Role::Decade), (1990, Role::Year)]
    );
    assert_eq!(role("2025-09-01, S/2025/12", Lang::En).len(), 5);
    assert!(role("2025-09-01, S/2025/12, 2024/25/26", Lang::En).iter().all(|(v, _)| *v <= 2025 || *v == 2026));
    assert_eq!(
        role("79/1, 2025/2026", Lang::En),
        [(79, Role::Plain), (1, Role::Plain), (2025, Role::Year), (2026, Role::Year)]
    );
}

#[test]
fn compounds_and_numbers_in_the_wider_sense() {
    assert_eq!(values("twenty-one states, the forty-second session", Lang::En), [21, 42]);
    assert_eq!(values("one of them, twenty members", Lang::En), [20]);
    assert_eq!(values("двадцать один член, тридцать первой сессии", Lang::Ru), [21, 31]);
    assert_eq!(values("a decade, a dozen, twice, half", Lang::En), [10, 12, 2, 50]);
    assert_eq!(extract("a decade, a dozen, twice", Lang::En), Vec::<u32>::new());
    assert_eq!(values("три десятилетия", Lang::Ru), [3, 10]);
    assert_eq!(parse_chinese_numeral("三万六千五百零一"), Some(36501));
    assert_eq!(values("第二十一條", Lang::ZhHant), [21]);
    assert_eq!(values("佔總數的百分之五，百分之二十五點", Lang::ZhHant), [5, 25]);
    assert_eq!(values("增長百分之二點五，約三點一四", Lang::ZhHant), [2, 5, 3, 14]);
    assert_eq!(values("二、會議\n（三）十分重要，一、二", Lang::ZhHant), [2, 3]);
    assert_eq!(
        values("人口三十億，十五萬人，千萬不要，15億美元", Lang::ZhHant),
        [3_000_000_000, 150_000, 1_500_000_000]
    );
    assert_eq!(parse_chinese_numeral("一萬二千億零五"), Some(1_200_000_000_005));
    assert_eq!(values("на 36 501 деревню, 1 200 000 человек, 2025 100", Lang::Ru), [36501, 1_200_000, 2025, 100]);
    assert_eq!(values("36\u{202f}501 villages, 2 500", Lang::En), [36501, 2, 500]);
}

#[test]
fn odd_ends_and_overflows_are_read_without_panic() {
    let odd = [
        "1.",
        "1.5",
        "15億",
        "億",
        "1,",
        "2024/",
        "/25",
        "百分之",
        "點五",
        "二點",
        "1 ",
        "2024/2",
        "九十年代",
        "99999999999999999999 billion",
        "1.99999999999999999999 trillion",
        "四百萬億億",
        "第",
        "（",
        "、二",
    ];
    for t in odd {
        for lang in [Lang::En, Lang::Ru, Lang::ZhHant] {
            let found = located(t, lang);
            assert!(found.iter().all(|n| t.get(n.bytes.clone()).is_some()), "{t:?} {lang:?}: {found:?}");
        }
    }
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

#[test]
fn full_width_digits_read_as_ascii_ones() {
    assert_eq!(values("１.５億美元", Lang::ZhHant), [150_000_000]);
    assert_eq!(values("增長２．５％", Lang::ZhHant), [2, 5]);
    // A full-width full stop after an item's number stays a label's.
    assert_eq!(values("一．合作", Lang::ZhHant), [1]);
}

#[test]
fn number_words_take_the_magnitude_after_them() {
    let got = |text: &str, lang| located(text, lang).iter().map(|n| (n.value, n.digits)).collect::<Vec<_>>();
    assert_eq!(got("three billion US dollars", Lang::En), [(3_000_000_000, false)]);
    assert_eq!(got("one million people", Lang::En), [(1_000_000, false)]);
    assert_eq!(got("twenty-five thousand", Lang::En), [(25_000, false)]);
    assert_eq!(got("три миллиарда долларов", Lang::Ru), [(3_000_000_000, false)]);
    // "one" alone is no number; three alone is three.
    assert_eq!(got("one of them, three days", Lang::En), [(3, false)]);
}

#[test]
fn roman_numerals_are_read_as_they_are_written() {
    for (w, n) in [("XXI", 21), ("XIV", 14), ("IV", 4), ("XC", 90), ("CCCXCIX", 399), ("II", 2)] {
        assert_eq!(super::roman(w), Some(n), "{w}");
    }
    // Letters that are no numeral as written: a word, a wrong order.
    for w in ["CIVIL", "IVX", "IIII", "VV", "LIC", "IC", "civil", ""] {
        assert_eq!(super::roman(w), None, "{w}");
    }
}
