//! The checks of one version against the master, bead by bead: units the
//! alignment leaves alone (with the probability the alignment gives them),
//! content one side of a paired bead lacks (the omission model), numbers,
//! quoted titles, text left untranslated, and lengths.

use super::gaps::Joined;
use super::omission::model::OmissionModel;
use super::omission::side::{read_side, Side};
use super::pivot::{explained, Pivot};
use rayon::prelude::*;

use super::omission::{relate_to_document, Candidates, Context, Pairing, SurprisePrior};
use super::CheckOptions;
use crate::align::{Bead, LengthModel, VersionAlignment};
use crate::document::Document;
use crate::report::{Finding, Kind};
use crate::segment::{Segmentation, Span};
use crate::text::is_han;
use crate::text::normalize;
use crate::text::numbers::{self, located};

/// Embed in one batch every clause that the omission model of the versions
/// compared with the sentence encoder asks about: the beads ask for them a
/// few at a time, in parallel, and the versions would each encode the
/// master's clauses again.
pub(super) fn prefetch_clauses(
    (master, master_seg): (&Document, &Segmentation),
    versions: &[(&Document, &VersionAlignment)],
    opts: &CheckOptions,
) {
    let Some(m) = opts.align.model.as_ref().filter(|_| OmissionModel::bundled().is_ok()) else { return };
    let encoded: Vec<(&Document, &Segmentation)> = versions
        .iter()
        .filter(|(v, _)| opts.align.for_pair(master.lang, v.lang).model.is_some())
        .map(|&(v, a)| (v, &a.seg))
        .collect();
    if encoded.is_empty() {
        return;
    }
    let all: Vec<&str> = std::iter::once((master, master_seg))
        .chain(encoded)
        .flat_map(|(doc, seg)| seg.clauses.iter().map(|s| s.text(&doc.text)))
        .collect();
    m.embed(&all);
}

/// What the checks of one version found, and notes on what could not be checked.
pub(super) struct Found {
    pub findings: Vec<Finding>,
    pub notes: Vec<String>,
}

struct Ctx<'a> {
    master: &'a Document,
    version: &'a Document,
    label: &'a str,
    opts: &'a CheckOptions,
    /// Whether the pair is compared with the sentence encoder.
    with_model: bool,
    /// The clauses of the master and of the version.
    clauses: (&'a [Span], &'a [Span]),
    /// Another version whose lengths the version's are read against.
    pivot: Option<&'a Pivot>,
    out: Vec<Finding>,
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

    /// Whether bead `k` holds one of two heads numbered otherwise
    /// ([`super::gaps::renumbered_heads`]); the number finding is made at the first.
    fn renumbered(&mut self, renumbered: &[(usize, Span, Span)], k: usize) -> bool {
        if let Some(&(_, ms, os)) = renumbered.iter().find(|r| r.0 == k) {
            self.push_renumbered(ms, os);
        }
        renumbered.iter().any(|r| r.0 == k || r.0 + 1 == k)
    }

    /// The number finding of master head `ms` numbered otherwise as `os`,
    /// whether the alignment paired the two or left them side by side.
    fn push_renumbered(&mut self, ms: Span, os: Span) {
        let (m, v) = (quote(ms.text(&self.master.text)), quote(os.text(&self.version.text)));
        let msg = format!("section head {m} is numbered otherwise in {}: {v}", self.label);
        self.push(Kind::Number, Some(ms), Some(os), msg);
    }

    /// A missing or added finding with probability `p`, when it reaches the threshold.
    fn push_likely(&mut self, kind: Kind, (m, o): (Option<Span>, Option<Span>), p: f64, message: String) {
        if p >= self.opts.min_confidence {
            self.push(kind, m, o, message);
            if let Some(f) = self.out.last_mut() {
                *f = f.clone().with_confidence(p);
            }
        }
    }
}

