//! Bilingual formats in the library: the XLIFF 2.0 writer read back by the
//! reader (same pairs, a well-formed structure), TMX read back, the check
//! of pre-paired versions (empty and untouched targets), and hostile XML.

use std::collections::BTreeSet;
use std::path::Path;

use clausediff::check::{check, CheckOptions};
use clausediff::formats::{self, xml, Format, Langs};
use clausediff::render::{self, Aligned};
use clausediff::report::Kind;
use clausediff::{align_documents, AlignOptions, Document, ErrorKind, Lang};

fn load(path: &str, lang: Lang) -> Document {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let opts = clausediff::LoadOptions { lang: Some(lang), ..Default::default() };
    Document::load(&root.join(path), &opts).expect("a bundled text")
}

/// White space collapsed, as the reader gives segments.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The aligned bundled zh-Hant/en texts, with the pairs every bead gives (one side empty for 1-0 and 0-1).
fn aligned() -> (Document, Document, clausediff::DocAlignment) {
    let (zh, en) = (load("texts/tianjin/zh-Hant.txt", Lang::ZhHant), load("texts/tianjin/en.txt", Lang::En));
    let result = align_documents(&zh, &en, &AlignOptions::default());
    (zh, en, result)
}

#[test]
fn xliff_out_reads_back_as_the_same_pairs() {
    let (zh, en, result) = aligned();
    let a = Aligned { src: &zh, tgt: &en, result: &result };
    let out = render::xliff(&a);
    let want: Vec<(String, String)> = result
        .alignment
        .beads
        .iter()
        .map(|b| (one_line(&a.src_text(b.src.clone())), one_line(&a.tgt_text(b.tgt.clone()))))
        .collect();
    let raw = formats::parse_raw(&out, Format::Xliff, Langs::default()).expect("the writer's XLIFF reads back");
    let got: Vec<(String, String)> = raw.pairs.iter().map(|p| (p.src.clone(), p.tgt.clone())).collect();
    assert_eq!(got, want);
    assert_eq!((raw.src_lang.as_deref(), raw.tgt_lang.as_deref()), (Some("zh-Hant"), Some("en")));

    // The structure: the root's attributes, unique unit ids, a segment with a source in every unit,
    // and a note in exactly the units of 1-0 and 0-1 beads.
    let root = xml::parse(&out, "XLIFF").expect("well-formed");
    assert_eq!(root.name, "xliff");
    assert_eq!(root.attr("version"), Some("2.0"));
    assert_eq!(root.attr("xmlns"), Some("urn:oasis:names:tc:xliff:document:2.0"));
    assert!(root.attr("srcLang").is_some() && root.attr("trgLang").is_some());
    let file = root.child("file").expect("a <file>");
    assert!(file.attr("id").is_some());
    let units: Vec<&xml::Element> = file.elements().filter(|e| e.name == "unit").collect();
    assert_eq!(units.len(), result.alignment.beads.len());
    let ids: BTreeSet<&str> = units.iter().filter_map(|u| u.attr("id")).collect();
    assert_eq!(ids.len(), units.len(), "unit ids are present and unique");
    for (u, b) in units.iter().zip(&result.alignment.beads) {
        let seg = u.child("segment").expect("a <segment> in every unit");
        assert!(seg.child("source").is_some(), "a <source> in every segment");
        let noted = u.child("notes").is_some_and(|n| n.child("note").is_some());
        assert_eq!(noted, b.src.is_empty() || b.tgt.is_empty(), "{:?}", u.attr("id"));
    }
    assert!(units.iter().any(|u| u.child("notes").is_some()), "the bundled en lacks the news report: 1-0 beads");
}

#[test]
fn the_writer_escapes_text() {
    let zh = Document::from_text("成員國支持「A&B」<協議>的落實。", Some(Lang::ZhHant)).expect("zh");
    let en = Document::from_text("The Member States support the \"A&B\" <agreement>.", Some(Lang::En)).expect("en");
    let result = align_documents(&zh, &en, &AlignOptions::default());
    let out = render::xliff(&Aligned { src: &zh, tgt: &en, result: &result });
    assert!(out.contains("&amp;B") && out.contains("&lt;agreement&gt;"), "{out}");
    let raw = formats::parse_raw(&out, Format::Xliff, Langs::default()).expect("reads back");
    assert_eq!(raw.pairs[0].tgt, "The Member States support the \"A&B\" <agreement>.");
}

