//! XLIFF in: 1.2 (`<file source-language target-language>` …
//! `<trans-unit><source/><target/>`) and 2.x (`<xliff srcLang trgLang>` …
//! `<unit><segment><source/><target/>`). Groups nest; `<alt-trans>`
//! suggestions, `<ignorable>` white space and `<originalData>` are not
//! segments and are left out.

use super::xml::{inline_text, Element};
use super::{Pair, Raw};
use crate::error::{Error, ErrorKind, Result};

fn parse_error(msg: String) -> Error {
    Error::new(ErrorKind::Parse, format!("XLIFF: {msg}"))
}

/// The segment pairs of an XLIFF document whose root is `root`.
pub fn read(root: &Element) -> Result<Raw> {
    if root.name != "xliff" {
        return Err(parse_error(format!("the root element is <{}>, not <xliff>", root.name)));
    }
    let version = root.attr("version").unwrap_or("");
    let mut raw = Raw::default();
    if version.starts_with('2') {
        raw.src_lang = root.attr("srcLang").map(str::to_string);
        raw.tgt_lang = root.attr("trgLang").map(str::to_string);
        units_2(root, &mut raw)?;
    } else if version.starts_with('1') {
        for file in root.elements().filter(|e| e.name == "file") {
            let langs = (file.attr("source-language"), file.attr("target-language"));
            merge_lang(&mut raw.src_lang, langs.0, "source-language")?;
            merge_lang(&mut raw.tgt_lang, langs.1, "target-language")?;
            units_1(file, &mut raw)?;
        }
    } else {
        return Err(parse_error(format!("version {} is not 1.x or 2.x", Error::quote(version))));
    }
    Ok(raw)
}

/// Keep the language of the first `<file>`; refuse files of another one.
fn merge_lang(have: &mut Option<String>, new: Option<&str>, what: &str) -> Result<()> {
    match (have.as_deref(), new) {
        (None, Some(n)) => *have = Some(n.to_string()),
        (Some(h), Some(n)) if !h.eq_ignore_ascii_case(n) => {
            return Err(parse_error(format!("<file> elements of different {what}s ({h} and {n}): split the file")))
        }
        _ => {}
    }
    Ok(())
}

/// Every `<trans-unit>` under `e` (through `<body>` and `<group>`), in order.
fn units_1(e: &Element, raw: &mut Raw) -> Result<()> {
    for c in e.elements() {
        match c.name.as_str() {
            "trans-unit" => {
                let id = c.attr("id").unwrap_or("").to_string();
                let source = c
                    .child("source")
                    .ok_or_else(|| parse_error(format!("trans-unit {} has no <source>", Error::quote(&id))))?;
                let target = c.child("target").map(inline_text).unwrap_or_default();
                raw.pairs.push(Pair { id, src: inline_text(source), tgt: target });
            }
            "header" | "alt-trans" | "bin-unit" => {}
            _ => units_1(c, raw)?,
        }
    }
    Ok(())
}

/// Every `<segment>` of every `<unit>` under `e` (through `<file>` and `<group>`), in order.
fn units_2(e: &Element, raw: &mut Raw) -> Result<()> {
    for c in e.elements() {
        match c.name.as_str() {
            "unit" => {
                let unit = c.attr("id").unwrap_or("");
                let segments: Vec<&Element> = c.elements().filter(|s| s.name == "segment").collect();
                for (k, s) in segments.iter().enumerate() {
                    let id = match (s.attr("id"), segments.len()) {
                        (Some(sid), _) => format!("{unit}/{sid}"),
                        (None, 1) => unit.to_string(),
                        (None, _) => format!("{unit}/{}", k + 1),
                    };
                    let source = s
                        .child("source")
                        .ok_or_else(|| parse_error(format!("segment {} has no <source>", Error::quote(&id))))?;
                    let target = s.child("target").map(inline_text).unwrap_or_default();
                    raw.pairs.push(Pair { id, src: inline_text(source), tgt: target });
                }
            }
            "notes" | "originalData" | "skeleton" => {}
            _ => units_2(c, raw)?,
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::xml::parse;
    use super::*;

    #[test]
    fn versions_1_and_2() {
        let v1 = r#"<xliff version="1.2"><file source-language="en" target-language="ru" datatype="plaintext" original="x"><body>
            <group><trans-unit id="1"><source>Hello <g id="a">world</g></source><target>Привет <g id="a">мир</g></target>
            <alt-trans><source>x</source><target>y</target></alt-trans></trans-unit></group>
            <trans-unit id="2"><source>Only source</source></trans-unit></body></file></xliff>"#;
        let raw = read(&parse(v1, "XLIFF").expect("xml")).expect("read");
        assert_eq!((raw.src_lang.as_deref(), raw.tgt_lang.as_deref()), (Some("en"), Some("ru")));
        let got: Vec<(&str, &str)> = raw.pairs.iter().map(|p| (p.src.as_str(), p.tgt.as_str())).collect();
        assert_eq!(got, vec![("Hello world", "Привет мир"), ("Only source", "")]);
        let v2 = r#"<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-Hant"><file id="f">
            <unit id="u1"><segment><source>One <pc id="1">two</pc></source><target>一二</target></segment>
            <ignorable><source> </source></ignorable><segment id="s2"><source>Three</source></segment></unit></file></xliff>"#;
        let raw = read(&parse(v2, "XLIFF").expect("xml")).expect("read");
        let got: Vec<(&str, &str, &str)> =
            raw.pairs.iter().map(|p| (p.id.as_str(), p.src.as_str(), p.tgt.as_str())).collect();
        assert_eq!(got, vec![("u1/1", "One two", "一二"), ("u1/s2", "Three", "")]);
        let bad = r#"<xliff version="1.2"><file><body><trans-unit id="9"><target>x</target></trans-unit></body></file></xliff>"#;
        assert!(read(&parse(bad, "XLIFF").expect("xml")).is_err());
        assert!(read(&parse("<tmx/>", "XLIFF").expect("xml")).is_err());
    }
}
