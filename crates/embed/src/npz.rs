//! Minimal `.npz` reader: a zip archive (stored or deflated members, ZIP64
//! as numpy writes it) of `.npy` files, inflated with `flate2`.
//!
//! Only what `weights.npz` needs: little-endian `f4`/`f8`, `u1`/`i1`, C order.

use std::io::Read;

use crate::EmbedError;

/// Element type of an array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DType {
    F32,
    F64,
    U8,
    I8,
}

impl DType {
    fn size(self) -> usize {
        match self {
            DType::F64 => 8,
            DType::F32 => 4,
            DType::U8 | DType::I8 => 1,
        }
    }
}

/// One decoded `.npy` array: raw little-endian data plus its header.
pub struct Array {
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub data: Vec<u8>,
}

impl Array {
    pub fn len(&self) -> usize {
        // parse_npy made `data` exactly the shape's elements times their size.
        self.data.len() / self.dtype.size()
    }

    /// Values as `f32` (only for `f4` arrays). A NaN or an infinity is an
    /// error: weights that parse can still be corrupt, and a single NaN
    /// would turn every sentence that reaches it into a zero vector.
    pub fn to_f32(&self, name: &str) -> Result<Vec<f32>, EmbedError> {
        if self.dtype != DType::F32 {
            return Err(EmbedError::BadNpz(format!("{name}: expected float32, found {:?}", self.dtype)));
        }
        let values: Vec<f32> =
            self.data.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            return Err(EmbedError::BadNpz(format!("{name}: value {i} is {}; the file is corrupt", values[i])));
        }
        Ok(values)
    }

    /// A scalar as `f64` (any float type).
    pub fn scalar_f64(&self, name: &str) -> Result<f64, EmbedError> {
        if self.len() != 1 {
            return Err(EmbedError::Shape(format!("{name}: expected a scalar, shape {:?}", self.shape)));
        }
        match self.dtype {
            DType::F64 => {
                let mut a = [0u8; 8];
                a.copy_from_slice(&self.data[..8]);
                Ok(f64::from_le_bytes(a))
            }
            DType::F32 => Ok(f64::from(f32::from_le_bytes([self.data[0], self.data[1], self.data[2], self.data[3]]))),
            other => Err(EmbedError::BadNpz(format!("{name}: expected a float scalar, found {other:?}"))),
        }
    }
}

/// Parse a whole `.npy` file.
pub fn parse_npy(name: &str, bytes: Vec<u8>) -> Result<Array, EmbedError> {
    let h = NpyHeader::parse(name, &bytes)?;
    if slice(&bytes, h.data_start, h.nbytes).is_none() {
        return Err(EmbedError::BadNpz(format!("{name}: truncated data")));
    }
    let mut data = bytes;
    data.truncate(h.data_start + h.nbytes);
    data.drain(..h.data_start);
    Ok(Array { dtype: h.dtype, shape: h.shape, data })
}

/// What the header of an `.npy` file says: the element type, the shape,
/// and where the data starts and how long it is.
struct NpyHeader {
    dtype: DType,
    shape: Vec<usize>,
    data_start: usize,
    nbytes: usize,
}

impl NpyHeader {
    /// The header of the `.npy` file starting with `bytes` (the header
    /// whole; the data may follow).
    fn parse(name: &str, bytes: &[u8]) -> Result<NpyHeader, EmbedError> {
        let bad = |msg: &str| EmbedError::BadNpz(format!("{name}: {msg}"));
        if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
            return Err(bad("not an .npy file"));
        }
        let (header_len, start) = match bytes[6] {
            1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
            2 | 3 => {
                if bytes.len() < 12 {
                    return Err(bad("truncated header"));
                }
                (u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize, 12)
            }
            v => return Err(bad(&format!("unsupported .npy version {v}"))),
        };
        let header = slice(bytes, start, header_len).ok_or_else(|| bad("truncated header"))?;
        let header = std::str::from_utf8(header).map_err(|_| bad("header is not UTF-8"))?;
        let descr = dict_value(header, "descr").ok_or_else(|| bad("no descr"))?;
        let descr = descr.trim_matches(|c| c == '\'' || c == '"');
        let dtype = match descr {
            "<f4" => DType::F32,
            "<f8" => DType::F64,
            "|u1" | "<u1" | "u1" => DType::U8,
            "|i1" | "<i1" | "i1" => DType::I8,
            other => return Err(bad(&format!("unsupported dtype {other}"))),
        };
        let fortran = dict_value(header, "fortran_order").ok_or_else(|| bad("no fortran_order"))?;
        if fortran.trim() != "False" {
            return Err(bad("Fortran-order arrays are not supported"));
        }
        let shape_txt = dict_value(header, "shape").ok_or_else(|| bad("no shape"))?;
        let shape_txt = shape_txt.trim().trim_start_matches('(').trim_end_matches(')');
        let mut shape = Vec::new();
        for part in shape_txt.split(',') {
            let part = part.trim();
            if part.is_empty() {
                continue;
            }
            shape.push(part.parse::<usize>().map_err(|_| bad("bad shape"))?);
        }
        let nbytes =
            element_count(&shape).and_then(|n| n.checked_mul(dtype.size())).ok_or_else(|| bad("shape overflow"))?;
        Ok(NpyHeader { dtype, shape, data_start: start + header_len, nbytes })
    }
}

