//! Errors of the library: one [`Error`] type carrying an [`ErrorKind`], the
//! file it concerns (when there is one) and a human-readable cause.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong, in broad classes a caller can match on.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The file could not be opened or read.
    Io,
    /// The path names a directory where a file was expected.
    IsDirectory,
    /// The file holds no text (zero bytes or only whitespace).
    Empty,
    /// The file looks binary (NUL bytes outside a UTF-16 text).
    Binary,
    /// The bytes cannot be decoded in the detected or requested encoding.
    Decode,
    /// An encoding label that is not known.
    UnknownEncoding,
    /// A language tag that is not supported.
    UnknownLanguage,
    /// The text does not reveal its language (or its Chinese script), and none was declared.
    UndetectedLanguage,
    /// Inputs that cannot be compared: two unknown languages, or a declared
    /// language written in another script than the text.
    Mismatch,
    /// A malformed input file of a structured format (beads, glossary …).
    Parse,
    /// Options that contradict each other or are out of range.
    InvalidOption,
    /// Data bundled with the program (a converter, a dictionary) cannot be loaded.
    Resource,
    /// The work would need more memory than the memory budget allows.
    OverBudget,
}

/// The library's error: a kind, an optional path and a message.
#[derive(Debug, Clone)]
pub struct Error {
    kind: ErrorKind,
    path: Option<PathBuf>,
    message: String,
}

impl Error {
    /// A new error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error { kind, path: None, message: message.into() }
    }

    /// The same error, naming the file it concerns.
    pub fn with_path(mut self, path: &Path) -> Self {
        self.path = Some(path.to_path_buf());
        self
    }

    /// The class of the error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The file the error concerns, if any.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The cause, without the path.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `text` (a line or a field of an input file) quoted for a message:
    /// in double quotes with control characters escaped, and cut at a
    /// character boundary after [`QUOTE_CHARS`] characters, with `…` and
    /// the full length, so that a line of megabytes is never quoted whole.
    pub fn quote(text: &str) -> String {
        match text.char_indices().nth(QUOTE_CHARS) {
            None => format!("{text:?}"),
            Some((cut, _)) => format!("{:?} ({} bytes in all)", format!("{}…", &text[..cut]), text.len()),
        }
    }

    /// `text` (a message that may carry input text, as a parser's error)
    /// cut at a character boundary after [`QUOTE_CHARS`] characters, with
    /// `…`; not quoted.
    pub fn excerpt(text: &str) -> String {
        match text.char_indices().nth(QUOTE_CHARS) {
            None => text.to_string(),
            Some((cut, _)) => format!("{}…", &text[..cut]),
        }
    }
}

/// The most characters of input text [`Error::quote`] puts in a message.
pub const QUOTE_CHARS: usize = 80;

/// How messages name a path: standard input (`-`) as `<stdin>`.
pub fn display_path(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", display_path(p), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this library.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_are_bounded_at_a_character_boundary() {
        assert_eq!(Error::quote("[0]:[1"), "\"[0]:[1\"");
        let long = "上".repeat(1000);
        let q = Error::quote(&long);
        assert!(q.starts_with(&format!("\"{}…\"", "上".repeat(QUOTE_CHARS))), "{q}");
        assert!(q.ends_with("(3000 bytes in all)"), "{q}");
        assert_eq!(Error::quote("a\tb"), "\"a\\tb\"");
        assert_eq!(Error::excerpt(&"x".repeat(100)), format!("{}…", "x".repeat(QUOTE_CHARS)));
        let e = Error::new(ErrorKind::Io, "x").with_path(Path::new("-"));
        assert_eq!(e.to_string(), "<stdin>: x");
    }
}
