//! `clausediff terms` and `clausediff concord`.

use anyhow::{bail, Result};
use clausediff::align::{align_versions, MultiAlignment};
use clausediff::render::view::View;
use clausediff::render::{report_table, wrap};
use clausediff::terms::extract::{extract, Candidate, ExtractOptions};
use clausediff::terms::{analyse, concord as concordance, Concordance, Entry, Glossary, TermSummary};
use clausediff::Level;
use clausediff::{Document, Lang};
use serde::Serialize;

use super::args::{ConcordArgs, ConcordFormat, ReportFormat, TermsArgs};
use super::output::{emit, Inputs};
use super::report_cmd::{finish, ignored, load_versions};

fn table(header: Vec<String>, rows: Vec<Vec<String>>) -> String {
    let mut t = clausediff::render::Grid::new(header);
    for r in rows {
        t.push(r);
    }
    t.render() + "\n"
}

fn width(w: Option<u16>) -> usize {
    w.unwrap_or_else(super::align_cmd::terminal_width) as usize
}

/// The per-term summary as a table.
fn summary_table(terms: &[TermSummary], labels: &[String], cols: usize) -> String {
    let mut header = vec!["term".to_string(), "n".to_string()];
    header.extend(labels.iter().cloned());
    // borders and padding: 3 columns per cell plus one; the term column is 16 wide, the count 4
    let frame = 3 * (2 + labels.len()) + 1 + 16 + 4;
    let col = (cols.saturating_sub(frame) / labels.len().max(1)).max(12);
    let rows = terms
        .iter()
        .map(|t| {
            let mut row = vec![wrap(&t.term, 16), t.occurrences.to_string()];
            for l in labels {
                let cell = match t.versions.iter().find(|v| &v.version == l) {
                    None => "—".to_string(),
                    Some(v) => {
                        let mut parts: Vec<String> = v.renderings.iter().map(|(r, c)| format!("{r} ×{c}")).collect();
                        if v.several > 0 {
                            parts.push(format!("several at once ×{}", v.several));
                        }
                        if v.missing > 0 {
                            parts.push(format!("MISSING ×{}", v.missing));
                        }
                        if v.unaligned > 0 {
                            parts.push(format!("(no counterpart ×{})", v.unaligned));
                        }
                        if !v.consistent {
                            parts.push("inconsistent".to_string());
                        }
                        parts.join("; ")
                    }
                };
                row.push(wrap(&cell, col));
            }
            row
        })
        .collect();
    table(header, rows)
}

#[derive(Serialize)]
struct TermsJson<'a> {
    #[serde(flatten)]
    report: &'a clausediff::report::Report,
    terms: &'a [TermSummary],
}

/// Run `terms`.
pub fn terms(a: &TermsArgs) -> Result<i32> {
    ignored(&a.report)?;
    let (master, versions, inputs) = load_versions(
        &a.versions,
        (a.report.output.as_deref(), a.report.encoding.as_deref()),
        a.glossary.as_deref(),
        Level::Sentence,
    )?;
    let glossary = a.glossary.as_deref().map(|g| super::output::glossary(g, master.lang)).transpose()?;
    let refs: Vec<&Document> = versions.iter().collect();
    // What extraction needs is checked before the (slow) alignment.
    let targets = if glossary.is_none() { extraction_targets(&master, &refs)? } else { Vec::new() };
    let (opts, note) = super::output::check_options(Level::Sentence, &a.versions)?;
    let aligned = align_versions(&master, &refs, &opts.align)?;
    let mut all = vec![&master];
    all.extend(refs.iter().copied());
    let mut notes = aligned.notes(&Document::labels(&all)[1..]);
    let Some(glossary) = glossary else {
        super::output::notes_to_stderr("", note.iter().chain(&notes));
        return extract_terms(a, &master, &targets, &aligned, &inputs);
    };
    let result = analyse(&master, &refs, &aligned, &glossary);
    notes.extend(note);
    let report = clausediff::report::Report::new(
        clausediff::report::DocRef::of(&master),
        refs.iter().map(|d| clausediff::report::DocRef::of(d)).collect(),
        result.findings.clone(),
        notes,
    );
    let view = View::of_versions(&aligned, &master, &refs, report);
    report_terms(a, view, &result.terms, &inputs)
}

