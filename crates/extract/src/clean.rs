//! Cleaning the whole page before body scoring.
//!
//! The tree is cut at a maximum depth, scripts and styles go, lazy-loaded
//! images get a real `src`, and page furniture (share bars, newsletter
//! prompts, related-link boxes, cookie banners, comments, ad slots) is removed
//! by its class, id, role or tag, so it cannot be scored into the body.
//! What is only recognisable by its words is handled after scoring, in
//! [`crate::polish`].

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

use dom_query::{Document, NodeData, NodeId, NodeRef};

/// Nodes deeper than this are dropped: real articles nest far less, and a
/// bounded depth keeps every recursive walk (ours or a library's) safe.
pub const MAX_DEPTH: usize = 180;

/// Words in a class or id that mark page furniture rather than content.
const FURNITURE_WORDS: &[&str] = &[
    "share",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "signup",
    "related",
    "recommended",
    "recommendations",
    "recirculation",
    "outbrain",
    "taboola",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "comments",
    "comment",
    "disqus",
    "advert",
    "advertisement",
    "advertising",
    "ads",
    "ad",
    "adslot",
    "adunit",
    "dfp",
    "gpt",
    "promo",
    "popup",
    "modal",
    "paywall",
    "breadcrumb",
    "breadcrumbs",
    "sidebar",
    "widget",
    "trending",
    "popular",
    "toolbar",
    "sponsored",
    "navbar",
    "nav",
    "footer",
    "masthead",
    "banner",
    "skip",
    "tags",
    "tag",
    "topics",
    "author-bio",
    "bio",
    "next",
    "prev",
    "pagination",
    "readmore",
    "read-more",
    "alsoread",
    "also-read",
    "most-read",
    "mostread",
    "jump",
    "rollover",
    "popover",
    "tooltip",
];

/// Words in a class or id that mark embedded content, never furniture.
const CONTENT_WORDS: &[&str] = &[
    "embed",
    "embedded",
    "tweet",
    "twitter-tweet",
    "instagram-media",
    "video-embed",
];

/// Tags that are page furniture wherever they appear.
const FURNITURE_TAGS: &[&str] = &["nav", "aside", "footer", "form", "button", "dialog", "menu"];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "dialog",
    "alertdialog",
    "search",
    "menu",
    "menubar",
];

/// Prepares the full page for scoring. With `report`, a short description of
/// every removed piece of furniture is pushed to it (for debugging tools).
pub fn prepare(doc: &Document, report: Option<&mut Vec<String>>) {
    prune_deep(doc);
    let Some(body) = doc.body() else { return };
    let survey = survey(doc, &body);
    fix_lazy_images(&survey.images);
    remove_furniture(&body, &survey, report);
}

/// Class words of an image caption or credit.
const CAPTION_WORDS: &[&str] = &[
    "caption",
    "credit",
    "credits",
    "photocredit",
    "copyright",
    "legend",
    "legenda",
];

/// Class words of an image container.
const IMAGE_WORDS: &[&str] = &["image", "img", "photo", "picture", "foto", "imagen", "pic"];

/// Finds caption and credit blocks, to be turned into `<figcaption>`, so they survive
/// scoring (which drops classes and rewrites divs) recognisably: the body
/// HTML keeps them, the prose text leaves them out.
fn caption_targets<'a>(node: &NodeRef<'a>, flags: u8, out: &mut Vec<NodeRef<'a>>) {
    if flags & (CAPTION | IMAGE) == 0 || node.has_name("figcaption") {
        return;
    }
    let has_img = || {
        node.descendants_it()
            .any(|d| d.has_name("img") || d.has_name("picture"))
    };
    if flags & CAPTION != 0 {
        if !has_img() && text_len(node) < 600 {
            out.push(*node);
        }
    } else if flags & IMAGE != 0 && has_img() && text_len(node) < 400 {
        // the text beside the picture is its caption
        for child in node.element_children() {
            let is_picture =
                child.has_name("img") || child.descendants_it().any(|d| d.has_name("img"));
            if !is_picture && text_len(&child) > 0 {
                out.push(child);
            }
        }
    }
}

