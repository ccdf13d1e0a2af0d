//! Gazette's feed stage: bytes and a URL in, a parsed feed plus warnings out.
//!
//! This crate reads RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed 1.0/1.1 and CDF into one
//! format-neutral [`Feed`], finds feed links in web pages ([`discover`]), and reads and writes
//! OPML subscription lists ([`opml`]) and sitemaps ([`sitemap`]). It is pure: no network, no
//! storage, no clock. Parsing is lenient: a broken document gives the best result that can be
//! recovered plus [`Feed::warnings`]; [`FeedError`] is only for inputs with nothing feed-like
//! in them. Markup in titles, summaries and content is returned as an HTML string with relative
//! `href`/`src` made absolute (see [`TextKind`] for the fields a feed declares as plain text);
//! sanitising is left to the pipeline.
//!
//! # Code map
//!
//! A document flows `encoding` → `xml` → `map` (or `json`) → [`Feed`]:
//!
//! - `encoding`: bytes to text (BOM, HTTP charset, XML declaration, UTF-32, guessing).
//! - `xml`: a lenient tree on quick-xml: `builder` repairs structure, `repair` fixes text
//!   (stray `<`, unclosed CDATA, references, double-encoded UTF-8), `namespaces` gives each
//!   vocabulary a canonical prefix.
//! - `map`: one mapping for every XML format: `mod` finds channel and items, `element` is the
//!   element-to-field table, `text` reads text constructs, `person` reads authors. Items are
//!   mapped as soon as the builder completes them and their trees dropped, so memory follows
//!   the result rather than the document.
//! - `json`: JSON Feed. `date`: RFC 822 and ISO 8601 families and zones. `urls` and `html`:
//!   base URIs, relative references in content, feed discovery, HTML sniffing. `char_refs`: the
//!   HTML named references. `result`: the corpus result model ([`Feed::to_result_json`]).
//!
//! **Architecture invariant:** no IO and no async here; a tidy test in the workspace keeps
//! tokio, reqwest and sqlx out of this crate's dependencies.

mod char_refs;
mod date;
mod encoding;
mod error;
mod html;
mod json;
mod map;
pub mod opml;
mod result;
pub mod sitemap;
mod urls;
mod xml;

use chrono::{DateTime, Utc};
use serde::Serialize;

pub use date::parse_date;
pub use error::FeedError;
pub use html::{discover, discover_anchors, looks_like_html};
pub use urls::document_base;

/// Inputs larger than this are refused with [`FeedError::TooLarge`].
pub const MAX_FEED_BYTES: usize = 50 * 1024 * 1024;

/// What is known about a document besides its bytes (all optional).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParseOptions {
    /// The URL the document was fetched from; the base for relative references.
    pub url: Option<String>,
    /// The HTTP `Content-Type`; its `charset` overrides the XML declaration.
    pub content_type: Option<String>,
    /// The HTTP `Content-Location`; when absolute after resolution it becomes the base URI.
    pub content_location: Option<String>,
    /// The HTTP `Content-Language`; the feed's language when the document names none.
    pub content_language: Option<String>,
}

/// The syndication format (and version) a document was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Rss090,
    Rss091,
    Rss092,
    Rss093,
    Rss094,
    Rss10,
    Rss20,
    /// An `<rss>` document whose version is missing or unknown.
    Rss,
    Atom03,
    Atom10,
    JsonFeed10,
    JsonFeed11,
    /// Microsoft's Channel Definition Format.
    Cdf,
}

impl Format {
    /// A short stable name (`rss20`, `atom10`, `jsonfeed11`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Rss090 => "rss090",
            Format::Rss091 => "rss091",
            Format::Rss092 => "rss092",
            Format::Rss093 => "rss093",
            Format::Rss094 => "rss094",
            Format::Rss10 => "rss10",
            Format::Rss20 => "rss20",
            Format::Rss => "rss",
            Format::Atom03 => "atom03",
            Format::Atom10 => "atom10",
            Format::JsonFeed10 => "jsonfeed10",
            Format::JsonFeed11 => "jsonfeed11",
            Format::Cdf => "cdf",
        }
    }
}

