//! The HTML report: structure and escaping on the Tianjin diff and on a
//! hand-made view (in a browser: tests/html_browser.rs).

use std::path::Path;

use clausediff::render::html::{escape, html};
use clausediff::render::view::{Cell, Row, View};
use clausediff::report::{DocRef, Excerpt, Finding, Kind, Report, Severity};
use clausediff::{Document, LoadOptions};

fn tianjin() -> (View, String) {
    let load = |p: &str| Document::load(Path::new(p), &LoadOptions::default()).expect(p);
    let (old, new) = (load("texts/tianjin/zh-Hant.txt"), load("texts/tianjin/zh-Hans.txt"));
    let result = clausediff::diff::diff(&old, &new, &Default::default()).expect("diff");
    let view = clausediff::render::view::View::of_diff(&result, &old, &new);
    let page = html(&view, "Tianjin Declaration: zh-Hant → zh-Hans");
    (view, page)
}

/// The text content of `html` (tags removed, entities decoded).
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        if c == '<' {
            rest = &rest[rest.find('>').map_or(rest.len(), |i| i + 1)..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// For every `<mark class="k-KIND"` element: its text, and the text of the
/// rest of the page after it (up to 20 bytes of markup-free text).
fn marked_texts_in_context(page: &str, kind: &str) -> Vec<(String, String)> {
    let open = format!("<mark class=\"k-{kind}\"");
    let mut out = Vec::new();
    for (at, _) in page.match_indices(&open) {
        let rest = &page[at..];
        let mut depth = 0usize;
        let mut end = None;
        for (i, _) in rest.match_indices('<') {
            if rest[i..].starts_with("<mark") {
                depth += 1;
            } else if rest[i..].starts_with("</mark>") {
                depth -= 1;
                if depth == 0 {
                    end = Some(i);
                    break;
                }
            }
        }
        let end = end.unwrap_or_else(|| panic!("unclosed <mark> at byte {at}"));
        let stop = (end + 400..rest.len()).find(|&i| rest.is_char_boundary(i)).unwrap_or(rest.len());
        let after: String = text_of(&rest[end..stop]).chars().take(20).collect();
        out.push((text_of(&rest[..end]), after));
    }
    out
}

fn marked_texts(page: &str, kind: &str) -> Vec<String> {
    marked_texts_in_context(page, kind).into_iter().map(|(t, _)| t).collect()
}

fn count_tag(page: &str, name: &str) -> (usize, usize) {
    let opens = page.matches(&format!("<{name} ")).count() + page.matches(&format!("<{name}>")).count();
    (opens, page.matches(&format!("</{name}>")).count())
}

#[test]
fn tianjin_report_is_self_contained_and_complete() {
    let (view, page) = tianjin();
    let findings = &view.report.findings;
    assert!(!findings.is_empty());
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<meta charset=\"utf-8\">"));
    for bad in ["http://", "https://", "src=", "@import", "url("] {
        assert!(!page.contains(bad), "external reference {bad:?} in the page");
    }
    for tag in ["mark", "tr", "td", "table", "tbody", "script", "style"] {
        let (o, c) = count_tag(&page, tag);
        assert_eq!(o, c, "<{tag}> opened {o} times, closed {c}");
    }
    assert_eq!(count_tag(&page, "tr").0, count_tag(&page, "tr").1);
    // Every finding is in the list, with its message.
    assert_eq!(page.matches("<tr id=\"f-").count(), findings.len());
    for (i, f) in findings.iter().enumerate() {
        assert!(page.contains(&format!("<tr id=\"f-{}\" class=\"f k-{}\"", i + 1, f.kind.name())), "finding {i}");
        assert!(page.contains(&escape(&f.message)), "message of finding {i}: {}", f.message);
    }
    // Every row is there, and every list entry links to a row that exists.
    for r in 1..=view.rows.len() {
        assert!(page.contains(&format!("<tr id=\"r-{r}\"")), "row {r}");
    }
    // A known conversion error (幹涉 for 干涉: the character 幹) is highlighted as one.
    let conv = marked_texts_in_context(&page, "conversion-error");
    assert!(
        conv.iter().any(|(t, after)| t.starts_with('幹') && format!("{t}{after}").starts_with("幹涉")),
        "幹涉 not in a conversion-error mark: {conv:?}"
    );
    // A filter checkbox per kind present, with its count.
    for k in Kind::ALL {
        let n = findings.iter().filter(|f| f.kind == k).count();
        let label = format!("data-kind=\"{}\"", k.name());
        assert_eq!(page.contains(&label), n > 0, "{label}");
        if n > 0 {
            assert!(page.contains(&format!("{} ({n})</label>", k.name())), "count of {}", k.name());
        }
    }
    // Deterministic.
    assert_eq!(page, html(&view, "Tianjin Declaration: zh-Hant → zh-Hans"));
}

