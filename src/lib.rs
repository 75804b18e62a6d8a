//! # clausediff
//!
//! Brings versions of one document into line — a traditional-Chinese master
//! against its simplified-Chinese, English or Russian versions, or two
//! releases of one text — paragraph by paragraph and clause by clause.
//!
//! The pipeline, one named type at each step:
//!
//! ```text
//! file ─► Document (text, lang) ─► Segmentation (paragraphs, sentences, clauses: byte Spans)
//!      ─► Alignment (beads: n source units ↔ m target units, with a score) ─► renderers
//! ```
//!
//! ```
//! use clausediff::{align_documents, AlignOptions, Document, Lang, Level};
//!
//! let zh = Document::from_text("成員國重申上述立場。\n\n成員國支持2026年舉行峰會。", Some(Lang::ZhHant))?;
//! let en = Document::from_text("The Member States reaffirm this position.\n\nThey support a summit in 2026.", Some(Lang::En))?;
//! let result = align_documents(&zh, &en, &AlignOptions { level: Level::Sentence, ..Default::default() });
//! assert_eq!(result.alignment.beads.len(), 2);
//! # Ok::<(), clausediff::Error>(())
//! ```
//!
//! Comparison happens on normalized keys ([`text::normalize`]); everything reported
//! points at byte spans of the original text.

pub mod align;
pub mod budget;
pub mod check;
pub mod diff;
pub mod document;
pub mod error;
pub mod formats;
pub mod lint;
pub mod params;
pub mod render;
pub mod report;
pub mod segment;
pub mod terms;
pub mod text;

/// The sentence encoder ([`clausediff_embed`]).
pub use clausediff_embed as embed;

pub use align::eval::{score, Scores};
pub use align::{align_documents, AlignOptions, Alignment, Bead, DocAlignment};
pub use document::{Document, LoadOptions};
pub use error::{Error, ErrorKind, Result};
pub use segment::{segment, Level, SegmentOptions, Segmentation, Span, Unit, UnitKind};
pub use text::{detect, Detection, Lang};
