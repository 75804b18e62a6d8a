//! Diff speed on 1 MB releases of real text: the bundled Tianjin editions
//! and MAC-Dev's literary chapters (../shared/data), different documents
//! taken in turn until 1 MB is reached. Chinese: the traditional text
//! (MAC-Dev's through OpenCC's s2t) against the simplified one; English:
//! the text against a copy with numbers and wording changed.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use clausediff::diff::{diff, DiffOptions};
use clausediff::text::convert::to_traditional;
use clausediff::{Document, Lang};
use clausediff_bench::{fill, mac_dev, repo};
use criterion::{criterion_group, criterion_main, Criterion};

fn bundled(name: &str) -> String {
    std::fs::read_to_string(repo(&format!("texts/tianjin/{name}.txt"))).expect("bundled text")
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    let hans: Vec<String> = std::iter::once(bundled("zh-Hans")).chain(mac_dev("zh")).collect();
    let mut hant: Vec<String> = hans.iter().map(|t| to_traditional(t)).collect();
    hant[0] = bundled("zh-Hant");
    let zh_old = Document::from_text(fill(&hant, 1 << 20), Some(Lang::ZhHant)).expect("doc");
    let zh_new = Document::from_text(fill(&hans, 1 << 20), Some(Lang::ZhHans)).expect("doc");
    let en_texts: Vec<String> = std::iter::once(bundled("en")).chain(mac_dev("en")).collect();
    let en = fill(&en_texts, 1 << 20);
    let en_changed = en.replacen("2025", "2026", 40).replacen("reaffirm", "confirm", 40);
    let en_old = Document::from_text(en, Some(Lang::En)).expect("doc");
    let en_new = Document::from_text(en_changed, Some(Lang::En)).expect("doc");
    let opts = DiffOptions::default();
    group.bench_function("zh-Hant-vs-zh-Hans/1MB", |b| {
        b.iter(|| diff(&zh_old, &zh_new, &opts).map(|r| r.report.findings.len()))
    });
    group.bench_function("en-releases/1MB", |b| {
        b.iter(|| diff(&en_old, &en_new, &opts).map(|r| r.report.findings.len()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
