//! The side-by-side table, wrapped to the width. Text cells are
//! wrapped here, measuring every character's terminal width (CJK characters
//! count two), so the table never exceeds the width it was given.

use unicode_width::UnicodeWidthChar;

use super::grid::Grid;
use super::{Aligned, DisplayOptions};

/// Columns taken by borders and padding of a five-column table.
const FRAME: usize = 16;
/// Width of the number, bead and score columns together.
const FIXED: usize = 18;

/// Units side by side, one row a bead, with bead type and score.
pub fn table(a: &Aligned<'_>, opts: &DisplayOptions) -> String {
    let width = (opts.width as usize).max(60);
    let text_cols = (width - FRAME - FIXED) / 2;
    let mut t = Grid::new(["#", "bead", "score", a.src.lang.tag(), a.tgt.lang.tag()]);
    for (k, b) in a.result.alignment.beads.iter().enumerate() {
        let score = if b.src.is_empty() || b.tgt.is_empty() { "-".to_string() } else { format!("{:.2}", b.score) };
        t.push([
            (k + 1).to_string(),
            b.shape(),
            score,
            wrap(&a.src_text(b.src.clone()), text_cols),
            wrap(&a.tgt_text(b.tgt.clone()), text_cols),
        ]);
    }
    let mut out = t.render();
    out.push('\n');
    out.push_str(&summary(a, width));
    out
}

fn char_width(c: char) -> usize {
    if super::paint::is_mark(c) {
        return 0;
    }
    c.width().unwrap_or(0)
}

/// Wrap `text` to lines of at most `width` columns, between [`atoms`]: at
/// spaces, and between two characters in Chinese, but never inside a
/// number or a Latin word, before closing or after opening punctuation.
/// Only a piece wider than a line is cut inside.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(4);
    // Control characters would move the cursor or recolour the terminal.
    let clean: String = text
        .chars()
        .map(|c| match c {
            '\t' | '\r' | '\n' => ' ',
            c if c.is_control() => '\u{FFFD}',
            c => c,
        })
        .collect();
    let text = clean.as_str();
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    // A mark open at a line break is closed there and opened again on the next line.
    let mut open: Option<char> = None;
    let push = |lines: &mut Vec<String>, line: &mut String, open: Option<char>| {
        let mut done = std::mem::take(line).trim_end().to_string();
        if let Some(m) = open {
            done.push(super::paint::OFF);
            line.push(m);
        }
        lines.push(done);
    };
    for word in text.split_inclusive(' ').flat_map(atoms) {
        let w: usize = word.trim_end().chars().map(char_width).sum();
        if used > 0 && used + w > width {
            push(&mut lines, &mut line, open);
            used = 0;
        }
        for c in word.chars() {
            let cw = char_width(c);
            if used + cw > width && !(c == ' ' && used == width) {
                push(&mut lines, &mut line, open);
                used = 0;
                if c == ' ' {
                    continue;
                }
            }
            match c {
                c if super::paint::is_on(c) => open = Some(c),
                super::paint::OFF => open = None,
                _ => {}
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines.join("\n")
}

/// Punctuation a line may not start with.
const CLOSING: &str = "，。、；：！？）》」』】〉〕”’…,.;:!?)]}%";
/// Punctuation a line may not end with.
const OPENING: &str = "（《「『【〈〔“‘([{";

/// The pieces of `word` (a run without spaces, with its trailing space) a
/// line may break between: a break is allowed where a wide (CJK)
/// character meets another character, except before closing punctuation,
/// after opening punctuation, and across a mark of changed text.
fn atoms(word: &str) -> Vec<&str> {
    use super::paint::{is_mark, OFF};
    let mut out = Vec::new();
    let mut start = 0;
    let (mut prev, mut visible): (Option<char>, Option<char>) = (None, None);
    for (i, c) in word.char_indices() {
        if let (Some(p), Some(v)) = (prev, visible) {
            let shown = (!is_mark(c)).then_some(c);
            let wide = char_width(v) == 2 || shown.is_some_and(|x| char_width(x) == 2);
            let held = c == OFF
                || c == ' '
                || (is_mark(p) && p != OFF)
                || shown.is_some_and(|x| CLOSING.contains(x))
                || OPENING.contains(v);
            if wide && !held {
                out.push(&word[start..i]);
                start = i;
            }
        }
        prev = Some(c);
        if !is_mark(c) {
            visible = Some(c);
        }
    }
    out.push(&word[start..]);
    out
}

fn summary(a: &Aligned<'_>, width: usize) -> String {
    let mut counts: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for b in &a.result.alignment.beads {
        *counts.entry(b.shape()).or_default() += 1;
    }
    let parts: Vec<String> = counts.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let mut s = format!("{} beads ({})\n", a.result.alignment.beads.len(), parts.join(", "));
    let mut signals = vec!["length".to_string()];
    signals.extend(a.result.signals.iter().cloned());
    s.push_str(&wrap(&format!("signals: {}", signals.join(", ")), width));
    s.push('\n');
    for n in &a.result.notes {
        s.push_str(&wrap(&format!("note: {n}"), width));
        s.push('\n');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_respects_width() {
        let w = wrap("The Member States reaffirm their commitment to the Charter", 20);
        assert!(w.lines().all(|l| l.chars().count() <= 20), "{w}");
        assert_eq!(w.replace('\n', " "), "The Member States reaffirm their commitment to the Charter");
        let z = wrap("成員國重申，反對以集團化和對抗性思維解決國際和地區熱點問題。", 10);
        assert!(z.lines().all(|l| l.chars().map(char_width).sum::<usize>() <= 10), "{z}");
        assert_eq!(z.replace('\n', ""), "成員國重申，反對以集團化和對抗性思維解決國際和地區熱點問題。");
        let long = wrap("Supercalifragilisticexpialidocious", 10);
        assert!(long.lines().all(|l| l.len() <= 10));
    }

    #[test]
    fn wrap_keeps_numbers_and_words_whole_and_punctuation_in_place() {
        let w = wrap("會上通過《2026—2035年發展戰略》，並發表關於Uzbekistan的聲明", 12);
        let lines: Vec<&str> = w.lines().collect();
        assert!(lines.iter().any(|l| l.contains("2026—2035")), "{w}");
        assert!(lines.iter().any(|l| l.contains("Uzbekistan")), "{w}");
        assert!(lines.iter().all(|l| !l.starts_with(['，', '》', '。'])), "{w}");
        assert!(lines.iter().all(|l| !l.ends_with('《')), "{w}");
        assert!(lines.iter().all(|l| l.chars().map(char_width).sum::<usize>() <= 12), "{w}");
        assert_eq!(w.replace('\n', ""), "會上通過《2026—2035年發展戰略》，並發表關於Uzbekistan的聲明");
        let en = wrap("the Republic of Uzbekistan in 2025", 12);
        assert!(en.lines().all(|l| !l.contains("Uzbekis") || l.contains("Uzbekistan")), "{en}");
    }
}
