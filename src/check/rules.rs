//! The checks of one version against the master, bead by bead.

use super::runs::untranslated_runs;
use super::CheckOptions;
use crate::align::assoc::Assoc;
use crate::align::refine::{align_clauses, unmatched, Clauses};
use crate::align::semantic::Model;
use crate::align::{Bead, LengthModel, VersionAlignment};
use crate::document::Document;
use crate::report::{Finding, Kind};
use crate::segment::{Segmentation, Span};
use crate::text::is_han;
use crate::text::normalize;
use crate::text::numbers::{self, located};
use crate::text::words::content_words;

/// What the checks of one version found, and notes on what could not be checked.
pub(super) struct Found {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

struct Ctx<'a> {
    master: &'a Document,
    master_seg: &'a Segmentation,
    version: &'a Document,
    version_seg: &'a Segmentation,
    assoc: Option<Assoc>,
    label: &'a str,
    out: Vec<Finding>,
    notes: Vec<String>,
}

impl Ctx<'_> {
    /// A finding at master span `m` and version span `o`, with its kind's severity.
    fn push(&mut self, kind: Kind, m: Option<Span>, o: Option<Span>, message: String) {
        let mut f = Finding::new(kind, self.label, message);
        if let Some(m) = m {
            f = f.with_master(self.master, m);
        }
        if let Some(o) = o {
            f = f.with_other(self.version, o);
        }
        self.out.push(f);
    }
}

/// All findings for one version (aligned to the master as `a`).
pub(super) fn findings(
    (master, master_seg): (&Document, &Segmentation),
    (version, a): (&Document, &VersionAlignment),
    label: &str,
    opts: &CheckOptions,
) -> Found {
    let assoc = opts.align.model.as_ref().map(|_| learn((master, master_seg), (version, a)));
    let mut notes = Vec::new();
    if let Some(n) = assoc.as_ref().map(|x| x.left_out).filter(|&n| n > 0) {
        notes.push(format!("{n} aligned unit pair(s) too long to learn word associations from"));
    }
    let mut ctx = Ctx { master, master_seg, version, version_seg: &a.seg, assoc, label, out: Vec::new(), notes };
    let model = fitted(opts.align.length_model(master.lang, version.lang), (master, master_seg), (version, a));
    for b in &a.alignment.beads {
        match (master_seg.span_of(&b.src), a.seg.span_of(&b.tgt)) {
            (Some(ms), None) => ctx.push(Kind::Missing, Some(ms), None, format!("no counterpart in {label}")),
            (None, Some(os)) => {
                ctx.push(Kind::Added, None, Some(os), format!("{label} has no counterpart in the master"))
            }
            (Some(ms), Some(os)) => unit_pair(&mut ctx, b, (ms, os), &model, opts),
            (None, None) => {}
        }
    }
    Found { findings: ctx.out, notes: ctx.notes }
}

/// The checks of one bead with units on both sides (`ms` and `os`).
fn unit_pair(ctx: &mut Ctx<'_>, b: &Bead, (ms, os): (Span, Span), model: &LengthModel, opts: &CheckOptions) {
    numbers(ctx, ms, os);
    titles(ctx, ms, os);
    untranslated(ctx, ms, os);
    let (lm, lv) = (normalize::length(ms.text(&ctx.master.text)), normalize::length(os.text(&ctx.version.text)));
    let delta = model.delta(lm as f64, lv as f64);
    let before = ctx.out.len();
    // A master sentence with no counterpart can hide in a bead that joins
    // several master units when the version is wordy: search those too.
    let joined = b.src.len() > 1;
    let mut found = if delta.abs() > opts.clause_sigma || joined { clauses(ctx, b, opts) } else { false };
    if let Some(m) = &opts.align.model {
        found |= partial(ctx, m, (ms, os), delta, before, opts);
    }
    if !found && delta.abs() > opts.length_sigma {
        let what = if delta < 0.0 { "shorter" } else { "longer" };
        let msg = format!("{} is much {what} than the master here ({delta:+.1} σ of the length model)", ctx.label);
        ctx.push(Kind::Length, Some(ms), Some(os), msg);
    }
}

/// Runs of words with no translation on the other side, outside the clauses
/// already reported for this unit pair (findings from `before` on).
fn partial(
    ctx: &mut Ctx<'_>,
    m: &Model,
    (ms, os): (Span, Span),
    delta: f64,
    before: usize,
    opts: &CheckOptions,
) -> bool {
    let ro = opts.runs;
    let (master, version) = (ctx.master, ctx.version);
    let reported = |span: Span, out: &[Finding]| {
        out[before..].iter().any(|f| {
            f.kind == Kind::Missing && f.master.as_ref().is_some_and(|e| e.start < span.end && span.start < e.end)
        })
    };
    let Some(missing) = untranslated_runs(m, (master, ms), (version, os), -delta, &ro, ctx.assoc.as_ref()) else {
        ctx.notes.push(format!(
            "a unit pair at master bytes {}..{} has too many words to link; its words were not checked",
            ms.start, ms.end
        ));
        return false;
    };
    let mut found = false;
    for span in missing {
        if !reported(span, &ctx.out) {
            let msg = format!("words with no counterpart in {}", ctx.label);
            ctx.push(Kind::Missing, Some(span), None, msg);
            found = true;
        }
    }
    found
}

