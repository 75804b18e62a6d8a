//! `clausediff batch`: the align, check and diff jobs of a JSON Lines
//! manifest, run in parallel in one process with the model loaded once.
//! One output a job and a sidecar of what it was made from (so a re-run
//! skips what is up to date), a summary line a job, and shards that split
//! a corpus with no coordinator.

use std::collections::{BTreeMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use clap::{Args, ValueEnum};
use clausediff::align::semantic::Model;
use clausediff::render::view::View;
use clausediff::render::Aligned;
use clausediff::{Document, Lang};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::args::{
    AlignSettings, ColorChoice, DisplayArgs, Format, LevelArg, ModelArgs, ReportFormat, ReportSettings, VersionsArgs,
};
use super::output::{self, emit, Inputs};
use super::{align_cmd, report_cmd};

/// `batch` arguments.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The manifest: JSON Lines, one job a line (- for standard input); relative
    /// paths in it are relative to the manifest's directory
    pub manifest: PathBuf,
    /// Directory of the outputs (ID.EXT), their sidecars (ID.meta.json) and the summary
    #[arg(long, short = 'o', value_name = "OUT_DIR")]
    pub output: PathBuf,
    /// Run only shard I of N: the jobs whose id hashes to I (0 ≤ I < N); the
    /// summary is then summary.I-of-N.jsonl
    #[arg(long, value_name = "I/N")]
    pub shard: Option<Shard>,
    /// Run every job again, even those whose output is up to date
    #[arg(long)]
    pub force: bool,
    /// How many jobs run at once (default: one per core)
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// The sentence-embedding model, loaded once for every job
    #[command(flatten)]
    pub model: ModelArgs,
    /// The memory budget, shared by the jobs run at once
    #[command(flatten)]
    pub memory: super::budget::MemoryArgs,
}

/// One shard of a batch: the jobs whose id hashes to `index` modulo `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    index: u64,
    count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Shard, String> {
        let bad = || format!("{s:?}: expected I/N with 0 ≤ I < N, e.g. 0/4");
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count): (u64, u64) = (i.trim().parse().map_err(|_| bad())?, n.trim().parse().map_err(|_| bad())?);
        if index >= count {
            return Err(bad());
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// Whether the job `id` belongs to this shard.
    fn takes(self, id: &str) -> bool {
        fnv1a(id.as_bytes()) % self.count == self.index
    }
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and run
/// (shards, checksums of inputs).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The commands a job may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum JobCommand {
    Align,
    Check,
    Diff,
}

impl JobCommand {
    fn name(self) -> &'static str {
        match self {
            JobCommand::Align => "align",
            JobCommand::Check => "check",
            JobCommand::Diff => "diff",
        }
    }
}

/// One line of the manifest.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Job {
    id: String,
    command: JobCommand,
    master: PathBuf,
    #[serde(default)]
    versions: Vec<PathBuf>,
    #[serde(default)]
    options: serde_json::Value,
}

/// The options of a job (checked when it runs: a bad one fails that job only).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct JobOptions {
    level: Option<String>,
    format: Option<String>,
    set: BTreeMap<String, serde_json::Value>,
    #[serde(alias = "old_lang")]
    src_lang: Option<String>,
    #[serde(alias = "new_lang")]
    tgt_lang: Option<String>,
    langs: Vec<String>,
    encoding: Option<String>,
    presegmented: bool,
    max_bead: Option<u8>,
    ignore: Vec<String>,
    show: Vec<String>,
    min_confidence: Option<f64>,
    glossary: Option<PathBuf>,
    width: Option<u16>,
}

