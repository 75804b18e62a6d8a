//! Real documents in and out through the command: `check` of XLIFF and TMX
//! files (a damaged XLIFF of the bundled alignment reports exactly its
//! damage; inline tags leave the comparison unchanged), hostile and
//! malformed XML refused with exit 2 and one line, and the findings as CSV
//! holding the cells of the JSON report. The fixtures are made at run time
//! from the bundled texts.

mod support;

use std::collections::BTreeSet;
use std::path::Path;
use support::{cmd, write};

use serde_json::Value;

/// `check FILE --format json`: its exit code and report.
fn check_json(file: &Path, extra: &[&str]) -> (i32, Value) {
    let out = cmd().arg("check").arg(file).args(["--format", "json"]).args(extra).output().expect("runs");
    let code = out.status.code().unwrap_or(-1);
    assert!(code == 0 || code == 1, "exit {code}: {}", String::from_utf8_lossy(&out.stderr));
    (code, serde_json::from_slice(&out.stdout).expect("JSON"))
}

/// The XLIFF of the bundled zh-Hant/en alignment.
fn bundled_xliff(dir: &Path) -> String {
    let path = dir.join("tianjin.xlf");
    cmd()
        .args(["align", "texts/tianjin/zh-Hant.txt", "texts/tianjin/en.txt", "--format", "xliff", "-o"])
        .arg(&path)
        .assert()
        .success();
    std::fs::read_to_string(&path).expect("written")
}

/// The unit of `x` whose target contains `needle`: its byte range.
fn unit_with(x: &str, needle: &str) -> std::ops::Range<usize> {
    let at = x.find(needle).unwrap_or_else(|| panic!("no target with {needle:?}"));
    let start = x[..at].rfind("<unit ").expect("a unit");
    let end = at + x[at..].find("</unit>").expect("its end");
    start..end
}

/// The source text of the unit at `r`.
fn source_of(x: &str, r: &std::ops::Range<usize>) -> String {
    let u = &x[r.clone()];
    let s = u.find("<source>").map_or(0, |i| i + "<source>".len());
    u[s..u.find("</source>").unwrap_or(s)].to_string()
}

/// Findings as (kind, master start, version text for findings without a master side).
fn keys(report: &Value) -> BTreeSet<(String, i64, String)> {
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let start = f["master"]["start"].as_i64().unwrap_or(-1);
            let other = if start < 0 { f["other"]["text"].as_str().unwrap_or("").to_string() } else { String::new() };
            (f["kind"].as_str().unwrap_or("").to_string(), start, other)
        })
        .collect()
}

/// The finding of `report` with master start `start` and kind `kind`.
fn finding<'a>(report: &'a Value, kind: &str, start: i64) -> &'a Value {
    report["findings"]
        .as_array()
        .and_then(|a| a.iter().find(|f| f["kind"] == kind && f["master"]["start"].as_i64() == Some(start)))
        .expect("the finding")
}

#[test]
fn a_damaged_xliff_reports_exactly_its_damage() {
    let dir = tempfile::tempdir().expect("dir");
    let x = bundled_xliff(dir.path());
    let (_, base) = check_json(&write(dir.path(), "base.xlf", &x), &[]);
    // Three units damaged: a target emptied, a number changed, a clause removed.
    let emptied =
        unit_with(&x, "<target>The Member States reaffirm their commitment to building a more representative");
    let number = unit_with(&x, "Pahalgam on 22 April 2025");
    let clause = unit_with(&x, "and emphasise the need to conclude a legally binding international instrument");
    let mut d = x.clone();
    d = d.replace("Pahalgam on 22 April 2025", "Pahalgam on 23 April 2025");
    d = d.replace(", and emphasise the need to conclude a legally binding international instrument that would enhance transparency and provide reliable guarantees for the prevention of an arms race in outer space", "");
    let t = d.find("<target>The Member States reaffirm their commitment to building a more representative").expect("t");
    let t_end = t + d[t..].find("</target>").expect("end") + "</target>".len();
    d.replace_range(t..t_end, "<target/>");
    let (code, damaged) = check_json(&write(dir.path(), "damaged.xlf", &d), &[]);
    assert_eq!(code, 1);

    // The source side is untouched, so master offsets compare across the two reports.
    let (before, after) = (keys(&base), keys(&damaged));
    let unit_of = |start: i64, report: &Value| {
        let text = report["findings"]
            .as_array()
            .and_then(|a| a.iter().find(|f| f["master"]["start"].as_i64() == Some(start)))
            .and_then(|f| f["master"]["text"].as_str())
            .unwrap_or("")
            .to_string();
        [("emptied", &emptied), ("number", &number), ("clause", &clause)]
            .into_iter()
            .find(|(_, r)| !text.is_empty() && source_of(&x, r).contains(&text))
            .map(|(n, _)| n)
    };
    // A removed clause is `missing` with the sentence-embedding model and,
    // without it (as here), `length`: the version is much shorter there.
    let content = |k: &str| if k == "length" { "missing".to_string() } else { k.to_string() };
    let new: Vec<(String, Option<&str>)> =
        after.difference(&before).map(|(k, s, _)| (content(k), unit_of(*s, &damaged))).collect();
    let kinds: BTreeSet<(String, Option<&str>)> = new.iter().cloned().collect();
    let want: BTreeSet<(String, Option<&str>)> = [
        ("untranslated".to_string(), Some("emptied")),
        ("number".to_string(), Some("number")),
        ("missing".to_string(), Some("clause")),
    ]
    .into_iter()
    .collect();
    assert_eq!(kinds, want, "new findings: {new:?}");
    let empty = after.difference(&before).find(|(k, _, _)| k == "untranslated").expect("the empty target");
    assert!(finding(&damaged, "untranslated", empty.1)["message"].as_str().is_some_and(|m| m.contains("empty target")));
    // What the damage made disappear was in the damaged units (a finding of the emptied target).
    for (k, s, _) in before.difference(&after) {
        assert!(unit_of(*s, &base).is_some(), "{k} at {s} is gone");
    }
}

