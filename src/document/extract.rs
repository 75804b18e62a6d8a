//! Text out of documents that are not plain text: DOCX and HTML. Each
//! becomes paragraphs separated by blank lines, with a locator for each
//! paragraph (where it stands in the file), so that every command works on
//! it as on a text file.

use std::path::Path;

use crate::text::Lang;

/// Where a paragraph of extracted text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locator {
    /// Its first byte in [`super::Document::text`].
    pub start: usize,
    /// Its place in the file, e.g. `word/document.xml paragraph 12` or `html p 3`.
    pub place: String,
}

/// What a document was read from, when it is not plain text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// The format the text was extracted from (`DOCX`, `HTML`); `None` for plain text.
    pub format: Option<&'static str>,
    /// One locator a paragraph, in order (empty for plain text).
    pub locators: Vec<Locator>,
}

impl Source {
    /// The place in the file of the paragraph holding byte `offset` of the text.
    pub fn locate(&self, offset: usize) -> Option<&str> {
        let i = self.locators.partition_point(|l| l.start <= offset);
        i.checked_sub(1).map(|i| self.locators[i].place.as_str())
    }
}

/// The most elements and pieces of text a DOCX part or an HTML page may
/// hold (about 400,000 paragraphs of ordinary text; a tree of them takes
/// under 1 GB): a document of short empty elements packed small is refused
/// rather than built.
pub const MAX_NODES: usize = 4 << 20;

/// Text extracted from a file, with what the reader noticed.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Paragraphs separated by blank lines.
    pub text: String,
    /// Where each paragraph came from.
    pub locators: Vec<Locator>,
    /// What the reader accepted but a user should know (tracked changes).
    pub warnings: Vec<String>,
    /// The language the file declares (an HTML `lang` attribute).
    pub lang_hint: Option<Lang>,
}

impl Extracted {
    /// Add a paragraph (white space collapsed; nothing when it is empty) at `place`.
    pub fn paragraph(&mut self, text: &str, place: impl FnOnce() -> String) {
        let words: Vec<&str> = text.split_whitespace().collect();
        if words.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
        }
        self.locators.push(Locator { start: self.text.len(), place: place() });
        self.text.push_str(&join_words(&words));
    }
}

/// Words joined by single spaces, except between two Chinese (or other
/// wide) characters, which a line break inside a paragraph had parted.
fn join_words(words: &[&str]) -> String {
    let mut out = String::with_capacity(words.iter().map(|w| w.len() + 1).sum());
    for w in words {
        let glue = match (out.chars().last(), w.chars().next()) {
            (Some(a), Some(b)) => !(is_wide(a) && is_wide(b)),
            _ => false,
        };
        if glue {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

/// The kind of file `bytes` (named `path`) hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A zip archive: a DOCX (or a refusal: another archive).
    Docx,
    /// An HTML page.
    Html,
    /// Plain text.
    Text,
}

/// Tell a DOCX by its zip signature or its extension, an HTML page by its
/// extension or its opening (`<!DOCTYPE html`, `<html`); anything else is text.
pub fn kind(path: &Path, bytes: &[u8]) -> Kind {
    let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") || ext.as_deref() == Some("docx") {
        return Kind::Docx;
    }
    if matches!(ext.as_deref(), Some("html" | "htm" | "xhtml")) {
        return Kind::Html;
    }
    let head = &bytes[..bytes.len().min(1024)];
    let head = String::from_utf8_lossy(head).trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    if head.starts_with("<!doctype html") || head.starts_with("<html") {
        Kind::Html
    } else {
        Kind::Text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_told_by_signature_extension_and_opening() {
        assert_eq!(kind(Path::new("a.txt"), b"PK\x03\x04rest"), Kind::Docx);
        assert_eq!(kind(Path::new("a.HTM"), b"plain"), Kind::Html);
        assert_eq!(kind(Path::new("-"), b"\xef\xbb\xbf  <!DOCTYPE html><p>x"), Kind::Html);
        assert_eq!(kind(Path::new("a.txt"), b"<p>not a page</p>"), Kind::Text);
    }

    #[test]
    fn paragraphs_keep_their_places() {
        let mut x = Extracted::default();
        x.paragraph("  第一段\n文字  ", || "p 1".to_string());
        x.paragraph(" \n ", || "p 2".to_string());
        x.paragraph("Second\n  paragraph", || "p 3".to_string());
        assert_eq!(x.text, "第一段文字\n\nSecond paragraph");
        let source = Source { format: Some("HTML"), locators: x.locators };
        assert_eq!(source.locate(0), Some("p 1"));
        assert_eq!(source.locate(x.text.len() - 1), Some("p 3"));
    }
}
