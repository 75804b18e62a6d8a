//! The evidence that a stretch of one side has no counterpart on the
//! other: how the meaning of the side moves toward the other's when the
//! stretch is left out, how the lengths come to agree, how many of its
//! words the other side translates and how surely (word links through the
//! sentence encoder, the CC-CEDICT dictionary, or shared characters between
//! two versions in one language), its numbers, its share of the side, and how
//! sure the alignment is of the pair.

use std::collections::HashSet;
use std::ops::Range;

use super::held::held_together;
use super::hmm::Hmm;
use super::linked::word_links;
use super::names::Words;
use super::ordered::InOrder;
use super::piece::{Candidate, Piece, Shape};
use super::Scored;
use crate::align::assoc::Assoc;
use crate::align::semantic::Model;
use crate::align::LengthModel;
use crate::text::lexicon::Lexicon;
use crate::text::normalize::{self, shared_verbatim};
use crate::text::numbers::located;
use crate::text::Family;

pub use super::surprise::Said;

/// A candidate, its features, and its content words.
pub type Featured = (Candidate, [f64; N], Vec<Said>);

/// The names of the features, in order (the weights file uses them).
pub const NAMES: [&str; 35] = [
    "bias",
    "clause_alone",
    "meaning",
    "others_meaning",
    "best_match",
    "others_match",
    "near_match",
    "length",
    "excess",
    "links",
    "rest_links",
    "has_links",
    "words",
    "dictionary",
    "has_dictionary",
    "same_language",
    "has_same_language",
    "share",
    "numbers_lost",
    "unit",
    "run",
    "bead_posterior",
    "share_by_excess",
    "words_by_excess",
    "alone_by_share",
    "best_match_rel",
    "links_rel",
    "dictionary_rel",
    "clause_alone_rel",
    "link_strength",
    "held_together",
    "untranslated_in_order",
    "anchors_kept",
    "surprise",
    "added",
];

/// Features measured against the rest of the document ([`relate`]): each
/// is the feature at `.0` less its median over the document's clause and
/// unit candidates of the same side, stored at `.1`; `.2` is the feature
/// that says whether `.0` applies (its median is taken where it does).
/// `clause_alone_rel` is measured in place: it holds the log-odds of
/// `clause_alone` until then (a free translation leaves more of its
/// clauses alone than a close one, so a clause left alone says more in a
/// document whose clauses mostly are not).
const RELATIVE: [(usize, usize, Option<usize>); 4] = [
    (feature("best_match"), feature("best_match_rel"), None),
    (feature("links"), feature("links_rel"), Some(feature("has_links"))),
    (feature("dictionary"), feature("dictionary_rel"), Some(feature("has_dictionary"))),
    (feature("clause_alone_rel"), feature("clause_alone_rel"), None),
];

/// Features the weights without the encoder leave out (their weight is 0,
/// the trainer's `leave_out`): held out, the log-odds of a clause's
/// posterior without the encoder helped MAC-Dev and cost Text+Berg and
/// Tianjin, and the precision of the seeded damage fell (docs/diff.md,
/// "The clause alignment in the document's terms"); a base rate for each
/// side cost all three corpora (docs/diff.md, "A base rate for each side").
pub const WITHOUT_ENCODER_LEFT_OUT: [usize; 2] = [feature("clause_alone_rel"), feature("added")];

/// The posterior of a clause without counterpart is read on its log-odds
/// within ±6 (from 0.0025 to 0.9975): a posterior the lattice puts nearer
/// 0 or 1 says nothing more.
const LEAST_POSTERIOR: f64 = 0.0025;

/// Where the feature that says a candidate is on the version's side (text
/// the master may lack) is: 1 there, 0 on the master's side. The two
/// sides' examples come from two kinds of damage (deletions from the
/// version, insertions into it), and this lets each side have its own
/// base rate (docs/diff.md, "A base rate for each side").
pub(super) const ADDED: usize = feature("added");

/// Where the feature measured against the document's habits of
/// translation is ([`super::surprise`]).
pub(super) const SURPRISE: usize = feature("surprise");

