//! HTML: block elements become paragraphs (a paragraph, a heading, a list
//! item, a table cell …); scripts, styles, forms and navigation are left
//! out; the HTML5 parser decodes entities and mends broken markup the way
//! browsers do. The `lang` attribute of `<html>` (or `<body>`) is a hint
//! for the language. Each paragraph's locator is a path of elements
//! (`body > article > p:3`, the third `<p>` of its parent).

use ego_tree::NodeRef;
use scraper::{Html, Node};

use super::extract::Extracted;
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

/// The text of the HTML page `text`.
pub fn read(text: &str) -> Extracted {
    let page = Html::parse_document(text);
    let mut out = Extracted::default();
    let root = *page.root_element();
    out.lang_hint = lang(root).or_else(|| root.children().find_map(lang));
    let mut walker = Walker { out: &mut out, buffer: String::new(), at: None };
    walker.walk(root);
    walker.flush();
    out
}

/// The language of an element's `lang` (or `xml:lang`) attribute.
fn lang(node: NodeRef<'_, Node>) -> Option<Lang> {
    let e = node.value().as_element()?;
    e.attr("lang").or_else(|| e.attr("xml:lang")).and_then(Lang::of_tag)
}

/// A walk over the tree that gathers the text of each block.
struct Walker<'o, 'a> {
    out: &'o mut Extracted,
    buffer: String,
    /// The block the buffer's text belongs to.
    at: Option<NodeRef<'a, Node>>,
}

impl<'a> Walker<'_, 'a> {
    fn walk(&mut self, node: NodeRef<'a, Node>) {
        for child in node.children() {
            match child.value() {
                Node::Text(t) => {
                    if self.at.is_none() {
                        self.at = Some(node);
                    }
                    self.buffer.push_str(t);
                }
                Node::Element(e) => {
                    let name = e.name();
                    if SKIP.contains(&name) {
                        continue;
                    }
                    if name == "br" {
                        self.buffer.push('\n');
                        continue;
                    }
                    let block = BLOCK.contains(&name);
                    if block {
                        self.flush();
                    }
                    self.walk(child);
                    if block {
                        self.flush();
                    }
                }
                _ => {}
            }
        }
    }

    /// The buffer's text as a paragraph.
    fn flush(&mut self) {
        let text = std::mem::take(&mut self.buffer);
        if let Some(at) = self.at.take() {
            self.out.paragraph(&text, || path(at));
        }
    }
}

/// The place of element `node`: its ancestors' names from `body` (or the
/// root) down, each with its number among its siblings of that name when it
/// is not the first.
fn path(node: NodeRef<'_, Node>) -> String {
    let mut parts = Vec::new();
    let mut cur = Some(node);
    while let Some(n) = cur {
        let Some(e) = n.value().as_element() else { break };
        let name = e.name();
        let nth = 1 + n.prev_siblings().filter(|s| s.value().as_element().is_some_and(|x| x.name() == name)).count();
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
        let x = read(page);
        assert_eq!(x.lang_hint, Some(Lang::ZhHant));
        let paras: Vec<&str> = x.text.split("\n\n").collect();
        assert_eq!(paras, ["天津宣言", "成員國重申上海精神&合作。", "一", "二", "甲", "乙", "Unclosed markup", "next"]);
        let places: Vec<&str> = x.locators.iter().map(|l| l.place.as_str()).collect();
        assert_eq!(places[0], "body > h1");
        assert_eq!(places[3], "body > ul > li:2");
        assert_eq!(places[5], "body > table > tbody > tr > td:2");
    }
}
