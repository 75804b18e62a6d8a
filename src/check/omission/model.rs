//! The logistic model of omissions: weights over the features of
//! [`super::features`], one set for alignments with the sentence encoder
//! and one without, learnt by the `train` module and shipped in
//! `data/omission/weights.json` (its provenance is in that directory's
//! README).

use serde::{Deserialize, Serialize};

use super::features::{N, NAMES};
use crate::error::{Error, ErrorKind, Result};

static BUNDLED: &str = include_str!("../../../data/omission/weights.json");

/// Weights of the logistic model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OmissionModel {
    /// The feature names, in the order of the weights.
    pub features: Vec<String>,
    /// Weights for alignments with the sentence encoder.
    pub with_model: Vec<f64>,
    /// Weights for alignments without it.
    pub without_model: Vec<f64>,
    /// How the weights were made: corpora, examples, and cross-validated figures.
    pub provenance: String,
}

impl OmissionModel {
    /// The bundled weights, read once; an error if the file does not fit
    /// the features this program computes.
    pub fn bundled() -> Result<&'static OmissionModel> {
        static MODEL: std::sync::OnceLock<std::result::Result<OmissionModel, String>> = std::sync::OnceLock::new();
        MODEL
            .get_or_init(|| OmissionModel::from_json(BUNDLED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| Error::new(ErrorKind::Resource, format!("the omission model cannot be loaded: {e}")))
    }

    /// Weights from their JSON file, checked against the feature names.
    pub fn from_json(text: &str) -> Result<OmissionModel> {
        let m: OmissionModel =
            serde_json::from_str(text).map_err(|e| Error::new(ErrorKind::Parse, format!("omission weights: {e}")))?;
        let names: Vec<&str> = m.features.iter().map(String::as_str).collect();
        if names != NAMES || m.with_model.len() != N || m.without_model.len() != N {
            return Err(Error::new(ErrorKind::Parse, "omission weights: not the features this program computes"));
        }
        if m.with_model.iter().chain(&m.without_model).any(|w| !w.is_finite()) {
            return Err(Error::new(ErrorKind::Parse, "omission weights: a weight is not a finite number"));
        }
        Ok(m)
    }

    /// The probability that a candidate with `features` has no counterpart.
    pub fn probability(&self, features: &[f64; N], with_model: bool) -> f64 {
        let w = if with_model { &self.with_model } else { &self.without_model };
        logistic(w.iter().zip(features).map(|(a, b)| a * b).sum())
    }
}

/// 1 / (1 + e^−x).
pub fn logistic(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}