/// The index of the feature `name` in [`NAMES`] (a name not there fails
/// the build).
const fn feature(name: &str) -> usize {
    let mut i = 0;
    while i < NAMES.len() {
        let (a, b) = (NAMES[i].as_bytes(), name.as_bytes());
        let mut same = a.len() == b.len();
        let mut k = 0;
        while same && k < a.len() {
            same = a[k] == b[k];
            k += 1;
        }
        if same {
            return i;
        }
        i += 1;
    }
    panic!("not a feature name")
}

/// The number of features.
pub const N: usize = NAMES.len();

/// What the features are computed with.
pub struct Evidence<'a> {
    /// The sentence encoder, if loaded.
    pub model: Option<&'a Model>,
    /// The Chinese–English dictionary.
    pub lexicon: Option<&'a Lexicon>,
    /// Lengths from this side to the other.
    pub length: LengthModel,
    /// Word associations learnt from the document.
    pub assoc: Option<&'a Assoc>,
    /// How words are read in order ([`super::hmm`]).
    pub hmm: Hmm,
    /// Whether the candidates are of the version's side (text the master
    /// may lack; the feature `added`).
    pub added: bool,
}

/// Candidates of `piece` (its units and clauses, and with the encoder its
/// runs of untranslated words) against `other`, each with its features;
/// `near` are the clauses of the units around `other` (where the alignment
/// may have put the candidate's counterpart), `posterior` how sure the
/// alignment is of the pair. Also every content word of `piece` and
/// whether `other` translates it (none without the encoder, or between
/// two versions in one language), for the features measured against the
/// document. `surprise` is filled there; here it is 0.
pub fn scored_candidates(
    (piece, other, near): (&Piece, &Piece, &[String]),
    clause_alone: &[f32],
    ev: &Evidence<'_>,
    posterior: f64,
) -> (Vec<Featured>, Vec<Said>) {
    // Words are linked across languages; two versions in one language are
    // compared on their characters or words (`same_language`).
    let across = piece.lang.links_words_with(other.lang);
    let links = ev.model.filter(|_| across).and_then(|m| word_links(m, (piece, other), (ev.assoc, ev.lexicon), ev.hmm));
    let mut cands = piece.candidates();
    if let Some(l) = &links {
        for r in runs(&l.words) {
            if !cands.iter().any(|c| c.range == r) {
                cands.push(Candidate { range: r, shape: Shape::Run });
            }
        }
    }
    let said: Vec<Said> = links
        .as_ref()
        .map(|l| l.words.words.iter().zip(&l.words.covered).map(|(w, &c)| (w.form.clone(), c)).collect())
        .unwrap_or_default();
    if cands.is_empty() {
        return (Vec::new(), said);
    }
    let meaning = ev.model.map(|m| Meaning::of(m, (piece, other, near), &cands));
    let other_bag = Bags::of(other, ev.lexicon, piece.lang.family());
    let in_order = (!across).then(|| InOrder::of((&piece.text, piece.lang), (&other.text, other.lang)));
    let total = piece.length(&(0..piece.text.len())).max(1.0);
    let other_len = other.length(&(0..other.text.len()));
    let delta_with = ev.length.delta(total, other_len);
    let scored = cands
        .into_iter()
        .enumerate()
        .map(|(k, c)| {
            let x = piece.length(&c.range);
            let delta_without = ev.length.delta((total - x).max(0.0), other_len);
            let cov = links.as_ref().map(|l| coverage(&l.words, &l.strength, &c.range));
            let held = links.as_ref().map(|l| held_together(&l.words, &l.partners, &c.range, &other.clauses));
            let unread = links.as_ref().map(|l| l.words.mean_within(&c.range, |k| l.untranslated[k]));
            let (dict, has_dict) = other_bag.dictionary(&piece.text[c.range.clone()], piece.lang.family());
            let (same, has_same) = in_order.as_ref().map_or((0.0, 0.0), |o| share(&o.kept_within(&c.range)));
            let mut f = [0.0; N];
            f[0] = 1.0;
            f[1] = alone_in(piece, clause_alone, &c.range);
            if let Some(m) = &meaning {
                (f[2], f[3]) = (m.gain[k], mean_of_others(&m.gain, k));
                (f[4], f[5], f[6]) = (m.best[k], mean_of_others(&m.best, k), m.near[k]);
            }
            f[7] = (delta_with.abs() - delta_without.abs()).clamp(-8.0, 8.0);
            f[8] = delta_with.clamp(-8.0, 8.0);
            if let Some(cov) = cov {
                (f[9], f[10], f[11], f[12]) = (cov.inside, cov.outside, 1.0, (1.0 + cov.words as f64).ln());
                f[feature("link_strength")] = cov.strength;
            }
            (f[13], f[14]) = (dict, has_dict);
            (f[15], f[16]) = (same, has_same);
            f[17] = x / total;
            let (lost, kept) = anchors_in(&piece.text[c.range.clone()], piece.lang, (&other_bag.numbers, &other.text));
            (f[18], f[feature("anchors_kept")]) = ((1.0 + lost as f64).ln(), (1.0 + kept as f64).ln());
            f[19] = (c.shape == Shape::Unit) as u8 as f64;
            f[20] = (c.shape == Shape::Run) as u8 as f64;
            f[21] = posterior;
            f[ADDED] = ev.added as u8 as f64;
            f[feature("held_together")] = held.unwrap_or(0.0);
            f[feature("untranslated_in_order")] = unread.unwrap_or(0.0);
            // How much the side is longer than the length model expects, in σ
            // (0 when it is not), with what would account for it.
            let over = (-f[8]).clamp(0.0, 4.0);
            (f[22], f[23], f[24]) = (f[17] * over, f[12] * over, f[1] * f[17]);
            f[feature("clause_alone_rel")] = log_odds(f[1]);
            let mine = links.as_ref().map_or_else(Vec::new, |l| {
                (0..said.len()).filter(|&k| l.words.within(k, &c.range)).map(|k| said[k].clone()).collect()
            });
            (c, f, mine)
        })
        .collect();
    (scored, said)
}

