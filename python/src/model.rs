//! The sentence-encoder model of the process: found as the command line
//! finds it, loaded once per directory and kept for every later call.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use clausediff::align::semantic::Model;

use crate::run::Failure;

/// Which model a call asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// The default cache (`~/.cache/clausediff/usem3`) when a model is
    /// there, else none (with a note, as the command line gives).
    Default,
    /// The default cache, which must hold a model.
    Required,
    /// No model, and no note.
    Off,
    /// The model in this directory (an error when it cannot be loaded).
    Dir(PathBuf),
}

impl Choice {
    /// Whether a model will be loaded (as the command line's estimate
    /// counts it): asked for, or found in its default place.
    pub fn expected(&self) -> bool {
        match self {
            Choice::Off => false,
            Choice::Dir(_) | Choice::Required => true,
            Choice::Default => clausediff::embed::default_dir().is_some_and(|d| d.join("weights.npz").is_file()),
        }
    }
}

/// The model a call uses: none, or one loaded and the directory it came from.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The model, when one is used.
    pub model: Option<Model>,
    /// Where it was loaded from.
    pub dir: Option<PathBuf>,
    /// Why no model is used, when the default one was looked for and is absent.
    pub note: Option<String>,
}

impl Resolved {
    fn none(note: Option<String>) -> Resolved {
        Resolved { model: None, dir: None, note }
    }
}

/// Every model loaded by this process, by directory: each is loaded once
/// and shared (with its cache of sentence embeddings) by all later calls.
fn loaded() -> &'static Mutex<HashMap<PathBuf, Model>> {
    static MODELS: OnceLock<Mutex<HashMap<PathBuf, Model>>> = OnceLock::new();
    MODELS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Warnings of loading a model (an embedding store that cannot be used)
/// not given to the caller yet.
fn pending() -> &'static Mutex<Vec<String>> {
    static PENDING: OnceLock<Mutex<Vec<String>>> = OnceLock::new();
    PENDING.get_or_init(|| Mutex::new(Vec::new()))
}

/// The warnings of loading a model since the last call, to be given to
/// the caller (as Python warnings, where the interpreter is held).
pub fn take_warnings() -> Vec<String> {
    std::mem::take(&mut *pending().lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
}

/// The model of `dir`, loaded now unless it already was.
fn load(dir: &Path) -> Result<Model, Failure> {
    // Held while loading: a second thread asking for the same model waits
    // for it instead of loading it again.
    let mut models = loaded().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(m) = models.get(dir) {
        return Ok(m.clone());
    }
    let encoder = clausediff::embed::Encoder::load(dir)
        .map_err(|e| Failure::Model(format!("cannot load the model from {}: {e}", dir.display())))?;
    // Embeddings kept between runs, as the command keeps them; a store
    // that cannot be used changes no result, and the model works without
    // it: a warning, given once, when the model is loaded.
    let model = match clausediff::align::store::default_file(dir) {
        Some(file) => {
            let (model, problem) = Model::with_store(Arc::new(encoder), &file);
            if let Some(p) = problem {
                pending().lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(p);
            }
            model
        }
        None => Model::new(Arc::new(encoder)),
    };
    models.insert(dir.to_path_buf(), model.clone());
    Ok(model)
}

/// The model `choice` names, loaded (or taken from those already loaded).
pub fn resolve(choice: &Choice) -> Result<Resolved, Failure> {
    let dir = match choice {
        Choice::Off => return Ok(Resolved::none(None)),
        Choice::Dir(d) => d.clone(),
        Choice::Default | Choice::Required => match clausediff::embed::default_dir() {
            Some(d) if choice == &Choice::Required || d.join("weights.npz").is_file() => d,
            Some(d) => {
                let note = format!(
                    "semantic signal not used: no model in {} (scripts/fetch-model.sh fetches it)",
                    d.display()
                );
                return Ok(Resolved::none(Some(note)));
            }
            None if choice == &Choice::Required => {
                return Err(Failure::Model("no default model directory (HOME is not set): give model=PATH".into()));
            }
            None => {
                let note = "semantic signal not used: no model directory (give model=PATH)".to_string();
                return Ok(Resolved::none(Some(note)));
            }
        },
    };
    let model = load(&dir)?;
    Ok(Resolved { model: Some(model), dir: Some(dir), note: None })
}
