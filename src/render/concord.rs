//! Concordances as TSV and as one self-contained HTML page.

use crate::terms::concord::Concordance;

use super::markup::escape;

/// One row per occurrence: `found_in`, `left`, `term`, `right`, then the
/// aligned text of every document (master first; empty where it has none).
/// Tabs and line ends inside a cell become spaces.
pub fn concord_tsv(c: &Concordance) -> String {
    let cell = |s: &str| s.replace(['\t', '\n', '\r'], " ");
    let mut header = vec!["found_in".to_string(), "left".into(), "term".into(), "right".into()];
    header.extend(c.lines.first().map_or_else(Vec::new, |l| l.aligned.iter().map(|a| cell(&a.version)).collect()));
    let mut out = header.join("\t") + "\n";
    for l in &c.lines {
        let mut row = vec![cell(&l.found_in), cell(&l.left), cell(&l.term), cell(&l.right)];
        row.extend(l.aligned.iter().map(|a| a.text.as_deref().map_or_else(String::new, cell)));
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

const STYLE: &str = "body{font:14px/1.5 system-ui,sans-serif;margin:16px}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top}\
th{background:#f2f2f2;text-align:left}td.k{white-space:nowrap;text-align:right}\
mark{background:#ffe08a}td.none{color:#999;font-style:italic}\
@media (max-width:700px){table,thead,tbody,tr,th,td{display:block}thead{display:none}\
td{border:0;border-bottom:1px solid #eee}tr{border:1px solid #ccc;margin-bottom:8px}\
td[data-v]::before{content:attr(data-v)\": \";color:#666}}";

/// The concordance as one HTML page: the occurrence in context (the term
/// marked), then the aligned text of every document.
pub fn concord_html(c: &Concordance) -> String {
    let versions: Vec<&str> = c.documents.iter().map(|d| d.lang.as_str()).collect();
    let labels: Vec<String> = c.lines.first().map_or_else(
        || versions.iter().map(|v| v.to_string()).collect(),
        |l| l.aligned.iter().map(|a| a.version.clone()).collect(),
    );
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n\
         <title>Concordance of {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>{} occurrence(s) of <mark>{}</mark></h1>\n<table>\n<thead><tr><th>#</th><th>in context</th>",
        escape(versions.first().copied().unwrap_or("und")),
        escape(&c.term),
        c.lines.len(),
        escape(&c.term)
    );
    for l in &labels {
        out.push_str(&format!("<th>{}</th>", escape(l)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, l) in c.lines.iter().enumerate() {
        out.push_str(&format!(
            "<tr id=\"o{n}\"><td class=\"k\">{n}</td><td data-v=\"{}\">{}<mark>{}</mark>{}</td>",
            escape(&l.found_in),
            escape(&l.left),
            escape(&l.term),
            escape(&l.right),
            n = i + 1
        ));
        for a in &l.aligned {
            match &a.text {
                Some(t) => out.push_str(&format!("<td data-v=\"{}\">{}</td>", escape(&a.version), escape(t))),
                None => {
                    out.push_str(&format!("<td class=\"none\" data-v=\"{}\">no counterpart</td>", escape(&a.version)))
                }
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::DocRef;
    use crate::terms::concord::{AlignedText, ConcordLine};

    fn sample() -> Concordance {
        let doc = |lang: &str| DocRef { path: format!("{lang}.txt"), lang: lang.into(), encoding: "UTF-8".into() };
        let at = |v: &str, t: Option<&str>| AlignedText { version: v.into(), text: t.map(str::to_string) };
        Concordance {
            schema: 1,
            term: "<spirit>".into(),
            documents: vec![doc("zh-Hant"), doc("en")],
            lines: vec![ConcordLine {
                found_in: "en".into(),
                left: "the\t".into(),
                term: "<spirit>".into(),
                right: " & more\n".into(),
                aligned: vec![at("zh-Hant", None), at("en", Some("the <spirit> & more"))],
            }],
        }
    }

    #[test]
    fn tsv_has_one_column_per_document_and_no_stray_tabs() {
        let t = concord_tsv(&sample());
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines[0], "found_in\tleft\tterm\tright\tzh-Hant\ten");
        assert_eq!(lines[1].split('\t').count(), 6, "{}", lines[1]);
        assert!(lines[1].starts_with("en\tthe \t<spirit>\t & more \t\t"), "{}", lines[1]);
    }

    #[test]
    fn html_marks_the_term_and_escapes_the_text() {
        let h = concord_html(&sample());
        assert!(h.contains("<mark>&lt;spirit&gt;</mark>"), "{h}");
        assert!(h.contains("no counterpart"));
        assert!(!h.contains("<spirit>"));
        assert!(h.contains("<th>zh-Hant</th><th>en</th>"));
    }
}
