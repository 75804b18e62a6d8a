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
    let opts = SegmentOptions::default();
    let mut d = Damager {
        text,
        lang,
        rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
        sents: segment(text, lang, Level::Sentence, &opts),
        clauses: segment(text, lang, Level::Clause, &opts),
        used: Vec::new(),
        edits: Vec::new(),
    };
    d.used = vec![false; d.sents.paragraphs.len()];
    (0..plan.sentences).for_each(|_| d.delete_sentence());
    (0..plan.clauses).for_each(|_| d.delete_clause());
    (0..plan.numbers).for_each(|_| d.change_number());
    (0..plan.moves).for_each(|_| d.move_paragraph());
    (0..plan.words).for_each(|_| d.replace_word());
    (apply(text, &d.edits), d.edits)
}

/// The state of [`damage`]: the text, its units, which paragraphs are
/// taken, and the edits so far.
struct Damager<'a> {
    text: &'a str,
    lang: Lang,
    rng: Rng,
    sents: clausediff::Segmentation,
    clauses: clausediff::Segmentation,
    used: Vec<bool>,
    edits: Vec<Edit>,
}

impl Damager<'_> {
    /// A paragraph that `ok` accepts and that neither it nor its neighbours
    /// were edited; it is taken.
    fn pick_para(&mut self, ok: &dyn Fn(&Self, usize) -> bool) -> Option<usize> {
        let npara = self.sents.paragraphs.len();
        for _ in 0..200 {
            let p = self.rng.below(npara);
            let free = (p.saturating_sub(1)..=(p + 1).min(npara - 1)).all(|q| !self.used[q]);
            if free && ok(self, p) {
                self.used[p] = true;
                return Some(p);
            }
        }
        None
    }

    /// The spans of the text units of paragraph `p` in `seg`.
    fn text_units(seg: &clausediff::Segmentation, p: usize) -> Vec<(usize, usize)> {
        seg.units
            .iter()
            .filter(|u| u.para == p && u.kind == UnitKind::Text)
            .map(|u| (u.span.start, u.span.end))
            .collect()
    }

    fn long(&self, s: &str) -> bool {
        if self.lang.is_chinese() {
            s.chars().count() >= 8
        } else {
            s.split_whitespace().count() >= 5
        }
    }

    fn push(&mut self, span: (usize, usize), with: String, insert_at: Option<usize>, kind: Damage) {
        self.edits.push(Edit { span, with, insert_at, kind });
    }

    fn delete_sentence(&mut self) {
        if let Some(p) = self.pick_para(&|d, p| Self::text_units(&d.sents, p).len() >= 2) {
            let units = Self::text_units(&self.sents, p);
            let span = units[self.rng.below(units.len())];
            self.push(span, String::new(), None, Damage::Deleted);
        }
    }

    fn delete_clause(&mut self) {
        let ok = |d: &Self, p: usize| Self::text_units(&d.clauses, p).len() > Self::text_units(&d.sents, p).len();
        let Some(p) = self.pick_para(&ok) else { return };
        let text = self.text;
        let sents = Self::text_units(&self.sents, p);
        let inner: Vec<(usize, usize)> = Self::text_units(&self.clauses, p)
            .into_iter()
            .filter(|&(a, b)| self.long(&text[a..b]))
            .filter(|c| !sents.contains(c) && !text[c.0..c.1].trim_end().ends_with(['。', '.']))
            .collect();
        if let Some(&(a, b)) = inner.get(self.rng.below(inner.len())) {
            let b = b + text[b..].len() - text[b..].trim_start_matches(' ').len();
            self.push((a, b), String::new(), None, Damage::Deleted);
        }
    }

    fn change_number(&mut self) {
        let has_digit = |d: &Self, p: usize| d.sents.paragraphs[p].text(d.text).chars().any(|c| c.is_ascii_digit());
        let Some(p) = self.pick_para(&has_digit) else { return };
        let span = self.sents.paragraphs[p];
        let s = span.text(self.text);
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
        let (a, b) = digits[self.rng.below(digits.len())];
        let n: u64 = self.text[a..b].parse().unwrap_or(0);
        let with = (n + 1 + self.rng.below(5) as u64).to_string();
        self.push((a, b), with, None, Damage::Number);
    }

    fn move_paragraph(&mut self) {
        let single =
            |d: &Self, p: usize| Self::text_units(&d.sents, p).len() == 1 && d.long(d.sents.paragraphs[p].text(d.text));
        let Some(p) = self.pick_para(&single) else { return };
        let targets: Vec<usize> =
            (0..self.sents.paragraphs.len()).filter(|&q| q.abs_diff(p) >= 10 && !self.used[q]).collect();
        if let Some(&q) = targets.get(self.rng.below(targets.len())) {
            let moved = self.sents.paragraphs[p];
            let at = self.sents.paragraphs[q].end;
            self.push((moved.start, moved.end), String::new(), Some(at), Damage::Moved);
        }
    }

    fn replace_word(&mut self) {
        let Some(p) = self.pick_para(&|d, p| d.long(d.sents.paragraphs[p].text(d.text))) else { return };
        let span = self.sents.paragraphs[p];
        let s = span.text(self.text);
        let (a, b, with) = if self.lang.is_chinese() {
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
            let with = if self.lang == Lang::Ru { "изменённый" } else { "altered" };
            (span.start + at, span.start + at + len, with.to_string())
        };
        self.push((a, b), with, None, Damage::Replaced);
    }
}

/// `text` with `edits` made (from the end, so that offsets hold).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut ops: Vec<(usize, usize, String)> = Vec::new();
    for e in edits {
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
    out
}
