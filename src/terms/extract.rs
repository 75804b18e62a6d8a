//! Candidate term pairs mined from aligned units: Chinese word n-grams (one
//! to three CC-CEDICT words, two characters or more) against English or Russian word
//! n-grams (1–4 stemmed words, not starting or ending with a function word),
//! scored by Dice's coefficient over the aligned unit pairs they co-occur in,
//! weighted by the log of the co-occurrence count, and linked one to one
//! (competitive linking).

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::matcher::Words;
use crate::error::Result;
use crate::segment::Span;
use crate::text::lang::zh;
use crate::text::lexicon::Lexicon;
use crate::text::{convert, is_han, Lang};

/// How to extract.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractOptions {
    /// How many candidates to keep.
    pub top: usize,
    /// Minimum number of unit pairs a candidate pair must co-occur in.
    pub min_cooccurrence: usize,
}

impl Default for ExtractOptions {
    fn default() -> Self {
        ExtractOptions { top: 100, min_cooccurrence: 2 }
    }
}

/// One candidate pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    /// The Chinese side, as written in the master.
    pub source: String,
    /// The other side, in its most frequent written form.
    pub target: String,
    /// Dice × ln(1 + co-occurrences) × termhood (longer Chinese, several
    /// words or a capitalised name on the other side weigh more).
    pub score: f64,
    /// Dice's coefficient.
    pub dice: f64,
    /// Unit pairs both occur in.
    pub cooccurrences: usize,
    /// The share of the unit pairs holding the Chinese term whose other
    /// side holds this rendering: how consistently it is rendered so.
    pub confidence: f64,
    /// The other renderings of the Chinese term, where this one is absent
    /// (each the best-scored word n-gram of such a unit pair).
    pub variants: Vec<String>,
    /// An example: each side's term in its context (a few words around it,
    /// the term in brackets).
    pub example: (String, String),
}

/// How much a pair looks like a term rather than common vocabulary: longer
/// Chinese, several words, or a capitalised name on the other side.
fn termhood(zh: &str, written: &str) -> f64 {
    let mut t = 1.0;
    if zh.chars().count() >= 3 {
        t += 0.5;
    }
    if written.split_whitespace().count() >= 2 {
        t += 0.5;
    }
    if written.chars().next().is_some_and(char::is_uppercase) {
        t += 0.5;
    }
    t
}

/// Whether a word cannot begin or end a term: a function word (the lists
/// hold written forms, so the written word is looked up) or a common stem.
fn is_stop(written: &str, stem: &str, lang: Lang) -> bool {
    lang.is_function_word(&written.to_lowercase()) || lang.profile().common_stems.contains(&stem)
}

