//! `clausediff train`: learn the omission model's weights from parallel
//! texts, with the cross-validated figures of each corpus.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::ValueEnum;
use clausediff::align::bead::{check_ranges, parse_beads};
use clausediff::check::omission::features::{N, NAMES, WITHOUT_ENCODER_LEFT_OUT};
use clausediff::check::omission::model::OmissionModel;
use clausediff::check::omission::train::{
    balance, cross_validate, examples, fit, leave_out, leave_out_members, side_figures, Corpus, Example, Examples,
    Heldout, Pair, SideExample, SideFigures, TrainOptions, Weighing,
};
use clausediff::check::omission::{Hmm, SurprisePrior};
use clausediff::check::CheckOptions;
use clausediff::{Document, LoadOptions};

use super::args::{TrainArgs, Weigh};
use super::output::{self, emit, Inputs};

/// Run `train`.
pub fn run(a: &TrainArgs) -> Result<i32> {
    let corpora = merged(a.corpora.iter().map(|c| corpus(c)).collect::<Result<_>>()?);
    let inputs = Inputs::of(
        a.corpora.iter().flat_map(|c| paths(c).into_iter().flatten()).collect::<Vec<_>>().iter().map(PathBuf::as_path),
    );
    inputs.guard(Some(&a.output))?;
    let hmm = a.hmm.as_deref().map_or(Ok(Hmm::BUILT_IN), hmm_settings)?;
    let surprise_prior = SurprisePrior::new(a.surprise_prior)?;
    let (model, note) = output::model(&a.model.uncached())?;
    let Some(model) = model else {
        bail!("training needs the sentence-embedding model ({})", note.unwrap_or_default());
    };
    let mut learnt = Vec::new();
    for with_model in [true, false] {
        // The examples are aligned as `check` aligns (with the model, its
        // word links inside paragraphs), but with the built-in values of
        // every pair (learnt pair values made Text+Berg's examples fewer
        // and the held-out Tianjin log-loss worse: docs/diff.md).
        let check = CheckOptions::default();
        let mut align = if with_model { check.with_model(model.clone()).align } else { check.align };
        align.builtin_costs = true;
        let opts =
            TrainOptions { every: a.every, clause_share: 0.5, seed: a.seed, round: 0, align, hmm, surprise_prior };
        learnt.push(learn(&corpora, &opts, with_model, a)?);
    }
    let report: String = learnt.iter().map(|l| l.report.as_str()).collect();
    let table = format!("model\tcorpus\tversion_side\tlabel\t{}\n", NAMES.join("\t"))
        + &learnt.iter().map(|l| l.table.as_str()).collect::<String>();
    let provenance = format!(
        "clausediff train --every {}{} --seed {} --lambda {} --weigh {} --hmm {},{},{} --surprise-prior {} on {}.\n{report}",
        a.every,
        if a.rounds > 1 { format!(" --rounds {}", a.rounds) } else { String::new() },
        a.seed,
        a.lambda,
        a.weigh.to_possible_value().map_or_else(String::new, |v| v.get_name().to_string()),
        hmm.sharpness,
        hmm.decay,
        hmm.untranslated,
        surprise_prior.occurrences(),
        a.corpora.join(" ")
    );
    let [with, without] = &learnt[..] else { bail!("two sets of weights are learnt, with the encoder and without") };
    let m = OmissionModel {
        features: NAMES.iter().map(|s| s.to_string()).collect(),
        with_model: with.weights.to_vec(),
        without_model: without.weights.to_vec(),
        provenance,
    };
    emit(&(serde_json::to_string_pretty(&m)? + "\n"), Some(&a.output), &inputs)?;
    if let Some(path) = &a.examples {
        emit(&table, Some(path), &inputs)?;
    }
    emit(&report, None, &inputs)?;
    Ok(0)
}

/// What one configuration (with the encoder or without) learns.
struct Learnt {
    /// The candidates' weights.
    weights: [f64; N],
    /// The weights and their cross-validated figures, as text.
    report: String,
    /// The candidates' examples, one a line (`--examples`).
    table: String,
}

