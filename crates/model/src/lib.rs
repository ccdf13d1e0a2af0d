//! The shared vocabulary of Gazette: sources, entries, topics and their typed ids.
//!
//! Every other crate speaks in these types. The model does no IO and knows nothing about HTTP,
//! SQL or HTML; it only names things and states their invariants, so that storage, the website and
//! the pipeline can change independently.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// Identifies a followed source (one feed URL).
    SourceId
);
id_type!(
    /// Identifies a stored entry (one article from one source).
    EntryId
);
id_type!(
    /// Identifies a story (the articles of several sources about one event): the smallest id
    /// among its entries, so that it survives entries leaving and keeps the older id through
    /// merges. Not the story engine's own cluster number (`gazette_story::ClusterId`), which
    /// lives only in the desk's memory.
    StoryId
);

/// When the pipeline fetches an entry's page to extract its full text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExtractMode {
    /// Fetch the page when the feed carries only a summary (the default).
    #[default]
    Auto,
    /// Always fetch the page and prefer the extracted text when it is good.
    Always,
    /// Never fetch the page; show what the feed carries.
    Never,
}

impl ExtractMode {
    /// The stored and displayed name of the mode.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtractMode::Auto => "auto",
            ExtractMode::Always => "always",
            ExtractMode::Never => "never",
        }
    }

    /// Parses a stored or typed mode name.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Some(ExtractMode::Auto),
            "always" => Some(ExtractMode::Always),
            "never" => Some(ExtractMode::Never),
            _ => None,
        }
    }
}

/// A followed feed and its polling state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub id: SourceId,
    /// The feed's URL as fetched.
    pub url: String,
    /// Display name: given by the user, else the feed's title, else the host.
    pub name: String,
    /// The publisher's home page, when the feed names one.
    pub site_url: Option<String>,
    /// The section the source is filed under (an OPML folder); its entries carry it as a topic.
    pub topic: Option<String>,
    pub extract_mode: ExtractMode,
    /// HTTP validators from the last successful fetch, sent back for a conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    pub last_success: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub consecutive_failures: i64,
    pub next_poll: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Number of stored entries (derived when listed).
    pub entries: i64,
    /// When an editor stopped following it while keeping its articles: never polled again.
    pub retired_at: Option<DateTime<Utc>>,
    /// The end of the lease of its verified WebSub subscription: its hub pushes new articles
    /// until then (derived when listed).
    pub pushed_until: Option<DateTime<Utc>>,
}

impl Source {
    /// The publisher's home page when it may be shown as a link (see [`web_link`]).
    pub fn site_link(&self) -> Option<&str> {
        self.site_url.as_deref().and_then(web_link)
    }

    /// The feed's URL as it may be printed or logged: a password in it replaced by `***`.
    pub fn display_url(&self) -> std::borrow::Cow<'_, str> {
        redact_password(&self.url)
    }
}

/// An entry as the pipeline hands it to storage: one article from one source.
///
/// `identity` decides whether this is a new entry or a change to a stored one: the feed's guid,
/// else its link, else a hash of title and date (see `gazette_story::entry_identity`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct NewEntry {
    pub identity: String,
    /// The original article's URL, kept for attribution.
    pub url: Option<String>,
    /// The page's own address for the article when its page was fetched: its
    /// `rel=canonical`, else where the link redirected to. The key that finds one article
    /// reached through several links (tracking redirects, syndicated copies naming their
    /// original).
    pub canonical_url: Option<String>,
    pub title: String,
    /// Dek or summary as plain text.
    pub summary: Option<String>,
    /// The cleaned body as sanitized HTML.
    pub content_html: Option<String>,
    /// The body as plain text with paragraph breaks (for search, keywords, excerpts).
    pub content_text: Option<String>,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub image_url: Option<String>,
    pub lang: Option<String>,
    /// Topic names as given by the source or derived from the text; normalised by storage.
    pub topics: Vec<Topic>,
    /// True when the body came from extracting the article page rather than from the feed.
    pub extracted: bool,
    /// A hash of the feed item as the source published it: when it is unchanged on the next
    /// poll, the pipeline skips the entry without fetching its page again.
    pub feed_hash: String,
}

/// A stored entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: EntryId,
    pub source_id: SourceId,
    pub source_name: String,
    pub identity: String,
    pub url: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    pub content_html: Option<String>,
    pub content_text: Option<String>,
    pub author: Option<String>,
    pub published: DateTime<Utc>,
    pub updated: Option<DateTime<Utc>>,
    pub image_url: Option<String>,
    pub lang: Option<String>,
    pub extracted: bool,
    pub topics: Vec<Topic>,
    pub fetched_at: DateTime<Utc>,
    /// Hidden by an editor: the public site answers 410 Gone for it and lists it nowhere.
    pub hidden: bool,
}