/// All findings for one version (aligned to the master as `a`; the
/// omission model learns the version's habits from the beads the aligner
/// made, `joined.learnt` when `a` joins some of them; the section heads
/// numbered otherwise are `joined.renumbered`).
pub(super) fn findings<'a>(
    (master, master_seg): (&'a Document, &'a Segmentation),
    (version, a, joined): (&'a Document, &'a VersionAlignment, &'a Joined),
    label: &str,
    pivot: Option<&'a Pivot>,
    opts: &CheckOptions,
) -> Found {
    let pairing = Pairing { master: (master, master_seg), version: (version, &a.seg), alignment: &a.alignment };
    let align = opts.align.for_pair(master.lang, version.lang);
    let learnt = joined.learnt.as_ref().unwrap_or(&a.alignment);
    let omissions = Context::new(&Pairing { alignment: learnt, ..pairing }, &align);
    let mut notes = Vec::new();
    if let Some(p) = pivot {
        let sd = p.spread();
        notes
            .push(format!("lengths also read against {} (log-ratio spread {sd:.3} at 100 master characters)", p.label));
    }
    if omissions.left_out() > 0 {
        notes.push(format!("{} aligned unit pair(s) too long to learn word associations from", omissions.left_out()));
    }
    let weights = match OmissionModel::bundled() {
        Ok(w) => Some(w),
        Err(e) => {
            notes.push(format!("{e}; content missing inside paired units is not searched"));
            None
        }
    };
    // The candidates of every paired bead, bead by bead in parallel (the
    // encoder's batches of one bead are small). Section heads with one
    // number count toward the document's medians, as in training, but
    // nothing of them is reported missing.
    let weights_for = |b: &Bead| {
        let paired = !b.src.is_empty() && !b.tgt.is_empty();
        (paired && weights.is_some()).then(|| omissions.candidates(&pairing, b))
    };
    let mut candidates: Vec<Option<Candidates>> = a.alignment.beads.par_iter().map(weights_for).collect();
    relate_to_document(candidates.iter_mut().flatten(), SurprisePrior::BUILT_IN);
    for (b, c) in a.alignment.beads.iter().zip(candidates.iter_mut()) {
        if c.is_some() && same_heading(&text_of(master, master_seg, b, true), &text_of(version, &a.seg, b, false)) {
            *c = None;
        }
    }
    let with_model = align.model.is_some();
    let clauses = (&master_seg.clauses[..], &a.seg.clauses[..]);
    let mut ctx = Ctx { master, version, label, opts, with_model, clauses, pivot, out: Vec::new() };
    for (k, (b, cands)) in a.alignment.beads.iter().zip(candidates).enumerate() {
        if ctx.renumbered(&joined.renumbered, k) {
            continue;
        }
        match (master_seg.span_of(&b.src), a.seg.span_of(&b.tgt)) {
            (Some(ms), None) => {
                let p = b.src.clone().map(|i| a.alignment.src_alone[i]).fold(0.0f32, f32::max) as f64;
                let msg = format!("no counterpart in {label}: {}", quote(ms.text(&master.text)));
                ctx.push_likely(Kind::Missing, (Some(ms), None), p, msg);
            }
            (None, Some(os)) => {
                let p = b.tgt.clone().map(|j| a.alignment.tgt_alone[j]).fold(0.0f32, f32::max) as f64;
                let msg = format!("{label} has no counterpart in the master: {}", quote(os.text(&version.text)));
                ctx.push_likely(Kind::Added, (None, Some(os)), p, msg);
            }
            (Some(ms), Some(os)) => {
                let found = match (weights, cands) {
                    (Some(w), Some(c)) => within(&mut ctx, w, c, b.src.start),
                    _ => false,
                };
                // The omission model weighs lengths itself; without the encoder
                // a length far off the model is a finding of its own.
                let length = !ctx.with_model && !found;
                others(&mut ctx, (ms, os), &omissions.length(), length);
            }
            (None, None) => {}
        }
    }
    Found { findings: ctx.out, notes }
}

/// At most this many characters of a text in a message.
const QUOTE_CHARS: usize = 60;

/// `text` in quotes, shortened to [`QUOTE_CHARS`].
fn quote(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(QUOTE_CHARS) {
        Some((i, _)) => format!("“{}…”", &t[..i]),
        None => format!("“{t}”"),
    }
}

