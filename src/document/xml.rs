//! A small element tree read with quick-xml, for the XML inside DOCX files
//! and the bilingual formats.
//!
//! Safe by construction: a DOCTYPE that declares entities is refused (no
//! entity, internal or external, is ever expanded — quick-xml knows only
//! the five predefined ones and character references, and any other
//! reference is an error), nesting is bounded by [`MAX_DEPTH`], and the
//! document must be well formed (one root, end tags matching, nothing left
//! open).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::error::{Error, ErrorKind, Result};

/// Elements nested deeper than this are refused (no real DOCX, XLIFF or
/// TMX comes near it; a hostile file might, to exhaust the stack).
pub const MAX_DEPTH: usize = 256;

/// A node of the tree: an element or a piece of text (entities decoded).
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element.
    Element(Element),
    /// Character data (text or CDATA), decoded.
    Text(String),
}

/// An element: its local name (without prefix), its attributes (qualified
/// names as written, values decoded) and its children.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Element {
    /// The local name (`trans-unit`, `seg` …).
    pub name: String,
    /// Attributes as (qualified name, value).
    pub attrs: Vec<(String, String)>,
    /// The children, in order.
    pub children: Vec<Node>,
}

impl Element {
    /// The value of attribute `key` (its qualified name, as `xml:lang`).
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    /// The child elements.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }
}

fn parse_error(format: &str, msg: impl std::fmt::Display) -> Error {
    Error::new(ErrorKind::Parse, format!("{format}: {}", Error::excerpt(&msg.to_string())))
}

/// The element of a start (or empty) tag.
fn element(s: &BytesStart<'_>, format: &str) -> Result<Element> {
    let name = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
    let mut attrs = Vec::new();
    for a in s.attributes() {
        let a = a.map_err(|e| parse_error(format, format!("malformed XML: {e}")))?;
        let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
        let value = a.unescape_value().map_err(|e| parse_error(format, format!("malformed XML: {e}")))?;
        attrs.push((key, value.into_owned()));
    }
    Ok(Element { name, attrs, children: Vec::new() })
}

/// Refuse a DOCTYPE that declares entities (or parameter entities).
fn check_doctype(text: &str, format: &str) -> Result<()> {
    if text.contains("<!ENTITY") || text.contains('%') {
        return Err(Error::new(
            ErrorKind::Parse,
            format!("{format}: the DOCTYPE declares entities; refused (entities are never expanded)"),
        ));
    }
    Ok(())
}

/// Parse `text` into its root element; `format` names the format in messages.
pub fn parse(text: &str, format: &str) -> Result<Element> {
    parse_bounded(text, format, usize::MAX)
}

/// [`parse`], refusing a text of more than `max_nodes` elements and
/// pieces of text: a tree costs a hundred bytes or more a node, so a
/// file of short empty elements could otherwise take many times its size.
pub fn parse_bounded(text: &str, format: &str, max_nodes: usize) -> Result<Element> {
    let mut nodes = 0usize;
    let mut reader = Reader::from_str(text.trim_start_matches('\u{feff}'));
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| parse_error(format, format!("malformed XML at byte {}: {e}", reader.error_position())))?;
        let node = match event {
            Event::Eof => break,
            Event::DocType(d) => {
                check_doctype(&String::from_utf8_lossy(&d), format)?;
                continue;
            }
            Event::Start(s) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(parse_error(format, format!("elements nested deeper than {MAX_DEPTH}")));
                }
                stack.push(element(&s, format)?);
                continue;
            }
            Event::End(_) => match stack.pop() {
                Some(e) => Node::Element(e),
                None => return Err(parse_error(format, "malformed XML: an end tag without its start")),
            },
            Event::Empty(s) => Node::Element(element(&s, format)?),
            Event::Text(t) => {
                let value = t.unescape().map_err(|e| parse_error(format, format!("malformed XML: {e}")))?;
                Node::Text(value.into_owned())
            }
            Event::CData(c) => Node::Text(String::from_utf8_lossy(&c.into_inner()).into_owned()),
            _ => continue,
        };
        nodes += 1;
        if nodes > max_nodes {
            return Err(parse_error(format, format!("more than {max_nodes} elements and texts: refused")));
        }
        match (stack.last_mut(), node) {
            (Some(parent), node) => parent.children.push(node),
            (None, Node::Text(t)) if t.trim().is_empty() => {}
            (None, Node::Text(_)) => return Err(parse_error(format, "malformed XML: text outside the root element")),
            (None, Node::Element(e)) if root.is_none() => root = Some(e),
            (None, Node::Element(_)) => return Err(parse_error(format, "malformed XML: more than one root element")),
        }
    }
    if let Some(open) = stack.last() {
        return Err(parse_error(format, format!("malformed XML: <{}> is never closed", open.name)));
    }
    root.ok_or_else(|| parse_error(format, "no XML element"))
}

/// Elements whose content is native code of the original format (XLIFF 1.2
/// `<bpt>`, `<ept>`, `<it>`, `<ph>`; TMX also `<ut>`): it is not text of the
/// segment and is dropped. Other inline elements (`<g>`, `<mrk>`, `<pc>`,
/// `<hi>`) keep their text; empty placeholders (`<x/>`, `<bx/>`, `<ex/>`,
/// `<sc/>`, `<ec/>`, `<sm/>`, `<em/>`) have none.
const CODE: &[&str] = &["bpt", "ept", "it", "ph", "ut", "sub", "originalData"];

/// The text of `e` with inline markup resolved (see [`CODE`]; XLIFF 2
/// `<cp hex="…"/>` is its character), white space collapsed to single
/// spaces and trimmed: one line.
pub fn inline_text(e: &Element) -> String {
    let mut raw = String::new();
    collect(e, &mut raw);
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn collect(e: &Element, out: &mut String) {
    for n in &e.children {
        match n {
            Node::Text(t) => out.push_str(t),
            Node::Element(c) if CODE.contains(&c.name.as_str()) => {}
            Node::Element(c) if c.name == "cp" => {
                let ch = c.attr("hex").and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32);
                out.extend(ch.filter(|c| !c.is_control()).or(Some(' ')));
            }
            Node::Element(c) => collect(c, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trees_and_refusals() {
        let root = parse("<?xml version=\"1.0\"?><a x=\"1&amp;2\"><b>t&lt;&#x41;</b><c/></a>", "XML").expect("parsed");
        assert_eq!(root.attr("x"), Some("1&2"));
        assert_eq!(root.child("b").map(inline_text).as_deref(), Some("t<A"));
        for bad in [
            "<a><b></a>",
            "<a>",
            "<a/><b/>",
            "<a>&e;</a>",
            "<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>",
            "<a x=1/>",
            "",
        ] {
            let e = parse(bad, "XML").expect_err(bad);
            assert_eq!(e.kind(), ErrorKind::Parse, "{bad}");
        }
        let deep = "<g>".repeat(MAX_DEPTH + 1);
        assert!(parse(&deep, "XML").expect_err("deep").message().contains("deeper"));
    }

    #[test]
    fn inline_markup() {
        let root = parse(
            "<s>A <g id=\"1\">bold</g><x id=\"2\"/> word<ph>&lt;br/&gt;</ph> and<bpt id=\"3\">&lt;b&gt;</bpt> <mrk>more</mrk><cp hex=\"4E2D\"/>\n end</s>",
            "XML",
        )
        .expect("parsed");
        assert_eq!(inline_text(&root), "A bold word and more中 end");
    }
}
