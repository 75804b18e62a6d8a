//! Long real documents: the six MAC-Dev chapters and the bundled Tianjin
//! sentences (zh→en), concatenated in one order on both sides and cycled
//! to 1,000, 5,000 and 20,000 source sentences, aligned whole as
//! `scripts/long-bench.py` aligns them (which also scores them against
//! their gold and measures peak memory). Without the encoder at every
//! size; with it at 1,000 and 5,000, a fresh cache each time (so every
//! distinct sentence is encoded in every run). Skipped, with a message,
//! when ../shared/data is absent.

#![allow(missing_docs)] // criterion_group! generates undocumented items

use clausediff::align::semantic::Model;
use clausediff::align::{align_units, Side};
use clausediff::{AlignOptions, Lang};
use criterion::{criterion_group, criterion_main, Criterion};

#[path = "../../../tests/embed_support/mod.rs"]
mod common;

/// The lines of each text (`zh` or `en` side), MAC-Dev's chapters then
/// Tianjin's sentences.
fn pieces(side: &str) -> Vec<Vec<String>> {
    let lines = |t: &str| t.lines().map(str::to_string).collect::<Vec<_>>();
    let mut out: Vec<Vec<String>> = clausediff_bench::mac_dev(side).iter().map(|t| lines(t)).collect();
    let tianjin = if side == "zh" { "alignments/tianjin/zh-Hans.sent.txt" } else { "alignments/tianjin/en.sent.txt" };
    if let Ok(t) = std::fs::read_to_string(clausediff_bench::repo(tianjin)) {
        out.push(lines(&t));
    }
    out
}

/// Both sides cycled, whole texts at a time, until the source has `n` lines.
fn document(zh: &[Vec<String>], en: &[Vec<String>], n: usize) -> (Vec<String>, Vec<String>) {
    let (mut src, mut tgt) = (Vec::new(), Vec::new());
    for (s, t) in zh.iter().zip(en).cycle() {
        if src.len() >= n {
            break;
        }
        src.extend(s.iter().cloned());
        tgt.extend(t.iter().cloned());
    }
    (src, tgt)
}

fn align(src: &[String], tgt: &[String], opts: &AlignOptions) -> usize {
    let s = Side::new(src.iter().map(String::as_str).collect(), Lang::ZhHans);
    let t = Side::new(tgt.iter().map(String::as_str).collect(), Lang::En);
    align_units(&s, &t, opts).alignment.beads.len()
}

fn bench(c: &mut Criterion) {
    let (zh, en) = (pieces("zh"), pieces("en"));
    if zh.len() < 7 || zh.len() != en.len() {
        eprintln!("bench long: ../shared/data/mac-dev is absent or incomplete: skipped");
        return;
    }
    let mut group = c.benchmark_group("long");
    group.sample_size(10);
    let model = common::encoder_or_skip("bench long (with the encoder)");
    for n in [1_000usize, 5_000, 20_000] {
        let (src, tgt) = document(&zh, &en, n);
        let plain = AlignOptions::default();
        group.bench_function(format!("zh-en/{}x{}/no-model", src.len(), tgt.len()), |b| {
            b.iter(|| align(&src, &tgt, &plain))
        });
        if let Some(enc) = model.as_ref().filter(|_| n <= 5_000) {
            group.bench_function(format!("zh-en/{}x{}/model", src.len(), tgt.len()), |b| {
                b.iter(|| align(&src, &tgt, &AlignOptions::default().with_model(Model::new(enc.clone()))))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
