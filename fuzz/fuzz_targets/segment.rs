//! The segmenter: `clausediff::segment::segment` at every level, every
//! language and both modes (running text, presegmented lines), with the
//! clause minimums varied; the result's invariants are checked.
//!
//! Input: one control byte (bits 0–2: the language; bit 3: presegmented;
//! bits 4–7: the clause minimums), then the text (invalid UTF-8 replaced).

#![no_main]

#[path = "common.rs"]
mod common;

use clausediff::segment::{segment, SegmentOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (c, bytes) = common::split_control(data);
    let text = common::lossy(bytes);
    let lang = common::LANGS[(c & 7) as usize % common::LANGS.len()];
    let m = (c >> 4) as usize;
    let opts = SegmentOptions { presegmented: c & 8 != 0, min_clause_chars_zh: m * 2, min_clause_words: m / 2 };
    for level in common::LEVELS {
        let seg = segment(&text, lang, level, &opts);
        common::check_segmentation(&text, &seg);
        for i in 0..seg.units.len() {
            let _ = seg.unit_text(&text, i);
        }
    }
});
