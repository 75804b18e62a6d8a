//! Shared by the quality tests: a seeded generator of damaged versions.

#![allow(dead_code)]

use clausediff::{segment, Lang, Level, SegmentOptions, UnitKind};

/// A small deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// A number below `n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// What an edit did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Damage {
    /// A sentence or clause deleted.
    Deleted,
    /// A number changed.
    Number,
    /// A paragraph moved elsewhere.
    Moved,
    /// A word replaced.
    Replaced,
}

/// One edit of the original text: bytes `span` replaced by `with`, or (a
/// move) removed and inserted at `insert_at`.
pub struct Edit {
    pub span: (usize, usize),
    pub with: String,
    pub insert_at: Option<usize>,
    pub kind: Damage,
}

/// How many edits of each kind.
pub struct Plan {
    pub sentences: usize,
    pub clauses: usize,
    pub numbers: usize,
    pub moves: usize,
    pub words: usize,
}

/// Whether half-open byte ranges overlap.
pub fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// Damage `text` as `plan` says; every edit in its own paragraph, away from the others.
pub fn damage(text: &str, lang: Lang, seed: u64, plan: &Plan) -> (String, Vec<Edit>) {
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
            .filter(|u| u.para == p && u.kind == UnitKind::Text)
            .map(|u| (u.span.start, u.span.end))
            .collect()
    };
    let long = |s: &str| if lang.is_chinese() { s.chars().count() >= 8 } else { s.split_whitespace().count() >= 5 };
    for _ in 0..plan.sentences {
        if let Some(p) = pick_para(&mut rng, &mut used, &|p| text_units(&sents, p).len() >= 2) {
            let units = text_units(&sents, p);
            let (a, b) = units[rng.below(units.len())];
            edits.push(Edit { span: (a, b), with: String::new(), insert_at: None, kind: Damage::Deleted });
        }
    }
    for _ in 0..plan.clauses {
        let ok = |p: usize| text_units(&clauses, p).len() > text_units(&sents, p).len();
        if let Some(p) = pick_para(&mut rng, &mut used, &ok) {
            let inner: Vec<(usize, usize)> = text_units(&clauses, p)
                .into_iter()
                .filter(|&(a, b)| long(&text[a..b]))
                .filter(|c| !text_units(&sents, p).contains(c) && !text[c.0..c.1].trim_end().ends_with(['。', '.']))
                .collect();
            if let Some(&(a, b)) = inner.get(rng.below(inner.len())) {
                let b = b + text[b..].len() - text[b..].trim_start_matches(' ').len();
                edits.push(Edit { span: (a, b), with: String::new(), insert_at: None, kind: Damage::Deleted });
            }
        }
    }
    for _ in 0..plan.numbers {
        let has_digit = |p: usize| sents.paragraphs[p].text(text).chars().any(|c| c.is_ascii_digit());
        if let Some(p) = pick_para(&mut rng, &mut used, &has_digit) {
            let span = sents.paragraphs[p];
            let s = span.text(text);
            let mut digits = Vec::new();
            let mut start = None;
            for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
                match (c.is_ascii_digit(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(st)) => {
                        digits.push((span.start + st, span.start + i));
                        start = None;
                    }
                    _ => {}
                }
            }
            let (a, b) = digits[rng.below(digits.len())];
            let n: u64 = text[a..b].parse().unwrap_or(0);
            let with = (n + 1 + rng.below(5) as u64).to_string();
            edits.push(Edit { span: (a, b), with, insert_at: None, kind: Damage::Number });
        }
    }
    for _ in 0..plan.moves {
        let single = |p: usize| text_units(&sents, p).len() == 1 && long(sents.paragraphs[p].text(text));
        if let Some(p) = pick_para(&mut rng, &mut used, &single) {
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
    }
    for _ in 0..plan.words {
        if let Some(p) = pick_para(&mut rng, &mut used, &|p| long(sents.paragraphs[p].text(text))) {
            let span = sents.paragraphs[p];
            let s = span.text(text);
            let (a, b, with) = if lang.is_chinese() {
                let idx: Vec<usize> =
                    s.char_indices().filter(|(_, c)| clausediff::text::is_han(*c)).map(|(i, _)| i).collect();
                let i = idx[idx.len() / 2];
                (span.start + i, span.start + i + 6, "修訂".to_string())
            } else {
                let mut pos = 0;
                let mut words = Vec::new();
                for w in s.split(' ') {
                    if w.len() >= 6 && w.chars().all(char::is_alphabetic) {
                        words.push((pos, w.len()));
                    }
                    pos += w.len() + 1;
                }
                let (at, len) = words[words.len() / 2];
                let with = if lang == Lang::Ru { "изменённый" } else { "altered" };
                (span.start + at, span.start + at + len, with.to_string())
            };
            edits.push(Edit { span: (a, b), with, insert_at: None, kind: Damage::Replaced });
        }
    }
    let mut ops: Vec<(usize, usize, String)> = Vec::new();
    for e in &edits {
        match e.insert_at {
            Some(at) => {
                let para = &text[e.span.0..e.span.1];
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