#[test]
fn inline_tags_and_entities_compare_as_their_text() {
    let dir = tempfile::tempdir().expect("dir");
    let pairs = [
        (
            "成員國強烈譴責2025年4月22日在帕哈爾加姆發生的恐怖襲擊事件。",
            "The Member States strongly condemn the terrorist attack in Pahalgam on 22 April 2025.",
        ),
        (
            "成員國強調上合組織銀行聯合體的重要作用。",
            "The Member States emphasise the important role of the SCO Interbank Consortium.",
        ),
        (
            "成員國支持改革國際金融機構。",
            "The Member States support the reform of international financial institutions.",
        ),
    ];
    let unit = |i: usize, s: &str, t: &str| {
        format!("<trans-unit id=\"{i}\"><source>{s}</source><target>{t}</target></trans-unit>\n")
    };
    let file = |units: String| {
        format!("<?xml version=\"1.0\"?>\n<xliff version=\"1.2\"><file source-language=\"zh-Hant\" target-language=\"en\" datatype=\"plaintext\" original=\"x\"><body>\n{units}</body></file></xliff>\n")
    };
    let plain: String = pairs.iter().enumerate().map(|(i, (s, t))| unit(i, s, t)).collect();
    let tagged = [
        unit(0, "成員國<g id=\"1\">強烈</g>譴責2025年4月22日<x id=\"2\"/>在帕哈爾加姆發生的恐怖襲擊事件。", "The Member States <g id=\"1\">strongly</g> condemn the terrorist attack<x id=\"2\"/> in Pahalgam on 22 April <ph id=\"3\">&lt;br/&gt;</ph>2025."),
        unit(1, "成員國強調<bx id=\"4\"/>上合組織銀行聯合體<ex id=\"4\"/>的重要作用。", "The Member States emphasise the important role of the <mrk mtype=\"term\">SCO Interbank Consortium</mrk>."),
        unit(2, "成員國支持<bpt id=\"5\">&lt;b&gt;</bpt>改革<ept id=\"5\">&lt;/b&gt;</ept>國際金融機構。", "The Member States support the reform of <it id=\"6\" pos=\"open\">&lt;i&gt;</it>international financial\n   institutions<![CDATA[.]]>"),
    ]
    .concat();
    let (pc, plain_report) = check_json(&write(dir.path(), "plain.xlf", file(plain)), &[]);
    let (tc, tagged_report) = check_json(&write(dir.path(), "tagged.xliff", file(tagged)), &[]);
    assert_eq!((pc, tc), (0, 0), "{tagged_report}");
    assert_eq!(tagged_report["findings"], plain_report["findings"]);
    assert_eq!(tagged_report["versions"][0]["lang"], "en");
}

