#![cfg(unix)]
//! The embeddings kept between runs: a second run gives what the first
//! gave, without the model's work; a damaged store is replaced, never
//! trusted; `--no-embedding-cache` keeps nothing.

#[path = "../../../tests/embed_support/mod.rs"]
mod embed_support;

mod support;

use std::path::{Path, PathBuf};

use support::cmd;

/// `check texts/tianjin --format json` with the model in `model` and the
/// cache directory `cache`, and `extra` arguments: its output.
fn check(model: &Path, cache: &Path, extra: &[&str]) -> Vec<u8> {
    let model = model.display().to_string();
    let mut args = vec!["check", "texts/tianjin", "--format", "json", "--model", &model];
    args.extend_from_slice(extra);
    let out = cmd().env("XDG_CACHE_HOME", cache).args(&args).output().expect("runs");
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// The inode of `path`: a file made anew (and renamed into place) has
/// another.
fn inode(path: &Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).expect("store").ino()
}

/// The store files under `cache`.
fn stores(cache: &Path) -> Vec<PathBuf> {
    match std::fs::read_dir(cache.join("clausediff/embeddings")) {
        Ok(dir) => dir.filter_map(|e| e.ok().map(|e| e.path())).collect(),
        Err(_) => Vec::new(),
    }
}

#[test]
fn kept_embeddings_give_the_same_findings_and_a_damaged_store_is_replaced() {
    let Some(model) = embed_support::model_dir_or_skip("the embedding store") else { return };
    let cache = tempfile::tempdir().expect("dir");
    let first = check(&model, cache.path(), &[]);
    let files = stores(cache.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let size = std::fs::metadata(&files[0]).expect("store").len();
    assert!(size > 1_000_000, "{size} bytes kept");
    // Every text is kept: the second run appends nothing and finds the same.
    assert_eq!(check(&model, cache.path(), &[]), first);
    assert_eq!(std::fs::metadata(&files[0]).expect("store").len(), size);
    // A store damaged in the middle is not read: the run encodes again and
    // finds the same, and the store it makes anew holds every text (the
    // run after it appends nothing).
    let mut bytes = std::fs::read(&files[0]).expect("store");
    let mid = bytes.len() / 2;
    bytes[mid..mid + 64].iter_mut().for_each(|b| *b ^= 0x5a);
    std::fs::write(&files[0], &bytes).expect("damage");
    let damaged = inode(&files[0]);
    assert_eq!(check(&model, cache.path(), &[]), first);
    assert_ne!(inode(&files[0]), damaged, "the damaged file was replaced, not read");
    let remade = std::fs::metadata(&files[0]).expect("store").len();
    assert_eq!(remade, size, "every text kept once, as by the first run");
    assert_eq!(check(&model, cache.path(), &[]), first);
    assert_eq!(std::fs::metadata(&files[0]).expect("store").len(), remade);
    // A store of another model (another probe vector) is replaced too.
    let mut other = std::fs::read(&files[0]).expect("store");
    other[12..16].copy_from_slice(&1.0f32.to_le_bytes());
    std::fs::write(&files[0], &other).expect("write");
    let foreign = inode(&files[0]);
    assert_eq!(check(&model, cache.path(), &[]), first);
    assert_ne!(inode(&files[0]), foreign, "the other model's file was replaced");
    let again = std::fs::metadata(&files[0]).expect("store").len();
    assert_ne!(std::fs::read(&files[0]).expect("store")[12..16], 1.0f32.to_le_bytes());
    assert!(again > 1_000_000, "{again}");
    // Without the cache: the same findings, and nothing kept.
    let none = tempfile::tempdir().expect("dir");
    assert_eq!(check(&model, none.path(), &["--no-embedding-cache"]), first);
    assert!(stores(none.path()).is_empty());
    let model_arg = model.display().to_string();
    let out = cmd()
        .env("XDG_CACHE_HOME", none.path())
        .env("CLAUSEDIFF_EMBEDDING_CACHE", "off")
        .args(["align", "texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt", "--model", &model_arg])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stores(none.path()).is_empty(), "CLAUSEDIFF_EMBEDDING_CACHE=off keeps nothing");
}

/// A relative `XDG_CACHE_HOME` is ignored (the XDG base directory rules):
/// the embeddings are kept under `~/.cache`, nothing under the working
/// directory.
#[test]
fn a_relative_cache_home_is_ignored() {
    let Some(model) = embed_support::model_dir_or_skip("a relative XDG_CACHE_HOME") else { return };
    let (home, work) = (tempfile::tempdir().expect("home"), tempfile::tempdir().expect("work"));
    std::fs::create_dir(home.path().join(".cache")).expect(".cache");
    let texts = support::root().join("texts/tianjin");
    let (zh, en) = (texts.join("zh-Hant.txt"), texts.join("en.txt"));
    let model = model.display().to_string();
    let out = cmd()
        .current_dir(work.path())
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", "relative-cache")
        .args(["align", &zh.display().to_string(), &en.display().to_string(), "--model", &model])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(!work.path().join("relative-cache").exists(), "nothing under the working directory");
    assert_eq!(stores(&home.path().join(".cache")).len(), 1, "kept under ~/.cache");
}
