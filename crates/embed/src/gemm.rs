//! Small single-threaded f32 matrix product `C = A · B` with `B` (a weight
//! matrix) packed once into column panels.
//!
//! One blocking loop drives a kernel (safe Rust): explicit vectors of the
//! instruction set's width (`Vector`, generic over pulp's `Simd`), or a
//! plain loop LLVM vectorizes (`Portable`) when there is no SIMD type.
//! [`Level::Wide`] goes through `pulp::Arch::dispatch`, which picks the
//! CPU's widest features (AVX-512 or AVX2+FMA) at run time;
//! [`Level::Narrow`] asks for AVX2+FMA (`pulp::x86::V3`); [`Level::Scalar`],
//! and a CPU without those features, take the portable loop.

/// Columns per packed panel.
pub const NR: usize = 32;
/// Depth of one k block (B sub-panel of KC × NR floats = 32 KiB stays in L1).
const KC: usize = 256;

/// A `k × n` row-major matrix stored as `n / NR` panels of `k × NR` floats.
pub struct Packed {
    pub k: usize,
    pub n: usize,
    data: Vec<f32>,
}

impl Packed {
    /// Pack a row-major `k × n` matrix; `n` must be a multiple of [`NR`].
    pub fn new(src: &[f32], k: usize, n: usize) -> Packed {
        assert!(n.is_multiple_of(NR) && src.len() == k * n);
        let panels = n / NR;
        let mut data = vec![0f32; k * n];
        for p in 0..panels {
            for kk in 0..k {
                let dst = &mut data[(p * k + kk) * NR..(p * k + kk + 1) * NR];
                dst.copy_from_slice(&src[kk * n + p * NR..kk * n + p * NR + NR]);
            }
        }
        Packed { k, n, data }
    }

    /// Concatenate row-major matrices with the same `k` along columns and pack.
    pub fn concat_cols(parts: &[(&[f32], usize)], k: usize) -> Packed {
        let n: usize = parts.iter().map(|p| p.1).sum();
        let mut full = vec![0f32; k * n];
        let mut off = 0;
        for (src, w) in parts {
            for kk in 0..k {
                full[kk * n + off..kk * n + off + w].copy_from_slice(&src[kk * w..kk * w + w]);
            }
            off += w;
        }
        Packed::new(&full, k, n)
    }
}

#[derive(Clone, Copy)]
pub enum Level {
    /// AVX-512: 8 rows × 32 columns of accumulators (16 zmm).
    Wide,
    /// AVX2/FMA: 3 rows × 32 columns (12 ymm).
    Narrow,
    /// No FMA: plain multiply-add.
    Scalar,
}

/// Best level of this CPU, unless the environment variable `USEM_SIMD` asks
/// for a lower one (`avx2` or `scalar`; used to test those paths).
pub fn detect_level() -> Level {
    let wanted = std::env::var("USEM_SIMD").ok();
    if wanted.as_deref() == Some("scalar") {
        return Level::Scalar;
    }
    #[cfg(target_arch = "x86_64")]
    if wanted.as_deref() == Some("avx2")
        && std::is_x86_feature_detected!("avx2")
        && std::is_x86_feature_detected!("fma")
    {
        return Level::Narrow;
    }
    #[cfg(target_arch = "x86_64")]
    {
        if std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("fma") {
            return Level::Wide;
        }
        if std::is_x86_feature_detected!("avx2") && std::is_x86_feature_detected!("fma") {
            return Level::Narrow;
        }
        Level::Scalar
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        Level::Narrow
    }
}

#[inline(always)]
fn madd<const FMA: bool>(a: f32, b: f32, c: f32) -> f32 {
    if FMA {
        a.mul_add(b, c)
    } else {
        a * b + c
    }
}

/// The operands of one product: A (row `i` at `a[i * lda]`) and C (row `i`
/// at `c[i * ldc]`).
struct Mats<'a> {
    a: &'a [f32],
    lda: usize,
    c: &'a mut [f32],
    ldc: usize,
}

/// What one micro-kernel call computes: rows `row ..` of C, columns
/// `col .. col + NR`, over the k block `k0 .. k0 + kc` whose packed B is
/// `panel`; `first` when C holds nothing of this product yet.
#[derive(Clone, Copy)]
struct Tile<'p> {
    row: usize,
    k0: usize,
    kc: usize,
    col: usize,
    panel: &'p [f32],
    first: bool,
}

impl Tile<'_> {
    /// Row `r` of the tile's A block.
    #[inline(always)]
    fn a_row<'a>(&self, x: &'a Mats<'_>, r: usize) -> &'a [f32] {
        let base = (self.row + r) * x.lda + self.k0;
        &x.a[base..base + self.kc]
    }

    /// Where row `r` of the tile starts in C.
    #[inline(always)]
    fn c_at(&self, x: &Mats<'_>, r: usize) -> usize {
        (self.row + r) * x.ldc + self.col
    }
}