/// Read and validate the manifest: every line a job, every id a safe and
/// distinct file name, the right number of versions. All errors at once.
fn read_manifest(path: &Path) -> Result<Vec<Job>> {
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin().read_to_string(&mut text).context("cannot read the manifest from standard input")?;
    } else {
        text = std::fs::read_to_string(path).with_context(|| format!("cannot read manifest {}", path.display()))?;
    }
    let (mut jobs, mut errors, mut seen) = (Vec::new(), Vec::new(), HashSet::new());
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let checked = serde_json::from_str::<Job>(line).map_err(|e| anyhow!("{e}")).and_then(|job| {
            check_id(&job.id)?;
            let (fits, wanted) = match job.command {
                JobCommand::Check => (!job.versions.is_empty(), "at least one version"),
                _ => (job.versions.len() == 1, "exactly one version"),
            };
            if !fits {
                bail!("job {:?}: {} takes {wanted}", job.id, job.command.name());
            }
            if !seen.insert(job.id.clone()) {
                bail!("job id {:?} is used twice", job.id);
            }
            Ok(job)
        });
        match checked {
            Ok(job) => jobs.push(job),
            Err(e) => errors.push(format!("{}:{}: {e:#}", path.display(), n + 1)),
        }
    }
    if !errors.is_empty() {
        bail!("malformed manifest, nothing run:\n  {}", errors.join("\n  "));
    }
    Ok(jobs)
}

/// Refuse an id that is no safe file name of its own: empty, with a path
/// separator or a control character, hidden, or a sidecar's name.
fn check_id(id: &str) -> Result<()> {
    let why = if id.trim().is_empty() {
        "an id must not be empty"
    } else if id.contains(['/', '\\']) || id.chars().any(char::is_control) {
        "an id must not contain /, \\ or control characters"
    } else if id.starts_with('.') {
        "an id must not start with . (no .., no hidden files)"
    } else if id.ends_with(".meta") {
        "an id must not end with .meta (the sidecars' names)"
    } else if id.len() > 200 {
        "an id must be at most 200 bytes"
    } else {
        return Ok(());
    };
    bail!("job id {id:?}: {why}")
}

/// What every job shares.
struct Ctx<'a> {
    base: &'a Path,
    out: &'a Path,
    model: Option<Model>,
    note: Option<String>,
    model_key: String,
    force: bool,
    inputs: Inputs,
    /// Each job's share of the memory budget: jobs run at once.
    memory: super::budget::MemoryArgs,
}

/// Counts of beads by shape, or of findings by kind.
type Counts = BTreeMap<String, usize>;

/// What a job's output was made from: when all of it matches, the output is up to date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Fingerprint {
    version: String,
    command: JobCommand,
    options: serde_json::Value,
    model: String,
    inputs: Vec<Checksum>,
    output: String,
}

/// One input file as it was read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Checksum {
    path: PathBuf,
    bytes: u64,
    fnv1a64: String,
}

/// The sidecar `OUT_DIR/<id>.meta.json`.
#[derive(Debug, Serialize, Deserialize)]
struct Meta {
    #[serde(flatten)]
    made_from: Fingerprint,
    counts: Counts,
}

