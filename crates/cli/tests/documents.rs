//! Documents in and out: DOCX and HTML versions of the bundled texts give
//! the findings of the text files; tracked changes, locators, hostile
//! archives; the XLSX workbook of findings read back.

mod support;

use std::collections::BTreeSet;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use serde_json::Value;
use support::cmd;
use zip::write::SimpleFileOptions;

/// The paragraphs of a bundled text (its non-empty lines).
fn paragraphs(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(support::root().join("texts/tianjin").join(name)).expect("bundled text");
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A paragraph of WordprocessingML, its text cut into two runs.
fn w_paragraph(text: &str) -> String {
    let cut = text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i);
    let (a, b) = text.split_at(cut);
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Normal\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>\
         <w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        escape(a),
        escape(b)
    )
}

/// A zip archive of `parts` (name, content).
fn zip_of(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        w.start_file(*name, opts).expect("start part");
        w.write_all(content.as_bytes()).expect("write part");
    }
    w.finish().expect("zip").into_inner()
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
    <Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" \
    ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";

/// A DOCX whose body is `body` (WordprocessingML).
fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document \
         xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    zip_of(&[("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", &document)])
}

/// The bundled version `lang` as a DOCX file in `dir`.
fn docx_version(dir: &Path, lang: &str) -> PathBuf {
    let body: String = paragraphs(&format!("{lang}.txt")).iter().map(|p| w_paragraph(p)).collect();
    support::write(dir, &format!("{lang}.docx"), docx(&body))
}

/// The bundled version `lang` as an HTML page in `dir`.
fn html_version(dir: &Path, lang: &str) -> PathBuf {
    let body: String = paragraphs(&format!("{lang}.txt")).iter().map(|p| format!("<p>{}</p>\n", escape(p))).collect();
    let page = format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><title>Tianjin</title><script>var skipped = 1;</script></head>\
         <body><nav><a href=\"/\">Home</a></nav><main>{body}</main></body></html>"
    );
    support::write(dir, &format!("{lang}.html"), page.as_bytes())
}

fn check_json(files: &[&Path]) -> Value {
    let out = cmd().arg("check").args(files).args(["--no-model", "-f", "json"]).output().expect("check");
    assert!(out.status.code().is_some_and(|c| c <= 1), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("json")
}

/// The findings as (kind, severity, master text, version text, message).
fn findings(report: &Value) -> BTreeSet<(String, String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| (s(&f["kind"]), s(&f["severity"]), s(&f["master"]["text"]), s(&f["other"]["text"]), s(&f["message"])))
        .collect()
}

#[test]
fn docx_and_html_versions_give_the_findings_of_the_text_files() {
    let dir = tempfile::tempdir().expect("dir");
    let txt = |l: &str| support::root().join(format!("texts/tianjin/{l}.txt"));
    let want = findings(&check_json(&[&txt("zh-Hant"), &txt("en")]));
    assert!(!want.is_empty(), "the text files have findings to compare");
    let (zh, en) = (docx_version(dir.path(), "zh-Hant"), docx_version(dir.path(), "en"));
    let report = check_json(&[&zh, &en]);
    assert_eq!(findings(&report), want, "DOCX");
    let located = report["findings"].as_array().into_iter().flatten().filter_map(|f| f["master"]["locator"].as_str());
    assert!(located.clone().count() > 0 && located.clone().all(|l| l.starts_with("word/document.xml paragraph ")));
    let (zh, en) = (html_version(dir.path(), "zh-Hant"), html_version(dir.path(), "en"));
    let report = check_json(&[&zh, &en]);
    assert_eq!(findings(&report), want, "HTML");
    let first = report["findings"].as_array().into_iter().flatten().find_map(|f| f["master"]["locator"].as_str());
    assert!(first.is_some_and(|l| l.starts_with("body > main > p")), "{first:?}");
}

#[test]
fn tracked_changes_are_read_as_accepted_with_a_warning() {
    let dir = tempfile::tempdir().expect("dir");
    let body = "<w:p><w:r><w:t>The council </w:t></w:r><w:ins w:id=\"1\" w:author=\"A\"><w:r><w:t>met in Tianjin</w:t></w:r></w:ins>\
        <w:del w:id=\"2\" w:author=\"A\"><w:r><w:delText>met in Beijing</w:delText></w:r></w:del><w:r><w:t>.</w:t></w:r></w:p>\
        <w:tbl><w:tr><w:tc><w:p><w:r><w:t>A cell.</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Another cell.</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
    let f = support::write(dir.path(), "changes.docx", docx(body));
    let out = cmd().args(["align", "-f", "json"]).arg(&f).arg(&f).output().expect("align");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).expect("json");
    let texts: Vec<&str> =
        json["beads"].as_array().into_iter().flatten().filter_map(|b| b["src_text"].as_str()).collect();
    assert_eq!(texts, ["The council met in Tianjin.", "A cell.", "Another cell."]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("tracked changes"), "a warning says so");
}