/// What one walk over the body finds before anything is removed.
struct Survey<'a> {
    /// Nodes that must not be removed as furniture because they contain the
    /// article: the ancestors of the densest paragraph cluster (the "text
    /// hub"), of the first `<h1>` and of any `itemprop=articleBody`.
    protected: NodeSet,
    /// Characters of text in the body.
    text_len: usize,
    /// Every image, for lazy-loading repairs.
    images: Vec<NodeRef<'a>>,
}

fn survey<'a>(doc: &'a Document, body: &NodeRef<'a>) -> Survey<'a> {
    let mut per_parent: HashMap<NodeId, usize, BuildHasherDefault<FnvHasher>> = HashMap::default();
    let mut anchors: Vec<NodeRef> = Vec::new();
    let mut h1_seen = false;
    let mut body_text = 0;
    let mut images = Vec::new();
    for node in body.descendants_it() {
        if node.is_text() {
            body_text += own_text_len(&node);
            continue;
        }
        let Some(el) = node.element_ref() else {
            continue;
        };
        match &*el.name.local {
            "p" => {
                let len = text_len(&node);
                if len >= 60
                    && let Some(parent) = node.parent()
                {
                    *per_parent.entry(parent.id).or_default() += len;
                }
            }
            "img" => images.push(node),
            "h1" if !h1_seen => {
                h1_seen = true;
                anchors.push(node);
            }
            _ => {}
        }
        if el.attr("itemprop").is_some_and(|p| &*p == "articleBody") {
            anchors.push(node);
        }
    }
    if let Some((&hub, _)) = per_parent.iter().max_by_key(|(id, n)| (**n, **id)) {
        anchors.push(NodeRef::new(hub, &doc.tree));
    }
    let mut protected = NodeSet::default();
    for a in anchors {
        protected.insert(a.id);
        protected.extend(a.ancestors_it(None).map(|n| n.id));
    }
    Survey {
        protected,
        text_len: body_text,
        images,
    }
}

/// Detaches every node deeper than [`MAX_DEPTH`].
fn prune_deep(doc: &Document) -> usize {
    let mut cut = Vec::new();
    let mut stack = vec![(doc.root(), 0usize)];
    while let Some((node, depth)) = stack.pop() {
        for child in node.children_it(false) {
            if depth + 1 > MAX_DEPTH {
                cut.push(child);
            } else if child.is_element() {
                stack.push((child, depth + 1));
            }
        }
    }
    let n = cut.len();
    for node in cut {
        node.remove_from_parent();
    }
    n
}

/// Gives lazy-loaded images a usable `src`.
fn fix_lazy_images(images: &[NodeRef]) {
    for img in images {
        let src = img
            .attr("src")
            .map(|s| s.trim().to_string())
            .unwrap_or_default();
        let placeholder = src.is_empty()
            || src.starts_with("data:")
            || src.contains("placeholder")
            || src.contains("blank.")
            || src.contains("spacer.")
            || src.contains("lazy");
        if !placeholder {
            continue;
        }
        let lazy = [
            "data-src",
            "data-lazy-src",
            "data-original",
            "data-url",
            "data-lazy",
            "data-hi-res-src",
            "data-full-src",
        ]
        .iter()
        .find_map(|a| {
            img.attr(a)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty() && !v.starts_with("data:"))
        })
        .or_else(|| {
            ["data-srcset", "srcset", "data-lazy-srcset"]
                .iter()
                .find_map(|a| img.attr(a).and_then(|v| best_srcset(&v)))
        })
        .or_else(|| {
            // <picture><source srcset=...><img></picture>
            img.parent()
                .filter(|p| p.has_name("picture"))
                .and_then(|p| {
                    p.children_it(false)
                        .filter(|c| c.has_name("source"))
                        .find_map(|s| {
                            s.attr("srcset")
                                .or_else(|| s.attr("data-srcset"))
                                .and_then(|v| best_srcset(&v))
                        })
                })
        });
        if let Some(url) = lazy {
            img.set_attr("src", &url);
        }
    }
}

