//! The top of the HTML report: the documents, the counts of findings by
//! kind and version (each a link to its first finding), the notes and the
//! filters.

use std::collections::BTreeMap;
use std::fmt::Write;

use super::markup::{escape, severity_name};
use super::view::View;
use crate::report::{Kind, Severity};

/// The documents compared, the counts of findings, the notes, and the filters.
pub(super) fn summary(o: &mut String, view: &View) {
    let findings = &view.report.findings;
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut sev: BTreeMap<Severity, usize> = BTreeMap::new();
    for f in findings {
        *counts.entry(f.kind).or_default() += 1;
        *sev.entry(f.severity).or_default() += 1;
    }
    o.push_str("<p class=\"meta\">");
    for (i, c) in view.columns.iter().enumerate() {
        let role = if i == 0 { " (master)" } else { "" };
        let sep = if i == 0 { "" } else { " · " };
        let _ = write!(o, "{sep}<span class=\"tag\">{}</span> {}{role}", escape(&c.lang), escape(&c.path));
    }
    o.push_str("</p>\n<p class=\"summary\">");
    let _ = write!(o, "{} rows, {} finding(s)", view.rows.len(), findings.len());
    let by_kind: Vec<String> = counts.iter().map(|(k, n)| format!("{} {n}", k.name())).collect();
    let by_sev: Vec<String> = sev.iter().rev().map(|(s, n)| format!("{} {n}", severity_name(*s))).collect();
    if !findings.is_empty() {
        let _ = write!(o, ": {} — {}", by_kind.join(", "), by_sev.join(", "));
    }
    o.push_str("</p>\n");
    if !view.report.notes.is_empty() {
        o.push_str("<ul class=\"notes\">\n");
        for n in &view.report.notes {
            let _ = writeln!(o, "<li>{}</li>", escape(n));
        }
        o.push_str("</ul>\n");
    }
    counts_table(o, view);
    if !counts.is_empty() {
        o.push_str("<fieldset class=\"filters\"><legend>Kinds (untick to hide their marks and rows)</legend>\n");
        for (k, n) in &counts {
            let name = k.name();
            // Kinds that only say the texts differ in form start hidden.
            let checked = if k.is_quiet() { "" } else { " checked" };
            let _ = writeln!(
                o,
                "<label><input type=\"checkbox\" data-kind=\"{name}\"{checked} disabled><span class=\"sw k-{name}\"></span>{name} ({n})</label>"
            );
        }
        o.push_str(
            "<label class=\"rows\"><input type=\"checkbox\" data-rows=\"findings\" disabled>only rows with findings</label>\
             <span class=\"keys\">keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous finding</span>\
             <noscript>(filters need JavaScript; everything is shown)</noscript></fieldset>\n",
        );
    }
}

/// Counts of findings by kind and version, each a link to its first one.
fn counts_table(o: &mut String, view: &View) {
    let findings = &view.report.findings;
    if findings.is_empty() {
        return;
    }
    let mut versions: Vec<&str> = Vec::new();
    for f in findings {
        if !versions.contains(&f.version.as_str()) {
            versions.push(&f.version);
        }
    }
    let mut cells: BTreeMap<(Kind, usize), (usize, usize)> = BTreeMap::new();
    for (fi, f) in findings.iter().enumerate() {
        let v = versions.iter().position(|x| *x == f.version).unwrap_or(0);
        cells.entry((f.kind, v)).or_insert((0, fi)).0 += 1;
    }
    o.push_str("<table class=\"counts\"><thead><tr><th>kind</th>");
    for v in &versions {
        let _ = write!(o, "<th>{}</th>", escape(v));
    }
    o.push_str("</tr></thead>\n<tbody>\n");
    let kinds: Vec<Kind> = cells.keys().map(|k| k.0).fold(Vec::new(), |mut v, k| {
        if !v.contains(&k) {
            v.push(k);
        }
        v
    });
    for k in kinds {
        let _ = write!(o, "<tr class=\"k-{0}\"><td><span class=\"sw k-{0}\"></span>{0}</td>", k.name());
        for v in 0..versions.len() {
            match cells.get(&(k, v)) {
                Some((n, first)) => {
                    let _ = write!(o, "<td><a href=\"#f-{}\">{n}</a></td>", first + 1);
                }
                None => o.push_str("<td class=\"empty\">—</td>"),
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody></table>\n");
}
