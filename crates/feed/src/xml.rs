//! A lenient XML tree built from quick-xml events.
//!
//! Feeds in the wild are often not well-formed: undefined HTML entities, bare `&`, mismatched or
//! missing end tags, documents cut off mid-way. This module never rejects a document. It builds the
//! best tree it can and records what it had to repair as warnings. Namespaces are resolved to
//! short canonical prefixes (`dc`, `media`, ...) so that the mapping code can match elements
//! without caring which prefix a publisher chose, and `xml:base` / `xml:lang` are tracked per
//! element. Nesting depth and entity expansion are bounded so hostile input cannot exhaust the
//! stack or memory.

use std::collections::HashMap;
use std::rc::Rc;

use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use crate::entities;
use crate::urls;

/// Elements nested deeper than this are dropped (their text is kept).
const MAX_DEPTH: usize = 256;
/// At most this many reader errors are tolerated before the rest of the document is dropped.
const MAX_ERRORS: usize = 1000;
/// At most this many warnings are kept per document; the rest are counted.
const MAX_WARNINGS: usize = 50;
/// Upper bound on the entities a DOCTYPE may declare and on their total size.
const MAX_DOCTYPE_ENTITIES: usize = 256;
const MAX_ENTITY_VALUE: usize = 4096;

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
    Element(Element),
    Text(String),
}

impl Element {
    /// The child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Node::Element(e) => Some(e),
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

/// Maps a namespace URI to its canonical prefix.
fn canonical_prefix(uri: &str) -> Option<&'static str> {
    let u = uri.trim().trim_end_matches(['/', '#']).to_ascii_lowercase();
    let u = u
        .strip_prefix("http://")
        .or_else(|| u.strip_prefix("https://"))
        .unwrap_or(&u);
    Some(match u {
        "www.w3.org/2005/atom"
        | "purl.org/atom/ns"
        | "purl.org/rss/1.0"
        | "my.netscape.com/rdf/simple/0.9"
        | "backend.userland.com/rss2"
        | "backend.userland.com/rss"
        | "blogs.law.harvard.edu/tech/rss"
        | "channel.netscape.com/rdf/simple/0.9" => "",
        "www.w3.org/1999/02/22-rdf-syntax-ns" => "rdf",
        "purl.org/dc/elements/1.1" | "purl.org/dc/elements/1.0" => "dc",
        "purl.org/dc/terms" => "dcterms",
        "purl.org/rss/1.0/modules/content" => "content",
        "www.itunes.com/dtds/podcast-1.0.dtd" | "example.com/dtds/podcast-1.0.dtd" => "itunes",
        "search.yahoo.com/mrss" | "video.search.yahoo.com/mrss" | "tools.search.yahoo.com/mrss" => {
            "media"
        }
        "purl.org/rss/1.0/modules/syndication" => "sy",
        "www.w3.org/1999/xhtml" => "xhtml",
        "www.w3.org/xml/1998/namespace" => "xml",
        "webns.net/mvcb" => "admin",
        "purl.org/rss/1.0/modules/image" => "image",
        "backend.userland.com/creativecommonsrssmodule" => "cc",
        "web.resource.org/cc" => "cc",
        "www.google.com/schemas/sitemap/0.84" | "www.sitemaps.org/schemas/sitemap/0.9" => "",
        "www.google.com/schemas/sitemap-news/0.9" => "news",
        "www.google.com/schemas/sitemap-image/1.1" => "image",
        "www.georss.org/georss" => "georss",
        "purl.org/syndication/thread/1.0" => "thr",
        "wellformedweb.org/commentapi" => "wfw",
        "podlove.org/simple-chapters" => "psc",
        "www.w3.org/2003/01/geo/wgs84_pos" => "geo",
        "purl.org/rss/1.0/modules/slash" => "slash",
        "purl.org/rss/1.0/modules/taxonomy" => "taxo",
        "purl.org/rss/1.0/modules/link" => "l",
        "purl.org/net/rss1.1" => "",
        "rssnamespace.org/feedburner/ext/1.0" => "feedburner",
        _ => return None,
    })
}

