//! Reading the model's weights from `weights.npz` into a [`Model`]: the 17
//! quantized embedding tables and the float arrays, each checked for its
//! type and shape (and, for floats, finite values) as it is read.

use std::collections::HashMap;

use rayon::prelude::*;

use crate::gemm::{self, Packed};
use crate::model::{Model, CNN_DIM, EMB_DIM, FEAT_DIM, HID, NUM_CHUNKS, ORDERS, VOCAB_ROWS};
use crate::npz::{DType, Npz};
use crate::EmbedError;

/// The normalisation floor `eps`, which must be a positive finite number
/// (zero or NaN there would divide by zero for an all-zero vector).
fn positive_eps(v: f64) -> Result<f32, EmbedError> {
    let eps = v as f32;
    if eps.is_finite() && eps > 0.0 {
        Ok(eps)
    } else {
        Err(EmbedError::BadNpz(format!("eps must be a positive number, found {v}")))
    }
}

fn get_f32(npz: &Npz, key: &str, shape: &[usize]) -> Result<Vec<f32>, EmbedError> {
    let arr = npz.read(key)?;
    if arr.shape != shape {
        return Err(EmbedError::Shape(format!("{key}: expected shape {shape:?}, found {:?}", arr.shape)));
    }
    arr.to_f32(key)
}

/// The 17 quantized embedding tables, decompressed in parallel.
fn read_chunks(npz: &Npz) -> Result<Vec<Vec<u8>>, EmbedError> {
    let chunks: Vec<Result<Vec<u8>, EmbedError>> = (0..NUM_CHUNKS)
        .into_par_iter()
        .map(|i| {
            let key = format!("q{}", i + 1);
            let arr = npz.read(&key)?;
            if arr.dtype != DType::U8 || arr.shape != [VOCAB_ROWS, EMB_DIM] {
                return Err(EmbedError::Shape(format!(
                    "{key}: expected uint8 {:?}, found {:?} {:?}",
                    [VOCAB_ROWS, EMB_DIM],
                    arr.dtype,
                    arr.shape
                )));
            }
            Ok(arr.data)
        })
        .collect();
    chunks.into_iter().collect()
}

/// The float arrays of the model, with their shapes.
fn float_arrays() -> Vec<(String, Vec<usize>)> {
    let mut v: Vec<(String, Vec<usize>)> = vec![
        ("scale".into(), vec![NUM_CHUNKS]),
        ("lo".into(), vec![NUM_CHUNKS]),
        ("ln_g".into(), vec![FEAT_DIM]),
        ("ln_b".into(), vec![FEAT_DIM]),
        ("cnn_W".into(), vec![FEAT_DIM, EMB_DIM]),
        ("cnn_b".into(), vec![EMB_DIM]),
        ("d0".into(), vec![EMB_DIM, HID]),
        ("d1".into(), vec![HID, HID]),
        ("p1".into(), vec![EMB_DIM, HID]),
        ("d2".into(), vec![HID, EMB_DIM]),
        ("p3".into(), vec![HID, EMB_DIM]),
        ("d3".into(), vec![EMB_DIM, EMB_DIM]),
    ];
    for (n, _) in ORDERS {
        v.push((format!("proj{n}"), vec![EMB_DIM, CNN_DIM]));
        v.push((format!("proj_b{n}"), vec![CNN_DIM]));
        v.push((format!("ln_g{n}"), vec![CNN_DIM]));
        v.push((format!("ln_b{n}"), vec![CNN_DIM]));
        v.push((format!("w1_{n}"), vec![n * CNN_DIM, CNN_DIM]));
        v.push((format!("b1_{n}"), vec![CNN_DIM]));
        v.push((format!("w2_{n}"), vec![n * CNN_DIM, CNN_DIM]));
        v.push((format!("b2_{n}"), vec![CNN_DIM]));
    }
    v
}

/// The float arrays, read in parallel, taken out one by one by name.
struct Arrays(HashMap<String, Vec<f32>>);

impl Arrays {
    fn read(npz: &Npz) -> Result<Arrays, EmbedError> {
        let names = float_arrays();
        let loaded: Vec<Result<Vec<f32>, EmbedError>> = names.par_iter().map(|(k, s)| get_f32(npz, k, s)).collect();
        let mut map = HashMap::new();
        for ((k, _), v) in names.iter().zip(loaded) {
            map.insert(k.clone(), v?);
        }
        Ok(Arrays(map))
    }

    fn take(&mut self, k: &str) -> Result<Vec<f32>, EmbedError> {
        self.0.remove(k).ok_or_else(|| EmbedError::BadNpz(format!("array {k} missing")))
    }

