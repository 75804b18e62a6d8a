//! Anchors: beads a user has fixed, read from a bead file. A plain bead
//! file pins every bead it holds; a review file (what the HTML editor
//! saves, see docs/formats.md) names the documents it was saved for by
//! their checksums and unit counts, and pins only the beads marked
//! `# confirmed`.
//!
//! ```text
//! # clausediff review 1
//! # level: sentence
//! # source: sha256=5d41… units=120 name=zh-Hant.txt
//! # target: sha256=7c2a… units=118 name=en.txt
//! [0]:[0] # confirmed
//! [1, 2]:[1]
//! ```

use std::ops::Range;

use super::bead::parse_beads_checked;
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::segment::Level;

/// The first line of a review file.
pub const REVIEW_MAGIC: &str = "clausediff review 1";
/// The comment that marks a bead confirmed.
pub const CONFIRMED: &str = "confirmed";

/// What a review file says of one of the documents it was saved for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// [`Document::checksum`] of the document.
    pub sha256: String,
    /// How many units the document had at the file's level.
    pub units: usize,
    /// The document's name when the file was saved (for messages only).
    pub name: String,
}

/// A parsed anchors file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AnchorFile {
    /// Whether the file is a review file (its first comment is [`REVIEW_MAGIC`]).
    pub reviewed: bool,
    /// The unit level the file was saved at (review files).
    pub level: Option<Level>,
    /// The source document the file was saved for (review files).
    pub source: Option<Stamp>,
    /// The target document the file was saved for (review files).
    pub target: Option<Stamp>,
    /// Every bead of the file, in file order.
    pub beads: Vec<Pin>,
}

/// One bead of an anchors file: contiguous units of each side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    /// Source units.
    pub src: Range<usize>,
    /// Target units.
    pub tgt: Range<usize>,
    /// Whether the bead is kept as it is (every bead of a plain bead file;
    /// the beads marked `# confirmed` of a review file).
    pub confirmed: bool,
    /// Its line in the file (from 1).
    pub line: usize,
}

/// The name of `level` in review files.
pub fn level_name(level: Level) -> &'static str {
    match level {
        Level::Paragraph => "paragraph",
        Level::Sentence => "sentence",
        Level::Clause => "clause",
    }
}

/// Parse an anchors file: a plain bead file or a review file.
pub fn parse_anchors(text: &str) -> Result<AnchorFile> {
    let parsed = parse_beads_checked(text)?;
    let reviewed = parsed.header.first().is_some_and(|h| h == REVIEW_MAGIC);
    let mut out = AnchorFile { reviewed, ..AnchorFile::default() };
    if reviewed {
        for h in &parsed.header[1..] {
            let twice = |what: &str| Error::new(ErrorKind::Parse, format!("the review header names its {what} twice"));
            if let Some(l) = h.strip_prefix("level:") {
                let level = l.trim().parse().map_err(|_| {
                    Error::new(
                        ErrorKind::Parse,
                        format!("the review header's level {} is unknown", Error::quote(l.trim())),
                    )
                })?;
                if out.level.replace(level).is_some() {
                    return Err(twice("level"));
                }
            } else if let Some(s) = h.strip_prefix("source:") {
                if out.source.replace(stamp(s)?).is_some() {
                    return Err(twice("source"));
                }
            } else if let Some(t) = h.strip_prefix("target:") {
                if out.target.replace(stamp(t)?).is_some() {
                    return Err(twice("target"));
                }
            }
        }
    }
    for (k, (s, t)) in parsed.beads.iter().enumerate() {
        let line = parsed.lines[k];
        let confirmed = !reviewed || parsed.comments[k] == CONFIRMED;
        out.beads.push(Pin {
            src: contiguous(s, line, "source")?,
            tgt: contiguous(t, line, "target")?,
            confirmed,
            line,
        });
    }
    Ok(out)
}

/// A stamp from `sha256=… units=… name=…` (the name last: it may hold spaces).
fn stamp(s: &str) -> Result<Stamp> {
    let bad = || Error::new(ErrorKind::Parse, format!("not a document stamp: {}", Error::quote(s.trim())));
    let s = s.trim();
    let (fields, name) = s.split_once("name=").unwrap_or((s, ""));
    let mut sha256 = None;
    let mut units = None;
    for f in fields.split_whitespace() {
        match f.split_once('=') {
            Some(("sha256", v)) if v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()) => {
                sha256 = Some(v.to_ascii_lowercase())
            }
            Some(("units", v)) => units = Some(v.parse().map_err(|_| bad())?),
            _ => return Err(bad()),
        }
    }
    Ok(Stamp { sha256: sha256.ok_or_else(bad)?, units: units.ok_or_else(bad)?, name: name.trim().to_string() })
}

