//! Builds the tree from quick-xml events, repairing what a strict parser would reject.
//!
//! Mismatched end tags close the elements left open inside them, stray end tags are ignored, a
//! document cut off mid-way is closed at the end, undefined entities are read as HTML entities
//! (or kept as text), and junk before the document element (a server-side warning printed ahead
//! of the feed) is skipped. Each repair leaves a warning.

use std::collections::HashMap;
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::namespaces::canonical_prefix;
use super::repair::{char_reference, escape_stray_lt, repair_text, strip_controls, unescape_with};
use super::{Attr, Document, Element, Node};
use crate::char_refs;
use crate::urls;

/// Elements nested deeper than this are dropped (their text is kept).
const MAX_DEPTH: usize = 256;
/// At most this many reader errors are tolerated before the rest of the document is dropped.
const MAX_ERRORS: usize = 1000;
/// DOCTYPE entity expansion stops after producing this many bytes.
const MAX_EXPANSION: usize = 1_000_000;
/// Attributes past this many on one element are dropped.
const MAX_ATTRIBUTES: usize = 256;
/// Namespace declarations in scope past this many are ignored.
const MAX_DECLARATIONS: usize = 256;
/// At most this many warnings are kept per document; the rest are counted.
const MAX_WARNINGS: usize = 50;
/// Upper bound on the entities a DOCTYPE may declare and on their total size.
const MAX_DOCTYPE_ENTITIES: usize = 256;
const MAX_ENTITY_VALUE: usize = 4096;

/// A namespace declaration in scope, with its canonical prefix worked out once.
struct Declaration {
    prefix: String,
    uri: Rc<str>,
    canonical: Option<&'static str>,
}

/// Called with the document element and each finished item (`item`/`entry` directly under the
/// root or its channel); returns the item to keep it in the tree, `None` when it was consumed.
pub(crate) type OnItem<'a> = dyn FnMut(&Element, Element) -> Option<Element> + 'a;

struct Builder<'a> {
    stack: Vec<Element>,
    on_item: Option<&'a mut OnItem<'a>>,
    /// One namespace scope per open element: the declarations it made.
    declarations: Vec<Declaration>,
    /// For each open element, how many entries of `declarations` were in scope before it.
    scope_starts: Vec<usize>,
    /// Bytes produced so far by expanding DOCTYPE entities, and whether the budget ran out.
    expanded: std::cell::Cell<usize>,
    expansion_exceeded: std::cell::Cell<bool>,
    root: Option<Element>,
    overflow: usize,
    entities: HashMap<String, String>,
    undefined_entities: Vec<String>,
    warnings: Vec<String>,
    dropped_warnings: usize,
    doc_base: Option<Rc<str>>,
    doc_lang: Option<Rc<str>>,
}

/// Parses `text` into a tree. `base` is the document's base URI, `lang` the default language.
pub(crate) fn parse(text: &str, base: Option<&str>, lang: Option<&str>) -> Document {
    build(text, base, lang, None)
}

/// Parses `text`, handing each feed item to `on_item` as soon as it is complete, so a large
/// feed never holds the trees of all its items at once.
pub(crate) fn parse_streaming<'a>(
    text: &str,
    base: Option<&str>,
    on_item: &'a mut OnItem<'a>,
) -> Document {
    build(text, base, None, Some(on_item))
}