fn hand_view() -> View {
    let doc = |p: &str, l: &str| DocRef { path: p.into(), lang: l.into(), encoding: "UTF-8".into() };
    let cell = |start: usize, text: &str| Some(Cell { start, end: start + text.len(), text: text.into() });
    let (old, new) = ("if a<b & 'c' then \"d\"", "if a>b & 'c' then \"d\"");
    let ex = |start: usize, text: &str| {
        Some(Excerpt {
            start,
            end: start + text.len(),
            text: text.into(),
            before: String::new(),
            after: String::new(),
            locator: None,
        })
    };
    View {
        columns: vec![doc("old<1>.txt", "en"), doc("new&2.txt", "en")],
        rows: vec![
            Row { paragraph: 1, cells: vec![cell(0, old), cell(0, new)], moved: false },
            Row { paragraph: 1, cells: vec![cell(30, "gone"), None], moved: false },
            Row { paragraph: 0, cells: vec![None, cell(40, "new <b>")], moved: false },
        ],
        report: Report {
            schema: 1,
            master: doc("old<1>.txt", "en"),
            versions: vec![doc("new&2.txt", "en")],
            findings: vec![
                Finding {
                    kind: Kind::Wording,
                    version: "new&2.txt".into(),
                    master: ex(3, "a<b"),
                    other: ex(3, "a>b"),
                    severity: Severity::Warning,
                    confidence: None,
                    message: "“a<b” → “a>b” & 'so'".into(),
                },
                Finding {
                    kind: Kind::Punctuation,
                    version: "new&2.txt".into(),
                    master: ex(4, "<"),
                    other: ex(4, ">"),
                    severity: Severity::Info,
                    confidence: None,
                    message: "< → >".into(),
                },
                Finding {
                    kind: Kind::Removed,
                    version: "new&2.txt".into(),
                    master: ex(30, "gone"),
                    other: None,
                    severity: Severity::Error,
                    confidence: None,
                    message: "1 unit(s) removed".into(),
                },
                Finding {
                    kind: Kind::Added,
                    version: "new&2.txt".into(),
                    master: None,
                    other: ex(40, "new <b>"),
                    severity: Severity::Error,
                    confidence: None,
                    message: "1 unit(s) added".into(),
                },
            ],
            notes: vec!["a note with <angle> brackets".into()],
            hidden: Default::default(),
        },
    }
}

