//! `lint`: one Chinese text on its own, with no other edition to compare
//! with. In a traditional text, every character that shares its simplified
//! form with other traditional characters is weighed against the word list
//! ([`crate::text::spelling`]): a naive-conversion error (幹涉, 恢覆) is
//! reported with the form that belongs there, an accepted variant (周年 for
//! 週年) as a quiet note. A word the sources spell two ways (市場準入,
//! 市場准入) is judged by the rest of the text: a probable error when the
//! text writes that character for the other form more often elsewhere
//! than it writes the other form right. In either script, characters of the other script
//! (门 in a traditional text, 門 in a simplified one) are reported.

use rayon::prelude::*;

use crate::document::Document;
use crate::error::{Error, ErrorKind, Result};
use crate::report::{DocRef, Finding, Kind, Report};
use crate::segment::Span;
use crate::text::convert;
use crate::text::spelling::{lines, HabitError, Spelling, Verdict};
use crate::text::Lang;

/// What `lint` found in one text.
#[derive(Debug, Clone)]
pub struct LintResult {
    /// The findings (the text is the report's master).
    pub report: Report,
}

/// Lint `doc`, a traditional or simplified Chinese text; an error for
/// another language.
pub fn lint(doc: &Document) -> Result<LintResult> {
    if !doc.lang.is_chinese() {
        return Err(Error::new(
            ErrorKind::Mismatch,
            format!("lint checks Chinese texts, but {} is {}", doc.name(), doc.lang),
        ));
    }
    let mut findings: Vec<Finding> = Vec::new();
    let mut notes = Vec::new();
    let spelling = if doc.lang == Lang::ZhHans {
        None
    } else {
        match Spelling::bundled() {
            Ok(s) => Some(s),
            Err(e) => {
                notes.push(format!("{e}: conversion errors are not searched"));
                None
            }
        }
    };
    // Line by line, in parallel: a word never spans two lines.
    let per_line: Vec<Vec<Finding>> = lines(&doc.text)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|&(start, line)| line_findings(doc, (start, line), spelling))
        .collect();
    findings.extend(per_line.into_iter().flatten());
    if let Some(sp) = spelling {
        findings.extend(sp.habit_errors(&doc.text).iter().map(|h| habit_finding(doc, h)));
    }
    crate::report::sort(&mut findings);
    let report = Report::new(DocRef::of(doc), Vec::new(), findings, notes);
    Ok(LintResult { report })
}

/// The findings of one line (`start`: its first byte in the text).
fn line_findings(doc: &Document, (start, line): (usize, &str), spelling: Option<&Spelling>) -> Vec<Finding> {
    let label = doc.lang.tag();
    let chars: Vec<(usize, char)> = line.char_indices().map(|(b, c)| (start + b, c)).collect();
    let plain: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let words = spelling.map(|sp| sp.line(&plain));
    let mut out = Vec::new();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let span = Span::new(at, at + c.len_utf8());
        if let Some(f) = mixed_script(doc, span, c, label) {
            out.push(f);
            continue;
        }
        let Some(words) = &words else { continue };
        match words.verdict(i, |_| true) {
            Verdict::Right => {}
            Verdict::Variant(word) => {
                let msg = format!("{c}: an accepted variant form (the word list has {word})");
                out.push(Finding::new(Kind::Variant, label, msg).with_master(doc, span));
            }
            Verdict::Error { with, word } => {
                let msg = format!("{c}: naive conversion error, expected {with} ({word})");
                out.push(Finding::new(Kind::ConversionError, label, msg).with_master(doc, span));
            }
        }
    }
    out
}

/// A character of a disputed word that the text's habits mark as its
/// conversion's error, as a finding on `doc`.
fn habit_finding(doc: &Document, h: &HabitError) -> Finding {
    Finding::new(Kind::ConversionError, doc.lang.tag(), h.message())
        .with_master(doc, Span::new(h.range.start, h.range.end))
        .with_confidence(h.confidence)
}

/// A character of the other script than the text's.
fn mixed_script(doc: &Document, span: Span, c: char, label: &str) -> Option<Finding> {
    let (other, script) = if doc.lang == Lang::ZhHans {
        (convert::is_traditional_only(c), "traditional")
    } else {
        (convert::is_simplified_only(c), "simplified")
    };
    if !other {
        return None;
    }
    let form = if doc.lang == Lang::ZhHans {
        convert::to_simplified_aligned(&c.to_string())
    } else {
        convert::to_traditional_aligned(&c.to_string())
    };
    let expected = form.first().copied().unwrap_or(c);
    let msg = format!("{c}: a {script} character in a {} text ({expected})", doc.lang);
    Some(Finding::new(Kind::MixedScript, label, msg).with_master(doc, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str, lang: Lang) -> Vec<(Kind, String)> {
        let doc = Document::from_text(text.to_string(), Some(lang)).expect("doc");
        let r = lint(&doc).expect("lint");
        r.report
            .findings
            .iter()
            .map(|f| (f.kind, f.master.as_ref().map_or(String::new(), |m| m.text.clone())))
            .collect()
    }

    #[test]
    fn errors_variants_and_mixed_script_are_told_apart() {
        let found = kinds("成員國批準了協定，不幹涉內政。\n各方紀念成立80周年。\n我们支持。\n", Lang::ZhHant);
        assert!(found.contains(&(Kind::ConversionError, "準".into())), "{found:?}");
        assert!(found.contains(&(Kind::ConversionError, "幹".into())), "{found:?}");
        assert!(found.contains(&(Kind::Variant, "周".into())), "{found:?}");
        assert!(found.contains(&(Kind::MixedScript, "们".into())), "{found:?}");
        assert_eq!(found.len(), 4, "{found:?}");
    }

    #[test]
    fn a_correct_text_gives_nothing() {
        let hant = "成員國批准了協定，不干涉內政，強調必須儘快恢復建設性對話，促進世界經濟復蘇。\n";
        assert_eq!(kinds(hant, Lang::ZhHant), []);
        let hans = "成员国批准了协定，不干涉内政，乾隆年间的事。\n";
        assert_eq!(kinds(hans, Lang::ZhHans), []);
        assert_eq!(kinds("成员国門口\n", Lang::ZhHans), [(Kind::MixedScript, "門".to_string())]);
    }

    #[test]
    fn a_disputed_word_is_judged_by_the_text_s_conversion_habits() {
        let confidence = |text: &str| {
            let doc = Document::from_text(text.to_string(), Some(Lang::ZhHant)).expect("doc");
            let r = lint(&doc).expect("lint");
            let f =
                r.report.findings.iter().find(|f| f.master.as_ref().is_some_and(|m| m.text == "準" && m.start > 36));
            f.map(|f| (f.kind, f.confidence, f.severity))
        };
        // 批準 (an error) twice on the first line: 市場準入 on the second is
        // read as 市場准入, at (2 + 1) / (2 + 0 + 2).
        let naive = "批準了協定，批準了公約。\n擴大市場準入。\n";
        let warning = crate::report::Severity::Warning;
        assert_eq!(confidence(naive), Some((Kind::ConversionError, Some(0.75), warning)));
        // Without that evidence, nothing (the cases: text::spelling::habits).
        assert_eq!(confidence("一二三四。\n擴大市場準入。\n"), None);
    }

    #[test]
    fn other_languages_are_refused() {
        let doc = Document::from_text("Hello.\n".to_string(), Some(Lang::En)).expect("doc");
        assert_eq!(lint(&doc).map(|_| ()).map_err(|e| e.kind()), Err(ErrorKind::Mismatch));
    }
}