/// `files` refused with exit 2 and one line holding `want`.
fn refused(path: &Path, want: &str) {
    let out = cmd().args(["align"]).arg(path).arg(path).output().expect("align");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{}: {err}", path.display());
    assert!(err.contains(want), "{}: {err}", path.display());
    assert!(err.trim().lines().count() <= 2, "{err}");
}

#[test]
fn hostile_and_broken_documents_exit_2_with_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    refused(&support::write(dir.path(), "text.docx", b"plain text under a DOCX name"), "not a DOCX file");
    refused(&support::write(dir.path(), "other.docx", zip_of(&[("a.txt", "hello")])), "without word/document.xml");
    let truncated = docx(&w_paragraph("The council met."));
    refused(&support::write(dir.path(), "cut.docx", &truncated[..truncated.len() / 2]), "not a DOCX file");
    let xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><w:document \
        xmlns:w=\"w\"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>";
    refused(&support::write(dir.path(), "xxe.docx", zip_of(&[("word/document.xml", xxe)])), "entities");
    let bad = "<w:document xmlns:w=\"w\"><w:body><w:p></w:body></w:document>";
    refused(&support::write(dir.path(), "bad.docx", zip_of(&[("word/document.xml", bad)])), "malformed XML");
    // 300 MiB of white space packed into a few hundred kilobytes.
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    w.start_file("word/document.xml", opts).expect("start");
    let chunk = vec![b' '; 1 << 20];
    (0..300).for_each(|_| w.write_all(&chunk).expect("write"));
    let bomb = w.finish().expect("zip").into_inner();
    assert!(bomb.len() < 2 << 20, "{} bytes", bomb.len());
    refused(&support::write(dir.path(), "bomb.docx", bomb), "zip bomb");
    // 5 million empty paragraphs (30 MB unpacked, well under the size bound):
    // a tree of them would take gigabytes, and is not built.
    let empty = format!("<w:document xmlns:w=\"w\"><w:body>{}</w:body></w:document>", "<w:p/>".repeat(5 << 20));
    refused(&support::write(dir.path(), "nodes.docx", zip_of(&[("word/document.xml", &empty)])), "elements and texts");
    refused(
        &support::write(dir.path(), "empty.html", b"<!DOCTYPE html><html><body><script>x()</script></body></html>"),
        "holds only whitespace",
    );
}

#[test]
fn the_xlsx_workbook_holds_the_cells_of_the_csv() {
    use calamine::{Reader, Xlsx};
    let dir = tempfile::tempdir().expect("dir");
    let book = dir.path().join("findings.xlsx");
    let files = ["texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt", "texts/tianjin/ru.txt"];
    let out =
        cmd().arg("check").args(files).args(["--no-model", "-f", "xlsx", "-o"]).arg(&book).output().expect("check");
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let csv = cmd().arg("check").args(files).args(["--no-model", "-f", "csv"]).output().expect("check");
    let csv = String::from_utf8(csv.stdout).expect("utf-8");
    let mut xlsx: Xlsx<_> = calamine::open_workbook(&book).expect("open the workbook");
    assert_eq!(xlsx.sheet_names(), ["Summary", "en", "ru"]);
    let cell = |c: &calamine::Data| c.to_string();
    let mut rows_seen = 0;
    for version in ["en", "ru"] {
        let range = xlsx.worksheet_range(version).expect("sheet");
        let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(cell).collect()).collect();
        assert_eq!(rows[0], ["paragraph", "kind", "severity", "confidence", "master text", "version text", "message"]);
        for r in &rows[1..] {
            // The same finding is a CSV record: paragraph,version,kind,severity,… (messages hold no quotes here).
            assert!(csv.contains(&r[6]), "{version}: {r:?}");
            assert!(["info", "warning", "error"].contains(&r[2].as_str()), "{r:?}");
        }
        rows_seen += rows.len() - 1;
    }
    assert_eq!(rows_seen + 1, csv.matches("\r\n").count(), "as many findings as CSV records");
    let summary = xlsx.worksheet_range("Summary").expect("summary");
    let counts: Vec<String> = summary.rows().skip(1).take(2).map(|r| cell(&r[1])).collect();
    assert_eq!(counts.iter().map(|c| c.parse::<usize>().expect("count")).sum::<usize>(), rows_seen);
    let e = cmd().args(["check", "--no-model", "-f", "xlsx"]).args(files).output().expect("check");
    assert_eq!(e.status.code(), Some(1), "standard output that is not a terminal gets the workbook");
    assert!(e.stdout.starts_with(b"PK\x03\x04"));
}

