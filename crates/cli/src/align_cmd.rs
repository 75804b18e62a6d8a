//! `clausediff align` and `clausediff detect`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clausediff::align::align_anchored;
use clausediff::align::review::{parse_anchors, AnchorFile};
use clausediff::render::{self, Aligned, DisplayOptions};
use clausediff::{align_documents, AlignOptions, Document};
use rayon::prelude::*;

use super::args::{AlignArgs, DetectArgs, Format};
use super::output::{self, align_options, dir_files, emit, stem, Inputs};

/// Run `align`.
pub fn run(a: &AlignArgs) -> Result<i32> {
    let langs = Langs {
        src: output::lang(a.settings.src_lang.as_deref())?,
        tgt: output::lang(a.settings.tgt_lang.as_deref())?,
    };
    let inputs = Inputs::of([a.src.as_path(), a.tgt.as_path()].into_iter().chain(a.anchors.as_deref()));
    inputs.guard(a.output.as_deref())?;
    if a.src.is_dir() != a.tgt.is_dir() {
        let (dir, file) = if a.src.is_dir() { (&a.src, &a.tgt) } else { (&a.tgt, &a.src) };
        bail!("{} is a directory but {} is not: give two files or two directories", dir.display(), file.display());
    }
    if a.src.is_dir() && a.anchors.is_some() {
        bail!("--anchors applies to one pair of files, not to directories");
    }
    // Checked, read and held against the memory budget before the model
    // is loaded: two files, or the pairs of two directories.
    let work = if a.src.is_dir() {
        let (out, pairs) = dir_pairs(a)?;
        let largest = largest_pairs(&pairs, rayon::current_num_threads());
        let loaded: Vec<_> = largest.iter().filter_map(|(s, t)| load_pair(a, langs, s, t).ok()).collect();
        super::budget::check_pairs_of(&a.settings, &loaded)?;
        Work::Dirs(out, pairs)
    } else {
        let (src, tgt) = load_pair(a, langs, &a.src, &a.tgt)?;
        super::budget::check_pair(&a.settings, &src, &tgt)?;
        // The dictionary loads while the model does.
        clausediff::text::lexicon::Lexicon::load_in_background([src.lang, tgt.lang]);
        Work::Files(Box::new((src, tgt)))
    };
    let (opts, note) = align_options(&a.settings)?;
    // Beads, TSV and TMX have no place for notes: they go to standard error
    // (the model's once, each alignment's as it is made).
    let note = if has_no_notes(a.format) {
        output::notes_to_stderr("", &note);
        None
    } else {
        note
    };
    let (src, tgt) = match work {
        Work::Files(files) => *files,
        Work::Dirs(out, pairs) => return run_dirs(a, (&opts, langs), (out, &pairs), note.as_deref(), &inputs),
    };
    let anchors = a.anchors.as_deref().map(read_anchors).transpose()?;
    let mut result = match (&anchors, a.anchors.as_deref()) {
        (Some(file), Some(path)) => align_anchored(&src, &tgt, &opts, file)
            .with_context(|| format!("{}: cannot keep its beads", clausediff::error::display_path(path)))?,
        _ => align_documents(&src, &tgt, &opts),
    };
    if has_no_notes(a.format) {
        output::notes_to_stderr("", &result.notes);
    }
    result.notes.extend(note);
    let width = a.width.unwrap_or_else(terminal_width);
    let text = render_one(&Aligned { src: &src, tgt: &tgt, result: &result }, a.format, width);
    emit(&text, a.output.as_deref(), &inputs)?;
    Ok(0)
}

/// Read and parse an anchors file (a bead file or a review file).
pub fn read_anchors(path: &Path) -> Result<AnchorFile> {
    let name = clausediff::error::display_path(path);
    let text = clausediff::document::read_text(path)?;
    let file = parse_anchors(&text).with_context(|| format!("in {name}"))?;
    if file.beads.iter().all(|b| b.src.is_empty() && b.tgt.is_empty()) {
        bail!("{name}: no beads (an empty anchors file)");
    }
    Ok(file)
}

/// The declared languages of the two sides.
#[derive(Debug, Clone, Copy)]
struct Langs {
    src: Option<clausediff::Lang>,
    tgt: Option<clausediff::Lang>,
}

fn load_pair(a: &AlignArgs, langs: Langs, s: &Path, t: &Path) -> Result<(Document, Document)> {
    let enc = a.settings.encoding.as_deref();
    Ok((output::load(s, enc, langs.src)?, output::load(t, enc, langs.tgt)?))
}

/// Whether output format `f` has no place for notes.
pub fn has_no_notes(f: Format) -> bool {
    matches!(f, Format::Beads | Format::Tsv | Format::Tmx | Format::Xliff | Format::Review)
}

/// The alignment `a` in output format `f` (a table `width` columns wide).
pub fn render_one(a: &Aligned<'_>, f: Format, width: u16) -> String {
    match f {
        Format::Table => render::table(a, &DisplayOptions { width, ..Default::default() }),
        Format::Json => render::json(a),
        Format::Tsv => render::tsv(a),
        Format::Beads => render::beads(a),
        Format::Tmx => render::tmx(a),
        Format::Xliff => render::xliff(a),
        Format::Html => render::editor(a, &format!("Alignment: {} ↔ {}", a.src.name(), a.tgt.name())),
        Format::Review => render::review_file(a),
    }
}

