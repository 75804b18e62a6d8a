//! The memory budget: before a run aligns anything, the peak memory it
//! will need is estimated from its texts, and a run whose estimate passes
//! the budget is refused ([`ErrorKind::OverBudget`]) instead of thrashing.
//!
//! Most of the memory of a large alignment is the search: the cells of the
//! band of its largest problem (the paragraphs of two documents, or the
//! lines of presegmented ones). The band is held at [`MAX_BAND_CELLS`]
//! cells; it spans the stretch between the length diagonal and the index
//! diagonal unless even its narrowest such form would pass that, and then
//! follows the length diagonal alone (whose narrowest form passes it only
//! for hundreds of thousands of units). The estimate builds that band from
//! the units' lengths, as the search does, and adds
//! a cost per byte of text (segmentations, the signals' bags and tables,
//! the output) and, with the model, per unit embedded. The costs are
//! measured peaks (`scripts/memory.py`; docs/parameters.md; docs/reliability.md,
//! "Memory budget").

use crate::align::band::Band;
use crate::align::dp::{FULL_SEARCH_CELLS, MAX_BAND_CELLS};
use crate::align::AlignOptions;
use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::segment::{segment, Level, SegmentOptions, Segmentation};
use crate::text::{normalize, Family};

/// The budget when none is set: 4 GiB, a sixth of a 24 GB machine.
pub const DEFAULT_MAX_MEMORY: u64 = 4 << 30;

/// The environment variable that sets the budget where a caller gives none
/// (read by the command line and the Python package, not by the library).
pub const ENV: &str = "CLAUSEDIFF_MAX_MEMORY";

/// The budget where a caller gives none: `value`, the value of [`ENV`]
/// (blank or absent: [`DEFAULT_MAX_MEMORY`]).
pub fn default_limit(value: Option<&str>) -> Result<u64> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => parse_size(v).map_err(|e| Error::new(e.kind(), format!("${ENV}: {}", e.message()))),
        None => Ok(DEFAULT_MAX_MEMORY),
    }
}

/// Memory of a run before its texts count: the program, its dictionaries
/// and converters, the search of small problems.
pub const BASE: u64 = 64 << 20;

/// Memory per byte of text aligned (both texts of every pair, UTF-8):
/// segmentations, the overlap signals' bags and tables, the output.
pub const PER_BYTE: u64 = 14;

/// Memory per byte of text aligned with the Chinese–English dictionary
/// (a Chinese and an English text), on top of [`PER_BYTE`]: every word's
/// translations in the units' bags, more unit pairs that share a key.
pub const DICTIONARY_PER_BYTE: u64 = 12;

/// Memory per cell of the search band of the largest problem: costs,
/// forward and backward values, the signals' tables of unit pairs.
pub const PER_CELL: u64 = 88;

/// Memory per cell of the search band with the sentence encoder, on top
/// of [`PER_CELL`]: its similarities of single units near every cell and
/// the best of them at every place (three tables of 8 bytes a cell,
/// `align::skips::Nearby`); where merged beads are weighed by their
/// dilution, the dot product of the cell's units (4 bytes,
/// `align::run_dots::RunDots`); and where the alignment is the path of
/// maximum expected accuracy, the best gain of a path to the cell and
/// the shape of its last bead (9 bytes, `align::lattice`). The last two
/// are the settings of a kind of pair, which only applies with the
/// encoder.
pub const MODEL_PER_CELL: u64 = 37;

/// Memory of the loaded sentence-embedding model: its weights (78 MB),
/// the per-token rows it keeps between calls (at most 8,192 of 13 KiB),
/// the rows one batch makes (at most 4,096), and the embeddings kept
/// between runs that a run reads (a file of at most 32 MB,
/// [`crate::align::store::MAX_STORE_BYTES`], and the texts' index).
pub const MODEL_BASE: u64 = (240 << 20) + (36 << 20);

/// Memory per unit embedded (both sides): its vector (2 KB), the vector
/// of it and its neighbour, the runs of 3 and 4 units, the encoder's cache.
pub const MODEL_PER_UNIT: u64 = 6 << 10;

/// Memory per byte of two releases compared by `diff`: segmentations,
/// keys, the word diffs of the pairs.
pub const DIFF_PER_BYTE: u64 = 8;

/// Memory per byte of the units of two releases that do not pair up by
/// their keys: every such unit is a finding whose text the report copies.
pub const UNPAIRED_PER_BYTE: u64 = 128;

