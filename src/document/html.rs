//! HTML: block elements become paragraphs (a paragraph, a heading, a list
//! item, a table cell …); scripts, styles, forms and navigation are left
//! out; the HTML5 parser decodes entities and mends broken markup the way
//! browsers do. The `lang` attribute of `<html>` (or `<body>`) is a hint
//! for the language. Each paragraph's locator is a path of elements
//! (`body > article > p:3`, the third `<p>` of its parent).

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::extract::{Extracted, MAX_NODES};
use crate::error::{Error, ErrorKind, Result};
use crate::text::Lang;

/// Elements whose content is not text of the document.
const SKIP: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "svg", "math", "canvas", "iframe", "object", "select",
    "textarea", "button",
];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dt",
    "dd",
    "td",
    "th",
    "caption",
    "figcaption",
    "blockquote",
    "pre",
    "address",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "table",
    "tr",
    "ul",
    "ol",
    "dl",
    "form",
    "fieldset",
    "legend",
    "details",
    "summary",
    "hr",
    "body",
    "figure",
    "center",
];

/// The text of the HTML page `text`; an error for a page of more than
/// [`MAX_NODES`] elements (counted by their `<`, before any is built).
pub fn read(text: &str) -> Result<Extracted> {
    let tags = text.bytes().filter(|&b| b == b'<').count();
    if tags > MAX_NODES {
        let msg = format!("the HTML page holds {tags} tags, more than the {MAX_NODES} read");
        return Err(Error::new(ErrorKind::Parse, msg));
    }
    let page = Html::parse_document(text);
    let mut out = Extracted::default();
    let root = *page.root_element();
    out.lang_hint = lang(root).or_else(|| root.children().find_map(lang));
    let nth = numbers(root);
    let mut walker = Walker { out: &mut out, buffer: String::new(), at: None, nth: &nth };
    walker.walk(root);
    walker.flush();
    Ok(out)
}

/// The language of an element's `lang` (or `xml:lang`) attribute.
fn lang(node: NodeRef<'_, Node>) -> Option<Lang> {
    let e = node.value().as_element()?;
    e.attr("lang").or_else(|| e.attr("xml:lang")).and_then(Lang::of_tag)
}

/// A walk over the tree that gathers the text of each block: the tree's
/// edges in order, without recursion (a page may nest elements as deep as
/// it likes).
struct Walker<'o, 'a> {
    out: &'o mut Extracted,
    buffer: String,
    /// The block the buffer's text belongs to.
    at: Option<NodeRef<'a, Node>>,
    /// Each element's number among its siblings of its name ([`numbers`]).
    nth: &'o HashMap<NodeId, usize>,
}

impl<'a> Walker<'_, 'a> {
    fn walk(&mut self, root: NodeRef<'a, Node>) {
        // The element whose content is being left out, until it closes.
        let mut skipping: Option<NodeRef<'a, Node>> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) if n == root || skipping.is_some() => {}
                Edge::Close(n) if skipping == Some(n) => skipping = None,
                Edge::Close(_) if skipping.is_some() => {}
                Edge::Open(n) => match n.value() {
                    Node::Text(t) => {
                        if self.at.is_none() {
                            self.at = n.parent();
                        }
                        self.buffer.push_str(t);
                    }
                    Node::Element(e) if SKIP.contains(&e.name()) => skipping = Some(n),
                    Node::Element(e) if e.name() == "br" => self.buffer.push('\n'),
                    Node::Element(e) if BLOCK.contains(&e.name()) => self.flush(),
                    _ => {}
                },
                Edge::Close(n) => {
                    if n.value().as_element().is_some_and(|e| BLOCK.contains(&e.name())) {
                        self.flush();
                    }
                }
            }
        }
    }

    /// The buffer's text as a paragraph.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buffer);
        if let Some(at) = self.at.take() {
            self.out.paragraph(&text, || path(at, self.nth));
        }
    }
}

/// Every element's number among the siblings of its name (from 1), counted
/// in one pass over the page rather than again for every paragraph.
fn numbers(root: NodeRef<'_, Node>) -> HashMap<NodeId, usize> {
    let mut count: HashMap<(NodeId, &str), usize> = HashMap::new();
    let mut nth = HashMap::new();
    for n in root.descendants() {
        if let (Some(e), Some(parent)) = (n.value().as_element(), n.parent()) {
            let c = count.entry((parent.id(), e.name())).or_insert(0);
            *c += 1;
            nth.insert(n.id(), *c);
        }
    }
    nth
}

/// The most elements a locator names (the nearest ones; `…` stands for the
/// rest), so that a page nested very deep costs no more a paragraph.
const MAX_PATH: usize = 24;

/// The place of element `node`: its ancestors' names from `body` (or the
/// root) down, each with its number among its siblings of that name when it
/// is not the first.
fn path(node: NodeRef<'_, Node>, nth: &HashMap<NodeId, usize>) -> String {
    let mut parts = Vec::new();
    let mut cur = Some(node);
    while let Some(n) = cur {
        if parts.len() == MAX_PATH {
            parts.push("…".to_string());
            break;
        }
        let Some(e) = n.value().as_element() else { break };
        let name = e.name();
        let nth = nth.get(&n.id()).copied().unwrap_or(1);
        parts.push(if nth > 1 { format!("{name}:{nth}") } else { name.to_string() });
        if name == "body" {
            break;
        }
        cur = n.parent();
    }
    parts.reverse();
    parts.join(" > ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_and_the_rest_is_left_out() {
        let page = "<!DOCTYPE html><html lang=\"zh-Hant-TW\"><head><title>T</title><style>p{}</style></head><body>\
            <nav><a href=\"/\">首頁</a></nav><h1>天津宣言</h1><p>成員國&nbsp;重申<b>上海精神</b>&amp;合作。</p>\
            <script>var x = '不是文字';</script><ul><li>一<li>二</ul><table><tr><td>甲</td><td>乙</td></tr></table>\
            <p>Unclosed <i>markup<p>next</body></html>";
        let x = read(page).expect("a page");
        assert_eq!(x.lang_hint, Some(Lang::ZhHant));
        let paras: Vec<&str> = x.text.split("\n\n").collect();
        assert_eq!(paras, ["天津宣言", "成員國重申上海精神&合作。", "一", "二", "甲", "乙", "Unclosed markup", "next"]);
        let places: Vec<&str> = x.locators.iter().map(|l| l.place.as_str()).collect();
        assert_eq!(places[0], "body > h1");
        assert_eq!(places[3], "body > ul > li:2");
        assert_eq!(places[5], "body > table > tbody > tr > td:2");
    }

    #[test]
    fn elements_nested_without_end_are_read_without_recursion() {
        let deep = format!("<html><body>{}deep text{}</body></html>", "<span>".repeat(200_000), "</span>".repeat(10));
        let x = read(&deep).expect("a page");
        assert_eq!(x.text, "deep text");
        assert!(x.locators[0].place.starts_with("… > span > "), "{}", x.locators[0].place);
    }

    #[test]
    fn a_page_of_too_many_tags_is_refused_before_it_is_built() {
        let page = "<a>".repeat(MAX_NODES + 1);
        let e = read(&page).expect_err("too many tags");
        assert_eq!(e.kind(), ErrorKind::Parse);
        assert!(e.message().contains("tags"), "{e}");
        assert!(read(&"<a>x</a>".repeat(1000)).is_ok());
    }
}
