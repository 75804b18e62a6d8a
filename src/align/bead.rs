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
    /// How similar the two sides are, in [0, 1] (the weighted mean of the signals).
    pub score: f32,
    /// The probability of the bead under the cost model, summed over every
    /// alignment of its stretch (forward–backward): for a 1-0 or 0-1 bead,
    /// the probability that its unit has no counterpart there.
    pub posterior: f32,
}

impl Bead {
    /// The bead's shape as `n-m`.
    pub fn shape(&self) -> String {
        format!("{}-{}", self.src.len(), self.tgt.len())
    }
}

/// A monotone alignment: beads in order covering every unit once, and for
/// every unit the probability that it has no counterpart.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Alignment {
    /// The beads.
    pub beads: Vec<Bead>,
    /// For each source unit, the probability that it has no counterpart.
    pub src_alone: Vec<f32>,
    /// For each target unit, the probability that it has no counterpart.
    pub tgt_alone: Vec<f32>,
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

/// Parse a bead file (`[0, 1]:[2]` a line; blank lines and comments from
/// `#` to the end of a line ignored; spaces around the colon allowed). What
/// [`parse_beads_checked`] warns about is accepted in silence.
pub fn parse_beads(text: &str) -> Result<Vec<IdBead>> {
    parse_beads_checked(text).map(|p| p.beads)
}

/// A parsed bead file and what it holds that was accepted only leniently.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedBeads {
    /// The beads, in file order.
    pub beads: Vec<IdBead>,
    /// One message a questionable line (`line N: …`): an empty id as in
    /// `[0,]:[1]` (skipped), beads that cross (a later bead pairing an
    /// earlier source unit with a later target unit, or the other way).
    pub warnings: Vec<String>,
    /// The line number (from 1) of each bead.
    pub lines: Vec<usize>,
    /// The comment after each bead (the text after `#`, trimmed; empty when none).
    pub comments: Vec<String>,
    /// The lines that hold only a comment, without their `#`, trimmed.
    pub header: Vec<String>,
}

/// The most crossing beads [`parse_beads_checked`] lists one by one.
const MAX_CROSSING_LISTED: usize = 5;

/// Parse a bead file as [`parse_beads`] does, and warn about what it
/// accepts only leniently (see [`ParsedBeads::warnings`]).
pub fn parse_beads_checked(text: &str) -> Result<ParsedBeads> {
    let mut out = ParsedBeads::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim().trim_start_matches('\u{feff}');
        let (line, comment) = match line.split_once('#') {
            Some((bead, comment)) => (bead.trim_end(), Some(comment.trim())),
            None => (line, None),
        };
        if line.is_empty() {
            out.header.extend(comment.map(str::to_string));
            continue;
        }
        let bad = || {
            Error::new(ErrorKind::Parse, format!("line {}: not a bead `[ids]:[ids]`: {}", n + 1, Error::quote(line)))
        };
        let mut empty_id = false;
        let mut list = |s: &str| -> Result<Vec<usize>> {
            let inner = s.trim().strip_prefix('[').and_then(|x| x.strip_suffix(']')).ok_or_else(bad)?;
            if inner.contains(['[', ']']) {
                return Err(bad());
            }
            let ids: Vec<&str> = inner.split(',').map(str::trim).collect();
            empty_id |= ids.len() > 1 && ids.contains(&"");
            // An id is a sentence's index, so a count of sentences past it
            // must fit: `usize::MAX` and anything larger are out of range.
            ids.into_iter()
                .filter(|x| !x.is_empty())
                .map(|x| match x.parse::<usize>() {
                    Ok(v) if v < usize::MAX => Ok(v),
                    Err(e) if *e.kind() != std::num::IntErrorKind::PosOverflow => Err(bad()),
                    _ => Err(Error::new(
                        ErrorKind::Parse,
                        format!("line {}: ids out of range: {}", n + 1, Error::quote(line)),
                    )),
                })
                .collect()
        };
        let (a, b) = line.split_once(':').ok_or_else(bad)?;
        let bead = (list(a)?, list(b)?);
        if empty_id {
            let read = format!("{}:{}", ids(&bead.0), ids(&bead.1));
            out.warnings.push(format!("line {}: an empty id in {} (read as {read})", n + 1, Error::quote(line)));
        }
        out.beads.push(bead);
        out.lines.push(n + 1);
        out.comments.push(comment.unwrap_or_default().to_string());
    }
    out.warnings.extend(crossings(&out.beads, &out.lines));
    Ok(out)
}

/// Pairs of beads that cross: ordered by their first source id, a bead
/// whose target ids start before the previous bead's end. `lines` are the
/// beads' line numbers.
fn crossings(beads: &[IdBead], lines: &[usize]) -> Vec<String> {
    let mut order: Vec<usize> =
        (0..beads.len()).filter(|&i| !beads[i].0.is_empty() && !beads[i].1.is_empty()).collect();
    order.sort_by_key(|&i| (beads[i].0.iter().min().copied(), i));
    let mut found = Vec::new();
    for w in order.windows(2) {
        let (a, b) = (&beads[w[0]], &beads[w[1]]);
        let a_end = a.1.iter().max().copied().unwrap_or(0);
        let b_start = b.1.iter().min().copied().unwrap_or(0);
        if b_start < a_end {
            found.push((lines[w[0]], lines[w[1]]));
        }
    }
    let mut out: Vec<String> = found
        .iter()
        .take(MAX_CROSSING_LISTED)
        .map(|(x, y)| format!("line {y}: the bead crosses the one on line {x} (source and target in opposite orders)"))
        .collect();
    if found.len() > MAX_CROSSING_LISTED {
        out.push(format!("{} more pairs of crossing beads", found.len() - MAX_CROSSING_LISTED));
    }
    out
}