/// What an estimate needs to know of an alignment: its level, its
/// segmentation and whether the model is loaded (the model itself need
/// not be: the estimate comes before it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plan {
    /// The unit level.
    pub level: Level,
    /// Segmentation options (presegmented input).
    pub segment: SegmentOptions,
    /// Whether the sentence-embedding model will be used.
    pub model: bool,
}

impl Plan {
    /// The plan of `opts`.
    pub fn of(opts: &AlignOptions) -> Plan {
        Plan { level: opts.level, segment: opts.segment, model: opts.model.is_some() }
    }
}

/// The estimated peak memory of a run, and what it was estimated from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Estimate {
    /// The peak memory, in bytes.
    pub bytes: u64,
    /// Bytes of text (every pair counted).
    pub text: u64,
    /// Bytes of the texts compared with the Chinese–English dictionary.
    pub dictionary: u64,
    /// Bytes of the units of two releases that do not pair up by their keys.
    pub unpaired: u64,
    /// Cells of the search bands (of the pairs aligned at once).
    pub cells: u64,
    /// Units embedded by the model (none without it).
    pub embedded: u64,
}

impl Estimate {
    /// Aligning `src` and `tgt` as [`crate::align_documents`] aligns them.
    pub fn align(src: &Document, tgt: &Document, plan: &Plan) -> Estimate {
        Estimate::pair(&Measured::of(src, plan), &Measured::of(tgt, plan), plan)
    }

    /// Aligning `versions` to `master`: all at once, as `check` aligns them
    /// (the master measured once).
    pub fn versions(master: &Document, versions: &[&Document], plan: &Plan) -> Estimate {
        let m = Measured::of(master, plan);
        Estimate::all(versions.iter().map(|v| Estimate::pair(&m, &Measured::of(v, plan), plan)))
    }

    /// Aligning two measured documents under `plan`.
    fn pair(src: &Measured, tgt: &Measured, plan: &Plan) -> Estimate {
        let cells = search_cells(&src.lengths, &tgt.lengths);
        let same_family = src.family == tgt.family && src.family != Family::Other;
        let embedded = if plan.model && !same_family { (src.units + tgt.units) as u64 } else { 0 };
        let text = (src.bytes + tgt.bytes) as u64;
        let families = [src.family, tgt.family];
        let dictionary =
            if families.contains(&Family::Chinese) && families.contains(&Family::English) { text } else { 0 };
        Estimate { text, dictionary, cells, embedded, ..Estimate::default() }.priced()
    }

    /// The pairs of `parts` aligned at once: their texts, cells and units add up.
    pub fn all(parts: impl IntoIterator<Item = Estimate>) -> Estimate {
        let sum = parts.into_iter().fold(Estimate::default(), |a, b| Estimate {
            bytes: 0,
            text: a.text + b.text,
            dictionary: a.dictionary + b.dictionary,
            unpaired: a.unpaired + b.unpaired,
            cells: a.cells + b.cells,
            embedded: a.embedded + b.embedded,
        });
        sum.priced()
    }

    /// Comparing two releases of `text` bytes in all, of which `unpaired`
    /// are in units that do not pair up by their keys, the largest
    /// stretch of them aligned in a search of `cells` cells.
    pub fn releases(text: u64, unpaired: u64, cells: u64) -> Estimate {
        let bytes = BASE
            .saturating_add(text.saturating_mul(DIFF_PER_BYTE))
            .saturating_add(unpaired.saturating_mul(UNPAIRED_PER_BYTE))
            .saturating_add(cells.saturating_mul(PER_CELL));
        Estimate { bytes, text, unpaired, cells, ..Estimate::default() }
    }

    /// `self` with its peak computed from what it counts.
    fn priced(self) -> Estimate {
        let (model, per_cell) = if self.embedded > 0 { (MODEL_BASE, PER_CELL + MODEL_PER_CELL) } else { (0, PER_CELL) };
        let bytes = BASE
            .saturating_add(model)
            .saturating_add(self.text.saturating_mul(PER_BYTE))
            .saturating_add(self.dictionary.saturating_mul(DICTIONARY_PER_BYTE))
            .saturating_add(self.cells.saturating_mul(per_cell))
            .saturating_add(self.embedded.saturating_mul(MODEL_PER_UNIT));
        Estimate { bytes, ..self }
    }

