//! The spelling verdicts on conversion errors, variants and names.

use super::*;

fn check(text: &str, at: char) -> Verdict {
    let s = Spelling::bundled().expect("word list");
    let chars: Vec<char> = text.chars().collect();
    let i = chars.iter().position(|&c| c == at).expect("character");
    s.verdict(&chars, i, |_| true)
}

fn error(text: &str, at: char, with: char) {
    match check(text, at) {
        Verdict::Error { with: w, .. } => assert_eq!(w, with, "{text}"),
        v => panic!("{text}: {v:?}"),
    }
}

#[test]
fn naive_conversion_errors_are_found_with_the_right_form() {
    error("不幹涉內政", '幹', '干');
    error("成員國批準了", '準', '准');
    error("對巴以沖突持續升級", '沖', '衝');
    error("呼籲相關方恢覆建設性對話", '覆', '復');
    error("世界經濟覆蘇", '覆', '復');
    error("組織之間的聯系作為", '系', '繫');
}

#[test]
fn a_spelling_listed_only_as_a_variant_is_an_error() {
    // CC-CEDICT: 沖擊 "variant of 衝擊", 合並 "variant of 合併".
    error("遭受嚴重沖擊。", '沖', '衝');
    error("對話夥伴合並為上合組織夥伴", '並', '併');
    // The word is given as the text writes it, with only the error put right.
    match check("對話夥伴合並為上合組織夥伴", '並') {
        Verdict::Error { word, .. } => assert!(word.contains("合併") && !word.contains('爲'), "{word}"),
        v => panic!("{v:?}"),
    }
}

#[test]
fn spellings_the_sources_overrule_are_errors() {
    // The naive 借口, which OpenCC converts to 藉口 and CC-CEDICT's 藉口
    // names as another writing: not accepted, not even as a graphic
    // variant (CC-CEDICT has 藉 as a variant of 借).
    error("反對以保護人權為借口幹涉別國內政", '借', '藉');
    // The misspelt 借口 is still a word beside 幹: 借口|干涉, not 借|口乾|涉.
    error("反對以保護人權為借口幹涉別國內政", '幹', '干');
    assert_eq!(Spelling::bundled().map(|s| s.standard_of("借口")).ok().flatten(), Some("藉口"));
}

#[test]
fn accepted_spellings_variants_and_names_are_not_blamed() {
    for (text, at) in [
        ("充分發揮作用", '發'),
        ("共同制定規則", '制'),
        ("國際法原則並兼顧國家利益", '並'),
        ("會議，並發表宣言", '並'),
        ("總統托卡耶夫", '托'),
        ("增進相互了解", '了'),
        ("宣布二〇二六年為", '布'),
        ("必須盡快實現", '盡'),
        ("知青在下面的情況", '面'),
        // OpenCC writes 市場準入 and 痠軟 (CC-CEDICT only 准入 and
        // 酸軟): both are accepted.
        ("公平市場準入和", '準'),
        ("全身痠軟無力", '痠'),
        ("全身酸軟無力", '酸'),
        ("成立二十五周年", '周'),
        // CC-CEDICT records 台灣 and 答復 as variants of 臺灣 and 答覆:
        // graphic variants, accepted.
        ("台灣的經濟發展很快。", '台'),
        ("他答復了記者。", '復'),
        // OpenCC's phrases are kept as they are: 乾掉 (drink up), 照准, 鬆下.
        ("我們乾掉這杯酒", '乾'),
        ("所請礙難照准", '准'),
        ("他終於鬆下一口氣", '鬆'),
    ] {
        assert!(!matches!(check(text, at), Verdict::Error { .. }), "{text}: {:?}", check(text, at));
    }
    assert!(matches!(check("司法鑒定", '鑒'), Verdict::Variant(_)), "{:?}", check("司法鑒定", '鑒'));
}

#[test]
fn another_edition_limits_the_forms_weighed() {
    let s = Spelling::bundled().expect("word list");
    let chars: Vec<char> = "不幹涉".chars().collect();
    // The simplified edition has 干 here: 干 and 乾 are weighed.
    assert!(matches!(s.verdict(&chars, 1, |x| x == '干'), Verdict::Error { with: '干', .. }));
    // An edition with another character says nothing of this one's forms.
    assert_eq!(s.verdict(&chars, 1, |x| x == '于'), Verdict::Right);
}