/// Chinese n-grams of a unit (simplified key → original text): runs of one
/// to three dictionary words (CC-CEDICT, longest match), two characters or
/// more, not crossing punctuation.
fn chinese_grams(lex: &Lexicon, text: &str) -> HashMap<String, String> {
    let orig: Vec<char> = text.chars().collect();
    let key = convert::to_simplified_aligned(text);
    let mut out = HashMap::new();
    let mut i = 0;
    while i < key.len() {
        if !is_han(key[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < key.len() && is_han(key[j]) {
            j += 1;
        }
        let words: Vec<std::ops::Range<usize>> =
            lex.chinese_words(&key[i..j]).into_iter().map(|r| r.start + i..r.end + i).collect();
        for a in 0..words.len() {
            for n in 1..=3 {
                if a + n > words.len() {
                    break;
                }
                let (s, e) = (words[a].start, words[a + n - 1].end);
                let edge = |c: char| zh::TERM_EDGES.contains(c);
                if e - s >= 2 && !edge(key[s]) && !edge(key[e - 1]) {
                    let k: String = key[s..e].iter().collect();
                    out.entry(k).or_insert_with(|| orig[s..e].iter().collect());
                }
            }
        }
        i = j;
    }
    out
}

/// Word n-grams of a unit (stem sequence → written form; a form that
/// begins the unit has its first letter lowered when the rest of it is
/// not capitalised: "Strengthening" there is "strengthening").
fn word_grams(text: &str, lang: Lang) -> HashMap<String, String> {
    let words = Words::of(text, lang).words;
    let mut out = HashMap::new();
    for a in 0..words.len() {
        for n in 1..=4 {
            if a + n > words.len() {
                break;
            }
            let seq = &words[a..a + n];
            let first = &seq[0].1;
            let stop = |(span, stem): &(Span, String)| is_stop(span.text(text), stem, lang);
            if stop(&seq[0]) || stop(&seq[n - 1]) || first.chars().all(|c| c.is_ascii_digit()) {
                continue;
            }
            if n == 1 && first.chars().count() < 3 {
                continue;
            }
            let key: Vec<&str> = seq.iter().map(|(_, s)| s.as_str()).collect();
            let written = &text[seq[0].0.start..seq[n - 1].0.end];
            let written = if a == 0 { lower_initial(written) } else { written.to_string() };
            out.entry(key.join(" ")).or_insert(written);
        }
    }
    out
}

/// `w` with its first letter lowered, unless its first word looks like a
/// name or an acronym (another capital letter in it, or a capitalised word
/// after it).
fn lower_initial(w: &str) -> String {
    let mut words = w.split_whitespace();
    let first = words.next().unwrap_or("");
    let capital_later = first.chars().skip(1).any(char::is_uppercase)
        || words.any(|x| x.chars().next().is_some_and(char::is_uppercase));
    let mut chars = w.chars();
    match chars.next() {
        Some(c) if c.is_uppercase() && !capital_later => c.to_lowercase().chain(chars).collect(),
        _ => w.to_string(),
    }
}

/// The form to show of a word n-gram written `forms` ways (with counts):
/// the shortest spelling (the base form of an inflected word: Устав before
/// Устава, strengthen before strengthening), then the most frequent; of its
/// capitalisations, the lower-case one when the text has it anywhere.
fn base_form(forms: &HashMap<String, usize>) -> Option<String> {
    let mut spellings: HashMap<String, (usize, Vec<&str>)> = HashMap::new();
    for (f, n) in forms {
        let e = spellings.entry(f.to_lowercase()).or_default();
        e.0 += n;
        e.1.push(f);
    }
    let (_, (_, written)) = spellings
        .iter()
        .min_by(|a, b| a.0.chars().count().cmp(&b.0.chars().count()).then(b.1 .0.cmp(&a.1 .0)).then(a.0.cmp(b.0)))?;
    let lower = written.iter().find(|w| w.chars().next().is_some_and(char::is_lowercase));
    let most = written.iter().max_by(|a, b| forms[**a].cmp(&forms[**b]).then(b.cmp(a)));
    lower.or(most).map(|w| w.to_string())
}

/// `term` in `text` with up to `n` characters of context on each side, in
/// brackets; the start of `text` when it is not there.
fn kwic(text: &str, term: &str, n: usize) -> String {
    let Some(at) = text.find(term).or_else(|| {
        text.to_lowercase()
            .find(&term.to_lowercase())
            .filter(|&i| text.is_char_boundary(i) && text.is_char_boundary((i + term.len()).min(text.len())))
    }) else {
        let head: String = text.chars().take(2 * n).collect();
        return if head.len() < text.len() { format!("{head}…") } else { head };
    };
    let end = (at + term.len()).min(text.len());
    let left: Vec<char> = text[..at].chars().collect();
    let right: Vec<char> = text[end..].chars().collect();
    let l: String = left[left.len().saturating_sub(n)..].iter().collect();
    let r: String = right[..right.len().min(n)].iter().collect();
    format!(
        "{}{}[{}]{}{}",
        if left.len() > n { "…" } else { "" },
        l,
        &text[at..end],
        r,
        if right.len() > n { "…" } else { "" }
    )
}

/// The n-grams of one unit pair: Chinese key → written, word key → written.
type UnitGrams = (HashMap<String, String>, HashMap<String, String>);

/// The n-grams of every unit pair, and how many unit pairs hold each.
struct Grams<'a> {
    units: &'a [UnitGrams],
    fz: HashMap<&'a str, usize>,
    ft: HashMap<&'a str, usize>,
}

impl<'a> Grams<'a> {
    fn of(units: &'a [UnitGrams]) -> Grams<'a> {
        let (mut fz, mut ft): (HashMap<&str, usize>, HashMap<&str, usize>) = (HashMap::new(), HashMap::new());
        for (z, t) in units {
            z.keys().for_each(|k| *fz.entry(k).or_default() += 1);
            t.keys().for_each(|k| *ft.entry(k).or_default() += 1);
        }
        Grams { units, fz, ft }
    }

    /// Every pair of n-grams found together in at least `min` unit pairs:
    /// (score, Dice, Chinese key, word key, unit pairs, the first of them).
    fn scored(&self, min: usize) -> Vec<Scored<'a>> {
        let mut joint: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
        for (p, (z, t)) in self.units.iter().enumerate() {
            for zk in z.keys().filter(|k| self.fz[k.as_str()] >= min) {
                for tk in t.keys().filter(|k| self.ft[k.as_str()] >= min) {
                    joint.entry((zk, tk)).or_insert((0, p)).0 += 1;
                }
            }
        }
        let mut scored: Vec<Scored<'a>> = joint
            .into_iter()
            .filter(|(_, (c, _))| *c >= min)
            .map(|((z, t), (c, p))| {
                let dice = 2.0 * c as f64 / (self.fz[z] + self.ft[t]) as f64;
                let written = self.units[p].1.get(t).map_or(t, String::as_str);
                (dice * (1.0 + c as f64).ln() * termhood(z, written), dice, z, t, c, p)
            })
            .collect();
        // Ties go to the longer Chinese n-gram, then to the longer word n-gram.
        scored.sort_by(|a, b| {
            b.0.total_cmp(&a.0)
                .then(b.2.chars().count().cmp(&a.2.chars().count()))
                .then(b.3.split(' ').count().cmp(&a.3.split(' ').count()))
                .then(a.2.cmp(b.2))
                .then(a.3.cmp(b.3))
        });
        scored
    }

    /// The written forms of word key `t` over the unit pairs `which`, counted.
    fn forms(&self, t: &str, which: impl Iterator<Item = usize>) -> HashMap<String, usize> {
        let mut forms = HashMap::new();
        for p in which {
            if let Some(w) = self.units[p].1.get(t) {
                *forms.entry(w.clone()).or_default() += 1;
            }
        }
        forms
    }
}

/// A scored pair: (score, Dice, Chinese key, word key, unit pairs, first unit pair).
type Scored<'a> = (f64, f64, &'a str, &'a str, usize, usize);

/// Mine candidate pairs from aligned unit pairs (Chinese text, other text);
/// an error when the dictionary the Chinese is cut with cannot be loaded.
pub fn extract(pairs: &[(String, String)], target_lang: Lang, opts: &ExtractOptions) -> Result<Vec<Candidate>> {
    let lex = Lexicon::bundled()?;
    let units: Vec<UnitGrams> =
        pairs.iter().map(|(z, t)| (chinese_grams(lex, z), word_grams(t, target_lang))).collect();
    let grams = Grams::of(&units);
    let scored = grams.scored(opts.min_cooccurrence.max(1));
    let best: HashMap<(&str, &str), f64> = scored.iter().map(|s| ((s.2, s.3), s.0)).collect();
    // Competitive linking: each side used once; a Chinese n-gram inside or
    // around an accepted one with the same counts is the same term.
    let mut used_z: Vec<&str> = Vec::new();
    let mut used_t: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for &(score, dice, z, t, c, p) in &scored {
        if out.len() >= opts.top {
            break;
        }
        if used_t.contains(t) || used_z.iter().any(|u| u.contains(z) || z.contains(u)) {
            continue;
        }
        used_z.push(z);
        used_t.insert(t);
        let with_z: Vec<usize> = (0..units.len()).filter(|&q| units[q].0.contains_key(z)).collect();
        let source = units[p].0.get(z).cloned().unwrap_or_else(|| z.to_string());
        let target = base_form(&grams.forms(t, with_z.iter().copied())).unwrap_or_else(|| t.to_string());
        out.push(Candidate {
            example: (kwic(&pairs[p].0, &source, 12), kwic(&pairs[p].1, &units[p].1[t], 30)),
            variants: variants(&grams, &best, (z, t), &with_z),
            confidence: c as f64 / with_z.len().max(1) as f64,
            source,
            target,
            score,
            dice,
            cooccurrences: c,
        });
    }
    Ok(out)
}

/// Where the unit pairs `with_z` holding Chinese key `z` lack rendering
/// `t`: the best-scored word n-gram of each such pair, as written (in its
/// base form), most frequent first.
fn variants(
    grams: &Grams<'_>,
    best: &HashMap<(&str, &str), f64>,
    (z, t): (&str, &str),
    with_z: &[usize],
) -> Vec<String> {
    let mut counts: HashMap<&str, Vec<usize>> = HashMap::new();
    for &q in with_z.iter().filter(|&&q| !grams.units[q].1.contains_key(t)) {
        let other = grams.units[q].1.keys().filter_map(|k| best.get(&(z, k.as_str())).map(|s| (*s, k.as_str())));
        if let Some((_, k)) = other.max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1))) {
            counts.entry(k).or_default().push(q);
        }
    }
    let mut v: Vec<(usize, String)> = counts
        .into_iter()
        .filter_map(|(k, qs)| base_form(&grams.forms(k, qs.iter().copied())).map(|f| (qs.len(), f)))
        .collect();
    v.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    v.dedup_by(|a, b| a.1 == b.1);
    v.into_iter().map(|(_, f)| f).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_do_not_begin_or_end_with_a_function_word() {
        // The lists hold written words ("including", "между"); their stems
        // ("includ", "межд") would not match them.
        let en = word_grams("including food security", Lang::En);
        assert!(en.contains_key("food secur"), "{en:?}");
        assert!(!en.keys().any(|k| k.starts_with("includ")), "{en:?}");
        let ru = word_grams("сотрудничество между государствами", Lang::Ru);
        assert!(!ru.keys().any(|k| k.starts_with("межд") || k.ends_with("межд")), "{ru:?}");
    }

    #[test]
    fn finds_a_repeated_pair() {
        let pairs: Vec<(String, String)> = [
            ("成員國支持禁毒合作。", "The Member States support drug control cooperation."),
            ("禁毒合作十分重要。", "Drug control cooperation is important."),
            ("成員國歡迎禁毒合作成果。", "The Member States welcome the results of drug control cooperation."),
            ("反恐演習取得成果。", "The counter-terrorism exercise was successful."),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let c = extract(&pairs, Lang::En, &ExtractOptions::default()).expect("the dictionary loads");
        assert!(!c.is_empty());
        assert_eq!(c[0].source, "禁毒合作");
        assert!(c[0].target.to_lowercase().contains("drug control"), "{:?}", c[0]);
    }

    #[test]
    fn base_forms_kwic_confidence_and_variants() {
        let forms: HashMap<String, usize> =
            [("Устава ООН", 3), ("Устав ООН", 1), ("Уставом ООН", 1)].map(|(f, n)| (f.to_string(), n)).into();
        assert_eq!(base_form(&forms).as_deref(), Some("Устав ООН"));
        let forms: HashMap<String, usize> =
            [("Sustainable Development", 3), ("sustainable development", 1)].map(|(f, n)| (f.to_string(), n)).into();
        assert_eq!(base_form(&forms).as_deref(), Some("sustainable development"));
        assert_eq!(lower_initial("Strengthening cooperation"), "strengthening cooperation");
        assert_eq!(lower_initial("SCO Charter"), "SCO Charter");
        assert_eq!(lower_initial("United Nations"), "United Nations");
        assert_eq!(kwic("one two three four five", "three", 4), "…two [three] fou…");
        let pairs: Vec<(String, String)> = [
            ("禁毒合作十分重要。", "Drug control cooperation is important."),
            ("成員國支持禁毒合作。", "The Member States support drug control cooperation."),
            ("成員國歡迎禁毒合作成果。", "The Member States welcome the results of drug control cooperation."),
            ("禁毒合作仍需加強。", "Counter-narcotics work needs strengthening."),
            ("禁毒合作是優先事項。", "Counter-narcotics work is a priority."),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        let c = extract(&pairs, Lang::En, &ExtractOptions::default()).expect("the dictionary loads");
        let top = c.iter().find(|c| c.source == "禁毒合作").expect("the term");
        assert_eq!(top.target, "drug control cooperation", "{top:?}");
        assert!((top.confidence - 0.6).abs() < 1e-9, "3 of 5 unit pairs: {top:?}");
        assert!(top.variants.iter().any(|v| v.contains("counter-narcotics")), "{top:?}");
        assert!(
            top.example.1.contains("[drug control cooperation]")
                || top.example.1.contains("[Drug control cooperation]")
        );
    }
}