/// A micro kernel: `MR` rows at a time, or one row (the tail).
/// Implementations are `#[inline(always)]` so that they are compiled with
/// the target features of the SIMD context they run in (a closure would not be).
trait Kernel {
    /// Rows per full call.
    const MR: usize;
    /// `MR` rows of the tile.
    fn full(&self, x: &mut Mats<'_>, t: Tile<'_>);
    /// One row of the tile.
    fn one(&self, x: &mut Mats<'_>, t: Tile<'_>);
}

/// The portable kernel, with or without fused multiply-add.
struct Portable<const MR: usize, const FMA: bool>;

impl<const MR: usize, const FMA: bool> Kernel for Portable<MR, FMA> {
    const MR: usize = MR;
    #[inline(always)]
    fn full(&self, x: &mut Mats<'_>, t: Tile<'_>) {
        micro::<MR, FMA>(x, t)
    }
    #[inline(always)]
    fn one(&self, x: &mut Mats<'_>, t: Tile<'_>) {
        micro::<1, FMA>(x, t)
    }
}

/// The explicit-SIMD kernel for pulp's instruction set `S`.
struct Vector<S, const MR: usize, const NV: usize>(S);

impl<S: pulp::Simd, const MR: usize, const NV: usize> Kernel for Vector<S, MR, NV> {
    const MR: usize = MR;
    #[inline(always)]
    fn full(&self, x: &mut Mats<'_>, t: Tile<'_>) {
        micro_simd::<S, MR, NV>(self.0, x, t)
    }
    #[inline(always)]
    fn one(&self, x: &mut Mats<'_>, t: Tile<'_>) {
        micro_simd::<S, 1, NV>(self.0, x, t)
    }
}

/// The blocking shared by every kernel: k blocks of [`KC`], panels of
/// [`NR`] columns, `K::MR` rows at a time and the remaining rows one by one.
#[inline(always)]
fn blocked<K: Kernel>(kernel: K, x: &mut Mats<'_>, m: usize, b: &Packed) {
    let k = b.k;
    let mut k0 = 0;
    while k0 < k {
        let kc = KC.min(k - k0);
        for p in 0..b.n / NR {
            let panel = &b.data[(p * k + k0) * NR..(p * k + k0 + kc) * NR];
            let mut tile = Tile { row: 0, k0, kc, col: p * NR, panel, first: k0 == 0 };
            while tile.row + K::MR <= m {
                kernel.full(x, tile);
                tile.row += K::MR;
            }
            while tile.row < m {
                kernel.one(x, tile);
                tile.row += 1;
            }
        }
        k0 += kc;
    }
}

/// Portable micro kernel (for CPUs without a SIMD level known to pulp):
/// `MR` rows × [`NR`] columns, written so that LLVM vectorizes it.
#[inline(always)]
#[allow(clippy::needless_range_loop)]
fn micro<const MR: usize, const FMA: bool>(x: &mut Mats<'_>, t: Tile<'_>) {
    let mut acc = [[0f32; NR]; MR];
    if !t.first {
        for r in 0..MR {
            let base = t.c_at(x, r);
            acc[r].copy_from_slice(&x.c[base..base + NR]);
        }
    }
    let arows: [&[f32]; MR] = std::array::from_fn(|r| t.a_row(x, r));
    for (kk, b) in t.panel.chunks_exact(NR).take(t.kc).enumerate() {
        let b: &[f32; NR] = b.try_into().unwrap_or(&[0f32; NR]);
        for r in 0..MR {
            let av = arows[r][kk];
            let accr = &mut acc[r];
            for j in 0..NR {
                accr[j] = madd::<FMA>(av, b[j], accr[j]);
            }
        }
    }
    for r in 0..MR {
        let base = t.c_at(x, r);
        x.c[base..base + NR].copy_from_slice(&acc[r]);
    }
}

/// Explicit-SIMD micro kernel: `MR` rows × (`NV` vectors = [`NR`] floats).
#[inline(always)]
fn micro_simd<S: pulp::Simd, const MR: usize, const NV: usize>(simd: S, x: &mut Mats<'_>, t: Tile<'_>) {
    let zero = simd.splat_f32s(0.0);
    let mut acc = [[zero; NV]; MR];
    if !t.first {
        for (r, accr) in acc.iter_mut().enumerate() {
            let base = t.c_at(x, r);
            let (v, _) = S::as_simd_f32s(&x.c[base..base + NR]);
            accr.copy_from_slice(&v[..NV]);
        }
    }
    let arows: [&[f32]; MR] = std::array::from_fn(|r| t.a_row(x, r));
    let kc = t.kc;
    let (pv, _) = S::as_simd_f32s(&t.panel[..kc * NR]);
    let pv = &pv[..kc * NV];
    for kk in 0..kc {
        let b: &[S::f32s; NV] = match pv[kk * NV..kk * NV + NV].try_into() {
            Ok(b) => b,
            Err(_) => return, // unreachable: `pv` holds exactly kc · NV vectors
        };
        let av: [S::f32s; MR] = std::array::from_fn(|r| simd.splat_f32s(arows[r][..kc][kk]));
        for j in 0..NV {
            let bj = b[j];
            for r in 0..MR {
                acc[r][j] = simd.mul_add_f32s(av[r], bj, acc[r][j]);
            }
        }
    }
    for (r, accr) in acc.iter().enumerate() {
        let base = t.c_at(x, r);
        let (v, _) = S::as_mut_simd_f32s(&mut x.c[base..base + NR]);
        v[..NV].copy_from_slice(accr);
    }
}

