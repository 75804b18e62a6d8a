//! Findings and reports: what `diff` and `check` say about a pair or a set of
//! versions. Every finding points at byte spans of the original files; the
//! JSON layout (schema 1) is documented in docs/formats.md.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::segment::Span;

/// What a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Kind {
    /// Only a traditional/simplified script difference.
    Script,
    /// A traditional form that a one-to-many simplified→traditional conversion
    /// produces where another form is right (幹涉 for 干涉, 恢覆 for 恢復).
    ConversionError,
    /// Only punctuation differs (width, quote style, 、 vs ,).
    Punctuation,
    /// Only white space differs.
    Whitespace,
    /// A number, date, percentage or ordinal differs.
    Number,
    /// Any other change of wording.
    Wording,
    /// A unit of the new release with no counterpart in the old.
    Added,
    /// A unit of the old release with no counterpart in the new.
    Removed,
    /// A unit that appears elsewhere in the other version.
    Moved,
    /// A master clause with no counterpart in the version.
    Missing,
    /// A quoted title on one side only.
    Title,
    /// A length ratio far outside the pair's calibrated distribution.
    Length,
    /// Source-script text left in a translation.
    Untranslated,
    /// A glossary term of the master whose aligned unit lacks every accepted rendering.
    TermMissing,
    /// One master term rendered in different ways across occurrences in one version.
    TermInconsistent,
    /// A Chinese term written in a variant form (script or wording) other than the glossary's.
    TermVariant,
    /// A traditional character written where the word list has a graphic
    /// variant of it (周年 for 週年, 鑒定 for 鑑定): accepted.
    Variant,
    /// Only the width or form of a character differs (，vs ,, Ａ vs A).
    Width,
    /// Characters of the other script inside a text (simplified in traditional, or the reverse).
    MixedScript,
}

impl Kind {
    /// All kinds.
    pub const ALL: [Kind; 19] = [
        Kind::Script,
        Kind::ConversionError,
        Kind::Punctuation,
        Kind::Whitespace,
        Kind::Number,
        Kind::Wording,
        Kind::Added,
        Kind::Removed,
        Kind::Moved,
        Kind::Missing,
        Kind::Title,
        Kind::Length,
        Kind::Untranslated,
        Kind::TermMissing,
        Kind::TermInconsistent,
        Kind::TermVariant,
        Kind::Variant,
        Kind::Width,
        Kind::MixedScript,
    ];

    /// How much a finding of this kind matters, unless the finding says otherwise.
    pub fn severity(self) -> Severity {
        match self {
            Kind::Script
            | Kind::Whitespace
            | Kind::Punctuation
            | Kind::TermInconsistent
            | Kind::Variant
            | Kind::Width => Severity::Info,
            Kind::ConversionError
            | Kind::Wording
            | Kind::Moved
            | Kind::Title
            | Kind::Length
            | Kind::TermVariant
            | Kind::MixedScript => Severity::Warning,
            Kind::Number | Kind::Added | Kind::Removed | Kind::Missing | Kind::Untranslated | Kind::TermMissing => {
                Severity::Error
            }
        }
    }

    /// Whether findings of this kind only say that two texts differ in
    /// form (script, width, an accepted variant): listed only on request.
    pub fn is_quiet(self) -> bool {
        matches!(self, Kind::Script | Kind::Width | Kind::Variant)
    }

    /// The name used in JSON and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Script => "script",
            Kind::ConversionError => "conversion-error",
            Kind::Punctuation => "punctuation",
            Kind::Whitespace => "whitespace",
            Kind::Number => "number",
            Kind::Wording => "wording",
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Moved => "moved",
            Kind::Missing => "missing",
            Kind::Title => "title",
            Kind::Length => "length",
            Kind::Untranslated => "untranslated",
            Kind::TermMissing => "term-missing",
            Kind::TermInconsistent => "term-inconsistent",
            Kind::TermVariant => "term-variant",
            Kind::Variant => "variant",
            Kind::Width => "width",
            Kind::MixedScript => "mixed-script",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s.trim()).ok_or_else(|| {
            let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
            Error::new(ErrorKind::InvalidOption, format!("unknown kind {s:?} (one of {})", names.join(", ")))
        })
    }
}