/// Fill the features measured against the document: how much better or
/// worse a candidate is matched than the typical candidate of its side in
/// the same pairing (a free translation matches every clause less well
/// than a close one). `side`: every candidate of one side of a pairing.
pub fn relate(side: &mut [&mut Scored]) {
    for &(at, to, applies) in &RELATIVE {
        let applies = |c: &Scored| applies.is_none_or(|a| c.features[a] > 0.0);
        let mut typical: Vec<f64> =
            side.iter().filter(|c| c.candidate.shape != Shape::Run && applies(c)).map(|c| c.features[at]).collect();
        typical.sort_by(f64::total_cmp);
        // With no clause or unit to measure against, a relative feature says
        // nothing: 0, as one stored apart is left (one measured in place
        // would otherwise keep its raw value).
        let median = match typical.get(typical.len() / 2) {
            Some(&m) => m,
            None if at == to => {
                side.iter_mut().for_each(|c| c.features[to] = 0.0);
                continue;
            }
            None => continue,
        };
        for c in side.iter_mut().filter(|c| applies(c)) {
            c.features[to] = c.features[at] - median;
        }
    }
}

/// What the sentence encoder says of each candidate.
struct Meaning {
    /// How much closer the side's meaning comes to the other side's when
    /// the candidate is left out (a cosine difference; 0 but for a unit).
    gain: Vec<f64>,
    /// The candidate's best cosine to a clause (or the whole) of the other side.
    best: Vec<f64>,
    /// Its best cosine to a clause of the units around the other side.
    near: Vec<f64>,
}