    /// `Ok` when the estimate is within `limit` bytes; otherwise an
    /// [`ErrorKind::OverBudget`] error naming both.
    pub fn check(&self, limit: u64) -> Result<()> {
        if self.bytes <= limit {
            return Ok(());
        }
        let mut from = format!("{} of text", show_size(self.text));
        if self.unpaired > 0 {
            from += &format!(" ({} in units that do not pair up)", show_size(self.unpaired));
        }
        from += &format!(", a search of {} cells", thousands(self.cells));
        if self.embedded > 0 {
            from += &format!(", {} units embedded", thousands(self.embedded));
        }
        let (need, limit) = (show_size(self.bytes), show_size(limit));
        let msg =
            format!("the inputs would need about {need} of memory (estimated from {from}), over the limit of {limit}");
        Err(Error::new(ErrorKind::OverBudget, msg))
    }
}
/// What the estimate needs of one document: its text's size, its
/// language family, the lengths of the units the search runs over (the
/// paragraphs, or the units themselves when the text is presegmented) and
/// how many units are embedded at the plan's level.
struct Measured {
    bytes: usize,
    family: Family,
    lengths: Vec<f64>,
    units: usize,
}

impl Measured {
    fn of(doc: &Document, plan: &Plan) -> Measured {
        let seg = |level| segment(&doc.text, doc.lang, level, &plan.segment);
        let largest = if plan.segment.presegmented { plan.level } else { Level::Paragraph };
        let searched = seg(largest);
        let units = match plan.model {
            false => 0,
            true if largest == plan.level => searched.units.len(),
            true => seg(plan.level).units.len(),
        };
        Measured { bytes: doc.text.len(), family: doc.lang.family(), lengths: lengths(doc, &searched), units }
    }
}

/// The length of each unit of `seg`, as the search measures it.
fn lengths(doc: &Document, seg: &Segmentation) -> Vec<f64> {
    (0..seg.units.len()).map(|i| normalize::length(seg.unit_text(&doc.text, i)) as f64).collect()
}

/// The most cells the search of units of these lengths may hold: the whole
/// matrix of a small problem; else the band at its budget, or its narrowest
/// form when that is larger ([`crate::align::dp::solve`]).
pub fn search_cells(src_len: &[f64], tgt_len: &[f64]) -> u64 {
    let (n, m) = (src_len.len(), tgt_len.len());
    let whole = (n as u64 + 1).saturating_mul(m as u64 + 1);
    if n.saturating_mul(m) <= FULL_SEARCH_CELLS || n == 0 || m == 0 {
        return whole;
    }
    let hedge = Band::hedge_fits(src_len, tgt_len, MAX_BAND_CELLS);
    let narrowest = Band::around(src_len, tgt_len, 4, hedge).cells() as u64;
    narrowest.max(whole.min(MAX_BAND_CELLS as u64))
}

/// A size: a number of bytes, or a number (decimals allowed) with a unit
/// of 1024: `K`, `M`, `G` or `T`, optionally followed by `B` or `iB`, in
/// any case (`4G`, `512M`, `1.5GiB`, `1000000`).
pub fn parse_size(text: &str) -> Result<u64> {
    let bad = || {
        Error::new(
            ErrorKind::InvalidOption,
            format!("{}: not a size (bytes, or a number with K, M, G or T, e.g. 4G or 512M)", Error::quote(text)),
        )
    };
    let t = text.trim();
    let digits = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, unit) = t.split_at(digits);
    let value: f64 = number.parse().map_err(|_| bad())?;
    let unit = unit.trim().to_ascii_uppercase();
    let unit = unit.strip_suffix("IB").or_else(|| unit.strip_suffix('B')).unwrap_or(&unit);
    let scale: u64 = match unit {
        "" => 1,
        "K" => 1 << 10,
        "M" => 1 << 20,
        "G" => 1 << 30,
        "T" => 1 << 40,
        _ => return Err(bad()),
    };
    let bytes = value * scale as f64;
    if !bytes.is_finite() || bytes < 1.0 || bytes >= u64::MAX as f64 {
        return Err(bad());
    }
    Ok(bytes.round() as u64)
}

