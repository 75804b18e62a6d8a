//! `clausediff diff` (and the output of every command that reports findings).

use anyhow::Result;
use clausediff::diff::{diff as diff_releases, DiffOptions};
use clausediff::render::view::View;
use clausediff::render::{report_table, DisplayOptions};
use clausediff::report::Kind;
use clausediff::Level;

use super::args::{DiffArgs, LevelArg, ReportFormat, ReportSettings};
use super::output::{self, emit};

fn level(l: LevelArg) -> Level {
    match l {
        LevelArg::Paragraph => Level::Paragraph,
        LevelArg::Sentence => Level::Sentence,
        LevelArg::Clause => Level::Clause,
    }
}

/// Parse `--ignore` kinds.
fn ignored(s: &ReportSettings) -> Result<Vec<Kind>> {
    s.ignore.iter().filter(|k| !k.trim().is_empty()).map(|k| Ok(k.parse::<Kind>()?)).collect()
}

/// Render a view in the chosen format, write it, and return the exit code
/// (1 when findings are reported, 0 otherwise).
pub fn finish(mut view: View, s: &ReportSettings) -> Result<i32> {
    let ignore = ignored(s)?;
    view.report = view.report.without(&ignore);
    let width = s.width.unwrap_or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(120));
    let text = match s.format {
        ReportFormat::Table => report_table(&view, &DisplayOptions { width }),
        ReportFormat::Json => view.report.to_json(),
    };
    emit(&text, s.output.as_deref())?;
    Ok(if view.report.findings.is_empty() { 0 } else { 1 })
}

/// Run `diff`.
pub fn diff(a: &DiffArgs) -> Result<i32> {
    ignored(&a.report)?;
    let enc = a.report.encoding.as_deref();
    let old = output::load(&a.old, enc, output::lang(a.old_lang.as_deref())?)?;
    let new = output::load(&a.new, enc, output::lang(a.new_lang.as_deref())?)?;
    let opts = DiffOptions { level: level(a.level), ..Default::default() };
    let result = diff_releases(&old, &new, &opts)?;
    finish(result.view(&old, &new), &a.report)
}