#[test]
fn align_and_diff_take_either_side_of_a_bilingual_file() {
    let dir = tempfile::tempdir().expect("dir");
    let xlf = dir.path().join("zh-en.xlf");
    let (zh, en) = ("texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt");
    cmd().args(["align", zh, en, "-f", "xliff", "-o"]).arg(&xlf).assert().success();
    let side = |s: &str| format!("{}#{s}", xlf.display());
    // The two sides, aligned line by line, pair every unit with its own.
    let out = cmd()
        .args(["align", "--presegmented", "-f", "beads", &side("source"), &side("target")])
        .output()
        .expect("align");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let beads = String::from_utf8(out.stdout).expect("utf-8");
    assert!(beads.lines().count() > 100, "{beads}");
    // The target side against the English text: the same text, so nothing differs but layout.
    let out = cmd().args(["diff", "-f", "json", &side("target"), en]).output().expect("diff");
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let kinds: BTreeSet<&str> =
        report["findings"].as_array().into_iter().flatten().filter_map(|f| f["kind"].as_str()).collect();
    assert!(kinds.iter().all(|k| ["whitespace", "punctuation"].contains(k)), "{kinds:?}");
    // Named without its side, it is refused.
    let out = cmd().args(["diff", xlf.to_str().expect("path"), en]).output().expect("diff");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("#source or"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn libreoffice_opens_the_xlsx_workbook() {
    let Some(soffice) = ["soffice", "libreoffice"]
        .into_iter()
        .find(|s| std::process::Command::new(s).arg("--version").output().is_ok_and(|o| o.status.success()))
    else {
        eprintln!(
            "SKIPPED: libreoffice_opens_the_xlsx_workbook: no soffice on PATH (CI installs libreoffice-calc-nogui)"
        );
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let book = dir.path().join("findings.xlsx");
    let files = ["texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt", "texts/tianjin/ru.txt"];
    cmd().arg("check").args(files).args(["--no-model", "-f", "xlsx", "-o"]).arg(&book).assert().code(1);
    let csv = cmd().arg("check").args(files).args(["--no-model", "-f", "csv"]).output().expect("check");
    let records = support::parse_csv(&String::from_utf8(csv.stdout).expect("utf-8"));
    // Every sheet to CSV (comma, double quote, UTF-8, all sheets: the last option -1).
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let out = std::process::Command::new(soffice)
        .arg("--headless")
        .arg(format!("-env:UserInstallation=file://{}/profile", dir.path().display()))
        .args(["--convert-to", filter, "--outdir"])
        .arg(dir.path())
        .arg(&book)
        .output()
        .expect("soffice");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    for version in ["en", "ru"] {
        let sheet = std::fs::read_to_string(dir.path().join(format!("findings-{version}.csv"))).expect("sheet as CSV");
        let got = support::parse_csv(&sheet);
        // The CSV of the command, this version's records, without the version column.
        let want: Vec<Vec<String>> = records
            .iter()
            .filter(|r| r[1] == version || r[1] == "version")
            .map(|r| r.iter().enumerate().filter(|(i, _)| *i != 1).map(|(_, c)| c.clone()).collect())
            .collect();
        assert_eq!(got, want, "{version}");
    }
}

#[test]
fn a_directory_of_documents_is_checked_like_a_directory_of_texts() {
    let dir = tempfile::tempdir().expect("dir");
    docx_version(dir.path(), "zh-Hant");
    html_version(dir.path(), "en");
    let report = check_json(&[dir.path()]);
    let txt = |l: &str| support::root().join(format!("texts/tianjin/{l}.txt"));
    assert_eq!(findings(&report), findings(&check_json(&[&txt("zh-Hant"), &txt("en")])));
    // Two files of one language: refused, naming both.
    std::fs::copy(txt("en"), dir.path().join("en.txt")).expect("copy");
    let out = cmd().arg("check").arg(dir.path()).arg("--no-model").output().expect("check");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("en.html") && err.contains("en.txt") && err.contains("are both en"), "{err}");
}
