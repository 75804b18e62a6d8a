//! `check` on short faithful translations whose heads, numbers, lists and
//! addresses are written otherwise in each language (or copied as they
//! are): section heads of any number, amounts with a magnitude, thousands
//! grouped by a space, percentages, fractions, item numbers, dates in
//! digits, names' numbers (COVID-19) and the items of a list must raise no
//! finding, with or without the encoder; the same texts with their numbers
//! changed must raise one each, and with an item left out one missing
//! finding.

mod embed_support;

use clausediff::check::{check, CheckOptions};
use clausediff::report::{Finding, Kind};
use clausediff::{Document, Lang};

/// Articles 103 to 121 in Chinese numerals, each with a sentence.
fn heads() -> (String, String, String) {
    let body = [
        ("成員國重申支持聯合國在國際事務中的核心作用。", "The Member States reaffirm their support for the central role of the United Nations in international affairs.", "Государства-члены подтверждают поддержку центральной роли ООН в международных делах."),
        ("成員國主張加強經貿合作，促進貿易和投資便利化。", "The Member States advocate stronger economic and trade cooperation and easier trade and investment.", "Государства-члены выступают за укрепление торгово-экономического сотрудничества и упрощение торговли и инвестиций."),
        ("成員國歡迎擴大人文交流，加強教育、文化和旅遊合作。", "The Member States welcome wider people-to-people exchanges and stronger cooperation in education, culture and tourism.", "Государства-члены приветствуют расширение гуманитарных обменов и сотрудничества в области образования, культуры и туризма."),
    ];
    let heads = [(103, "一百零三"), (104, "一百零四"), (105, "一百零五"), (117, "一百一十七"), (121, "一百二十一")];
    let (mut zh, mut en, mut ru) = (String::new(), String::new(), String::new());
    for (k, (n, numeral)) in heads.iter().enumerate() {
        let (z, e, r) = body[k % body.len()];
        zh.push_str(&format!("第{numeral}條\n\n{z}\n\n"));
        en.push_str(&format!("Article {n}\n\n{e}\n\n"));
        ru.push_str(&format!("Статья {n}\n\n{r}\n\n"));
    }
    (zh, en, ru)
}

const AMOUNTS_ZH: &str = "一、成員國同意設立發展基金，初始資金為15億美元。\n\n二、該地區人口超過三十億，佔世界人口的百分之四十。\n\n三、項目覆蓋三萬六千五百零一個村莊。\n\n四、貿易額增長百分之二點五。\n\n五、每年接待遊客200萬至300萬人次。\n";
const AMOUNTS_EN: &str = "1. The Member States agreed to set up a development fund with initial capital of 1.5 billion US dollars.\n\n2. The region has more than 3 billion people, 40 per cent of the world's population.\n\n3. The project covers 36,501 villages.\n\n4. Trade grew by 2.5 per cent.\n\n5. It receives 2–3 million visitors a year.\n";
const AMOUNTS_RU: &str = "1. Государства-члены договорились учредить фонд развития с начальным капиталом 1,5 млрд долларов США.\n\n2. Население региона превышает 3 миллиарда человек, или 40% населения мира.\n\n3. Проект охватывает 36 501 деревню.\n\n4. Товарооборот вырос на 2,5 процента.\n\n5. Ежегодно он принимает 2–3 млн туристов.\n";

fn doc(text: &str, lang: Lang) -> Document {
    Document::from_text(text.to_string(), Some(lang)).expect("document")
}

/// The findings of `check` on the master and its versions.
fn findings(master: (&str, Lang), versions: &[(&str, Lang)], opts: &CheckOptions) -> Vec<Finding> {
    let m = doc(master.0, master.1);
    let vs: Vec<Document> = versions.iter().map(|&(t, l)| doc(t, l)).collect();
    let refs: Vec<&Document> = vs.iter().collect();
    check(&m, &refs, opts).expect("check").report.findings
}

/// Assert that the faithful texts (master, English, Russian) raise no
/// finding, without the encoder and with it when it is there.
fn assert_faithful(zh: &str, en: &str, ru: &str) {
    for opts in embed_support::check_options("heads and numbers with the model") {
        let found = findings((zh, Lang::ZhHant), &[(en, Lang::En), (ru, Lang::Ru)], &opts);
        assert!(found.is_empty(), "{found:#?}");
    }
}

/// The messages of the number findings of `found`.
fn number_messages(found: &[Finding]) -> Vec<&str> {
    found.iter().filter(|f| f.kind == Kind::Number).map(|f| f.message.as_str()).collect()
}