/// `bytes` for a message: `1.6 GiB`, `512.0 MiB`, `12.3 KiB`, `100 bytes`.
pub fn show_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 4] = [(1 << 40, "TiB"), (1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    match UNITS.iter().find(|(scale, _)| bytes >= *scale) {
        Some((scale, name)) => format!("{:.1} {name}", bytes as f64 / *scale as f64),
        None => format!("{bytes} bytes"),
    }
}

/// `n` with a comma every three digits.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn sizes_read_with_units_of_1024() {
        assert_eq!(parse_size("4G").ok(), Some(4 << 30));
        assert_eq!(parse_size("512M").ok(), Some(512 << 20));
        assert_eq!(parse_size("1.5GiB").ok(), Some(3 << 29));
        assert_eq!(parse_size(" 2 gb ").ok(), Some(2 << 30));
        assert_eq!(parse_size("1000000").ok(), Some(1_000_000));
        for bad in ["", "G", "4X", "-1G", "0", "1..2M", "99999999999T"] {
            let e = parse_size(bad).err().map(|e| e.kind());
            assert_eq!(e, Some(ErrorKind::InvalidOption), "{bad:?}");
        }
        assert_eq!(show_size(3 << 29), "1.5 GiB");
        assert_eq!(show_size(100), "100 bytes");
        assert_eq!(thousands(121_051_275), "121,051,275");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn the_default_limit_is_the_variable_s_else_four_gib() {
        assert_eq!(default_limit(None).ok(), Some(DEFAULT_MAX_MEMORY));
        assert_eq!(default_limit(Some("  ")).ok(), Some(DEFAULT_MAX_MEMORY));
        assert_eq!(default_limit(Some("8G")).ok(), Some(8 << 30));
        let e = default_limit(Some("4X")).expect_err("no size");
        assert_eq!(e.kind(), ErrorKind::InvalidOption);
        assert!(e.message().starts_with("$CLAUSEDIFF_MAX_MEMORY: ") && e.message().contains("not a size"), "{e}");
    }

    #[test]
    fn an_estimate_over_the_limit_names_both() {
        let e = Estimate::releases(100 << 20, 0, 0);
        assert_eq!(e.bytes, BASE + (100 << 20) * DIFF_PER_BYTE);
        assert!(e.check(e.bytes).is_ok());
        let err = e.check(1 << 20).expect_err("over the limit");
        assert_eq!(err.kind(), ErrorKind::OverBudget);
        let about = format!("about {} of memory (estimated from 100.0 MiB of text", show_size(e.bytes));
        assert!(err.message().contains(&about) && err.message().contains("limit of 1.0 MiB"), "{err}");
    }

    #[test]
    fn units_out_of_step_keep_the_search_within_its_budget() {
        // 10,000 units a side in step: the band is held at its budget.
        let even = vec![10.0; 10_000];
        assert_eq!(search_cells(&even, &even), MAX_BAND_CELLS as u64);
        // Small problems are searched whole.
        assert_eq!(search_cells(&even[..100], &even[..200]), 101 * 201);
        // The target's units are long in its first half and short in its
        // second: the length diagonal leaves the index diagonal far behind,
        // and the band follows the lengths alone rather than span both.
        let uneven: Vec<f64> = (0..10_000).map(|j| if j < 5000 { 100.0 } else { 1.0 }).collect();
        assert!(!Band::hedge_fits(&even, &uneven, MAX_BAND_CELLS));
        assert_eq!(search_cells(&even, &uneven), MAX_BAND_CELLS as u64);
    }

    #[test]
    fn a_document_pair_is_estimated_from_its_paragraphs() {
        let text = |n: usize| (0..n).map(|i| format!("Sentence {i} is here.")).collect::<Vec<_>>().join("\n\n");
        let a = Document::from_text(text(300), Some(Lang::En)).expect("doc");
        let b = Document::from_text(text(310), Some(Lang::En)).expect("doc");
        let plan = Plan::of(&AlignOptions::default());
        let e = Estimate::align(&a, &b, &plan);
        assert_eq!(e.cells, 301 * 311);
        assert_eq!(e.text, (a.text.len() + b.text.len()) as u64);
        assert_eq!((e.bytes, e.dictionary), (BASE + e.text * PER_BYTE + e.cells * PER_CELL, 0));
        // Two versions at once count twice.
        assert_eq!(Estimate::versions(&a, &[&b, &b], &plan).cells, 2 * e.cells);
        // The model embeds every unit, but not between two texts of one language.
        let with_model = Plan { model: true, ..plan };
        assert_eq!(Estimate::align(&a, &b, &with_model), e);
        let zh =
            Document::from_text(text(300).replace("Sentence", "第").replace(" is here.", "句。"), Some(Lang::ZhHant))
                .expect("doc");
        let m = Estimate::align(&zh, &b, &with_model);
        assert_eq!(m.embedded, 300 + 310);
        let text = m.text * (PER_BYTE + DICTIONARY_PER_BYTE);
        assert_eq!(m.bytes, BASE + MODEL_BASE + text + m.cells * (PER_CELL + MODEL_PER_CELL) + 610 * MODEL_PER_UNIT);
    }
}
