//! Loading documents: bytes → decoded text (encoding detected or chosen),
//! with a map back to byte offsets in the original file.

use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};

use crate::error::{Error, ErrorKind, Result};
use crate::text::{self, convert, Detection, Lang, Scripts};

/// Files larger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// How to load a document.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The encoding label (`utf-8`, `gb18030`, `big5`, `windows-1251`, `utf-16le` …);
    /// `None` detects it.
    pub encoding: Option<String>,
    /// The language; `None` detects it.
    pub lang: Option<Lang>,
}

/// A loaded text with its language.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where it came from (empty for in-memory documents).
    pub path: PathBuf,
    /// The decoded text, byte order mark removed, line ends as in the file.
    pub text: String,
    /// The language used for processing (declared or detected).
    pub lang: Lang,
    /// What detection said (also when the language was declared).
    pub detection: Detection,
    /// The name of the encoding the file was decoded from.
    pub encoding: &'static str,
    offsets: OffsetMap,
}

/// Maps byte offsets in [`Document::text`] to byte offsets in the file.
#[derive(Debug, Clone)]
enum OffsetMap {
    /// UTF-8 file: a constant shift (the BOM).
    Shift(usize),
    /// Other encodings: (text offset, file offset) at every character start.
    Table(Vec<(u32, u32)>),
}

impl Document {
    /// A document from text in memory (UTF-8), language detected unless given.
    pub fn from_text(text: impl Into<String>, lang: Option<Lang>) -> Result<Document> {
        let text = text.into();
        if text.trim().is_empty() {
            return Err(Error::new(ErrorKind::Empty, "the text is empty"));
        }
        convert::ensure()?;
        let detection = text::detect(&text);
        let lang = resolve_lang(lang, &detection, &text)?;
        Ok(Document { path: PathBuf::new(), text, lang, detection, encoding: "UTF-8", offsets: OffsetMap::Shift(0) })
    }

    /// Load a file; see [`LoadOptions`].
    pub fn load(path: &Path, opts: &LoadOptions) -> Result<Document> {
        let bytes = read_file(path)?;
        let (text, encoding, offsets) = decode(&bytes, opts.encoding.as_deref()).map_err(|e| e.with_path(path))?;
        if text.trim().is_empty() {
            return Err(Error::new(ErrorKind::Empty, "the file holds only whitespace").with_path(path));
        }
        convert::ensure()?;
        let detection = text::detect(&text);
        let lang = resolve_lang(opts.lang, &detection, &text).map_err(|e| e.with_path(path))?;
        Ok(Document { path: path.to_path_buf(), text, lang, detection, encoding: encoding.name(), offsets })
    }

    /// The byte offset in the original file of byte `offset` of [`Document::text`].
    pub fn file_offset(&self, offset: usize) -> usize {
        match &self.offsets {
            OffsetMap::Shift(s) => offset + s,
            OffsetMap::Table(t) => {
                let key = offset as u32;
                match t.binary_search_by_key(&key, |&(a, _)| a) {
                    Ok(i) => t[i].1 as usize,
                    Err(i) if i >= t.len() => t.last().map_or(0, |&(_, f)| f as usize),
                    Err(i) => t[i].1 as usize,
                }
            }
        }
    }

    /// The path as text, for messages and output.
    pub fn name(&self) -> String {
        self.path.display().to_string()
    }

    /// The label of each of `docs`: its language tag, or its path when two
    /// of them share a tag.
    pub fn labels(docs: &[&Document]) -> Vec<String> {
        docs.iter()
            .map(|d| {
                let shared = docs.iter().filter(|o| o.lang == d.lang).count() > 1;
                if shared {
                    d.name()
                } else {
                    d.lang.tag().to_string()
                }
            })
            .collect()
    }
}

/// A declared language whose script has a smaller share of the text's
/// letters than this ([`Scripts::share_of`]) is refused: the file is
/// in another language. A version with untranslated passages or a heading
/// in another script stays well above it.
const MIN_DECLARED_SHARE: f64 = 0.1;

