//! `diff` quality: the conversion errors of the bundled traditional text, and
//! damaged releases made by a seeded generator (sentences and clauses deleted,
//! numbers altered, a paragraph moved, words replaced) checked against what
//! the generator did.

use clausediff::diff::{diff, DiffOptions};
use clausediff::report::{Finding, Kind};
use clausediff::{segment, Document, Lang, Level, SegmentOptions};

fn load(path: &str) -> Document {
    Document::load(std::path::Path::new(path), &Default::default()).expect("bundled text loads")
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[test]
fn every_listed_conversion_error_is_found_and_nothing_is_wording() {
    let old = load("texts/tianjin/zh-Hant.txt");
    let new = load("texts/tianjin/zh-Hans.txt");
    let result = diff(&old, &new, &DiffOptions::default()).expect("diff runs");
    let findings = &result.report.findings;
    let wording: Vec<&Finding> = findings.iter().filter(|f| f.kind == Kind::Wording).collect();
    assert!(wording.is_empty(), "wording findings: {wording:#?}");
    let errors: Vec<(usize, usize)> = findings
        .iter()
        .filter(|f| f.kind == Kind::ConversionError)
        .filter_map(|f| f.master.as_ref().map(|m| (m.start, m.end)))
        .collect();
    let tsv = std::fs::read_to_string("texts/tianjin/conversion-errors.tsv").expect("tsv");
    let mut listed = 0;
    for line in tsv.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.get(7) != Some(&"yes") {
            continue;
        }
        listed += 1;
        let span = (f[1].parse::<usize>().expect("start"), f[2].parse::<usize>().expect("end"));
        assert!(errors.iter().any(|&e| overlaps(e, span)), "not reported as conversion-error: {line}");
    }
    assert!(listed >= 14, "{listed}");
    let kinds: std::collections::BTreeSet<Kind> = findings.iter().map(|f| f.kind).collect();
    assert!(kinds.iter().all(|k| matches!(k, Kind::Script | Kind::ConversionError)), "{kinds:?}");
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Damage {
    Deleted,
    Number,
    Moved,
    Replaced,
}

/// One edit: replace bytes `span` of the original by `with` (a move is a
/// deletion plus an insertion of the same text elsewhere).
struct Edit {
    span: (usize, usize),
    with: String,
    insert_at: Option<usize>,
    kind: Damage,
}

fn damage(text: &str, lang: Lang, seed: u64) -> (String, Vec<Edit>) {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let opts = SegmentOptions::default();
    let sents = segment(text, lang, Level::Sentence, &opts);
    let clauses = segment(text, lang, Level::Clause, &opts);
    let npara = sents.paragraphs.len();
    let mut used = vec![false; npara];
    let mut edits: Vec<Edit> = Vec::new();
    let pick_para = |rng: &mut Rng, used: &mut [bool], ok: &dyn Fn(usize) -> bool| -> Option<usize> {
        for _ in 0..200 {
            let p = rng.below(npara);
            // keep neighbours apart so that edits do not touch each other
            let free = (p.saturating_sub(1)..=(p + 1).min(npara - 1)).all(|q| !used[q]);
            if free && ok(p) {
                used[p] = true;
                return Some(p);
            }
        }
        None
    };
    let text_units = |seg: &clausediff::Segmentation, p: usize| -> Vec<(usize, usize)> {
        seg.units
            .iter()
            .filter(|u| u.para == p && u.kind == clausediff::UnitKind::Text)
            .map(|u| (u.span.start, u.span.end))
            .collect()
    };
    let long = |s: &str| if lang.is_chinese() { s.chars().count() >= 8 } else { s.split_whitespace().count() >= 5 };
    // whole sentences deleted from paragraphs that keep at least one sentence
    for _ in 0..2 {
        if let Some(p) = pick_para(&mut rng, &mut used, &|p| text_units(&sents, p).len() >= 2) {
            let units = text_units(&sents, p);
            let (a, b) = units[rng.below(units.len())];
            edits.push(Edit { span: (a, b), with: String::new(), insert_at: None, kind: Damage::Deleted });
        }
    }
    // clauses deleted from inside a sentence
    for _ in 0..3 {
        let ok = |p: usize| text_units(&clauses, p).len() > text_units(&sents, p).len();
        if let Some(p) = pick_para(&mut rng, &mut used, &ok) {
            let cl: Vec<(usize, usize)> =
                text_units(&clauses, p).into_iter().filter(|&(a, b)| long(&text[a..b])).collect();
            let inner: Vec<(usize, usize)> = cl
                .into_iter()
                .filter(|c| !text_units(&sents, p).contains(c) && !text[c.0..c.1].trim_end().ends_with(['。', '.']))
                .collect();
            if let Some(&(a, b)) = inner.get(rng.below(inner.len())) {
                let b = b + text[b..].len() - text[b..].trim_start_matches(' ').len();
                edits.push(Edit { span: (a, b), with: String::new(), insert_at: None, kind: Damage::Deleted });
            }
        }
    }
    // numbers altered
    for _ in 0..3 {
        let has_digit = |p: usize| sents.paragraphs[p].text(text).chars().any(|c| c.is_ascii_digit());
        if let Some(p) = pick_para(&mut rng, &mut used, &has_digit) {
            let span = sents.paragraphs[p];
            let digits: Vec<(usize, usize)> = {
                let s = span.text(text);
                let mut v = Vec::new();
                let mut start = None;
                for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
                    match (c.is_ascii_digit(), start) {
                        (true, None) => start = Some(i),
                        (false, Some(st)) => {
                            v.push((span.start + st, span.start + i));
                            start = None;
                        }
                        _ => {}
                    }
                }
                v
            };
            let (a, b) = digits[rng.below(digits.len())];
            let n: u64 = text[a..b].parse().unwrap_or(0);
            edits.push(Edit {
                span: (a, b),
                with: (n + 1 + rng.below(5) as u64).to_string(),
                insert_at: None,
                kind: Damage::Number,
            });
        }
    }
    // one single-sentence paragraph moved at least ten paragraphs away
    if let Some(p) =
        pick_para(&mut rng, &mut used, &|p| text_units(&sents, p).len() == 1 && long(sents.paragraphs[p].text(text)))
    {
        let targets: Vec<usize> = (0..npara).filter(|&q| q.abs_diff(p) >= 10 && !used[q]).collect();
        if let Some(&q) = targets.get(rng.below(targets.len())) {
            let moved = sents.paragraphs[p];
            let at = sents.paragraphs[q].end;
            edits.push(Edit {
                span: (moved.start, moved.end),
                with: String::new(),
                insert_at: Some(at),
                kind: Damage::Moved,
            });
        }
    }
    // a word replaced
    if let Some(p) = pick_para(&mut rng, &mut used, &|p| long(sents.paragraphs[p].text(text))) {
        let span = sents.paragraphs[p];
        let s = span.text(text);
        let (a, b, with) = if lang.is_chinese() {
            let idx: Vec<usize> =
                s.char_indices().filter(|(_, c)| clausediff::lang::is_han(*c)).map(|(i, _)| i).collect();
            let i = idx[idx.len() / 2];
            (span.start + i, span.start + i + 6, "修訂".to_string())
        } else {
            let words: Vec<(usize, &str)> = s
                .split(' ')
                .scan(0, |pos, w| {
                    let at = *pos;
                    *pos += w.len() + 1;
                    Some((at, w))
                })
                .filter(|(_, w)| w.len() >= 6 && w.chars().all(char::is_alphabetic))
                .collect();
            let (at, w) = words[words.len() / 2];
            let with = if lang == Lang::Ru { "изменённый" } else { "altered" };
            (span.start + at, span.start + at + w.len(), with.to_string())
        };
        edits.push(Edit { span: (a, b), with, insert_at: None, kind: Damage::Replaced });
    }
    // apply edits back to front; a move inserts the paragraph after another one
    let mut ops: Vec<(usize, usize, String)> = Vec::new();
    for e in &edits {
        match e.insert_at {
            Some(at) => {
                let para = &text[e.span.0..e.span.1];
                // remove the paragraph with its blank-line separator, insert it after paragraph q
                let end = e.span.1 + text[e.span.1..].len() - text[e.span.1..].trim_start_matches('\n').len();
                ops.push((e.span.0, end, String::new()));
                ops.push((at, at, format!("\n\n{para}")));
            }
            None => ops.push((e.span.0, e.span.1, e.with.clone())),
        }
    }
    ops.sort_by(|x, y| y.0.cmp(&x.0).then(y.1.cmp(&x.1)));
    let mut out = text.to_string();
    for (a, b, with) in ops {
        out.replace_range(a..b, &with);
    }
    (out, edits)
}

