//! Word- or character-level comparison of two aligned pieces of text, and the
//! classification of every difference: script, conversion error,
//! punctuation, white space, number or wording. Pieces are compared on
//! normalized keys (NFKC, lower case, traditional → simplified); findings
//! point at the original bytes.

use similar::{capture_diff_slices, Algorithm, DiffOp};
use unicode_normalization::UnicodeNormalization;

use super::bounded::Coarse;
use crate::document::Document;
use crate::report::{Excerpt, Finding, Kind};
use crate::segment::Span;
use crate::text::convert;
use crate::text::numbers;
use crate::text::spelling::{Line, Spelling, Verdict};
use crate::text::{is_han, Lang};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Punct,
    Han,
    Word,
}

#[derive(Debug, Clone)]
struct Token {
    span: Span,
    key: String,
    class: Class,
}

/// One side of a comparison: a document and the spans of its clauses
/// ([`crate::segment::Segmentation::clauses_of`]).
pub struct Piece<'a> {
    /// The document.
    pub doc: &'a Document,
    /// Clause spans, in order.
    pub spans: Vec<Span>,
}

impl Piece<'_> {
    /// From the start of the first clause to the end of the last.
    fn whole(&self) -> Option<Span> {
        Some(Span::new(self.spans.first()?.start, self.spans.last()?.end))
    }

    fn tokens(&self) -> Vec<Token> {
        let text = &self.doc.text;
        let mut out = Vec::new();
        for span in &self.spans {
            let s = &text[span.start..span.end];
            let simplified: Vec<char> =
                if self.doc.lang.is_chinese() { convert::to_simplified_aligned(s) } else { s.chars().collect() };
            let chars: Vec<(usize, char)> = s.char_indices().collect();
            let mut k = 0;
            while k < chars.len() {
                let (i, c) = chars[k];
                let start = span.start + i;
                let class = classify_char(c);
                let mut j = k + 1;
                if matches!(class, Class::Space | Class::Word) {
                    while j < chars.len() && classify_char(chars[j].1) == class {
                        j += 1;
                    }
                }
                let end = chars.get(j).map_or(span.end, |&(b, _)| span.start + b);
                let key: String =
                    simplified[k..j].iter().collect::<String>().nfkc().flat_map(char::to_lowercase).collect();
                let key = if class == Class::Space { " ".to_string() } else { key };
                out.push(Token { span: Span::new(start, end), key, class });
                k = j;
            }
        }
        out
    }
}

fn classify_char(c: char) -> Class {
    if c.is_whitespace() {
        Class::Space
    } else if is_han(c) {
        Class::Han
    } else if c.is_alphanumeric() {
        Class::Word
    } else {
        Class::Punct
    }
}

/// Compare two pieces; `version` labels the findings. Clauses are compared
/// first, so that a clause removed or added is reported as one finding; the
/// words (characters) of the remaining clauses are compared next, or,
/// past [`MAX_TOKEN_PAIRS`](super::bounded::MAX_TOKEN_PAIRS) token pairs, coarsely (which the returned [`Coarse`] records).
pub fn compare(old: &Piece<'_>, new: &Piece<'_>, version: &str) -> (Vec<Finding>, Coarse) {
    let (oc, nc) = (&old.spans, &new.spans);
    let ok: Vec<String> = oc.iter().map(|s| clause_key(old.doc, *s)).collect();
    let nk: Vec<String> = nc.iter().map(|s| clause_key(new.doc, *s)).collect();
    let mut out = Vec::new();
    let mut script = ScriptRun::default();
    let mut coarse = Coarse::default();
    let at = |spans: &[Span], i: usize, doc: &Document| -> Span {
        let pos = spans.get(i).map_or_else(|| spans.last().map_or(doc.text.len(), |s| s.end), |s| s.start);
        Span::new(pos, pos)
    };
    for op in capture_diff_slices(Algorithm::Myers, &ok, &nk) {
        let (o, n) = match op {
            DiffOp::Equal { old_index, new_index, len } => (old_index..old_index + len, new_index..new_index + len),
            DiffOp::Delete { old_index, old_len, new_index } => (old_index..old_index + old_len, new_index..new_index),
            DiffOp::Insert { old_index, new_index, new_len } => (old_index..old_index, new_index..new_index + new_len),
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (old_index..old_index + old_len, new_index..new_index + new_len)
            }
        };
        if n.is_empty() || o.is_empty() {
            let (doc, spans, kind) = if n.is_empty() {
                (old.doc, &oc[o.clone()], Kind::Removed)
            } else {
                (new.doc, &nc[n.clone()], Kind::Added)
            };
            let whole: Vec<Span> =
                spans.iter().copied().filter(|s| clause_change_text(s.text(&doc.text), doc.lang)).collect();
            if whole.len() == spans.len() {
                for s in whole {
                    let (a, b) = if kind == Kind::Removed {
                        (s, at(nc, n.start, new.doc))
                    } else {
                        (at(oc, o.start, old.doc), s)
                    };
                    let what = if kind == Kind::Removed { "removed" } else { "added" };
                    let msg = format!("clause {what}: “{}”", s.text(&doc.text).trim());
                    out.push(finding(old, new, a, b, kind, version, msg));
                }
                continue;
            }
        }
        let a = Piece { doc: old.doc, spans: oc[o].to_vec() };
        let b = Piece { doc: new.doc, spans: nc[n].to_vec() };
        compare_tokens(&a, &b, version, (&mut out, &mut script), &mut coarse);
    }
    if let Some(f) = script.finish(old, new, version) {
        out.push(f);
    }
    crate::report::sort(&mut out);
    (out, coarse)
}

