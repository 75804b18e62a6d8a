//! The work of each Python function, in plain Rust (run with the GIL
//! released): documents from texts, options as the command line sets them,
//! and the command line's JSON outputs.

use std::path::{Path, PathBuf};

use clausediff::budget::{Estimate, Plan};
use clausediff::check::CheckOptions;
use clausediff::diff::DiffOptions;
use clausediff::render::view::View;
use clausediff::render::Aligned;
use clausediff::report::{Kind, Report};
use clausediff::{AlignOptions, Document, ErrorKind, Lang, Level, LoadOptions};

use crate::model::{self, Choice};

/// Why a call failed, in the classes that become Python exceptions.
#[derive(Debug)]
pub enum Failure {
    /// An error of the library (its kind chooses the exception).
    Lib(clausediff::Error),
    /// A bad argument (`ValueError`).
    Value(String),
    /// The model cannot be loaded (`OSError`).
    Model(String),
    /// A defect of the library: it panicked (`RuntimeError`, the
    /// interpreter and the other calls unharmed).
    Panic(String),
}

/// `f()`, a panic in it caught and returned as [`Failure::Panic`].
pub fn guarded<T>(f: impl FnOnce() -> Result<T, Failure>) -> Result<T, Failure> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Err(Failure::Panic(format!("internal error (please report it): {what}")))
    })
}

impl From<clausediff::Error> for Failure {
    fn from(e: clausediff::Error) -> Failure {
        Failure::Lib(e)
    }
}

/// What every command shares: the texts, their languages and names, the
/// unit level and the parameters (`--set KEY=VALUE`).
#[derive(Debug, Clone)]
pub struct Inputs {
    /// The texts, in the command's order (source and target, master and versions, old and new).
    pub texts: Vec<String>,
    /// The declared language of each text (`None`: detected).
    pub langs: Vec<Option<Lang>>,
    /// The name of each text in the output and in messages (`None`: its role).
    pub names: Vec<Option<String>>,
    /// The unit level.
    pub level: Level,
    /// Parameters, each set as `--set KEY=VALUE` sets it.
    pub params: Vec<(String, f64)>,
    /// The memory budget in bytes: a call estimated to need more is
    /// refused before its heavy work ([`clausediff::budget`]).
    pub max_memory: u64,
}

impl Inputs {
    /// The documents, each named by its name or else by `roles[i]` in messages.
    fn documents(&self, roles: &[String]) -> Result<Vec<Document>, Failure> {
        let mut docs = Vec::with_capacity(self.texts.len());
        for (i, text) in self.texts.iter().enumerate() {
            let name = self.names.get(i).cloned().flatten();
            let label = name.clone().unwrap_or_else(|| roles.get(i).cloned().unwrap_or_default());
            let lang = self.langs.get(i).copied().flatten();
            let mut doc = Document::from_text(text.as_str(), lang).map_err(|e| e.with_path(Path::new(&label)))?;
            if let Some(n) = name {
                doc.path = PathBuf::from(n);
            }
            docs.push(doc);
        }
        Ok(docs)
    }
}

/// How findings are listed: kinds left out, quiet kinds listed.
#[derive(Debug, Clone, Default)]
pub struct Listing {
    /// Kinds of findings left out.
    pub ignore: Vec<Kind>,
    /// Quiet kinds (script, width, variant) listed instead of counted.
    pub show: Vec<Kind>,
}

impl Listing {
    /// The report in the command line's JSON.
    fn json(&self, report: Report) -> String {
        report.without(&self.ignore).quiet(&self.show).to_json()
    }
}

/// An alignment to make.
#[derive(Debug, Clone)]
pub struct AlignJob {
    /// Source and target.
    pub inputs: Inputs,
    /// One unit a line.
    pub presegmented: bool,
    /// The most units on one side of a bead.
    pub max_bead: usize,
    /// The model.
    pub model: Choice,
}

/// Set every parameter with `set`.
fn apply(params: &[(String, f64)], mut set: impl FnMut(&str, f64) -> clausediff::Result<()>) -> Result<(), Failure> {
    for (k, v) in params {
        set(k, *v)?;
    }
    Ok(())
}

/// Align source and target: the JSON `clausediff align -f json` writes.
pub fn align(job: &AlignJob) -> Result<String, Failure> {
    let i = &job.inputs;
    let mut o = AlignOptions { level: i.level, ..Default::default() };
    o.segment.presegmented = job.presegmented;
    o.costs.max_bead = job.max_bead;
    // The parameters are checked before the texts are read.
    let o = o.configured(&i.params, None)?;
    let docs = i.documents(&["src".into(), "tgt".into()])?;
    let [src, tgt] = docs.as_slice() else { return Err(Failure::Value("align takes two texts".into())) };
    let plan = Plan { model: job.model.expected(), ..Plan::of(&o) };
    Estimate::align(src, tgt, &plan).check(i.max_memory)?;
    // The dictionary loads while the model does.
    clausediff::text::lexicon::Lexicon::load_in_background(docs.iter().map(|d| d.lang));
    let m = model::resolve(&job.model)?;
    let o = o.configured(&i.params, m.model)?;
    let mut result = clausediff::align_documents(src, tgt, &o);
    result.notes.extend(m.note);
    Ok(clausediff::render::json(&Aligned { src, tgt, result: &result }))
}

