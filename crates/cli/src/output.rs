//! Writing results to standard output or a file, and loading documents with
//! the command-line settings.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clausediff::{AlignOptions, Document, Lang, Level, LoadOptions};

use super::args::AlignSettings;

/// What makes a file the same file under any name (hard links, symbolic
/// links, `..`): its device and inode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg_attr(unix, allow(dead_code))]
    Path(PathBuf),
}

fn identity(path: &Path) -> Option<Identity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        std::fs::metadata(path).ok().map(|m| Identity::Inode(m.dev(), m.ino()))
    }
    #[cfg(not(unix))]
    {
        path.canonicalize().ok().map(Identity::Path)
    }
}

/// The files a command reads: no output may be written over one of them.
#[derive(Debug, Default)]
pub struct Inputs {
    files: std::collections::HashSet<Identity>,
}

impl Inputs {
    /// The files `paths` name, and the files of the directories among them.
    pub fn of<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Inputs {
        let mut inputs = Inputs::default();
        for p in paths {
            inputs.add(p);
        }
        inputs
    }

    /// Add `path` (a file, one side of a bilingual file, `FILE.xlf#source`,
    /// or the files of a directory).
    pub fn add(&mut self, path: &Path) {
        let (path, _) = side_of(path);
        if path.is_dir() {
            let files = std::fs::read_dir(path).into_iter().flatten().flatten().map(|e| e.path());
            self.files.extend(files.filter(|p| p.is_file()).filter_map(|p| identity(&p)));
        } else if let Some(id) = identity(path) {
            self.files.insert(id);
        }
    }

    /// Refuse `output` when it is one of the inputs; nothing is written then.
    pub fn guard(&self, output: Option<&Path>) -> Result<()> {
        let Some(out) = output.filter(|p| p.as_os_str() != "-") else { return Ok(()) };
        if identity(out).is_some_and(|id| self.files.contains(&id)) {
            anyhow::bail!("{}: the output would overwrite an input", out.display());
        }
        Ok(())
    }
}

/// Write `text` to `path`, or to standard output when `path` is `None` or
/// `-`. A file is written whole or not at all: into a new file beside it,
/// flushed to disk, then renamed over it; a failure leaves what was there.
pub fn emit(text: &str, path: Option<&Path>, inputs: &Inputs) -> Result<()> {
    emit_bytes(text.as_bytes(), path, inputs)
}

/// [`emit`] for bytes (a binary format).
pub fn emit_bytes(bytes: &[u8], path: Option<&Path>, inputs: &Inputs) -> Result<()> {
    match path.filter(|p| p.as_os_str() != "-") {
        Some(p) => {
            inputs.guard(Some(p))?;
            write_atomically(p, bytes).with_context(|| format!("cannot write {}", p.display()))
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes).context("cannot write to standard output")?;
            out.flush().context("cannot write to standard output")?;
            Ok(())
        }
    }
}

/// `bytes` into `path` through a temporary file in the same directory.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o666);
        let mut f = options.open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Parse an optional language tag.
pub fn lang(tag: Option<&str>) -> Result<Option<Lang>> {
    Ok(match tag {
        Some(t) => Some(t.parse::<Lang>()?),
        None => None,
    })
}

/// Load one document (a file, a pipe, or standard input for `-`) with the
/// settings' encoding and a declared language; its warnings go to
/// standard error.
pub fn load(path: &Path, encoding: Option<&str>, lang: Option<Lang>) -> Result<Document> {
    if let Some(doc) = bilingual_side(path, lang)? {
        return Ok(doc);
    }
    let opts = LoadOptions { encoding: encoding.map(str::to_string), lang, ..Default::default() };
    let doc = Document::load(path, &opts)?;
    warn(&doc.name(), &doc.warnings);
    Ok(doc)
}

/// The file that holds the text `path` names, and the side it names:
/// `FILE.xlf#source` (or `#target`) is a side of `FILE.xlf`, unless a file
/// has that very name.
pub fn side_of(path: &Path) -> (&Path, Option<&'static str>) {
    let Some(text) = path.to_str() else { return (path, None) };
    match text.rsplit_once('#') {
        Some((f, "source")) if !path.exists() => (Path::new(f), Some("source")),
        Some((f, "target")) if !path.exists() => (Path::new(f), Some("target")),
        _ => (path, None),
    }
}

/// One side of a bilingual file named `FILE.xlf#source` or `FILE.xlf#target`
/// (also `.xliff`, `.tmx`); `None` for other paths. A bilingual file named
/// without its side is refused: it holds two texts.
fn bilingual_side(path: &Path, lang: Option<Lang>) -> Result<Option<Document>> {
    use clausediff::formats::{read, Format, Langs};
    let text = path.to_string_lossy();
    let (file, side) = match side_of(path) {
        (f, Some(s)) => (f, s),
        (_, None) => {
            if Format::of_path(path).is_some() && path.is_file() {
                anyhow::bail!(
                    "{}: a bilingual file holds two texts: name one as {text}#source or {text}#target \
                     (check reads both when given the file alone)",
                    path.display()
                );
            }
            return Ok(None);
        }
    };
    if Format::of_path(file).is_none() {
        return Ok(None);
    }
    let langs = if side == "source" { Langs { src: lang, tgt: None } } else { Langs { src: None, tgt: lang } };
    let b = read(file, langs)?;
    let mut doc = if side == "source" { b.src } else { b.tgt };
    doc.path = path.to_path_buf();
    Ok(Some(doc))
}