/// A parsed document: the root element (if any) and what was repaired.
#[derive(Debug, Default)]
pub(crate) struct Document {
    pub root: Option<Element>,
    pub warnings: Vec<String>,
}

/// A namespace declaration in scope, with its canonical prefix worked out once.
struct Declaration {
    prefix: String,
    uri: Rc<str>,
    canonical: Option<&'static str>,
}

struct Builder {
    stack: Vec<Element>,
    /// One namespace scope per open element: the declarations it made.
    scopes: Vec<Vec<Declaration>>,
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
        scopes: Vec::new(),
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
    if b.dropped_warnings > 0 {
        let n = b.dropped_warnings;
        b.warnings.push(format!("{n} more warning(s) not listed"));
    }
    Document {
        root: b.root,
        warnings: b.warnings,
    }
}

impl Builder {
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
        let mut decls = Vec::new();
        for (k, v) in &raw_attrs {
            let prefix = if k == "xmlns" {
                ""
            } else if let Some(p) = k.strip_prefix("xmlns:") {
                p
            } else {
                continue;
            };
            decls.push(Declaration {
                prefix: prefix.to_owned(),
                uri: Rc::from(v.as_str()),
                canonical: canonical_prefix(v),
            });
        }
        self.scopes.push(decls);
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
            }
        }
        self.scopes.pop();
        match self.stack.last_mut() {
            Some(parent) => parent.children.push(Node::Element(el)),
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
            top.children.push(Node::Text(t.to_owned()));
        }
    }

    /// Looks a prefix up in the open scopes (innermost first).
    fn lookup(&self, prefix: &str) -> Option<&Declaration> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter().rev())
            .find(|d| d.prefix == prefix)
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
            return v.clone();
        }
        if let Some(v) = entities::lookup(name) {
            return v.to_owned();
        }
        format!("&{name};")
    }

    /// Warns (once per name) about a named reference XML does not define and no DOCTYPE
    /// declared: the document is not well-formed even though the HTML meaning is recovered.
    fn note_undefined_entity(&mut self, name: &str) {
        if name.starts_with('#')
            || matches!(name, "lt" | "gt" | "amp" | "apos" | "quot")
            || self.entities.contains_key(name)
            || self.undefined_entities.iter().any(|n| n == name)
        {
            return;
        }
        if self.undefined_entities.len() < 20 {
            self.warn(match entities::lookup(name) {
                Some(_) => format!("undefined entity &{name}; read as its HTML meaning"),
                None => format!("undefined entity &{name}; kept as text"),
            });
        }
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
                        _ => entities::lookup(n),
                    }
                    .map(str::to_owned)
                })
            });
            self.entities.insert(name.to_owned(), value);
        }
    }
}

