//! TMX 1.4b: one translation unit a bead with text on both sides.

use quick_xml::escape::escape;

use super::Aligned;

/// The TMX document.
pub fn tmx(a: &Aligned<'_>) -> String {
    let sl = a.src.lang.tag();
    let tl = a.tgt.lang.tag();
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tmx version=\"1.4\">\n");
    out.push_str(&format!(
        "  <header creationtool=\"clausediff\" creationtoolversion=\"{}\" segtype=\"{}\" o-tmf=\"clausediff\" adminlang=\"en\" srclang=\"{}\" datatype=\"plaintext\"/>\n  <body>\n",
        env!("CARGO_PKG_VERSION"),
        match a.result.src.level {
            crate::Level::Paragraph => "paragraph",
            _ => "sentence",
        },
        escape(sl)
    ));
    for b in &a.result.alignment.beads {
        if b.src.is_empty() || b.tgt.is_empty() {
            continue;
        }
        out.push_str(&format!("    <tu>\n      <prop type=\"x-score\">{:.3}</prop>\n", b.score));
        for (lang, text) in [(sl, a.src_text(b.src.clone())), (tl, a.tgt_text(b.tgt.clone()))] {
            out.push_str(&format!(
                "      <tuv xml:lang=\"{}\"><seg>{}</seg></tuv>\n",
                escape(lang),
                escape(xml_safe(&text).as_str())
            ));
        }
        out.push_str("    </tu>\n");
    }
    out.push_str("  </body>\n</tmx>\n");
    out
}

/// Drop characters XML 1.0 does not allow.
pub(super) fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|&c| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}'))
        .collect()
}
