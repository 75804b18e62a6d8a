//! Writing results to standard output or a file, and loading documents with
//! the command-line settings.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use clausediff::{AlignOptions, Document, Lang, Level, LoadOptions};

use super::args::{AlignSettings, LevelArg};

/// The files read so far, so that no output overwrites one of them.
fn inputs() -> &'static std::sync::Mutex<Vec<std::path::PathBuf>> {
    static INPUTS: std::sync::OnceLock<std::sync::Mutex<Vec<std::path::PathBuf>>> = std::sync::OnceLock::new();
    INPUTS.get_or_init(|| std::sync::Mutex::new(Vec::new()))
}

/// Remember `path` as an input.
pub fn register_input(path: &Path) {
    if let (Ok(c), Ok(mut list)) = (path.canonicalize(), inputs().lock()) {
        list.push(c);
    }
}

/// Refuse to write over an input.
pub fn check_output(path: &Path) -> Result<()> {
    if let (Ok(c), Ok(list)) = (path.canonicalize(), inputs().lock()) {
        if list.iter().any(|i| *i == c || i.starts_with(&c) && c.is_file()) {
            anyhow::bail!("{}: the output would overwrite an input", path.display());
        }
    }
    Ok(())
}

/// Write `text` to `path`, or to standard output when `path` is `None` or `-`.
pub fn emit(text: &str, path: Option<&Path>) -> Result<()> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(p) => {
            check_output(p)?;
            std::fs::write(p, text).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes()).context("cannot write to standard output")?;
            out.flush().context("cannot write to standard output")?;
            Ok(())
        }
    }
}

/// Parse an optional language tag.
pub fn lang(tag: Option<&str>) -> Result<Option<Lang>> {
    Ok(match tag {
        Some(t) => Some(t.parse::<Lang>()?),
        None => None,
    })
}

/// Load one document with the settings' encoding and a declared language.
pub fn load(path: &Path, encoding: Option<&str>, lang: Option<Lang>) -> Result<Document> {
    let opts = LoadOptions { encoding: encoding.map(str::to_string), lang };
    let doc = Document::load(path, &opts)?;
    register_input(path);
    Ok(doc)
}

/// Load the sentence-embedding model (each command does so once): from
/// `dir` (an error if it is not there), or from the default place (a note
/// if it is not there).
pub fn model(
    dir: Option<&Path>,
    disabled: bool,
) -> Result<(Option<clausediff::align::semantic::Model>, Option<String>)> {
    use clausediff::align::semantic::Model;
    if disabled {
        return Ok((None, Some("semantic signal switched off (--no-model)".to_string())));
    }
    let (path, explicit) = match dir {
        Some(d) => (d.to_path_buf(), true),
        None => match clausediff::embed::default_dir() {
            Some(d) => (d, false),
            None => return Ok((None, Some("semantic signal not used: no model directory (set --model)".to_string()))),
        },
    };
    if !explicit && !path.join("weights.npz").is_file() {
        let note =
            format!("semantic signal not used: no model in {} (scripts/fetch-model.sh fetches it)", path.display());
        return Ok((None, Some(note)));
    }
    let enc = clausediff::embed::Encoder::load(&path)
        .with_context(|| format!("cannot load the model from {}", path.display()))?;
    Ok((Some(Model::new(std::sync::Arc::new(enc))), None))
}

/// Check options at unit level `level`, with the model `m` names (or the
/// default one when present), and a note when no model is used.
pub fn check_options(
    level: Level,
    m: &super::args::ModelArgs,
    set: &[String],
) -> Result<(clausediff::check::CheckOptions, Option<String>)> {
    // The assignments are checked before the model is loaded.
    let assignments: Vec<(&str, f64)> = set.iter().map(|kv| clausediff::params::parse(kv)).collect::<Result<_, _>>()?;
    let mut opts = clausediff::check::CheckOptions::default();
    opts.align.level = level;
    for &(k, v) in &assignments {
        opts.set(k, v)?;
    }
    let (model, note) = model(m.model.as_deref(), m.no_model)?;
    if let Some(m) = model {
        opts = opts.with_model(m);
        // Set again over what the model changes.
        for &(k, v) in &assignments {
            opts.set(k, v)?;
        }
    }
    Ok((opts, note))
}

/// Alignment options from the settings, and a note when the model that
/// would sharpen them is not used.
/// Notes for outputs that have no place for them (beads, TSV, TMX, the
/// concordance, extracted terms): on standard error, each after `prefix`.
pub fn notes_to_stderr<S: AsRef<str>>(prefix: &str, notes: impl IntoIterator<Item = S>) {
    for n in notes {
        eprintln!("note: {prefix}{}", n.as_ref());
    }
}

pub fn align_options(s: &AlignSettings) -> Result<(AlignOptions, Option<String>)> {
    let mut o = AlignOptions {
        level: match s.level {
            LevelArg::Paragraph => Level::Paragraph,
            LevelArg::Sentence => Level::Sentence,
            LevelArg::Clause => Level::Clause,
        },
        ..Default::default()
    };
    o.segment.presegmented = s.presegmented;
    o.costs.max_bead = s.max_bead as usize;
    o.costs.max_bead_total = (s.max_bead as usize + 1).max(2);
    // The assignments are checked before the model is loaded, and set again
    // over what the model changes.
    let assignments: Vec<(&str, f64)> =
        s.set.iter().map(|kv| clausediff::params::parse(kv)).collect::<Result<_, _>>()?;
    for &(k, v) in &assignments {
        o.set(k, v)?;
    }
    let (m, note) = model(s.model.model.as_deref(), s.model.no_model)?;
    if let Some(m) = m {
        o = o.with_model(m);
        for &(k, v) in &assignments {
            o.set(k, v)?;
        }
    }
    Ok((o, note))
}

/// The files of a directory, sorted by name (hidden files skipped).
pub fn dir_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read directory {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    v.sort();
    Ok(v)
}

/// The name a file is paired by: its file name without extension.
pub fn stem(p: &Path) -> String {
    p.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}