struct Op<'a> {
    level: Level,
    x: Mats<'a>,
    m: usize,
    b: &'a Packed,
}

impl pulp::WithSimd for Op<'_> {
    type Output = ();
    #[inline(always)]
    fn with_simd<S: pulp::Simd>(self, simd: S) -> Self::Output {
        let Op { level, mut x, m, b } = self;
        let x = &mut x;
        match (S::F32_LANES, level) {
            (16, _) => blocked(Vector::<S, 8, 2>(simd), x, m, b),
            (8, _) => blocked(Vector::<S, 3, 4>(simd), x, m, b),
            (4, _) => blocked(Vector::<S, 2, 8>(simd), x, m, b),
            (_, Level::Scalar) => blocked(Portable::<4, false>, x, m, b),
            _ => blocked(Portable::<4, true>, x, m, b),
        }
    }
}

/// `C[i, 0..n] = Σ_k A[i, k] · B[k, 0..n]` for `i < m`, where row `i` of A
/// starts at `a[i * lda]` and row `i` of C at `c[i * ldc]`.
pub fn gemm(level: Level, a: &[f32], lda: usize, m: usize, b: &Packed, c: &mut [f32], ldc: usize) {
    if m == 0 {
        return;
    }
    assert!(a.len() >= (m - 1) * lda + b.k && c.len() >= (m - 1) * ldc + b.n);
    let op = Op { level, x: Mats { a, lda, c, ldc }, m, b };
    match level {
        Level::Scalar => pulp::WithSimd::with_simd(op, pulp::Scalar::new()),
        #[cfg(target_arch = "x86_64")]
        Level::Narrow => match pulp::x86::V3::try_new() {
            Some(v3) => <pulp::x86::V3 as pulp::Simd>::vectorize(v3, op),
            None => pulp::WithSimd::with_simd(op, pulp::Scalar::new()),
        },
        _ => pulp::Arch::new().dispatch(op),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lcg(state: &mut u64) -> f32 {
        *state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((*state >> 40) as f32 / (1u64 << 24) as f32) - 0.5
    }

    /// Every kernel (AVX-512, AVX2, portable) against an f64 reference, with
    /// strided A and C, several k blocks and row tails.
    #[test]
    fn all_kernels_agree_with_reference() {
        let (m, k, n, lda, ldc) = (13, 700, 96, 710, 100);
        let mut st = 42u64;
        let a: Vec<f32> = (0..m * lda).map(|_| lcg(&mut st)).collect();
        let bsrc: Vec<f32> = (0..k * n).map(|_| lcg(&mut st)).collect();
        let b = Packed::new(&bsrc, k, n);
        let mut want = vec![0f64; m * n];
        for i in 0..m {
            for j in 0..n {
                want[i * n + j] = (0..k).map(|t| f64::from(a[i * lda + t]) * f64::from(bsrc[t * n + j])).sum();
            }
        }
        let check = |c: &[f32], what: &str| {
            for i in 0..m {
                for j in 0..n {
                    let d = (f64::from(c[i * ldc + j]) - want[i * n + j]).abs();
                    assert!(d < 1e-3, "{what}: ({i},{j}) off by {d}");
                }
                // columns beyond n are untouched
                assert!(c[i * ldc + n..(i + 1) * ldc].iter().all(|&v| v == 7.0), "{what}: wrote past n");
            }
        };
        let run = |level: Level| {
            let mut c = vec![7f32; m * ldc];
            gemm(level, &a, lda, m, &b, &mut c, ldc);
            c
        };
        // Which kernels run depends on the CPU: `Narrow` is AVX2 when it has
        // AVX2+FMA (portable otherwise), `Wide` the widest it has.
        #[cfg(target_arch = "x86_64")]
        eprintln!(
            "kernels tested: portable, Narrow = {}, Wide = {}",
            if pulp::x86::V3::try_new().is_some() { "AVX2" } else { "portable" },
            if pulp::x86::V4::try_new().is_some() {
                "AVX-512"
            } else if pulp::x86::V3::try_new().is_some() {
                "AVX2"
            } else {
                "portable"
            }
        );
        check(&run(Level::Scalar), "portable (Scalar)");
        check(&run(Level::Narrow), "Narrow");
        check(&run(Level::Wide), "Wide");
    }
}