/// The widest candidate of a `srcset` value (the last one when widths are absent).
fn best_srcset(srcset: &str) -> Option<String> {
    let mut best: Option<(u32, &str)> = None;
    for cand in srcset.split(',') {
        let mut parts = cand.split_whitespace();
        let Some(url) = parts.next() else { continue };
        if url.starts_with("data:") {
            continue;
        }
        let w = parts
            .next()
            .and_then(|d| d.trim_end_matches(['w', 'x']).parse::<f32>().ok())
            .map_or(1, |v| v as u32);
        if best.is_none_or(|(bw, _)| w >= bw) {
            best = Some((w, url));
        }
    }
    best.map(|(_, u)| u.to_string())
}

/// Calls `pred` on every word of a class or id value: each token, and its
/// parts split on `-`, `_`, `:`, `.` and camelCase humps. Stops at the first
/// `true`. Allocation-free: it runs on every element of every page.
pub(crate) fn any_word(value: &str, mut pred: impl FnMut(&str) -> bool) -> bool {
    for token in value.split_ascii_whitespace() {
        if pred(token) {
            return true;
        }
        let bytes = token.as_bytes();
        let mut start = 0;
        for i in 0..=bytes.len() {
            let separator = i < bytes.len() && matches!(bytes[i], b'-' | b'_' | b':' | b'.');
            let hump = i > start
                && i < bytes.len()
                && bytes[i].is_ascii_uppercase()
                && bytes[i - 1].is_ascii_lowercase();
            if i == bytes.len() || separator || hump {
                if i > start && i - start < bytes.len() && pred(&token[start..i]) {
                    return true;
                }
                start = if separator { i + 1 } else { i };
            }
        }
    }
    false
}

/// Does the class or id of `node` contain one of `list` (lowercase) as a word?
/// Word categories, as bit flags of [`word_flags`].
pub(crate) const FURNITURE: u8 = 1;
pub(crate) const INLINE_FURNITURE: u8 = 2;
pub(crate) const CONTENT: u8 = 4;
pub(crate) const CAPTION: u8 = 8;
pub(crate) const IMAGE: u8 = 16;

/// Every listed class word (as bytes) with the categories it belongs to.
type WordTable = HashMap<&'static [u8], u8, BuildHasherDefault<FnvHasher>>;

/// A set of nodes, with a cheap hasher.
type NodeSet = HashSet<NodeId, BuildHasherDefault<FnvHasher>>;

/// A map keyed by node, with a cheap hasher.
pub(crate) type NodeMap<V> = HashMap<NodeId, V, BuildHasherDefault<FnvHasher>>;

/// FNV-1a, for our small keys (node ids, the table's short words): SipHash,
/// the default, costs more than everything else in a lookup, and none of
/// these keys can be chosen by a page to collide.
pub(crate) struct FnvHasher(u64);

impl Default for FnvHasher {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
        }
    }
}

/// The word table, built once, and the length of its longest word.
fn word_table() -> &'static (WordTable, usize) {
    static TABLE: OnceLock<(WordTable, usize)> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = WordTable::default();
        for (list, flag) in [
            (FURNITURE_WORDS, FURNITURE),
            (INLINE_FURNITURE_WORDS, INLINE_FURNITURE),
            (CONTENT_WORDS, CONTENT),
            (CAPTION_WORDS, CAPTION),
            (IMAGE_WORDS, IMAGE),
        ] {
            for word in list {
                *table.entry(word.as_bytes()).or_insert(0) |= flag;
            }
        }
        let longest = table.keys().map(|w| w.len()).max().unwrap_or(0);
        (table, longest)
    })
}

