//! Embeddings kept between runs: a file of (text, vector) records, so that
//! a text met in an earlier run (a document checked again after an edit,
//! the recurring lines of a corpus) is not encoded again. The encoder's
//! vectors do not depend on the batch a text is encoded in, so a kept
//! vector is the one the encoder would make.
//!
//! The file begins with a probe vector: the encoder's vector of a fixed
//! probe text (longer than the encoder's segment, in three scripts) plus
//! its vectors of a pair and of a run of three units ([`probe_run`]); a
//! file written by another model, or by a build whose vectors or runs
//! differ, is not read but replaced.
//! Runs lock the file while they read it and while they append a batch, so
//! a record cut short at its end can only be left by a run that stopped
//! while writing: the reader cuts it off. A record that fails its checksum,
//! or whose length is past any a run writes, makes the store start a new
//! file. When a batch would take the file past [`MAX_STORE_BYTES`], the
//! store starts a new file with that batch. It is a cache: an error in it
//! only costs the encoding it would have saved, and the run goes on.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// The first bytes of a store file (the layout's version is the last digit).
const MAGIC: &[u8; 8] = b"CDVECS2\n";

/// The file holding up to this many bytes (about 15,000 texts; the bundled
/// declaration's four versions checked take 12 MB) is appended to; a batch
/// that would pass it starts a new file. A run holds the file's vectors in
/// memory (counted in the memory budget's `MODEL_BASE`).
pub const MAX_STORE_BYTES: u64 = 32 << 20;

/// Longest text kept (bytes): longer texts are encoded at every run.
const MAX_TEXT_BYTES: usize = 1 << 16;

/// An open store: the file to append to.
pub struct Store {
    path: PathBuf,
    probe: Vec<f32>,
    /// The file, opened to append, and how much this run takes it to hold;
    /// `None` once the store stopped writing.
    file: Mutex<Option<(File, u64)>>,
    /// The largest file the store appends to.
    limit: u64,
}

/// Vectors by text.
pub type Kept = HashMap<String, Arc<[f32]>>;

/// What [`Store::open`] read: the store, and the vectors its file holds.
pub type Opened = (Store, Kept);

impl Store {
    /// Open (or make) the store file at `path` for an encoder whose probe
    /// vector (see the module's documentation) is `probe`.
    pub fn open(path: &Path, probe: &[f32]) -> io::Result<Opened> {
        Store::open_within(path, probe, MAX_STORE_BYTES)
    }

    /// [`Store::open`] with files up to `limit` bytes.
    fn open_within(path: &Path, probe: &[f32], limit: u64) -> io::Result<Opened> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        remove_stale(path);
        let mut file = OpenOptions::new().read(true).append(true).create(true).open(path)?;
        file.lock()?;
        let len = file.metadata()?.len();
        let parsed = if len > 0 && len <= limit { read_all(&mut file, len).map(|b| parse(&b, probe)) } else { None };
        let (file, len, kept) = match parsed.flatten() {
            Some((kept, end)) => {
                if end < len {
                    // Cut short: a run stopped while appending (a run that
                    // is appending holds the lock).
                    file.set_len(end)?;
                }
                file.unlock()?;
                (file, end, kept)
            }
            None => {
                drop(file);
                let (file, len) = start(path, probe, &[])?;
                (file, len, HashMap::new())
            }
        };
        let store =
            Store { path: path.to_path_buf(), probe: probe.to_vec(), file: Mutex::new(Some((file, len))), limit };
        Ok((store, kept))
    }

    /// The file of the store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append `texts` with their `vectors`, in one locked write; a batch
    /// that would take the file past the store's limit starts a new file
    /// that holds it, and a batch larger than half the limit is not kept.
    /// A failed write stops the store's writing for the rest of the run.
    pub fn append(&self, texts: &[&str], vectors: &[Arc<[f32]>]) {
        let mut buf = Vec::new();
        for (t, v) in texts.iter().zip(vectors) {
            if t.len() <= MAX_TEXT_BYTES && v.len() == self.probe.len() {
                record(&mut buf, t, v);
            }
        }
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let Some((f, len)) = file.as_mut() else { return };
        if buf.is_empty() || buf.len() as u64 > self.limit / 2 {
            // A batch that would fill half a new file alone (the words of
            // a long document) is not kept: it would push out everything else.
            return;
        }
        let done = if *len + buf.len() as u64 > self.limit {
            start(&self.path, &self.probe, &buf).map(|(nf, nl)| {
                *f = nf;
                *len = nl;
            })
        } else {
            locked_write(f, &buf).map(|()| *len += buf.len() as u64)
        };
        if done.is_err() {
            *file = None;
        }
    }
}