fn build<'a>(
    text: &str,
    base: Option<&str>,
    lang: Option<&str>,
    on_item: Option<&'a mut OnItem<'a>>,
) -> Document {
    let repaired = escape_stray_lt(text);
    let mut reader = Reader::from_str(&repaired);
    {
        let cfg = reader.config_mut();
        cfg.allow_dangling_amp = true;
        cfg.allow_unmatched_ends = true;
        cfg.check_end_names = false;
        cfg.check_comments = false;
        cfg.expand_empty_elements = false;
        cfg.trim_text(false);
    }
    let mut b = Builder {
        stack: Vec::new(),
        on_item,
        declarations: Vec::new(),
        scope_starts: Vec::new(),
        expanded: std::cell::Cell::new(0),
        expansion_exceeded: std::cell::Cell::new(false),
        root: None,
        overflow: 0,
        entities: HashMap::new(),
        undefined_entities: Vec::new(),
        warnings: Vec::new(),
        dropped_warnings: 0,
        doc_base: base.map(Rc::from),
        doc_lang: lang.map(Rc::from),
    };
    let mut errors = 0usize;
    let mut last_error_pos = None;
    loop {
        let event = reader.read_event();
        match event {
            Ok(Event::Start(e)) => b.start(&e, false),
            Ok(Event::Empty(e)) => b.start(&e, true),
            Ok(Event::End(e)) => b.end(e.name().0),
            Ok(Event::Text(t)) => b.text(t.as_ref()),
            Ok(Event::CData(t)) => b.text(t.as_ref()),
            Ok(Event::GeneralRef(r)) => {
                let name = r.as_ref().to_owned();
                let value = b.resolve_reference(&name);
                b.note_undefined_entity(&name);
                b.text(&value);
            }
            Ok(Event::DocType(d)) => b.doctype(d.as_ref()),
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => {
                let pos = reader.buffer_position();
                errors += 1;
                if errors <= 20 {
                    b.warn(format!(
                        "XML error at byte {}: {e}",
                        reader.error_position()
                    ));
                }
                if errors > MAX_ERRORS || last_error_pos == Some(pos) {
                    break;
                }
                last_error_pos = Some(pos);
            }
        }
        // Stop after the document element, unless it was junk before the real document (a
        // server-side warning such as `<br /><b>Warning</b>` printed ahead of the feed).
        if b.stack.is_empty() && b.root.as_ref().is_some_and(is_document_element) {
            break;
        }
    }
    if !b.stack.is_empty() {
        b.warn(format!(
            "the document ends with {} element(s) still open",
            b.stack.len()
        ));
        while !b.stack.is_empty() {
            b.pop();
        }
    }
    if b.expansion_exceeded.get() {
        b.warn(format!(
            "DOCTYPE entities expand to more than {MAX_EXPANSION} bytes; the rest kept as references"
        ));
    }
    if b.dropped_warnings > 0 {
        let n = b.dropped_warnings;
        b.warnings.push(format!("{n} more warning(s) not listed"));
    }
    Document {
        root: b.root,
        warnings: b.warnings,
    }
}