/// Ids that occur more than once on one side (a flaw some published gold
/// files have), as messages.
pub fn duplicate_ids(beads: &[IdBead]) -> Vec<String> {
    let mut out = Vec::new();
    for (side, pick) in [("source", 0usize), ("target", 1)] {
        let mut seen = std::collections::HashSet::new();
        for b in beads {
            let ids = if pick == 0 { &b.0 } else { &b.1 };
            for &id in ids {
                if !seen.insert(id) {
                    out.push(format!("{side} id {id} occurs more than once"));
                }
            }
        }
    }
    out
}

/// Check that every id of `beads` is below the number of units of each side.
pub fn check_ranges(beads: &[IdBead], n_src: usize, n_tgt: usize) -> Result<()> {
    for (s, t) in beads {
        if let Some(&x) = s.iter().find(|&&x| x >= n_src) {
            return Err(Error::new(
                ErrorKind::Parse,
                format!("source id {x} is out of range: the source has {n_src} units"),
            ));
        }
        if let Some(&x) = t.iter().find(|&&x| x >= n_tgt) {
            return Err(Error::new(
                ErrorKind::Parse,
                format!("target id {x} is out of range: the target has {n_tgt} units"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bead_lines_round_trip() {
        let b = Bead { src: 0..2, tgt: 2..3, score: 1.0, posterior: 1.0 };
        assert_eq!(format_bead(&b), "[0, 1]:[2]");
        let parsed = parse_beads("[0, 1]:[2]\n\n[3]:[]\n[]:[4,5]\n").expect("parses");
        assert_eq!(parsed, vec![(vec![0, 1], vec![2]), (vec![3], vec![]), (vec![], vec![4, 5])]);
        assert!(parse_beads("[0]-[1]").is_err());
        assert!(parse_beads("[a]:[1]").is_err());
        assert!(parse_beads("[0]:[0").is_err());
        assert!(parse_beads("[0]:[0]:[5]").is_err());
        assert!(parse_beads("[1]:[1]junk").is_err());
        let dup = parse_beads("[0]:[0]\n[1]:[0]").expect("parses");
        assert_eq!(duplicate_ids(&dup), vec!["target id 0 occurs more than once".to_string()]);
        assert_eq!(parse_beads("\u{feff}[0] : [1]\r\n").expect("bom, crlf, spaces"), vec![(vec![0], vec![1])]);
        assert!(check_ranges(&[(vec![5], vec![0])], 3, 3).is_err());
        // The largest id accepted leaves room for a count past it.
        let top = usize::MAX - 1;
        assert_eq!(parse_beads(&format!("[{top}]:[0]")).expect("parses"), vec![(vec![top], vec![0])]);
        let e = parse_beads(&format!("[{}]:[0]", usize::MAX)).expect_err("usize::MAX");
        assert!(e.message().starts_with("line 1: ids out of range"), "{}", e.message());
        let e = parse_beads("[0]:[1]\n[99999999999999999999999]:[1]").expect_err("past usize");
        assert!(e.message().starts_with("line 2: ids out of range"), "{}", e.message());
    }

    #[test]
    fn comments_are_kept_apart_from_the_beads() {
        let p = parse_beads_checked("# made by hand\n[0]:[0] # confirmed\n\n[1]:[1]\n").expect("parses");
        assert_eq!(p.beads, vec![(vec![0], vec![0]), (vec![1], vec![1])]);
        assert_eq!(p.header, vec!["made by hand".to_string()]);
        assert_eq!(p.comments, vec!["confirmed".to_string(), String::new()]);
        assert_eq!(p.lines, vec![2, 4]);
        assert!(parse_beads("[0]:[0] junk # comment").is_err(), "only a comment may follow a bead");
    }

    #[test]
    fn lenient_lines_warn() {
        let p = parse_beads_checked("[0,]:[1]\n[1]:[0]\n[2]:[2]\n").expect("parses");
        assert_eq!(p.beads, vec![(vec![0], vec![1]), (vec![1], vec![0]), (vec![2], vec![2])]);
        assert_eq!(p.warnings.len(), 2, "{:?}", p.warnings);
        assert!(p.warnings[0].starts_with("line 1: an empty id in \"[0,]:[1]\" (read as [0]:[1])"), "{:?}", p.warnings);
        assert!(p.warnings[1].starts_with("line 2: the bead crosses the one on line 1"), "{:?}", p.warnings);
        // Monotone beads, with 1-0 and 0-1 ones among them, do not warn.
        let p = parse_beads_checked("[0]:[0]\n[1]:[]\n[]:[1]\n[2, 3]:[2]\n[4]:[3, 4]").expect("parses");
        assert!(p.warnings.is_empty(), "{:?}", p.warnings);
        // A bad line of megabytes is quoted in part.
        let long = format!("[0]:[{}", "1".repeat(1 << 20));
        let e = parse_beads(&long).expect_err("unclosed");
        assert!(e.message().len() < 200, "{} bytes", e.message().len());
    }
}
