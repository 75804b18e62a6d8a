//! `check` on short faithful translations written for the purpose (in
//! `tests/fixtures/short/`: a joint statement, an agreement's final
//! clauses, an article with decision numbers and abbreviations, articles
//! whose English and Russian move a clause of purpose or condition to the
//! other end of the sentence, a notice with hours, prices, areas, a
//! telephone number and an e-mail address, chapters and articles of a
//! law): none may raise a finding, with or without
//! the encoder. Damaged by hand, the numbers left out with their clauses
//! are reported, and so is a sentence left out of the Russian.

mod embed_support;

use std::path::PathBuf;

use clausediff::check::{check, CheckOptions};
use clausediff::report::{Finding, Kind};
use clausediff::{Document, Lang};

/// The texts of one set: master, English, Russian.
fn texts(name: &str) -> [String; 3] {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/short").join(name);
    ["zh-Hant.txt", "en.txt", "ru.txt"].map(|f| std::fs::read_to_string(dir.join(f)).expect("fixture"))
}

/// The findings of `check` on the master and its English and Russian versions.
fn findings([zh, en, ru]: &[String; 3], opts: &CheckOptions) -> Vec<Finding> {
    let doc = |t: &str, l: Lang| Document::from_text(t.to_string(), Some(l)).expect("document");
    let (en, ru) = (doc(en, Lang::En), doc(ru, Lang::Ru));
    check(&doc(zh, Lang::ZhHant), &[&en, &ru], opts).expect("check").report.findings
}

#[test]
fn short_faithful_translations_raise_no_finding() {
    for name in ["statement", "agreement", "article", "purposes", "notice", "law"] {
        let set = texts(name);
        for opts in embed_support::check_options("short texts with the model") {
            let found = findings(&set, &opts);
            assert!(found.is_empty(), "{name}: {found:#?}");
        }
    }
}

#[test]
fn numbers_left_out_with_their_clauses_are_reported_as_written() {
    let [zh, en, ru] = texts("statement");
    let en = en.replace(", an increase of 12.5% year on year", "").replace(" and strive to double trade by 2030", "");
    for opts in embed_support::check_options("short texts with the model") {
        let found = findings(&[zh.clone(), en.clone(), ru.clone()], &opts);
        let numbers: Vec<&str> = found.iter().filter(|f| f.kind == Kind::Number).map(|f| f.message.as_str()).collect();
        assert_eq!(numbers, ["master has 12.5 not found in en", "master has 2030 not found in en"], "{found:#?}");
        // Anything else found is at the clauses left out.
        let at_damage =
            |f: &Finding| f.master.as_ref().is_some_and(|m| m.text.contains("12.5%") || m.text.contains("2030年"));
        assert!(found.iter().all(at_damage), "{found:#?}");
    }
}

#[test]
fn a_sentence_left_out_of_a_short_text_is_reported() {
    let Some(model) = embed_support::model_or_skip("a sentence left out of a short text") else { return };
    let [zh, en, ru] = texts("article");
    let ru = ru.replace(
        " При отсутствии особых обстоятельств совещание проводится в столице председательствующего государства.",
        "",
    );
    let found = findings(&[zh, en, ru], &CheckOptions::default().with_model(model));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].kind, Kind::Missing);
    assert!(found[0].master.as_ref().is_some_and(|m| m.text.contains("如無特殊情況")), "{found:#?}");
}

#[test]
fn a_clause_with_the_address_it_gives_left_out_is_the_one_finding() {
    let [zh, en, ru] = texts("notice");
    let ru = ru.replace(" или пишите на info@museum.example.org", "");
    for opts in embed_support::check_options("short texts with the model") {
        let found = findings(&[zh.clone(), en.clone(), ru.clone()], &opts);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!((found[0].kind, found[0].version.as_str()), (Kind::Missing, "ru"), "{found:#?}");
        assert!(found[0].master.as_ref().is_some_and(|m| m.text.contains("寄送電子郵件")), "{found:#?}");
    }
}

#[test]
fn a_clause_left_out_of_an_article_of_a_law_is_reported_there() {
    let [zh, en, ru] = texts("law");
    let en =
        en.replace(", and encourages and supports innovative applications of data in all industries and fields", "");
    for opts in embed_support::check_options("short texts with the model") {
        let found = findings(&[zh.clone(), en.clone(), ru.clone()], &opts);
        assert!(found.iter().any(|f| f.master.as_ref().is_some_and(|m| m.text.contains("創新應用"))), "{found:#?}");
        // Every finding is English content missing from that article.
        let article = zh.lines().find(|l| l.starts_with("第十四條")).unwrap_or_default();
        let there = |f: &Finding| {
            f.kind == Kind::Missing && f.version == "en" && f.master.as_ref().is_some_and(|m| article.contains(&m.text))
        };
        assert!(found.iter().all(there), "{found:#?}");
    }
}