fn resolve_lang(declared: Option<Lang>, detection: &Detection, text: &str) -> Result<Lang> {
    if let Some(l) = declared {
        // A declared language is trusted over detection, except when the
        // text is hardly written in its script at all (a file under the
        // wrong name): aligning it would give only nonsense.
        let scripts = Scripts::of(text);
        if scripts.share_of(l).is_some_and(|share| share < MIN_DECLARED_SHARE) {
            return Err(Error::new(
                ErrorKind::Mismatch,
                format!(
                    "declared {} but the text is mostly in {} ({scripts}); check the file or its language",
                    l.tag(),
                    scripts.main()
                ),
            ));
        }
        return Ok(l);
    }
    match (detection.lang, detection.ambiguous) {
        (Some(l), _) => Ok(l),
        (None, true) => Err(Error::new(
            ErrorKind::UndetectedLanguage,
            format!(
                "Chinese, but the script is ambiguous ({}); declare the language (zh-Hant or zh-Hans)",
                detection.evidence
            ),
        )),
        (None, false) => Err(Error::new(
            ErrorKind::UndetectedLanguage,
            format!("cannot tell the language ({}); declare it", detection.evidence),
        )),
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(e, path))?;
    if meta.is_dir() {
        return Err(Error::new(ErrorKind::IsDirectory, "is a directory, not a file").with_path(path));
    }
    if !meta.is_file() {
        return Err(Error::new(ErrorKind::Io, "not a regular file (a device, pipe or socket)").with_path(path));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(Error::new(
            ErrorKind::InvalidOption,
            format!("file too large ({} bytes; the limit is {MAX_FILE_BYTES})", meta.len()),
        )
        .with_path(path));
    }
    let bytes = std::fs::read(path).map_err(|e| io_error(e, path))?;
    if bytes.is_empty() {
        return Err(Error::new(ErrorKind::Empty, "the file is empty").with_path(path));
    }
    Ok(bytes)
}

fn io_error(e: std::io::Error, path: &Path) -> Error {
    let msg = match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => format!("cannot read: {e}"),
    };
    Error::new(ErrorKind::Io, msg).with_path(path)
}

type Decoded = (String, &'static Encoding, OffsetMap);

/// Decode a small text file (a glossary, a bead file) the way documents are
/// decoded: BOM, UTF-8, GB18030, Big5 or Windows-1251.
pub fn read_text(path: &Path) -> Result<String> {
    let bytes = read_file(path)?;
    decode(&bytes, None).map(|(t, _, _)| t).map_err(|e| e.with_path(path))
}

/// Decode `bytes`: BOM first, then the requested encoding, then detection.
fn decode(bytes: &[u8], label: Option<&str>) -> Result<Decoded> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        if label.is_none() || label.and_then(|l| Encoding::for_label(l.as_bytes())) == Some(enc) {
            return decode_strict(&bytes[bom..], enc, bom);
        }
    }
    if let Some(label) = label {
        let enc = Encoding::for_label(label.as_bytes())
            .ok_or_else(|| Error::new(ErrorKind::UnknownEncoding, format!("unknown encoding {label:?}")))?;
        return decode_strict(bytes, enc, 0);
    }
    if let Some(text) = std::str::from_utf8(bytes).ok().filter(|t| !t.contains('\0')) {
        return Ok((text.to_string(), UTF_8, OffsetMap::Shift(0)));
    }
    if bytes.contains(&0) {
        return Err(Error::new(ErrorKind::Binary, "binary file (NUL bytes and no UTF-16 byte order mark); not a text"));
    }
    detect_legacy(bytes)
}

fn decode_strict(bytes: &[u8], enc: &'static Encoding, shift: usize) -> Result<Decoded> {
    let text = enc.decode_without_bom_handling_and_without_replacement(bytes).ok_or_else(|| {
        let at = first_bad_byte(bytes, enc);
        Error::new(
            ErrorKind::Decode,
            format!("not valid {} (first undecodable byte at offset {})", enc.name(), at + shift),
        )
    })?;
    if text.contains('\0') {
        return Err(Error::new(
            ErrorKind::Binary,
            format!("binary file (NUL characters after decoding as {})", enc.name()),
        ));
    }
    let text = text.into_owned();
    let offsets = if enc == UTF_8 { OffsetMap::Shift(shift) } else { offset_table(&text, enc, shift) };
    Ok((text, enc, offsets))
}