#[test]
fn tmx_out_reads_back() {
    let (zh, en, result) = aligned();
    let a = Aligned { src: &zh, tgt: &en, result: &result };
    let b = formats::parse(&render::tmx(&a), Format::Tmx, Langs::default()).expect("the TMX reads back");
    let want: Vec<(String, String)> = result
        .alignment
        .beads
        .iter()
        .filter(|b| !b.src.is_empty() && !b.tgt.is_empty())
        .map(|b| (one_line(&a.src_text(b.src.clone())), one_line(&a.tgt_text(b.tgt.clone()))))
        .collect();
    assert_eq!(b.pairs(), want);
    assert_eq!((b.src.lang, b.tgt.lang), (Lang::ZhHant, Lang::En));
}

const PAIRS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2"><file source-language="zh-Hant" target-language="en" datatype="plaintext" original="t"><body>
<trans-unit id="a"><source>成員國強烈譴責2025年4月22日在帕哈爾加姆發生的恐怖襲擊事件。</source>
  <target>The Member States strongly condemn the terrorist attack in Pahalgam on 22 April 2025.</target></trans-unit>
<trans-unit id="b"><source>成員國支持上合組織秘書處同中亞地區禁毒信息協調中心簽署備忘錄。</source><target/></trans-unit>
<trans-unit id="c"><source>The Member States support the signing of a memorandum.</source>
  <target>The Member States support the signing of a memorandum.</target></trans-unit>
</body></file></xliff>"#;

#[test]
fn paired_check_reports_empty_and_untouched_targets() {
    let b = formats::parse(PAIRS, Format::Xliff, Langs::default()).expect("parsed");
    let opts = CheckOptions { paired: true, ..Default::default() };
    let r = check(&b.src, &[&b.tgt], &opts).expect("checked");
    let found: Vec<(Kind, &str)> = r.report.findings.iter().map(|f| (f.kind, f.message.as_str())).collect();
    let empty: Vec<_> = found.iter().filter(|(_, m)| m.starts_with("empty target")).collect();
    assert_eq!(empty.len(), 1, "{found:?}");
    assert_eq!(empty[0].0, Kind::Untranslated);
    assert!(found.iter().any(|(k, m)| *k == Kind::Untranslated && m.contains("identical")), "{found:?}");
    assert!(!found.iter().any(|(k, _)| *k == Kind::Missing || *k == Kind::Number), "{found:?}");
    // One aligned row a pair, 1-1 except the empty target's 1-0.
    let shapes: Vec<(usize, usize)> =
        r.aligned.versions[0].alignment.beads.iter().map(|b| (b.src.len(), b.tgt.len())).collect();
    assert_eq!(shapes, vec![(1, 1), (1, 0), (1, 1)]);
}

#[test]
fn hostile_xml_is_refused_without_expansion() {
    let xxe = r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xliff version="1.2"><file><body><trans-unit id="1"><source>&e;</source><target>x</target></trans-unit></body></file></xliff>"#;
    let laughs = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">{}]><tmx version=\"1.4\"><body><tu><tuv xml:lang=\"en\"><seg>&lol9;</seg></tuv></tu></body></tmx>",
        (1..10).map(|i| format!("<!ENTITY lol{i} \"{}\">", format!("&lol{};", i - 1).repeat(10))).collect::<String>()
    );
    for (text, format) in [(xxe, Format::Xliff), (laughs.as_str(), Format::Tmx)] {
        let e = formats::parse(text, format, Langs::default()).expect_err("refused");
        assert_eq!(e.kind(), ErrorKind::Parse);
        assert!(e.message().contains("DOCTYPE") && !e.message().contains("root:"), "{}", e.message());
    }
    // An undeclared entity is an error, not text.
    let undeclared = r#"<xliff version="1.2"><file><body><trans-unit id="1"><source>&e;</source><target>x</target></trans-unit></body></file></xliff>"#;
    assert_eq!(formats::parse(undeclared, Format::Xliff, Langs::default()).expect_err("bad").kind(), ErrorKind::Parse);
    for bad in ["<xliff version=\"1.2\"><file>", "<xliff version=\"1.2\"></file>", "not xml at all", "<a></a>"] {
        let e = formats::parse(bad, Format::Xliff, Langs::default()).expect_err(bad);
        assert_eq!(e.kind(), ErrorKind::Parse, "{bad}: {e}");
    }
}

/// What the XLIFF 2.0 core schema (xliff_core_2.0.xsd, OASIS) allows of an
/// element the writer uses: its attributes, its children in order (each
/// with how many may occur: (name, least, most)), and whether it holds text.
struct Rule {
    name: &'static str,
    attrs: &'static [&'static str],
    required: &'static [&'static str],
    children: &'static [(&'static str, usize, usize)],
    text: bool,
}

const MANY: usize = usize::MAX;