/// Assert that the faithful texts raise no finding, and that the version
/// in `lang` with `from` changed into `to` raises one number finding
/// (without the encoder) whose message holds `quoted`.
fn assert_one_number_changed((zh, en, ru): (&str, &str, &str), (lang, from, to): (Lang, &str, &str), quoted: &str) {
    assert_faithful(zh, en, ru);
    let version = if lang == Lang::En { en } else { ru }.replace(from, to);
    let found = findings((zh, Lang::ZhHant), &[(&version, lang)], &CheckOptions::default());
    let numbers = number_messages(&found);
    assert!(numbers.len() == 1 && numbers[0].contains(quoted), "{found:#?}");
}

#[test]
fn heads_of_any_number_are_paired() {
    let (zh, en, ru) = heads();
    assert_faithful(&zh, &en, &ru);
}

#[test]
fn amounts_percentages_and_item_numbers_agree_across_scripts() {
    assert_faithful(AMOUNTS_ZH, AMOUNTS_EN, AMOUNTS_RU);
}

#[test]
fn changed_amounts_are_reported_as_written() {
    let en = AMOUNTS_EN.replace("1.5 billion", "2.5 billion").replace("36,501", "36,601");
    let ru = AMOUNTS_RU.replace("3 миллиарда", "4 миллиарда");
    let found = findings((AMOUNTS_ZH, Lang::ZhHant), &[(&en, Lang::En), (&ru, Lang::Ru)], &CheckOptions::default());
    let numbers = number_messages(&found);
    assert_eq!(numbers.len(), 3, "{found:#?}");
    assert!(numbers.iter().any(|m| m.contains("master has 15億 not found in en") && m.contains("2.5 billion")));
    assert!(numbers.iter().any(|m| m.contains("36601")), "{numbers:?}");
    assert!(numbers.iter().any(|m| m.contains("4 миллиарда")), "{numbers:?}");
}

#[test]
fn a_changed_decimal_is_reported_as_written() {
    // Only the decimals differ from 二點五: the number is named whole.
    let ru = AMOUNTS_RU.replace("2,5 процента", "2,7 процента");
    let found = findings((AMOUNTS_ZH, Lang::ZhHant), &[(&ru, Lang::Ru)], &CheckOptions::default());
    let numbers = number_messages(&found);
    assert!(numbers.len() == 1 && numbers[0].contains("ru has 2,7 not in the master"), "{found:#?}");
    let en = AMOUNTS_EN.replace("2.5 per cent", "3.5 per cent");
    let found = findings((AMOUNTS_ZH, Lang::ZhHant), &[(&en, Lang::En)], &CheckOptions::default());
    let numbers = number_messages(&found);
    assert!(numbers.len() == 1 && numbers[0].contains("en has 3.5 not in the master"), "{found:#?}");
}

#[test]
fn a_head_paired_with_another_number_is_a_number_finding() {
    let (zh, en, _) = heads();
    let en = en.replace("Article 105", "Article 106");
    let found = findings((&zh, Lang::ZhHant), &[(&en, Lang::En)], &CheckOptions::default());
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, Kind::Number);
    assert!(found[0].message.contains("第一百零五條") && found[0].message.contains("Article 106"), "{found:#?}");
}

const DATES_ZH: &str = "成員國回顧，上世紀90年代以來，地區局勢發生了深刻變化。\n\n成員國注意到2024-2025年度合作計劃的落實情況。\n\n首屆論壇於2025年9月1日至2日舉行。\n";
const DATES_EN: &str = "The Member States recall that since the 1990s the situation in the region has changed profoundly.\n\nThe Member States note the implementation of the cooperation plan for 2024/25.\n\nThe first Forum was held on 1–2 September 2025.\n";
const DATES_RU: &str = "Государства-члены напоминают, что с 1990-х годов обстановка в регионе претерпела глубокие изменения.\n\nГосударства-члены отмечают ход выполнения плана сотрудничества на 2024–2025 годы.\n\nПервый форум состоялся 1–2 сентября 2025 года.\n";

#[test]
fn decades_and_years_written_short_agree() {
    assert_faithful(DATES_ZH, DATES_EN, DATES_RU);
    let en = DATES_EN.replace("1990s", "1980s").replace("2024/25", "2024/26");
    let found = findings((DATES_ZH, Lang::ZhHant), &[(&en, Lang::En)], &CheckOptions::default());
    let numbers = number_messages(&found);
    assert_eq!(numbers.len(), 2, "{found:#?}");
    assert!(numbers.iter().any(|m| m.contains("1980")) && numbers.iter().any(|m| m.contains("2026")), "{numbers:?}");
}