/// The categories of the words in the class and id of `node` (0 for none).
pub(crate) fn word_flags(node: &NodeRef) -> u8 {
    let Some(el) = node.element_ref() else {
        return 0;
    };
    let (table, longest) = word_table();
    let mut flags = 0;
    let mut buf = [0u8; 32];
    for attr in el
        .attrs
        .iter()
        .filter(|a| matches!(&*a.name.local, "class" | "id"))
    {
        any_word(&attr.value, |w| {
            if w.len() <= *longest
                && let Some(lower) = buf.get_mut(..w.len())
            {
                lower.copy_from_slice(w.as_bytes());
                lower.make_ascii_lowercase();
                if let Some(f) = table.get(&*lower) {
                    flags |= f;
                }
            }
            false
        });
    }
    flags
}

fn is_furniture(node: &NodeRef, name: &str, flags: u8) -> bool {
    // one look at the attributes: `hidden`, and the first `style` and `role`
    let (hidden, hiding_style, furniture_role) = {
        let Some(el) = node.element_ref() else {
            return false;
        };
        let (mut hidden, mut style, mut role) = (false, None, None);
        for a in &el.attrs {
            match &*a.name.local {
                "hidden" => hidden = true,
                "style" if style.is_none() => style = Some(style_hides(&a.value)),
                "role" if role.is_none() => {
                    role = Some(
                        FURNITURE_ROLES.contains(&a.value.trim().to_ascii_lowercase().as_str()),
                    );
                }
                _ => {}
            }
        }
        (hidden, style == Some(true), role == Some(true))
    };
    if hidden || hiding_style || furniture_role {
        return true;
    }
    let tag = FURNITURE_TAGS.contains(&name);
    // Embedded posts (tweets, Instagram, video players) are content even
    // inside a "social" wrapper.
    let worded = flags & CONTENT == 0 && flags & (FURNITURE | INLINE_FURNITURE) != 0;
    if !tag && !worded {
        return false;
    }
    // Inside running text (a `<p>` close above) inline widgets such as
    // formulas or footnote markers belong to the sentence; only hidden
    // elements and the clearest furniture words count there.
    let inline = in_paragraph(node);
    let wanted = if inline { INLINE_FURNITURE } else { FURNITURE };
    (!inline && tag) || (worded && flags & wanted != 0)
}

/// The furniture words that still count inside a paragraph.
const INLINE_FURNITURE_WORDS: &[&str] = &[
    "rollover",
    "popover",
    "tooltip",
    "share",
    "sharing",
    "ad",
    "ads",
    "advert",
    "advertisement",
    "promo",
    "newsletter",
    "related",
];

/// Removes page furniture, sparing anything that holds a large share of the
/// page's text unless it is mostly links.
fn remove_furniture(body: &NodeRef, survey: &Survey, mut report: Option<&mut Vec<String>>) {
    let body_len = survey.text_len.max(1);
    let protected = &survey.protected;
    let mut doomed = Vec::new();
    let mut captions = Vec::new();
    let mut stack: Vec<NodeRef> = body.element_children();
    while let Some(node) = stack.pop() {
        let Some(el) = node.element_ref() else {
            continue;
        };
        let name: &str = &el.name.local;
        let kept = matches!(
            name,
            "article"
                | "main"
                | "body"
                | "html"
                | "h1"
                | "p"
                | "img"
                | "picture"
                | "figure"
                | "table"
                | "tr"
                | "td"
                | "th"
                | "tbody"
                | "li"
        );
        let flags = word_flags(&node);
        if !kept && !protected.contains(&node.id) && is_furniture(&node, name, flags) {
            let len = text_len(&node);
            if len * 4 < body_len || link_density(&node, len) > 0.5 || len < 200 {
                doomed.push(node);
                continue;
            }
        }
        caption_targets(&node, flags, &mut captions);
        stack.extend(node.children_it(false).filter(NodeRef::is_element));
    }
    for node in captions {
        if matches!(
            node.node_name().as_deref(),
            Some("p" | "div" | "span" | "small" | "em" | "i" | "cite")
        ) {
            node.rename("figcaption");
        }
    }
    for node in doomed {
        if let Some(report) = report.as_deref_mut() {
            let text = node.text();
            let text: String = text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .chars()
                .take(100)
                .collect();
            report.push(format!(
                "furniture: <{} class={:?} id={:?} role={:?}> {}",
                node.node_name().as_deref().unwrap_or(""),
                node.attr("class").as_deref().unwrap_or(""),
                node.attr("id").as_deref().unwrap_or(""),
                node.attr("role").as_deref().unwrap_or(""),
                text
            ));
        }
        node.remove_from_parent();
    }
}

