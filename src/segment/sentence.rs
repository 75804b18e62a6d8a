//! Sentences: Chinese at 。！？ (and ； in very long sentences), other
//! languages at . ! ? … with abbreviations, initials, decimals and numbered
//! items kept inside. Brackets and quotes stay balanced.

use super::{trim, Span};
use crate::text::lang::abbreviation;
use crate::text::numbers::is_roman_letter;
use crate::text::Lang;

/// Opening and closing brackets/quotes whose insides are not cut.
pub(crate) fn is_open(c: char) -> bool {
    matches!(c, '「' | '『' | '《' | '“' | '（' | '(' | '«' | '〈' | '【')
}

/// The closing counterparts of [`is_open`].
pub(crate) fn is_close(c: char) -> bool {
    matches!(c, '」' | '』' | '》' | '”' | '）' | ')' | '»' | '〉' | '】')
}

/// Characters that may follow a sentence end and belong to it.
fn is_trailer(c: char) -> bool {
    matches!(c, '」' | '』' | '》' | '”' | '’' | '"' | '\'' | ')' | '）' | '»' | '〉' | '】')
}

/// Chinese sentence ends.
fn ends_zh(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?')
}

/// Western sentence ends.
fn ends_western(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Chinese sentences longer than this (in characters) are also cut at ；.
const LONG_ZH_SENTENCE: usize = 120;

/// The sentences of the paragraph `para` of `text`.
pub(crate) fn sentences(text: &str, para: Span, lang: Lang) -> Vec<Span> {
    let cuts = if lang.is_chinese() { chinese_cuts(text, para) } else { western_cuts(text, para) };
    spans_from_cuts(text, para, &cuts)
}

/// Turn cut positions (byte offsets after a unit's end) into trimmed spans.
pub(crate) fn spans_from_cuts(text: &str, span: Span, cuts: &[usize]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    for &c in cuts.iter().chain(std::iter::once(&span.end)) {
        if c > start {
            if let Some(s) = trim(text, Span::new(start, c)) {
                out.push(s);
            }
            start = c;
        }
    }
    out
}

/// Whether the brackets and quotes of `s` balance, so depth can be trusted.
pub(crate) fn balanced(s: &str) -> bool {
    let mut depth: i32 = 0;
    for c in s.chars() {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
            if depth < 0 {
                return false;
            }
        }
    }
    depth == 0
}

/// Bracket and quote depth while a paragraph is scanned; not trusted (never
/// "inside") when the paragraph's brackets do not balance.
struct Nesting {
    depth: i32,
    trusted: bool,
}

impl Nesting {
    fn new(s: &str) -> Nesting {
        Nesting { depth: 0, trusted: balanced(s) }
    }

    fn step(&mut self, c: char) {
        if is_open(c) {
            self.depth += 1;
        } else if is_close(c) {
            self.depth -= 1;
        }
    }

    fn inside(&self) -> bool {
        self.trusted && self.depth > 0
    }
}

