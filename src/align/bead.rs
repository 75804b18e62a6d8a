//! Beads and alignments, and the bead file format (`[0,1]:[2]`).

use std::ops::Range;

use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};

/// n source units ↔ m target units, with a score (higher is better, 0–1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bead {
    /// Source unit indices.
    pub src: Range<usize>,
    /// Target unit indices.
    pub tgt: Range<usize>,
    /// Confidence of the bead in [0, 1].
    pub score: f32,
}

impl Bead {
    /// The bead's shape as `n-m`.
    pub fn shape(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// A monotone alignment: beads in order covering every unit once.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// The beads.
    pub beads: Vec<Bead>,
}

/// One line of a bead file: source ids and target ids (not necessarily contiguous).
pub type IdBead = (Vec<usize>, Vec<usize>);

/// Format ids as `[0, 1]` (Vecalign's layout).
fn ids(r: &[usize]) -> String {
    let parts: Vec<String> = r.iter().map(|x| x.to_string()).collect();
    format!("[{}]", parts.join(", "))
}

/// The bead file line for `b`: `[0, 1]:[2]`.
pub fn format_bead(b: &Bead) -> String {
    let s: Vec<usize> = b.src.clone().collect();
    let t: Vec<usize> = b.tgt.clone().collect();
    format!("{}:{}", ids(&s), ids(&t))
}

/// Parse a bead file (`[0, 1]:[2]` a line; blank lines ignored).
pub fn parse_beads(text: &str) -> Result<Vec<IdBead>> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let bad = || Error::new(ErrorKind::Parse, format!("line {}: not a bead `[ids]:[ids]`: {line:?}", n + 1));
        let (a, b) = line.split_once("]:[").ok_or_else(bad)?;
        let a = a.strip_prefix('[').ok_or_else(bad)?;
        let b = b.split(']').next().ok_or_else(bad)?;
        let parse = |s: &str| -> Result<Vec<usize>> {
            s.split(',')
                .map(str::trim)
                .filter(|x| !x.is_empty())
                .map(|x| x.parse::<usize>().map_err(|_| bad()))
                .collect()
        };
        out.push((parse(a)?, parse(b)?));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bead_lines_round_trip() {
        let b = Bead { src: 0..2, tgt: 2..3, score: 1.0 };
        assert_eq!(format_bead(&b), "[0, 1]:[2]");
        let parsed = parse_beads("[0, 1]:[2]\n\n[3]:[]\n[]:[4,5]\n").expect("parses");
        assert_eq!(parsed, vec![(vec![0, 1], vec![2]), (vec![3], vec![]), (vec![], vec![4, 5])]);
        assert!(parse_beads("[0]-[1]").is_err());
        assert!(parse_beads("[a]:[1]").is_err());
    }
}
