//! Bilingual files in: XLIFF 1.2 and 2.x, and TMX. A file becomes two
//! presegmented [`Document`]s, one segment a line, line `i` of the source
//! paired with line `i` of the target (an empty target is an empty line),
//! ready for a check of pre-paired versions.
//!
//! The XML is read with quick-xml and never trusted: a DOCTYPE declaring
//! entities is refused and no entity is ever expanded, the size is bounded
//! by the loader's limit ([`crate::document::MAX_FILE_BYTES`]), nesting by
//! [`xml::MAX_DEPTH`], and malformed XML is an error ([`ErrorKind::Parse`]).

mod tmx;
mod xliff;

pub use crate::document::xml;

use std::path::Path;

use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::text::Lang;

/// A bilingual file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// XLIFF 1.2 or 2.x (`.xlf`, `.xliff`).
    Xliff,
    /// TMX (`.tmx`).
    Tmx,
}

impl Format {
    /// The format a file name's extension names, if it is a bilingual one.
    pub fn of_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "xlf" | "xliff" => Some(Format::Xliff),
            "tmx" => Some(Format::Tmx),
            _ => None,
        }
    }

    /// The format's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::Xliff => "XLIFF",
            Format::Tmx => "TMX",
        }
    }
}

/// The languages the caller asks for: they override what an XLIFF file
/// declares, and choose the pair of a TMX with more than two languages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Langs {
    /// The source language.
    pub src: Option<Lang>,
    /// The target language.
    pub tgt: Option<Lang>,
}

/// One segment pair as read, text on one line each.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Pair {
    /// The unit's (and segment's) id, or its number.
    pub id: String,
    /// The source text.
    pub src: String,
    /// The target text (empty when there is none).
    pub tgt: String,
}

/// What a reader found: the declared language tags and the pairs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Raw {
    /// The source language tag as declared.
    pub src_lang: Option<String>,
    /// The target language tag as declared.
    pub tgt_lang: Option<String>,
    /// The pairs, in order.
    pub pairs: Vec<Pair>,
}

/// A bilingual file read: two presegmented documents paired line by line.
#[derive(Debug, Clone)]
pub struct Bilingual {
    /// The source side, one segment a line.
    pub src: Document,
    /// The target side, one segment a line (empty lines for empty targets).
    pub tgt: Document,
    /// The id of each pair (line).
    pub ids: Vec<String>,
}

impl Bilingual {
    /// The (source, target) text of every pair, in order.
    pub fn pairs(&self) -> Vec<(String, String)> {
        let tgt: Vec<&str> = self.tgt.text.split('\n').collect();
        self.src
            .text
            .split('\n')
            .enumerate()
            .map(|(i, s)| (s.to_string(), tgt.get(i).copied().unwrap_or("").to_string()))
            .collect()
    }
}

/// Parse the text of a file of format `format`.
pub fn parse_raw(text: &str, format: Format, langs: Langs) -> Result<Raw> {
    let root = xml::parse(text, format.name())?;
    match format {
        Format::Xliff => xliff::read(&root),
        Format::Tmx => tmx::read(&root, langs),
    }
}

/// Parse `text` as `format` into two documents (see [`Bilingual`]).
pub fn parse(text: &str, format: Format, langs: Langs) -> Result<Bilingual> {
    let raw = parse_raw(text, format, langs)?;
    let pairs: Vec<&Pair> = raw.pairs.iter().filter(|p| !(p.src.is_empty() && p.tgt.is_empty())).collect();
    let what = format.name();
    if pairs.is_empty() {
        return Err(Error::new(ErrorKind::Empty, format!("{what}: no segment with text")));
    }
    if pairs.iter().all(|p| p.tgt.is_empty()) {
        let n = pairs.len();
        return Err(Error::new(ErrorKind::Empty, format!("{what}: none of the {n} segments has a target")));
    }
    if pairs.iter().all(|p| p.src.is_empty()) {
        return Err(Error::new(ErrorKind::Empty, format!("{what}: no segment has source text")));
    }
    let side = |text: Vec<&str>, asked: Option<Lang>, declared: &Option<String>| {
        let lang = asked.or_else(|| declared.as_deref().and_then(Lang::of_tag));
        Document::from_text(text.join("\n"), lang)
    };
    let src = side(pairs.iter().map(|p| p.src.as_str()).collect(), langs.src, &raw.src_lang)?;
    let tgt = side(pairs.iter().map(|p| p.tgt.as_str()).collect(), langs.tgt, &raw.tgt_lang)?;
    Ok(Bilingual { src, tgt, ids: pairs.iter().map(|p| p.id.clone()).collect() })
}

/// Read a bilingual file (its format from its extension; XLIFF when it has
/// none it knows), bounded by the loader's size limit.
pub fn read(path: &Path, langs: Langs) -> Result<Bilingual> {
    let text = crate::document::read_text(path)?;
    let format = Format::of_path(path).unwrap_or(Format::Xliff);
    let mut b = parse(&text, format, langs).map_err(|e| e.with_path(path))?;
    b.src.path = path.to_path_buf();
    b.tgt.path = path.to_path_buf();
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_pair_line_by_line() {
        let x = r#"<xliff version="1.2"><file source-language="en" target-language="ru"><body>
            <trans-unit id="1"><source>The Charter of 1945.</source><target>Устав 1945 года.</target></trans-unit>
            <trans-unit id="2"><source>Second sentence here.</source><target/></trans-unit>
            <trans-unit id="3"><source>Third &amp; last.</source><target>Третье и последнее.</target></trans-unit>
            </body></file></xliff>"#;
        let b = parse(x, Format::Xliff, Langs::default()).expect("parsed");
        assert_eq!((b.src.lang, b.tgt.lang), (Lang::En, Lang::Ru));
        assert_eq!(b.pairs()[1], ("Second sentence here.".to_string(), String::new()));
        assert_eq!(b.pairs()[2].0, "Third & last.");
        assert_eq!(b.ids, ["1", "2", "3"]);
        let none = r#"<xliff version="1.2"><file><body><trans-unit id="1"><source>A text.</source></trans-unit></body></file></xliff>"#;
        assert_eq!(parse(none, Format::Xliff, Langs::default()).expect_err("no target").kind(), ErrorKind::Empty);
        assert_eq!(Lang::of_tag("en-US"), Some(Lang::En));
        assert_eq!(Lang::of_tag("zh-TW"), Some(Lang::ZhHant));
        assert_eq!(Lang::of_tag("zh-Hant-HK"), Some(Lang::ZhHant));
        assert_eq!(Lang::of_tag("ru-Cyrl-RU"), Some(Lang::Ru));
        assert_eq!(Lang::of_tag("xx-YY"), None);
        assert_eq!(Format::of_path(Path::new("a.XLF")), Some(Format::Xliff));
    }
}
