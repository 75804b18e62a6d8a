//! Snapshots of whole outputs on the bundled texts (insta): the `diff` and
//! `check` findings, the terms and the concordance, and every renderer. A
//! change to a rule shows up here finding by finding; `cargo insta review`
//! (or `INSTA_UPDATE=always cargo test --test snapshots`) accepts a change
//! that is meant. The snapshots with the sentence-embedding model are
//! skipped with a message when the model is absent (CI fetches it).

mod embed_support;

use std::path::Path;

use clausediff::check::{check, CheckOptions};
use clausediff::diff::{diff, DiffOptions};
use clausediff::render::{self, html::html, report_table, Aligned, DisplayOptions};
use clausediff::terms::{analyse, concord, Glossary};
use clausediff::{align_documents, AlignOptions, Document, Level};
use insta::assert_snapshot;

fn load(tag: &str) -> Document {
    Document::load(Path::new(&format!("texts/tianjin/{tag}.txt")), &Default::default()).expect("bundled text")
}

fn versions() -> Vec<Document> {
    ["en", "ru", "zh-Hans"].iter().map(|t| load(t)).collect()
}

const WIDTH: DisplayOptions = DisplayOptions { width: 120, colour: false, context: None };

#[test]
fn diff_of_the_two_chinese_scripts() {
    let (old, new) = (load("zh-Hant"), load("zh-Hans"));
    let r = diff(&old, &new, &DiffOptions::default()).expect("diff");
    let view = clausediff::render::view::View::of_diff(&r, &old, &new);
    assert_snapshot!("diff_json", view.report.to_json());
    assert_snapshot!("diff_table", report_table(&view, &WIDTH));
    assert_snapshot!("diff_html", html(&view, "diff"));
}

#[test]
fn diff_at_clause_level() {
    let (old, new) = (load("zh-Hant"), load("zh-Hans"));
    let mut opts = DiffOptions::default();
    opts.align.level = Level::Clause;
    let r = diff(&old, &new, &opts).expect("diff");
    assert_snapshot!("diff_clause_json", r.report.to_json());
}

/// The check's findings as JSON and a table, its terms and concordance,
/// and (with `page`) the HTML report.
fn check_snapshots(name: &str, opts: &CheckOptions, page: bool) {
    let master = load("zh-Hant");
    let vs = versions();
    let refs: Vec<&Document> = vs.iter().collect();
    let r = check(&master, &refs, opts).expect("check");
    let view = clausediff::render::view::View::of_check(&r, &master, &refs);
    assert_snapshot!(format!("{name}_json"), view.report.to_json());
    assert_snapshot!(format!("{name}_table"), report_table(&view, &WIDTH));
    if page {
        assert_snapshot!(format!("{name}_html"), html(&view, "check"));
    }
    let g = Glossary::read(Path::new("texts/tianjin/glossary.tsv")).expect("glossary");
    let t = analyse(&master, &refs, &r.aligned, &g);
    assert_snapshot!(format!("{name}_terms"), serde_json::to_string_pretty(&t).expect("json"));
    let lines = concord("上海精神", &master, &refs, &r.aligned);
    assert_snapshot!(format!("{name}_concord"), serde_json::to_string_pretty(&lines).expect("json"));
}

#[test]
fn check_without_the_model() {
    check_snapshots("check_no_model", &CheckOptions::default(), true);
}

#[test]
fn check_with_the_model() {
    let Some(model) = embed_support::model_or_skip("check snapshots with the model") else { return };
    check_snapshots("check_model", &CheckOptions::default().with_model(model), false);
}

fn align_snapshots(name: &str, opts: &AlignOptions) {
    let master = load("zh-Hant");
    for v in versions() {
        let r = align_documents(&master, &v, opts);
        let a = Aligned { src: &master, tgt: &v, result: &r };
        let tag = v.lang.tag();
        assert_snapshot!(format!("{name}_{tag}_beads"), render::beads(&a));
        if tag == "en" {
            // Every renderer once; the beads of the other pairs are enough to follow the alignment.
            assert_snapshot!(format!("{name}_{tag}_table"), render::table(&a, &WIDTH));
            assert_snapshot!(format!("{name}_{tag}_json"), render::json(&a));
            assert_snapshot!(format!("{name}_{tag}_tsv"), render::tsv(&a));
            assert_snapshot!(format!("{name}_{tag}_tmx"), render::tmx(&a));
        }
    }
}

#[test]
fn align_without_the_model() {
    align_snapshots("align_no_model", &AlignOptions::default());
}

#[test]
fn align_clauses_without_the_model() {
    let master = load("zh-Hant");
    let en = load("en");
    let r = align_documents(&master, &en, &AlignOptions { level: Level::Clause, ..Default::default() });
    assert_snapshot!("align_clause_en_beads", render::beads(&Aligned { src: &master, tgt: &en, result: &r }));
}

#[test]
fn align_with_the_model() {
    let Some(model) = embed_support::model_or_skip("align snapshots with the model") else { return };
    let opts = AlignOptions::default().with_model(model);
    let master = load("zh-Hant");
    for v in versions() {
        let r = align_documents(&master, &v, &opts);
        let a = Aligned { src: &master, tgt: &v, result: &r };
        assert_snapshot!(format!("align_model_{}_beads", v.lang.tag()), render::beads(&a));
    }
}