/// Does an inline style hide the element (`display: none`, `visibility: hidden`)?
pub(crate) fn style_hides(style: &str) -> bool {
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

/// Is the node inside running text (a `<p>` close above)?
fn in_paragraph(node: &NodeRef) -> bool {
    node.ancestors_it(Some(4)).any(|a| a.has_name("p"))
}

/// Characters of text under a node, ignoring whitespace runs approximately.
pub(crate) fn text_len(node: &NodeRef) -> usize {
    node.descendants_it().map(|n| own_text_len(&n)).sum()
}

/// Characters of a text node's trimmed text (0 for any other node), counted
/// where the text lies: no copy, as `text()` would make.
pub(crate) fn own_text_len(node: &NodeRef) -> usize {
    node.query_or(0, |n| match &n.data {
        NodeData::Text { contents } => contents.trim().chars().count(),
        _ => 0,
    })
}

/// Share of a node's text that sits inside links.
pub(crate) fn link_density(node: &NodeRef, len: usize) -> f32 {
    if len == 0 {
        return 0.0;
    }
    let linked: usize = node
        .descendants_it()
        .filter(|n| n.has_name("a"))
        .map(|a| text_len(&a))
        .sum();
    linked as f32 / len as f32
}

/// Lowercase text with punctuation removed and whitespace collapsed.
pub(crate) fn normalized(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        if w.is_ascii() {
            // the same as below for ASCII, without a char at a time
            let start = out.len();
            out.push_str(w);
            out[start..].make_ascii_lowercase();
        } else {
            out.extend(w.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_picks_widest() {
        assert_eq!(
            best_srcset("a.jpg 320w, b.jpg 1024w, c.jpg 640w").as_deref(),
            Some("b.jpg")
        );
        assert_eq!(best_srcset("a.jpg, b.jpg 2x").as_deref(), Some("b.jpg"));
    }

    #[test]
    fn class_words_split() {
        let mut v = Vec::new();
        any_word("socialShare article-body", |w| {
            v.push(w.to_string());
            false
        });
        assert_eq!(
            v,
            [
                "socialShare",
                "social",
                "Share",
                "article-body",
                "article",
                "body"
            ]
        );
    }

    proptest::proptest! {
        #[test]
        fn normalized_lowercases_like_char_by_char(text in "([A-Za-z']{1,4}|[ .,-]|É|ß|İ){0,12}") {
            let mut expect = String::new();
            for w in text
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| !w.is_empty())
            {
                if !expect.is_empty() {
                    expect.push(' ');
                }
                expect.extend(w.chars().flat_map(char::to_lowercase));
            }
            proptest::prop_assert_eq!(normalized(&text), expect);
        }
    }

    #[test]
    fn deep_trees_are_cut() {
        let html = "<div>".repeat(MAX_DEPTH * 3) + "x";
        let doc = Document::from(html);
        assert!(prune_deep(&doc) > 0);
    }
}
