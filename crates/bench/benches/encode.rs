//! Throughput of `Encoder::encode` on the first 1,000 "real" sentences of the
//! test corpus (the bundled Tianjin sentences plus those of
//! `tests/fixtures/embed/own.jsonl`; the synthetic edge cases are left out).

#![allow(missing_docs)] // criterion_group! generates undocumented items
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

#[path = "../../../tests/embed_support/mod.rs"]
mod common;

fn bench(c: &mut Criterion) {
    let Some(enc) = common::encoder_or_skip("bench encode") else { return };
    let corpus = common::load_corpus();
    let texts: Vec<&str> = corpus.iter().filter(|c| c.kind == "real").take(1000).map(|c| c.text.as_str()).collect();
    let ntok: usize = texts.iter().map(|t| enc.tokenize(t).len()).sum();
    eprintln!("bench: {} sentences, {} tokens (mean {:.1})", texts.len(), ntok, ntok as f64 / texts.len() as f64);
    let mut g = c.benchmark_group("encode");
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.sample_size(10);
    g.bench_function("encode_1000_sentences", |b| b.iter(|| enc.encode(&texts)));
    // the same on one core (robust against other load on the machine)
    if let Ok(pool) = rayon::ThreadPoolBuilder::new().num_threads(1).build() {
        g.bench_function("encode_1000_sentences_1_thread", |b| b.iter(|| pool.install(|| enc.encode(&texts))));
    }
    let first100 = &texts[..texts.len().min(100)];
    g.throughput(Throughput::Elements(first100.len() as u64));
    g.bench_function("encode_100_one_call_per_sentence", |b| {
        b.iter(|| first100.iter().map(|t| enc.encode(&[t])[0][0]).sum::<f32>())
    });
    g.throughput(Throughput::Elements(texts.len() as u64));
    g.bench_function("tokenize_1000_sentences", |b| {
        b.iter(|| texts.iter().map(|t| enc.tokenize(t).len()).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