/// `buf` appended to `f` under the file's lock.
fn locked_write(f: &mut File, buf: &[u8]) -> io::Result<()> {
    f.lock()?;
    let written = f.write_all(buf);
    let unlocked = f.unlock();
    written.and(unlocked)
}

/// The first `len` bytes of `f`; `None` when they cannot be read.
fn read_all(f: &mut File, len: u64) -> Option<Vec<u8>> {
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?);
    f.take(len).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Replace the file at `path` with one that holds the header and the
/// records `body` (written beside it, then renamed over it), opened to
/// append, and its length.
fn start(path: &Path, probe: &[f32], body: &[u8]) -> io::Result<(File, u64)> {
    let mut head = Vec::with_capacity(MAGIC.len() + 4 + probe.len() * 4 + body.len());
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&(probe.len() as u32).to_le_bytes());
    probe.iter().for_each(|x| head.extend_from_slice(&x.to_le_bytes()));
    head.extend_from_slice(body);
    // One name for each new file of this process (two stores of a process
    // may start one at once).
    static STARTED: AtomicUsize = AtomicUsize::new(0);
    let tmp = path.with_extension(format!("tmp{}-{}", std::process::id(), STARTED.fetch_add(1, Ordering::Relaxed)));
    let written = File::create(&tmp).and_then(|mut f| f.write_all(&head));
    match written.and_then(|_| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok((OpenOptions::new().append(true).open(path)?, head.len() as u64)),
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// One record: text length, checksum of text and vector, text, vector.
fn record(buf: &mut Vec<u8>, text: &str, v: &[f32]) {
    let body: Vec<u8> = text.bytes().chain(v.iter().flat_map(|x| x.to_le_bytes())).collect();
    buf.extend_from_slice(&(text.len() as u32).to_le_bytes());
    buf.extend_from_slice(&checksum(&body).to_le_bytes());
    buf.extend_from_slice(&body);
}

fn checksum(bytes: &[u8]) -> u32 {
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    crc.sum()
}

/// The records of a store file whose header matches `probe` bit for bit,
/// and where the whole records end; `None` when the header does not match
/// or a record is damaged.
fn parse(bytes: &[u8], probe: &[f32]) -> Option<(Kept, u64)> {
    let mut r = bytes;
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic).ok()?;
    let dim = u32_of(&mut r)? as usize;
    if magic != *MAGIC || dim != probe.len() || dim == 0 {
        return None;
    }
    let head: Vec<f32> = (0..dim).map(|_| u32_of(&mut r).map(f32::from_bits)).collect::<Option<_>>()?;
    if head.iter().map(|x| x.to_bits()).ne(probe.iter().map(|x| x.to_bits())) {
        return None;
    }
    let mut kept = HashMap::new();
    let mut end = bytes.len() - r.len();
    while !r.is_empty() {
        let (Some(len), Some(sum)) = (u32_of(&mut r), u32_of(&mut r)) else { break };
        let len = len as usize;
        if len > MAX_TEXT_BYTES {
            return None;
        }
        let Some((body, rest)) = r.split_at_checked(len + dim * 4) else { break };
        r = rest;
        if checksum(body) != sum {
            return None;
        }
        let text = std::str::from_utf8(&body[..len]).ok()?;
        let v: Arc<[f32]> = body[len..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        kept.insert(text.to_string(), v);
        end = bytes.len() - r.len();
    }
    Some((kept, end as u64))
}

fn u32_of(r: &mut &[u8]) -> Option<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b).ok()?;
    Some(u32::from_le_bytes(b))
}

/// A new store file is written beside the store (`<name>.tmp<pid>-<n>`)
/// and renamed over it; one left older than this by a run that stopped
/// before the rename is removed when a store is next opened (a file is
/// being written for well under a second).
const STALE: std::time::Duration = std::time::Duration::from_secs(600);