impl Builder<'_> {
    /// Records a warning; past [`MAX_WARNINGS`] they are only counted.
    fn warn(&mut self, message: String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message);
        } else {
            self.dropped_warnings += 1;
        }
    }

    fn start(&mut self, e: &BytesStart<'_>, empty: bool) {
        if self.stack.len() >= MAX_DEPTH {
            if !empty {
                self.overflow += 1;
            }
            if self.overflow == 1 {
                self.warn(format!("elements nested deeper than {MAX_DEPTH} dropped"));
            }
            return;
        }
        let name = e.name().0.to_owned();
        let mut raw_attrs = Vec::new();
        let mut attributes = e.html_attributes();
        // Duplicate attributes are common in generated feeds; the first one wins.
        attributes.with_checks(false);
        for a in attributes {
            if raw_attrs.len() >= MAX_ATTRIBUTES {
                self.warn(format!(
                    "<{name}> has more than {MAX_ATTRIBUTES} attributes"
                ));
                break;
            }
            match a {
                Ok(a) => {
                    let key = a.key.0.to_owned();
                    let value = self.unescape(&a.value);
                    raw_attrs.push((key, value));
                }
                Err(err) => {
                    self.warn(format!("bad attribute in <{name}>: {err}"));
                    break;
                }
            }
        }
        self.scope_starts.push(self.declarations.len());
        for (k, v) in &raw_attrs {
            let prefix = if k == "xmlns" {
                ""
            } else if let Some(p) = k.strip_prefix("xmlns:") {
                p
            } else {
                continue;
            };
            // Bounded so prefix lookups stay cheap.
            if self.declarations.len() >= MAX_DECLARATIONS {
                self.warn("too many namespace declarations; the rest are ignored".into());
                break;
            }
            self.declarations.push(Declaration {
                prefix: prefix.to_owned(),
                uri: Rc::from(v.as_str()),
                canonical: canonical_prefix(v),
            });
        }
        let parent_base = self
            .stack
            .last()
            .map_or(self.doc_base.clone(), |p| p.base.clone());
        let parent_lang = self
            .stack
            .last()
            .map_or(self.doc_lang.clone(), |p| p.lang.clone());
        let mut base = parent_base.clone();
        let mut lang = parent_lang;
        let mut attrs = Vec::with_capacity(raw_attrs.len());
        for (k, v) in raw_attrs {
            let (p, l) = split_name(&k);
            let prefix = match p {
                None => String::new(),
                Some("xml") => "xml".to_owned(),
                Some("xmlns") => "xmlns".to_owned(),
                Some(p) => self.prefix_for(Some(p)).0,
            };
            let local = l.to_ascii_lowercase();
            if prefix == "xml" && local == "base" {
                base = Some(Rc::from(urls::resolve(parent_base.as_deref(), &v).as_str()));
            } else if prefix == "xml" && local == "lang" {
                lang = Some(Rc::from(v.trim()));
            }
            attrs.push(Attr {
                name: k,
                local,
                prefix,
                value: v,
            });
        }
        let (p, l) = split_name(&name);
        let (prefix, ns) = self.prefix_for(p);
        let el = Element {
            local: l.to_ascii_lowercase(),
            name,
            prefix,
            ns,
            attrs,
            children: Vec::new(),
            base,
            lang,
        };
        self.stack.push(el);
        if empty {
            self.pop();
        }
    }

    fn end(&mut self, name: &str) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let found = self.stack.iter().rposition(|e| e.name == name).or_else(|| {
            self.stack
                .iter()
                .rposition(|e| e.name.eq_ignore_ascii_case(name))
        });
        match found {
            Some(i) => {
                if i + 1 < self.stack.len() {
                    self.warn(format!("</{name}> closes unclosed element(s)"));
                }
                while self.stack.len() > i {
                    self.pop();
                }
            }
            None => self.warn(format!("stray end tag </{name}>")),
        }
    }

    fn pop(&mut self) {
        let Some(mut el) = self.stack.pop() else {
            return;
        };
        for c in &mut el.children {
            if let Node::Text(t) = c {
                repair_text(t);
                strip_controls(t);
            }
        }
        if let Some(start) = self.scope_starts.pop() {
            self.declarations.truncate(start);
        }
        match self.stack.last() {
            Some(parent) => {
                let hand_off = self.on_item.is_some()
                    && el.prefix.is_empty()
                    && matches!(el.local.as_str(), "item" | "entry")
                    && (self.stack.len() == 1
                        || (self.stack.len() == 2 && parent.local == "channel"))
                    && is_document_element(&self.stack[0]);
                let el = match (hand_off, self.on_item.as_mut()) {
                    (true, Some(on_item)) => match on_item(&self.stack[0], el) {
                        Some(kept) => kept,
                        None => return,
                    },
                    _ => el,
                };
                if let Some(parent) = self.stack.last_mut() {
                    push_child(&mut parent.children, Node::Element(Box::new(el)));
                }
            }
            None => {
                let replace = match &self.root {
                    None => true,
                    Some(old) => !is_document_element(old) && is_document_element(&el),
                };
                if replace {
                    self.root = Some(el);
                }
            }
        }
    }

    fn text(&mut self, t: &str) {
        let Some(top) = self.stack.last_mut() else {
            return;
        };
        if let Some(Node::Text(last)) = top.children.last_mut() {
            last.push_str(t);
        } else {
            push_child(&mut top.children, Node::Text(t.to_owned()));
        }
    }

    /// Looks a prefix up in the open scopes (innermost first).
    fn lookup(&self, prefix: &str) -> Option<&Declaration> {
        self.declarations.iter().rev().find(|d| d.prefix == prefix)
    }

    /// The canonical prefix and the namespace URI for a written prefix. An undeclared or
    /// unknown namespace keeps the written prefix, so `dc:` works even when undeclared.
    fn prefix_for(&self, prefix: Option<&str>) -> (String, Option<Rc<str>>) {
        let written = prefix.unwrap_or("");
        match self.lookup(written) {
            Some(d) if !d.uri.is_empty() => match d.canonical {
                Some(c) => (c.to_owned(), Some(d.uri.clone())),
                None => (written.to_ascii_lowercase(), Some(d.uri.clone())),
            },
            _ => (written.to_ascii_lowercase(), None),
        }
    }

    /// Resolves `&name;` (without the delimiters) to text; unknown names stay literal.
    fn resolve_reference(&self, name: &str) -> String {
        if let Some(c) = char_reference(name) {
            return c.to_string();
        }
        match name {
            "lt" => return "<".into(),
            "gt" => return ">".into(),
            "amp" => return "&".into(),
            "apos" => return "'".into(),
            "quot" => return "\"".into(),
            _ => {}
        }
        if let Some(v) = self.entities.get(name) {
            // Declared entities may be long; repeated references must not multiply the input.
            let used = self.expanded.get() + v.len();
            if used > MAX_EXPANSION {
                self.expansion_exceeded.set(true);
                return format!("&{name};");
            }
            self.expanded.set(used);
            return v.clone();
        }
        if let Some(v) = char_refs::lookup(name) {
            return v.to_owned();
        }
        format!("&{name};")
    }

    /// Warns (once per name) about a named reference XML does not define and no DOCTYPE
    /// declared: the document is not well-formed even though the HTML meaning is recovered.
    fn note_undefined_entity(&mut self, name: &str) {
        // Twenty distinct names make the point; past that nothing more is tracked.
        if self.undefined_entities.len() >= 20
            || name.starts_with('#')
            || matches!(name, "lt" | "gt" | "amp" | "apos" | "quot")
            || self.entities.contains_key(name)
            || self.undefined_entities.iter().any(|n| n == name)
        {
            return;
        }
        self.warn(match char_refs::lookup(name) {
            Some(_) => format!("undefined entity &{name}; read as its HTML meaning"),
            None => format!("undefined entity &{name}; kept as text"),
        });
        self.undefined_entities.push(name.to_owned());
    }

    /// Decodes references in an attribute value; bare `&` stays as it is.
    fn unescape(&self, raw: &str) -> String {
        unescape_with(raw, |name| {
            let v = self.resolve_reference(name);
            (v.len() != name.len() + 2 || !v.starts_with('&') || !v.ends_with(';')).then_some(v)
        })
    }

    /// Records the internal entity declarations of a DOCTYPE.
    fn doctype(&mut self, text: &str) {
        let mut rest = text;
        while let Some(at) = rest.find("<!ENTITY") {
            rest = &rest[at + 8..];
            let decl = rest.trim_start();
            if decl.starts_with('%') {
                continue;
            }
            let name_end = decl.find(|c: char| c.is_whitespace()).unwrap_or(decl.len());
            let name = &decl[..name_end];
            let after = decl[name_end..].trim_start();
            let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
                continue;
            };
            let Some(end) = after[1..].find(quote) else {
                break;
            };
            let value = &after[1..=end];
            if self.entities.len() >= MAX_DOCTYPE_ENTITIES || value.len() > MAX_ENTITY_VALUE {
                self.warn("DOCTYPE entity ignored (limit)".into());
                continue;
            }
            // References inside the value are decoded once; no recursive expansion.
            let value = unescape_with(value, |n| {
                char_reference(n).map(|c| c.to_string()).or_else(|| {
                    match n {
                        "lt" => Some("<"),
                        "gt" => Some(">"),
                        "amp" => Some("&"),
                        "apos" => Some("'"),
                        "quot" => Some("\""),
                        _ => char_refs::lookup(n),
                    }
                    .map(str::to_owned)
                })
            });
            self.entities.insert(name.to_owned(), value);
        }
    }
}