#[test]
fn a_tmx_with_three_languages_needs_the_pair() {
    let dir = tempfile::tempdir().expect("dir");
    let tmx = "<tmx version=\"1.4\"><header srclang=\"zh-Hant\" segtype=\"sentence\" o-tmf=\"x\" adminlang=\"en\" datatype=\"plaintext\" creationtool=\"t\" creationtoolversion=\"1\"/><body>\n\
        <tu><tuv xml:lang=\"zh-Hant\"><seg>成員國強烈譴責2025年4月22日在帕哈爾加姆發生的恐怖襲擊事件。</seg></tuv>\
        <tuv xml:lang=\"en\"><seg>The Member States strongly condemn the terrorist attack in Pahalgam on 23 April 2025.</seg></tuv>\
        <tuv xml:lang=\"ru\"><seg>Государства-члены решительно осуждают теракт в Пахалгаме 22 апреля 2025 года.</seg></tuv></tu>\n\
        <tu><tuv xml:lang=\"zh-Hant\"><seg>成員國支持改革國際金融機構。</seg></tuv><tuv xml:lang=\"ru\"><seg>Государства-члены поддерживают реформу международных финансовых институтов.</seg></tuv></tu>\n\
        </body></tmx>\n";
    let p = write(dir.path(), "memory.tmx", tmx);
    let out = cmd().arg("check").arg(&p).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--src-lang"));
    let (_, en) = check_json(&p, &["--tgt-lang", "en"]);
    let kinds: Vec<&str> = en["findings"].as_array().expect("a").iter().filter_map(|f| f["kind"].as_str()).collect();
    assert!(kinds.contains(&"number") && kinds.contains(&"untranslated"), "{kinds:?}");
    let (code, ru) = check_json(&p, &["--src-lang", "zh-Hant", "--tgt-lang", "ru"]);
    assert_eq!((code, ru["findings"].as_array().map(Vec::len)), (0, Some(0)), "{ru}");
}

/// Run `check` on `text`: exit 2 and one line on standard error.
fn refused(name: &str, text: &str) -> String {
    let dir = tempfile::tempdir().expect("dir");
    let p = write(dir.path(), name, text);
    let out = cmd().arg("check").arg(&p).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    assert!(out.stdout.is_empty());
    err
}

#[test]
fn hostile_and_malformed_xml_exit_2_with_one_line() {
    let xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n<xliff version=\"1.2\"><file source-language=\"en\" target-language=\"ru\"><body><trans-unit id=\"1\"><source>&e;</source><target>&e;</target></trans-unit></body></file></xliff>\n";
    let err = refused("xxe.xlf", xxe);
    assert!(err.contains("DOCTYPE") && !err.contains("root:x:"), "{err}");
    let lol: String =
        (1..10).map(|i| format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10))).collect();
    let laughs = format!("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol0 \"lol\">{lol}]>\n<tmx version=\"1.4\"><header srclang=\"en\"/><body><tu><tuv xml:lang=\"en\"><seg>&lol9;</seg></tuv><tuv xml:lang=\"ru\"><seg>&lol9;</seg></tuv></tu></body></tmx>\n");
    let err = refused("lol.tmx", &laughs);
    assert!(err.contains("DOCTYPE") && !err.contains("lollol"), "{err}");
    let err = refused(
        "broken.xlf",
        "<xliff version=\"1.2\"><file><body><trans-unit id=\"1\"><source>a</target></trans-unit></body></file></xliff>",
    );
    assert!(err.contains("malformed XML"), "{err}");
    refused(
        "cut.xliff",
        "<xliff version=\"2.0\" srcLang=\"en\" trgLang=\"ru\"><file id=\"f\"><unit id=\"1\"><segment><source>a",
    );
    refused("wrong.tmx", "<xliff version=\"1.2\"/>");
}

#[test]
fn csv_findings_hold_the_cells_of_the_json_report() {
    let dir = tempfile::tempdir().expect("dir");
    let x = bundled_xliff(dir.path());
    let d = x.replace("Pahalgam on 22 April 2025", "Pahalgam, \"on\" 23 April 2025");
    let p = write(dir.path(), "d.xlf", &d);
    let (_, json) = check_json(&p, &[]);
    let out = cmd().arg("check").arg(&p).args(["--format", "csv"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let records = support::parse_csv(&String::from_utf8(out.stdout).expect("UTF-8"));
    let header = ["paragraph", "version", "kind", "severity", "confidence", "master text", "version text", "message"];
    assert_eq!(records[0], header);
    let findings = json["findings"].as_array().expect("findings");
    assert_eq!(records.len(), findings.len() + 1);
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    for (r, f) in records[1..].iter().zip(findings) {
        assert_eq!(r.len(), 8);
        assert!(r[0].parse::<usize>().is_ok_and(|p| p > 0), "a segment number: {r:?}");
        assert_eq!(r[1..4], [s(&f["version"]), s(&f["kind"]), s(&f["severity"])]);
        assert_eq!(r[4].parse::<f64>().ok(), f["confidence"].as_f64(), "{r:?}");
        assert_eq!(r[5..], [s(&f["master"]["text"]), s(&f["other"]["text"]), s(&f["message"])]);
    }
    // The quoted cells came back whole.
    assert!(records.iter().any(|r| r[6].contains("Pahalgam, \"on\" 23 April")), "{records:?}");

    // diff and lint write the same columns.
    let out = cmd()
        .args(["diff", "texts/tianjin/zh-Hant.txt", "texts/tianjin/zh-Hans.txt", "--format", "csv"])
        .output()
        .expect("runs");
    let records = support::parse_csv(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(records[0], header);
    assert!(records.len() > 1 && records.iter().all(|r| r.len() == 8));
}
