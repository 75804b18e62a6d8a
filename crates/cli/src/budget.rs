//! The memory budget of the commands that align ([`clausediff::budget`]):
//! `--max-memory`, the `CLAUSEDIFF_MAX_MEMORY` variable, and the checks
//! each command makes before its heavy work: `align` and `eval` before
//! the model is loaded or anything else is done, the others once their
//! texts are read, before the model is loaded.

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::Args;
use clausediff::budget::{self, Estimate, Plan};
use clausediff::{AlignOptions, Document, Lang, Level, LoadOptions, SegmentOptions};

use super::args::{AlignSettings, Command, ModelArgs};

/// How much memory a run may be estimated to need.
#[derive(Debug, Clone, Default, Args)]
pub struct MemoryArgs {
    /// Refuse (exit 2) inputs whose run is estimated to need more memory than SIZE, e.g. 8G or
    /// 512M (default: $CLAUSEDIFF_MAX_MEMORY, else 4G; see docs/reliability.md)
    #[arg(long, value_name = "SIZE", value_parser = size)]
    pub max_memory: Option<u64>,
}

fn size(text: &str) -> Result<u64, String> {
    budget::parse_size(text).map_err(|e| e.message().to_string())
}

impl MemoryArgs {
    /// The budget: `--max-memory`, else `$CLAUSEDIFF_MAX_MEMORY`, else
    /// [`budget::DEFAULT_MAX_MEMORY`].
    pub fn limit(&self) -> Result<u64> {
        if let Some(limit) = self.max_memory {
            return Ok(limit);
        }
        Ok(budget::default_limit(std::env::var(budget::ENV).ok().as_deref())?)
    }

    /// Refuse `versions` aligned to `master` at `level` (as `check`,
    /// `terms` and `concord` align them; with the model when `model`) when
    /// their estimate passes the budget.
    pub fn check_versions(
        &self,
        master: &Document,
        versions: &[Document],
        (level, model): (Level, bool),
    ) -> Result<()> {
        let plan = Plan { level, segment: SegmentOptions::default(), model };
        let refs: Vec<&Document> = versions.iter().collect();
        Ok(Estimate::versions(master, &refs, &plan).check(self.limit()?)?)
    }

    /// Refuse an alignment of `src` and `tgt` under `opts` whose estimate passes the budget.
    pub fn check_align(&self, src: &Document, tgt: &Document, opts: &AlignOptions) -> Result<()> {
        Ok(Estimate::align(src, tgt, &Plan::of(opts)).check(self.limit()?)?)
    }
}

/// Whether the model will be loaded: asked for, or found in its default place.
pub fn model_expected(m: &ModelArgs) -> bool {
    !m.no_model
        && (m.model.is_some() || clausediff::embed::default_dir().is_some_and(|d| d.join("weights.npz").is_file()))
}

/// What an alignment under `settings` is estimated on (the model counted
/// when it will be loaded).
fn plan(settings: &AlignSettings) -> Plan {
    let level = match settings.level {
        super::args::LevelArg::Paragraph => Level::Paragraph,
        super::args::LevelArg::Sentence => Level::Sentence,
        super::args::LevelArg::Clause => Level::Clause,
    };
    let segment = SegmentOptions { presegmented: settings.presegmented, ..Default::default() };
    Plan { level, segment, model: model_expected(&settings.model) }
}

/// Refuse the alignment of the loaded `src` and `tgt` under `settings`
/// whose estimate passes the budget (before the model is loaded).
pub fn check_pair(settings: &AlignSettings, src: &Document, tgt: &Document) -> Result<()> {
    Ok(Estimate::align(src, tgt, &plan(settings)).check(settings.memory.limit()?)?)
}

/// A source document and its target, to be aligned.
pub struct Sides {
    /// The source document.
    pub src: Document,
    /// The target document.
    pub tgt: Document,
}

/// Refuse the alignments of `docs` (presegmented, as `eval` aligns them)
/// under `settings` whose estimate passes the budget: the largest pairs,
/// as many as run in parallel, counted at once, and the texts of the
/// others, which are held meanwhile (a byte a byte).
pub fn check_pairs(settings: &AlignSettings, docs: &[Sides]) -> Result<()> {
    let mut plan = plan(settings);
    plan.segment.presegmented = true;
    let mut each: Vec<Estimate> = docs.iter().map(|d| Estimate::align(&d.src, &d.tgt, &plan)).collect();
    each.sort_by_key(|e| std::cmp::Reverse(e.bytes));
    each.truncate(rayon::current_num_threads());
    let mut e = Estimate::all(each);
    let held: u64 = docs.iter().map(|d| (d.src.text.len() + d.tgt.text.len()) as u64).sum();
    e.bytes = e.bytes.saturating_add(held.saturating_sub(e.text));
    Ok(e.check(settings.memory.limit()?)?)
}

/// Refuse an `align` of two directories whose estimate passes the budget,
/// before the model is loaded and before anything else is done: the
/// texts are read for it (and again by the command). `align` of two files
/// checks once it has read them ([`check_pair`]), `eval` once it has read
/// its texts ([`check_pairs`]). Texts that cannot be read are not
/// estimated (the command says why).
pub fn preflight(cmd: &Command) -> Result<()> {
    let (src, tgt, settings): (&Path, &Path, &AlignSettings) = match cmd {
        Command::Align(a) if a.src.is_dir() && a.tgt.is_dir() => (&a.src, &a.tgt, &a.settings),
        _ => return Ok(()),
    };
    let limit = settings.memory.limit()?;
    let plan = plan(settings);
    let load = |path: &Path, tag: Option<&String>| {
        let lang = tag.and_then(|t| t.parse::<Lang>().ok());
        let opts = LoadOptions { encoding: settings.encoding.clone(), lang, undetected: Some(Lang::Other) };
        Document::load(path, &opts).ok()
    };
    let parts = pairs(src, tgt).into_iter().filter_map(|(s, t)| {
        let (s, t) = (load(&s, settings.src_lang.as_ref())?, load(&t, settings.tgt_lang.as_ref())?);
        Some(Estimate::align(&s, &t, &plan))
    });
    Ok(Estimate::all(parts.collect::<Vec<_>>()).check(limit)?)
}

/// The pairs of files of two directories aligned at once: the largest
/// pairs of files of one name, as many as run in parallel.
fn pairs(src: &Path, tgt: &Path) -> Vec<(PathBuf, PathBuf)> {
    let files = |dir: &Path| -> Vec<PathBuf> { super::output::dir_files(dir).unwrap_or_default() };
    let targets = files(tgt);
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut v: Vec<(PathBuf, PathBuf)> = files(src)
        .into_iter()
        .filter_map(|s| {
            let t = targets.iter().find(|t| super::output::stem(t) == super::output::stem(&s))?;
            Some((s, t.clone()))
        })
        .collect();
    v.sort_by_key(|(s, t)| std::cmp::Reverse(size(s) + size(t)));
    v.truncate(rayon::current_num_threads());
    v
}
