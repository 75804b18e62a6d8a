//! Lint speed on 1 MB of traditional Chinese: the bundled traditional text
//! and MAC-Dev's seven literary chapters (../shared/data, through OpenCC's
//! s2t), different texts, taken in turn until 1 MB is reached.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use clausediff::lint::lint;
use clausediff::{Document, Lang};
use criterion::{criterion_group, criterion_main, Criterion};

fn texts() -> Vec<String> {
    let bundled = std::fs::read_to_string(clausediff_bench::repo("texts/tianjin/zh-Hant.txt")).expect("bundled text");
    std::iter::once(bundled)
        .chain(clausediff_bench::mac_dev("zh").iter().map(|t| clausediff::text::convert::to_traditional(t)))
        .collect()
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let mb = clausediff_bench::fill(&texts, 1 << 20);
    let doc = Document::from_text(mb, Some(Lang::ZhHant)).expect("doc");
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.bench_function("zh-Hant/1MB", |b| b.iter(|| lint(&doc).map(|r| r.report.findings.len())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
