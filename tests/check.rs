//! `check` quality on the bundled texts. The undamaged versions may be
//! reported missing only the news report that en and ru really lack, and
//! at most one more finding each. Versions damaged by a seeded generator
//! (sentences and clauses deleted, numbers altered) are checked against what
//! the generator did (`tests/check_support`): seeds 1–3 by default, `NSEEDS`
//! and `SEED0` choose others (docs/diff.md quotes sets of 36 seeds),
//! `MIN_CONFIDENCE` another threshold, `CHECK_DEBUG` prints what was missed
//! or wrongly reported, `CHECK_DUMP=DIR` writes each damaged version to DIR.

mod check_support;
mod common;
mod embed_support;

use std::path::PathBuf;

use check_support::{with_threshold, Seen, Texts};
use clausediff::check::CheckOptions;
use clausediff::report::Kind;
use clausediff::Lang;

/// The news report before the declaration: the master's first 13 lines,
/// up to this line, which en and ru do not translate.
const NEWS_END: &str = "全文如下：";

/// Whether a finding is the news report that en and ru lack.
fn in_news(s: &Seen<'_>) -> Option<&'static str> {
    let end = s.master.text.find(NEWS_END).map_or(0, |i| i + NEWS_END.len());
    let news = s.finding.kind == Kind::Missing && s.finding.master.as_ref().is_some_and(|m| m.end <= end);
    (s.lang != Lang::ZhHans && news).then_some("the news report")
}

/// The bundled Tianjin Declaration.
fn tianjin() -> Texts {
    let at = |f: &str| PathBuf::from("texts/tianjin").join(f);
    Texts {
        name: "tianjin",
        master: at("zh-Hant.txt"),
        versions: vec![(at("en.txt"), Lang::En), (at("ru.txt"), Lang::Ru), (at("zh-Hans.txt"), Lang::ZhHans)],
        real: in_news,
    }
}

#[test]
fn undamaged_versions_have_at_most_one_false_finding() {
    let Some(model) = embed_support::model_or_skip("the undamaged versions with the model") else { return };
    let opts = with_threshold(CheckOptions::default().with_model(model));
    for u in tianjin().undamaged(&opts) {
        let (lang, found) = (u.lang, &u.wrong);
        println!("{lang}: {} finding(s) besides the news report: {found:#?}", found.len());
        assert!(found.len() <= 1, "{lang}: {found:#?}");
    }
    // Without the model none: the Russian sentence full of dates read as
    // a short translation (−3.9 σ) was one until the numbers both sides
    // write left the length finding's ratio, and 與此同時，地緣政治對抗愈演愈烈，
    // was one (p 0.50, the English spelling out “Shanghai Cooperation
    // Organisation (SCO)” where the Russian writes ШОС) while a row holding
    // several beads of the version was read against the English lengths
    // (docs/diff.md, "Another version's length").
    for u in tianjin().undamaged(&with_threshold(CheckOptions::default())) {
        let (lang, found) = (u.lang, &u.wrong);
        println!("without the model, {lang}: {} finding(s) besides the news report: {found:#?}", found.len());
        assert!(found.is_empty(), "without the model, {lang}: {found:#?}");
    }
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn damaged_translations_are_reported_without_the_model() {
    let t = tianjin().measure(&with_threshold(CheckOptions::default()), "no model");
    assert_eq!(t.numbers_found, t.numbers, "every changed number is reported: {t:?}");
    // Length and the dictionary alone find fewer clauses missing from en
    // and ru (docs/diff.md); what they report must still be right.
    // Measured 0.756 / 0.985 on seeds 1–3 and 0.713–0.757 / 0.967–0.983 on
    // sets of 36, each version beside the others (0.554–0.583 alone).
    assert!(t.recall() >= 0.6 && t.precision() >= 0.9, "{t:?}");
}

#[test]
#[ignore = "quality run: `cargo test -- --ignored` (CI runs it)"]
fn damaged_translations_are_reported_with_the_model() {
    let Some(model) = embed_support::model_or_skip("check with the model") else { return };
    let t = tianjin().measure(&with_threshold(CheckOptions::default().with_model(model)), "model");
    assert_eq!(t.numbers_found, t.numbers, "every changed number is reported: {t:?}");
    // Measured 0.978 / 1.000 on seeds 1–3 (44 of 45 deletions) and 0.948–
    // 0.952 / 0.992–0.996 on sets of 36 seeds, each version beside the
    // others (docs/diff.md; 0.930 / 0.997 alone). Both are held to the
    // target of 0.95.
    assert!(t.recall() >= 0.95 && t.precision() >= 0.95, "{t:?}");
}

#[test]
fn a_head_numbered_otherwise_is_one_number_finding() {
    let master = "第一條\n\n人人生而自由，在尊嚴和權利上一律平等。\n\n第二條\n\n人人有權享有生命、自由和人身安全。\n\n第三條\n\n任何人不得使為奴隸或奴役。\n";
    let version = "Article 1\n\nAll human beings are born free and equal in dignity and rights.\n\nArticle 7\n\nEveryone has the right to life, liberty and security of person.\n\nArticle 3\n\nNo one shall be held in slavery or servitude.\n";
    let m = clausediff::Document::from_text(master.to_string(), Some(Lang::ZhHant)).expect("master");
    let v = clausediff::Document::from_text(version.to_string(), Some(Lang::En)).expect("version");
    let Some(model) = embed_support::model_or_skip("a head numbered otherwise") else { return };
    let r = clausediff::check::check(&m, &[&v], &CheckOptions::default().with_model(model)).expect("check");
    let found: Vec<(Kind, &str)> = r.report.findings.iter().map(|f| (f.kind, f.message.as_str())).collect();
    let numbered: Vec<_> = found.iter().filter(|(k, m)| *k == Kind::Number && m.contains("第二條")).collect();
    assert_eq!(numbered.len(), 1, "{found:?}");
    assert!(numbered[0].1.contains("Article 7"), "{found:?}");
    // Neither head is reported missing or added as well.
    let heads = |f: &&(Kind, &str)| matches!(f.0, Kind::Missing | Kind::Added);
    assert!(!found.iter().filter(heads).any(|(_, m)| m.contains("第二條") || m.contains("Article 7")), "{found:?}");
}

/// The master and the bundled `file` in `lang` without `cut`, checked
/// with the model (`None`, with a visible message, when it is absent).
fn checked_without(
    file: &str,
    lang: Lang,
    cut: &str,
    test: &str,
) -> Option<(clausediff::Document, clausediff::Document, clausediff::check::CheckResult)> {
    let model = embed_support::model_or_skip(test)?;
    let at = |f: &str| PathBuf::from("texts/tianjin").join(f);
    let master = clausediff::Document::load(&at("zh-Hant.txt"), &Default::default()).expect("master");
    let text = std::fs::read_to_string(at(file)).expect("the version");
    assert!(text.contains(cut), "the bundled {file} has {cut:?}");
    let damaged = clausediff::Document::from_text(text.replacen(cut, "", 1), Some(lang)).expect("the damaged version");
    let r = clausediff::check::check(&master, &[&damaged], &CheckOptions::default().with_model(model)).expect("check");
    Some((master, damaged, r))
}

/// The findings of `r` whose master side lies within the first `stretch`
/// of the master, and where that stretch starts.
fn findings_in<'r>(
    master: &clausediff::Document,
    r: &'r clausediff::check::CheckResult,
    stretch: &str,
) -> (Vec<&'r clausediff::report::Finding>, usize) {
    let start = master.text.find(stretch).expect("the stretch is in the master");
    let inside = |f: &&clausediff::report::Finding| {
        f.master.as_ref().is_some_and(|m| m.start >= start && m.end <= start + stretch.len())
    };
    (r.report.findings.iter().filter(inside).collect(), start)
}

#[test]
fn a_sentence_left_without_its_opening_clause_is_that_clause_missing_not_the_rest_added() {
    // Without «Государства-члены решительно осуждают террористическое
    // нападение,» the rest of the sentence stands alone, too short for the
    // alignment to pair with 成員國強烈譴責2025年4月22日在帕哈爾加姆發生的恐怖襲擊事件。
    let cut = "Государства-члены решительно осуждают террористическое нападение, ";
    let test = "a sentence without its opening clause";
    let Some((master, damaged, r)) = checked_without("ru.txt", Lang::Ru, cut, test) else { return };
    let (found, start) = findings_in(&master, &r, "成員國強烈譴責2025年4月22日在帕哈爾加姆發生的恐怖襲擊事件。");
    let here: Vec<_> = found.iter().map(|f| (f.kind, f.message.as_str())).collect();
    assert!(!here.is_empty(), "the clause is reported missing: {:#?}", r.report.findings);
    assert!(
        here.iter().all(|(k, m)| *k == Kind::Missing && !m.contains("帕哈爾加姆")),
        "part of the sentence, not the rest the version keeps: {here:?}"
    );
    let added: Vec<_> = r.report.findings.iter().filter(|f| f.kind == Kind::Added).map(|f| &f.message).collect();
    assert!(added.is_empty(), "the rest is not added: {added:?}");
    // The report's alignment (its rows) pairs the two as well.
    let (a, rest) = (&r.aligned.versions[0], damaged.text.find("совершённое 22 апреля").expect("the rest"));
    let paired = a.alignment.beads.iter().any(|b| match (r.aligned.master.span_of(&b.src), a.seg.span_of(&b.tgt)) {
        (Some(m), Some(v)) => m.start <= start && start < m.end && v.start <= rest && rest < v.end,
        _ => false,
    });
    assert!(paired, "the master sentence and the rest of its translation are one bead");
}

#[test]
fn a_clause_no_candidate_finds_alone_is_reported_through_its_sentence_as_a_whole() {
    // Without this clause each candidate of the master sentence stays under
    // the threshold (the likeliest, 根據自願原則, at p 0.47, then
    // 聯合國框架內 at 0.22), and the chance that one of them lacks its
    // counterpart (0.60) passes it.
    let cut = "within the framework of the United Nations and on a voluntary basis, ";
    let test = "a clause found through its sentence";
    let Some((master, damaged, r)) = checked_without("en.txt", Lang::En, cut, test) else { return };
    let words = "根據自願原則";
    // One finding, its highlight these words exactly.
    let (found, start) = findings_in(&master, &r, words);
    assert_eq!(found.len(), 1, "{:#?}", r.report.findings);
    let at = found[0].master.as_ref().map(|m| (m.start, m.end));
    assert_eq!((found[0].kind, at), (Kind::Missing, Some((start, start + words.len()))));
    let (message, p) = (&found[0].message, found[0].confidence.unwrap_or(0.0));
    assert!(message.contains("likeliest") && message.contains(words) && p >= 0.5, "{message} ({p})");
    // Without the encoder the side is not read so, and nothing is reported there.
    let plain = clausediff::check::check(&master, &[&damaged], &CheckOptions::default()).expect("check");
    assert!(plain.report.findings.iter().all(|f| !f.message.contains("likeliest")), "{:#?}", plain.report.findings);
}