/// Number of elements of an array of `shape`, `None` on overflow.
fn element_count(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

/// `len` bytes of `b` from `at`, `None` when out of range (offsets and sizes
/// come from the file, so the end is computed without overflow).
fn slice(b: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(len)?)
}

/// Text of the value of `key` in a Python dict literal (up to the next
/// top-level comma or closing brace).
fn dict_value<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let pat1 = format!("'{key}'");
    let pat2 = format!("\"{key}\"");
    let at = header.find(&pat1).map(|i| i + pat1.len()).or_else(|| header.find(&pat2).map(|i| i + pat2.len()))?;
    let rest = &header[at..];
    let colon = rest.find(':')?;
    let rest = &rest[colon + 1..];
    let mut depth = 0i32;
    for (i, ch) in rest.char_indices() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | '}' if depth == 0 => return Some(rest[..i].trim()),
            _ => {}
        }
    }
    Some(rest.trim())
}

/// One member of the archive, from the central directory.
struct Member {
    name: String,
    method: u16,
    crc: u32,
    compressed: u64,
    size: u64,
    local_offset: u64,
}

fn le16(b: &[u8], at: usize) -> Option<u16> {
    slice(b, at, 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn le32(b: &[u8], at: usize) -> Option<u32> {
    slice(b, at, 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

fn le64(b: &[u8], at: usize) -> Option<u64> {
    slice(b, at, 8).map(|s| {
        let mut a = [0u8; 8];
        a.copy_from_slice(s);
        u64::from_le_bytes(a)
    })
}

/// Central directory of a zip archive (plain or ZIP64, as numpy writes it)
/// from `bytes`, the end of the archive from offset `base` on; `None` when
/// it is not there (no archive, or a directory that starts before `base`).
fn read_directory(bytes: &[u8], base: u64) -> Option<Vec<Member>> {
    // An offset in the archive as an index into `bytes`.
    let at = |offset: u64| usize::try_from(offset.checked_sub(base)?).ok();
    // end of central directory record: last "PK\x05\x06" within the final 64 KiB + 22
    let lo = bytes.len().saturating_sub(22 + 65535);
    let eocd = (lo..=bytes.len().checked_sub(22)?).rev().find(|&i| bytes[i..i + 4] == *b"PK\x05\x06")?;
    let mut entries = u64::from(le16(bytes, eocd + 10)?);
    let mut cd_size = u64::from(le32(bytes, eocd + 12)?);
    let mut cd_off = u64::from(le32(bytes, eocd + 16)?);
    if entries == 0xFFFF || cd_size == 0xFFFF_FFFF || cd_off == 0xFFFF_FFFF {
        // ZIP64 end of central directory locator precedes the EOCD record
        let loc = eocd.checked_sub(20)?;
        if bytes.get(loc..loc + 4)? != b"PK\x06\x07" {
            return None;
        }
        let z64 = at(le64(bytes, loc + 8)?)?;
        if slice(bytes, z64, 4)? != b"PK\x06\x06" {
            return None;
        }
        entries = le64(bytes, z64 + 32)?;
        cd_size = le64(bytes, z64 + 40)?;
        cd_off = le64(bytes, z64 + 48)?;
    }
    let mut pos = at(cd_off)?;
    let end = pos.checked_add(usize::try_from(cd_size).ok()?)?;
    if end > bytes.len() {
        return None;
    }
    let mut out = Vec::new();
    for _ in 0..entries {
        if bytes.get(pos..pos + 4)? != b"PK\x01\x02" {
            return None;
        }
        let method = le16(bytes, pos + 10)?;
        let crc = le32(bytes, pos + 16)?;
        let mut compressed = u64::from(le32(bytes, pos + 20)?);
        let mut size = u64::from(le32(bytes, pos + 24)?);
        let name_len = usize::from(le16(bytes, pos + 28)?);
        let extra_len = usize::from(le16(bytes, pos + 30)?);
        let comment_len = usize::from(le16(bytes, pos + 32)?);
        let mut local_offset = u64::from(le32(bytes, pos + 42)?);
        let name = String::from_utf8_lossy(bytes.get(pos + 46..pos + 46 + name_len)?).into_owned();
        // ZIP64 extended information: present fields are those set to all-ones
        let extra = bytes.get(pos + 46 + name_len..pos + 46 + name_len + extra_len)?;
        let mut e = 0;
        while e + 4 <= extra.len() {
            let id = le16(extra, e)?;
            let len = usize::from(le16(extra, e + 2)?);
            if id == 0x0001 {
                let mut f = e + 4;
                if size == 0xFFFF_FFFF {
                    size = le64(extra, f)?;
                    f += 8;
                }
                if compressed == 0xFFFF_FFFF {
                    compressed = le64(extra, f)?;
                    f += 8;
                }
                if local_offset == 0xFFFF_FFFF {
                    local_offset = le64(extra, f)?;
                }
            }
            e += 4 + len;
        }
        out.push(Member { name, method, crc, compressed, size, local_offset });
        pos += 46 + name_len + extra_len + comment_len;
    }
    Some(out)
}

/// `len` bytes of `file` from `offset`.
fn read_at(file: &mut std::fs::File, offset: u64, len: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Seek;
    file.seek(std::io::SeekFrom::Start(offset))?;
    // Callers ask for at most the file's length (itself at most MAX_NPZ_BYTES).
    let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(len).read_to_end(&mut out)?;
    if (out.len() as u64) < len {
        return Err(std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the file ends early"));
    }
    Ok(out)
}

/// An opened `.npz`: its directory, and the file its members are read from
/// one at a time (so that the whole archive is never held besides its
/// arrays), each read opening the file again so that several threads read
/// at once.
pub struct Npz {
    path: std::path::PathBuf,
    members: Vec<Member>,
}

/// Bytes of a stored `.npy` file read for its header (numpy writes 128).
const NPY_HEAD: u64 = 4096;

/// Whether `parts`, one after the other, have the CRC the directory gives
/// member `m` (named `name`).
fn check_crc(name: &str, m: &Member, parts: &[&[u8]]) -> Result<(), EmbedError> {
    let mut crc = flate2::Crc::new();
    parts.iter().for_each(|p| crc.update(p));
    (crc.sum() == m.crc).then_some(()).ok_or_else(|| EmbedError::BadNpz(format!("{name}: CRC mismatch")))
}

/// Largest `.npz` read (the model's weights take about 80 MB, 30 MB deflated).
const MAX_NPZ_BYTES: u64 = 1 << 30;

/// Bytes read from the end of an archive for its directory (the end record
/// may follow up to 64 KiB of comment): most directories are inside.
const TAIL: u64 = 1 << 17;

impl Npz {
    /// Open the archive at `path` and read its directory; a file past
    /// [`MAX_NPZ_BYTES`] or one that is no zip archive is an error.
    pub fn open(path: &std::path::Path) -> Result<Npz, EmbedError> {
        let io = |e| EmbedError::Io(path.to_path_buf(), e);
        let mut file = std::fs::File::open(path).map_err(io)?;
        let len = file.metadata().map_err(io)?.len();
        if len > MAX_NPZ_BYTES {
            return Err(EmbedError::BadNpz(format!(
                "{}: {len} bytes, more than a model's weights can be",
                path.display()
            )));
        }
        let mut members = None;
        // The end of the file first, the whole file when the directory starts before it.
        for base in [len.saturating_sub(TAIL), 0] {
            let tail = read_at(&mut file, base, len - base).map_err(io)?;
            members = read_directory(&tail, base);
            if members.is_some() || base == 0 {
                break;
            }
        }
        let members =
            members.ok_or_else(|| EmbedError::BadNpz(format!("{}: not a readable zip archive", path.display())))?;
        Ok(Npz { path: path.to_path_buf(), members })
    }

    /// `len` bytes of the archive at `offset`; `None` past its end.
    fn bytes(&self, offset: u64, len: u64) -> Result<Option<Vec<u8>>, EmbedError> {
        let mut file =
            std::fs::File::open(&self.path).map_err(|e| EmbedError::BadNpz(format!("cannot read the archive: {e}")))?;
        let size = file.metadata().map_err(|e| EmbedError::BadNpz(format!("cannot read the archive: {e}")))?.len();
        if offset.checked_add(len).is_none_or(|end| end > size) {
            return Ok(None);
        }
        read_at(&mut file, offset, len)
            .map(Some)
            .map_err(|e| EmbedError::BadNpz(format!("cannot read the archive: {e}")))
    }

    /// Read one array (`key` without the `.npy` suffix).
    pub fn read(&self, key: &str) -> Result<Array, EmbedError> {
        let name = format!("{key}.npy");
        let bad = |msg: &str| EmbedError::BadNpz(format!("{name}: {msg}"));
        let m = self
            .members
            .iter()
            .find(|m| m.name == name)
            .ok_or_else(|| EmbedError::BadNpz(format!("array {key} missing from weights.npz")))?;
        let header = self.bytes(m.local_offset, 30)?.ok_or_else(|| bad("truncated"))?;
        if header[..4] != *b"PK\x03\x04" {
            return Err(bad("bad local header"));
        }
        let name_len = u64::from(le16(&header, 26).ok_or_else(|| bad("truncated"))?);
        let extra_len = u64::from(le16(&header, 28).ok_or_else(|| bad("truncated"))?);
        let start = (m.local_offset + 30).checked_add(name_len + extra_len).ok_or_else(|| bad("offset overflow"))?;
        let clen = usize::try_from(m.compressed).map_err(|_| bad("size overflow"))?;
        let size = usize::try_from(m.size).map_err(|_| bad("size overflow"))?;
        if m.method == 0 {
            return self.stored(key, m, start);
        }
        let data = self.bytes(start, m.compressed)?.ok_or_else(|| bad("truncated data"))?;
        let out = match m.method {
            8 => {
                // The directory's size bounds both the allocation and the
                // output; an absurd size is an error, not an abort.
                let mut out = Vec::new();
                out.try_reserve_exact(size.min(clen.saturating_mul(1032)))
                    .map_err(|_| bad(&format!("a member of {size} bytes is too large")))?;
                flate2::read::DeflateDecoder::new(data.as_slice())
                    .take(m.size.saturating_add(1))
                    .read_to_end(&mut out)
                    .map_err(|e| bad(&format!("inflate: {e}")))?;
                out
            }
            other => return Err(bad(&format!("unsupported compression method {other}"))),
        };
        if out.len() != size {
            return Err(bad("size mismatch after decompression"));
        }
        check_crc(&name, m, &[&out])?;
        parse_npy(key, out)
    }

    /// Read the stored (not compressed) member `m`, whose `.npy` file
    /// starts at `start`: its header, then its data straight into the
    /// array (not moved once read).
    fn stored(&self, key: &str, m: &Member, start: u64) -> Result<Array, EmbedError> {
        let bad = |msg: &str| EmbedError::BadNpz(format!("{key}.npy: {msg}"));
        if m.compressed != m.size {
            return Err(bad("size mismatch"));
        }
        let head = self.bytes(start, m.size.min(NPY_HEAD))?.ok_or_else(|| bad("truncated data"))?;
        let h = match NpyHeader::parse(key, &head) {
            // A header longer than the bytes read: the whole file at once.
            Ok(h) if h.data_start <= head.len() => h,
            _ => {
                let whole = self.bytes(start, m.size)?.ok_or_else(|| bad("truncated data"))?;
                check_crc(&format!("{key}.npy"), m, &[&whole])?;
                return parse_npy(key, whole);
            }
        };
        let after = m.size - h.data_start as u64;
        let mut data = self.bytes(start + h.data_start as u64, after)?.ok_or_else(|| bad("truncated data"))?;
        check_crc(&format!("{key}.npy"), m, &[&head[..h.data_start], &data])?;
        if data.len() < h.nbytes {
            return Err(bad("truncated data"));
        }
        data.truncate(h.nbytes);
        Ok(Array { dtype: h.dtype, shape: h.shape, data })
    }
}

#[cfg(test)]
#[path = "npz_tests.rs"]
mod tests;
