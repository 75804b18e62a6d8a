//! The `clausediff` Python package's native module (`clausediff._native`):
//! `align`, `check` and `diff` on texts in memory, returning the command
//! line's JSON outputs as plain dicts and lists. Each call releases the GIL
//! while it works; the sentence-encoder model is loaded once per process.

mod model;
mod run;

use std::collections::BTreeMap;
use std::path::PathBuf;

use pyo3::exceptions::{PyMemoryError, PyOSError, PyRuntimeError, PyRuntimeWarning, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyInt};

use model::Choice;
use run::{Failure, Inputs, Listing};

/// The Python exception of a failure: `ValueError` for what was given
/// (texts, languages, options), `OSError` for files and the model that
/// cannot be read, `MemoryError` over the memory budget, `RuntimeError`
/// for a resource of the library that cannot be loaded or a defect (a
/// panic, caught).
fn py_err(f: Failure) -> PyErr {
    match f {
        Failure::Lib(e) if run::is_os_error(&e) => PyOSError::new_err(e.to_string()),
        Failure::Lib(e) if e.kind() == clausediff::ErrorKind::OverBudget => PyMemoryError::new_err(e.to_string()),
        Failure::Lib(e) if e.kind() == clausediff::ErrorKind::Resource => PyRuntimeError::new_err(e.to_string()),
        Failure::Lib(e) => PyValueError::new_err(e.to_string()),
        Failure::Value(m) => PyValueError::new_err(m),
        Failure::Model(m) => PyOSError::new_err(m),
        Failure::Panic(m) => PyRuntimeError::new_err(m),
    }
}

/// Run `f` without the GIL (a panic caught), then give what loading a
/// model in it warned of (an embedding store that cannot be used) as a
/// Python `RuntimeWarning`, and its failure as an exception.
fn detached<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Failure> + Send) -> PyResult<T> {
    let out = py.detach(|| run::guarded(f));
    for w in model::take_warnings() {
        let msg = std::ffi::CString::new(w.replace('\0', " ")).unwrap_or_default();
        PyErr::warn(py, &py.get_type::<PyRuntimeWarning>(), &msg, 1)?;
    }
    out.map_err(py_err)
}

/// The model argument: `None` (the default model if present), `True` (the
/// default model, which must be there), `False` (none) or a directory.
fn model_choice(model: Option<&Bound<'_, PyAny>>) -> PyResult<Choice> {
    let Some(m) = model.filter(|m| !m.is_none()) else { return Ok(Choice::Default) };
    if let Ok(b) = m.cast::<PyBool>() {
        return Ok(if b.is_true() { Choice::Required } else { Choice::Off });
    }
    match m.extract::<PathBuf>() {
        Ok(p) => Ok(Choice::Dir(p)),
        Err(_) => Err(PyTypeError::new_err("model: expected a directory (str or os.PathLike), True, False or None")),
    }
}

/// `n` names from the `names` argument (each `None` when it is absent).
fn names(given: Option<Vec<String>>, n: usize) -> PyResult<Vec<Option<String>>> {
    match given {
        None => Ok(vec![None; n]),
        Some(v) if v.len() == n => Ok(v.into_iter().map(Some).collect()),
        Some(v) => Err(PyValueError::new_err(format!("names: {} names for {n} texts", v.len()))),
    }
}

/// The memory budget: `max_memory` (bytes, or a size such as "8G"), else
/// `$CLAUSEDIFF_MAX_MEMORY`, else 4 GiB, as on the command line.
fn max_memory(given: Option<&Bound<'_, PyAny>>) -> PyResult<u64> {
    let bad = |e: clausediff::Error| PyValueError::new_err(format!("max_memory: {}", e.message()));
    match given.filter(|m| !m.is_none()) {
        Some(m) if m.is_instance_of::<PyBool>() => {
            Err(PyTypeError::new_err("max_memory: expected a number of bytes (int) or a size (str), not a bool"))
        }
        // An int past i128 is an int still: too large, not of the wrong type.
        Some(m) if m.is_instance_of::<PyInt>() && m.extract::<i128>().is_err() => {
            Err(PyValueError::new_err(format!("max_memory: {m} bytes is too large")))
        }
        Some(m) => match (m.extract::<i128>(), m.extract::<String>()) {
            (Ok(n), _) if n < 1 => Err(PyValueError::new_err(format!("max_memory: {n} is no size (at least 1 byte)"))),
            (Ok(n), _) => {
                u64::try_from(n).map_err(|_| PyValueError::new_err(format!("max_memory: {n} bytes is too large")))
            }
            (_, Ok(text)) => clausediff::budget::parse_size(&text).map_err(bad),
            _ => Err(PyTypeError::new_err("max_memory: expected a number of bytes (int) or a size (str, e.g. \"8G\")")),
        },
        None => {
            let env = std::env::var(clausediff::budget::ENV).ok();
            clausediff::budget::default_limit(env.as_deref()).map_err(|e| PyValueError::new_err(e.to_string()))
        }
    }
}