/// The ids of one side of a bead as a range; they must follow each other.
fn contiguous(ids: &[usize], line: usize, side: &str) -> Result<Range<usize>> {
    let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else { return Ok(0..0) };
    let bad = |why: &str| Error::new(ErrorKind::Parse, format!("line {line}: the {side} ids of a bead {why}"));
    if ids.windows(2).any(|w| w[0].checked_add(1) != Some(w[1])) {
        return Err(bad(&format!("must follow each other ({})", Error::quote(&format!("{ids:?}")))));
    }
    let end = last.checked_add(1).ok_or_else(|| bad("are out of range"))?;
    Ok(first..end)
}

/// The documents and level an anchors file is applied to.
pub struct Target<'a> {
    /// The source document.
    pub src: &'a Document,
    /// The target document.
    pub tgt: &'a Document,
    /// The unit level of the alignment.
    pub level: Level,
    /// How many source units there are at that level.
    pub src_units: usize,
    /// How many target units there are at that level.
    pub tgt_units: usize,
}

/// The confirmed beads of `file`, checked against the documents of `to`:
/// a review file must have been saved for these documents at this level;
/// every id must exist; no two beads may overlap or cross. Errors name
/// the line.
pub fn confirmed_pins(file: &AnchorFile, to: &Target<'_>) -> Result<Vec<Pin>> {
    if file.reviewed {
        check_stamp(file.source.as_ref(), to.src, to.src_units, "source")?;
        check_stamp(file.target.as_ref(), to.tgt, to.tgt_units, "target")?;
        if let Some(l) = file.level.filter(|&l| l != to.level) {
            return Err(Error::new(
                ErrorKind::Mismatch,
                format!("the file was saved at the {} level; align with --level {}", level_name(l), level_name(l)),
            ));
        }
    }
    let mut pins: Vec<Pin> = Vec::new();
    for p in file.beads.iter().filter(|p| p.confirmed) {
        if p.src.end > to.src_units || p.tgt.end > to.tgt_units {
            return Err(Error::new(
                ErrorKind::Parse,
                format!(
                    "line {}: ids out of range: the source has {} units and the target {} at the {} level",
                    p.line,
                    to.src_units,
                    to.tgt_units,
                    level_name(to.level)
                ),
            ));
        }
        if p.src.is_empty() && p.tgt.is_empty() {
            continue;
        }
        pins.push(p.clone());
    }
    check_order(&mut pins)?;
    Ok(pins)
}

/// Sort `pins` by their source units; fail when two share a unit of one
/// side (overlap) or pair their units in opposite orders (cross).
fn check_order(pins: &mut [Pin]) -> Result<()> {
    let clash = |a: &Pin, b: &Pin, how: &str| {
        let (first, second) = if a.line < b.line { (a, b) } else { (b, a) };
        Error::new(ErrorKind::Parse, format!("line {}: the bead {how} the one on line {}", second.line, first.line))
    };
    for side in [0, 1] {
        let range = |p: &Pin| if side == 0 { p.src.clone() } else { p.tgt.clone() };
        let mut on: Vec<&Pin> = pins.iter().filter(|p| !range(p).is_empty()).collect();
        on.sort_by_key(|p| (range(p).start, p.line));
        if let Some(w) = on.windows(2).find(|w| range(w[1]).start < range(w[0]).end) {
            return Err(clash(w[0], w[1], "overlaps"));
        }
    }
    pins.sort_by_key(|p| (p.src.start, p.tgt.start, p.line));
    let pairs: Vec<&Pin> = pins.iter().filter(|p| !p.src.is_empty() && !p.tgt.is_empty()).collect();
    if let Some(w) = pairs.windows(2).find(|w| w[1].tgt.start < w[0].tgt.end) {
        return Err(clash(w[0], w[1], "crosses"));
    }
    Ok(())
}

fn check_stamp(stamp: Option<&Stamp>, doc: &Document, units: usize, side: &str) -> Result<()> {
    let Some(stamp) = stamp else {
        return Err(Error::new(ErrorKind::Parse, format!("the review file does not name its {side} document")));
    };
    let saved = if stamp.name.is_empty() { String::new() } else { format!(" ({})", stamp.name) };
    if stamp.sha256 != doc.checksum() {
        return Err(Error::new(
            ErrorKind::Mismatch,
            format!("the file was saved for another {side} document{saved}: {} has a different checksum", doc.name()),
        ));
    }
    if stamp.units != units {
        return Err(Error::new(
            ErrorKind::Mismatch,
            format!(
                "the file was saved with {} {side} units, but {} has {units}: align with the segmentation options it was saved with",
                stamp.units,
                doc.name()
            ),
        ));
    }
    Ok(())
}