/// Run `batch`.
pub fn run(a: &BatchArgs) -> Result<i32> {
    let jobs = read_manifest(&a.manifest)?;
    let selected: Vec<&Job> = jobs.iter().filter(|j| a.shard.is_none_or(|s| s.takes(&j.id))).collect();
    let base = match a.manifest.parent() {
        Some(p) if a.manifest.as_os_str() != "-" => p.to_path_buf(),
        _ => PathBuf::new(),
    };
    std::fs::create_dir_all(&a.output).with_context(|| format!("cannot create {}", a.output.display()))?;
    let (model, note) = output::model(&a.model)?;
    output::notes_to_stderr("", &note);
    let model_dir = a.model.model.clone().or_else(clausediff::embed::default_dir).filter(|_| model.is_some());
    let model_key = model_dir.map_or_else(|| "none".to_string(), |d| d.display().to_string());
    // The files this shard reads (a shard of a large manifest does not look
    // at the files of the others' jobs).
    let mut inputs = Inputs::of([a.manifest.as_path()]);
    for job in &selected {
        let glossary = job.options.get("glossary").and_then(serde_json::Value::as_str).map(|g| base.join(g));
        job_files(job, &base, None).iter().chain(&glossary).for_each(|p| inputs.add(p));
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(a.jobs.map_or(0, usize::from)).build()?;
    let share = super::budget::job_share(a.memory.limit()?, pool.current_num_threads(), model.is_some());
    let memory = super::budget::MemoryArgs { max_memory: Some(share) };
    let ctx = Ctx { base: &base, out: &a.output, model, note, model_key, force: a.force, inputs, memory };
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(selected.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let lines: Vec<SummaryLine> = pool.install(|| {
        selected
            .par_iter()
            .map(|job| {
                let line = run_caught(job, &ctx);
                if let Some(e) = &line.error {
                    bar.suspend(|| eprintln!("error: {}: {e}", job.id));
                }
                bar.inc(1);
                line
            })
            .collect()
    });
    bar.finish_and_clear();
    let name = match a.shard {
        Some(s) => format!("summary.{}-of-{}.jsonl", s.index, s.count),
        None => "summary.jsonl".to_string(),
    };
    let summary: String = lines.iter().map(|l| serde_json::to_string(l).map(|l| l + "\n")).collect::<Result<_, _>>()?;
    emit(&summary, Some(&a.output.join(name)), &ctx.inputs)?;
    let failed: Vec<&str> = lines.iter().filter(|l| l.status == "failed").map(|l| l.id.as_str()).collect();
    if failed.is_empty() {
        return Ok(0);
    }
    eprintln!("error: {} of {} jobs failed: {}", failed.len(), lines.len(), failed.join(", "));
    Ok(1)
}

/// One line of the summary.
#[derive(Debug, Serialize)]
struct SummaryLine {
    id: String,
    command: JobCommand,
    status: &'static str,
    output: Option<String>,
    /// `beads` (align) or `findings` (check, diff), when it ran.
    #[serde(flatten)]
    counts: BTreeMap<&'static str, Counts>,
    seconds: f64,
    error: Option<String>,
}

/// Run one job; its error, or its panic, is its summary line's error.
fn run_caught(job: &Job, ctx: &Ctx) -> SummaryLine {
    let start = Instant::now();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_job(job, ctx)));
    let result = result.unwrap_or_else(|p| {
        let msg = p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned());
        Err(anyhow!("internal error: {}", msg.unwrap_or_default()))
    });
    let counted = if job.command == JobCommand::Align { "beads" } else { "findings" };
    let (status, output, counts, error) = match result {
        Ok((status, output, counts)) => (status, Some(output), BTreeMap::from([(counted, counts)]), None),
        Err(e) => ("failed", None, BTreeMap::new(), Some(format!("{e:#}"))),
    };
    let seconds = (start.elapsed().as_secs_f64() * 1000.0).round() / 1000.0;
    SummaryLine { id: job.id.clone(), command: job.command, status, output, counts, seconds, error }
}

/// The files a job reads, relative paths resolved against `base`: the
/// master, the versions, and the glossary `o` names.
fn job_files(job: &Job, base: &Path, o: Option<&JobOptions>) -> Vec<PathBuf> {
    let glossary = o.and_then(|o| o.glossary.as_ref());
    std::iter::once(&job.master).chain(&job.versions).chain(glossary).map(|p| base.join(p)).collect()
}