/// The inputs every command shares, checked.
fn inputs(
    texts: Vec<String>,
    langs: Vec<Option<String>>,
    given_names: Option<Vec<String>>,
    (level, params): (&str, Option<BTreeMap<String, f64>>),
    memory: Option<&Bound<'_, PyAny>>,
) -> PyResult<Inputs> {
    let n = texts.len();
    let langs = langs.iter().map(|t| run::lang(t.as_deref())).collect::<Result<_, _>>().map_err(py_err)?;
    Ok(Inputs {
        texts,
        langs,
        names: names(given_names, n)?,
        level: run::level(level).map_err(py_err)?,
        params: params.unwrap_or_default().into_iter().collect(),
        max_memory: max_memory(memory)?,
    })
}

/// Which findings are listed, checked.
fn listing(ignore: Option<Vec<String>>, show: Option<Vec<String>>) -> PyResult<Listing> {
    Ok(Listing {
        ignore: run::ignored(&ignore.unwrap_or_default()).map_err(py_err)?,
        show: run::shown(&show.unwrap_or_default()).map_err(py_err)?,
    })
}

/// `text` (JSON) as Python objects.
fn loads(py: Python<'_>, text: &str) -> PyResult<Py<PyAny>> {
    Ok(py.import("json")?.call_method1("loads", (text,))?.unbind())
}

/// Align two texts; the dict `clausediff align -f json` writes.
///
/// src, tgt: the texts (str). src_lang, tgt_lang: language tags (zh-Hant,
/// zh-Hans, en, ru, und), detected when None. level: "paragraph",
/// "sentence" or "clause". model: a model directory, True (the default
/// model, which must be there), False (none), or None (the default model
/// when it is there). presegmented: one unit a line. max_bead: the most
/// units on one side of a bead (1-8). params: parameters as
/// {"key": value} (docs/parameters.md). names: the two texts' names in the
/// output and in messages. max_memory: the memory budget, bytes (int) or a
/// size (str, "8G"); default $CLAUSEDIFF_MAX_MEMORY, else 4 GiB. Raises
/// ValueError for bad input, MemoryError when the call is estimated to
/// need more memory than its budget (before the model is loaded).
#[pyfunction]
#[pyo3(signature = (src, tgt, src_lang=None, tgt_lang=None, level="sentence", model=None, *,
    presegmented=false, max_bead=4, params=None, names=None, max_memory=None))]
#[allow(clippy::too_many_arguments)]
fn align(
    py: Python<'_>,
    src: String,
    tgt: String,
    src_lang: Option<String>,
    tgt_lang: Option<String>,
    level: &str,
    model: Option<&Bound<'_, PyAny>>,
    presegmented: bool,
    max_bead: usize,
    params: Option<BTreeMap<String, f64>>,
    names: Option<Vec<String>>,
    max_memory: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    if !(1..=8).contains(&max_bead) {
        return Err(PyValueError::new_err(format!("max_bead: {max_bead} is not in 1..=8")));
    }
    let job = run::AlignJob {
        inputs: inputs(vec![src, tgt], vec![src_lang, tgt_lang], names, (level, params), max_memory)?,
        presegmented,
        max_bead,
        model: model_choice(model)?,
    };
    let text = detached(py, || run::align(&job))?;
    loads(py, &text)
}

