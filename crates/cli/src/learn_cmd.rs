//! `clausediff train-align`: learn the aligner's priors and signal weights
//! from gold alignments (`clausediff::align::learn`), and score each corpus
//! with the parameters learnt without it, beside the built-in ones.

use anyhow::{bail, Result};
use clausediff::align::eval::{count, score, Counts};
use clausediff::align::learn::{learn, theta_of, with_theta, Example, LearnOptions, Theta, PARAMS};
use clausediff::align::pairs::{apply_chosen, learnt_for, reversed};
use clausediff::align::{align_units, CostOptions, Side};
use clausediff::check::omission::train::Corpus;
use clausediff::{AlignOptions, Document, Lang};

use super::args::TrainAlignArgs;
use super::output::{self, emit, Inputs};
use super::train_cmd::{corpus, merged};

/// Run `train-align`.
pub fn run(a: &TrainAlignArgs) -> Result<i32> {
    if !(a.rate > 0.0 && a.rate <= 1.0) {
        bail!("--rate {}: must be more than 0 and at most 1 (the largest relative step of a parameter)", a.rate);
    }
    let corpora = merged(a.corpora.iter().map(|c| corpus(c)).collect::<Result<_>>()?);
    // Every fold starts from the built-in values (with those set), none
    // learnt for a pair; a kind of pair with settings chosen for it (not
    // learnt: the hubness's neighbours, bead shapes, dilution, the side
    // prior) is learnt under them.
    let start = AlignOptions { builtin_costs: true, ..AlignOptions::default() };
    let (mut base, note) = output::configured_with(start, &a.set, || output::model(&a.model.uncached()))?;
    let chosen = chosen_settings(&corpora, &mut base);
    let lo = LearnOptions { epochs: a.epochs, rate: a.rate };
    let lines: Vec<Vec<(Vec<&str>, Vec<&str>)>> = corpora.iter().map(units).collect();
    let mut report = String::new();
    if let Some(n) = note {
        report.push_str(&format!("note: {n}\n"));
    }
    if !chosen.is_empty() {
        report.push_str(&format!("note: settings chosen for this kind of language pair: {}\n", chosen.join(", ")));
    }
    let sets: Vec<Vec<Example<'_>>> =
        corpora.iter().zip(&lines).map(|(c, l)| examples(c, l, &base.costs, &mut report)).collect();
    let all: Vec<&Example<'_>> = sets.iter().flatten().collect();
    let learnt = learn(&all, &base, &lo);
    report.push_str(&format!("all: {}\n", as_set(&learnt)));
    report.push_str(&format!("built in: {}\n", as_set(&theta_of(&base))));
    for (k, c) in corpora.iter().enumerate() {
        let rest: Vec<&Example<'_>> =
            sets.iter().enumerate().filter(|(j, _)| *j != k).flat_map(|(_, s)| s.iter()).collect();
        let held = learn(&rest, &base, &lo);
        let (before, after) = (f1(&sets[k], c, &base), f1(&sets[k], c, &with_theta(&base, &held)));
        report.push_str(&format!(
            "{}: strict F1 {before:.3} built in, {after:.3} learnt without it ({})\n",
            c.name,
            as_set(&held)
        ));
    }
    emit(&report, None, &Inputs::of(std::iter::empty()))?;
    Ok(0)
}

/// Put into `opts` the settings chosen for the kind of language pair of
/// every pair of `corpora` (`pairs::apply_chosen`), when they are all of
/// one kind and one way round (a setting of a direction changes sign the
/// other way round); the keys put.
fn chosen_settings(corpora: &[Corpus], opts: &mut AlignOptions) -> Vec<&'static str> {
    let mut kinds = corpora.iter().flat_map(|c| &c.pairs).map(|p| (p.master.lang, p.version.lang));
    let Some((src, tgt)) = kinds.next() else { return Vec::new() };
    let kind = |(s, t): (Lang, Lang)| learnt_for(s, t).map(|l| (l as *const _, reversed(l, s, t)));
    let one_kind = kind((src, tgt)).is_some() && kinds.all(|k| kind(k) == kind((src, tgt)));
    if one_kind {
        apply_chosen(opts, src, tgt)
    } else {
        Vec::new()
    }
}

/// The units of every pair of a corpus: non-blank lines, trimmed.
fn units(c: &Corpus) -> Vec<(Vec<&str>, Vec<&str>)> {
    c.pairs.iter().map(|p| (lines(&p.master), lines(&p.version))).collect()
}

/// The units of a presegmented document: its non-blank lines, trimmed.
pub(crate) fn lines(d: &Document) -> Vec<&str> {
    d.text.lines().map(str::trim).filter(|l| !l.is_empty()).collect()
}

/// The pairs of a corpus as examples; the gold beads that cannot be
/// compared are counted in `report`.
fn examples<'a>(
    c: &'a Corpus,
    lines: &'a [(Vec<&'a str>, Vec<&'a str>)],
    costs: &CostOptions,
    report: &mut String,
) -> Vec<Example<'a>> {
    let mut out = Vec::new();
    let mut left = 0;
    for (p, (s, t)) in c.pairs.iter().zip(lines) {
        let ex =
            Example::new(Side::new(s.clone(), p.master.lang), Side::new(t.clone(), p.version.lang), &p.gold, costs);
        left += p.gold.len() - ex.gold.len();
        out.push(ex);
    }
    if left > 0 {
        report.push_str(&format!(
            "{}: {left} gold beads not compared (ids not a run, a unit in two beads, or a shape the search does not make)\n",
            c.name
        ));
    }
    out
}

/// Strict F1 of aligning `ex` (the pairs of `c`) with `opts`, each pair
/// with the options of its language pair, against the whole gold.
fn f1(ex: &[Example<'_>], c: &Corpus, opts: &AlignOptions) -> f64 {
    let mut total = Counts::default();
    for (e, p) in ex.iter().zip(&c.pairs) {
        let o = opts.for_pair(e.src.lang, e.tgt.lang);
        let found: Vec<_> = align_units(&e.src, &e.tgt, &o)
            .alignment
            .beads
            .iter()
            .map(|b| (b.src.clone().collect(), b.tgt.clone().collect()))
            .collect();
        total += count(&found, &p.gold);
    }
    score(&total).strict_f1
}

/// Parameters as `--set` arguments.
fn as_set(t: &Theta) -> String {
    PARAMS.iter().zip(t).map(|(k, v)| format!("--set {k}={v:.3}")).collect::<Vec<_>>().join(" ")
}