/// Repairs two common encoding accidents in a text run, in place:
/// UTF-8 that was read as Latin-1 and re-encoded ("double-encoded": `â€¦` for `…`), and C1
/// control characters standing for windows-1252 punctuation (`\u{92}` for `’`). Returns
/// whether double-encoded text was found.
pub(crate) fn repair_text(t: &mut String) -> bool {
    // Both defects need a character in U+0080..U+00BF (UTF-8 lead byte 0xC2): a C1 control or
    // the continuation half of a double-encoded sequence.
    if !t.as_bytes().contains(&0xC2) {
        return false;
    }
    if t.chars().all(|c| (c as u32) < 0x100) {
        let bytes: Vec<u8> = t.chars().map(|c| c as u32 as u8).collect();
        if let Ok(s) = std::str::from_utf8(&bytes)
            && s.chars().any(|c| (c as u32) >= 0x80)
        {
            *t = s.to_owned();
            return true;
        }
    }
    if t.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c)) {
        *t = t
            .chars()
            .map(|c| {
                if ('\u{80}'..='\u{9f}').contains(&c) {
                    let byte = [c as u32 as u8];
                    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
                    s.chars().next().unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
    }
    false
}

/// Escapes each `<` that cannot start markup (`a < b`, `I <3 feeds`), which hand-written feeds
/// leave in text; an XML reader would otherwise take it for a tag and swallow the text after it.
/// Comments, CDATA sections, declarations and the inside of tags are left alone.
fn escape_stray_lt(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    // Byte ranges to replace: a stray `<` becomes `&lt;`, the opener of a CDATA section that is
    // never closed is dropped (its HTML is then read as markup instead of eating the document).
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    let mut i = 0;
    let skip_to = |from: usize, pat: &str| {
        text[from..]
            .find(pat)
            .map_or(b.len(), |at| from + at + pat.len())
    };
    while let Some(off) = text[i..].find('<') {
        let at = i + off;
        let next = b.get(at + 1).copied();
        i = match next {
            Some(b'!') if text[at..].starts_with("<!--") => skip_to(at + 4, "-->"),
            Some(b'!') if text[at..].starts_with("<![CDATA[") => {
                if text[at + 9..].contains("]]>") {
                    skip_to(at + 9, "]]>")
                } else {
                    edits.push((at, at + 9, ""));
                    at + 9
                }
            }
            Some(b'!') => {
                // A declaration; a DOCTYPE may hold an internal subset in brackets.
                let mut j = at + 2;
                let mut depth = 0i32;
                while j < b.len() {
                    match b[j] {
                        b'[' => depth += 1,
                        b']' => depth -= 1,
                        b'>' if depth <= 0 => break,
                        _ => {}
                    }
                    j += 1;
                }
                j + 1
            }
            Some(b'?') => skip_to(at + 2, "?>"),
            Some(c)
                if c == b'/' || c == b'_' || c == b':' || c.is_ascii_alphabetic() || c >= 0x80 =>
            {
                let mut j = at + 1;
                let mut quote = None;
                while j < b.len() {
                    match (b[j], quote) {
                        (q @ (b'"' | b'\''), None) => quote = Some(q),
                        (q, Some(open)) if q == open => quote = None,
                        (b'>', None) => break,
                        // A tag that runs into the next tag lost its `>`; stop here.
                        (b'<', None) => {
                            j -= 1;
                            break;
                        }
                        _ => {}
                    }
                    j += 1;
                }
                j + 1
            }
            _ => {
                edits.push((at, at + 1, "&lt;"));
                at + 1
            }
        };
        if i >= b.len() {
            break;
        }
    }
    if edits.is_empty() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + edits.len() * 3);
    let mut last = 0;
    for (start, end, replacement) in edits {
        out.push_str(&text[last..start]);
        out.push_str(replacement);
        last = end;
    }
    out.push_str(&text[last..]);
    out.into()
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

/// Decodes a numeric character reference (`#233`, `#xE9`). Code points in the C1 range are
/// kept here and read as windows-1252 by [`repair_text`].
pub(crate) fn char_reference(name: &str) -> Option<char> {
    let num = name.strip_prefix('#')?;
    let code = if let Some(hex) = num.strip_prefix(['x', 'X']) {
        u32::from_str_radix(hex, 16).ok()?
    } else {
        num.parse::<u32>().ok()?
    };
    match code {
        0 => None,
        c => char::from_u32(c),
    }
}

/// Replaces every `&name;` in `raw` for which `resolve` gives a value; leaves the rest as is.
pub(crate) fn unescape_with(raw: &str, resolve: impl Fn(&str) -> Option<String>) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace() || c == '<')
            .map(|i| i + 1);
        match end {
            Some(end) if rest.as_bytes()[end] == b';' && end > 1 => {
                let name = &rest[1..end];
                match resolve(name) {
                    Some(v) => out.push_str(&v),
                    None => out.push_str(&rest[..=end]),
                }
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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
