//! The model's files as `--model DIR` reads them: `Encoder::load` on a
//! scratch directory whose `weights.npz` (a zip archive of `.npy` arrays:
//! the directory read from the end of the file, members stored or
//! deflated, ZIP64, CRCs, `.npy` headers and shapes) or `sp.model` (the
//! SentencePiece protobuf) is the input, the other file empty. A file that
//! is no model must be an error, never a panic or an allocation past the
//! input's size.
//!
//! Input: one control byte (bit 0: the input is `sp.model`, else
//! `weights.npz`), then the file.

#![no_main]

#[path = "common.rs"]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A scratch directory of this process.
fn scratch() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("clausediff-fuzz-model-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("scratch directory");
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let (c, bytes) = common::split_control(data);
    let dir = scratch();
    let (fuzzed, other) = if c & 1 == 1 { ("sp.model", "weights.npz") } else { ("weights.npz", "sp.model") };
    std::fs::write(dir.join(fuzzed), bytes).expect("write the input");
    std::fs::write(dir.join(other), b"").expect("write the other file");
    if let Ok(enc) = clausediff::embed::Encoder::load(dir) {
        // Not reached with an empty file beside the input; kept so that a
        // loaded model is used as the commands use it.
        let _ = enc.encode(&["成員國", "member states"]);
    }
});
