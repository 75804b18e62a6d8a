//! What the command-line tests share: the command, run in the workspace's
//! root without the sentence-embedding model, and files to give it.
// Each test binary uses a part of this module.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;

/// The workspace's root, where the bundled texts are.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Move the test process to the workspace's root (the first call; the
/// others wait for it), so that relative paths name the bundled files.
pub fn at_root() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| std::env::set_current_dir(root()).expect("the workspace root"));
}

/// The command in the workspace's root, without the sentence-embedding
/// model (the outputs checked do not depend on it, and loading it for
/// every call is slow), stopped after two minutes.
pub fn cmd() -> Command {
    at_root();
    let mut c = Command::cargo_bin("clausediff").expect("binary builds");
    c.current_dir(root()).env("XDG_CACHE_HOME", "/nonexistent-clausediff-cache").timeout(Duration::from_secs(120));
    c
}

/// `text` (or bytes) written to `dir/name`.
pub fn write(dir: &Path, name: &str, text: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write");
    p
}

/// A temporary file holding `bytes`.
pub fn temp_file(bytes: &[u8]) -> tempfile::NamedTempFile {
    let mut f = tempfile::NamedTempFile::new().expect("temp file");
    f.write_all(bytes).expect("write");
    f
}

/// Records of RFC 4180 CSV: fields split at commas outside quotes, `""` a
/// quote, CRLF (or LF, as LibreOffice writes) ends a record.
pub fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let (mut records, mut record, mut field) = (Vec::new(), Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => record.push(std::mem::take(&mut field)),
            ('\r', false) if chars.peek() == Some(&'\n') => {}
            ('\n', false) => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (c, _) => field.push(c),
        }
    }
    assert!(!quoted && field.is_empty() && record.is_empty(), "the CSV ends with a complete record");
    records
}
