//! Alignment speed: two 20,000-sentence documents (the bundled Tianjin
//! sentences repeated), zh-Hant ↔ en with every signal, and a 2,000-sentence
//! pair for comparison. Peak memory of the same job is measured by
//! `scripts/accuracy.sh` with /usr/bin/time.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use clausediff::align::{align_units, Side};
use clausediff::{AlignOptions, Lang};
use criterion::{criterion_group, criterion_main, Criterion};

fn repeated(path: &str, n: usize) -> Vec<String> {
    let text = std::fs::read_to_string(clausediff_bench::repo(path)).expect("bundled presegmented text");
    let lines: Vec<String> = text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
    lines.iter().cycle().take(n).cloned().collect()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("align");
    group.sample_size(10);
    for n in [2_000usize, 20_000] {
        let zh = repeated("alignments/tianjin/zh-Hant.sent.txt", n);
        let en = repeated("alignments/tianjin/en.sent.txt", n * 171 / 177);
        let opts = AlignOptions::default();
        group.bench_function(format!("zh-Hant-en/{n}x{}", en.len()), |b| {
            b.iter(|| {
                let src = Side::new(zh.iter().map(String::as_str).collect(), Lang::ZhHant);
                let tgt = Side::new(en.iter().map(String::as_str).collect(), Lang::En);
                align_units(&src, &tgt, &opts).alignment.beads.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
