//! The demo wire's sample material: outlets and articles, kept as TOML data files compiled into
//! the crate so that the wire needs no disk and no network.
//!
//! The material is original and fictional. Each article stores `hours_ago` rather than a date, so
//! that the wire computes its dates against its own start time and the demo always looks fresh.
//! Categories keep each outlet's own spelling ("World News", "world", "World") on purpose: topic
//! normalisation downstream has real work to do, and `topic` holds the canonical answer for tests.

use std::collections::HashSet;
use std::sync::OnceLock;

use serde::Deserialize;

const OUTLETS_TOML: &str = include_str!("../content/outlets.toml");
const ARTICLE_FILES: &[(&str, &str)] = &[
    (
        "daily-ledger.toml",
        include_str!("../content/articles/daily-ledger.toml"),
    ),
    (
        "harbour-post.toml",
        include_str!("../content/articles/harbour-post.toml"),
    ),
    (
        "meridian.toml",
        include_str!("../content/articles/meridian.toml"),
    ),
    (
        "circuit.toml",
        include_str!("../content/articles/circuit.toml"),
    ),
    (
        "touchline.toml",
        include_str!("../content/articles/touchline.toml"),
    ),
    ("nbs.toml", include_str!("../content/articles/nbs.toml")),
    (
        "scheduled.toml",
        include_str!("../content/articles/scheduled.toml"),
    ),
];

/// The canonical topics the material is spread over; every article's `topic` is one of them.
pub const TOPICS: &[&str] = &[
    "World",
    "Politics",
    "Business",
    "Technology",
    "Science",
    "Sports",
    "Culture",
    "Health",
    "Climate",
];

/// The syndication format an outlet publishes its feed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedFormat {
    /// RSS 2.0, served as `application/rss+xml`.
    Rss,
    /// Atom 1.0, served as `application/atom+xml`.
    Atom,
    /// JSON Feed 1.1, served as `application/feed+json`.
    Json,
}

impl FeedFormat {
    /// The media type used both in the `Content-Type` header and in `<link rel="alternate">`.
    pub fn media_type(self) -> &'static str {
        match self {
            FeedFormat::Rss => "application/rss+xml",
            FeedFormat::Atom => "application/atom+xml",
            FeedFormat::Json => "application/feed+json",
        }
    }
}

/// A fictional publisher with its own feed format and its own page markup.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// First path segment of every URL of the outlet, e.g. `daily-ledger`.
    pub slug: String,
    /// Display name, e.g. "The Daily Ledger".
    pub name: String,
    /// What kind of publisher it is, e.g. "national daily".
    pub kind: String,
    pub tagline: String,
    pub format: FeedFormat,
    /// Whether the feed carries the whole article text; otherwise only a summary.
    pub full_content: bool,
    /// Whether the outlet's server compresses feeds and pages with gzip when the client accepts
    /// it (most do; one does not, like many small sites).
    pub gzip: bool,
    /// BCP 47 language tag of the pages and feed.
    pub lang: String,
    /// The charset of the outlet's HTML pages when not UTF-8 (a legacy system), e.g.
    /// `windows-1252`; declared in `Content-Type` and in a `<meta http-equiv>`. Feeds are UTF-8.
    #[serde(default)]
    pub charset: Option<String>,
    /// Sections shown in the site navigation.
    pub sections: Vec<String>,
    /// Accent colour of the outlet's pages, as CSS hex.
    pub colour: String,
}

/// One story as published by one outlet.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    /// Unique across the whole wire; also names the image at `/img/{slug}.svg`.
    pub slug: String,
    /// The `slug` of the publishing outlet.
    pub outlet: String,
    /// Age at the moment the wire starts; the publication date is derived from it.
    pub hours_ago: f64,
    pub title: String,
    /// The standfirst: one or two sentences under the headline, also used as the feed summary.
    pub dek: String,
    pub author: String,
    /// The canonical topic (one of [`TOPICS`]), the answer topic normalisation should reach.
    pub topic: String,
    /// The categories as the outlet spells them in its feed and pages.
    pub categories: Vec<String>,
    /// Shared by the articles of several outlets covering the same event.
    #[serde(default)]
    pub event: Option<String>,
    /// Paragraphs separated by blank lines. Empty in the data file of a syndicated copy, which
    /// takes the body of `copy_of` (plus its `addendum`) when loaded.
    #[serde(default)]
    pub body: String,
    /// For agency copy republished by several outlets: the slug of the article whose body this
    /// one repeats word for word (near-duplicates for deduplication).
    #[serde(default)]
    pub copy_of: Option<String>,
    /// A closing paragraph the republishing outlet adds to the agency text.
    #[serde(default)]
    pub addendum: Option<String>,
}