impl Meaning {
    fn of(m: &Model, (piece, other, near): (&Piece, &Piece, &[String]), cands: &[Candidate]) -> Meaning {
        // Only whole units are left out: a clause or a run barely moves the
        // meaning of the side (on held-out corpora its gain did not pay for
        // an embedding of the whole side per clause, docs/diff.md).
        let wide: Vec<usize> = (0..cands.len()).filter(|&k| cands[k].shape == Shape::Unit).collect();
        let without: Vec<String> = wide.iter().map(|&k| piece.without(&cands[k].range)).collect();
        let mut texts: Vec<&str> = vec![&piece.text, &other.text];
        texts.extend(cands.iter().map(|c| &piece.text[c.range.clone()]));
        texts.extend(without.iter().map(String::as_str));
        texts.extend(other.clauses.iter().map(|r| &other.text[r.clone()]));
        texts.extend(near.iter().map(String::as_str));
        let v = m.embed(&texts);
        let cos = |a: &[f32], b: &[f32]| crate::embed::cosine(a, b) as f64;
        let n = cands.len();
        let (own, rest) = v[2..].split_at(n);
        let (rest_of, rest) = rest.split_at(wide.len());
        let (theirs, around) = rest.split_at(other.clauses.len());
        // Does leaving the candidate out bring the side's meaning closer to
        // the other's? A candidate the other side lacks pulls the side away.
        let whole = cos(&v[0], &v[1]);
        let mut gain = vec![0.0; n];
        for (&k, w) in wide.iter().zip(rest_of) {
            gain[k] = cos(w, &v[1]) - whole;
        }
        let best = own.iter().map(|c| theirs.iter().map(|o| cos(c, o)).fold(cos(c, &v[1]), f64::max)).collect();
        let near = own.iter().map(|c| around.iter().map(|o| cos(c, o)).fold(0.0, f64::max)).collect();
        Meaning { gain, best, near }
    }
}

/// The log-odds of probability `p`, within those of [`LEAST_POSTERIOR`].
fn log_odds(p: f64) -> f64 {
    let p = p.clamp(LEAST_POSTERIOR, 1.0 - LEAST_POSTERIOR);
    (p / (1.0 - p)).ln()
}

/// The largest probability of having no counterpart among the clauses of
/// `piece` that overlap `r`.
fn alone_in(piece: &Piece, alone: &[f32], r: &Range<usize>) -> f64 {
    piece
        .clauses
        .iter()
        .zip(alone)
        .filter(|(c, _)| c.start < r.end && r.start < c.end)
        .map(|(_, &p)| p as f64)
        .fold(0.0, f64::max)
}

/// The mean of `v` without its `k`-th value (the value itself when it is alone).
/// For `others_meaning` it is the mean over every other candidate, a clause
/// or a run counting 0 (only a unit's gain is measured): the units' gains
/// spread over the side's candidates. A mean over the other units alone did
/// no better (docs/diff.md).
fn mean_of_others(v: &[f64], k: usize) -> f64 {
    if v.len() < 2 {
        return v[k];
    }
    (v.iter().sum::<f64>() - v[k]) / (v.len() - 1) as f64
}

/// How the other side translates the words of a candidate and the rest.
struct Coverage {
    /// The share of the candidate's content words it translates (0 without any).
    inside: f64,
    /// The share of the other content words of the side (1 without any).
    outside: f64,
    /// The candidate's content words.
    words: usize,
    /// The mean strength of their links (0 without any).
    strength: f64,
}

/// The coverage of the content words in `r` and outside it.
fn coverage(l: &Words, strength: &[f32], r: &Range<usize>) -> Coverage {
    let (mut inside, mut outside) = ((0, 0), (0, 0));
    for (k, &c) in l.covered.iter().enumerate() {
        let slot = if l.within(k, r) { &mut inside } else { &mut outside };
        slot.0 += c as usize;
        slot.1 += 1;
    }
    let share = |(hit, all): (usize, usize), none: f64| if all == 0 { none } else { hit as f64 / all as f64 };
    let strength = l.mean_within(r, |k| f64::from(strength[k]));
    Coverage { inside: share(inside, 0.0), outside: share(outside, 1.0), words: inside.1, strength }
}

/// Runs of two or more neighbouring content words that the other side does
/// not translate, as byte ranges.
fn runs(l: &Words) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < l.words.len() {
        if l.covered[k] {
            k += 1;
            continue;
        }
        let start = k;
        while k < l.words.len() && !l.covered[k] {
            k += 1;
        }
        if k - start >= 2 {
            out.push(l.words[start].bytes.start..l.words[k - 1].bytes.end);
        }
    }
    out
}

/// What the other side holds, for the lexical features.
struct Bags<'a> {
    lexicon: Option<&'a Lexicon>,
    /// Its dictionary ids (English word ids, or the translations' ids of its Chinese words).
    ids: HashSet<u32>,
    /// Its numbers.
    numbers: Vec<u64>,
    family: Family,
}

