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
    // A head's or an item's label with a period stays with its title.
    let t = "II. Economic cooperation\n\nГлава III. Области сотрудничества\n\nArticle 5. Text here. See the annex. It ends.";
    let s = texts(t, Lang::Ru, Level::Sentence);
    assert_eq!(
        s,
        vec![
            "II. Economic cooperation",
            "Глава III. Области сотрудничества",
            "Article 5. Text here.",
            "See the annex.",
            "It ends."
        ]
    );
}

#[test]
fn english_lines_join_within_a_paragraph() {
    let t = "The Member States\nreaffirm this.\n\nNext paragraph.";
    let seg = segment(t, Lang::En, Level::Paragraph, &SegmentOptions::default());
    assert_eq!(seg.units.len(), 2);
}

#[test]
fn the_items_of_a_list_are_units_of_their_own() {
    let t = "2. The Parties shall:\n(a) inform each other of their laws;\n(b) exchange information;\n(c) cooperate.\n\nNext.";
    let s = texts(t, Lang::En, Level::Sentence);
    assert_eq!(
        s,
        vec![
            "2. The Parties shall:",
            "(a) inform each other of their laws;",
            "(b) exchange information;",
            "(c) cooperate.",
            "Next."
        ]
    );
    let t = "Стороны:\nа) информируют друг друга;\nб) обмениваются опытом;\n• сотрудничают.\n\nДалее.";
    assert_eq!(texts(t, Lang::Ru, Level::Sentence).len(), 5);
    // A line wrapped in the middle of a sentence stays joined.
    let t = "The Member States adopted the Programme for\n2026–2030 and the plan of\n(the) Council.\n\nNext.";
    assert_eq!(texts(t, Lang::En, Level::Sentence).len(), 2);
}

#[test]
fn item_labels_are_told_from_other_starts_of_lines() {
    for label in ["(a) x", "(iv) x", "(viii) x", "а) x", "12) x", "3. x", "• x", "- x", "  (b) x"] {
        assert!(sentence::starts_with_item_label(label), "{label}");
    }
    for not in ["(the) x", "2026–2030 x", "2025. x", "abcd) x", "(a)x", "3.5 x", "-x", "x", ""] {
        assert!(!sentence::starts_with_item_label(not), "{not}");
    }
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

/// The clauses of a sentence as they were found before the weights were
/// counted in one reading (quadratic): the reference for [`clause::clauses`].
fn clauses_by_definition(text: &str, sent: Span, lang: Lang, opts: &SegmentOptions) -> Vec<Span> {
    use crate::text::is_han;
    use sentence::{balanced, is_close, is_open, spans_from_cuts};
    let s = sent.text(text);
    let chinese = lang.is_chinese();
    let weight = |piece: &str| -> usize {
        if chinese {
            piece.chars().filter(|&c| is_han(c) || c.is_alphanumeric()).count()
        } else {
            piece.split_whitespace().count()
        }
    };
    let min = if chinese { opts.min_clause_chars_zh } else { opts.min_clause_words };
    let use_depth = balanced(s);
    let (mut candidates, mut depth) = (Vec::new(), 0i32);
    for (i, c) in s.char_indices() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
        } else if lang.profile().clause_marks.contains(&c) && (!use_depth || depth == 0) {
            let end = i + c.len_utf8();
            let digit_around = s[..i].chars().next_back().is_some_and(|p| p.is_ascii_digit())
                && s[end..].chars().next().is_some_and(|n| n.is_ascii_digit());
            let short_item = c == '、' && weight(&s[..i]) < min * 2;
            if !digit_around && !short_item {
                candidates.push(end);
            }
        }
    }
    let (mut cuts, mut prev) = (Vec::new(), 0);
    for &c in &candidates {
        if weight(&s[prev..c]) >= min && weight(&s[c..]) >= min {
            cuts.push(sent.start + c);
            prev = c;
        }
    }
    spans_from_cuts(text, sent, &cuts)
}

proptest! {
    #[test]
    fn clauses_are_cut_as_by_their_definition(
        pieces in proptest::collection::vec(
            prop_oneof![
                Just("成員國"), Just("，"), Just("、"), Just("；"), Just("「"), Just("」"), Just("一"), Just("1"),
                Just("The"), Just(" "), Just(", "), Just(","), Just(";"), Just(":"), Just("("), Just(")"),
                Just("a"), Just("  "), Just("\u{3000}"), Just("Да"), Just("2"),
            ],
            0..80,
        ),
        lang_ix in 0usize..3,
    ) {
        let text: String = pieces.concat();
        let lang = [Lang::ZhHant, Lang::En, Lang::Ru][lang_ix];
        let opts = SegmentOptions::default();
        let Some(sent) = trim(&text, Span::new(0, text.len())) else { return Ok(()) };
        prop_assert_eq!(clause::clauses(&text, sent, lang, &opts), clauses_by_definition(&text, sent, lang, &opts));
    }
}

/// The Tianjin declaration in English without its punctuation, on one line,
/// repeated to `chars` characters.
fn long_line(chars: usize) -> String {
    let en = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/texts/tianjin/en.txt")).expect("bundled");
    let words: Vec<&str> = en.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).collect();
    let base = words.join(" ");
    let mut out = String::new();
    while out.len() < chars {
        out.push_str(&base);
        out.push(' ');
    }
    out.truncate(chars);
    out.trim_end().to_string()
}

fn chars_of(text: &str, s: Span) -> usize {
    s.text(text).chars().count()
}