/// The terminal's width, `$COLUMNS`, or 120.
pub fn terminal_width() -> u16 {
    terminal_size::terminal_size()
        .map(|(w, _)| w.0)
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(120)
}

/// Pairs of files with the same name (without extension) in two directories.
pub fn pair_files(src: &Path, tgt: &Path) -> Result<Vec<(PathBuf, PathBuf)>> {
    let targets = dir_files(tgt)?;
    let mut pairs = Vec::new();
    let mut unpaired = Vec::new();
    for s in dir_files(src)? {
        match targets.iter().find(|t| stem(t) == stem(&s)) {
            Some(t) => pairs.push((s, t.clone())),
            None => unpaired.push(s.display().to_string()),
        }
    }
    if !unpaired.is_empty() {
        eprintln!("warning: no target file for {}", unpaired.join(", "));
    }
    if pairs.is_empty() {
        bail!("no files of {} have a namesake in {}", src.display(), tgt.display());
    }
    Ok(pairs)
}

/// What `align` aligns: two files, or the pairs of two directories with
/// the directory their alignments go to.
enum Work<'a> {
    Files(Box<(Document, Document)>),
    Dirs(&'a Path, Vec<(PathBuf, PathBuf)>),
}

/// The output directory and the pairs of files of two directories to
/// align, once the output directory is known to be none of them and no two
/// pairs would be written to one file.
fn dir_pairs(a: &AlignArgs) -> Result<(&Path, Vec<(PathBuf, PathBuf)>)> {
    let out = a.output.as_ref().context("aligning directories needs --output DIR")?;
    let same = |x: &Path| x.canonicalize().ok().zip(out.canonicalize().ok()).is_some_and(|(p, q)| p == q);
    if same(&a.src) || same(&a.tgt) {
        bail!("{}: the output directory must not be an input directory", out.display());
    }
    let pairs = pair_files(&a.src, &a.tgt)?;
    let mut names: Vec<String> = pairs.iter().map(|(s, _)| format!("{}.{}", stem(s), a.format.extension())).collect();
    names.sort();
    if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
        bail!("two source files would both be written to {}: give the files distinct names", out.join(&w[0]).display());
    }
    Ok((out, pairs))
}

/// The `n` largest of `pairs` (by the size of their files): those aligned
/// at once at the peak.
fn largest_pairs(pairs: &[(PathBuf, PathBuf)], n: usize) -> Vec<(PathBuf, PathBuf)> {
    let size = |p: &Path| std::fs::metadata(p).map_or(0, |m| m.len());
    let mut v = pairs.to_vec();
    v.sort_by_cached_key(|(s, t)| std::cmp::Reverse(size(s) + size(t)));
    v.truncate(n);
    v
}

fn run_dirs(
    a: &AlignArgs,
    (opts, langs): (&AlignOptions, Langs),
    (out, pairs): (&Path, &[(PathBuf, PathBuf)]),
    note: Option<&str>,
    inputs: &Inputs,
) -> Result<i32> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let bar = if std::io::stderr().is_terminal() {
        indicatif::ProgressBar::new(pairs.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    let failures: Vec<String> = pairs
        .par_iter()
        .filter_map(|(s, t)| {
            let r = (|| -> Result<()> {
                let (src, tgt) = load_pair(a, langs, s, t)?;
                let mut result = align_documents(&src, &tgt, opts);
                if has_no_notes(a.format) {
                    output::notes_to_stderr(&format!("{}: ", stem(s)), &result.notes);
                }
                result.notes.extend(note.map(str::to_string));
                let text = render_one(&Aligned { src: &src, tgt: &tgt, result: &result }, a.format, 120);
                let path = out.join(format!("{}.{}", stem(s), a.format.extension()));
                emit(&text, Some(&path), inputs)
            })();
            bar.inc(1);
            r.err().map(|e| format!("{e:#}"))
        })
        .collect();
    bar.finish_and_clear();
    for f in &failures {
        eprintln!("error: {f}");
    }
    if failures.is_empty() {
        Ok(0)
    } else {
        bail!("{} of {} pairs failed", failures.len(), pairs.len())
    }
}

/// Run `detect`.
pub fn detect(a: &DetectArgs) -> Result<i32> {
    let mut out = String::new();
    let mut failed = false;
    for f in &a.files {
        match output::load(f, a.encoding.as_deref(), Some(clausediff::Lang::Other)) {
            Ok(doc) => out.push_str(&format!(
                "{}\t{}\t{}\t{}\n",
                f.display(),
                doc.detection.label(),
                doc.encoding,
                doc.detection.evidence
            )),
            Err(e) => {
                eprintln!("error: {e:#}");
                failed = true;
            }
        }
    }
    emit(&out, None, &Inputs::default())?;
    Ok(if failed { 2 } else { 0 })
}