/// The rules of the core schema for the elements of an alignment's XLIFF.
const XLIFF_CORE: &[Rule] = &[
    Rule {
        name: "xliff",
        attrs: &["xmlns", "version", "srcLang", "trgLang", "xml:space"],
        required: &["version", "srcLang"],
        children: &[("file", 1, MANY)],
        text: false,
    },
    Rule {
        name: "file",
        attrs: &["id", "canResegment", "original", "translate", "srcDir", "trgDir", "xml:space"],
        required: &["id"],
        children: &[("skeleton", 0, 1), ("notes", 0, 1), ("unit", 0, MANY)],
        text: false,
    },
    Rule {
        name: "unit",
        attrs: &["id", "name", "canResegment", "translate", "srcDir", "trgDir", "xml:space", "type"],
        required: &["id"],
        children: &[("notes", 0, 1), ("originalData", 0, 1), ("segment", 1, MANY)],
        text: false,
    },
    Rule { name: "notes", attrs: &[], required: &[], children: &[("note", 1, MANY)], text: false },
    Rule {
        name: "note",
        attrs: &["id", "appliesTo", "category", "priority"],
        required: &[],
        children: &[],
        text: true,
    },
    Rule {
        name: "segment",
        attrs: &["id", "canResegment", "state", "subState"],
        required: &[],
        children: &[("source", 1, 1), ("target", 0, 1)],
        text: false,
    },
    Rule { name: "source", attrs: &["xml:lang", "xml:space"], required: &[], children: &[], text: true },
    Rule { name: "target", attrs: &["xml:lang", "xml:space", "order"], required: &[], children: &[], text: true },
];

/// Where `e` breaks [`XLIFF_CORE`], as messages.
fn schema_errors(e: &xml::Element, out: &mut Vec<String>) {
    let Some(rule) = XLIFF_CORE.iter().find(|r| r.name == e.name) else {
        out.push(format!("<{}> is not an element of the core", e.name));
        return;
    };
    for (k, _) in &e.attrs {
        if !rule.attrs.contains(&k.as_str()) {
            out.push(format!("<{}> has no attribute {k}", e.name));
        }
    }
    for k in rule.required {
        if e.attr(k).is_none() {
            out.push(format!("<{}> lacks {k}", e.name));
        }
    }
    let has_text = e.children.iter().any(|n| matches!(n, xml::Node::Text(t) if !t.trim().is_empty()));
    if has_text && !rule.text {
        out.push(format!("<{}> holds text", e.name));
    }
    // The children, in the rule's order and numbers.
    let names: Vec<&str> = e.elements().map(|c| c.name.as_str()).collect();
    let mut at = 0;
    for (name, least, most) in rule.children {
        let n = names[at..].iter().take_while(|c| *c == name).count();
        if n < *least || n > *most {
            out.push(format!("<{}> has {n} <{name}> where {least}..{most} may stand", e.name));
        }
        at += n;
    }
    if at < names.len() {
        out.push(format!("<{}>: <{}> out of place", e.name, names[at]));
    }
    e.elements().for_each(|c| schema_errors(c, out));
}

#[test]
fn xliff_out_follows_the_core_schema() {
    let (zh, en, result) = aligned();
    let out = render::xliff(&Aligned { src: &zh, tgt: &en, result: &result });
    let root = xml::parse(&out, "XLIFF").expect("well-formed");
    let mut errors = Vec::new();
    schema_errors(&root, &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    // Ids are unique among their siblings (units in a file, segments in a unit).
    for file in root.elements() {
        let ids: Vec<&str> = file.elements().filter_map(|u| u.attr("id")).collect();
        assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), ids.len());
    }
    // The validator catches what the schema forbids.
    for bad in [
        "<xliff version=\"2.0\" srcLang=\"en\"><file id=\"f\"><unit id=\"u\"><segment><target>x</target></segment></unit></file></xliff>",
        "<xliff version=\"2.0\" srcLang=\"en\"><file id=\"f\"><unit id=\"u\"><segment><source>x</source></segment><notes><note>n</note></notes></unit></file></xliff>",
        "<xliff version=\"2.0\"><file id=\"f\"><unit id=\"u\"><segment><source>x</source></segment></unit></file></xliff>",
        "<xliff version=\"2.0\" srcLang=\"en\"><file><unit id=\"u\" bead=\"1-1\"><segment><source>x</source></segment></unit></file></xliff>",
    ] {
        let mut errors = Vec::new();
        schema_errors(&xml::parse(bad, "XLIFF").expect("well-formed"), &mut errors);
        assert!(!errors.is_empty(), "{bad}");
    }
}
