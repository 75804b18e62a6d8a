//! Embeddings kept between runs: a file of (text, vector) records, so that
//! a text met in an earlier run (a document checked again after an edit,
//! the recurring lines of a corpus) is not encoded again. The encoder's
//! vectors do not depend on the batch a text is encoded in, so a kept
//! vector is the one the encoder would make.
//!
//! The file begins with the encoder's vector of a fixed probe text: a file
//! written by another model, or by a build whose vectors differ, is not
//! read but replaced. Each record carries a checksum. A record cut short at
//! the end of the file (another run appending at that moment) ends the
//! reading; a record whose checksum fails before the end (a write torn by
//! a crash) makes the store start a new file. It is a cache: an error in
//! it only costs the encoding it would have saved, and the run goes on.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The first bytes of a store file (the layout's version is the last digit).
const MAGIC: &[u8; 8] = b"CDVECS1\n";

/// The text whose vector heads the file.
const PROBE: &str = "The probe of the clausediff embedding store. 嵌入向量存儲的探針。Проба.";

/// The largest file a run appends to (about 15,000 texts, the bundled
/// declaration's four versions checked take 12 MB): past it a run appends
/// nothing, and the next run starts a new file. A run holds the file's
/// vectors in memory (counted in the memory budget's `MODEL_BASE`).
pub const MAX_STORE_BYTES: u64 = 32 << 20;

/// Longest text kept (bytes): longer texts are encoded at every run.
const MAX_TEXT_BYTES: usize = 1 << 16;

/// An open store: the vectors read from its file, and the file to append to.
pub struct Store {
    path: PathBuf,
    dim: usize,
    /// The file, opened to append, and its length; `None` once the store
    /// stopped writing.
    file: Mutex<Option<(File, u64)>>,
    /// The largest file the store appends to.
    limit: u64,
}

/// What [`Store::open`] read: the store, and the vectors its file holds.
pub type Opened = (Store, HashMap<String, Arc<[f32]>>);

impl Store {
    /// Open (or make) the store file at `path` for an encoder whose vector
    /// of the probe text is `probe`.
    pub fn open(path: &Path, probe: &[f32]) -> io::Result<Opened> {
        Store::open_within(path, probe, MAX_STORE_BYTES)
    }

    /// [`Store::open`] with files up to `limit` bytes.
    fn open_within(path: &Path, probe: &[f32], limit: u64) -> io::Result<Opened> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let kept = match std::fs::read(path) {
            Ok(bytes) if (bytes.len() as u64) < limit => read(&bytes, probe),
            Ok(_) => None,
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        let kept = match kept {
            Some(k) => k,
            None => {
                start(path, probe)?;
                HashMap::new()
            }
        };
        let file = OpenOptions::new().append(true).open(path)?;
        let len = file.metadata()?.len();
        let store = Store { path: path.to_path_buf(), dim: probe.len(), file: Mutex::new(Some((file, len))), limit };
        Ok((store, kept))
    }

    /// The file of the store.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Append `texts` with their `vectors` (in one write, so that runs
    /// appending at once do not interleave records). A failed write stops
    /// the store's writing for the rest of the run, as does reaching
    /// [`MAX_STORE_BYTES`].
    pub fn append(&self, texts: &[&str], vectors: &[Arc<[f32]>]) {
        let mut buf = Vec::new();
        for (t, v) in texts.iter().zip(vectors) {
            if t.len() <= MAX_TEXT_BYTES && v.len() == self.dim {
                record(&mut buf, t, v);
            }
        }
        let mut file = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let Some((f, len)) = file.as_mut() else { return };
        if buf.is_empty() {
            return;
        }
        if *len + buf.len() as u64 > self.limit || f.write_all(&buf).is_err() {
            *file = None;
            return;
        }
        *len += buf.len() as u64;
    }
}

/// Replace the file at `path` with one that holds the header alone
/// (written beside it, then renamed over it).
fn start(path: &Path, probe: &[f32]) -> io::Result<()> {
    let mut head = Vec::with_capacity(MAGIC.len() + 4 + probe.len() * 4);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&(probe.len() as u32).to_le_bytes());
    probe.iter().for_each(|x| head.extend_from_slice(&x.to_le_bytes()));
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = File::create(&tmp).and_then(|mut f| f.write_all(&head).and_then(|_| f.sync_all()));
    match written.and_then(|_| std::fs::rename(&tmp, path)) {
        Ok(()) => Ok(()),
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

/// The records of a store file whose header matches `probe` bit for bit;
/// `None` when it does not, or when a record before the end is damaged.
fn read(bytes: &[u8], probe: &[f32]) -> Option<HashMap<String, Arc<[f32]>>> {
    let mut r = bytes;
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic).ok()?;
    let dim = u32_of(&mut r)? as usize;
    if magic != *MAGIC || dim != probe.len() || dim == 0 {
        return None;
    }
    let head: Vec<f32> = (0..dim).map(|_| f32_of(&mut r)).collect::<Option<_>>()?;
    if head.iter().map(|x| x.to_bits()).ne(probe.iter().map(|x| x.to_bits())) {
        return None;
    }
    let mut kept = HashMap::new();
    while !r.is_empty() {
        let (Some(len), Some(sum)) = (u32_of(&mut r), u32_of(&mut r)) else { break };
        let body_len = len as usize + dim * 4;
        if r.len() < body_len {
            // Cut short at the end: another run is appending it.
            break;
        }
        let (body, rest) = r.split_at(body_len);
        r = rest;
        if len as usize > MAX_TEXT_BYTES || checksum(body) != sum {
            return None;
        }
        let text = std::str::from_utf8(&body[..len as usize]).ok()?;
        let v: Arc<[f32]> =
            body[len as usize..].chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        kept.insert(text.to_string(), v);
    }
    Some(kept)
}

fn u32_of(r: &mut &[u8]) -> Option<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b).ok()?;
    Some(u32::from_le_bytes(b))
}

fn f32_of(r: &mut &[u8]) -> Option<f32> {
    u32_of(r).map(f32::from_bits)
}

/// The probe text, for the encoder to embed before [`Store::open`].
pub fn probe_text() -> &'static str {
    PROBE
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
    fn a_record_cut_short_at_the_end_ends_the_reading() {
        let dir = tempfile::tempdir().expect("dir");
        let path = filled(dir.path());
        let bytes = std::fs::read(&path).expect("read");
        std::fs::write(&path, &bytes[..bytes.len() - 5]).expect("cut");
        let (_, kept) = Store::open(&path, &probe(1.0)).expect("open");
        assert_eq!(kept.len(), 2);
        assert!(kept.contains_key("一") && kept.contains_key("two"));
    }

    #[test]
    fn a_full_store_takes_no_more_and_the_next_run_starts_anew() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("store.vec");
        let header = (8 + 4 + 8 * 4) as u64;
        let record = (4 + 4 + 1 + 8 * 4) as u64;
        let limit = header + 2 * record;
        let (store, _) = Store::open_within(&path, &probe(1.0), limit).expect("open");
        store.append(&["a", "b"], &[vector(1.0), vector(2.0)]);
        store.append(&["c"], &[vector(3.0)]);
        store.append(&["d"], &[vector(4.0)]);
        assert_eq!(std::fs::metadata(&path).expect("meta").len(), limit);
        let (_, kept) = Store::open_within(&path, &probe(1.0), limit).expect("open");
        assert!(kept.is_empty(), "a full store is started anew");
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
