//! `clausediff diff` (and the output of every command that reports findings).

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clausediff::check::check as check_versions;
use clausediff::diff::{diff as diff_releases, DiffOptions};
use clausediff::render::view::View;
use clausediff::render::{report_table, DisplayOptions};
use clausediff::report::Kind;
use clausediff::Level;
use clausediff::{Document, Lang};

use super::args::{
    CheckArgs, ColorChoice, DiffArgs, DisplayArgs, LevelArg, LintArgs, ReportFormat, ReportSettings, VersionsArgs,
};
use super::output::{self, emit, Inputs};

pub fn level(l: LevelArg) -> Level {
    l.into()
}

/// Parse `--ignore` kinds.
pub fn ignored(s: &ReportSettings) -> Result<Vec<Kind>> {
    Ok(Kind::named(&s.ignore)?)
}

/// Parse `--show` kinds (`all` names every quiet kind).
pub fn shown(s: &ReportSettings) -> Result<Vec<Kind>> {
    Ok(Kind::quiet_named(&s.show, "--show")?)
}

/// Render a view in the chosen format, write it, and return the exit code
/// (1 when findings are listed, 0 otherwise).
pub fn finish(view: View, s: &ReportSettings, inputs: &Inputs) -> Result<i32> {
    finish_with(view, s, inputs, "")
}

/// [`finish`], with `extra` HTML after the findings of an HTML report.
fn finish_with(view: View, s: &ReportSettings, inputs: &Inputs, extra: &str) -> Result<i32> {
    if s.format == ReportFormat::Xlsx {
        return write_xlsx(view, s, inputs);
    }
    let (text, listed) = render_with(view, s, extra)?;
    emit(&text, s.output.as_deref(), inputs)?;
    Ok(if listed { 1 } else { 0 })
}

/// `view` without the kinds `--ignore` names; the quiet kinds `--show`
/// lists, and whether any finding is then listed.
fn without_ignored(mut view: View, s: &ReportSettings) -> Result<(View, Vec<Kind>, bool)> {
    let show = shown(s)?;
    view.report = view.report.without(&ignored(s)?);
    let listed = view.report.findings.iter().any(|f| !f.kind.is_quiet() || show.contains(&f.kind));
    Ok((view, show, listed))
}

/// The view's findings as an XLSX workbook, written to `-o` or to a
/// standard output that is not a terminal; the exit code as [`finish`]'s.
fn write_xlsx(view: View, s: &ReportSettings, inputs: &Inputs) -> Result<i32> {
    if s.output.as_deref().is_none_or(|p| p.as_os_str() == "-") && stdout_is_terminal() {
        bail!("--format xlsx writes a binary file: give -o FILE.xlsx, or redirect standard output");
    }
    let (mut view, show, listed) = without_ignored(view, s)?;
    view.report = view.report.quiet(&show);
    let bytes = clausediff::render::findings_xlsx(&view)?;
    output::emit_bytes(&bytes, s.output.as_deref(), inputs)?;
    Ok(if listed { 1 } else { 0 })
}

/// A view in the chosen format, and whether it lists any finding. Quiet
/// kinds (`--show`) are counted, not listed, in the table and the JSON;
/// the HTML report has them with their filter unticked.
pub fn render(view: View, s: &ReportSettings) -> Result<(String, bool)> {
    render_with(view, s, "")
}

/// [`render`], with `extra` HTML after the findings of an HTML report.
fn render_with(view: View, s: &ReportSettings, extra: &str) -> Result<(String, bool)> {
    let (mut view, show, listed) = without_ignored(view, s)?;
    let text = match s.format {
        ReportFormat::Table => {
            view.report = view.report.quiet(&show);
            report_table(&view, &display(&s.display, s.output.is_none() && stdout_is_terminal()))
        }
        ReportFormat::Json => view.report.quiet(&show).to_json(),
        ReportFormat::Html => clausediff::render::html::html_with(&view, &title(&view), extra),
        ReportFormat::Csv => {
            view.report = view.report.quiet(&show);
            clausediff::render::findings_csv(&view)
        }
        ReportFormat::Xlsx => bail!("--format xlsx writes a workbook of its own: run the command alone with -o FILE"),
    };
    Ok((text, listed))
}

/// How the table is shown: its width (`--width`, else the terminal's),
/// colour (`--color`; `auto` colours when `auto_colour` says the output is
/// shown as on a terminal, unless NO_COLOR is set) and context.
pub fn display(d: &DisplayArgs, auto_colour: bool) -> DisplayOptions {
    let colour = match d.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto_colour && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    DisplayOptions { width: d.width.unwrap_or_else(super::align_cmd::terminal_width), colour, context: d.context }
}

/// Whether standard output is a terminal.
pub fn stdout_is_terminal() -> bool {
    use std::io::IsTerminal;
    std::io::stdout().is_terminal()
}