/// The comparison key of a clause: its key without white space and trailing punctuation.
fn clause_key(doc: &Document, span: Span) -> String {
    let key = crate::text::normalize::key(span.text(&doc.text), doc.lang);
    key.trim_end_matches(|c: char| !c.is_alphanumeric()).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Words (characters) of two pieces compared and classified; past
/// [`MAX_TOKEN_PAIRS`](super::bounded::MAX_TOKEN_PAIRS) token pairs, clause by clause when both sides have as many
/// clauses, otherwise as one change (recorded in `coarse`, unless the
/// clauses are the same clauses).
fn compare_tokens(
    old: &Piece<'_>,
    new: &Piece<'_>,
    version: &str,
    (out, script): (&mut Vec<Finding>, &mut ScriptRun),
    coarse: &mut Coarse,
) {
    let (ot, nt) = (old.tokens(), new.tokens());
    if !Coarse::fits(ot.len(), nt.len()) {
        let (os, ns) = (&old.spans, &new.spans);
        let same =
            os.len() == ns.len() && os.iter().zip(ns).all(|(a, b)| clause_key(old.doc, *a) == clause_key(new.doc, *b));
        if !same {
            coarse.add(ot.len(), nt.len());
        }
        if os.len() == ns.len() && os.len() > 1 {
            let mut counted = Coarse::default();
            let inner = if same { &mut *coarse } else { &mut counted };
            for (a, b) in os.iter().zip(ns) {
                let (a, b) = (Piece { doc: old.doc, spans: vec![*a] }, Piece { doc: new.doc, spans: vec![*b] });
                compare_tokens(&a, &b, version, (out, script), inner);
            }
        } else if let (Some(a), Some(b)) = (old.whole(), new.whole()) {
            out.push(one_change(old, new, (a, b), (ot.len(), nt.len()), version));
        }
        return;
    }
    let ok: Vec<&str> = ot.iter().map(|t| t.key.as_str()).collect();
    let nk: Vec<&str> = nt.iter().map(|t| t.key.as_str()).collect();
    let ctx = Context::new(old, new, &ot, &nt);
    let (out, script) = (out, script);
    for op in capture_diff_slices(Algorithm::Myers, &ok, &nk) {
        match op {
            DiffOp::Equal { old_index, new_index, len } => {
                for k in 0..len {
                    let (a, b) = (&ot[old_index + k], &nt[new_index + k]);
                    let (ta, tb) = (a.span.text(&old.doc.text), b.span.text(&new.doc.text));
                    if ta == tb {
                        let one_simplified = (old.doc.lang == Lang::ZhHans) != (new.doc.lang == Lang::ZhHans);
                        if a.class == Class::Han && one_simplified {
                            ctx.same_char(old_index + k, new_index + k, out, version);
                        }
                        continue;
                    }
                    if a.class == Class::Han && b.class == Class::Han {
                        ctx.han_pair(old_index + k, new_index + k, script, out, version);
                    } else if a.class == Class::Space && b.class == Class::Space {
                        let msg = "white space differs".to_string();
                        out.push(finding(old, new, a.span, b.span, Kind::Whitespace, version, msg));
                    } else {
                        out.push(finding(old, new, a.span, b.span, Kind::Width, version, width_message(ta, tb)));
                    }
                }
            }
            DiffOp::Delete { old_index, old_len, new_index } => {
                ctx.hunk(old_index..old_index + old_len, new_index..new_index, script, out, version)
            }
            DiffOp::Insert { old_index, new_index, new_len } => {
                ctx.hunk(old_index..old_index, new_index..new_index + new_len, script, out, version)
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                ctx.hunk(old_index..old_index + old_len, new_index..new_index + new_len, script, out, version)
            }
        }
    }
}

/// Whether a clause is long enough to be reported as removed or added on its own.
fn clause_change_text(t: &str, lang: Lang) -> bool {
    if lang.is_chinese() {
        t.chars().filter(|c| is_han(*c) || c.is_alphanumeric()).count() >= 6
    } else {
        t.split_whitespace().count() >= 4
    }
}

/// Whether a one-sided change is a whole clause: long enough to matter
/// (6+ characters of Chinese, 4+ words otherwise) and ending or starting at a
/// clause mark.
fn clause_change(a: &str, b: &str, lang: Lang) -> Option<Kind> {
    let (gone, kind) = match (a.trim().is_empty(), b.trim().is_empty()) {
        (false, true) => (a, Kind::Removed),
        (true, false) => (b, Kind::Added),
        _ => return None,
    };
    let long = clause_change_text(gone, lang);
    let marks = |c: char| "，；：、,;:。.!?！？".contains(c);
    let t = gone.trim();
    let bounded = t.chars().next_back().is_some_and(marks) || t.chars().next().is_some_and(marks);
    (long && bounded).then_some(kind)
}

/// Two pieces of `n` × `m` tokens, too many to compare word by word, as one change.
fn one_change(old: &Piece<'_>, new: &Piece<'_>, (a, b): (Span, Span), (n, m): (usize, usize), v: &str) -> Finding {
    let short = |t: &str| -> String {
        let t = t.trim();
        t.char_indices().nth(60).map_or_else(|| t.to_string(), |(i, _)| format!("{}…", &t[..i]))
    };
    let (ta, tb) = (short(a.text(&old.doc.text)), short(b.text(&new.doc.text)));
    let msg = format!("“{ta}” → “{tb}”: {n} × {m} words and marks, compared as one change");
    finding(old, new, a, b, Kind::Wording, v, msg)
}

fn width_message(a: &str, b: &str) -> String {
    format!("{a} → {b} (character width or form only)")
}

/// Script-only differences of one comparison, reported together.
#[derive(Default)]
struct ScriptRun {
    count: usize,
    old: Option<Span>,
    new: Option<Span>,
}

impl ScriptRun {
    fn add(&mut self, a: Span, b: Span) {
        self.count += 1;
        let grow = |s: &mut Option<Span>, x: Span| {
            *s = Some(match s {
                Some(p) => Span::new(p.start.min(x.start), p.end.max(x.end)),
                None => x,
            })
        };
        grow(&mut self.old, a);
        grow(&mut self.new, b);
    }

    fn finish(self, old: &Piece<'_>, new: &Piece<'_>, version: &str) -> Option<Finding> {
        let (a, b) = (self.old?, self.new?);
        let msg = format!("{} character(s) differ only in script (traditional/simplified)", self.count);
        Some(finding(old, new, a, b, Kind::Script, version, msg))
    }
}

fn finding(old: &Piece<'_>, new: &Piece<'_>, a: Span, b: Span, kind: Kind, version: &str, message: String) -> Finding {
    Finding::new(kind, version, message).with_master(old.doc, a).with_other(new.doc, b)
}

/// What the classification of Chinese characters needs: every token's
/// place among the characters of its side (the spelling of a traditional
/// side is judged on its words), and the word list.
struct Context<'a> {
    old: &'a Piece<'a>,
    new: &'a Piece<'a>,
    ot: &'a [Token],
    nt: &'a [Token],
    old_chars: Sided,
    new_chars: Sided,
}