/// Appends a child. Most elements have a single child (their text), so the first push
/// allocates room for one instead of the usual four.
fn push_child(children: &mut Vec<Node>, node: Node) {
    if children.capacity() == 0 {
        children.reserve_exact(1);
    }
    children.push(node);
}

/// Whether an element can be the document element of a format this crate reads.
fn is_document_element(el: &Element) -> bool {
    matches!(
        el.local.as_str(),
        "rss" | "rdf" | "feed" | "channel" | "entry" | "opml" | "urlset" | "sitemapindex"
    )
}

fn split_name(name: &str) -> (Option<&str>, &str) {
    match name.split_once(':') {
        Some((p, l)) => (Some(p), l),
        None => (None, name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expect_inner: &str) {
        let doc = parse(input, None, None);
        let root = doc.root.expect("a root element");
        assert_eq!(root.inner_xml(), expect_inner, "input: {input}");
    }

    #[test]
    fn lenient_trees() {
        check("<a>x &amp; y</a>", "x &amp; y");
        check("<a>caf&eacute; &nbsp;</a>", "café \u{a0}");
        check("<a>AT&T &b=2&c</a>", "AT&amp;T &amp;b=2&amp;c");
        check("<a>&doesnotexist;</a>", "&amp;doesnotexist;");
        check("<a>x < y <3 z</a>", "x &lt; y &lt;3 z");
        check("<a><![CDATA[ a < b ]]><!-- < --></a>", " a &lt; b ");
        check("<a t='1 < 2'>ok</a>", "ok");
        check(
            "<a><b><![CDATA[<p>x</p></b><c/></a>",
            "<b><p>x</p></b><c></c>",
        );
        check(
            "<r><a x='1' x='2' y='3'/></r>",
            "<a x=\"1\" x=\"2\" y=\"3\"></a>",
        );
        check("<a>&#8220;&#x201D;&#146;</a>", "\u{201c}\u{201d}\u{2019}");
        check("<a>&#226;&#128;&#166;</a>", "\u{2026}");
        check("<a>don\u{92}t</a>", "don\u{2019}t");
        check("<a>nul\0 &#1;bell\u{7}\ttab</a>", "nul bell\ttab");
        check("<r><a title='&#38;'/></r>", "<a title=\"&amp;\"></a>");
        check("<a><b>one<c>two</b>three</a>", "<b>one<c>two</c></b>three");
        check("<a><b>one</x>two</a>", "<b>onetwo</b>");
        check("<a><b>cut", "<b>cut</b>");
        check("<a><![CDATA[<p>hi</p>]]></a>", "&lt;p&gt;hi&lt;/p&gt;");
        check(
            "<!DOCTYPE a [<!ENTITY me \"Gazette &#169;\">]><a>&me;</a>",
            "Gazette ©",
        );
        check("<a href='x?a=1&b=2'/>", "");
    }

    #[test]
    fn junk_before_the_document_element() {
        let doc = parse(
            "<br />\n<b>Warning</b>: something in feed.php<br />\n<rss><channel/></rss>",
            None,
            None,
        );
        assert_eq!(doc.root.unwrap().local, "rss");
    }

    #[test]
    fn namespaces_and_base() {
        let doc = parse(
            r#"<feed xmlns="http://www.w3.org/2005/Atom" xmlns:d="http://purl.org/dc/elements/1.1/" xml:base="http://example.com/a/"><d:creator xml:base="b/">x</d:creator><foo:bar/></feed>"#,
            None,
            None,
        );
        let root = doc.root.unwrap();
        assert_eq!(root.prefix, "");
        let c = root.child("dc", "creator").unwrap();
        assert_eq!(c.base.as_deref(), Some("http://example.com/a/b/"));
        assert!(root.child("foo", "bar").is_some());
    }

    #[test]
    fn warnings_are_capped() {
        let doc = parse(&format!("<a>{}</a>", "</x>".repeat(10_000)), None, None);
        assert_eq!(doc.warnings.len(), MAX_WARNINGS + 1);
        assert!(doc.warnings.last().unwrap().contains("more warning"));
    }

    #[test]
    fn depth_is_bounded() {
        let deep = "<a>".repeat(10_000) + "x";
        let doc = parse(&deep, None, None);
        assert!(doc.root.is_some());
        assert!(!doc.warnings.is_empty());
    }
}