/// How to read a text field: as an HTML fragment or as plain text.
///
/// Feeds declare this per element (Atom `type="text"`, JSON Feed `summary`, Media RSS
/// descriptions are plain; RSS descriptions and `content:encoded` are HTML). Plain text must be
/// escaped before it is shown as HTML; HTML must be sanitised.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TextKind {
    #[default]
    Html,
    Plain,
}

/// The most WebSub hubs kept from one feed.
pub const MAX_HUBS: usize = 4;

/// A parsed feed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Feed {
    pub format: Format,
    /// The feed's name; HTML or plain text as `title_kind` says.
    pub title: Option<String>,
    pub title_kind: TextKind,
    /// The publisher's HTML page (the alternate link), absolute when a base was known.
    pub link: Option<String>,
    /// RSS `description`, Atom `subtitle`/`tagline`, `itunes:summary`, ...
    pub subtitle: Option<String>,
    pub subtitle_kind: TextKind,
    /// As declared (`en-us`, `fr`), else the root's `xml:lang`, else HTTP `Content-Language`.
    pub language: Option<String>,
    pub rights: Option<String>,
    /// Atom `id` (JSON Feed: `feed_url`).
    pub id: Option<String>,
    /// Last change of the feed (Atom `updated`, RSS `lastBuildDate`, `dc:date`), in UTC.
    pub updated: Option<DateTime<Utc>>,
    /// RSS `pubDate` of the channel, in UTC.
    pub published: Option<DateTime<Utc>>,
    pub authors: Vec<Person>,
    pub image: Option<Image>,
    pub categories: Vec<Category>,
    /// RSS `ttl`: minutes a reader may cache the feed.
    pub ttl_minutes: Option<u32>,
    /// `sy:updatePeriod` / `sy:updateFrequency` as minutes between updates.
    pub update_period_minutes: Option<u32>,
    /// WebSub hubs the feed announces (`<link rel="hub">`, JSON Feed `hubs`), absolute, at
    /// most [`MAX_HUBS`].
    pub hubs: Vec<String>,
    /// The feed's own URL as it states it (`<link rel="self">`, JSON Feed `feed_url`): the
    /// topic a WebSub subscription names.
    pub self_url: Option<String>,
    /// The items, in document order (`entries` in the JSON of `gazette feed parse`, as in the
    /// RSS/Atom result model).
    #[serde(rename = "entries")]
    pub items: Vec<Item>,
    /// What had to be repaired or guessed; non-empty means the document was not well-formed
    /// (feedparser's "bozo").
    pub warnings: Vec<String>,
}

/// One item of a feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Item {
    /// RSS `guid`, Atom `id`, RSS 1.0 `rdf:about`, JSON Feed `id`; never invented.
    pub id: Option<String>,
    /// HTML or plain text as `title_kind` says (RSS titles are HTML, Atom's default is text).
    pub title: Option<String>,
    pub title_kind: TextKind,
    /// The article's URL: FeedBurner's `origLink`, the alternate link, else a permalink guid
    /// or an Atom id that is a web URL; absolute when a base was known.
    pub link: Option<String>,
    /// The teaser (RSS `description`, Atom `summary`, ...); see [`Item::summary_html`].
    pub summary: Option<String>,
    pub summary_kind: TextKind,
    /// Full content (`content:encoded`, Atom `content`, ...), kept apart from the summary.
    pub content: Option<String>,
    pub content_kind: TextKind,
    /// First publication (RSS `pubDate`, Atom `published`), in UTC.
    pub published: Option<DateTime<Utc>>,
    /// Last change (Atom `updated`, `dc:date`), in UTC.
    pub updated: Option<DateTime<Utc>>,
    pub authors: Vec<Person>,
    pub rights: Option<String>,
    /// The entry's own language (`dc:language`, `xml:lang` in scope); `None` means the feed's.
    pub language: Option<String>,
    pub categories: Vec<Category>,
    pub enclosures: Vec<Enclosure>,
    /// A representative image: `media:thumbnail`, `media:content` of an image, an image
    /// enclosure, JSON Feed `image`.
    pub image: Option<String>,
}