impl Kind {
    /// The kinds `names` names (blank names skipped), as `--ignore` takes them.
    pub fn named(names: &[String]) -> Result<Vec<Kind>> {
        names.iter().filter(|k| !k.trim().is_empty()).map(|k| k.parse::<Kind>()).collect()
    }

    /// The quiet kinds `names` names (`all`: every one), as `--show` takes
    /// them; a kind that is always listed is an error that names `option`.
    pub fn quiet_named(names: &[String], option: &str) -> Result<Vec<Kind>> {
        let mut out = Vec::new();
        for k in names.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
            if k == "all" {
                out.extend(Kind::ALL.into_iter().filter(|k| k.is_quiet()));
                continue;
            }
            let kind: Kind = k.parse()?;
            if !kind.is_quiet() {
                let msg = format!(
                    "{option} {k}: {k} findings are always listed ({option} takes script, width, variant or all)"
                );
                return Err(Error::new(ErrorKind::InvalidOption, msg));
            }
            out.push(kind);
        }
        Ok(out)
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Cosmetic (white space, punctuation, script).
    Info,
    /// Worth a look.
    Warning,
    /// Changes the content.
    Error,
}

/// A piece of an original file: byte offsets into the file and the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Excerpt {
    /// First byte, in the original file.
    pub start: usize,
    /// One past the last byte, in the original file.
    pub end: usize,
    /// The text.
    pub text: String,
    /// The rest of the word the excerpt starts inside, if it does (for display).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub before: String,
    /// The rest of the word the excerpt ends inside, if it does.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub after: String,
    /// Where the excerpt's paragraph stands in the file, for text extracted
    /// from a DOCX or HTML file (`start` and `end` are then offsets into the
    /// extracted text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
}

impl Excerpt {
    /// The excerpt of `doc` at `span` (bytes of `doc.text`), with the rest
    /// of the words it cuts at its ends.
    pub fn of(doc: &Document, span: Span) -> Excerpt {
        let (before, after) = crate::text::words::word_ends(&doc.text, span.start..span.end, doc.lang);
        Excerpt {
            start: doc.file_offset(span.start),
            end: doc.file_offset(span.end),
            text: doc.text[span.start..span.end].to_string(),
            before: doc.text[before].to_string(),
            after: doc.text[after].to_string(),
            locator: doc.source.locate(span.start).map(str::to_string),
        }
    }
}

/// One thing a comparison found. Its two sides are named for `check`: in
/// a `diff`, `master` is the OLD release and `other` the NEW one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// What it is.
    pub kind: Kind,
    /// The version it concerns: its language tag, or its path when two versions share a tag.
    pub version: String,
    /// The master's side (the OLD release's in a diff), if any.
    pub master: Option<Excerpt>,
    /// The version's side (the NEW release's in a diff), if any.
    pub other: Option<Excerpt>,
    /// How much it matters.
    pub severity: Severity,
    /// The probability that the finding is right, where a model gives one
    /// (missing and added content).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<f32>,
    /// A sentence for people.
    pub message: String,
}

impl Finding {
    /// A finding of `kind` about `version`, with the kind's severity and no excerpt yet.
    pub fn new(kind: Kind, version: &str, message: impl Into<String>) -> Finding {
        Finding {
            kind,
            version: version.to_string(),
            master: None,
            other: None,
            severity: kind.severity(),
            confidence: None,
            message: message.into(),
        }
    }

    /// The finding with probability `p` of being right; below 0.9 an error
    /// is only a warning.
    pub fn with_confidence(mut self, p: f64) -> Finding {
        self.confidence = Some(((p * 1000.0).round() / 1000.0) as f32);
        if p < 0.9 && self.severity == Severity::Error {
            self.severity = Severity::Warning;
        }
        self
    }