/// Run one job unless its output is up to date: its status, the output's
/// file name and its counts.
fn run_job(job: &Job, ctx: &Ctx) -> Result<(&'static str, String, Counts)> {
    let o: JobOptions = match &job.options {
        serde_json::Value::Null => JobOptions::default(),
        v => serde_json::from_value(v.clone()).context("options")?,
    };
    check_applies(job.command, &o)?;
    let files = job_files(job, ctx.base, Some(&o));
    if files.iter().any(|p| p.as_os_str() == "-") {
        bail!("standard input (-) cannot be a job's input");
    }
    let name = format!("{}.{}", job.id, extension(job.command, &o)?);
    let out = ctx.out.join(&name);
    let meta_path = ctx.out.join(format!("{}.meta.json", job.id));
    let given = std::iter::once(&job.master).chain(&job.versions).chain(&o.glossary);
    let made_from = Fingerprint {
        version: env!("CARGO_PKG_VERSION").to_string(),
        command: job.command,
        options: serde_json::to_value(&o)?,
        model: ctx.model_key.clone(),
        inputs: given.zip(&files).map(|(g, f)| checksum(g, f)).collect::<Result<_>>()?,
        output: name.clone(),
    };
    if !ctx.force && out.is_file() {
        let old = std::fs::read(&meta_path).ok().and_then(|b| serde_json::from_slice::<Meta>(&b).ok());
        if let Some(meta) = old.filter(|m| m.made_from == made_from) {
            return Ok(("skipped", name, meta.counts));
        }
    }
    // Stale now, whatever happens next.
    let _ = std::fs::remove_file(&meta_path);
    let (text, counts) = match job.command {
        JobCommand::Align => align_job(&job.id, &o, &files, ctx)?,
        JobCommand::Diff => {
            let limit = super::budget::share_without_model(ctx.memory.limit()?, ctx.model.is_some());
            diff_job(&o, &files, &super::budget::MemoryArgs { max_memory: Some(limit) })?
        }
        JobCommand::Check => check_job(&o, &files, ctx)?,
    };
    emit(&text, Some(&out), &ctx.inputs)?;
    let meta = Meta { made_from, counts };
    emit(&(serde_json::to_string_pretty(&meta)? + "\n"), Some(&meta_path), &ctx.inputs)?;
    Ok(("ok", name, meta.counts))
}

/// The size and FNV-1a checksum of `file` (named `given` in the manifest; of
/// the whole of a bilingual file), read as documents are: bounded, no devices.
fn checksum(given: &Path, file: &Path) -> Result<Checksum> {
    let bytes = clausediff::document::read_bytes(output::side_of(file).0)?;
    Ok(Checksum { path: given.to_path_buf(), bytes: bytes.len() as u64, fnv1a64: format!("{:016x}", fnv1a(&bytes)) })
}

/// Refuse the options that the command does not take.
fn check_applies(cmd: JobCommand, o: &JobOptions) -> Result<()> {
    use JobCommand::{Align, Check, Diff};
    let given: [(&str, bool, &[JobCommand]); 8] = [
        ("src_lang", o.src_lang.is_some(), &[Align, Diff]),
        ("tgt_lang", o.tgt_lang.is_some(), &[Align, Diff]),
        ("presegmented", o.presegmented, &[Align]),
        ("max_bead", o.max_bead.is_some(), &[Align]),
        ("ignore", !o.ignore.is_empty(), &[Check, Diff]),
        ("show", !o.show.is_empty(), &[Check, Diff]),
        ("min_confidence", o.min_confidence.is_some(), &[Check]),
        ("glossary", o.glossary.is_some(), &[Check]),
    ];
    match given.iter().find(|(_, set, takes)| *set && !takes.contains(&cmd)) {
        Some((name, ..)) => bail!("option {name} does not apply to {}", cmd.name()),
        None => Ok(()),
    }
}

/// The extension of the job's output, from its format (`table` is `.txt`,
/// the others their name).
fn extension(cmd: JobCommand, o: &JobOptions) -> Result<String> {
    if cmd == JobCommand::Align {
        return Ok(align_format(o)?.extension().to_string());
    }
    let name = report_format(o)?.to_possible_value().map(|v| v.get_name().to_string()).unwrap_or_default();
    Ok(if name == "table" { "txt".to_string() } else { name })
}

fn parse_value<T: ValueEnum>(what: &str, v: Option<&str>, default: T) -> Result<T> {
    v.map_or(Ok(default), |s| T::from_str(s, true).map_err(|e| anyhow!("{what} {s:?}: {e}")))
}