/// Check versions against their master; the report `clausediff check -f json` writes.
///
/// master: the master text; versions: the version texts (a list of str).
/// langs: one language tag (or None: detected) a text, the master first.
/// level, model, params, names: as for align. min_confidence: the
/// probability from which missing and added content is reported.
/// ignore: kinds of findings left out; show: quiet kinds listed (script,
/// width, variant or all). glossary: a glossary file (TSV, CSV or TBX)
/// whose terms are followed. max_memory: as for align. Raises ValueError
/// for bad input, MemoryError over the memory budget.
#[pyfunction]
#[pyo3(signature = (master, versions, langs=None, level="sentence", model=None, *,
    min_confidence=None, ignore=None, show=None, glossary=None, params=None, names=None, max_memory=None))]
#[allow(clippy::too_many_arguments)]
fn check(
    py: Python<'_>,
    master: String,
    versions: Vec<String>,
    langs: Option<Vec<Option<String>>>,
    level: &str,
    model: Option<&Bound<'_, PyAny>>,
    min_confidence: Option<f64>,
    ignore: Option<Vec<String>>,
    show: Option<Vec<String>>,
    glossary: Option<PathBuf>,
    params: Option<BTreeMap<String, f64>>,
    names: Option<Vec<String>>,
    max_memory: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let texts: Vec<String> = std::iter::once(master).chain(versions).collect();
    let n = texts.len();
    let langs = match langs {
        None => vec![None; n],
        Some(l) if l.len() == n => l,
        Some(l) => {
            return Err(PyValueError::new_err(format!(
                "langs: {} tags for {n} texts (one a text, the master first)",
                l.len()
            )))
        }
    };
    let job = run::CheckJob {
        inputs: inputs(texts, langs, names, (level, params), max_memory)?,
        min_confidence,
        glossary,
        listing: listing(ignore, show)?,
        model: model_choice(model)?,
    };
    let text = detached(py, || run::check(&job))?;
    loads(py, &text)
}

/// Compare two releases of one text; the report `clausediff diff -f json` writes.
///
/// old, new: the texts. old_lang, new_lang: language tags, detected when
/// None. level, params, names, max_memory: as for align; ignore, show: as
/// for check. Raises ValueError for bad input, MemoryError over the memory
/// budget.
#[pyfunction]
#[pyo3(signature = (old, new, old_lang=None, new_lang=None, level="sentence", *,
    ignore=None, show=None, params=None, names=None, max_memory=None))]
#[allow(clippy::too_many_arguments)]
fn diff(
    py: Python<'_>,
    old: String,
    new: String,
    old_lang: Option<String>,
    new_lang: Option<String>,
    level: &str,
    ignore: Option<Vec<String>>,
    show: Option<Vec<String>>,
    params: Option<BTreeMap<String, f64>>,
    names: Option<Vec<String>>,
    max_memory: Option<&Bound<'_, PyAny>>,
) -> PyResult<Py<PyAny>> {
    let job = run::DiffJob {
        inputs: inputs(vec![old, new], vec![old_lang, new_lang], names, (level, params), max_memory)?,
        listing: listing(ignore, show)?,
    };
    let text = detached(py, || run::diff(&job))?;
    loads(py, &text)
}

/// The text of a file, decoded as the command line decodes it: a byte
/// order mark, UTF-8, GB18030, Big5 or Windows-1251, or `encoding`.
/// Raises OSError when it cannot be read, ValueError when it holds no text.
#[pyfunction]
#[pyo3(signature = (path, encoding=None))]
fn read_text(py: Python<'_>, path: PathBuf, encoding: Option<String>) -> PyResult<String> {
    py.detach(|| run::guarded(|| run::read_text(&path, encoding))).map_err(py_err)
}

/// Load the model now (once per process) and return its directory, or
/// None when no model is used. model: as for align. Raises OSError when a
/// model that was asked for cannot be loaded.
#[pyfunction]
#[pyo3(signature = (model=None))]
fn load_model(py: Python<'_>, model: Option<&Bound<'_, PyAny>>) -> PyResult<Option<PathBuf>> {
    let choice = model_choice(model)?;
    let resolved = detached(py, || model::resolve(&choice))?;
    Ok(resolved.dir)
}

/// Align, check and diff versions of one document across languages
/// (traditional and simplified Chinese, English, Russian) and releases.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(align, m)?)?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(read_text, m)?)?;
    m.add_function(wrap_pyfunction!(load_model, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
