//! TMX in (1.4b; 1.1's `lang` attribute too): `<tu><tuv xml:lang><seg>`.
//! A memory may hold more than two languages: the pair is chosen by the
//! caller's languages, then the header's `srclang`, then the only other one.

use super::xml::{inline_text, Element};
use super::{Langs, Pair, Raw};
use crate::error::{Error, ErrorKind, Result};
use crate::text::Lang;

fn parse_error(msg: String) -> Error {
    Error::new(ErrorKind::Parse, format!("TMX: {msg}"))
}

/// The language tag of a `<tuv>`.
fn tuv_lang(tuv: &Element) -> Option<&str> {
    tuv.attr("xml:lang").or_else(|| tuv.attr("lang"))
}

/// The segment pairs of a TMX document whose root is `root`, in the
/// languages `langs` asks for (or the only two it has).
pub fn read(root: &Element, langs: Langs) -> Result<Raw> {
    if root.name != "tmx" {
        return Err(parse_error(format!("the root element is <{}>, not <tmx>", root.name)));
    }
    let body = root.child("body").ok_or_else(|| parse_error("no <body>".to_string()))?;
    let units: Vec<&Element> = body.elements().filter(|e| e.name == "tu").collect();
    let mut tags: Vec<String> = Vec::new();
    for tuv in units.iter().flat_map(|tu| tu.elements().filter(|e| e.name == "tuv")) {
        let tag = tuv_lang(tuv).ok_or_else(|| parse_error("a <tuv> without xml:lang".to_string()))?;
        if !tags.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            tags.push(tag.to_string());
        }
    }
    let header = root.child("header").and_then(|h| h.attr("srclang")).filter(|s| *s != "*all*");
    let (src, tgt) = choose(&tags, header, langs)?;
    let mut raw = Raw { src_lang: Some(src.clone()), tgt_lang: Some(tgt.clone()), pairs: Vec::new() };
    for (k, tu) in units.iter().enumerate() {
        let text = |tag: &str| {
            tu.elements()
                .filter(|e| e.name == "tuv" && tuv_lang(e).is_some_and(|t| t.eq_ignore_ascii_case(tag)))
                .find_map(|e| e.child("seg"))
                .map(inline_text)
                .unwrap_or_default()
        };
        let id = tu.attr("tuid").map_or_else(|| (k + 1).to_string(), str::to_string);
        raw.pairs.push(Pair { id, src: text(&src), tgt: text(&tgt) });
    }
    Ok(raw)
}

/// The tag of `tags` that `want` names (by its language), if any.
fn find(tags: &[String], want: crate::text::Lang) -> Option<String> {
    tags.iter().find(|t| Lang::of_tag(t) == Some(want)).cloned()
}

/// The source and target tags.
fn choose(tags: &[String], header: Option<&str>, langs: Langs) -> Result<(String, String)> {
    let list = tags.join(", ");
    let missing = |l: crate::text::Lang| parse_error(format!("no {l} segments (the memory has {list})"));
    let src = match langs.src {
        Some(l) => find(tags, l).ok_or_else(|| missing(l))?,
        None => match header.and_then(|h| tags.iter().find(|t| t.eq_ignore_ascii_case(h))) {
            Some(h) => h.clone(),
            None => tags.first().cloned().ok_or_else(|| parse_error("no <tu> with a <tuv>".to_string()))?,
        },
    };
    let tgt = match langs.tgt {
        Some(l) => find(tags, l).ok_or_else(|| missing(l))?,
        None => {
            let others: Vec<&String> = tags.iter().filter(|t| **t != src).collect();
            match others.as_slice() {
                [one] => (*one).clone(),
                [] => return Err(parse_error(format!("only one language ({src}): nothing to compare"))),
                _ => {
                    return Err(parse_error(format!(
                        "{} languages ({list}): choose the pair with --src-lang and --tgt-lang",
                        tags.len()
                    )))
                }
            }
        }
    };
    if src == tgt {
        return Err(parse_error(format!("the source and the target are both {src}")));
    }
    Ok((src, tgt))
}

#[cfg(test)]
mod tests {
    use super::super::xml::parse;
    use super::*;
    use crate::text::Lang;

    const THREE: &str = r#"<tmx version="1.4"><header srclang="en-US" segtype="sentence"/><body>
        <tu tuid="a"><tuv xml:lang="en-US"><seg>The <bpt i="1">&lt;b&gt;</bpt>Charter<ept i="1">&lt;/b&gt;</ept></seg></tuv>
        <tuv xml:lang="ru-RU"><seg>Устав</seg></tuv><tuv xml:lang="zh-TW"><seg>憲章</seg></tuv></tu>
        <tu><tuv xml:lang="en-US"><seg>Only English</seg></tuv></tu></body></tmx>"#;

    #[test]
    fn pairs_are_chosen_by_language() {
        let root = parse(THREE, "TMX").expect("xml");
        let e = read(&root, Langs::default()).expect_err("three languages");
        assert!(e.message().contains("--src-lang"), "{}", e.message());
        let raw = read(&root, Langs { src: None, tgt: Some(Lang::Ru) }).expect("en-ru");
        let got: Vec<(&str, &str, &str)> =
            raw.pairs.iter().map(|p| (p.id.as_str(), p.src.as_str(), p.tgt.as_str())).collect();
        assert_eq!(got, vec![("a", "The Charter", "Устав"), ("2", "Only English", "")]);
        let raw = read(&root, Langs { src: Some(Lang::ZhHant), tgt: Some(Lang::En) }).expect("zh-en");
        assert_eq!((raw.pairs[0].src.as_str(), raw.src_lang.as_deref()), ("憲章", Some("zh-TW")));
        assert!(read(&root, Langs { src: Some(Lang::ZhHans), tgt: None }).is_err());
    }
}
