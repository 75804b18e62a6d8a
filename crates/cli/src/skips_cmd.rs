//! `clausediff train-skips`: fit how the sentence encoder's evidence moves
//! the cost of a unit without counterpart (`clausediff::align::skips`) and
//! of a merged bead that a unit dilutes (`clausediff::align::dilution`),
//! on all the corpora and without each of them in turn.

use anyhow::{bail, Result};
use clausediff::align::bead::IdBead;
use clausediff::align::dilution::{self, DilutionExample};
use clausediff::align::skips::{examples, fit, SkipExample, SkipFit};
use clausediff::align::Side;
use clausediff::check::omission::train::Corpus;
use clausediff::AlignOptions;

use super::args::TrainSkipsArgs;
use super::learn_cmd::lines;
use super::output::{self, emit, Inputs};
use super::train_cmd::{corpus, merged};

/// Run `train-skips`: print the fit on every corpus together, and the fit
/// without each corpus (what a held-out figure of that corpus is made with).
pub fn run(a: &TrainSkipsArgs) -> Result<i32> {
    let corpora = merged(a.corpora.iter().map(|c| corpus(c)).collect::<Result<_>>()?);
    let (model, note) = output::model(&a.model.uncached())?;
    let Some(model) = model else {
        bail!("fitting the skip evidence needs the sentence-embedding model ({})", note.unwrap_or_default());
    };
    // The fit is made on the built-in values of every pair, as it was chosen.
    let align = AlignOptions { builtin_costs: true, ..AlignOptions::default() }.with_model(model);
    let sets: Vec<(String, Vec<SkipExample>)> =
        corpora.iter().map(|c| (c.name.clone(), of_corpus(c, &align, examples))).collect();
    let mut report = String::new();
    for (name, ex) in &sets {
        let alone = ex.iter().filter(|e| e.alone).count();
        report.push_str(&format!("{name}: {} units, {alone} alone in the gold\n", ex.len()));
    }
    report.push_str(&each_held_out(&sets, "", |e| describe("skip", fit(e))));
    report.push_str(&dilution_report(&corpora, &align));
    emit(&report, None, &Inputs::of(std::iter::empty()))?;
    Ok(0)
}

/// The examples `of_pair` makes of every pair of a corpus, one unit a line.
fn of_corpus<T>(
    c: &Corpus,
    align: &AlignOptions,
    of_pair: impl Fn(&Side<'_>, &Side<'_>, &[IdBead], &AlignOptions) -> Vec<T>,
) -> Vec<T> {
    let mut out = Vec::new();
    for pair in &c.pairs {
        let (m, v) = (lines(&pair.master), lines(&pair.version));
        let src = Side::new(m, pair.master.lang);
        let tgt = Side::new(v, pair.version.lang);
        out.extend(of_pair(&src, &tgt, &pair.gold, &align.for_pair(src.lang, tgt.lang)));
    }
    out
}

/// `fit` of the examples of every corpus together, then of those of every
/// corpus but one, for each (a line each, after `label`).
fn each_held_out<E: Copy>(sets: &[(String, Vec<E>)], label: &str, fit: impl Fn(&[E]) -> String) -> String {
    let all: Vec<E> = sets.iter().flat_map(|(_, e)| e.iter().copied()).collect();
    let mut report = format!("{label}all: {}\n", fit(&all));
    for (k, (name, _)) in sets.iter().enumerate() {
        let rest: Vec<E> =
            sets.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, (_, e))| e.iter().copied()).collect();
        report.push_str(&format!("{label}without {name}: {}\n", fit(&rest)));
    }
    report
}

/// A fit as the `--set` arguments `PREFIX_slope` and `PREFIX_centre` for
/// `eval` and `align`.
fn describe(prefix: &str, f: Option<SkipFit>) -> String {
    match f {
        Some(f) => format!(
            "--set {prefix}_slope={:.3} --set {prefix}_centre={:.3} (base rate {:.4})",
            f.slope, f.centre, f.base_rate
        ),
        None => "no fit (no unit alone, or the evidence points the other way)".to_string(),
    }
}

/// The fit of the dilution evidence (`clausediff::align::dilution`) on
/// every corpus together and without each in turn.
fn dilution_report(corpora: &[Corpus], align: &AlignOptions) -> String {
    let sets: Vec<(String, Vec<DilutionExample>)> =
        corpora.iter().map(|c| (c.name.clone(), of_corpus(c, align, dilution::examples))).collect();
    let mut report = String::new();
    for (name, ex) in &sets {
        let alone = ex.iter().filter(|e| e.alone).count();
        let diluted = ex.iter().filter(|e| !e.alone && e.gain > 0.0).count();
        let diluted_alone = ex.iter().filter(|e| e.alone && e.gain > 0.0).count();
        report.push_str(&format!(
            "{name}: {} gold merged beads ({diluted} with a gain above 0), {alone} beads of an alone unit joined to a neighbour bead ({diluted_alone})\n",
            ex.len() - alone
        ));
    }
    report.push_str(&each_held_out(&sets, "dilution, ", |e| describe("dilution", dilution::fit(e))));
    report
}
