use super::*;
use proptest::prelude::*;

fn texts(text: &str, lang: Lang, level: Level) -> Vec<String> {
    let seg = segment(text, lang, level, &SegmentOptions::default());
    seg.units.iter().map(|u| u.span.text(text).to_string()).collect()
}

#[test]
fn chinese_sentences_and_heads() {
    let t = "一\n\n成員國重申，反對以集團化思維解決問題。成員國強調「上海精神。」同時！\r\n\r\n第三條\n各方同意。";
    let s = texts(t, Lang::ZhHant, Level::Sentence);
    assert_eq!(
        s,
        vec![
            "一",
            "成員國重申，反對以集團化思維解決問題。",
            "成員國強調「上海精神。」",
            "同時！",
            "第三條",
            "各方同意。"
        ]
    );
    let seg = segment(t, Lang::ZhHant, Level::Sentence, &SegmentOptions::default());
    assert_eq!(seg.units[0].kind, UnitKind::Heading);
    assert_eq!(seg.units[4].kind, UnitKind::Heading);
    assert_eq!(seg.paragraphs.len(), 4);
}

#[test]
fn quotes_stay_balanced() {
    let t = "他說：「我們來了。你們呢？」然後走了。";
    assert_eq!(texts(t, Lang::ZhHans, Level::Sentence), vec!["他說：「我們來了。你們呢？」", "然後走了。"]);
    let t = "《關於A的聲明。》已發表。";
    assert_eq!(texts(t, Lang::ZhHans, Level::Sentence), vec!["《關於A的聲明。》", "已發表。"]);
    let t = "他說「好」。然後走了。";
    assert_eq!(texts(t, Lang::ZhHans, Level::Sentence), vec!["他說「好」。", "然後走了。"]);
}

#[test]
fn chinese_clauses() {
    let t = "成員國認為，有必要對聯合國進行相應改革，保障發展中國家在聯合國治理機構中的代表性。";
    let c = texts(t, Lang::ZhHant, Level::Clause);
    assert_eq!(c, vec!["成員國認為，有必要對聯合國進行相應改革，", "保障發展中國家在聯合國治理機構中的代表性。"]);
}

#[test]
fn english_abbreviations() {
    let t = "Mr. Smith met Dr. A. B. Jones of the U.S. delegation on 1 Sept. 2025, i.e. on Monday. The rate was 3.5 per cent. No. 5 was adopted. It passed!\n";
    let s = texts(t, Lang::En, Level::Sentence);
    assert_eq!(
        s,
        vec![
            "Mr. Smith met Dr. A. B. Jones of the U.S. delegation on 1 Sept. 2025, i.e. on Monday.",
            "The rate was 3.5 per cent.",
            "No. 5 was adopted.",
            "It passed!"
        ]
    );
}

#[test]
fn russian_abbreviations() {
    let t = "Встреча состоялась 19 июня 2025 г., т. е. в четверг. Президент Республики Беларусь А. Г. Лукашенко выступил, см. ст. 5 Устава. Государства-члены согласны.";
    let s = texts(t, Lang::Ru, Level::Sentence);
    assert_eq!(
        s,
        vec![
            "Встреча состоялась 19 июня 2025 г., т. е. в четверг.",
            "Президент Республики Беларусь А. Г. Лукашенко выступил, см. ст. 5 Устава.",
            "Государства-члены согласны."
        ]
    );
}

#[test]
fn numbered_items_and_headings() {
    let t = "I\n\n1. The Member States agree. 2. They also note it.\n\nArticle 5\n\nText here.";
    let s = texts(t, Lang::En, Level::Sentence);
    assert_eq!(s, vec!["I", "1. The Member States agree.", "2. They also note it.", "Article 5", "Text here."]);
}

#[test]
fn english_lines_join_within_a_paragraph() {
    let t = "The Member States\nreaffirm this.\n\nNext paragraph.";
    let seg = segment(t, Lang::En, Level::Paragraph, &SegmentOptions::default());
    assert_eq!(seg.units.len(), 2);
}

#[test]
fn presegmented_lines() {
    let t = "a b c\r\n\r\nd e\rf\n";
    let seg = segment(t, Lang::En, Level::Sentence, &SegmentOptions { presegmented: true, ..Default::default() });
    let got: Vec<&str> = seg.units.iter().map(|u| u.span.text(t)).collect();
    assert_eq!(got, vec!["a b c", "d e", "f"]);
}

fn check_cover(text: &str, seg: &Segmentation) -> Result<(), TestCaseError> {
    let mut pos = 0;
    for u in &seg.units {
        prop_assert!(u.span.start >= pos, "overlap or disorder at {:?}", u.span);
        prop_assert!(u.span.start < u.span.end, "empty unit");
        prop_assert!(text[pos..u.span.start].trim().is_empty(), "uncovered text {:?}", &text[pos..u.span.start]);
        pos = u.span.end;
    }
    prop_assert!(text[pos..].trim().is_empty(), "uncovered tail");
    Ok(())
}

proptest! {
    #[test]
    fn spans_cover_the_text(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("成員國"), Just("。"), Just("，"), Just("「"), Just("」"), Just("《"), Just("》"), Just("；"),
                Just("The"), Just(" "), Just("Mr."), Just(". "), Just("A."), Just("\n"), Just("\r\n"), Just("\n\n"),
                Just("г."), Just("Да"), Just("3.5"), Just("! "), Just("一"), Just("、"), Just("?"), Just("…"), Just("\u{3000}"),
            ],
            0..60,
        ),
        lang_ix in 0usize..4,
        level_ix in 0usize..3,
        preseg in any::<bool>(),
    ) {
        let text: String = pieces.concat();
        let lang = [Lang::ZhHant, Lang::ZhHans, Lang::En, Lang::Ru][lang_ix];
        let level = [Level::Paragraph, Level::Sentence, Level::Clause][level_ix];
        let opts = SegmentOptions { presegmented: preseg, ..Default::default() };
        let seg = segment(&text, lang, level, &opts);
        check_cover(&text, &seg)?;
        for u in &seg.units {
            prop_assert!(u.para < seg.paragraphs.len().max(1));
        }
    }
}

#[test]
fn every_unit_knows_its_clauses() {
    let t = "成員國重申，堅持以《聯合國憲章》為基礎，推動國際合作。第二句話很短。\n\n第三條\n\n成員國支持多邊主義，反對單邊主義和保護主義。";
    for level in [Level::Paragraph, Level::Sentence, Level::Clause] {
        let seg = segment(t, Lang::ZhHant, level, &SegmentOptions::default());
        let flat = segment(t, Lang::ZhHant, Level::Clause, &SegmentOptions::default());
        // The clauses of all units are the clause-level units, whatever the level.
        let all: Vec<Span> = (0..seg.units.len()).flat_map(|i| seg.clauses_of(&(i..i + 1)).to_vec()).collect();
        let want: Vec<Span> = flat.units.iter().map(|u| u.span).collect();
        assert_eq!(all, want, "{level:?}");
        assert_eq!(seg.clauses_of(&(0..seg.units.len())), &want[..]);
        // Each unit's clauses lie inside it.
        for (i, u) in seg.units.iter().enumerate() {
            assert!(seg.clauses_of(&(i..i + 1)).iter().all(|c| c.start >= u.span.start && c.end <= u.span.end));
        }
    }
    let seg = segment(t, Lang::ZhHant, Level::Sentence, &SegmentOptions::default());
    assert!(seg.clauses_of(&(1..1)).is_empty() && seg.clauses_of(&(0..99)).is_empty());
}