#[derive(Default, Debug)]
struct Tally {
    deleted: usize,
    deleted_found: usize,
    removed_reported: usize,
    removed_correct: usize,
    numbers: usize,
    numbers_found: usize,
    moved: usize,
    moved_found: usize,
}

#[test]
fn damaged_releases_are_reported_as_damaged() {
    let mut t = Tally::default();
    for (path, lang) in [
        ("texts/tianjin/en.txt", Lang::En),
        ("texts/tianjin/ru.txt", Lang::Ru),
        ("texts/tianjin/zh-Hans.txt", Lang::ZhHans),
    ] {
        let original = std::fs::read_to_string(path).expect("text");
        for seed in 1..=4u64 {
            let (damaged, edits) = damage(&original, lang, seed);
            let old = Document::from_text(original.clone(), Some(lang)).expect("doc");
            let new = Document::from_text(damaged, Some(lang)).expect("doc");
            let report = diff(&old, &new, &DiffOptions::default()).expect("diff").report;
            let spans = |k: Kind| -> Vec<(usize, usize)> {
                report
                    .findings
                    .iter()
                    .filter(|f| f.kind == k)
                    .filter_map(|f| f.master.as_ref().map(|m| (m.start, m.end)))
                    .collect()
            };
            let removed = spans(Kind::Removed);
            let deleted: Vec<(usize, usize)> =
                edits.iter().filter(|e| e.kind == Damage::Deleted).map(|e| e.span).collect();
            for d in &deleted {
                t.deleted += 1;
                if removed.iter().any(|r| overlaps(*r, *d)) {
                    t.deleted_found += 1;
                } else {
                    eprintln!("{path} seed {seed}: deletion not reported: {:?}", &original[d.0..d.1]);
                }
            }
            for r in &removed {
                t.removed_reported += 1;
                if deleted.iter().any(|d| overlaps(*r, *d)) {
                    t.removed_correct += 1;
                } else {
                    eprintln!("{path} seed {seed}: removal reported wrongly: {:?}", &original[r.0..r.1]);
                }
            }
            let numbers = spans(Kind::Number);
            for e in edits.iter().filter(|e| e.kind == Damage::Number) {
                t.numbers += 1;
                if numbers.iter().any(|n| overlaps(*n, e.span)) {
                    t.numbers_found += 1;
                } else {
                    eprintln!("{path} seed {seed}: number change not reported: {:?}", &original[e.span.0..e.span.1]);
                }
            }
            let moved = spans(Kind::Moved);
            for e in edits.iter().filter(|e| e.kind == Damage::Moved) {
                t.moved += 1;
                let as_move = moved.iter().any(|m| overlaps(*m, e.span));
                let as_removal = removed.iter().any(|r| overlaps(*r, e.span));
                if as_move && !as_removal {
                    t.moved_found += 1;
                } else {
                    eprintln!(
                        "{path} seed {seed}: move reported as move {as_move}, as removal {as_removal}: {:?}",
                        &original[e.span.0..e.span.1]
                    );
                }
            }
        }
    }
    let recall = t.deleted_found as f64 / t.deleted.max(1) as f64;
    let precision = t.removed_correct as f64 / t.removed_reported.max(1) as f64;
    println!(
        "deletions: recall {recall:.3} ({}/{}), precision {precision:.3} ({}/{}); numbers {}/{}; moves {}/{}",
        t.deleted_found,
        t.deleted,
        t.removed_correct,
        t.removed_reported,
        t.numbers_found,
        t.numbers,
        t.moved_found,
        t.moved
    );
    assert!(t.deleted >= 40 && t.numbers >= 20 && t.moved >= 8, "{t:?}");
    assert!(recall >= 0.95 && precision >= 0.95, "{t:?}");
    assert_eq!(t.numbers_found, t.numbers, "{t:?}");
    assert_eq!(t.moved_found, t.moved, "{t:?}");
}