/// Learn one configuration's weights from `corpora`, the examples made as
/// `opts` says.
fn learn(corpora: &[Corpus], opts: &TrainOptions, with_model: bool, a: &TrainArgs) -> Result<Learnt> {
    let (mut sets, mut whole) = gathered(corpora, opts, a.rounds)?;
    if !with_model {
        leave_out(&mut sets, &WITHOUT_ENCODER_LEFT_OUT);
        leave_out_members(&mut whole, &WITHOUT_ENCODER_LEFT_OUT);
    }
    balance(&mut sets, weighing(a.weigh));
    let table = table_of(with_model, &sets);
    let all: Vec<Example> = sets.iter().flat_map(|(_, e)| e.clone()).collect();
    let weights = fit(&all, a.lambda)?;
    let cv = cross_validate(&sets, a.lambda, weighing(a.weigh))?;
    // The sides are read on the probabilities each corpus gets from the
    // candidates' weights learnt without it.
    let held: Vec<[f64; N]> = cv.iter().map(|(_, w)| *w).collect();
    let sides = side_figures(&whole, &held);
    let cv: Vec<Heldout> = cv.into_iter().map(|(h, _)| h).collect();
    let report = describe(with_model, &sets, &weights, &cv) + &describe_sides(&sides);
    Ok(Learnt { weights, report, table })
}

/// Each corpus's examples, damaged in `rounds` rounds: its candidates, and
/// the sides of its beads as wholes.
type Gathered = (Vec<(String, Vec<Example>)>, Vec<(String, Vec<SideExample>)>);

/// The examples of every corpus, over `rounds` rounds of damage (round r
/// with seed `opts.seed` + r).
fn gathered(corpora: &[Corpus], opts: &TrainOptions, rounds: u64) -> Result<Gathered> {
    let (mut sets, mut whole) = (Vec::new(), Vec::new());
    for c in corpora {
        let mut ex = Examples::default();
        for round in 0..rounds {
            let opts = TrainOptions { seed: opts.seed.wrapping_add(round), round: round as usize, ..opts.clone() };
            ex.extend(examples(c, &opts)?);
        }
        sets.push((c.name.clone(), ex.candidates));
        whole.push((c.name.clone(), ex.sides));
    }
    Ok((sets, whole))
}

/// The candidates' examples of one configuration, one a line
/// (`--examples`): configuration, corpus, side, label, features.
fn table_of(with_model: bool, sets: &[(String, Vec<Example>)]) -> String {
    let mut table = String::new();
    for (name, ex) in sets {
        for e in ex {
            let f: Vec<String> = e.features.iter().map(|x| format!("{x:.5}")).collect();
            table.push_str(&format!("{with_model}\t{name}\t{}\t{}\t{}\n", e.added as u8, e.label as u8, f.join("\t")));
        }
    }
    table
}

/// The library's weighing of the examples for the flag's.
fn weighing(w: Weigh) -> Weighing {
    match w {
        Weigh::Examples => Weighing::Examples,
        Weigh::Corpora => Weighing::Corpora,
    }
}

/// The word-order model's settings written SHARPNESS,DECAY,UNTRANSLATED.
fn hmm_settings(text: &str) -> Result<Hmm> {
    let v: Vec<Option<f64>> = text.split(',').map(|x| x.trim().parse().ok()).collect();
    let [Some(sharpness), Some(decay), Some(untranslated)] = v[..] else {
        bail!("--hmm {text}: three numbers are expected, SHARPNESS,DECAY,UNTRANSLATED (e.g. 10,1,0.4)");
    };
    Ok(Hmm::new(sharpness, decay, untranslated)?)
}

/// The weights and the cross-validated figures of one configuration.
fn describe(with_model: bool, sets: &[(String, Vec<Example>)], w: &[f64; N], cv: &[Heldout]) -> String {
    let mut s = format!("{} the sentence-embedding model:\n", if with_model { "With" } else { "Without" });
    let weights: Vec<String> = NAMES.iter().zip(w).map(|(n, v)| format!("{n} {v:.3}")).collect();
    s.push_str(&format!("  weights: {}\n", weights.join(", ")));
    for ((name, ex), h) in sets.iter().zip(cv) {
        let curve: Vec<String> = h.curve.iter().map(|(t, p, r)| format!("{t:.1}: {p:.3}/{r:.3}")).collect();
        s.push_str(&format!(
            "  {name}: {} examples, {} positive; held out: log-loss {:.4}; precision/recall at {}\n",
            ex.len(),
            h.positives,
            h.log_loss,
            curve.join(", ")
        ));
    }
    s
}

