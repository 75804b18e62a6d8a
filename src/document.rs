//! Loading documents: bytes → decoded text (encoding detected or chosen),
//! with a map back to byte offsets in the original file.
//!
//! Inputs are regular files, named pipes (process substitutions such as
//! `<(cmd)` among them) or standard input, named [`STDIN`] (`-`); each is
//! read once and never beyond [`MAX_FILE_BYTES`]. Devices and sockets are
//! refused.

use std::io::Read;
use std::path::{Path, PathBuf};

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1251};

use crate::error::{Error, ErrorKind, Result};
use crate::text::{self, convert, Detection, Lang, Scripts};

/// Inputs larger than this (files, pipes, standard input) are refused
/// rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// The path that names standard input.
pub const STDIN: &str = "-";

/// How to load a document.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The encoding label (`utf-8`, `gb18030`, `big5`, `windows-1251`, `utf-16le` …);
    /// `None` detects it.
    pub encoding: Option<String>,
    /// The language; `None` detects it.
    pub lang: Option<Lang>,
    /// The language to take when it is not declared and detection cannot
    /// tell (`None`: that is an error).
    pub undetected: Option<Lang>,
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
    /// What was accepted but looks wrong (a declared encoding that turns
    /// the text into nonsense, tracked changes read as accepted), for the
    /// caller to show.
    pub warnings: Vec<String>,
    /// What the text was extracted from (DOCX, HTML), with the place of each
    /// paragraph; the default for plain text.
    pub source: Source,
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
        Ok(Document {
            path: PathBuf::new(),
            text,
            lang,
            detection,
            encoding: "UTF-8",
            warnings: Vec::new(),
            source: Source::default(),
            offsets: OffsetMap::Shift(0),
        })
    }

    /// Load a file, a named pipe, or standard input when `path` is
    /// [`STDIN`] (`-`); see [`LoadOptions`].
    pub fn load(path: &Path, opts: &LoadOptions) -> Result<Document> {
        let bytes = read_file(path)?;
        let (text, encoding, offsets, source, hint, warnings) =
            read_text_of(&bytes, path, opts.encoding.as_deref()).map_err(|e| e.with_path(path))?;
        drop(bytes);
        if text.trim().is_empty() {
            return Err(Error::new(ErrorKind::Empty, "the file holds only whitespace").with_path(path));
        }
        convert::ensure()?;
        let detection = text::detect(&text);
        let lang = resolve_lang(opts.lang, &detection, &text);
        let lang = match (lang, hint.or(opts.undetected)) {
            (Err(e), Some(l)) if e.kind() == ErrorKind::UndetectedLanguage => Ok(l),
            (lang, _) => lang,
        };
        let lang = lang.map_err(|e| {
            // A refusal caused by a wrong encoding says so.
            match warnings.first() {
                Some(w) => Error::new(e.kind(), format!("{}; {w}", e.message())).with_path(path),
                None => e.with_path(path),
            }
        })?;
        Ok(Document { path: path.to_path_buf(), text, lang, detection, encoding, warnings, source, offsets })
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

    /// The SHA-256 of the decoded text (UTF-8), in lowercase hex: the same
    /// for one text whatever encoding its file was in. Review files name
    /// the documents they were saved for by it.
    pub fn checksum(&self) -> String {
        use sha2::Digest;
        sha2::Sha256::digest(self.text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The path as text, for messages and output (`<stdin>` for standard input).
    pub fn name(&self) -> String {
        crate::error::display_path(&self.path)
    }

    /// The label of each of `docs`: its language tag, or its path when two
    /// of them share a tag.
    pub fn labels(docs: &[&Document]) -> Vec<String> {
        let named: Vec<(String, String)> = docs.iter().map(|d| (d.lang.tag().to_string(), d.name())).collect();
        labels_of(&named)
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

/// The text of a file, its encoding's name, the offset map, its source, the
/// language it declares and the warnings: a DOCX or HTML file's extracted
/// text (offsets into that text), or the decoded text.
type Loaded = (String, &'static str, OffsetMap, Source, Option<Lang>, Vec<String>);

fn read_text_of(bytes: &[u8], path: &Path, label: Option<&str>) -> Result<Loaded> {
    let (x, format, encoding) = match extract::kind(path, bytes) {
        extract::Kind::Docx => (docx::read(bytes)?, "DOCX", "UTF-8"),
        extract::Kind::Html => {
            let (text, encoding, _) = decode(bytes, label)?;
            let mut x = html::read(&text)?;
            x.warnings.extend(declared_encoding_warning(bytes, encoding, &text));
            (x, "HTML", encoding.name())
        }
        extract::Kind::Text => {
            let (text, encoding, offsets) = decode(bytes, label)?;
            let warnings = declared_encoding_warning(bytes, encoding, &text).into_iter().collect();
            return Ok((text, encoding.name(), offsets, Source::default(), None, warnings));
        }
    };
    let source = Source { format: Some(format), locators: x.locators };
    Ok((x.text, encoding, OffsetMap::Shift(0), source, x.lang_hint, x.warnings))
}

/// The bytes of `path`: standard input for [`STDIN`], a regular file or a
/// named pipe otherwise, read once and never beyond [`MAX_FILE_BYTES`].
fn read_file(path: &Path) -> Result<Vec<u8>> {
    let bytes = if path.as_os_str() == STDIN {
        read_bounded(std::io::stdin().lock(), "standard input").map_err(|e| e.with_path(path))?
    } else {
        let meta = std::fs::metadata(path).map_err(|e| io_error(e, path, None))?;
        let what = file_type(&meta);
        if meta.is_dir() {
            return Err(Error::new(ErrorKind::IsDirectory, "is a directory, not a file").with_path(path));
        }
        if !meta.is_file() && what != PIPE {
            let msg = format!("{what}, not a regular file or a pipe: not read (for standard input, use -)");
            return Err(Error::new(ErrorKind::Io, msg).with_path(path));
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(Error::new(
                ErrorKind::InvalidOption,
                format!("file too large ({} bytes; the limit is {MAX_FILE_BYTES})", meta.len()),
            )
            .with_path(path));
        }
        let file = std::fs::File::open(path).map_err(|e| io_error(e, path, Some(what)))?;
        read_bounded(file, what).map_err(|e| e.with_path(path))?
    };
    if bytes.is_empty() {
        let what = if path.as_os_str() == STDIN { "standard input is empty" } else { "the file is empty" };
        return Err(Error::new(ErrorKind::Empty, what).with_path(path));
    }
    Ok(bytes)
}

/// What [`file_type`] calls a named pipe (or the pipe of a process substitution).
const PIPE: &str = "a pipe";

/// What kind of file `meta` describes, for messages.
fn file_type(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return PIPE;
        } else if t.is_char_device() {
            return "a character device";
        } else if t.is_block_device() {
            return "a block device";
        } else if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() {
        "a directory"
    } else if meta.is_file() {
        "a file"
    } else {
        "not a regular file (a device, pipe or socket)"
    }
}

/// All of `reader`, `what` it is, refused when it holds more than
/// [`MAX_FILE_BYTES`] (no more than one byte beyond is ever read).
fn read_bounded(reader: impl Read, what: &str) -> Result<Vec<u8>> {
    read_limited(reader, what, MAX_FILE_BYTES)
}

fn read_limited(reader: impl Read, what: &str, limit: u64) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Error::new(ErrorKind::Io, format!("cannot read {what}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(Error::new(
            ErrorKind::InvalidOption,
            format!(
                "{what} holds more than {limit} bytes ({} MiB), the input size limit: refused rather than read into memory",
                limit / (1024 * 1024)
            ),
        ));
    }
    Ok(bytes)
}

/// A message for an error opening (or examining) `path`, a file of kind
/// `what` when known; never "no such file" for anything but a missing one.
fn io_error(e: std::io::Error, path: &Path, what: Option<&str>) -> Error {
    use std::io::ErrorKind as K;
    let msg = match (e.kind(), what) {
        (K::NotFound, _) => "no such file".to_string(),
        (K::PermissionDenied, Some(w)) => format!("{w}, and permission to read it is denied"),
        (K::PermissionDenied, None) => "permission denied".to_string(),
        _ if is_symlink_loop(&e) => "a loop of symbolic links (a link that leads back to itself): not read".to_string(),
        (K::NotADirectory, _) => "a part of the path is not a directory".to_string(),
        (_, Some(w)) => format!("{w} that cannot be read: {e}"),
        (_, None) => format!("cannot read: {e}"),
    };
    Error::new(ErrorKind::Io, msg).with_path(path)
}

/// Whether `e` is ELOOP: too many levels of symbolic links.
fn is_symlink_loop(e: &std::io::Error) -> bool {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    const ELOOP: i32 = 40;
    #[cfg(all(unix, not(any(target_os = "linux", target_os = "android"))))]
    const ELOOP: i32 = 62;
    #[cfg(not(unix))]
    const ELOOP: i32 = i32::MIN;
    e.raw_os_error() == Some(ELOOP)
}

/// The fewest multi-byte UTF-8 characters that make a declared encoding suspect.
const SUSPECT_MULTIBYTE: usize = 8;

/// A warning when `bytes` are valid UTF-8 with many multi-byte characters
/// but were decoded as `enc`, another encoding (declared: detection would
/// have taken UTF-8): what comes out is nonsense.
fn declared_encoding_warning(bytes: &[u8], enc: &'static Encoding, text: &str) -> Option<String> {
    if enc == UTF_8 || enc == UTF_16LE || enc == UTF_16BE {
        return None;
    }
    let utf8 = std::str::from_utf8(bytes).ok()?;
    let multi = utf8.chars().filter(|c| c.len_utf8() > 1).count();
    if multi < SUSPECT_MULTIBYTE {
        return None;
    }
    Some(format!(
        "decoded as {} as declared, the text reads as {}, but its bytes are valid UTF-8 with {multi} \
         multi-byte characters ({} as UTF-8): the declared encoding likely turns it into nonsense; \
         drop it or check it",
        enc.name(),
        Scripts::of(text).main(),
        Scripts::of(utf8).main(),
    ))
}

type Decoded = (String, &'static Encoding, OffsetMap);

/// The label of each of some documents given as (language tag, name): the
/// tag, or the name when two of them share a tag ([`Document::labels`]).
pub fn labels_of(docs: &[(String, String)]) -> Vec<String> {
    docs.iter()
        .map(|(tag, name)| if docs.iter().filter(|(t, _)| t == tag).count() > 1 { name.clone() } else { tag.clone() })
        .collect()
}

/// The bytes of a file, a named pipe or standard input, as documents are
/// read: never beyond [`MAX_FILE_BYTES`], devices and sockets refused.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>> {
    read_file(path)
}

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
    let offsets = if enc == UTF_8 { OffsetMap::Shift(shift) } else { offset_table(&text, bytes, enc, shift) };
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

/// The byte offset in the file of every character of `text`, decoded from
/// `bytes` (the file after its byte order mark, `shift` bytes long).
fn offset_table(text: &str, bytes: &[u8], enc: &'static Encoding, shift: usize) -> OffsetMap {
    let mut table = Vec::with_capacity(text.len() / 2 + 1);
    let mut file = 0;
    // Characters still to come from the last byte sequence decoded (a Big5
    // HKSCS sequence decodes to two characters): they take no bytes.
    let mut pending = 0;
    for (i, c) in text.char_indices() {
        table.push((i as u32, (file + shift) as u32));
        if pending > 0 {
            pending -= 1;
            continue;
        }
        let (width, chars) = width_at(bytes, file, c, enc);
        file += width;
        pending = chars - 1;
    }
    table.push((text.len() as u32, (file + shift) as u32));
    OffsetMap::Table(table)
}

/// How many bytes of `bytes` from `at` decode to `c` (with how many
/// characters they decode to, `c` first): the character encoded again when
/// that gives the bytes there, else the shortest sequence that decodes to
/// it (GB18030 writes € as 0x80 but encodes it as two bytes).
fn width_at(bytes: &[u8], at: usize, c: char, enc: &'static Encoding) -> (usize, usize) {
    if enc == UTF_16LE || enc == UTF_16BE {
        return (c.len_utf16() * 2, 1);
    }
    let mut buf = [0u8; 4];
    let (again, _, unmappable) = enc.encode(c.encode_utf8(&mut buf));
    let rest = bytes.get(at..).unwrap_or(&[]);
    if !unmappable && rest.starts_with(&again) {
        return (again.len(), 1);
    }
    for n in 1..=4.min(rest.len()) {
        if let Some(s) = enc.decode_without_bom_handling_and_without_replacement(&rest[..n]) {
            if s.starts_with(c) {
                return (n, s.chars().count().max(1));
            }
        }
    }
    (again.len().min(rest.len()).max(1), 1)
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

mod docx;
mod extract;
mod html;
pub mod xml;

pub use extract::{Locator, Source};

#[cfg(test)]
mod tests;
