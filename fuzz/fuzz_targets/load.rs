//! The document loader: bytes → `Document::load` (encoding detected or
//! declared, BOMs, language detected or declared, offsets back into the
//! file; DOCX archives and HTML pages extracted), then the loaded text
//! segmented at every level.
//!
//! Input: one control byte (bits 0–2: the declared encoding, none for 0;
//! bits 3–5: the declared language, none for 0 or 6–7), then the file's bytes.

#![no_main]

#[path = "common.rs"]
mod common;

use std::path::PathBuf;
use std::sync::OnceLock;

use clausediff::segment::{segment, SegmentOptions};
use clausediff::{Document, LoadOptions};
use libfuzzer_sys::fuzz_target;

const ENCODINGS: [Option<&str>; 8] = [
    None,
    Some("utf-8"),
    Some("gb18030"),
    Some("big5"),
    Some("windows-1251"),
    Some("utf-16le"),
    Some("utf-16be"),
    Some("no-such-encoding"),
];

/// One scratch file per process (the loader reads paths, not bytes).
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| std::env::temp_dir().join(format!("clausediff-fuzz-load-{}.txt", std::process::id())))
}

fuzz_target!(|data: &[u8]| {
    let (c, bytes) = common::split_control(data);
    let encoding = ENCODINGS[(c & 7) as usize].map(str::to_string);
    let lang = match (c >> 3) & 7 {
        l @ 1..=5 => Some(common::LANGS[l as usize - 1]),
        _ => None,
    };
    let path = scratch();
    std::fs::write(path, bytes).expect("write the scratch file");
    let opts = LoadOptions { encoding, lang, ..Default::default() };
    let Ok(doc) = Document::load(path, &opts) else { return };
    // The offset map: monotone, and never past the file (for text extracted
    // from a DOCX or HTML file, offsets are into that text, and every
    // paragraph has its locator).
    let bound = if doc.source.format.is_some() { doc.text.len() } else { bytes.len() };
    let mut last = 0;
    for (i, _) in doc.text.char_indices().chain(std::iter::once((doc.text.len(), ' '))) {
        let f = doc.file_offset(i);
        assert!(f >= last, "file offset of {i} ({f}) before that of an earlier character ({last})");
        assert!(f <= bound, "file offset of {i} ({f}) past the file ({bound} bytes)");
        last = f;
    }
    if doc.source.format.is_some() {
        assert!(doc.source.locate(0).is_some(), "the first paragraph has a locator");
    }
    let _ = doc.name();
    for level in common::LEVELS {
        let seg = segment(&doc.text, doc.lang, level, &SegmentOptions::default());
        common::check_segmentation(&doc.text, &seg);
    }
});