/// The characters of one side's clauses (a line end between two clauses),
/// their words, and, for every token, the index of its first character there.
#[derive(Default)]
struct Sided {
    words: Option<Line<'static>>,
    at: Vec<usize>,
}

impl Sided {
    fn of(piece: &Piece<'_>, tokens: &[Token], spelling: Option<&'static Spelling>) -> Sided {
        let mut chars = Vec::new();
        let mut starts = std::collections::HashMap::new();
        for span in &piece.spans {
            for (b, c) in span.text(&piece.doc.text).char_indices() {
                starts.insert(span.start + b, chars.len());
                chars.push(c);
            }
            chars.push('\n');
        }
        let at = tokens.iter().map(|t| starts.get(&t.span.start).copied().unwrap_or(0)).collect();
        Sided { words: spelling.map(|s| s.line(&chars)), at }
    }
}

fn first_char(s: &str) -> char {
    s.chars().next().unwrap_or(' ')
}

/// How a character of a traditional side relates to the character the
/// other side has there.
enum HanVerdict {
    /// The same character, or the other script's form of it.
    Script,
    /// Right, in a form the word list has as a graphic variant (the listed word).
    Variant(String),
    /// Another traditional form of the other side's character makes the
    /// words around it: that form and the word.
    ConversionError(char, String),
    /// Another character.
    Different,
}

