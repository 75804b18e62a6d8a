//! XLIFF 2.0 out: one `<unit>` a bead, its `<segment>` holding the source
//! units' text and, when there is any, the target's; a bead with one side
//! empty (1-0, 0-1) has a `<note>` saying so. Everything is escaped, and
//! characters XML 1.0 does not allow are dropped.

use quick_xml::escape::escape;

use super::Aligned;

/// Drop characters XML 1.0 does not allow, and escape the rest.
fn text(s: &str) -> String {
    escape(super::tmx::xml_safe(s).as_str()).into_owned()
}

/// The XLIFF 2.0 document of an alignment.
pub fn xliff(a: &Aligned<'_>) -> String {
    let (sl, tl) = (a.src.lang.tag(), a.tgt.lang.tag());
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<xliff xmlns=\"urn:oasis:names:tc:xliff:document:2.0\" version=\"2.0\" srcLang=\"{}\" trgLang=\"{}\">\n",
        text(sl),
        text(tl)
    ));
    out.push_str(&format!("  <file id=\"f1\" original=\"{}\">\n", text(&a.src.name())));
    for (i, b) in a.result.alignment.beads.iter().enumerate() {
        out.push_str(&format!("    <unit id=\"u{}\">\n", i + 1));
        let alone = match (b.src.is_empty(), b.tgt.is_empty()) {
            (false, true) => Some(format!("1-0 bead: no {tl} counterpart of the source")),
            (true, false) => Some(format!("0-1 bead: the {tl} text has no {sl} counterpart")),
            _ => None,
        };
        if let Some(note) = alone {
            out.push_str(&format!("      <notes><note category=\"alignment\">{}</note></notes>\n", text(&note)));
        }
        out.push_str("      <segment id=\"s1\">\n");
        let src = a.src_text(b.src.clone());
        out.push_str(&if src.is_empty() {
            "        <source/>\n".to_string()
        } else {
            format!("        <source>{}</source>\n", text(&src))
        });
        if !b.tgt.is_empty() {
            out.push_str(&format!("        <target>{}</target>\n", text(&a.tgt_text(b.tgt.clone()))));
        }
        out.push_str("      </segment>\n    </unit>\n");
    }
    out.push_str("  </file>\n</xliff>\n");
    out
}
