//! Quality floors on gold alignments: the bundled Tianjin texts (always), and
//! the development corpora in ../shared/data (skipped with a message when absent).

mod embed_support;

use std::path::Path;

use clausediff::align::bead::{parse_beads, IdBead};
use clausediff::align::eval::{count, score, Counts};
use clausediff::align::omissions::{count_omissions, OmissionCounts};
use clausediff::{align_documents, AlignOptions, Alignment, Document, Lang, Level, Scores};

fn preseg(level: Level) -> AlignOptions {
    let mut o = AlignOptions { level, ..Default::default() };
    o.segment.presegmented = true;
    o
}

fn load(path: &Path, lang: Lang) -> Document {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Document::from_text(text, Some(lang)).expect("text")
}

fn test_beads(src: &Document, tgt: &Document, opts: &AlignOptions) -> Vec<IdBead> {
    ids(&align_documents(src, tgt, opts).alignment)
}

fn ids(a: &Alignment) -> Vec<IdBead> {
    a.beads.iter().map(|b| (b.src.clone().collect(), b.tgt.clone().collect())).collect()
}

fn gold(path: &str) -> Vec<IdBead> {
    parse_beads(&std::fs::read_to_string(path).expect("gold file")).expect("gold parses")
}

const TIANJIN: [(&str, Lang); 3] = [("en", Lang::En), ("ru", Lang::Ru), ("zh-Hans", Lang::ZhHans)];

#[test]
fn tianjin_paragraph_gold_is_reproduced_exactly() {
    let dir = Path::new("alignments/tianjin");
    let src = load(&dir.join("zh-Hant.para.txt"), Lang::ZhHant);
    for (tag, lang) in TIANJIN {
        let tgt = load(&dir.join(format!("{tag}.para.txt")), lang);
        let test = test_beads(&src, &tgt, &preseg(Level::Paragraph));
        assert_eq!(test, gold(&format!("alignments/tianjin/zh-Hant--{tag}.para.align")), "zh-Hant ↔ {tag}");
    }
}

#[test]
fn tianjin_paragraphs_from_the_raw_texts_match_the_gold() {
    let src = load(Path::new("texts/tianjin/zh-Hant.txt"), Lang::ZhHant);
    for (tag, lang) in TIANJIN {
        let tgt = load(Path::new(&format!("texts/tianjin/{tag}.txt")), lang);
        let opts = AlignOptions { level: Level::Paragraph, ..Default::default() };
        let test = test_beads(&src, &tgt, &opts);
        assert_eq!(test, gold(&format!("alignments/tianjin/zh-Hant--{tag}.para.align")), "zh-Hant ↔ {tag}");
    }
}

fn tianjin_sentence_scores(tag: &str, lang: Lang) -> Scores {
    let dir = Path::new("alignments/tianjin");
    let src = load(&dir.join("zh-Hant.sent.txt"), Lang::ZhHant);
    let tgt = load(&dir.join(format!("{tag}.sent.txt")), lang);
    let test = test_beads(&src, &tgt, &preseg(Level::Sentence));
    score(&count(&test, &gold(&format!("alignments/tianjin/zh-Hant--{tag}.sent.align"))))
}

#[test]
fn tianjin_sentence_gold_strict_f1_at_least_095() {
    for (tag, lang) in TIANJIN {
        let s = tianjin_sentence_scores(tag, lang);
        println!("zh-Hant ↔ {tag}: strict F1 {:.3}, lax F1 {:.3}", s.strict_f1, s.lax_f1);
        assert!(s.strict_f1 >= 0.95, "zh-Hant ↔ {tag}: {s:?}");
    }
}