const LABELS_ZH: &str = "第三章 合作領域\n\n一、政治合作\n\n成員國加強在國際事務中的協調。\n\n二、經濟合作\n\n（1）成員國推動貿易便利化。\n\n第十二章\n\n成員國將定期舉行會晤。\n";
const LABELS_EN: &str = "Chapter III Areas of Cooperation\n\nI. Political cooperation\n\nThe Member States strengthen coordination in international affairs.\n\nII. Economic cooperation\n\n(1) The Member States promote trade facilitation.\n\nChapter XII\n\nThe Member States will hold regular meetings.\n";
const LABELS_RU: &str = "Глава III. Области сотрудничества\n\nI. Политическое сотрудничество\n\nГосударства-члены усиливают координацию в международных делах.\n\nII. Экономическое сотрудничество\n\n1) Государства-члены содействуют упрощению торговли.\n\nГлава XII\n\nГосударства-члены будут регулярно проводить встречи.\n";

/// A head's or an item's label with a period ("II.", "Глава III.") stays
/// with its title instead of standing alone as an added sentence.
#[test]
fn labels_in_roman_numerals_stay_with_their_titles() {
    assert_faithful(LABELS_ZH, LABELS_EN, LABELS_RU);
}

/// A decade is not a year, and a date or a document symbol is no year
/// written short.
#[test]
fn decades_are_no_years_and_dates_no_short_years() {
    let found = findings(
        ("上世紀90年代，2025年9月1日，第2025/12號文件。", Lang::ZhHant),
        &[("In 1990, on 2025-09-01, document S/2025/12.", Lang::En)],
        &CheckOptions::default(),
    );
    let numbers = number_messages(&found);
    assert_eq!(numbers.len(), 1, "{found:#?}");
    assert!(numbers[0].contains("1990") && !numbers[0].contains("2109"), "{numbers:?}");
}

const TIMES_ZH: &str = "會議於2025年9月1日15時30分在天津開幕。\n\n招待會於下午7時舉行，簽字儀式於上午10時舉行。\n";
const TIMES_EN: &str = "The meeting opened in Tianjin at 3.30 p.m. on 1 September 2025.\n\nThe reception was held at 7 pm, and the signing ceremony at 10 a.m.\n";
const TIMES_RU: &str = "Заседание открылось в Тяньцзине 1 сентября 2025 года в 15:30.\n\nПриём состоялся в 19:00, а церемония подписания — в 10:00.\n";

/// A time on the twelve-hour clock (3.30 p.m., 下午7時) is the same hour
/// as on the twenty-four-hour clock (15時30分, 19:00); another hour is not.
#[test]
fn times_of_day_agree_across_clocks() {
    assert_one_number_changed((TIMES_ZH, TIMES_EN, TIMES_RU), (Lang::En, "7 pm", "8 pm"), "20");
}

const WRITTEN_ZH: &str = "貿易額達到１.５億美元。\n\n雙方將投資30億美元。\n";
const WRITTEN_EN: &str =
    "Trade reached 150 million US dollars.\n\nThe two sides will invest three billion US dollars.\n";
const WRITTEN_RU: &str =
    "Товарооборот достиг 150 млн долларов США.\n\nСтороны инвестируют три миллиарда долларов США.\n";

/// Amounts in full-width digits, or in words with a magnitude, are the
/// amounts their digits say; another amount in words is still reported.
#[test]
fn amounts_in_full_width_digits_or_in_words_agree() {
    assert_one_number_changed(
        (WRITTEN_ZH, WRITTEN_EN, WRITTEN_RU),
        (Lang::En, "three billion", "four billion"),
        "30億",
    );
}

const LIST_ZH: &str = "第五條\n\n一、締約各方應採取必要措施，包括立法措施，確保本協定的執行。\n\n二、締約各方應：\n（一）相互通報有關法律法規；\n（二）交換打擊跨國犯罪的信息和經驗；\n（三）在培訓人員方面開展合作。\n\n三、本條第二款所述合作的具體方式由締約各方主管機關商定。\n";
const LIST_EN: &str = "Article 5\n\n1. Each Party shall take the necessary measures, including legislative measures, to ensure the implementation of this Agreement.\n\n2. The Parties shall:\n(a) inform each other of the relevant laws and regulations;\n(b) exchange information and experience in combating transnational crime;\n(c) cooperate in the training of personnel.\n\n3. The specific modalities of the cooperation referred to in paragraph 2 of this article shall be agreed upon by the competent authorities of the Parties.\n";
const LIST_RU: &str = "Статья 5\n\n1. Каждая из Сторон принимает необходимые меры, включая законодательные, для обеспечения выполнения настоящего Соглашения.\n\n2. Стороны:\nа) информируют друг друга о соответствующих законах и нормативных правовых актах;\nб) обмениваются информацией и опытом в области борьбы с транснациональной преступностью;\nв) сотрудничают в области подготовки кадров.\n\n3. Конкретные формы сотрудничества, указанного в пункте 2 настоящей статьи, согласовываются компетентными органами Сторон.\n";

