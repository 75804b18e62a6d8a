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
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "{}: {}", p.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for Error {}

/// Shorthand for results of this library.
pub type Result<T> = std::result::Result<T, Error>;