/// Extend `i` past closing quotes/brackets that belong to the sentence end.
fn after_trailers(s: &str, mut i: usize) -> usize {
    while let Some(c) = s[i..].chars().next() {
        if is_trailer(c) {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

fn chinese_cuts(text: &str, para: Span) -> Vec<usize> {
    let s = para.text(text);
    let mut nest = Nesting::new(s);
    let mut cuts = Vec::new();
    let mut last = 0usize;
    let mut semis: Vec<usize> = Vec::new();
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        nest.step(c);
        let free = !nest.inside();
        if ends_zh(c) && (free || closes_to_top(s, i, nest.depth)) {
            let mut end = i + c.len_utf8();
            while let Some(n) = s[end..].chars().next().filter(|&n| ends_zh(n) || n == '…') {
                end += n.len_utf8();
            }
            end = after_trailers(s, end);
            nest.depth = 0;
            push_semis(s, last, end, &semis, &mut cuts);
            semis.clear();
            cuts.push(end);
            last = end;
            while k < chars.len() && chars[k].0 < end {
                k += 1;
            }
            continue;
        }
        if c == '；' && free {
            semis.push(i + c.len_utf8());
        }
        k += 1;
    }
    push_semis(s, last, s.len(), &semis, &mut cuts);
    cuts.sort_unstable();
    cuts.into_iter().map(|c| para.start + c).collect()
}

/// Whether the terminator at `i` (inside quotes at `depth`) is followed,
/// after more terminators, by closing marks that end every open quote.
fn closes_to_top(s: &str, i: usize, depth: i32) -> bool {
    let mut d = depth;
    for c in s[i..].chars().skip(1) {
        if ends_zh(c) || c == '…' {
            continue;
        }
        if is_close(c) {
            d -= 1;
            if d <= 0 {
                return true;
            }
            continue;
        }
        return false;
    }
    false
}

/// In a very long sentence `s[from..to]`, cut after semicolons (at byte
/// offsets `semis`, in order) that leave both sides at least 30 characters
/// long. Characters are counted once, so a sentence of any length costs
/// time in proportion to it.
fn push_semis(s: &str, from: usize, to: usize, semis: &[usize], cuts: &mut Vec<usize>) {
    let total = s[from..to].chars().count();
    if total < LONG_ZH_SENTENCE {
        return;
    }
    let (mut pos, mut at) = (from, 0);
    let mut prev = 0;
    for &p in semis {
        at += s[pos..p].chars().count();
        pos = p;
        if at - prev >= 30 && total.saturating_sub(at) >= 30 {
            cuts.push(p);
            prev = at;
        }
    }
}

fn western_cuts(text: &str, para: Span) -> Vec<usize> {
    let s = para.text(text);
    let mut nest = Nesting::new(s);
    let mut cuts = Vec::new();
    let mut last = 0usize;
    let chars: Vec<(usize, char)> = s.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        nest.step(c);
        k += 1;
        // A line that starts with an item's label starts a unit: the items
        // of a list ("(a) …;", "б) …;", "• …") stand apart, as each line
        // of a Chinese list does.
        if c == '\n' && !nest.inside() && starts_with_item_label(&s[i + 1..]) && !s[last..i].trim().is_empty() {
            let start = i + 1 + (s[i + 1..].len() - s[i + 1..].trim_start().len());
            cuts.push(para.start + start);
            last = start;
            continue;
        }
        if !ends_western(c) || nest.inside() {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(n) = s[end..].chars().next().filter(|&n| ends_western(n)) {
            end += n.len_utf8();
        }
        end = after_trailers(s, end);
        let rest = &s[end..];
        let next = rest.trim_start();
        if next.is_empty() || rest.len() == next.len() {
            continue; // end of paragraph, or no space after: not a cut here
        }
        if c == '.' && !period_ends_sentence(&s[last..i], next) {
            continue;
        }
        cuts.push(para.start + end);
        last = end;
        while k < chars.len() && chars[k].0 < end {
            k += 1;
        }
    }
    cuts
}

/// Whether `line` starts with the label of a list's item, then a space:
/// a bullet (•, –, -), one letter, a Roman numeral or a number of up to
/// three digits in brackets or before one ("(a)", "(iv)", "а)", "12)"), or
/// such a number with a period ("3.").
pub(crate) fn starts_with_item_label(line: &str) -> bool {
    let line = line.trim_start();
    let mut chars = line.chars();
    let Some(first) = chars.next() else { return false };
    let spaced = |rest: &str| rest.starts_with(|c: char| c.is_whitespace());
    if "•·▪◦‣–—-*".contains(first) {
        return spaced(chars.as_str());
    }
    let body = line.strip_prefix('(').unwrap_or(line);
    let label = body.chars().take_while(|c| c.is_alphanumeric()).count();
    let after = &body[body.char_indices().nth(label).map_or(body.len(), |(i, _)| i)..];
    let closed = match after.strip_prefix(')') {
        Some(rest) => spaced(rest),
        None if body.len() == line.len() => {
            let digits = body.chars().take_while(char::is_ascii_digit).count();
            digits == label && after.strip_prefix('.').is_some_and(spaced)
        }
        None => false,
    };
    let word = &body[..after.as_ptr() as usize - body.as_ptr() as usize];
    let digits = !word.is_empty() && word.len() <= 3 && word.chars().all(|c| c.is_ascii_digit());
    let roman = !word.is_empty() && word.len() <= 4 && word.chars().all(|c| is_roman_letter(c.to_ascii_uppercase()));
    closed && (digits || roman || word.chars().count() == 1)
}

/// Decide whether a period after `before` ends a sentence, given the text `next` after it.
fn period_ends_sentence(before: &str, next: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || "(«\"“'".contains(c)).next().unwrap_or("");
    let lower = word.to_lowercase();
    let starts_upper =
        next.chars().find(|c| !"\"“«'(‘[".contains(*c)).is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !starts_upper {
        return false;
    }
    // Initials: "A." "А." (one uppercase letter).
    let mut wc = word.chars();
    if let (Some(a), None) = (wc.next(), wc.next()) {
        if a.is_uppercase() {
            return false;
        }
    }
    // U.S., e.g., т.е.: letters separated by periods.
    if word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2) {
        return abbreviation(&lower) == Some(true) && next_is_sentence_start(next);
    }
    // Numbered item at the start of a sentence: "1." "2.3."
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == '.') && before.trim().len() == word.len() {
        return false;
    }
    // The label of a head or an item, all before the period: "II.", "Глава III.", "Article 5."
    if crate::text::numbers::heading_number(before.trim()).is_some() {
        return false;
    }
    // Abbreviations of any language written with spaces (a text may cite another's).
    if let Some(soft) = abbreviation(&lower) {
        return soft && next_is_sentence_start(next);
    }
    true
}

/// Whether `next` starts like a new sentence after an ambiguous abbreviation
/// (a capitalised word that is not an initial or a number).
fn next_is_sentence_start(next: &str) -> bool {
    let w: String = next.chars().take_while(|c| c.is_alphabetic() || *c == '-').collect();
    w.chars().count() >= 2 && w.chars().next().is_some_and(char::is_uppercase)
}