/// Run `lint`: every file on its own.
pub fn lint(a: &LintArgs) -> Result<i32> {
    ignored(&a.report)?;
    shown(&a.report)?;
    let inputs = Inputs::of(a.files.iter().map(PathBuf::as_path));
    inputs.guard(a.report.output.as_deref())?;
    if a.files.len() > 1 && a.report.format == ReportFormat::Html {
        bail!("--format html reports one text: lint the files one at a time");
    }
    let lang = output::lang(a.lang.as_deref())?;
    let mut texts = Vec::new();
    let mut any = false;
    for path in &a.files {
        let doc = output::load(path, a.report.encoding.as_deref(), lang)?;
        let result = clausediff::lint::lint(&doc)?;
        let (text, listed) = render(View::of_text(&doc, result.report), &a.report)?;
        any |= listed;
        texts.push(text);
    }
    let joined = match a.report.format {
        ReportFormat::Csv if texts.len() > 1 => {
            // One header: the records of every file after it.
            texts.iter().enumerate().flat_map(|(i, t)| t.split_inclusive("\r\n").skip(usize::from(i > 0))).collect()
        }
        ReportFormat::Json if texts.len() > 1 => {
            format!("[\n{}]\n", texts.iter().map(|t| t.trim_end()).collect::<Vec<_>>().join(",\n"))
        }
        ReportFormat::Table if texts.len() > 1 => {
            a.files.iter().zip(&texts).map(|(p, t)| format!("== {}\n{t}", p.display())).collect::<Vec<_>>().join("\n")
        }
        _ => texts.concat(),
    };
    emit(&joined, a.report.output.as_deref(), &inputs)?;
    Ok(if any { 1 } else { 0 })
}

/// The page title of an HTML report.
fn title(view: &View) -> String {
    let names: Vec<&str> = view.columns.iter().map(|c| c.path.as_str()).collect();
    format!("clausediff: {}", names.join(" · "))
}

/// Run `diff`.
pub fn diff(a: &DiffArgs) -> Result<i32> {
    ignored(&a.report)?;
    let enc = a.report.encoding.as_deref();
    let inputs = Inputs::of([a.old.as_path(), a.new.as_path()]);
    inputs.guard(a.report.output.as_deref())?;
    let old = output::load(&a.old, enc, output::lang(a.old_lang.as_deref())?)?;
    let new = output::load(&a.new, enc, output::lang(a.new_lang.as_deref())?)?;
    let mut opts = DiffOptions::default();
    opts.align.level = level(a.level);
    for (k, v) in output::assignments(&a.set)? {
        opts.set(k, v)?;
    }
    opts.max_memory = Some(a.memory.limit()?);
    let result = diff_releases(&old, &new, &opts)?;
    finish(View::of_diff(&result, &old, &new), &a.report, &inputs)
}

/// The files a directory of versions holds: text files, DOCX and HTML documents.
const VERSION_EXTENSIONS: [&str; 4] = ["txt", "docx", "html", "htm"];

/// The language a file name declares (`en.txt`, `zh-Hant.txt`), if any.
pub fn tag_of(p: &Path) -> Option<Lang> {
    p.file_stem()?.to_str()?.parse::<Lang>().ok().filter(|l| *l != Lang::Other)
}

/// Master and version files from the arguments: a directory of files named by
/// language tag, or the master file followed by version files.
pub fn version_files(paths: &[PathBuf], master: &str) -> Result<(PathBuf, Vec<PathBuf>)> {
    // Parsed even when files are given (and the first is the master), so a
    // mistyped tag is never passed over in silence.
    let master_lang: Lang = master.parse()?;
    // Standard input, pipes and what the loader explains better (a loop of links) pass.
    if let Some(missing) = paths.iter().find(|p| p.symlink_metadata().is_err() && p.as_os_str() != "-") {
        bail!("{}: no such file or directory", missing.display());
    }
    if let [dir] = paths {
        if dir.is_dir() {
            let files: Vec<PathBuf> = output::dir_files(dir)?
                .into_iter()
                .filter(|p| p.extension().and_then(|e| e.to_str()).is_some_and(|e| VERSION_EXTENSIONS.contains(&e)))
                .filter(|p| tag_of(p).is_some())
                .collect();
            if let Some((a, b)) = files
                .iter()
                .enumerate()
                .find_map(|(i, a)| files[i + 1..].iter().find(|b| tag_of(b) == tag_of(a)).map(|b| (a, b)))
            {
                bail!(
                    "{} and {} are both {}: keep one version a language",
                    a.display(),
                    b.display(),
                    tag_of(a).map_or("", |l| l.tag())
                );
            }
            let master = files.iter().find(|p| tag_of(p) == Some(master_lang)).cloned().with_context(|| {
                format!("{}: no {}.txt (.docx, .html) to use as the master", dir.display(), master_lang)
            })?;
            let versions: Vec<PathBuf> = files.into_iter().filter(|p| *p != master).collect();
            if versions.is_empty() {
                bail!("{}: no version files (named by language tag, like en.txt) besides the master", dir.display());
            }
            return Ok((master, versions));
        }
    }
    match paths.split_first() {
        Some((m, rest)) if !rest.is_empty() => Ok((m.clone(), rest.to_vec())),
        _ => bail!("give a directory of versions, or the master file and at least one version file"),
    }
}

