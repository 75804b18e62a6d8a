//! `diff` and `check` on small texts: the input holds two or three texts
//! (separated by the byte 0xFF, which UTF-8 never uses), each capped at
//! 4 KB; they are read with `Document::from_text` and compared with
//! `clausediff::diff::diff` (two releases, `DiffOptions::default()` at the
//! chosen level) and `clausediff::check::check` (a master and one or two
//! versions, no sentence-embedding model), and the findings formatted;
//! every text that is read is also linted (`clausediff::lint::lint`, which
//! refuses texts that are not Chinese), each finding's span checked to lie
//! in the text.
//!
//! Input: one control byte (bits 0–1: diff, check, both, both; bits 2–3:
//! the level, sentence for 3; bits 4–6: the language declared for every
//! text, none for 0 or 6–7), then the texts.

#![no_main]

#[path = "common.rs"]
mod common;

use clausediff::check::{check, CheckOptions};
use clausediff::diff::{diff, DiffOptions};
use clausediff::Document;
use libfuzzer_sys::fuzz_target;

/// The most bytes of one text.
const MAX_TEXT: usize = 4096;

fuzz_target!(|data: &[u8]| {
    let (c, rest) = common::split_control(data);
    let level = common::LEVELS.get(((c >> 2) & 3) as usize).copied().unwrap_or_default();
    let lang = match (c >> 4) & 7 {
        l @ 1..=5 => Some(common::LANGS[l as usize - 1]),
        _ => None,
    };
    let texts: Vec<String> =
        rest.split(|&b| b == 0xFF).take(3).map(|t| common::cap(&common::lossy(t), MAX_TEXT).to_string()).collect();
    let docs: Vec<Document> = texts.into_iter().filter_map(|t| Document::from_text(t, lang).ok()).collect();
    for d in &docs {
        if let Ok(r) = clausediff::lint::lint(d) {
            for f in &r.report.findings {
                if let Some(m) = &f.master {
                    assert!(m.start <= m.end && m.end <= d.text.len(), "a finding past the text");
                    assert!(d.text.is_char_boundary(m.start) && d.text.is_char_boundary(m.end));
                }
            }
        }
    }
    if docs.len() < 2 {
        return;
    }
    if c & 3 != 1 {
        let mut opts = DiffOptions::default();
        opts.align.level = level;
        if let Ok(r) = diff(&docs[0], &docs[1], &opts) {
            for row in &r.rows {
                let _ = r.old.span_of(&row.old);
                let _ = r.new.span_of(&row.new);
            }
            common::check_segmentation(&docs[0].text, &r.old);
            common::check_segmentation(&docs[1].text, &r.new);
            let _ = format!("{:?}", r.report);
        }
    }
    if c & 3 != 0 {
        let mut opts = CheckOptions::default();
        opts.align.level = level;
        let versions: Vec<&Document> = docs[1..].iter().collect();
        if let Ok(r) = check(&docs[0], &versions, &opts) {
            let _ = format!("{:?}", r.report);
        }
    }
});