/// Read a glossary (standard input for `-`), its warnings on standard
/// error; `master` is the language whose terms are followed.
pub fn glossary(path: &Path, master: Lang) -> Result<clausediff::terms::Glossary> {
    let (g, warnings) = clausediff::terms::Glossary::read_checked(path, Some(master))?;
    warn(&clausediff::error::display_path(path), &warnings);
    Ok(g)
}

/// Print `warnings` about `source` on standard error, one `warning:` line each.
pub fn warn<S: AsRef<str>>(source: &str, warnings: &[S]) {
    for w in warnings {
        eprintln!("warning: {source}: {}", w.as_ref());
    }
}

/// Load the sentence-embedding model (each command does so once): from
/// `--model` (an error if it is not there), or from the default place (a
/// note if it is not there); none with `--no-model`, and no note. It keeps
/// its embeddings between runs unless `--no-embedding-cache` (a store that
/// cannot be used is a warning on standard error, not a note).
pub fn model(a: &super::args::ModelArgs) -> Result<(Option<clausediff::align::semantic::Model>, Option<String>)> {
    use clausediff::align::semantic::Model;
    if a.no_model {
        // Asked for: nothing unexpected to say.
        return Ok((None, None));
    }
    let (path, explicit) = match a.model.as_deref() {
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
    let enc = std::sync::Arc::new(
        clausediff::embed::Encoder::load(&path)
            .with_context(|| format!("cannot load the model from {}", path.display()))?,
    );
    match clausediff::align::store::default_file(&path).filter(|_| !a.no_embedding_cache) {
        Some(file) => {
            // Whether the store works changes no result: a warning, not a
            // note of the report.
            let (m, problem) = Model::with_store(enc, &file);
            if let Some(p) = problem {
                eprintln!("warning: {p}");
            }
            Ok((Some(m), None))
        }
        None => Ok((Some(Model::new(enc)), None)),
    }
}

/// The `KEY=VALUE` assignments of `--set`, read (a value that is no
/// number, or no `=`, is an error; the keys are checked where they are set).
pub fn assignments(set: &[String]) -> Result<Vec<(&str, f64)>> {
    Ok(set.iter().map(|kv| clausediff::params::parse(kv)).collect::<Result<_, _>>()?)
}

/// Check options at unit level `level`, with the parameters `v` sets and
/// the model it names (or the default one when present), and a note when
/// no model is used.
pub fn check_options(
    level: Level,
    v: &super::args::VersionsArgs,
) -> Result<(clausediff::check::CheckOptions, Option<String>)> {
    check_options_with(level, v, || model(&v.model))
}

/// A model and the note on it, as [`model`] gives them.
pub type Loaded = (Option<clausediff::align::semantic::Model>, Option<String>);

/// [`check_options`] with the model `load` gives (called once the
/// assignments are checked): `batch` passes the one it loaded for all jobs.
pub fn check_options_with(
    level: Level,
    v: &super::args::VersionsArgs,
    load: impl FnOnce() -> Result<Loaded>,
) -> Result<(clausediff::check::CheckOptions, Option<String>)> {
    let mut assignments = assignments(&v.set)?;
    if let Some(p) = v.min_confidence {
        assignments.push(("min_confidence", p));
    }
    let mut opts = clausediff::check::CheckOptions::default();
    opts.align.level = level;
    // The assignments are checked before the model is loaded.
    opts.clone().configured(&assignments, None)?;
    let (model, note) = load()?;
    Ok((opts.configured(&assignments, model)?, note))
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
    align_options_with(s, || model(&s.model))
}

/// [`align_options`] with the model `load` gives (called once the
/// assignments are checked): `batch` passes the one it loaded for all jobs.
pub fn align_options_with(
    s: &AlignSettings,
    load: impl FnOnce() -> Result<Loaded>,
) -> Result<(AlignOptions, Option<String>)> {
    let mut o = AlignOptions { level: s.level.into(), ..Default::default() };
    o.segment.presegmented = s.presegmented;
    o.costs.max_bead = s.max_bead as usize;
    configured_with(o, &s.set, load)
}

/// `o` with the model `load` gives and the `--set` assignments `set` over
/// it; the assignments are checked before the model is loaded.
pub fn configured_with(
    o: AlignOptions,
    set: &[String],
    load: impl FnOnce() -> Result<Loaded>,
) -> Result<(AlignOptions, Option<String>)> {
    let assignments = assignments(set)?;
    o.clone().configured(&assignments, None)?;
    let (m, note) = load()?;
    Ok((o.configured(&assignments, m)?, note))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_replace_whole_files_and_leave_nothing_behind() {
        let dir = tempfile::tempdir().expect("dir");
        let out = dir.path().join("out.txt");
        std::fs::write(&out, "old result").expect("write");
        write_atomically(&out, b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&out).expect("read"), "new");
        // A failed write (no such directory) leaves no file and no temporary file.
        assert!(write_atomically(&dir.path().join("missing/out.txt"), b"x").is_err());
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("ls").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("out.txt")]);
    }

    #[test]
    fn an_input_under_another_name_is_guarded() {
        let dir = tempfile::tempdir().expect("dir");
        let input = dir.path().join("in.txt");
        std::fs::write(&input, "text").expect("write");
        let link = dir.path().join("link.txt");
        std::fs::hard_link(&input, &link).expect("link");
        let inputs = Inputs::of([input.as_path()]);
        assert!(inputs.guard(Some(&link)).is_err());
        assert!(inputs.guard(Some(&dir.path().join("new.txt"))).is_ok());
        assert!(inputs.guard(Some(Path::new("-"))).is_ok() && inputs.guard(None).is_ok());
    }
}