fn first_bad_byte(bytes: &[u8], enc: &'static Encoding) -> usize {
    if enc == UTF_8 {
        return std::str::from_utf8(bytes).err().map_or(0, |e| e.valid_up_to());
    }
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(bytes.len() * 3 + 16);
    let (res, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match res {
        encoding_rs::DecoderResult::Malformed(bad, _) => read.saturating_sub(bad as usize),
        _ => read,
    }
}

/// Byte width of each character in the source encoding, by re-encoding it.
fn offset_table(text: &str, enc: &'static Encoding, shift: usize) -> OffsetMap {
    let mut table = Vec::with_capacity(text.len() / 2 + 1);
    let mut file = shift;
    let mut buf = [0u8; 4];
    for (i, c) in text.char_indices() {
        table.push((i as u32, file as u32));
        let width = if enc == UTF_16LE || enc == UTF_16BE {
            c.len_utf16() * 2
        } else {
            enc.encode(c.encode_utf8(&mut buf)).0.len()
        };
        file += width;
    }
    table.push((text.len() as u32, file as u32));
    OffsetMap::Table(table)
}

/// Pick among GB18030, Big5 and Windows-1251 for a file that is not UTF-8.
fn detect_legacy(bytes: &[u8]) -> Result<Decoded> {
    let mut best: Option<(usize, &'static Encoding, String)> = None;
    for enc in [GB18030, BIG5] {
        if let Some(text) = enc.decode_without_bom_handling_and_without_replacement(bytes) {
            let score = text.chars().filter(|c| "，。、；：「」《》（）！？".contains(*c)).count();
            if best.as_ref().is_none_or(|(s, _, _)| score > *s) {
                best = Some((score, enc, text.into_owned()));
            }
        }
    }
    if let Some((score, enc, _)) = &best {
        if *score > 0 {
            return decode_strict(bytes, enc, 0);
        }
    }
    if let Some(text) = WINDOWS_1251.decode_without_bom_handling_and_without_replacement(bytes) {
        let high: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
        let cyr = high.iter().filter(|c| ('\u{400}'..='\u{4ff}').contains(*c)).count();
        if !high.is_empty() && cyr * 10 >= high.len() * 9 {
            return decode_strict(bytes, WINDOWS_1251, 0);
        }
    }
    if let Some((_, enc, _)) = best {
        return decode_strict(bytes, enc, 0);
    }
    let at = first_bad_byte(bytes, UTF_8);
    Err(Error::new(
        ErrorKind::Decode,
        format!("not valid UTF-8 (first bad byte at offset {at}) and not GB18030, Big5 or Windows-1251; name the encoding with --encoding"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declared_language_in_another_script_is_refused() {
        let ru = "Государства-члены подчеркивают важность сотрудничества в области безопасности.";
        let e = Document::from_text(ru, Some(Lang::En)).expect_err("Cyrillic declared English");
        assert_eq!(e.kind(), ErrorKind::Mismatch);
        assert!(e.to_string().contains("Cyrillic"), "{e}");
        // The same script is the declarer's call (zh-Hans text declared zh-Hant, und for anything).
        assert_eq!(
            Document::from_text("成员国支持合作。", Some(Lang::ZhHant)).expect("same script").lang,
            Lang::ZhHant
        );
        assert_eq!(Document::from_text(ru, Some(Lang::Other)).expect("und").lang, Lang::Other);
        assert_eq!(Document::from_text(ru, Some(Lang::Ru)).expect("right").lang, Lang::Ru);
        // Latin letters declared Chinese.
        let fr = "Les États membres soulignent l'importance de la coopération.";
        let e = Document::from_text(fr, Some(Lang::ZhHant)).expect_err("Latin declared zh-Hant");
        assert!(e.to_string().contains("mostly in Latin letters"), "{e}");
    }

    #[test]
    fn a_version_with_passages_in_another_script_keeps_its_declared_language() {
        // An English version whose opening was left in Chinese (what the
        // `untranslated` check is for), and a Russian one under an English heading.
        let en =
            format!("{}{}", "成員國強調合作的重要性。".repeat(20), "The Member States stress cooperation. ".repeat(30));
        assert_eq!(Document::from_text(en, Some(Lang::En)).expect("en").lang, Lang::En);
        let ru =
            format!("Tianjin Declaration\n{}", "Государства-члены подчеркивают важность сотрудничества. ".repeat(3));
        assert_eq!(Document::from_text(ru, Some(Lang::Ru)).expect("ru").lang, Lang::Ru);
    }

    #[test]
    fn an_undetected_language_is_its_own_error_kind() {
        let e = Document::from_text("中文人民", None).expect_err("script ambiguous");
        assert_eq!(e.kind(), ErrorKind::UndetectedLanguage);
        let e = Document::from_text("12 345 — 678", None).expect_err("no letters");
        assert_eq!(e.kind(), ErrorKind::UndetectedLanguage);
        let e = "zh-Hnt".parse::<Lang>().expect_err("mistyped");
        assert_eq!(e.kind(), ErrorKind::UnknownLanguage);
    }

    fn enc(text: &str, e: &'static Encoding) -> Vec<u8> {
        e.encode(text).0.into_owned()
    }

    #[test]
    fn utf8_bom_and_offsets() {
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice("一二".as_bytes());
        let (t, e, m) = decode(&b, None).expect("decodes");
        assert_eq!((t.as_str(), e), ("一二", UTF_8));
        let d = Document {
            path: PathBuf::new(),
            text: t,
            lang: Lang::ZhHans,
            detection: text::detect("一"),
            encoding: "UTF-8",
            offsets: m,
        };
        assert_eq!(d.file_offset(3), 6);
    }

    #[test]
    fn utf16_with_bom() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Hi 你".encode_utf16() {
            b.extend_from_slice(&u.to_le_bytes());
        }
        let (t, e, m) = decode(&b, None).expect("decodes");
        assert_eq!((t.as_str(), e), ("Hi 你", UTF_16LE));
        let d = Document {
            path: PathBuf::new(),
            text: t,
            lang: Lang::En,
            detection: text::detect("Hi"),
            encoding: "UTF-16LE",
            offsets: m,
        };
        assert_eq!(d.file_offset(3), 8);
    }

    #[test]
    fn legacy_encodings_detected() {
        let zh = "成員國重申，堅持以《聯合國憲章》為基礎。";
        let (t, e, _) = decode(&enc(zh, BIG5), None).expect("big5");
        assert_eq!((t.as_str(), e), (zh, BIG5));
        let hans = "成员国重申，坚持以《联合国宪章》为基础。";
        let (t, e, _) = decode(&enc(hans, GB18030), None).expect("gb");
        assert_eq!((t.as_str(), e), (hans, GB18030));
        let ru = "Государства-члены подтверждают приверженность Уставу ООН.";
        let (t, e, m) = decode(&enc(ru, WINDOWS_1251), None).expect("1251");
        assert_eq!((t.as_str(), e), (ru, WINDOWS_1251));
        let d = Document {
            path: PathBuf::new(),
            text: t,
            lang: Lang::Ru,
            detection: text::detect("Да"),
            encoding: "windows-1251",
            offsets: m,
        };
        assert_eq!(d.file_offset("Государства".len()), 11);
    }

    #[test]
    fn binary_and_bad_bytes_are_errors() {
        assert_eq!(decode(b"ab\0cd", None).map(|_| ()).unwrap_err().kind(), ErrorKind::Binary);
        let e = decode(&[0x61, 0xFF, 0xFE, 0xFD, 0x20, 0xFF], Some("utf-8")).map(|_| ()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode);
        assert!(e.message().contains("offset 1"), "{}", e.message());
        assert_eq!(decode(b"abc", Some("klingon")).map(|_| ()).unwrap_err().kind(), ErrorKind::UnknownEncoding);
    }
}