#[test]
fn hand_made_view_is_escaped() {
    let view = hand_view();
    let page = html(&view, "T<i>tle & \"more\"");
    assert!(page.contains("<title>T&lt;i&gt;tle &amp; &quot;more&quot;</title>"));
    assert!(!page.contains("<b>") && !page.contains("<angle>") && !page.contains("<1>"));
    assert!(page.contains("a note with &lt;angle&gt; brackets"));
    assert!(page.contains("old&lt;1&gt;.txt") && page.contains("new&amp;2.txt"));
    assert!(page.contains("title=\"“a&lt;b” → “a&gt;b” &amp; &#39;so&#39;\""));
    // The punctuation mark nests inside the wording mark, on both sides.
    assert_eq!(marked_texts(&page, "wording"), vec!["a<b", "a>b"]);
    assert!(page.contains(
        "data-f=\"1\">a<mark class=\"k-punctuation\" title=\"&lt; → &gt;\" data-f=\"2\">&lt;</mark>b</mark>"
    ));
    assert_eq!(marked_texts(&page, "punctuation"), vec!["<", ">"]);
    assert!(page.contains("&#39;c&#39; then &quot;d&quot;"));
    // Whole-unit findings colour the cell; a missing counterpart is a grey cell.
    assert!(page.contains("<td class=\"t w k-removed\""));
    assert!(page
        .contains("<td class=\"t w k-added\" lang=\"en\" title=\"1 unit(s) added\" data-f=\"4\">new &lt;b&gt;</td>"));
    assert_eq!(page.matches("<td class=\"none").count(), 2);
    // … and the empty cell of the side that lacks the unit is coloured too.
    assert!(
        page.contains("<td class=\"none w k-removed\" lang=\"en\" title=\"no counterpart\n1 unit(s) removed\"></td>")
    );
    assert!(page.contains("<td class=\"none w k-added\""));
    // One paragraph label for the three rows (the added row keeps the group).
    assert_eq!(page.matches("<tr class=\"para\">").count(), 1);
    let (o, c) = count_tag(&page, "mark");
    assert_eq!((o, c), (4, 4));
}

#[test]
fn release_diff_shows_added_removed_moved_and_changes() {
    let path = "texts/tianjin/zh-Hans.txt";
    let old = Document::load(Path::new(path), &LoadOptions::default()).expect(path);
    let moved = "「天津宣言」中，将在安全层面设立综合安全中心与禁毒中心，续推反恐、边防与网络安全协作，呼吁早日通过《打击国际恐怖主义全面公约》，就巴以冲突促成全面停火与人道援助，并谴责2025年6月对伊朗的军事行动。";
    let removed = "成员国强调「上海精神」，反对集团对抗与单边制裁，支持在欧亚大陆构建平等、不可分割的安全架构；";
    assert!(old.text.contains(moved) && old.text.contains(removed));
    let mut text = old.text.replacen(moved, "", 1).replacen(removed, "", 1).replacen("24份", "25份", 1);
    text = text.replacen("推进上合组织开发银行落地", "推动上合组织开发银行尽快落地", 1);
    text.push_str("\n\n各方同意于2027年在比什凯克举行下次会议。\n\n");
    text.push_str(moved);
    text.push('\n');
    let new = Document::from_text(text, Some(clausediff::Lang::ZhHans)).expect("new text");
    let result = clausediff::diff::diff(&old, &new, &Default::default()).expect("diff");
    let view = clausediff::render::view::View::of_diff(&result, &old, &new);
    let page = html(&view, "zh-Hans: release 1 → release 2");
    if let Some(dir) = std::env::var_os("CLAUSEDIFF_HTML_OUT") {
        std::fs::write(Path::new(&dir).join("release.html"), &page).expect("write html");
    }
    let kinds: Vec<&str> = view.report.findings.iter().map(|f| f.kind.name()).collect();
    for k in ["added", "moved", "number", "wording"] {
        assert!(kinds.contains(&k), "no {k} finding: {kinds:?}");
    }
    for k in ["added", "moved"] {
        assert!(page.contains(&format!("<td class=\"t w k-{k}\"")), "{k} cell not coloured");
    }
    if kinds.contains(&"removed") {
        assert!(page.contains("<td class=\"t w k-removed\""));
    }
    assert!(page.contains("<td class=\"none"));
    assert!(page.contains("<span class=\"badge\">moved</span>"));
    assert!(marked_texts(&page, "number").iter().any(|t| t.contains("25")), "{:?}", marked_texts(&page, "number"));
    let (o, c) = count_tag(&page, "mark");
    assert_eq!(o, c);
}