/// The glossary's terms in the chosen format: the findings with, in JSON
/// and the table, the summary of every term.
fn report_terms(a: &TermsArgs, mut view: View, terms: &[TermSummary], inputs: &Inputs) -> Result<i32> {
    let text = match a.report.format {
        ReportFormat::Html | ReportFormat::Csv | ReportFormat::Xlsx => return finish(view, &a.report, inputs),
        ReportFormat::Json => {
            view.report = view.report.without(&ignored(&a.report)?);
            serde_json::to_string_pretty(&TermsJson { report: &view.report, terms })? + "\n"
        }
        ReportFormat::Table => {
            let labels: Vec<String> =
                terms.first().map(|t| t.versions.iter().map(|v| v.version.clone()).collect()).unwrap_or_default();
            let summary = summary_table(terms, &labels, width(a.report.display.width));
            view.report = view.report.without(&ignored(&a.report)?);
            let findings = report_table(
                &view,
                &super::report_cmd::display(
                    &a.report.display,
                    a.report.output.is_none() && super::report_cmd::stdout_is_terminal(),
                ),
            );
            summary + "\n" + &findings
        }
    };
    emit(&text, a.report.output.as_deref(), inputs)?;
    Ok(if view.report.findings.is_empty() { 0 } else { 1 })
}

/// The versions terms are extracted from, with their index: the first
/// English and the first Russian version (one glossary column per
/// language). An error when extraction cannot run.
fn extraction_targets<'a>(master: &Document, versions: &[&'a Document]) -> Result<Vec<(usize, &'a Document)>> {
    if !master.lang.is_chinese() {
        bail!("--extract needs a Chinese master");
    }
    let mut targets: Vec<(usize, &Document)> = Vec::new();
    for (k, v) in versions.iter().copied().enumerate() {
        if matches!(v.lang, Lang::En | Lang::Ru) && !targets.iter().any(|(_, t)| t.lang == v.lang) {
            targets.push((k, v));
        }
    }
    if targets.is_empty() {
        bail!("--extract needs an English or Russian version");
    }
    Ok(targets)
}

/// `terms --extract`: candidate pairs from the master and each English or
/// Russian version, printed ranked and, with `-o`, written as one glossary
/// (entries joined on the Chinese term).
fn extract_terms(
    a: &TermsArgs,
    master: &Document,
    targets: &[(usize, &Document)],
    aligned: &MultiAlignment,
    inputs: &Inputs,
) -> Result<i32> {
    let mut g = Glossary { langs: vec![master.lang], entries: Vec::new() };
    if master.lang == Lang::ZhHant {
        g.langs.push(Lang::ZhHans);
    }
    let mut listing = String::new();
    let mut all = Vec::new();
    for &(k, target) in targets {
        let pairs = aligned.unit_pairs(master, target, k);
        let cands = extract(&pairs, target.lang, &ExtractOptions { top: a.top, ..Default::default() })?;
        g.langs.push(target.lang);
        for c in &cands {
            add_candidate(&mut g, master.lang, target.lang, c);
        }
        listing.push_str(&render_candidates(a, master, target, &cands));
        all.push(serde_json::json!({ "version": target.lang.tag(), "candidates": cands }));
    }
    if let Some(path) = &a.report.output {
        let text = match path.extension().and_then(|e| e.to_str()) {
            Some("tbx") | Some("xml") => g.to_tbx(),
            Some("csv") => g.to_csv(),
            _ => g.to_tsv(),
        };
        emit(&text, Some(path), inputs)?;
        let done = format!("{} candidate entries written to {}\n", g.entries.len(), path.display());
        emit(&done, None, inputs)?;
        return Ok(0);
    }
    let text = match a.report.format {
        ReportFormat::Json => serde_json::to_string_pretty(&all)? + "\n",
        _ => listing,
    };
    emit(&text, None, inputs)?;
    Ok(0)
}

/// Add candidate `c` (master language → `target`) to the glossary: to the
/// entry of its Chinese term, or a new one.
fn add_candidate(g: &mut Glossary, master: Lang, target: Lang, c: &Candidate) {
    let idx = match g.entries.iter().position(|e| e.forms(master).first() == Some(&c.source)) {
        Some(i) => i,
        None => {
            let mut e = Entry::default();
            e.forms.push((master, vec![c.source.clone()]));
            if master == Lang::ZhHant {
                e.forms.push((Lang::ZhHans, vec![clausediff::text::convert::to_simplified(&c.source)]));
            }
            g.entries.push(e);
            g.entries.len() - 1
        }
    };
    let e = &mut g.entries[idx];
    // The rendering first, then the others the versions use for the term.
    let forms = std::iter::once(&c.target).chain(&c.variants).cloned().collect();
    e.forms.push((target, forms));
    let note = format!(
        "{}: confidence {:.2}, score {:.3}, Dice {:.3}, {} unit pairs",
        target, c.confidence, c.score, c.dice, c.cooccurrences
    );
    e.note = if e.note.is_empty() { format!("candidate; {note}") } else { format!("{}; {note}", e.note) };
}