/// An author.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: Option<String>,
    pub email: Option<String>,
    pub uri: Option<String>,
}

/// A category or tag.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Category {
    pub term: String,
    pub scheme: Option<String>,
    pub label: Option<String>,
}

/// A media file attached to an entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Enclosure {
    pub url: String,
    pub mime_type: Option<String>,
    pub length: Option<u64>,
}

/// The feed's logo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Image {
    pub url: Option<String>,
    pub title: Option<String>,
    pub link: Option<String>,
}

impl Item {
    /// The summary as HTML: plain-text summaries are escaped, their line breaks kept as `<br>`.
    pub fn summary_html(&self) -> Option<String> {
        as_html(self.summary.as_deref(), self.summary_kind)
    }

    /// The content as HTML: plain-text content is escaped, its line breaks kept as `<br>`.
    pub fn content_html(&self) -> Option<String> {
        as_html(self.content.as_deref(), self.content_kind)
    }
}

fn as_html(value: Option<&str>, kind: TextKind) -> Option<String> {
    let value = value?;
    Some(match kind {
        TextKind::Html => value.to_owned(),
        TextKind::Plain => {
            let mut out = String::with_capacity(value.len() + 16);
            for (i, line) in value.lines().enumerate() {
                if i > 0 {
                    out.push_str("<br>");
                }
                xml::escape_into(line, false, &mut out);
            }
            out
        }
    })
}

/// Parses a feed document. See the crate documentation for the leniency contract.
pub fn parse(bytes: &[u8], opts: &ParseOptions) -> Result<Feed, FeedError> {
    if bytes.len() > MAX_FEED_BYTES {
        return Err(FeedError::TooLarge {
            size: bytes.len(),
            limit: MAX_FEED_BYTES,
        });
    }
    let body = strip_bom_and_space(bytes);
    if body.is_empty() {
        return Err(FeedError::Empty);
    }
    if is_gzip(bytes) {
        return Err(FeedError::NotAFeed(
            "not a feed: the body is gzip-compressed (decompress it first)".into(),
        ));
    }
    let base = document_base(opts.url.as_deref(), opts.content_location.as_deref());
    let mut warnings = Vec::new();
    let tld = opts.url.as_deref().and_then(top_level_domain);
    let decoded = encoding::decode(
        bytes,
        opts.content_type.as_deref(),
        tld.as_deref(),
        &mut warnings,
    );
    if body.starts_with(b"{") {
        return json::parse(&decoded.text, base.as_deref(), warnings);
    }
    let mut streamed = Vec::new();
    let mut on_item = |root: &xml::Element, item: xml::Element| match map::format_of(root) {
        Some(format) => {
            streamed.push(map::read_entry(&item, format));
            None
        }
        None => Some(item),
    };
    let doc = xml::parse_streaming(&decoded.text, base.as_deref(), &mut on_item);
    warnings.extend(doc.warnings);
    let Some(root) = doc.root else {
        return Err(FeedError::NotAFeed(
            "not a feed: no XML element found".into(),
        ));
    };
    map::map_document(&root, streamed, opts.content_language.as_deref(), warnings)
}

/// The last label of a URL's host, lower-cased (a hint for encoding detection).
fn top_level_domain(url: &str) -> Option<String> {
    let u = url::Url::parse(url).ok()?;
    let host = u.host_str()?;
    Some(host.rsplit('.').next()?.to_ascii_lowercase())
}

/// Whether bytes start with the gzip magic number (a compressed body that reached the parser).
pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

fn strip_bom_and_space(bytes: &[u8]) -> &[u8] {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    &b[start..]
}