impl<'a> Context<'a> {
    fn new(old: &'a Piece<'a>, new: &'a Piece<'a>, ot: &'a [Token], nt: &'a [Token]) -> Context<'a> {
        let traditional = |p: &Piece<'_>| p.doc.lang.is_chinese() && p.doc.lang != Lang::ZhHans;
        let spelling = Spelling::bundled().ok();
        let sided =
            |p: &Piece<'_>, t: &[Token]| if traditional(p) { Sided::of(p, t, spelling) } else { Sided::default() };
        Context { old, new, ot, nt, old_chars: sided(old, ot), new_chars: sided(new, nt) }
    }

    /// The verdict on traditional character `t` (token `k` of a side) where
    /// the other side has `other`, whose simplified form is `s`.
    fn judge(&self, side: &Sided, k: usize, (t, other, s): (char, char, char)) -> HanVerdict {
        let related = t == other
            || convert::are_variants(t, other)
            || convert::traditional_candidates(s).contains(&t)
            || first_char(&convert::to_simplified(&t.to_string())) == s;
        if !related {
            return HanVerdict::Different;
        }
        let (Some(words), Some(&i)) = (&side.words, side.at.get(k)) else { return HanVerdict::Script };
        match words.verdict(i, |x| x == s) {
            Verdict::Error { with, word } => HanVerdict::ConversionError(with, word),
            Verdict::Variant(word) => HanVerdict::Variant(word),
            Verdict::Right => HanVerdict::Script,
        }
    }

    /// Verdict for a pair of Han characters, and whether it concerns the old side.
    fn verdict(&self, i: usize, j: usize) -> (HanVerdict, bool) {
        let oc = first_char(self.ot[i].span.text(&self.old.doc.text));
        let nc = first_char(self.nt[j].span.text(&self.new.doc.text));
        let (os, ns) = (first_char(&self.ot[i].key), first_char(&self.nt[j].key));
        let old_trad = self.old.doc.lang != Lang::ZhHans;
        let new_trad = self.new.doc.lang != Lang::ZhHans;
        if old_trad {
            let v = self.judge(&self.old_chars, i, (oc, nc, ns));
            if !matches!(v, HanVerdict::Script) || !new_trad {
                return (v, true);
            }
        }
        if new_trad {
            return (self.judge(&self.new_chars, j, (nc, oc, os)), false);
        }
        // Two simplified texts: the same key means only a variant form.
        if os == ns {
            (HanVerdict::Script, true)
        } else {
            (HanVerdict::Different, true)
        }
    }

    fn han_pair(&self, i: usize, j: usize, script: &mut ScriptRun, out: &mut Vec<Finding>, version: &str) {
        let (a, b) = (self.ot[i].span, self.nt[j].span);
        match self.verdict(i, j) {
            (HanVerdict::Script, _) => script.add(a, b),
            (HanVerdict::Variant(w), old_side) => out.push(self.variant(a, b, &w, old_side, version)),
            (HanVerdict::ConversionError(p, w), old_side) => self.conversion(a, b, (p, &w), old_side, out, version),
            (HanVerdict::Different, _) => out.push(self.wording(a, b, version)),
        }
    }

    /// An identical character on both sides may still be the wrong traditional
    /// form (聯系 for 聯繫: 系 is also the simplified form).
    fn same_char(&self, i: usize, j: usize, out: &mut Vec<Finding>, version: &str) {
        match self.verdict(i, j) {
            (HanVerdict::ConversionError(p, w), old_side) => {
                self.conversion(self.ot[i].span, self.nt[j].span, (p, &w), old_side, out, version)
            }
            (HanVerdict::Variant(w), old_side) => {
                out.push(self.variant(self.ot[i].span, self.nt[j].span, &w, old_side, version))
            }
            _ => {}
        }
    }

    fn variant(&self, a: Span, b: Span, word: &str, old_side: bool, version: &str) -> Finding {
        let (doc, span) = if old_side { (self.old.doc, a) } else { (self.new.doc, b) };
        let msg = format!("{}: an accepted variant form (the word list has {word})", span.text(&doc.text));
        finding(self.old, self.new, a, b, Kind::Variant, version, msg)
    }

    fn conversion(
        &self,
        a: Span,
        b: Span,
        (p, word): (char, &str),
        old_side: bool,
        out: &mut Vec<Finding>,
        version: &str,
    ) {
        // Adjacent conversion errors make one finding (覆蘇 → 复苏).
        if let Some(last) = out.last_mut() {
            if let (Kind::ConversionError, Some(m), Some(o)) = (last.kind, &mut last.master, &mut last.other) {
                if m.end == self.old.doc.file_offset(a.start) && o.end == self.new.doc.file_offset(b.start) {
                    let extra = Excerpt::of(self.old.doc, a);
                    m.end = extra.end;
                    m.text.push_str(&extra.text);
                    m.after = extra.after;
                    let extra = Excerpt::of(self.new.doc, b);
                    o.end = extra.end;
                    o.text.push_str(&extra.text);
                    o.after = extra.after;
                    last.message = format!("{} → {}: naive conversion errors ({word})", m.text, o.text);
                    return;
                }
            }
        }
        let (doc, span) = if old_side { (self.old.doc, a) } else { (self.new.doc, b) };
        let wrong = span.text(&doc.text);
        let msg = format!("{wrong}: naive conversion error, expected {p} ({word})");
        out.push(finding(self.old, self.new, a, b, Kind::ConversionError, version, msg));
    }

    fn wording(&self, a: Span, b: Span, version: &str) -> Finding {
        let msg = format!("“{}” → “{}”", a.text(&self.old.doc.text), b.text(&self.new.doc.text));
        finding(self.old, self.new, a, b, Kind::Wording, version, msg)
    }

    fn hunk(
        &self,
        o: std::ops::Range<usize>,
        n: std::ops::Range<usize>,
        script: &mut ScriptRun,
        out: &mut Vec<Finding>,
        version: &str,
    ) {
        let (ot, nt) = (&self.ot[o.clone()], &self.nt[n.clone()]);
        let span_of = |t: &[Token], at: usize, all: &[Token], text_len: usize| -> Span {
            match (t.first(), t.last()) {
                (Some(a), Some(b)) => Span::new(a.span.start, b.span.end),
                _ => {
                    let pos = all.get(at).map_or(all.last().map_or(text_len, |l| l.span.end), |x| x.span.start);
                    Span::new(pos, pos)
                }
            }
        };
        let a = span_of(ot, o.start, self.ot, self.old.doc.text.len());
        let b = span_of(nt, n.start, self.nt, self.new.doc.text.len());
        let all = |ts: &[Token], f: &dyn Fn(Class) -> bool| ts.iter().all(|t| f(t.class));
        if all(ot, &|c| c == Class::Space) && all(nt, &|c| c == Class::Space) {
            out.push(finding(self.old, self.new, a, b, Kind::Whitespace, version, "white space differs".to_string()));
            return;
        }
        let punct = |c| matches!(c, Class::Space | Class::Punct);
        if all(ot, &punct) && all(nt, &punct) {
            let shown = |t: &str| if t.trim().is_empty() { "(nothing)".to_string() } else { t.trim().to_string() };
            let msg = format!("{} → {}", shown(a.text(&self.old.doc.text)), shown(b.text(&self.new.doc.text)));
            out.push(finding(self.old, self.new, a, b, Kind::Punctuation, version, msg));
            return;
        }
        let han = |c| c == Class::Han;
        if ot.len() == nt.len() && all(ot, &han) && all(nt, &han) {
            let verdicts: Vec<_> = (0..ot.len()).map(|k| self.verdict(o.start + k, n.start + k)).collect();
            if verdicts.iter().all(|(v, _)| !matches!(v, HanVerdict::Different)) {
                for k in 0..ot.len() {
                    self.han_pair(o.start + k, n.start + k, script, out, version);
                }
                return;
            }
        }
        let (ta, tb) = (a.text(&self.old.doc.text), b.text(&self.new.doc.text));
        if let Some(kind) = clause_change(ta, tb, self.old.doc.lang) {
            let (what, text) = if kind == Kind::Removed { ("removed", ta) } else { ("added", tb) };
            out.push(finding(self.old, self.new, a, b, kind, version, format!("clause {what}: “{}”", text.trim())));
            return;
        }
        let mut na = numbers::extract(ta, self.old.doc.lang);
        let mut nb = numbers::extract(tb, self.new.doc.lang);
        na.sort_unstable();
        nb.sort_unstable();
        // A number counts as changed when both sides have text; an insertion or
        // deletion that happens to hold a number is a change of wording.
        if na != nb && !ta.trim().is_empty() && !tb.trim().is_empty() {
            let msg = format!("number changed: “{ta}” → “{tb}”");
            out.push(finding(self.old, self.new, a, b, Kind::Number, version, msg));
        } else {
            out.push(self.wording(a, b, version));
        }
    }
}