fn align_format(o: &JobOptions) -> Result<Format> {
    parse_value("format", o.format.as_deref(), Format::Json)
}

fn report_format(o: &JobOptions) -> Result<ReportFormat> {
    let f = parse_value("format", o.format.as_deref(), ReportFormat::Json)?;
    anyhow::ensure!(f != ReportFormat::Xlsx, "format xlsx: a workbook is made by check or diff alone");
    Ok(f)
}

fn level(o: &JobOptions) -> Result<LevelArg> {
    parse_value("level", o.level.as_deref(), LevelArg::Sentence)
}

/// The `set` map as `KEY=VALUE` assignments, each checked.
fn assignments(o: &JobOptions) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for (k, v) in &o.set {
        let kv = match v {
            serde_json::Value::Number(n) => format!("{k}={n}"),
            serde_json::Value::String(s) => format!("{k}={s}"),
            _ => bail!("set.{k}: expected a number"),
        };
        clausediff::params::parse(&kv)?;
        out.push(kv);
    }
    Ok(out)
}

/// The declared language of each of `n` files: `langs` (one a file), or
/// `src_lang` and `tgt_lang` for the two sides; `None` for the others.
fn langs(o: &JobOptions, n: usize) -> Result<Vec<Option<Lang>>> {
    if !o.langs.is_empty() && (o.src_lang.is_some() || o.tgt_lang.is_some()) {
        bail!("options langs and src_lang/tgt_lang: give one or the other");
    }
    if !o.langs.is_empty() && o.langs.len() != n {
        bail!("options langs: {} tags for {n} files (one a file, the master first)", o.langs.len());
    }
    let mut v: Vec<Option<Lang>> = o.langs.iter().map(|t| output::lang(Some(t))).collect::<Result<_>>()?;
    if v.is_empty() {
        v = vec![output::lang(o.src_lang.as_deref())?, output::lang(o.tgt_lang.as_deref())?];
        v.resize(n, None);
    }
    Ok(v)
}

/// Make the `KEY=VALUE` assignments `set` with `f`.
fn apply(set: &[String], mut f: impl FnMut(&str, f64) -> clausediff::Result<()>) -> Result<()> {
    for (k, v) in output::assignments(set)? {
        f(k, v)?;
    }
    Ok(())
}

/// No model from the arguments: the batch's own is passed to each job.
fn no_model() -> ModelArgs {
    ModelArgs { model: None, no_model: true, no_embedding_cache: true }
}

/// Run an align job: the text of its output and its bead counts.
fn align_job(id: &str, o: &JobOptions, files: &[PathBuf], ctx: &Ctx) -> Result<(String, Counts)> {
    let format = align_format(o)?;
    let max_bead = o.max_bead.unwrap_or(4);
    if !(1..=8).contains(&max_bead) {
        bail!("options max_bead: {max_bead} is not in 1..=8");
    }
    let set = assignments(o)?;
    let settings = AlignSettings {
        level: level(o)?,
        presegmented: o.presegmented,
        src_lang: None,
        tgt_lang: None,
        encoding: o.encoding.clone(),
        max_bead,
        set: set.clone(),
        model: no_model(),
        memory: ctx.memory.clone(),
    };
    let (opts, _) = output::align_options_with(&settings, || Ok((ctx.model.clone(), None)))?;
    let l = langs(o, 2)?;
    let enc = o.encoding.as_deref();
    let (src, tgt) = (output::load(&files[0], enc, l[0])?, output::load(&files[1], enc, l[1])?);
    settings.memory.check_align(&src, &tgt, &opts)?;
    let mut result = clausediff::align_documents(&src, &tgt, &opts);
    if align_cmd::has_no_notes(format) {
        output::notes_to_stderr(&format!("{id}: "), &result.notes);
    } else {
        result.notes.extend(ctx.note.clone());
    }
    let mut counts = Counts::new();
    for b in &result.alignment.beads {
        *counts.entry(b.shape()).or_default() += 1;
    }
    let text =
        align_cmd::render_one(&Aligned { src: &src, tgt: &tgt, result: &result }, format, o.width.unwrap_or(120));
    Ok((text, counts))
}