/// A check of versions against their master.
#[derive(Debug, Clone)]
pub struct CheckJob {
    /// The master, then the versions.
    pub inputs: Inputs,
    /// The probability from which missing and added content is reported.
    pub min_confidence: Option<f64>,
    /// A glossary file (TSV, CSV or TBX) whose terms are followed.
    pub glossary: Option<PathBuf>,
    /// What is listed.
    pub listing: Listing,
    /// The model.
    pub model: Choice,
}

/// Check the versions against the master: the JSON `clausediff check -f json` writes.
pub fn check(job: &CheckJob) -> Result<String, Failure> {
    let i = &job.inputs;
    let mut params = i.params.clone();
    params.extend(job.min_confidence.map(|p| ("min_confidence".to_string(), p)));
    let mut opts = CheckOptions::default();
    opts.align.level = i.level;
    // The parameters are checked before the texts are read.
    let opts = opts.configured(&params, None)?;
    let roles: Vec<String> = std::iter::once("master".to_string())
        .chain((1..i.texts.len()).map(|n| format!("versions[{}]", n - 1)))
        .collect();
    let docs = i.documents(&roles)?;
    let (master, versions) = docs.split_first().ok_or_else(|| Failure::Value("check takes a master".into()))?;
    if versions.is_empty() {
        return Err(Failure::Value("check takes at least one version".into()));
    }
    let refs: Vec<&Document> = versions.iter().collect();
    let plan = Plan { model: job.model.expected(), ..Plan::of(&opts.align) };
    Estimate::versions(master, &refs, &plan).check(i.max_memory)?;
    let glossary = match &job.glossary {
        Some(p) => Some(clausediff::terms::Glossary::read_checked(p, Some(master.lang))?.0),
        None => None,
    };
    // The dictionary loads while the model does.
    clausediff::text::lexicon::Lexicon::load_in_background(docs.iter().map(|d| d.lang));
    let m = model::resolve(&job.model)?;
    let opts = opts.configured(&params, m.model)?;
    let result = clausediff::check::check(master, &refs, &opts)?;
    let view = View::of_check_report(&result, (master, &refs), glossary.as_ref(), m.note.as_deref());
    Ok(job.listing.json(view.report))
}

/// A comparison of two releases of one text.
#[derive(Debug, Clone)]
pub struct DiffJob {
    /// Old and new.
    pub inputs: Inputs,
    /// What is listed.
    pub listing: Listing,
}

/// Compare two releases: the JSON `clausediff diff -f json` writes.
pub fn diff(job: &DiffJob) -> Result<String, Failure> {
    let i = &job.inputs;
    let mut opts = DiffOptions::default();
    opts.align.level = i.level;
    opts.max_memory = Some(i.max_memory);
    apply(&i.params, |k, v| opts.set(k, v))?;
    let docs = i.documents(&["old".into(), "new".into()])?;
    let [old, new] = docs.as_slice() else { return Err(Failure::Value("diff takes two texts".into())) };
    let result = clausediff::diff::diff(old, new, &opts)?;
    Ok(job.listing.json(View::of_diff(&result, old, new).report))
}

/// The text of a file decoded as the command line decodes it (a byte order
/// mark, UTF-8, GB18030, Big5 or Windows-1251, or `encoding`).
pub fn read_text(path: &Path, encoding: Option<String>) -> Result<String, Failure> {
    // Any language: only the text is wanted.
    let opts = LoadOptions { encoding, lang: Some(Lang::Other), undetected: None };
    Ok(Document::load(path, &opts)?.text)
}

/// A unit level by name.
pub fn level(name: &str) -> Result<Level, Failure> {
    Ok(name.trim().to_ascii_lowercase().parse::<Level>()?)
}

/// A language tag, or none.
pub fn lang(tag: Option<&str>) -> Result<Option<Lang>, Failure> {
    Ok(tag.map(str::parse::<Lang>).transpose()?)
}

/// The kinds of findings to leave out.
pub fn ignored(names: &[String]) -> Result<Vec<Kind>, Failure> {
    Ok(Kind::named(names)?)
}

/// The quiet kinds to list (`all`: every one).
pub fn shown(names: &[String]) -> Result<Vec<Kind>, Failure> {
    Ok(Kind::quiet_named(names, "show")?)
}

/// Whether an error of the library is about a file that could not be read
/// (`OSError`), not about what was given.
pub fn is_os_error(e: &clausediff::Error) -> bool {
    matches!(e.kind(), ErrorKind::Io | ErrorKind::IsDirectory)
}
