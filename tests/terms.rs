//! Terminology on the bundled texts: every glossary term is found in every
//! version; renderings replaced or removed by a seeded generator are all
//! reported; extraction finds real term pairs.

mod common;

use clausediff::check::{check, CheckOptions};
use clausediff::report::Kind;
use clausediff::terms::extract::{extract, ExtractOptions};
use clausediff::terms::{analyse, matcher, Glossary};
use clausediff::{Document, Lang};
use common::{overlaps, Rng};

const VERSIONS: [(&str, Lang); 3] = [("en", Lang::En), ("ru", Lang::Ru), ("zh-Hans", Lang::ZhHans)];

fn load(tag: &str) -> Document {
    Document::load(std::path::Path::new(&format!("texts/tianjin/{tag}.txt")), &Default::default())
        .expect("bundled text")
}

fn glossary() -> Glossary {
    Glossary::read(std::path::Path::new("texts/tianjin/glossary.tsv")).expect("bundled glossary")
}

#[test]
fn untouched_texts_have_every_term() {
    let g = glossary();
    assert!(g.entries.len() >= 40, "{}", g.entries.len());
    let master = load("zh-Hant");
    let versions: Vec<Document> = VERSIONS.iter().map(|(t, _)| load(t)).collect();
    let refs: Vec<&Document> = versions.iter().collect();
    let aligned = check(&master, &refs, &CheckOptions::default()).expect("check");
    let result = analyse(&master, &refs, &aligned.aligned, &g);
    let bad: Vec<_> =
        result.findings.iter().filter(|f| matches!(f.kind, Kind::TermMissing | Kind::TermVariant)).collect();
    assert!(bad.is_empty(), "{bad:#?}");
    let mut located = 0;
    for t in &result.terms {
        for v in &t.versions {
            let found: usize = v.renderings.iter().map(|(_, c)| c).sum();
            assert_eq!(found + v.several + v.unaligned + v.missing, t.occurrences, "{t:?}");
            located += found + v.several;
        }
    }
    println!("{} glossary terms, {} occurrences located across versions", result.terms.len(), located);
    assert!(result.terms.len() >= 40);
}

#[test]
fn replaced_or_removed_renderings_are_reported() {
    let g = glossary();
    let master = load("zh-Hant");
    let (mut damaged_total, mut reported_total) = (0, 0);
    for (tag, lang) in VERSIONS {
        let original = std::fs::read_to_string(format!("texts/tianjin/{tag}.txt")).expect("text");
        for seed in 1..=3u64 {
            let mut rng = Rng(seed * 7919 + tag.len() as u64);
            let ops = term_edits(&g, &original, lang, &mut rng);
            let text = apply(&original, &ops);
            let doc = Document::from_text(text, Some(lang)).expect("doc");
            let aligned = check(&master, &[&doc], &CheckOptions::default()).expect("check");
            let result = analyse(&master, &[&doc], &aligned.aligned, &g);
            // reported: a term-missing finding, or (when the damage left the unit
            // without a counterpart) check's own missing/added finding
            let missing: Vec<_> = result
                .findings
                .iter()
                .chain(aligned.report.findings.iter())
                .filter(|f| matches!(f.kind, Kind::TermMissing | Kind::Added | Kind::Length))
                .collect();
            // the line of each damaged place and its neighbours: a short unit
            // whose term was removed may be aligned one unit off
            let lines = lines_of(&doc.text);
            for p in shifted_positions(&ops) {
                damaged_total += 1;
                let k = lines.iter().position(|&(a, b)| a <= p && p <= b).unwrap_or(0);
                let (lo, hi) = (lines[k.saturating_sub(1)].0, lines[(k + 1).min(lines.len() - 1)].1);
                if missing.iter().any(|f| f.other.as_ref().is_some_and(|o| o.start <= hi && o.end >= lo)) {
                    reported_total += 1;
                } else {
                    eprintln!("{tag} seed {seed}: damage at {p} not reported");
                }
            }
        }
    }
    println!("damaged renderings reported: {reported_total}/{damaged_total}");
    assert!(damaged_total >= 20);
    assert_eq!(reported_total, damaged_total);
}