/// Load the master and the versions `v` names (and the file `other` reads,
/// a glossary), after making sure the output `s` names is none of them,
/// and check them against the memory budget of their alignment at `level`;
/// the inputs, for later outputs.
pub fn load_versions(
    v: &VersionsArgs,
    (output, encoding): (Option<&Path>, Option<&str>),
    other: Option<&Path>,
    level: Level,
) -> Result<(Document, Vec<Document>, Inputs)> {
    let (master_path, version_paths) = version_files(&v.paths, &v.master)?;
    let mut inputs = Inputs::of(version_paths.iter().map(PathBuf::as_path).chain([master_path.as_path()]));
    if let Some(p) = other {
        inputs.add(p);
    }
    inputs.guard(output)?;
    let enc = encoding;
    let master = output::load(&master_path, enc, tag_of(&master_path))?;
    let versions: Vec<Document> =
        version_paths.iter().map(|p| output::load(p, enc, tag_of(p))).collect::<Result<_>>()?;
    v.memory.check_versions(&master, &versions, (level, super::budget::model_expected(&v.model)))?;
    // The dictionary loads while the model does.
    clausediff::text::lexicon::Lexicon::load_in_background(std::iter::once(&master).chain(&versions).map(|d| d.lang));
    Ok((master, versions, inputs))
}

/// The one XLIFF or TMX file among `paths`, if there is one (alone).
pub fn bilingual_file(paths: &[PathBuf]) -> Result<Option<&Path>> {
    match paths {
        [p] if clausediff::formats::Format::of_path(p).is_some() => Ok(Some(p.as_path())),
        _ if paths.iter().any(|p| clausediff::formats::Format::of_path(p).is_some()) => {
            bail!("an XLIFF or TMX file holds the source and the target: give it alone")
        }
        _ => Ok(None),
    }
}

/// The two sides of bilingual file `path` as master and version, in the
/// languages `--src-lang` and `--tgt-lang` name.
fn load_bilingual(a: &CheckArgs, path: &Path) -> Result<(Document, Vec<Document>, Inputs)> {
    let mut inputs = Inputs::of([path]);
    if let Some(g) = a.glossary.as_deref() {
        inputs.add(g);
    }
    inputs.guard(a.report.output.as_deref())?;
    let langs = clausediff::formats::Langs {
        src: output::lang(a.src_lang.as_deref())?,
        tgt: output::lang(a.tgt_lang.as_deref())?,
    };
    let b = clausediff::formats::read(path, langs)?;
    Ok((b.src, vec![b.tgt], inputs))
}

/// Run `check`.
pub fn check(a: &CheckArgs) -> Result<i32> {
    ignored(&a.report)?;
    let bilingual = bilingual_file(&a.versions.paths)?;
    if bilingual.is_none() && (a.src_lang.is_some() || a.tgt_lang.is_some()) {
        bail!("--src-lang and --tgt-lang apply to one XLIFF or TMX file");
    }
    let (master, versions, mut inputs) = match bilingual {
        Some(path) => load_bilingual(a, path)?,
        None => load_versions(
            &a.versions,
            (a.report.output.as_deref(), a.report.encoding.as_deref()),
            a.glossary.as_deref(),
            level(a.level),
        )?,
    };
    if bilingual.is_some() {
        // (load_versions checks the other inputs.)
        let model = super::budget::model_expected(&a.versions.model);
        a.versions.memory.check_versions(&master, &versions, (level(a.level), model))?;
    }
    let glossary = a.glossary.as_deref().map(|g| output::glossary(g, master.lang)).transpose()?;
    let refs: Vec<&Document> = versions.iter().collect();
    a.anchors.iter().for_each(|p| inputs.add(p));
    inputs.guard(a.report.output.as_deref())?;
    let anchors = a.anchors.iter().map(|p| super::align_cmd::read_anchors(p)).collect::<Result<Vec<_>>>()?;
    let (mut opts, note) = output::check_options(level(a.level), &a.versions)?;
    opts.paired = bilingual.is_some();
    opts.anchors = anchors;
    let result = check_versions(&master, &refs, &opts)?;
    let review = match (a.report.format, opts.paired) {
        (ReportFormat::Html, false) => clausediff::render::review_section(&result, &master, &refs),
        _ => String::new(),
    };
    let view = View::of_check_report(&result, (&master, &refs), glossary.as_ref(), note.as_deref());
    finish_with(view, &a.report, &inputs, &review)
}