impl<'a> Bags<'a> {
    fn of(other: &Piece, lexicon: Option<&'a Lexicon>, this: Family) -> Bags<'a> {
        let key = normalize::key(&other.text, other.lang);
        let family = other.lang.family();
        let ids = match (lexicon, this, family) {
            (Some(lex), Family::Chinese, Family::English) => {
                lex.english_tokens(&key).into_iter().filter(|&t| t != lex.unknown()).collect()
            }
            (Some(lex), Family::English, Family::Chinese) => lex.chinese_tokens(&key).into_iter().flatten().collect(),
            _ => HashSet::new(),
        };
        let numbers = located(&other.text, other.lang).into_iter().map(|n| n.value).collect();
        Bags { lexicon, ids, numbers, family }
    }

    /// The share of the dictionary words of `text` (in `family`) with a
    /// translation on the other side, and whether the dictionary applies.
    fn dictionary(&self, text: &str, family: Family) -> (f64, f64) {
        let Some(lex) = self.lexicon else { return (0.0, 0.0) };
        let key = |lang| normalize::key(text, lang);
        let hits: Vec<bool> = match (family, self.family) {
            (Family::Chinese, Family::English) => lex
                .chinese_tokens(&key(crate::Lang::ZhHans))
                .iter()
                .map(|ids| ids.iter().any(|i| self.ids.contains(i)))
                .collect(),
            (Family::English, Family::Chinese) => lex
                .english_tokens(&key(crate::Lang::En))
                .into_iter()
                .filter(|&t| t != lex.unknown())
                .map(|t| self.ids.contains(&t))
                .collect(),
            _ => return (0.0, 0.0),
        };
        share(&hits)
    }
}

fn share(hits: &[bool]) -> (f64, f64) {
    if hits.is_empty() {
        (0.0, 0.0)
    } else {
        (hits.iter().filter(|&&h| h).count() as f64 / hits.len() as f64, 1.0)
    }
}

/// How many of the numbers of `text` are not among the other side's
/// `numbers`, and how many of its anchors the other side writes: its
/// numbers among `numbers`, and the addresses and codes it copies as
/// they are into `other` (info@un.org, www.sco-bank.org, S/2025/12:
/// [`shared_verbatim`]; one with digits, S/2025/12, counts as the numbers
/// it holds, once each). A code the other side writes otherwise (AI ↔ ИИ)
/// is not counted lost.
fn anchors_in(text: &str, lang: crate::Lang, (numbers, other): (&[u64], &str)) -> (usize, usize) {
    let mine = located(text, lang);
    let kept = mine.iter().filter(|n| numbers.contains(&n.value)).count();
    let copied = shared_verbatim(text, other).filter(|t| !t.contains(|c: char| c.is_ascii_digit())).count();
    (mine.len() - kept, kept + copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_features_are_measured_from_the_median_of_their_side() {
        for (at, to, applies) in RELATIVE {
            assert!(NAMES[to] == format!("{}_rel", NAMES[at]) || (at == to && NAMES[to].ends_with("_rel")));
            if let Some(a) = applies {
                assert!(NAMES[a].starts_with("has_"), "{}", NAMES[a]);
            }
        }
        let (best, links, has_links) = (feature("best_match"), feature("links"), feature("has_links"));
        let with = |b: f64, l: Option<f64>, shape: Shape| {
            let mut features = [0.0; N];
            features[best] = b;
            if let Some(l) = l {
                (features[links], features[has_links]) = (l, 1.0);
            }
            let candidate = Candidate { range: 0..1, shape };
            Scored { span: crate::segment::Span::new(0, 1), candidate, features, words: Vec::new() }
        };
        let mut side = [
            with(0.2, Some(1.0), Shape::Clause),
            with(0.6, Some(0.5), Shape::Clause),
            with(0.4, None, Shape::Unit),
            with(0.9, Some(0.0), Shape::Run),
        ];
        let mut refs: Vec<&mut Scored> = side.iter_mut().collect();
        relate(&mut refs);
        // best_match: median of 0.2, 0.6, 0.4 (the run left out) is 0.4.
        let rel = |c: &Scored, name| (c.features[feature(name)] * 100.0).round() / 100.0;
        let got: Vec<f64> = side.iter().map(|c| rel(c, "best_match_rel")).collect();
        assert_eq!(got, [-0.2, 0.2, 0.0, 0.5]);
        // links: only where there are links; median of 1.0 and 0.5 (upper) is 1.0.
        let got: Vec<f64> = side.iter().map(|c| rel(c, "links_rel")).collect();
        assert_eq!(got, [0.0, -0.5, 0.0, -1.0]);
        // clause_alone_rel, in place: the log-odds less their median (of the
        // clauses and units: log_odds(0.5) = 0 here).
        let odds = feature("clause_alone_rel");
        let mut side = [with(0.0, None, Shape::Clause), with(0.0, None, Shape::Clause), with(0.0, None, Shape::Unit)];
        for (c, p) in side.iter_mut().zip([0.9, 0.5, 0.0001]) {
            c.features[odds] = log_odds(p);
        }
        let mut refs: Vec<&mut Scored> = side.iter_mut().collect();
        relate(&mut refs);
        let got: Vec<f64> = side.iter().map(|c| rel(c, "clause_alone_rel")).collect();
        assert_eq!(got, [2.2, 0.0, -5.99]);
        // A side of runs alone has nothing to measure against: 0, not the raw log-odds.
        let mut side = [with(0.0, None, Shape::Run)];
        side[0].features[odds] = log_odds(0.9);
        let mut refs: Vec<&mut Scored> = side.iter_mut().collect();
        relate(&mut refs);
        assert_eq!(side[0].features[odds], 0.0);
    }

    #[test]
    fn link_strength_is_the_mean_strength_of_the_words_inside() {
        let word = |a: usize, b: usize| crate::text::words::Word { bytes: a..b, form: String::new() };
        let l = Words { words: vec![word(0, 2), word(3, 5), word(6, 8)], covered: vec![true, true, false] };
        let strength = [0.8, 0.4, 0.0];
        let c = coverage(&l, &strength, &(0..5));
        assert_eq!((c.inside, c.outside, c.words), (1.0, 0.0, 2));
        assert!((c.strength - 0.6).abs() < 1e-6, "{}", c.strength);
        // A weak link counts as much as a strong one for `inside`, less for the strength.
        let weak = coverage(&l, &[0.36, 0.4, 0.0], &(0..5));
        assert_eq!(weak.inside, c.inside);
        assert!(weak.strength < c.strength);
        // No word inside: strength 0.
        assert_eq!(coverage(&l, &strength, &(2..3)).strength, 0.0);
    }

    #[test]
    fn numbers_lost_and_anchors_kept_are_counted_across_scripts() {
        let en = "(7 July 2025, Yekaterinburg), write to info@un.org about AI";
        let other: Vec<u64> = located(en, crate::Lang::En).iter().map(|n| n.value).collect();
        let lang = crate::Lang::ZhHant;
        assert_eq!(anchors_in("會議（2025年7月7日，葉卡捷琳堡）", lang, (&other, en)), (0, 3));
        assert_eq!(anchors_in("2024年11月29日", lang, (&other, en)), (3, 0));
        assert_eq!(anchors_in("第二十一條", lang, (&[21], "Article 21")), (0, 1));
        assert_eq!(anchors_in("成員國", lang, (&other, en)), (0, 0));
        // An address copied as it is is kept; one written otherwise, or a
        // short code, is neither kept nor lost.
        assert_eq!(anchors_in("請致函info@un.org", lang, (&other, en)), (0, 1));
        assert_eq!(anchors_in("請致函info@sco.org或詢問AI", lang, (&other, en)), (0, 0));
        // A symbol with numbers counts as its numbers, not once more.
        let doc = "see document S/2025/12";
        let numbers: Vec<u64> = located(doc, crate::Lang::En).iter().map(|n| n.value).collect();
        assert_eq!(anchors_in("見S/2025/12號文件", lang, (&numbers, doc)), (0, 2));
    }
}
