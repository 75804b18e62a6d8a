//! Shared helpers for the tests and the bench.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

pub const TIANJIN_FILES: [&str; 4] = ["zh-Hant.sent.txt", "zh-Hans.sent.txt", "en.sent.txt", "ru.sent.txt"];

fn say(msg: &str) {
    let _ = std::io::stderr().lock().write_all(msg.as_bytes());
}

/// `USEM_MODEL_DIR`, else the library's default place
/// ([`clausediff::embed::default_dir`]); `None` when there is none.
pub fn model_dir() -> Option<PathBuf> {
    std::env::var_os("USEM_MODEL_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(clausediff::embed::default_dir)
}

/// The encoder, loaded once per test binary, or `None` after a visible
/// skip message ([`model_dir_or_skip`]).
pub fn encoder_or_skip(test: &str) -> Option<std::sync::Arc<clausediff::embed::Encoder>> {
    static ENCODER: std::sync::OnceLock<std::sync::Arc<clausediff::embed::Encoder>> = std::sync::OnceLock::new();
    let dir = model_dir_or_skip(test)?;
    Some(
        ENCODER
            .get_or_init(|| {
                let enc = clausediff::embed::Encoder::load(&dir)
                    .unwrap_or_else(|e| panic!("cannot load the model from {}: {e}", dir.display()));
                std::sync::Arc::new(enc)
            })
            .clone(),
    )
}

/// The encoder as the alignment's model ([`encoder_or_skip`]), with a
/// cache of its own.
pub fn model_or_skip(test: &str) -> Option<clausediff::align::semantic::Model> {
    encoder_or_skip(test).map(clausediff::align::semantic::Model::new)
}

/// The model directory, or `None` after printing a visible skip message.
pub fn model_dir_or_skip(test: &str) -> Option<PathBuf> {
    let fetch = "scripts/fetch-model.sh or set USEM_MODEL_DIR";
    dir_or_skip(test, model_dir(), &["weights.npz", "sp.model"], fetch)
}

/// `dir` when it holds every one of `files`; else, under CI, a failure
/// (CI fetches what the tests read), and otherwise `None` after a skip
/// message that names what to run (`fetch`), written past the test
/// harness's capture so that it shows.
pub fn dir_or_skip(test: &str, dir: Option<PathBuf>, files: &[&str], fetch: &str) -> Option<PathBuf> {
    let shown = dir.as_ref().map_or_else(|| "no directory (no HOME)".to_string(), |d| d.display().to_string());
    match dir {
        Some(d) if files.iter().all(|f| d.join(f).is_file()) => Some(d),
        _ if std::env::var_os("CI").is_some() => {
            panic!("{test}: CI must fetch {} first ({fetch}); not in {shown}", files.join(", "))
        }
        _ => {
            say(&format!("SKIPPED {test}: no {} in {shown} (run {fetch})\n", files.join("/")));
            None
        }
    }
}

/// The repository's root, from the package whose test or bench includes
/// this file (the library at the root, or a crate under `crates/`).
pub fn repo() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.ancestors().find(|d| d.join("alignments").is_dir()).unwrap_or(here).to_path_buf()
}

pub fn data_dir() -> PathBuf {
    repo().join("tests").join("fixtures").join("embed")
}

/// Directory of the tianjin sentence files (the bundled presegmented texts).
pub fn tianjin_dir() -> PathBuf {
    std::env::var_os("TIANJIN_DIR").map(PathBuf::from).unwrap_or_else(|| repo().join("alignments").join("tianjin"))
}

#[derive(Clone, Debug)]
pub struct Entry {
    pub src: String,
    pub line: usize,
    pub kind: String,
    pub text: String,
}

/// own.jsonl entries, then the non-empty lines of the tianjin files — the
/// same order as scripts/embed/make_reference.py.
pub fn load_corpus() -> Vec<Entry> {
    let mut out = Vec::new();
    let own = std::fs::read_to_string(data_dir().join("own.jsonl")).expect("tests/fixtures/embed/own.jsonl");
    for (i, line) in own.lines().enumerate() {
        let v: serde_json::Value = serde_json::from_str(line).expect("own.jsonl line");
        out.push(Entry {
            src: "own".into(),
            line: i,
            kind: v["kind"].as_str().unwrap_or("real").into(),
            text: v["text"].as_str().unwrap_or_default().into(),
        });
    }
    let tdir = tianjin_dir();
    for name in TIANJIN_FILES {
        let path = tdir.join(name);
        let content = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!("{}: {e} (the sentence files are in the repository; TIANJIN_DIR moves them)", path.display())
        });
        for (i, text) in content.split('\n').enumerate() {
            if !text.trim().is_empty() {
                out.push(Entry { src: format!("tianjin/{name}"), line: i, kind: "real".into(), text: text.into() });
            }
        }
    }
    out
}

/// Index from (src, line) to corpus entry.
pub fn corpus_index(corpus: &[Entry]) -> std::collections::HashMap<(String, usize), usize> {
    corpus.iter().enumerate().map(|(i, e)| ((e.src.clone(), e.line), i)).collect()
}

pub fn f16_to_f32(h: u16) -> f32 {
    let sign = if h & 0x8000 != 0 { -1.0f32 } else { 1.0 };
    let exp = ((h >> 10) & 0x1f) as i32;
    let frac = (h & 0x3ff) as f32;
    match exp {
        0 => sign * frac * 2f32.powi(-24),
        31 => {
            if frac == 0.0 {
                sign * f32::INFINITY
            } else {
                f32::NAN
            }
        }
        e => sign * (1.0 + frac / 1024.0) * 2f32.powi(e - 15),
    }
}

/// `check`'s options without the encoder, and with it when it is there
/// (`test` names what is skipped, in the message, when it is not).
pub fn check_options(test: &str) -> Vec<clausediff::check::CheckOptions> {
    let mut out = vec![clausediff::check::CheckOptions::default()];
    if let Some(model) = model_or_skip(test) {
        out.push(clausediff::check::CheckOptions::default().with_model(model));
    }
    out
}
