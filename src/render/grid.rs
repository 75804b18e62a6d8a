//! A text grid with box-drawing borders: a header row, then rows of cells
//! that may hold several lines. Column widths are the widest line of each
//! column measured in terminal columns (CJK characters count two); cells
//! are wrapped by the caller ([`super::wrap`]), never here.

use unicode_width::UnicodeWidthStr;

/// Rows of cells under a header, drawn with box-drawing characters.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    /// A grid with this header (which also sets the number of columns).
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Grid {
        Grid { header: header.into_iter().map(Into::into).collect(), rows: Vec::new() }
    }

    /// Add a row; missing cells are empty, extra cells are dropped.
    pub fn push<S: Into<String>>(&mut self, row: impl IntoIterator<Item = S>) {
        let mut cells: Vec<String> = row.into_iter().map(Into::into).collect();
        cells.resize(self.header.len(), String::new());
        self.rows.push(cells);
    }

    /// Whether the grid has no rows (besides the header).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The widest line of each column.
    fn widths(&self) -> Vec<usize> {
        let mut w: Vec<usize> = self.header.iter().map(|h| widest(h)).collect();
        for row in &self.rows {
            for (c, cell) in row.iter().enumerate() {
                w[c] = w[c].max(widest(cell));
            }
        }
        w
    }

    /// The grid as lines of text, without a final line end.
    pub fn render(&self) -> String {
        let widths = self.widths();
        let mut out: Vec<String> = Vec::new();
        out.push(rule(&widths, ['┌', '─', '┬', '┐']));
        out.extend(lines_of(&self.header, &widths));
        out.push(rule(&widths, ['╞', '═', '╪', '╡']));
        for row in &self.rows {
            out.extend(lines_of(row, &widths));
        }
        out.push(rule(&widths, ['└', '─', '┴', '┘']));
        out.join("\n")
    }
}

fn widest(cell: &str) -> usize {
    cell.lines().map(width).max().unwrap_or(0)
}

/// Terminal columns of `s`, marks ([`super::paint`]) counting none.
fn width(s: &str) -> usize {
    if s.chars().any(super::paint::is_mark) {
        s.chars().filter(|&c| !super::paint::is_mark(c)).collect::<String>().width()
    } else {
        s.width()
    }
}

/// A border line: left corner, fill, column joint, right corner.
fn rule(widths: &[usize], [left, fill, joint, right]: [char; 4]) -> String {
    let parts: Vec<String> = widths.iter().map(|&w| fill.to_string().repeat(w + 2)).collect();
    format!("{left}{}{right}", parts.join(&joint.to_string()))
}

/// The text lines of one row: every cell padded to its column's width, as
/// many lines as the tallest cell.
fn lines_of(cells: &[String], widths: &[usize]) -> Vec<String> {
    let split: Vec<Vec<&str>> = cells.iter().map(|c| c.lines().collect()).collect();
    let height = split.iter().map(Vec::len).max().unwrap_or(0).max(1);
    (0..height)
        .map(|k| {
            let parts: Vec<String> = split
                .iter()
                .zip(widths)
                .map(|(lines, &w)| {
                    let text = lines.get(k).copied().unwrap_or("");
                    format!(" {text}{} ", " ".repeat(w.saturating_sub(width(text))))
                })
                .collect();
            format!("│{}│", parts.join("┆"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_padded_to_the_widest_line_in_terminal_columns() {
        let mut g = Grid::new(["#", "zh"]);
        g.push(["1", "成員國\n重申"]);
        g.push(["22"]);
        let want = "\
┌────┬────────┐
│ #  ┆ zh     │
╞════╪════════╡
│ 1  ┆ 成員國 │
│    ┆ 重申   │
│ 22 ┆        │
└────┴────────┘";
        assert_eq!(g.render(), want);
        assert!(!g.is_empty());
        assert!(Grid::new(["a"]).is_empty());
    }
}
