//! Diff speed: 1 MB releases — the bundled zh-Hant and zh-Hans texts repeated
//! to 1 MB, and the English text repeated to 1 MB against a copy with numbers
//! and wording changed.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use clausediff::diff::{diff, DiffOptions};
use clausediff::{Document, Lang};
use criterion::{criterion_group, criterion_main, Criterion};

fn repeated(path: &str, bytes: usize) -> String {
    let text = std::fs::read_to_string(clausediff_bench::repo(path)).expect("bundled text");
    let mut out = String::with_capacity(bytes + text.len());
    while out.len() < bytes {
        out.push_str(&text);
        out.push_str("\n\n");
    }
    out
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    let zh_old = Document::from_text(repeated("texts/tianjin/zh-Hant.txt", 1 << 20), Some(Lang::ZhHant)).expect("doc");
    let zh_new = Document::from_text(repeated("texts/tianjin/zh-Hans.txt", 1 << 20), Some(Lang::ZhHans)).expect("doc");
    let en = repeated("texts/tianjin/en.txt", 1 << 20);
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