impl Article {
    /// The body's paragraphs, with line breaks inside a paragraph folded to spaces.
    pub fn paragraphs(&self) -> Vec<String> {
        self.body
            .split("\n\n")
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|p| !p.is_empty())
            .collect()
    }

    /// Number of words in the body.
    pub fn word_count(&self) -> usize {
        self.body.split_whitespace().count()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutletsFile {
    outlet: Vec<Outlet>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticlesFile {
    article: Vec<Article>,
}

/// All outlets, in the order of `outlets.toml`.
pub fn outlets() -> &'static [Outlet] {
    static OUTLETS: OnceLock<Vec<Outlet>> = OnceLock::new();
    OUTLETS.get_or_init(|| {
        toml::from_str::<OutletsFile>(OUTLETS_TOML)
            .unwrap_or_else(|e| panic!("content/outlets.toml is invalid: {e}"))
            .outlet
    })
}

/// Every article, scheduled ones included, newest first (scheduled ones lead, being "newer"
/// than the start).
pub fn all_articles() -> &'static [Article] {
    static ARTICLES: OnceLock<Vec<Article>> = OnceLock::new();
    ARTICLES.get_or_init(|| {
        let mut all = Vec::new();
        for (name, text) in ARTICLE_FILES {
            let file: ArticlesFile = toml::from_str(text)
                .unwrap_or_else(|e| panic!("content/articles/{name} is invalid: {e}"));
            all.extend(file.article);
        }
        // Syndicated copies take the original's body, as republishers do.
        let bodies: Vec<(String, String)> = all
            .iter()
            .map(|a| (a.slug.clone(), a.body.clone()))
            .collect();
        for a in all.iter_mut() {
            if let Some(original) = &a.copy_of {
                if let Some((_, body)) = bodies.iter().find(|(slug, _)| slug == original) {
                    a.body = body.clone();
                }
                if let Some(extra) = &a.addendum {
                    a.body = format!("{}\n\n{}", a.body.trim_end(), extra.trim());
                }
            }
        }
        all.sort_by(|a, b| a.hours_ago.total_cmp(&b.hours_ago));
        all
    })
}

fn scheduled_count() -> usize {
    all_articles()
        .iter()
        .take_while(|a| a.hours_ago < 0.0)
        .count()
}

/// The articles published when the wire starts, newest first: what a test polling a fresh wire
/// finds in the feeds.
pub fn articles() -> &'static [Article] {
    &all_articles()[scheduled_count()..]
}

/// The articles the outlets publish while the wire runs (negative `hours_ago`: minutes after the
/// start), soonest last. A wire started with a live clock ([`crate::start`]) publishes each when
/// its time comes; a wire with a pinned clock never does.
pub fn scheduled() -> &'static [Article] {
    &all_articles()[..scheduled_count()]
}

/// The outlet with this slug.
pub fn outlet(slug: &str) -> Option<&'static Outlet> {
    outlets().iter().find(|o| o.slug == slug)
}

/// The article with this slug, scheduled or not.
pub fn article(slug: &str) -> Option<&'static Article> {
    all_articles().iter().find(|a| a.slug == slug)
}

/// The articles of one outlet, scheduled ones included, newest first.
pub fn articles_of(outlet: &str) -> impl Iterator<Item = &'static Article> {
    all_articles().iter().filter(move |a| a.outlet == outlet)
}