#[test]
fn a_long_line_is_cut_into_bounded_pieces_at_white_space() {
    let text = long_line(30_000);
    for preseg in [false, true] {
        let opts = SegmentOptions { presegmented: preseg, ..Default::default() };
        let seg = segment(&text, Lang::En, Level::Sentence, &opts);
        // The line, and (not presegmented) its paragraph.
        assert_eq!(seg.cut, if preseg { 1 } else { 2 });
        assert!(seg.cut_note("en.txt").is_some_and(|n| n.contains("2000 characters")));
        // Pieces of about half the bound.
        assert!(seg.units.len() >= 15 && seg.units.len() <= 60, "{}", seg.units.len());
        for (k, u) in seg.units.iter().enumerate() {
            let n = chars_of(&text, u.span);
            assert!(n <= MAX_UNIT_CHARS, "unit {k}: {n} characters");
            // Cut between words.
            let (before, after) = (&text[..u.span.start], &text[u.span.end..]);
            assert!(before.is_empty() || before.ends_with(' '), "unit {k} starts inside a word");
            assert!(after.is_empty() || after.starts_with(' '), "unit {k} ends inside a word");
        }
        assert_eq!(seg.clauses_of(&(0..seg.units.len())).len(), seg.units.len());
    }
    let short = segment("A sentence. Another one.", Lang::En, Level::Sentence, &SegmentOptions::default());
    assert_eq!((short.cut, short.cut_note("x")), (0, None));
}

#[test]
fn long_chinese_is_cut_after_marks_or_anywhere() {
    let plain: String = "成員國支持多邊主義反對單邊主義和保護主義".chars().cycle().take(5_000).collect();
    let seg = segment(&plain, Lang::ZhHans, Level::Sentence, &SegmentOptions::default());
    assert!(seg.units.len() >= 3 && seg.units.iter().all(|u| chars_of(&plain, u.span) <= MAX_UNIT_CHARS));
    let marked: String = "成員國支持多邊主義，反對單邊主義和保護主義".chars().cycle().take(5_000).collect();
    let seg = segment(&marked, Lang::ZhHans, Level::Sentence, &SegmentOptions::default());
    assert!(seg.units.len() >= 3);
    for u in &seg.units[..seg.units.len() - 1] {
        assert!(u.span.text(&marked).ends_with('，'), "{}", u.span.text(&marked));
        assert!(chars_of(&marked, u.span) <= MAX_UNIT_CHARS);
    }
}

#[test]
fn two_releases_of_a_long_line_are_cut_alike_away_from_their_differences() {
    let old = long_line(100_000);
    let mut words: Vec<&str> = old.split(' ').collect();
    let n = words.len();
    for (k, w) in [(n / 10, "alpha"), (n / 2, "bravo-bravo-bravo"), (9 * n / 10, "c")] {
        words[k] = w;
    }
    let new = words.join(" ");
    let texts = |t: &str| -> Vec<String> {
        let seg = segment(t, Lang::En, Level::Sentence, &SegmentOptions::default());
        seg.units.iter().map(|u| u.span.text(t).to_string()).collect()
    };
    let (a, b) = (texts(&old), texts(&new));
    let same = a.iter().filter(|u| b.contains(u)).count();
    assert!(same + 6 >= a.len(), "{same} of {} pieces unchanged", a.len());
}

#[test]
fn a_long_paragraph_is_cut_at_sentence_ends() {
    let en = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/texts/tianjin/en.txt")).expect("bundled");
    let one: String = en.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = format!("{one} {one}\n\nA short paragraph.");
    let sentences = segment(&text, Lang::En, Level::Sentence, &SegmentOptions::default());
    let whole: usize = text.chars().count();
    assert!(sentences.paragraphs.len() > whole / MAX_PARAGRAPH_CHARS, "{}", sentences.paragraphs.len());
    assert_eq!(sentences.cut, 1);
    let paras = segment(&text, Lang::En, Level::Paragraph, &SegmentOptions::default());
    assert_eq!(paras.units.len(), paras.paragraphs.len());
    assert_eq!(paras.paragraphs, sentences.paragraphs);
    for (p, u) in paras.units.iter().enumerate() {
        assert!(chars_of(&text, u.span) <= MAX_PARAGRAPH_CHARS);
        assert_eq!(u.para, p);
        // Every piece of a paragraph ends where a sentence does.
        assert!(sentences.units.iter().any(|s| s.span.end == u.span.end));
    }
    // Every unit's clauses at every level are the clause-level units.
    let flat = segment(&text, Lang::En, Level::Clause, &SegmentOptions::default());
    let want: Vec<Span> = flat.units.iter().map(|u| u.span).collect();
    for seg in [&sentences, &paras, &flat] {
        assert_eq!(seg.clauses_of(&(0..seg.units.len())), &want[..]);
        let last = seg.units.last().map_or(0, |u| u.para);
        assert_eq!(last + 1, seg.paragraphs.len());
    }
}

#[test]
fn a_long_chinese_sentence_is_cut_at_semicolons_in_one_reading() {
    let clause = "成員國支持多邊主義反對單邊主義和保護主義堅持共同安全；";
    let text: String = clause.repeat(30) + "。";
    let s = texts(&text, Lang::ZhHans, Level::Sentence);
    // 26 characters a clause: two of them make the 30 a piece needs.
    assert_eq!(s.len(), 15, "{s:?}");
    let text: String = "短句；".repeat(20) + &clause.repeat(5) + "。";
    let s = texts(&text, Lang::ZhHans, Level::Sentence);
    assert!(s[0].chars().count() >= 30 && s.iter().skip(1).all(|x| x.chars().count() >= 27), "{s:?}");
}
