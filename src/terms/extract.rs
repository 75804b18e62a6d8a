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
    /// An example unit pair.
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

/// Word n-grams of a unit (stem sequence → written form).
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
            out.entry(key.join(" ")).or_insert_with(|| written.to_string());
        }
    }
    out
}

/// Mine candidate pairs from aligned unit pairs (Chinese text, other text);
/// an error when the dictionary the Chinese is cut with cannot be loaded.
pub fn extract(pairs: &[(String, String)], target_lang: Lang, opts: &ExtractOptions) -> Result<Vec<Candidate>> {
    let lex = Lexicon::bundled()?;
    let grams: Vec<(HashMap<String, String>, HashMap<String, String>)> =
        pairs.iter().map(|(z, t)| (chinese_grams(lex, z), word_grams(t, target_lang))).collect();
    let mut fz: HashMap<&str, usize> = HashMap::new();
    let mut ft: HashMap<&str, usize> = HashMap::new();
    for (z, t) in &grams {
        for k in z.keys() {
            *fz.entry(k).or_default() += 1;
        }
        for k in t.keys() {
            *ft.entry(k).or_default() += 1;
        }
    }
    let min = opts.min_cooccurrence.max(1);
    let mut joint: HashMap<(&str, &str), (usize, usize)> = HashMap::new();
    for (p, (z, t)) in grams.iter().enumerate() {
        for zk in z.keys().filter(|k| fz[k.as_str()] >= min) {
            for tk in t.keys().filter(|k| ft[k.as_str()] >= min) {
                joint.entry((zk, tk)).or_insert((0, p)).0 += 1;
            }
        }
    }
    let mut scored: Vec<(f64, f64, &str, &str, usize, usize)> = joint
        .into_iter()
        .filter(|(_, (c, _))| *c >= min)
        .map(|((z, t), (c, p))| {
            let dice = 2.0 * c as f64 / (fz[z] + ft[t]) as f64;
            let written = grams[p].1.get(t).map_or(t, String::as_str);
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
    // Competitive linking: each side used once; a Chinese n-gram inside or
    // around an accepted one with the same counts is the same term.
    let mut used_z: Vec<&str> = Vec::new();
    let mut used_t: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for (score, dice, z, t, c, p) in scored {
        if out.len() >= opts.top {
            break;
        }
        if used_t.contains(t) || used_z.iter().any(|u| u.contains(z) || z.contains(u)) {
            continue;
        }
        used_z.push(z);
        used_t.insert(t);
        let (zg, tg) = &grams[p];
        out.push(Candidate {
            source: zg.get(z).cloned().unwrap_or_else(|| z.to_string()),
            target: tg.get(t).cloned().unwrap_or_else(|| t.to_string()),
            score,
            dice,
            cooccurrences: c,
            example: pairs[p].clone(),
        });
    }
    Ok(out)
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
}
