//! The glossary readers: `Glossary::parse_checked` (TSV and CSV, with each
//! master language) and `Glossary::parse_tbx` (hostile XML included: DTDs,
//! entities, unclosed and mismatched tags), then the glossary written back
//! (TSV, CSV, TBX) and read again.
//!
//! Input: one control byte (bits 0–1: TSV, CSV, TBX, all three; bits 2–4:
//! the master language, none for 0 or 6–7), then the file (invalid UTF-8
//! replaced).

#![no_main]

#[path = "common.rs"]
mod common;

use clausediff::terms::glossary::Glossary;
use libfuzzer_sys::fuzz_target;

fn exercise(g: &Glossary) {
    let _ = Glossary::parse_delimited(&g.to_tsv(), '\t');
    let _ = Glossary::parse_delimited(&g.to_csv(), ',');
    let _ = Glossary::parse_tbx(&g.to_tbx());
    for e in &g.entries {
        let _ = e.label();
        for &l in &g.langs {
            let _ = e.forms(l);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (c, bytes) = common::split_control(data);
    let text = common::lossy(bytes);
    let master = match (c >> 2) & 7 {
        l @ 1..=5 => Some(common::LANGS[l as usize - 1]),
        _ => None,
    };
    let (tsv, csv, tbx) = match c & 3 {
        0 => (true, false, false),
        1 => (false, true, false),
        2 => (false, false, true),
        _ => (true, true, true),
    };
    if tsv {
        if let Ok((g, _)) = Glossary::parse_checked(&text, '\t', master) {
            exercise(&g);
        }
    }
    if csv {
        if let Ok((g, _)) = Glossary::parse_checked(&text, ',', master) {
            exercise(&g);
        }
    }
    if tbx {
        if let Ok(g) = Glossary::parse_tbx(&text) {
            exercise(&g);
        }
    }
});