    fn packed(&mut self, k: &str, rows: usize, cols: usize) -> Result<Packed, EmbedError> {
        Ok(Packed::new(&self.take(k)?, rows, cols))
    }
}

/// The three convolution branches' weights, concatenated where the forward
/// pass uses them together.
struct Branches {
    proj: Packed,
    proj_b: Vec<f32>,
    ln_g_all: Vec<f32>,
    ln_b_all: Vec<f32>,
    w1: Vec<Packed>,
    b1: Vec<Vec<f32>>,
    w2: Vec<Packed>,
    b2: Vec<Vec<f32>>,
}

impl Branches {
    fn take(a: &mut Arrays) -> Result<Branches, EmbedError> {
        let (mut projs, mut proj_b, mut ln_g_all, mut ln_b_all) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let (mut w1, mut b1, mut w2, mut b2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (n, _) in ORDERS {
            projs.push(a.take(&format!("proj{n}"))?);
            proj_b.extend(a.take(&format!("proj_b{n}"))?);
            ln_g_all.extend(a.take(&format!("ln_g{n}"))?);
            ln_b_all.extend(a.take(&format!("ln_b{n}"))?);
            w1.push(reshape_w1(&a.take(&format!("w1_{n}"))?, n));
            b1.push(a.take(&format!("b1_{n}"))?);
            w2.push(a.packed(&format!("w2_{n}"), n * CNN_DIM, CNN_DIM)?);
            b2.push(a.take(&format!("b2_{n}"))?);
        }
        let proj = Packed::concat_cols(
            &[(projs[0].as_slice(), CNN_DIM), (projs[1].as_slice(), CNN_DIM), (projs[2].as_slice(), CNN_DIM)],
            EMB_DIM,
        );
        Ok(Branches { proj, proj_b, ln_g_all, ln_b_all, w1, b1, w2, b2 })
    }
}

/// The array of 17 per-chunk values `k` as a fixed-size array.
fn per_chunk(a: &mut Arrays, k: &str) -> Result<[f32; NUM_CHUNKS], EmbedError> {
    let v = a.take(k)?;
    let mut out = [0f32; NUM_CHUNKS];
    out.copy_from_slice(&v);
    Ok(out)
}

impl Model {
    /// Read `weights.npz` at `path`.
    pub fn load(path: &std::path::Path) -> Result<Model, EmbedError> {
        let npz = Npz::open(path)?;
        let chunks = read_chunks(&npz)?;
        let mut a = Arrays::read(&npz)?;
        let eps = positive_eps(npz.read("eps")?.scalar_f64("eps")?)?;
        let b = Branches::take(&mut a)?;
        Ok(Model {
            level: gemm::detect_level(),
            chunks,
            scale: per_chunk(&mut a, "scale")?,
            lo: per_chunk(&mut a, "lo")?,
            proj: b.proj,
            proj_b: b.proj_b,
            ln_g_all: b.ln_g_all,
            ln_b_all: b.ln_b_all,
            w1: b.w1,
            b1: b.b1,
            w2: b.w2,
            b2: b.b2,
            ln_g: a.take("ln_g")?,
            ln_b: a.take("ln_b")?,
            cnn_w: a.packed("cnn_W", FEAT_DIM, EMB_DIM)?,
            cnn_b: a.take("cnn_b")?,
            d0: a.packed("d0", EMB_DIM, HID)?,
            d1: a.packed("d1", HID, HID)?,
            p1: a.packed("p1", EMB_DIM, HID)?,
            d2: a.packed("d2", HID, EMB_DIM)?,
            p3: a.packed("p3", HID, EMB_DIM)?,
            d3: a.packed("d3", EMB_DIM, EMB_DIM)?,
            eps,
            rows: crate::model::RowCache::default(),
        })
    }
}

/// `w1` (order·256 × 256, rows = window slot × input dim) as
/// 256 × (order·256) with column block `k` = slot `k`.
fn reshape_w1(w1: &[f32], order: usize) -> Packed {
    let cols = order * CNN_DIM;
    let mut r = vec![0f32; CNN_DIM * cols];
    for k in 0..order {
        for i in 0..CNN_DIM {
            for j in 0..CNN_DIM {
                r[i * cols + k * CNN_DIM + j] = w1[(k * CNN_DIM + i) * CNN_DIM + j];
            }
        }
    }
    Packed::new(&r, CNN_DIM, cols)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eps_must_be_positive_and_finite() {
        assert_eq!(positive_eps(1e-12).expect("positive"), 1e-12);
        for bad in [0.0, -1e-6, f64::NAN, f64::INFINITY, 1e300] {
            assert!(matches!(positive_eps(bad), Err(EmbedError::BadNpz(_))), "{bad}");
        }
    }
}