/// Content of a paired bead that one side lacks: the candidates of both
/// sides scored by the omission model, the likeliest first, none
/// overlapping a likelier one ([`read_side`]), reported from the
/// threshold on; when none of the master's side passes it but the chance
/// that any of them lacks its counterpart does, its likeliest candidate
/// with that chance. Whether any was reported. `unit` is the bead's first
/// master unit (where the other version's length is read).
fn within(ctx: &mut Ctx<'_>, w: &OmissionModel, c: Candidates, unit: usize) -> bool {
    let with_model = ctx.with_model;
    let mut found = false;
    for (kind, cands) in [(Kind::Missing, c.missing), (Kind::Added, c.added)] {
        // Another version's length is read on the master's side only
        // (docs/diff.md, "Another version's length").
        let pivot = ctx.pivot.filter(|_| kind == Kind::Missing);
        let master = &ctx.master.text;
        let read: Vec<(f64, f64)> = cands
            .iter()
            .map(|c| {
                let p = w.probability(&c.features, with_model);
                let length = || normalize::length(c.span.text(master)) as f64;
                (p, pivot.map_or(0.0, |pv| pv.log_ratio(unit, length())))
            })
            .collect();
        let scored: Vec<(f64, Span)> = explained(&read).into_iter().zip(cands.iter().map(|c| c.span)).collect();
        let side = read_side(&scored);
        let passing: Vec<(f64, Span)> =
            side.kept.iter().copied().filter(|(p, _)| *p >= ctx.opts.min_confidence).collect();
        for &(prob, span) in &passing {
            report(ctx, kind, span, prob, None);
        }
        // Only the master's side is read as a whole (content the version
        // lacks), and only with the encoder: held out, the version's sides
        // and the sides without the encoder lose precision so
        // (docs/diff.md, "The master's side as a whole").
        let whole = kind == Kind::Missing && with_model && passing.is_empty() && side.any >= ctx.opts.min_confidence;
        let likeliest = side.kept.first().copied().filter(|_| whole);
        if let Some((_, span)) = likeliest {
            report(ctx, kind, span, side.any, Some(&side));
        }
        found |= !passing.is_empty() || likeliest.is_some();
    }
    found
}

/// Report `span` (of the master when `kind` is missing, else of the
/// version) as without counterpart with probability `prob`; `side` is its
/// side when `prob` is the chance that the side lacks something (the
/// message then names its likeliest candidates, with their own
/// probabilities).
fn report(ctx: &mut Ctx<'_>, kind: Kind, span: Span, prob: f64, side: Option<&Side>) {
    let label = ctx.label;
    let missing = kind == Kind::Missing;
    let (text, sides) = if missing {
        (span.text(&ctx.master.text), (Some(span), None))
    } else {
        (span.text(&ctx.version.text), (None, Some(span)))
    };
    let msg = match (missing, side) {
        (true, None) => format!("no counterpart in {label}: {}", quote(text)),
        (true, Some(side)) => {
            // The likeliest two, so that a reader sees where else to look.
            let named: Vec<String> = side
                .kept
                .iter()
                .take(2)
                .map(|(p, s)| format!("{} (p {p:.2})", quote(s.text(&ctx.master.text))))
                .collect();
            format!("some of this has no counterpart in {label}, likeliest {}", named.join(", then "))
        }
        (false, _) => format!("{label} has no counterpart in the master: {}", quote(text)),
    };
    ctx.push_likely(kind, sides, prob, msg);
}

/// The text of one side of bead `b`.
fn text_of(doc: &Document, seg: &Segmentation, b: &Bead, master: bool) -> String {
    let units = if master { &b.src } else { &b.tgt };
    seg.span_of(units).map(|s| s.text(&doc.text).to_string()).unwrap_or_default()
}

/// Whether two units are section heads with one number (第二十一條 ↔ Article 21):
/// nothing of them is missing.
fn same_heading(a: &str, b: &str) -> bool {
    numbers::heading_number(a).is_some_and(|n| numbers::heading_number(b) == Some(n))
}

