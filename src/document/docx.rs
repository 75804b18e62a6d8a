//! DOCX: the text of `word/document.xml` (paragraphs, headings, list
//! items, tables cell by cell) and then of `word/footnotes.xml`, with
//! tracked changes read as accepted (insertions kept, deletions left out,
//! and a warning says so). Each paragraph's locator is its number among
//! the paragraphs of its part (`word/document.xml paragraph 12`).
//!
//! The archive is never trusted: a part is read through a bound on its
//! unpacked size ([`MAX_PART_BYTES`]) whatever its header claims, so a zip
//! bomb fails early with a message; the XML goes through the same parser
//! as the bilingual formats (no entity ever expanded, nesting bounded).

use std::io::{Cursor, Read};

use super::extract::{self, Extracted};
use super::xml::{self, Element, Node};
use crate::error::{Error, ErrorKind, Result};

/// The largest unpacked part read (`word/document.xml` of a very long
/// book is a few tens of MB); past it the file is refused.
pub const MAX_PART_BYTES: u64 = 256 * 1024 * 1024;

/// Elements whose content is not text of the document: deleted text of
/// tracked changes, the old place of moved text, field codes, and
/// drawings (text boxes are left out).
const SKIP: &[&str] = &["del", "moveFrom", "instrText", "delText", "drawing", "pict", "AlternateContent", "object"];

/// The text of the DOCX file `bytes`.
pub fn read(bytes: &[u8]) -> Result<Extracted> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Error::new(ErrorKind::Parse, format!("a zip archive that cannot be read, not a DOCX file: {e}"))
    })?;
    let document = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| Error::new(ErrorKind::Parse, "a zip archive without word/document.xml: not a DOCX file"))?;
    let mut out = Extracted::default();
    let mut tracked = false;
    let root = xml::parse_bounded(&document, "DOCX", extract::MAX_NODES)?;
    drop(document);
    let mut n = 0;
    walk_blocks(&root, &mut |p| {
        n += 1;
        tracked |= has_changes(p);
        out.paragraph(&paragraph_text(p), || format!("word/document.xml paragraph {n}"));
    });
    if let Some(notes) = part(&mut zip, "word/footnotes.xml")? {
        let root = xml::parse_bounded(&notes, "DOCX", extract::MAX_NODES)?;
        for note in root.elements().filter(|e| e.name == "footnote" && e.attr("w:type").is_none()) {
            let id = note.attr("w:id").unwrap_or("?").to_string();
            walk_blocks(note, &mut |p| {
                tracked |= has_changes(p);
                out.paragraph(&paragraph_text(p), || format!("word/footnotes.xml footnote {id}"));
            });
        }
    }
    if tracked {
        out.warnings.push("the document has tracked changes: read as if they were accepted".to_string());
    }
    if out.text.is_empty() {
        return Err(Error::new(ErrorKind::Empty, "the DOCX file holds no text"));
    }
    Ok(out)
}

/// Part `name` of the archive as text, if it is there; bounded by [`MAX_PART_BYTES`].
fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(Error::new(ErrorKind::Parse, format!("{name} cannot be read from the archive: {e}"))),
    };
    let too_big = || {
        Error::new(
            ErrorKind::InvalidOption,
            format!(
                "{name} unpacks to more than {} MiB: refused (a zip bomb, or a document too large)",
                MAX_PART_BYTES >> 20
            ),
        )
    };
    if file.size() > MAX_PART_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(ErrorKind::Parse, format!("{name} cannot be unpacked: {e}")))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(too_big());
    }
    String::from_utf8(bytes).map(Some).map_err(|_| Error::new(ErrorKind::Decode, format!("{name} is not UTF-8")))
}

/// Call `f` on every paragraph under `e`, in document order (table cells,
/// content controls, tracked insertions included; [`SKIP`]ped content not).
fn walk_blocks(e: &Element, f: &mut impl FnMut(&Element)) {
    for c in e.elements() {
        match c.name.as_str() {
            "p" => f(c),
            name if SKIP.contains(&name) => {}
            _ => walk_blocks(c, f),
        }
    }
}

/// Whether paragraph `p` holds tracked changes.
fn has_changes(p: &Element) -> bool {
    p.elements().any(|c| matches!(c.name.as_str(), "ins" | "del" | "moveFrom" | "moveTo") || has_changes(c))
}

/// The text of paragraph `p`: its runs' text, tabs and breaks as spaces.
fn paragraph_text(p: &Element) -> String {
    let mut out = String::new();
    collect(p, &mut out);
    out
}

fn collect(e: &Element, out: &mut String) {
    for n in &e.children {
        let Node::Element(c) = n else { continue };
        match c.name.as_str() {
            "t" => c.children.iter().for_each(|t| {
                if let Node::Text(t) = t {
                    out.push_str(t);
                }
            }),
            "tab" | "br" | "cr" => out.push(' '),
            "noBreakHyphen" => out.push('-'),
            "p" => {} // a paragraph inside a paragraph (a text box) is not its text
            name if SKIP.contains(&name) => {}
            _ => collect(c, out),
        }
    }
}
