//! Lint speed on 1 MB of traditional Chinese: the bundled traditional text
//! and MAC-Dev's seven literary chapters (../shared/data, through OpenCC's
//! s2t), different texts, taken in turn until 1 MB is reached.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use clausediff::lint::lint;
use clausediff::{Document, Lang};
use criterion::{criterion_group, criterion_main, Criterion};

fn texts() -> Vec<String> {
    let mut out =
        vec![std::fs::read_to_string(clausediff_bench::repo("texts/tianjin/zh-Hant.txt")).expect("bundled text")];
    match std::fs::read_dir(clausediff_bench::repo("../shared/data/mac-dev/zh")) {
        Ok(dir) => {
            let mut files: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            out.extend(
                files
                    .iter()
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .map(|t| clausediff::text::convert::to_traditional(&t)),
            );
        }
        Err(_) => eprintln!("../shared/data/mac-dev is absent: the bundled text alone makes the megabyte"),
    }
    out
}

fn bench(c: &mut Criterion) {
    let texts = texts();
    let mut mb = String::new();
    for t in texts.iter().cycle() {
        if mb.len() >= 1 << 20 {
            break;
        }
        mb.push_str(t);
        mb.push_str("\n\n");
    }
    let doc = Document::from_text(mb, Some(Lang::ZhHant)).expect("doc");
    let mut group = c.benchmark_group("lint");
    group.sample_size(10);
    group.bench_function("zh-Hant/1MB", |b| b.iter(|| lint(&doc).map(|r| r.report.findings.len())));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
