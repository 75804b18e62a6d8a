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

/// Wrap `text` to lines of at most `width` columns: between words where
/// there are spaces, between any two characters in Chinese.
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
    for word in text.split_inclusive(' ') {
        let w: usize = word.trim_end().chars().map(char_width).sum();
        if used > 0 && used + w > width && !word.chars().any(|c| char_width(c) == 2) {
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
                super::paint::ON | super::paint::ON_OTHER => open = Some(c),
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
}