/// Numbers, titles, untranslated text, and (with `length`) a length far
/// off the model.
fn others(ctx: &mut Ctx<'_>, (ms, os): (Span, Span), model: &LengthModel, length: bool) {
    numbers(ctx, ms, os);
    titles(ctx, ms, os);
    untranslated(ctx, ms, os);
    let (m, v) = (ms.text(&ctx.master.text), os.text(&ctx.version.text));
    // Addresses, codes and numbers both sides copy as they are weigh
    // nothing in the ratio.
    let shared = normalize::shared_verbatim_length(m, v) + normalize::shared_numbers_length(m, v);
    let (lm, lv) = (normalize::length(m).saturating_sub(shared), normalize::length(v).saturating_sub(shared));
    let delta = model.delta(lm as f64, lv as f64);
    if length && delta.abs() > ctx.opts.length_sigma {
        let what = if delta < 0.0 { "shorter" } else { "longer" };
        let msg = format!("{} is much {what} than the master here ({delta:+.1} σ of the length model)", ctx.label);
        ctx.push(Kind::Length, Some(ms), Some(os), msg);
    }
}

/// Numbers written in digits on one side must appear (in any form) on the other.
fn numbers(ctx: &mut Ctx<'_>, ms: Span, os: Span) {
    let (mtext, vtext) = (ms.text(&ctx.master.text), os.text(&ctx.version.text));
    if let (Some(a), Some(b)) = (numbers::heading_number(mtext), numbers::heading_number(vtext)) {
        // Two heads paired: the same number, or one head numbered otherwise.
        if a != b {
            ctx.push_renumbered(ms, os);
        }
        return;
    }
    let mt = located(mtext, ctx.master.lang);
    let vt = located(vtext, ctx.version.lang);
    let (missing, extra) = (numbers::unmatched(&mt, &vt), numbers::unmatched(&vt, &mt));
    if missing.is_empty() && extra.is_empty() {
        return;
    }
    let list = values_as_written;
    let mut parts = Vec::new();
    if !missing.is_empty() {
        parts.push(format!("master has {} not found in {}", list(&missing, &mt, mtext), ctx.label));
    }
    if !extra.is_empty() {
        parts.push(format!("{} has {} not in the master", ctx.label, list(&extra, &vt, vtext)));
    }
    // Each side as the clauses that hold its numbers the other lacks.
    let (mc, vc) = ctx.clauses;
    let (ms, os) = (holding(ms, mc, &mt, &missing), holding(os, vc, &vt, &extra));
    ctx.push(Kind::Number, Some(ms), Some(os), parts.join("; "));
}

/// The clauses of `span` (among `clauses`, in text order) from the first
/// to the last that holds a number of `found` (located in `span`'s text)
/// whose value is among `values`; `span` itself when none does.
fn holding(span: Span, clauses: &[Span], found: &[numbers::Located], values: &[u64]) -> Span {
    let at = found.iter().filter(|n| values.contains(&n.value)).map(|n| span.start + n.bytes.start);
    let (Some(first), Some(last)) = (at.clone().min(), at.max()) else { return span };
    // The clause that holds byte `x`, if one inside `span` does.
    let clause_at = |x: usize| {
        let k = clauses.partition_point(|c| c.end <= x);
        clauses.get(k).filter(|c| c.start <= x && c.start >= span.start && c.end <= span.end)
    };
    match (clause_at(first), clause_at(last)) {
        (Some(a), Some(b)) if a.start < b.end => Span::new(a.start, b.end),
        _ => span,
    }
}