/// The items of a list are units of their own in every language: an
/// item left out of a translation is the one missing finding, not a
/// list misaligned around it.
#[test]
fn an_item_left_out_of_a_list_is_the_one_finding() {
    assert_faithful(LIST_ZH, LIST_EN, LIST_RU);
    let Some(model) = embed_support::model_or_skip("a list's item left out") else { return };
    let en: String = LIST_EN.lines().filter(|l| !l.starts_with("(b)")).map(|l| format!("{l}\n")).collect();
    let ru: String = LIST_RU.lines().filter(|l| !l.starts_with("б)")).map(|l| format!("{l}\n")).collect();
    let found = findings(
        (LIST_ZH, Lang::ZhHant),
        &[(&en, Lang::En), (&ru, Lang::Ru)],
        &CheckOptions::default().with_model(model),
    );
    assert_eq!(found.len(), 2, "{found:#?}");
    for f in &found {
        let m = f.master.as_ref().map(|s| s.text.as_str()).unwrap_or_default();
        assert!(f.kind == Kind::Missing && m.starts_with("（二）"), "{f:#?}");
    }
}

/// Addresses both versions copy as they are weigh nothing in the length
/// ratio: a Chinese line that is mostly an address is no "much shorter"
/// translation (the length finding is made without the encoder).
#[test]
fn addresses_copied_as_they_are_do_not_make_a_length_finding() {
    assert_faithful(
        "銀行總部設在北京。\n\n聯繫方式：info@sco-bank.org，網址：www.sco-bank.org。\n",
        "The Bank is headquartered in Beijing.\n\nContact: info@sco-bank.org, website: www.sco-bank.org.\n",
        "Штаб-квартира Банка находится в Пекине.\n\nКонтакты: info@sco-bank.org, сайт: www.sco-bank.org.\n",
    );
}

const NAMED_ZH: &str = "會議於2025年9月1日至3日在天津舉行。\n\n成員國指出，新冠肺炎疫情對全球經濟造成了嚴重衝擊。\n\n下次會議定於2026年6月15日舉行。\n";
const NAMED_EN: &str = "The meeting was held in Tianjin on 1–3 September 2025.\n\nThe Member States noted that the COVID-19 pandemic had a severe impact on the global economy.\n\nThe next meeting is scheduled for 15 June 2026.\n";
const NAMED_RU: &str = "Заседание состоялось 01.09–03.09.2025 в Тяньцзине.\n\nГосударства-члены отметили, что пандемия COVID-19 нанесла серьёзный удар по мировой экономике.\n\nСледующее заседание запланировано на 15.06.2026.\n";

/// A name's number (COVID-19) the master names without it, and dates
/// written day first in digits (01.09.2025), raise no finding; a date
/// written so with another day is reported.
#[test]
fn names_numbers_and_dates_in_digits_agree() {
    assert_one_number_changed((NAMED_ZH, NAMED_EN, NAMED_RU), (Lang::Ru, "15.06.2026", "16.06.2026"), "16");
}

const FRACTIONS_ZH: &str =
    "該地區約三分之一的土地受到荒漠化影響。\n\n四分之三的項目已按期完成。\n\n糧食產量的四成來自北部地區。\n";
const FRACTIONS_EN: &str = "About 1/3 of the region's land is affected by desertification.\n\n75% of the projects have been completed on schedule.\n\nForty per cent of the grain comes from the northern region.\n";
const FRACTIONS_RU: &str = "Около 1/3 земель региона подвержены опустыниванию.\n\n3/4 проектов завершены в срок.\n\n40% зерна производится в северном регионе.\n";

/// A fraction in Chinese (三分之一, 四分之三, 四成) is the fraction in
/// digits (1/3, 3/4) or the per cent it makes (75%, 40%); another
/// fraction is reported.
#[test]
fn fractions_agree_across_scripts() {
    assert_one_number_changed((FRACTIONS_ZH, FRACTIONS_EN, FRACTIONS_RU), (Lang::En, "1/3", "1/4"), "4");
}
