//! Damage for the examples of the omission model: text from elsewhere in
//! the document inserted into a side (a whole unit, or a clause at a
//! clause boundary), or a unit or a clause deleted from a side, where the
//! gold alignment (and, for a clause, a confident alignment of the
//! clauses of a gold pair) tells what the other side then has alone.

use std::ops::Range;

use super::sides::{side_label, SideExample};
use super::{Corpus, Example, Examples, TrainOptions};
use crate::align::bead::IdBead;
use crate::align::{align_documents, AlignOptions};
use crate::check::omission::{align_clauses, relate_to_document, Context, Pairing};
use crate::document::Document;
use crate::error::Result;
use crate::segment::{segment, Level, SegmentOptions};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    /// The generator of pair `k` of a corpus under seed `seed`: every seed
    /// its own. The state must be odd; seed s is read as 2s − 1, so two
    /// seeds never differ only in the bit that is set to make it odd, and
    /// seed 1 gives the state (1 ^ pair) | 1 the shipped weights are
    /// learnt with.
    fn of(seed: u64, k: usize) -> Rng {
        let pair = (k as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        Rng((seed.wrapping_mul(2).wrapping_sub(1) ^ pair) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// The examples of every pair of `corpus`: with text from elsewhere
/// inserted into both sides, and with text deleted from each side in turn.
pub fn examples(corpus: &Corpus, opts: &TrainOptions) -> Result<Examples> {
    let mut out = Examples::default();
    for (k, pair) in corpus.pairs.iter().enumerate() {
        let mut align = opts.align.for_pair(pair.master.lang, pair.version.lang);
        align.segment.presegmented = true;
        let mut rng = Rng::of(opts.seed, k);
        let (m, v) = (lines_of(&pair.master)?, lines_of(&pair.version)?);
        let (m2, m_ins) = insert(&m, opts, &mut rng)?;
        let (v2, v_ins) = insert(&v, opts, &mut rng)?;
        out.extend(labelled(&m2, &v2, (&align, opts), (Some(&m_ins), Some(&v_ins))));
        let gold = &pair.gold;
        let (v3, lost) = delete(&v, &m, gold, (opts, &align), &mut rng, Side::Version)?;
        out.extend(labelled(&m, &v3, (&align, opts), (Some(&lost), None)));
        let (m3, lost) = delete(&m, &v, gold, (opts, &align), &mut rng, Side::Master)?;
        out.extend(labelled(&m3, &v, (&align, opts), (None, Some(&lost))));
    }
    Ok(out)
}

/// The damaged stretches of one side, if it was damaged.
type Damaged<'a> = Option<&'a Vec<Range<usize>>>;

/// The examples of a damaged pair: the candidates of the master side
/// labelled against `damage.0` (what the version lacks of it), those of the
/// version side against `damage.1`, and each side of a bead as a whole; a
/// side without damage gives none.
fn labelled(
    m: &Document,
    v: &Document,
    (align, opts): (&AlignOptions, &TrainOptions),
    damage: (Damaged<'_>, Damaged<'_>),
) -> Examples {
    let a = align_documents(m, v, align);
    let p = Pairing { master: (m, &a.src), version: (v, &a.tgt), alignment: &a.alignment };
    let ctx = Context::new(&p, align).with_hmm(opts.hmm);
    let mut beads: Vec<_> = a
        .alignment
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        .map(|b| ctx.candidates(&p, b))
        .collect();
    relate_to_document(beads.iter_mut(), opts.surprise_prior);
    let mut out = Examples::default();
    for c in beads {
        for (cands, damaged, added) in [(c.missing, damage.0, false), (c.added, damage.1, true)] {
            let Some(damaged) = damaged else { continue };
            let labels: Vec<Option<bool>> = cands.iter().map(|c| label(&(c.span.start..c.span.end), damaged)).collect();
            for (c, &l) in cands.iter().zip(&labels) {
                if let Some(label) = l {
                    out.candidates.push(Example { features: c.features, label, added, weight: 1.0 });
                }
            }
            // The side as a whole ([`crate::check::omission::side`]); a side
            // without candidates has nothing to report.
            if let Some(label) = side_label(&labels).filter(|_| !cands.is_empty()) {
                let members = cands.iter().map(|c| (c.features, c.span)).collect();
                out.sides.push(SideExample { members, added, label });
            }
        }
    }
    out
}

/// `doc` with one unit a line, as lines joined by line ends (the offsets
/// damage is measured in).
fn lines_of(doc: &Document) -> Result<Document> {
    let lines: Vec<&str> = doc.text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    Document::from_text(lines.join("\n") + "\n", Some(doc.lang))
}

/// Positive when `r` lies (four fifths of it at least) in a damaged
/// stretch, whatever part of the stretch it is: it has no counterpart;
/// negative when it touches none; `None` in between.
fn label(r: &Range<usize>, inserted: &[Range<usize>]) -> Option<bool> {
    let len = |x: &Range<usize>| x.end.saturating_sub(x.start).max(1);
    let overlap = |x: &Range<usize>| r.end.min(x.end).saturating_sub(r.start.max(x.start));
    match inserted.iter().map(|x| (overlap(x), x)).max_by_key(|(o, _)| *o) {
        None | Some((0, _)) => Some(false),
        Some((o, _)) if o * 5 >= len(r) * 4 => Some(true),
        _ => None,
    }
}

/// `doc` (one unit a line) with text from elsewhere in it inserted after
/// every `opts.every` lines, and where the inserted text is.
fn insert(doc: &Document, opts: &TrainOptions, rng: &mut Rng) -> Result<(Document, Vec<Range<usize>>)> {
    let lines: Vec<&str> = doc.text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let n = lines.len();
    let mut text = String::new();
    let mut inserted = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let far: Vec<usize> = (0..n).filter(|j| j.abs_diff(i) >= 10).collect();
        let donor = far.get(rng.below(far.len())).map(|&j| lines[j]);
        match donor.filter(|_| opts.damages(i)) {
            Some(d) if rng.chance(opts.clause_share) => {
                let (with, at) = insert_clause(line, d, doc.lang, rng);
                inserted.push(text.len() + at.start..text.len() + at.end);
                text.push_str(&with);
                text.push('\n');
            }
            Some(d) => {
                text.push_str(line);
                text.push('\n');
                inserted.push(text.len()..text.len() + d.len());
                text.push_str(d);
                text.push('\n');
            }
            None => {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    let damaged = Document::from_text(text, Some(doc.lang))?;
    Ok((damaged, inserted))
}

/// `line` with a clause of `donor` inserted before one of its clauses, and
/// where the clause is in the result.
fn insert_clause(line: &str, donor: &str, lang: crate::Lang, rng: &mut Rng) -> (String, Range<usize>) {
    let clauses = |t: &str| segment(t, lang, Level::Clause, &SegmentOptions::default()).units;
    let theirs = clauses(donor);
    let pick = theirs.get(rng.below(theirs.len())).map_or(donor, |u| u.span.text(donor));
    let clause = pick.trim_end_matches(|c: char| !c.is_alphanumeric());
    let mine = clauses(line);
    let at = mine.get(rng.below(mine.len())).map_or(0, |u| u.span.start);
    let joint = if lang.is_chinese() { "，" } else { ", " };
    let mut out = String::with_capacity(line.len() + clause.len() + joint.len());
    out.push_str(&line[..at]);
    let start = out.len();
    out.push_str(clause);
    let end = out.len();
    out.push_str(joint);
    out.push_str(&line[at..]);
    (out, start..end)
}

/// Which side of a pair is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Master,
    Version,
}

/// Least posterior of a clause bead for a clause deletion to be labelled by it.
const SURE_CLAUSE_BEAD: f32 = 0.9;

/// `doc` (one unit a line; `Side` says which side of the gold it is) with a
/// unit or a clause deleted from every `opts.every`-th gold 1-1 bead, and
/// the stretches of `other` that thereby lost their counterpart.
fn delete(
    doc: &Document,
    other: &Document,
    gold: &[IdBead],
    (opts, align): (&TrainOptions, &AlignOptions),
    rng: &mut Rng,
    side: Side,
) -> Result<(Document, Vec<Range<usize>>)> {
    let (mine, theirs) = (line_spans(&doc.text), line_spans(&other.text));
    let mut cut: Vec<Range<usize>> = Vec::new();
    let mut lost: Vec<Range<usize>> = Vec::new();
    let ones = gold.iter().filter(|(s, t)| s.len() == 1 && t.len() == 1);
    for (k, (s, t)) in ones.enumerate() {
        let (i, j) = if side == Side::Version { (t[0], s[0]) } else { (s[0], t[0]) };
        if !opts.damages(k) || i >= mine.len() || j >= theirs.len() {
            continue;
        }
        if !rng.chance(opts.clause_share) {
            cut.push(mine[i].clone());
            lost.push(theirs[j].clone());
            continue;
        }
        let (a, b) = (mine[i].clone(), theirs[j].clone());
        if let Some((c, l)) = clause_pair((doc, a), (other, b), align, rng) {
            cut.push(c);
            lost.push(l);
        }
    }
    let mut text = doc.text.clone();
    cut.sort_by_key(|c| c.start);
    for c in cut.iter().rev() {
        text.replace_range(c.clone(), "");
    }
    Ok((Document::from_text(text, Some(doc.lang))?, lost))
}

/// A clause of `mine` to delete, and the stretch of `theirs` (each given
/// as a document and a line's bytes) that then has no counterpart: with
/// the sentence encoder, the words of `theirs` linked to the clause's
/// words (a phrase, when the clause renders part of one); without it, a
/// clause confidently aligned one to one with it.
fn clause_pair(
    (doc, mine): (&Document, Range<usize>),
    (other, theirs): (&Document, Range<usize>),
    align: &AlignOptions,
    rng: &mut Rng,
) -> Option<(Range<usize>, Range<usize>)> {
    let clauses = |d: &Document, r: &Range<usize>| -> Vec<Range<usize>> {
        let seg = segment(&d.text[r.clone()], d.lang, Level::Clause, &SegmentOptions::default());
        seg.units.iter().map(|u| r.start + u.span.start..r.start + u.span.end).collect()
    };
    let (cm, ct) = (clauses(doc, &mine), clauses(other, &theirs));
    if cm.len() < 2 {
        return None;
    }
    let (c, lost) = match &align.model {
        Some(m) => {
            let c = cm[rng.below(cm.len())].clone();
            (c.clone(), linked_to(m, (other, theirs), (doc, mine.clone()), &c)?)
        }
        None => {
            fn side<'a>(d: &'a Document, cs: &[Range<usize>]) -> crate::align::Side<'a> {
                crate::align::Side::new(cs.iter().map(|c| &d.text[c.clone()]).collect(), d.lang)
            }
            let beads = align_clauses(&side(doc, &cm), &side(other, &ct), align).beads;
            let sure: Vec<_> = beads
                .iter()
                .filter(|b| b.src.len() == 1 && b.tgt.len() == 1 && b.posterior >= SURE_CLAUSE_BEAD)
                .collect();
            let b = sure.get(rng.below(sure.len()))?;
            (cm[b.src.start].clone(), ct[b.tgt.start].clone())
        }
    };
    // The clause and the space after it, so the rest reads on.
    let end = c.end + doc.text[c.end..mine.end].len() - doc.text[c.end..mine.end].trim_start().len();
    Some((c.start..end, lost))
}

/// The stretch of `theirs` from the first to the last of its words linked
/// to a word of `mine` inside `clause`; `None` when none is.
fn linked_to(
    model: &crate::align::semantic::Model,
    (other, theirs): (&Document, Range<usize>),
    (doc, mine): (&Document, Range<usize>),
    clause: &Range<usize>,
) -> Option<Range<usize>> {
    use crate::text::words::content_words;
    let (ta, tb) = (&other.text[theirs.clone()], &doc.text[mine.clone()]);
    let (wa, wb) = (content_words(ta, other.lang), content_words(tb, doc.lang));
    let st = crate::align::words::standings_of(model, (&wa, ta), (&wb, tb), None)?;
    let inside = |j: usize| {
        let w = &wb[j].bytes;
        mine.start + w.start >= clause.start && mine.start + w.end <= clause.end
    };
    let hit: Vec<&Range<usize>> =
        wa.iter().zip(&st.rows).filter(|(_, s)| s.partner.is_some_and(inside)).map(|(w, _)| &w.bytes).collect();
    let (first, last) = (hit.first()?, hit.last()?);
    Some(theirs.start + first.start..theirs.start + last.end)
}

/// The byte ranges of the lines of `text`.
fn line_spans(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim_end_matches('\n');
        out.push(start..start + t.len());
        start += line.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_stretches_are_labelled_by_overlap() {
        let ins: Vec<Range<usize>> = std::iter::once(10..20).collect();
        assert_eq!(label(&(10..20), &ins), Some(true));
        assert_eq!(label(&(0..5), &ins), Some(false));
        assert_eq!(label(&(0..30), &ins), None); // mostly other text
        assert_eq!(label(&(12..15), &ins), Some(true)); // a small part of the damage
        assert_eq!(label(&(5..15), &ins), None); // half in it
    }

    #[test]
    fn every_seed_draws_its_own_numbers() {
        let draws = |seed: u64, k: usize| {
            let mut r = Rng::of(seed, k);
            (0..4).map(|_| r.next()).collect::<Vec<u64>>()
        };
        // Seeds that differ only in their lowest bit (2 and 3) are told apart.
        let all: Vec<Vec<u64>> = (0..6).map(|s| draws(s, 0)).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(all[i + 1..].iter().all(|b| a != b), "seed {i} repeats another");
        }
        assert_ne!(draws(1, 0), draws(1, 1), "each pair of a corpus has its own");
        // Seed 1 gives the state the shipped weights are learnt with.
        let mut old = Rng((1 ^ 0x9E37_79B9_7F4A_7C15) | 1);
        assert_eq!(draws(1, 0), (0..4).map(|_| old.next()).collect::<Vec<u64>>());
    }

    #[test]
    fn a_clause_is_inserted_at_a_clause_boundary() {
        let mut rng = Rng(3);
        let line = "The Member States agree, and they note the report.";
        let (out, at) = insert_clause(line, "Other text, here it is.", crate::Lang::En, &mut rng);
        assert!(!out[at.clone()].is_empty() && out.len() > line.len());
        assert!(out[at.end..].starts_with(", "), "{out}");
    }
}