/// `values`, found as `found` in `text`, listed: each in digits, or as
/// the text writes it where a magnitude scales it (15億, 1.5 billion) or
/// where it is the whole part or the decimals of a number (12.5, listed
/// once for both).
fn values_as_written(values: &[u64], found: &[numbers::Located], text: &str) -> String {
    let written = |x: u64| {
        let at = found.iter().find(|n| n.digits && n.value == x && n.value >= 10_000)?;
        let w = text.get(at.bytes.clone())?;
        w.contains(|c: char| !c.is_ascii_digit() && !matches!(c, ',' | ' ' | '\u{a0}')).then(|| w.to_string())
    };
    let mut left: Vec<u64> = values.to_vec();
    let mut out = Vec::new();
    while !left.is_empty() {
        let x = left.remove(0);
        match decimal_with(x, found, text) {
            Some((other, w)) => {
                if let Some(k) = left.iter().position(|&v| v == other) {
                    left.remove(k);
                }
                out.push(w.to_string());
            }
            None => out.push(written(x).unwrap_or_else(|| x.to_string())),
        }
    }
    out.join(", ")
}

/// The number written with decimals (12.5, 12,5) whose whole part or
/// decimals are `x`: the value of its other part, and the number as written.
fn decimal_with<'t>(x: u64, found: &[numbers::Located], text: &'t str) -> Option<(u64, &'t str)> {
    found.windows(2).find_map(|p| {
        let (whole, part) = (&p[0], &p[1]);
        let mark = text.get(whole.bytes.end..part.bytes.start)?;
        if !(whole.digits && part.digits && matches!(mark, "." | ",")) {
            return None;
        }
        let other = if whole.value == x { part.value } else { (part.value == x).then_some(whole.value)? };
        Some((other, text.get(whole.bytes.start..part.bytes.end)?))
    })
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
                if run.chars().count() >= 2 && !glossed(text, s..i) {
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

/// Whether the Chinese text at `r` of a translation is the original of the
/// words before it, given in brackets beside them ("Shanghai Spirit"
/// (上海精神)): all a bracket holds, after letters or a closing quote.
fn glossed(text: &str, r: std::ops::Range<usize>) -> bool {
    let before = text[..r.start].trim_end_matches([' ', '\u{a0}']);
    let Some(inner) = before.strip_suffix(['(', '（']) else { return false };
    let after_letters =
        inner.trim_end().chars().next_back().is_some_and(|c| (c.is_alphabetic() && !is_han(c)) || "\"”»'’".contains(c));
    after_letters && text[r.end..].trim_start_matches([' ', '\u{a0}']).starts_with([')', '）'])
}

#[cfg(test)]
mod tests {
    use super::super::gaps::tests::doc;
    use super::*;
    use crate::Lang;

    #[test]
    fn the_original_given_in_brackets_beside_its_translation_is_no_untranslated_text() {
        let at = |t: &str, run: &str| {
            let s = t.find(run).expect("the run");
            glossed(t, s..s + run.len())
        };
        assert!(at("the \"Shanghai Spirit\" (上海精神).", "上海精神"));
        assert!(at("the Belt and Road Initiative（一帶一路）", "一帶一路"));
        // Text left in Chinese, in brackets or not, is untranslated.
        assert!(!at("(2025年4月3日至5日，新德里)", "新德里"));
        assert!(!at("They support 上海精神 (here).", "上海精神"));
        assert!(!at("(上海精神 and more)", "上海精神"));
    }

    #[test]
    fn a_number_finding_points_at_the_clauses_that_hold_the_numbers() {
        let text = "館內展區總面積約3.5萬平方公尺，步行參觀全程約需2至3小時，團體以30人為限。";
        let (d, s) = doc(text, Lang::ZhHant);
        let span = s.units[0].span;
        let found = located(span.text(&d.text), Lang::ZhHant);
        let clause = |values: &[u64]| holding(span, &s.clauses, &found, values).text(&d.text).to_string();
        assert_eq!(clause(&[35_000]), "館內展區總面積約3.5萬平方公尺，");
        assert_eq!(clause(&[2, 3]), "步行參觀全程約需2至3小時，");
        assert_eq!(clause(&[3, 30]), "步行參觀全程約需2至3小時，團體以30人為限。");
        // No number of the list in the unit: the whole unit.
        assert_eq!(clause(&[7]), text);
        assert_eq!(clause(&[]), text);
    }
}