/// The report settings of a check or diff job (its output goes to a file:
/// no colour).
fn report_settings(o: &JobOptions) -> Result<ReportSettings> {
    Ok(ReportSettings {
        format: report_format(o)?,
        ignore: o.ignore.clone(),
        show: o.show.clone(),
        output: None,
        display: DisplayArgs { width: Some(o.width.unwrap_or(120)), color: ColorChoice::Never, context: None },
        encoding: o.encoding.clone(),
    })
}

/// Render a report and count its findings by kind (those not ignored).
fn finish(view: View, s: &ReportSettings) -> Result<(String, Counts)> {
    let ignore = report_cmd::ignored(s)?;
    let mut counts = Counts::new();
    for f in view.report.findings.iter().filter(|f| !ignore.contains(&f.kind)) {
        *counts.entry(f.kind.name().to_string()).or_default() += 1;
    }
    let (text, _) = report_cmd::render(view, s)?;
    Ok((text, counts))
}

/// Run a diff job: master is OLD, the version NEW.
fn diff_job(o: &JobOptions, files: &[PathBuf], memory: &super::budget::MemoryArgs) -> Result<(String, Counts)> {
    let s = report_settings(o)?;
    report_cmd::ignored(&s)?;
    report_cmd::shown(&s)?;
    let mut opts = clausediff::diff::DiffOptions::default();
    opts.align.level = report_cmd::level(level(o)?);
    apply(&assignments(o)?, |k, v| opts.set(k, v))?;
    let l = langs(o, 2)?;
    let enc = o.encoding.as_deref();
    let (old, new) = (output::load(&files[0], enc, l[0])?, output::load(&files[1], enc, l[1])?);
    opts.max_memory = Some(memory.limit()?);
    let result = clausediff::diff::diff(&old, &new, &opts)?;
    finish(View::of_diff(&result, &old, &new), &s)
}

/// Run a check job: the master, then the versions; languages declared by
/// `langs` or else by the file names (en.txt), as `check` does.
fn check_job(o: &JobOptions, files: &[PathBuf], ctx: &Ctx) -> Result<(String, Counts)> {
    let s = report_settings(o)?;
    report_cmd::ignored(&s)?;
    report_cmd::shown(&s)?;
    let (docs, glossary) = files.split_at(files.len() - usize::from(o.glossary.is_some()));
    let l = langs(o, docs.len())?;
    let enc = o.encoding.as_deref();
    let mut loaded: Vec<Document> = Vec::new();
    for (p, lang) in docs.iter().zip(l) {
        loaded.push(output::load(p, enc, lang.or_else(|| report_cmd::tag_of(p)))?);
    }
    let (master, versions) = loaded.split_first().context("no master")?;
    let glossary = glossary.first().map(|g| output::glossary(g, master.lang)).transpose()?;
    let refs: Vec<&Document> = versions.iter().collect();
    let v = VersionsArgs {
        paths: Vec::new(),
        master: "zh-Hant".to_string(),
        set: assignments(o)?,
        min_confidence: o.min_confidence,
        model: no_model(),
        memory: ctx.memory.clone(),
    };
    let unit = report_cmd::level(level(o)?);
    v.memory.check_versions(master, versions, (unit, ctx.model.is_some()))?;
    let (opts, _) = output::check_options_with(unit, &v, || Ok((ctx.model.clone(), None)))?;
    let result = clausediff::check::check(master, &refs, &opts)?;
    let view = View::of_check_report(&result, (master, &refs), glossary.as_ref(), ctx.note.as_deref());
    finish(view, &s)
}