/// What a list of entries shows for each: enough for a card, without the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntryCard {
    pub id: EntryId,
    pub source_id: SourceId,
    pub source_name: String,
    pub url: Option<String>,
    pub title: String,
    pub summary: Option<String>,
    pub author: Option<String>,
    pub published: DateTime<Utc>,
    pub image_url: Option<String>,
}

/// A topic: a normalised slug and the name shown for it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Topic {
    pub slug: String,
    pub name: String,
}

/// A topic with the number of entries carrying it in some window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicCount {
    pub topic: Topic,
    pub entries: i64,
}

/// Current weather for the site's city, as shown in the header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Weather {
    pub temperature_c: f64,
    /// WMO weather interpretation code, as Open-Meteo reports it.
    pub code: Option<i64>,
    pub city: String,
}

impl Weather {
    /// A short condition word for a WMO weather code.
    pub fn condition(&self) -> &'static str {
        match self.code {
            Some(0) => "Clear",
            Some(1..=2) => "Partly cloudy",
            Some(3) => "Overcast",
            Some(45 | 48) => "Fog",
            Some(51..=57) => "Drizzle",
            Some(61..=67 | 80..=82) => "Rain",
            Some(71..=77 | 85..=86) => "Snow",
            Some(95..=99) => "Thunderstorm",
            _ => "",
        }
    }
}

/// `url` when it may become a link a reader can follow: an absolute `http://` or `https://`
/// address with a host, and nothing a browser would read differently (no whitespace or control
/// characters, which browsers strip to find a `javascript:` scheme behind them). Everything
/// else — `javascript:`, `data:`, relative or protocol-relative references — is `None`.
///
/// Every URL that comes from outside (a feed, a page, OPML, the API) passes through this before
/// it is stored as a link or shown as one.
pub fn web_link(url: &str) -> Option<&str> {
    let rest = strip_prefix_ignore_case(url, "https://")
        .or_else(|| strip_prefix_ignore_case(url, "http://"))?;
    let host_ok = rest
        .chars()
        .next()
        .is_some_and(|c| !matches!(c, '/' | '?' | '#' | '\\'));
    let clean = !url
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || matches!(c, '"' | '<' | '>' | '`'));
    (host_ok && clean).then_some(url)
}

/// `url` with the password of its userinfo (`scheme://user:password@host/`) replaced by `***`,
/// for printing and logging. URLs without a password come back unchanged.
pub fn redact_password(url: &str) -> std::borrow::Cow<'_, str> {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.into();
    };
    let rest = &url[scheme_end..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    let Some(at) = authority.rfind('@') else {
        return url.into();
    };
    let Some(colon) = authority[..at].find(':') else {
        return url.into();
    };
    format!(
        "{}{}:***{}",
        &url[..scheme_end],
        &authority[..colon],
        &url[scheme_end + at..]
    )
    .into()
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_password("https://user:s3cret@example.com/feed?x=1"),
            "https://user:***@example.com/feed?x=1"
        );
        assert_eq!(
            redact_password("https://u:p@ss@example.com/a@b"),
            "https://u:***@example.com/a@b"
        );
        assert_eq!(
            redact_password("https://user@example.com/"),
            "https://user@example.com/"
        );
        assert_eq!(
            redact_password("https://example.com/a:b@c"),
            "https://example.com/a:b@c"
        );
        assert_eq!(redact_password("not a url"), "not a url");
    }

    #[test]
    fn web_links_are_http_with_a_host() {
        for ok in [
            "http://example.com",
            "https://example.com/a?b=c#d",
            "HTTPS://Example.com/",
        ] {
            assert_eq!(web_link(ok), Some(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            " javascript:alert(1)",
            "\tjavascript:alert(1)",
            "java\nscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "//evil.example/",
            "/relative",
            "http:/example.com",
            "https:///path",
            "https://",
            "http://exa mple.com/",
            "https://example.com/\"onmouseover=\"x",
            "ftp://example.com/",
            "",
        ] {
            assert_eq!(web_link(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn extract_mode_round_trips() {
        for m in [ExtractMode::Auto, ExtractMode::Always, ExtractMode::Never] {
            assert_eq!(ExtractMode::parse(m.as_str()), Some(m));
        }
        assert_eq!(ExtractMode::parse(" ALWAYS "), Some(ExtractMode::Always));
        assert_eq!(ExtractMode::parse("sometimes"), None);
    }

    #[test]
    fn weather_condition_words() {
        let w = |code| Weather {
            temperature_c: 1.0,
            code,
            city: "X".into(),
        };
        assert_eq!(w(Some(0)).condition(), "Clear");
        assert_eq!(w(Some(63)).condition(), "Rain");
        assert_eq!(w(None).condition(), "");
    }
}