/// The pair's length model with its ratio fitted to this version: the
/// median length ratio of the aligned unit pairs, robust to the few pairs
/// that lack or add content. A translator who writes longer than the pair's
/// average would otherwise hide a deletion inside the expected length.
/// Unchanged with fewer than [`MIN_FIT_PAIRS`] unit pairs.
fn fitted(
    model: LengthModel,
    (master, master_seg): (&Document, &Segmentation),
    (version, a): (&Document, &VersionAlignment),
) -> LengthModel {
    let lengths: Vec<(f64, f64)> = a
        .alignment
        .beads
        .iter()
        .filter_map(|b| {
            let (ms, os) = (master_seg.span_of(&b.src)?, a.seg.span_of(&b.tgt)?);
            let lm = normalize::length(ms.text(&master.text)) as f64;
            let lv = normalize::length(os.text(&version.text)) as f64;
            Some((lm, lv))
        })
        .collect();
    model.fitted_ratio(&lengths, MIN_FIT_PAIRS)
}

/// Least number of aligned unit pairs to fit a version's length ratio on.
const MIN_FIT_PAIRS: usize = 20;

/// Word associations over the aligned unit pairs of `a`.
fn learn((master, master_seg): (&Document, &Segmentation), (version, a): (&Document, &VersionAlignment)) -> Assoc {
    let forms = |doc: &Document, span: Span| -> Vec<String> {
        content_words(span.text(&doc.text), doc.lang).into_iter().map(|w| w.form).collect()
    };
    let pairs: Vec<(Vec<String>, Vec<String>)> = a
        .alignment
        .beads
        .iter()
        .filter_map(|b| Some((forms(master, master_seg.span_of(&b.src)?), forms(version, a.seg.span_of(&b.tgt)?))))
        .collect();
    Assoc::learn(&pairs)
}

/// Numbers written in digits on one side must appear (in any form) on the other.
fn numbers(ctx: &mut Ctx<'_>, ms: Span, os: Span) {
    let mt = located(ms.text(&ctx.master.text), ctx.master.lang);
    let vt = located(os.text(&ctx.version.text), ctx.version.lang);
    let (missing, extra) = (numbers::unmatched(&mt, &vt), numbers::unmatched(&vt, &mt));
    if missing.is_empty() && extra.is_empty() {
        return;
    }
    let list = |v: &[u32]| v.iter().map(u32::to_string).collect::<Vec<_>>().join(", ");
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("master has {} not found in {}", list(&missing), ctx.label));
    }
    if !extra.is_empty() {
        parts.push(format!("{} has {} not in the master", ctx.label, list(&extra)));
    }
    ctx.push(Kind::Number, Some(ms), Some(os), parts.join("; "));
}

/// Capitalised multi-word names (Charter of the United Nations): how a title
/// without quotes looks in English or Russian.
fn has_capitalised_name(text: &str) -> bool {
    text.split_whitespace()
        .skip(1)
        .any(|w| crate::text::is_capitalised(w.trim_start_matches(|c: char| !c.is_alphanumeric())))
}

/// A quoted title 《…》 in the master should have a counterpart.
fn titles(ctx: &mut Ctx<'_>, ms: Span, os: Span) {
    let (mt, vt) = (ms.text(&ctx.master.text), os.text(&ctx.version.text));
    if !ctx.master.lang.is_chinese() {
        return;
    }
    let m = ctx.master.lang.quoted_titles(mt);
    let missing = if ctx.version.lang.is_chinese() {
        let v = ctx.version.lang.quoted_titles(vt);
        (m != v).then(|| format!("{m} quoted title(s) 《…》 in the master, {v} in {}", ctx.label))
    } else {
        (m > 0 && ctx.version.lang.quoted_titles(vt) == 0 && !has_capitalised_name(vt))
            .then(|| format!("the master quotes a title 《…》; {} has no quoted or capitalised title here", ctx.label))
    };
    if let Some(msg) = missing {
        ctx.push(Kind::Title, Some(ms), Some(os), msg);
    }
}

/// Chinese characters left in an English or Russian version.
fn untranslated(ctx: &mut Ctx<'_>, ms: Span, os: Span) {
    if ctx.version.lang.is_chinese() {
        return;
    }
    let text = os.text(&ctx.version.text);
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (is_han(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let run = &text[s..i];
                if run.chars().count() >= 2 {
                    let span = Span::new(os.start + s, os.start + i);
                    let msg = format!("Chinese text left untranslated: {run}");
                    ctx.push(Kind::Untranslated, Some(ms), Some(span), msg);
                }
                start = None;
            }
            _ => {}
        }
    }
}

/// Inside a unit pair whose lengths disagree, align the clauses and report
/// clauses with no counterpart. Returns whether any was found.
fn clauses(ctx: &mut Ctx<'_>, b: &Bead, opts: &CheckOptions) -> bool {
    let mc = Clauses::of(ctx.master, ctx.master_seg, &b.src);
    let vc = Clauses::of(ctx.version, ctx.version_seg, &b.tgt);
    if mc.spans.len() + vc.spans.len() < 3 {
        return false;
    }
    // Embeddings of whole clauses are too coarse for fragments: word links instead.
    let mut align = opts.align.clone();
    align.costs.skip = opts.clause_skip;
    align.weights.semantic = 0.0;
    align.weights.words = opts.clause_words;
    let ua = align_clauses(&mc, &vc, &align);
    let (gone, added) = unmatched(&ua.alignment.beads, &mc, &vc);
    let label = ctx.label;
    for &span in &gone {
        ctx.push(Kind::Missing, Some(span), None, format!("clause with no counterpart in {label}"));
    }
    for &span in &added {
        ctx.push(Kind::Added, None, Some(span), format!("clause of {label} with no counterpart in the master"));
    }
    !gone.is_empty() || !added.is_empty()
}
