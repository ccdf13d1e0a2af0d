//! A lenient XML tree built from quick-xml events.
//!
//! Feeds in the wild are often not well-formed: undefined HTML entities, bare `&`, mismatched or
//! missing end tags, documents cut off mid-way. This module never rejects a document. It builds the
//! best tree it can and records what it had to repair as warnings. Namespaces are resolved to
//! short canonical prefixes (`dc`, `media`, ...) so that the mapping code can match elements
//! without caring which prefix a publisher chose, and `xml:base` / `xml:lang` are tracked per
//! element. Nesting depth and entity expansion are bounded so hostile input cannot exhaust the
//! stack or memory.

mod builder;
mod namespaces;
mod repair;

use std::rc::Rc;

pub(crate) use builder::{parse, parse_streaming};
pub(crate) use repair::{char_reference, unescape_with};

/// One element of the tree.
#[derive(Debug, Clone, Default)]
pub(crate) struct Element {
    /// The qualified name as written (`dc:creator`).
    pub name: String,
    /// The canonical prefix of the element's namespace: `""` for the core feed vocabularies
    /// (RSS, RSS 1.0, Atom, none), else a short name such as `dc`, `media`, `itunes`.
    pub prefix: String,
    /// The namespace URI, when one is in scope.
    pub ns: Option<Rc<str>>,
    /// The local name, lower-cased.
    pub local: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Node>,
    /// The base URI in scope (document base refined by `xml:base`).
    pub base: Option<Rc<str>>,
    /// The `xml:lang` in scope.
    pub lang: Option<Rc<str>>,
}

/// One attribute; namespace declarations are kept so serialised XHTML stays faithful.
#[derive(Debug, Clone)]
pub(crate) struct Attr {
    pub name: String,
    /// Lower-cased local name.
    pub local: String,
    /// Canonical prefix, `""` when the attribute has no prefix.
    pub prefix: String,
    pub value: String,
}

#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Boxed so a text node stays small in its parent's list.
    Element(Box<Element>),
    Text(String),
}

impl Element {
    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(&**e),
            Node::Text(_) => None,
        })
    }

    /// Whether this element has child elements.
    pub fn has_elements(&self) -> bool {
        self.elements().next().is_some()
    }

    /// The first child element with this canonical prefix and local name.
    pub fn child(&self, prefix: &str, local: &str) -> Option<&Element> {
        self.elements().find(|e| e.is(prefix, local))
    }

    pub fn is(&self, prefix: &str, local: &str) -> bool {
        self.prefix == prefix && self.local == local
    }

    /// The value of an attribute without a prefix (case-insensitive name).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.prefix.is_empty() && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// The value of a prefixed attribute, by canonical prefix.
    pub fn attr_ns(&self, prefix: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.prefix == prefix && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// All text inside the element, markup removed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        self.collect_text(&mut out);
        out
    }

    fn collect_text(&self, out: &mut String) {
        for c in &self.children {
            match c {
                Node::Text(t) => out.push_str(t),
                Node::Element(e) => e.collect_text(out),
            }
        }
    }

    /// The trimmed text, or `None` when it is empty.
    pub fn text_opt(&self) -> Option<String> {
        let t = self.text();
        let t = t.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// The children serialised as markup: text escaped, elements written back as tags without
    /// their namespace prefix, so the result reads as HTML.
    pub fn inner_xml(&self) -> String {
        let mut out = String::new();
        for c in &self.children {
            serialize(c, &mut out);
        }
        out
    }
}

fn serialize(node: &Node, out: &mut String) {
    match node {
        Node::Text(t) => escape_into(t, false, out),
        Node::Element(e) => {
            // Prefixes are dropped: HTML has no namespaces, and SVG/MathML inline in HTML are
            // recognised by their unprefixed names.
            let name = e.name.rsplit(':').next().unwrap_or(&e.name);
            out.push('<');
            out.push_str(name);
            for a in &e.attrs {
                if a.name == "xmlns" || a.name.starts_with("xmlns:") {
                    continue;
                }
                out.push(' ');
                out.push_str(&a.name);
                out.push_str("=\"");
                escape_into(&a.value, true, out);
                out.push('"');
            }
            if e.children.is_empty() && is_void(&e.local) {
                out.push_str(" />");
                return;
            }
            out.push('>');
            for c in &e.children {
                serialize(c, out);
            }
            if !is_void(&e.local) {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
            }
        }
    }
}

fn is_void(local: &str) -> bool {
    matches!(
        local,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
    )
}

/// Escapes text (and, in attributes, double quotes) for markup.
pub(crate) fn escape_into(s: &str, attr: bool, out: &mut String) {
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// A parsed document: the root element (if any) and what was repaired.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub root: Option<Element>,
    pub warnings: Vec<String>,
}