    /// The finding with its master (or OLD) side at `span` of `doc`.
    pub fn with_master(mut self, doc: &Document, span: Span) -> Finding {
        self.master = Some(Excerpt::of(doc, span));
        self
    }

    /// The finding with its version (or NEW) side at `span` of `doc`.
    pub fn with_other(mut self, doc: &Document, span: Span) -> Finding {
        self.other = Some(Excerpt::of(doc, span));
        self
    }

    /// The finding with another severity than its kind's.
    pub fn with_severity(mut self, severity: Severity) -> Finding {
        self.severity = severity;
        self
    }
}

/// Findings in the master's order: by where their master side starts
/// (findings without one last), then by version and kind; the sort is
/// stable, so findings that tie keep the order they were found in.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by_key(|f| (f.master.as_ref().map_or(usize::MAX, |m| m.start), f.version.clone(), f.kind));
}

/// A document named in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRef {
    /// Its path.
    pub path: String,
    /// Its language tag.
    pub lang: String,
    /// The encoding its byte offsets refer to.
    pub encoding: String,
}

impl DocRef {
    /// The reference to `doc`.
    pub fn of(doc: &Document) -> DocRef {
        DocRef { path: doc.name(), lang: doc.lang.tag().to_string(), encoding: doc.encoding.to_string() }
    }
}

/// Everything a comparison found (JSON schema 1).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Version of the JSON layout.
    pub schema: u32,
    /// The master (or OLD) document.
    pub master: DocRef,
    /// The other versions (or NEW).
    pub versions: Vec<DocRef>,
    /// The findings, in the master's order.
    pub findings: Vec<Finding>,
    /// Notes on what could not be checked, fallbacks and limits.
    pub notes: Vec<String>,
    /// Findings left out of the list, counted by kind ([`Report::quiet`]).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub hidden: BTreeMap<Kind, usize>,
}

impl Report {
    /// A report of `findings` on `master` and `versions`, with `notes`.
    pub fn new(master: DocRef, versions: Vec<DocRef>, findings: Vec<Finding>, notes: Vec<String>) -> Report {
        Report { schema: 1, master, versions, findings, notes, hidden: BTreeMap::new() }
    }

    /// Keep only findings whose kind is not in `ignore`.
    pub fn without(mut self, ignore: &[Kind]) -> Report {
        self.findings.retain(|f| !ignore.contains(&f.kind));
        self
    }

    /// Findings of the quiet kinds (script, width, accepted variant) that
    /// `show` does not name are counted in `hidden` instead of listed.
    pub fn quiet(mut self, show: &[Kind]) -> Report {
        let hide = |k: Kind| k.is_quiet() && !show.contains(&k);
        for f in self.findings.iter().filter(|f| hide(f.kind)) {
            *self.hidden.entry(f.kind).or_default() += 1;
        }
        self.findings.retain(|f| !hide(f.kind));
        self
    }

    /// The report as pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn kinds_are_read_from_their_names() {
        assert_eq!(Kind::named(&names(&["missing", " ", "number "])).ok(), Some(vec![Kind::Missing, Kind::Number]));
        assert!(Kind::named(&names(&["nonsense"])).is_err());
        let all = Kind::quiet_named(&names(&["all"]), "--show").expect("all");
        assert!(!all.is_empty() && all.iter().all(|k| k.is_quiet()));
        assert_eq!(Kind::quiet_named(&names(&["script"]), "--show").ok(), Some(vec![Kind::Script]));
        let e = Kind::quiet_named(&names(&["number"]), "--show").expect_err("always listed");
        assert_eq!(e.kind(), ErrorKind::InvalidOption);
        assert!(e.message().starts_with("--show number: number findings are always listed"), "{e}");
    }
}