/// Align every file of a presegmented corpus with `opts` and sum the counts; `None` when absent.
fn corpus(
    name: &str,
    (src, tgt, gold_ext): (&str, &str, &str),
    langs: (Lang, Lang),
    opts: &AlignOptions,
) -> Option<(Scores, OmissionCounts)> {
    let root = Path::new("../shared/data").join(name);
    if !root.is_dir() {
        // Written to the terminal directly, so the message shows even though the test passes.
        use std::io::Write;
        let msg = format!("SKIPPED: {} is absent; the {name} floor is not checked\n", root.display());
        let _ = std::io::stderr().lock().write_all(msg.as_bytes());
        return None;
    }
    let mut total = Counts::default();
    let mut alone = OmissionCounts::default();
    let mut names: Vec<String> = std::fs::read_dir(root.join(src))
        .expect("corpus dir")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    for n in names {
        let s = load(&root.join(src).join(&n), langs.0);
        let t = load(&root.join(tgt).join(&n), langs.1);
        let g = gold(&root.join("gold").join(format!("{n}{gold_ext}")).display().to_string());
        let a = align_documents(&s, &t, opts).alignment;
        let test = ids(&a);
        alone += &count_omissions(&g, &test, (&a.src_alone, &a.tgt_alone));
        total += count(&test, &g);
    }
    Some((score(&total), alone))
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn mac_dev_beats_hunalign_and_bleualign_floor() {
    if let Some((s, _)) = corpus("mac-dev", ("zh", "en", ".align"), (Lang::ZhHans, Lang::En), &preseg(Level::Sentence))
    {
        println!("MAC-Dev: strict F1 {:.3}, lax F1 {:.3}", s.strict_f1, s.lax_f1);
        assert!(s.strict_f1 >= 0.62 && s.lax_f1 >= 0.88, "{s:?}");
    }
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn text_berg_is_reported() {
    if let Some((s, _)) = corpus("textberg", ("de", "fr", ""), (Lang::Other, Lang::Other), &preseg(Level::Sentence)) {
        println!("Text+Berg: strict F1 {:.3}, lax F1 {:.3}", s.strict_f1, s.lax_f1);
        // Length and cognates alone; the floor guards against regressions.
        assert!(s.strict_f1 >= 0.70, "{s:?}");
    }
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn mac_dev_with_the_model_reaches_0_90_strict_0_99_lax_and_half_its_omissions() {
    // The free literary Chinese–English with the sentence encoder and the
    // built-in values but the pair's side prior (docs/accuracy.md: 0.910 /
    // 0.996). Its six real omissions, Chinese sentences the translation
    // leaves out: at least half left alone exactly, with no more than
    // twice as many units left alone as the gold has (3 of 6, 10 marked).
    let Some(m) = embed_support::model_or_skip("MAC-Dev with the model") else { return };
    let opts = preseg(Level::Sentence).with_model(m);
    if let Some((s, alone)) = corpus("mac-dev", ("zh", "en", ".align"), (Lang::ZhHans, Lang::En), &opts) {
        let (found, gold, marked) = (alone.found, alone.gold, alone.left_alone);
        println!("MAC-Dev with the model: strict F1 {:.3}, lax F1 {:.3}", s.strict_f1, s.lax_f1);
        println!("MAC-Dev: {found} of {gold} gold omissions left alone, {marked} marked");
        assert!(s.strict_f1 >= 0.90 && s.lax_f1 >= 0.99, "{s:?}");
        assert!(found * 2 >= gold && marked <= 2 * gold, "{found} of {gold}, {marked} marked");
    }
}

/// Units alone on the source side and on the target side of gold beads.
fn alone_counts(beads: &[IdBead]) -> (usize, usize) {
    let src = beads.iter().filter(|(_, t)| t.is_empty()).map(|(s, _)| s.len()).sum();
    let tgt = beads.iter().filter(|(s, _)| s.is_empty()).map(|(_, t)| t.len()).sum();
    (src, tgt)
}

#[test]
fn the_chinese_english_side_prior_is_that_of_its_gold() {
    // src/align/pairs.rs: ZH_EN_SIDE is the side prior of the units alone
    // on each side of MAC-Dev's gold and the Tianjin zh-Hant→en gold.
    use clausediff::align::pairs::{side_prior, ZH_EN_SIDE};
    let root = Path::new("../shared/data/mac-dev/gold");
    if !root.is_dir() {
        use std::io::Write;
        let msg = format!("SKIPPED: {} is absent; the Chinese–English side prior is not counted\n", root.display());
        let _ = std::io::stderr().lock().write_all(msg.as_bytes());
        return;
    }
    let mut files: Vec<String> = std::fs::read_dir(root)
        .expect("gold dir")
        .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
        .collect();
    files.push("alignments/tianjin/zh-Hant--en.sent.align".into());
    let (mut src, mut tgt) = (0, 0);
    for f in &files {
        let (s, t) = alone_counts(&gold(f));
        (src, tgt) = (src + s, tgt + t);
    }
    assert_eq!((files.len(), src, tgt), (7, 13, 0));
    assert!((side_prior(src, tgt) - ZH_EN_SIDE).abs() < 5e-5, "{}", side_prior(src, tgt));
}