/// How the sides of each corpus are told apart, held out: by the
/// likeliest candidate alone, and by the chance that any lacks its
/// counterpart (`check` reads the master's sides so).
fn describe_sides(figures: &[SideFigures]) -> String {
    let mut s = String::new();
    for f in figures {
        let at = |h: &Heldout| {
            let curve: Vec<String> = h.curve.iter().map(|(t, p, r)| format!("{t:.1}: {p:.3}/{r:.3}")).collect();
            format!("log-loss {:.4}, precision/recall at {}", h.log_loss, curve.join(", "))
        };
        let side = if f.added { "version" } else { "master" };
        s.push_str(&format!(
            "  {} {side} sides: {} cases, {} damaged; held out, the likeliest candidate: {}; any candidate: {}\n",
            f.likeliest.corpus,
            f.likeliest.examples,
            f.likeliest.positives,
            at(&f.likeliest),
            at(&f.any)
        ));
    }
    s
}

/// Corpora of one name joined into one, in the order first given.
pub(crate) fn merged(corpora: Vec<Corpus>) -> Vec<Corpus> {
    let mut out: Vec<Corpus> = Vec::new();
    for c in corpora {
        match out.iter_mut().find(|o| o.name == c.name) {
            Some(o) => o.pairs.extend(c.pairs),
            None => out.push(c),
        }
    }
    out
}

/// The three paths of `NAME=SRC:TGT:GOLD`.
fn paths(spec: &str) -> Option<[PathBuf; 3]> {
    let (_, rest) = spec.split_once('=')?;
    let mut parts = rest.split(':');
    let (s, t, g) = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then(|| [PathBuf::from(s), PathBuf::from(t), PathBuf::from(g)])
}

/// The corpus `NAME=SRC:TGT:GOLD`: files, or the files of three
/// directories paired by name (one unit a line, gold beads).
pub(crate) fn corpus(spec: &str) -> Result<Corpus> {
    let name = spec.split_once('=').map(|(n, _)| n.to_string()).context("expected NAME=SRC:TGT:GOLD")?;
    let [src, tgt, gold] = paths(spec).with_context(|| format!("{spec}: expected NAME=SRC:TGT:GOLD"))?;
    let files: Vec<(PathBuf, PathBuf)> =
        if src.is_dir() { super::align_cmd::pair_files(&src, &tgt)? } else { vec![(src, tgt)] };
    let golds = if gold.is_dir() { super::output::dir_files(&gold)? } else { vec![gold.clone()] };
    // A language detection cannot tell is trained as `und`; every other
    // refusal (empty, binary, undecodable) stands.
    let opts = LoadOptions { undetected: Some(clausediff::Lang::Other), ..Default::default() };
    let load = |p: &Path| -> Result<Document> { Ok(Document::load(p, &opts)?) };
    let pairs = files
        .iter()
        .map(|(s, t)| {
            let stem = super::output::stem(s);
            let g = if gold.is_dir() { golds.iter().find(|g| super::output::stem(g) == stem) } else { golds.first() };
            let g = g.with_context(|| format!("no gold beads for {}", s.display()))?;
            let text = clausediff::document::read_text(g)?;
            let beads = parse_beads(&text).with_context(|| format!("in {}", g.display()))?;
            let (master, version) = (load(s)?, load(t)?);
            let units = |d: &Document| super::learn_cmd::lines(d).len();
            check_ranges(&beads, units(&master), units(&version)).with_context(|| {
                format!("{} does not fit {} and {} (one unit a line)", g.display(), s.display(), t.display())
            })?;
            Ok(Pair { master, version, gold: beads })
        })
        .collect::<Result<_>>()?;
    Ok(Corpus { name, pairs })
}
