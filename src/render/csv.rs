//! The findings of a report as CSV (RFC 4180): a header line, then one
//! record a finding in the report's order, fields quoted when they hold a
//! comma, a quote or a line break, lines ended by CRLF.

use super::markup::severity_name;
use super::report_table::paragraph_of;
use super::view::View;
use crate::report::Finding;

/// The columns, in order.
pub const CSV_COLUMNS: [&str; 8] =
    ["paragraph", "version", "kind", "severity", "confidence", "master text", "version text", "message"];

/// One field, quoted when it must be.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn record(out: &mut String, cells: &[String]) {
    let fields: Vec<String> = cells.iter().map(|c| field(c)).collect();
    out.push_str(&fields.join(","));
    out.push_str("\r\n");
}

/// The view's findings as CSV: the master paragraph (1-based; empty when
/// the finding has none), the version's label, the kind, the severity, the
/// probability (empty when there is none), both excerpts and the message.
pub fn findings_csv(view: &View) -> String {
    let mut out = String::new();
    record(&mut out, &CSV_COLUMNS.map(str::to_string));
    for f in &view.report.findings {
        record(&mut out, &cells(view, f));
    }
    out
}

/// The cells of finding `f` under [`CSV_COLUMNS`].
pub(super) fn cells(view: &View, f: &Finding) -> [String; 8] {
    let p = paragraph_of(view, f);
    [
        if p == 0 { String::new() } else { p.to_string() },
        f.version.clone(),
        f.kind.name().to_string(),
        severity_name(f.severity).to_string(),
        f.confidence.map_or_else(String::new, |c| c.to_string()),
        f.master.as_ref().map_or_else(String::new, |e| e.text.clone()),
        f.other.as_ref().map_or_else(String::new, |e| e.text.clone()),
        f.message.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_when_they_must_be() {
        assert_eq!(field("plain text"), "plain text");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("two\nlines"), "\"two\nlines\"");
    }
}