/// Remove the temporary files of the store at `path` older than [`STALE`].
fn remove_stale(path: &Path) {
    let (Some(dir), Some(name)) = (path.parent(), path.file_stem()) else { return };
    let prefix = format!("{}.tmp", name.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let ours = e.file_name().to_string_lossy().starts_with(&prefix);
        let age = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        if ours && age.is_some_and(|a| a > STALE) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// The file that keeps the embeddings of the model in `model_dir` between
/// runs: `$XDG_CACHE_HOME/clausediff/embeddings` (or `~/.cache/…`), one
/// file for each model directory. `None` when that cache directory
/// (`$XDG_CACHE_HOME` or `~/.cache`) does not exist (it is not made) or
/// when `CLAUSEDIFF_EMBEDDING_CACHE` is `off`.
pub fn default_file(model_dir: &Path) -> Option<PathBuf> {
    if std::env::var_os("CLAUSEDIFF_EMBEDDING_CACHE").is_some_and(|v| v == "off") {
        return None;
    }
    let ours = crate::embed::default_dir()?.parent()?.to_path_buf();
    if !ours.parent().is_some_and(Path::is_dir) {
        return None;
    }
    let dir = std::fs::canonicalize(model_dir).unwrap_or_else(|_| model_dir.to_path_buf());
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in dir.to_string_lossy().bytes() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let name = dir.file_name().map_or_else(|| "model".to_string(), |n| n.to_string_lossy().into_owned());
    Some(ours.join("embeddings").join(format!("{name}-{h:016x}.vec")))
}

/// The text whose vector heads the file: a passage in English, Chinese and
/// Russian with numbers and marks, repeated past the encoder's segment
/// (1,024 tokens), so that a change to how long texts are cut or how any
/// of it is tokenized changes the vector.
pub fn probe_text() -> &'static str {
    static PROBE: OnceLock<String> = OnceLock::new();
    PROBE.get_or_init(|| {
        let part =
            "The probe of the clausediff store, No. 3 (2025-03-11): «Проба» — 嵌入向量存儲的探針，第二十一條；½ & … ";
        part.repeat(40)
    })
}

/// Three units whose runs (the first two, and all three) head the file too
/// (see [`probe_text`]): each long enough that its runs are made from its
/// own pass and junctions.
pub fn probe_run() -> [&'static str; 3] {
    [
        "The probe's first unit: a sentence of the clausediff store, long enough for a junction.",
        "探針的第二個單位：嵌入向量存儲的一句話，長到足以構成接縫。",
        "Третья единица пробы: предложение хранилища, достаточно длинное для стыка.",
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn probe(seed: f32) -> Vec<f32> {
        (0..8).map(|k| seed + k as f32 * 0.25).collect()
    }

    fn vector(seed: f32) -> Arc<[f32]> {
        (0..8).map(|k| (seed * 7.0 + k as f32).sin()).collect()
    }

    /// A store at a new path in `dir` holding "一", "two", "три".
    fn filled(dir: &Path) -> PathBuf {
        let path = dir.join("sub/store.vec");
        let (store, kept) = Store::open(&path, &probe(1.0)).expect("open");
        assert!(kept.is_empty());
        store.append(&["一", "two"], &[vector(1.0), vector(2.0)]);
        store.append(&["три"], &[vector(3.0)]);
        path
    }

    #[test]
    fn a_temporary_file_a_stopped_run_left_is_removed_once_stale() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("m.vec");
        let old = dir.path().join("m.tmp4242-0");
        let fresh = dir.path().join("m.tmp4243-0");
        let other = dir.path().join("other.tmp4242-0");
        for f in [&old, &fresh, &other] {
            std::fs::write(f, b"partial").expect("write");
        }
        let past = std::time::SystemTime::now() - STALE - std::time::Duration::from_secs(60);
        for f in [&old, &other] {
            File::options().write(true).open(f).and_then(|f| f.set_modified(past)).expect("age");
        }
        Store::open(&path, &probe(1.0)).expect("opens");
        assert!(!old.exists(), "a stale temporary file of this store is removed");
        assert!(fresh.exists(), "one another run may be writing stays");
        assert!(other.exists(), "another store's stays");
    }

    #[test]
    fn kept_vectors_come_back_bit_for_bit() {
        let dir = tempfile::tempdir().expect("dir");
        let path = filled(dir.path());
        let (_, kept) = Store::open(&path, &probe(1.0)).expect("open");
        assert_eq!(kept.len(), 3);
        for (t, seed) in [("一", 1.0), ("two", 2.0), ("три", 3.0)] {
            let want = vector(seed);
            assert!(kept[t].iter().zip(want.iter()).all(|(a, b)| a.to_bits() == b.to_bits()), "{t}");
        }
    }

    #[test]
    fn another_probe_a_damaged_record_or_garbage_start_a_new_file() {
        let dir = tempfile::tempdir().expect("dir");
        let path = filled(dir.path());
        // Another encoder: nothing read, the file made anew.
        let (store, kept) = Store::open(&path, &probe(2.0)).expect("open");
        assert!(kept.is_empty());
        store.append(&["x"], &[vector(4.0)]);
        assert_eq!(Store::open(&path, &probe(2.0)).expect("open").1.len(), 1);
        // A record damaged before the end: nothing read.
        let path = filled(&dir.path().join("b"));
        let mut bytes = std::fs::read(&path).expect("read");
        let at = 8 + 4 + 8 * 4 + 8 + 1;
        bytes[at] ^= 0xff;
        std::fs::write(&path, &bytes).expect("write");
        assert!(Store::open(&path, &probe(1.0)).expect("open").1.is_empty());
        // Not a store at all.
        std::fs::write(&path, b"\x7fELF garbage").expect("write");
        assert!(Store::open(&path, &probe(1.0)).expect("open").1.is_empty());
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), (8 + 4 + 8 * 4) as u64);
    }

    #[test]
    fn a_record_cut_short_at_the_end_is_cut_off_and_later_records_are_read() {
        let dir = tempfile::tempdir().expect("dir");
        let path = filled(dir.path());
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 5]).expect("cut");
        let (store, kept) = Store::open(&path, &probe(1.0)).expect("open");
        assert_eq!(kept.len(), 2);
        assert!(kept.contains_key("一") && kept.contains_key("two"));
        store.append(&["four"], &[vector(4.0)]);
        let (_, kept) = Store::open(&path, &probe(1.0)).expect("open");
        assert_eq!(kept.len(), 3, "the record after the cut is read");
        assert!(kept.contains_key("four"));
        // A length past any a run writes, even at the end: a new file.
        let mut bytes = std::fs::read(&path).expect("read");
        bytes.extend_from_slice(&u32::MAX.to_le_bytes());
        bytes.extend_from_slice(&[0; 4]);
        std::fs::write(&path, &bytes).expect("write");
        assert!(Store::open(&path, &probe(1.0)).expect("open").1.is_empty());
    }

    #[test]
    fn a_batch_past_the_limit_starts_a_new_file_that_holds_it() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("store.vec");
        let header = (8 + 4 + 8 * 4) as u64;
        let record = (4 + 4 + 1 + 8 * 4) as u64;
        let limit = header + 3 * record;
        let (store, _) = Store::open_within(&path, &probe(1.0), limit).expect("open");
        store.append(&["a", "b"], &[vector(1.0), vector(2.0)]);
        store.append(&["c"], &[vector(3.0)]);
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), limit);
        store.append(&["d"], &[vector(4.0)]);
        store.append(&["e"], &[vector(5.0)]);
        // A batch past half the limit is not kept.
        store.append(&["x", "y", "z"], &[vector(6.0), vector(7.0), vector(8.0)]);
        let (_, kept) = Store::open_within(&path, &probe(1.0), limit).expect("open");
        let mut texts: Vec<&str> = kept.keys().map(String::as_str).collect();
        texts.sort_unstable();
        assert_eq!(texts, ["d", "e"]);
        // A file past the limit (another run's appends) is started anew.
        let mut bytes = std::fs::read(&path).expect("read");
        bytes.extend_from_slice(&[0; 64]);
        std::fs::write(&path, &bytes).expect("write");
        assert!(Store::open_within(&path, &probe(1.0), limit).expect("open").1.is_empty());
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), header);
    }

    #[test]
    fn an_unusable_place_is_an_error() {
        let dir = tempfile::tempdir().expect("dir");
        let file = dir.path().join("file");
        std::fs::write(&file, b"x").expect("write");
        assert!(Store::open(&file.join("store.vec"), &probe(1.0)).is_err());
    }
}