fn render_candidates(a: &TermsArgs, master: &Document, target: &Document, cands: &[Candidate]) -> String {
    let w = width(a.report.display.width);
    let term = 16.min(w / 8).max(8);
    let col = w.saturating_sub(2 * term + 30).max(16);
    let rows = cands
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let rendering = match c.variants.first() {
                Some(v) => format!("{} (also {v})", c.target),
                None => c.target.clone(),
            };
            vec![
                (i + 1).to_string(),
                wrap(&c.source, term),
                wrap(&rendering, term),
                format!("{:.2}", c.confidence),
                c.cooccurrences.to_string(),
                wrap(&c.example.1, col),
            ]
        })
        .collect();
    let header = ["#", master.lang.tag(), target.lang.tag(), "conf.", "n", "example"].map(str::to_string).to_vec();
    table(header, rows)
}

/// Run `concord`.
pub fn concord(a: &ConcordArgs) -> Result<i32> {
    if a.term.trim().is_empty() {
        bail!("the term is empty");
    }
    let (master, versions, inputs) =
        load_versions(&a.versions, (a.output.as_deref(), a.encoding.as_deref()), None, Level::Sentence)?;
    let refs: Vec<&Document> = versions.iter().collect();
    let (opts, note) = super::output::check_options(Level::Sentence, &a.versions)?;
    let aligned = align_versions(&master, &refs, &opts.align)?;
    let mut all = vec![&master];
    all.extend(refs.iter().copied());
    super::output::notes_to_stderr("", note.iter().chain(&aligned.notes(&Document::labels(&all)[1..])));
    let c = concordance(&a.term, &master, &refs, &aligned);
    let text = match a.format {
        ConcordFormat::Json => serde_json::to_string_pretty(&c)? + "\n",
        ConcordFormat::Tsv => clausediff::render::concord_tsv(&c),
        ConcordFormat::Html => clausediff::render::concord_html(&c),
        ConcordFormat::Table => concord_table(&c, width(a.width)),
    };
    emit(&text, a.output.as_deref(), &inputs)?;
    Ok(if c.lines.is_empty() { 1 } else { 0 })
}

/// The concordance as a table: the occurrence in context, then the aligned
/// text of every document.
fn concord_table(c: &Concordance, w: usize) -> String {
    let n = c.documents.len();
    let frame = 3 * (2 + n) + 1 + 4;
    let col = (w.saturating_sub(frame) / (n + 1)).max(12);
    let mut header = vec!["#".to_string(), "in context".to_string()];
    header.extend(c.lines.first().map_or_else(
        || c.documents.iter().map(|d| d.lang.clone()).collect(),
        |l| l.aligned.iter().map(|x| x.version.clone()).collect::<Vec<_>>(),
    ));
    let rows = c
        .lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let kwic = format!("{} [{}] {}", tail(&l.left, 30), l.term, head(&l.right, 30));
            let mut row = vec![(i + 1).to_string(), wrap(&format!("{}: {kwic}", l.found_in), col)];
            row.extend(l.aligned.iter().map(|x| x.text.as_deref().map_or("—".to_string(), |t| wrap(t, col))));
            row
        })
        .collect();
    table(header, rows) + &format!("{} occurrence(s) of {}\n", c.lines.len(), c.term)
}

fn tail(s: &str, n: usize) -> String {
    let c: Vec<char> = s.chars().collect();
    let start = c.len().saturating_sub(n);
    let prefix = if start > 0 { "…" } else { "" };
    format!("{prefix}{}", c[start..].iter().collect::<String>())
}

fn head(s: &str, n: usize) -> String {
    let c: Vec<char> = s.chars().collect();
    let suffix = if c.len() > n { "…" } else { "" };
    format!("{}{suffix}", c[..c.len().min(n)].iter().collect::<String>())
}