/// Up to 16 renderings of glossary terms removed or replaced by another
/// entry's rendering, each the only rendering of its term in its paragraph,
/// one a paragraph: (start, end, replacement).
fn term_edits(g: &Glossary, original: &str, lang: Lang, rng: &mut Rng) -> Vec<(usize, usize, String)> {
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut used: Vec<(usize, usize)> = Vec::new();
    for _ in 0..600 {
        if edits.len() >= 8 {
            break;
        }
        let e = &g.entries[rng.below(g.entries.len())];
        let forms = e.forms(lang);
        if forms.is_empty() {
            continue;
        }
        let hits = matcher::find(original, lang, forms);
        if hits.is_empty() {
            continue;
        }
        let h = hits[rng.below(hits.len())];
        let ps = original[..h.span.start].rfind('\n').map_or(0, |x| x + 1);
        let pe = original[h.span.start..].find('\n').map_or(original.len(), |x| h.span.start + x);
        let in_para = hits.iter().filter(|x| x.span.start >= ps && x.span.end <= pe).count();
        if in_para != 1 || used.iter().any(|u| overlaps(*u, (ps, pe))) {
            continue;
        }
        let with = if rng.below(2) == 0 {
            String::new()
        } else {
            let others = g.entries.iter().filter(|o| !std::ptr::eq(*o, e));
            others.filter_map(|o| o.forms(lang).first()).nth(rng.below(30)).cloned().unwrap_or_default()
        };
        edits.push((h.span.start, h.span.end, with));
        used.push((ps, pe));
    }
    edits
}

/// `text` with `ops` made.
fn apply(text: &str, ops: &[(usize, usize, String)]) -> String {
    let mut ops = ops.to_vec();
    ops.sort_by_key(|o| std::cmp::Reverse(o.0));
    let mut out = text.to_string();
    for (a, b, w) in &ops {
        out.replace_range(*a..*b, w);
    }
    out
}

/// Where each edit of `ops` begins in the edited text.
fn shifted_positions(ops: &[(usize, usize, String)]) -> Vec<usize> {
    let mut sorted = ops.to_vec();
    sorted.sort_by_key(|o| o.0);
    let mut shift: i64 = 0;
    let mut positions = Vec::new();
    for (a, b, w) in &sorted {
        positions.push((*a as i64 + shift) as usize);
        shift += w.len() as i64 - (*b - *a) as i64;
    }
    positions
}

/// The non-empty lines of `t`, as byte ranges (the last one even when empty).
fn lines_of(t: &str) -> Vec<(usize, usize)> {
    let mut v = Vec::new();
    let mut start = 0;
    for (i, c) in t.char_indices() {
        if c == '\n' {
            if i > start {
                v.push((start, i));
            }
            start = i + 1;
        }
    }
    v.push((start, t.len()));
    v
}

#[test]
fn extraction_finds_term_pairs() {
    let master = load("zh-Hant");
    let en = load("en");
    let aligned = check(&master, &[&en], &CheckOptions::default()).expect("check");
    let pairs = aligned.aligned.unit_pairs(&master, &en, 0);
    let cands = extract(&pairs, Lang::En, &ExtractOptions { top: 40, ..Default::default() }).expect("dictionary");
    assert_eq!(cands.len(), 40);
    let g = glossary();
    let checked = std::fs::read_to_string("tests/fixtures/extract-zh-Hant-en.tsv").expect("fixture");
    let hand: Vec<(&str, &str)> =
        checked.lines().filter(|l| !l.starts_with('#')).filter_map(|l| l.split_once('\t')).collect();
    let correct = |zh: &str, en: &str| -> bool {
        let en_l = en.to_lowercase();
        hand.iter().any(|(z, e)| *z == zh && e.to_lowercase() == en_l)
            || g.entries.iter().any(|e| {
                e.forms(Lang::ZhHant).iter().any(|z| z == zh)
                    && e.forms(Lang::En).iter().any(|x| x.to_lowercase() == en_l)
            })
    };
    let good = cands.iter().filter(|c| correct(&c.source, &c.target)).count();
    println!("extraction: {good}/40 of the top 40 are correct term pairs");
    assert!(good * 100 >= 60 * 40, "{good}/40");
}