/// Checks the invariants the wire and its tests rely on (counts, formats, topics, events,
/// lengths); returns every problem found, empty when the material is sound.
pub fn validate() -> Vec<String> {
    let mut problems = Vec::new();
    let outlets = outlets();
    let articles = articles();
    if outlets.len() < 6 {
        problems.push(format!("only {} outlets", outlets.len()));
    }
    for format in [FeedFormat::Rss, FeedFormat::Atom, FeedFormat::Json] {
        let n = outlets.iter().filter(|o| o.format == format).count();
        if n < 2 {
            problems.push(format!("only {n} outlets publish {format:?}"));
        }
    }
    let full = outlets.iter().filter(|o| o.full_content).count();
    if full == 0 || full * 2 > outlets.len() {
        problems.push(format!("{full} outlets carry full content"));
    }
    let mut outlet_slugs = HashSet::new();
    for o in outlets {
        if !outlet_slugs.insert(o.slug.as_str()) {
            problems.push(format!("duplicate outlet {}", o.slug));
        }
    }
    if articles.len() < 40 {
        problems.push(format!("only {} articles", articles.len()));
    }
    let mut slugs = HashSet::new();
    for a in all_articles() {
        let id = &a.slug;
        if !slugs.insert(a.slug.as_str()) {
            problems.push(format!("duplicate article slug {id}"));
        }
        if !a
            .slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            problems.push(format!("{id}: slug is not lowercase-ascii-dashes"));
        }
        if let Some(original) = &a.copy_of {
            match article(original) {
                Some(o) if o.copy_of.is_none() && o.outlet != a.outlet => {}
                _ => problems.push(format!(
                    "{id}: copy_of {original} is not another outlet's original"
                )),
            }
        }
        if !outlet_slugs.contains(a.outlet.as_str()) {
            problems.push(format!("{id}: unknown outlet {}", a.outlet));
        }
        if !(-2.0..240.0).contains(&a.hours_ago) {
            problems.push(format!(
                "{id}: hours_ago {} outside the last 10 days and the next 2 hours",
                a.hours_ago
            ));
        }
        if !TOPICS.contains(&a.topic.as_str()) {
            problems.push(format!("{id}: unknown topic {}", a.topic));
        }
        if a.categories.is_empty() {
            problems.push(format!("{id}: no categories"));
        }
        let paragraphs = a.paragraphs().len();
        if !(5..=9).contains(&paragraphs) {
            problems.push(format!("{id}: {paragraphs} paragraphs"));
        }
        let words = a.word_count();
        if !(250..=600).contains(&words) {
            problems.push(format!("{id}: {words} words"));
        }
        for (field, value) in [("title", &a.title), ("dek", &a.dek), ("author", &a.author)] {
            if value.trim().is_empty() {
                problems.push(format!("{id}: empty {field}"));
            }
        }
    }
    for topic in TOPICS {
        if !articles.iter().any(|a| a.topic == *topic) {
            problems.push(format!("no article about {topic}"));
        }
    }
    let events = events();
    let shared = events
        .iter()
        .filter(|(_, members)| (2..=4).contains(&members.len()))
        .count();
    if shared < 5 {
        problems.push(format!("only {shared} events covered by 2 to 4 outlets"));
    }
    for (event, members) in &events {
        let mut seen = HashSet::new();
        for m in members {
            if !seen.insert(m.outlet.as_str()) {
                problems.push(format!("event {event}: two articles from {}", m.outlet));
            }
        }
    }
    problems
}

/// Event keys with the articles covering them (published at the start), in order of first
/// appearance.
pub fn events() -> Vec<(&'static str, Vec<&'static Article>)> {
    let mut events: Vec<(&'static str, Vec<&'static Article>)> = Vec::new();
    for a in articles() {
        if let Some(key) = a.event.as_deref() {
            match events.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push(a),
                None => events.push((key, vec![a])),
            }
        }
    }
    events
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_is_valid() {
        let problems = validate();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn every_outlet_publishes_articles() {
        for o in outlets() {
            assert!(articles_of(&o.slug).count() >= 4, "{} is thin", o.slug);
        }
    }

    #[test]
    fn scheduled_articles_come_within_the_first_hour_and_stay_apart() {
        assert!(!scheduled().is_empty());
        for a in scheduled() {
            assert!((-1.0..0.0).contains(&a.hours_ago), "{}", a.slug);
            assert!(!articles().iter().any(|b| b.slug == a.slug));
        }
        assert_eq!(scheduled().len() + articles().len(), all_articles().len());
    }

    #[test]
    fn syndicated_copies_repeat_the_original() {
        let copies: Vec<&Article> = articles().iter().filter(|a| a.copy_of.is_some()).collect();
        assert!(!copies.is_empty());
        for c in copies {
            let original = article(c.copy_of.as_deref().unwrap()).unwrap();
            assert!(c.body.starts_with(original.body.trim_end()), "{}", c.slug);
            assert_eq!(c.event, original.event, "{}", c.slug);
        }
    }

    #[test]
    fn articles_are_newest_first() {
        let a = articles();
        assert!(a.windows(2).all(|w| w[0].hours_ago <= w[1].hours_ago));
    }

    #[test]
    fn categories_are_spelled_differently_across_outlets() {
        // The same topic must reach the feeds under at least two spellings.
        for topic in ["World", "Business", "Sports"] {
            let spellings: HashSet<&str> = articles()
                .iter()
                .filter(|a| a.topic == topic)
                .flat_map(|a| a.categories.iter().map(String::as_str))
                .collect();
            assert!(spellings.len() >= 2, "{topic}: {spellings:?}");
        }
    }
}
