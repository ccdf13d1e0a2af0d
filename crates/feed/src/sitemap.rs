//! XML sitemaps, news sitemaps and sitemap indexes, read as lists of page URLs.
//!
//! Sites without a usable feed often publish a Google News sitemap instead; it gives the same
//! essentials (URL, title, publication date). Reading is lenient like feed parsing; text
//! sitemaps (one URL per line) are read too.

use chrono::{DateTime, Utc};

use crate::date::parse_date;
use crate::error::FeedError;
use crate::xml::{self, Element};

/// A parsed sitemap document.
#[derive(Debug, Clone, PartialEq)]
pub enum Sitemap {
    /// A `<urlset>`: pages.
    UrlSet(Vec<SitemapUrl>),
    /// A `<sitemapindex>`: further sitemaps to fetch.
    Index(Vec<SitemapRef>),
}

/// One `<url>` of a sitemap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
    /// The `news:news` block of a news sitemap.
    pub news: Option<News>,
    /// `image:image/image:loc` values.
    pub images: Vec<String>,
}

/// The news annotations of a sitemap URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct News {
    pub title: Option<String>,
    pub publication_name: Option<String>,
    pub language: Option<String>,
    pub publication_date: Option<DateTime<Utc>>,
    pub keywords: Vec<String>,
}

/// One `<sitemap>` of a sitemap index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SitemapRef {
    pub loc: String,
    pub lastmod: Option<DateTime<Utc>>,
}

/// Reads a sitemap or a sitemap index (uncompressed; the fetcher handles gzip).
pub fn parse(bytes: &[u8]) -> Result<Sitemap, FeedError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FeedError::Empty);
    }
    if crate::is_gzip(bytes) {
        // `sitemap.xml.gz` files are served compressed without a Content-Encoding.
        return Err(FeedError::NotAFeed(
            "not a sitemap yet: the body is gzip-compressed (decompress it first)".into(),
        ));
    }
    let mut warnings = Vec::new();
    let text = crate::encoding::decode(bytes, None, None, &mut warnings).text;
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        return parse_text(&text);
    }
    let doc = xml::parse(&text, None, None);
    let Some(root) = doc.root else {
        return Err(FeedError::NotAFeed(
            "not a sitemap: no XML element found".into(),
        ));
    };
    let text_of = |e: &Element, name: &str| e.child("", name).and_then(Element::text_opt);
    match root.local.as_str() {
        "urlset" => Ok(Sitemap::UrlSet(
            root.elements()
                .filter(|e| e.local == "url")
                .filter_map(|u| {
                    Some(SitemapUrl {
                        loc: text_of(u, "loc")?,
                        lastmod: text_of(u, "lastmod").and_then(|d| parse_date(&d)),
                        news: u.child("news", "news").map(read_news),
                        images: u
                            .elements()
                            .filter(|e| e.is("image", "image"))
                            .filter_map(|i| i.child("image", "loc").and_then(Element::text_opt))
                            .collect(),
                    })
                })
                .collect(),
        )),
        "sitemapindex" => Ok(Sitemap::Index(
            root.elements()
                .filter(|e| e.local == "sitemap")
                .filter_map(|s| {
                    Some(SitemapRef {
                        loc: text_of(s, "loc")?,
                        lastmod: text_of(s, "lastmod").and_then(|d| parse_date(&d)),
                    })
                })
                .collect(),
        )),
        other => Err(FeedError::NotAFeed(format!(
            "not a sitemap: the document element is <{other}>"
        ))),
    }
}

/// A text sitemap: one absolute URL per line.
fn parse_text(text: &str) -> Result<Sitemap, FeedError> {
    let mut urls = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let line = line.trim_start_matches('\u{feff}');
        if !(line.starts_with("http://") || line.starts_with("https://")) {
            return Err(FeedError::NotAFeed(
                "not a sitemap: neither XML nor a list of URLs".into(),
            ));
        }
        urls.push(SitemapUrl {
            loc: line.to_owned(),
            ..Default::default()
        });
    }
    Ok(Sitemap::UrlSet(urls))
}

fn read_news(n: &Element) -> News {
    let get = |name: &str| n.child("news", name).and_then(Element::text_opt);
    let publication = n.child("news", "publication");
    let pub_get = |name: &str| {
        publication
            .and_then(|p| p.child("news", name))
            .and_then(Element::text_opt)
    };
    News {
        title: get("title"),
        publication_name: pub_get("name"),
        language: pub_get("language"),
        publication_date: get("publication_date").and_then(|d| parse_date(&d)),
        keywords: get("keywords")
            .map(|k| {
                k.split(',')
                    .map(str::trim)
                    .filter(|k| !k.is_empty())
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn news_sitemap() {
        let doc = br#"<?xml version="1.0" encoding="UTF-8"?>
        <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
                xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
                xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
          <url><loc>https://news.example/a</loc>
            <news:news><news:publication><news:name>Example Times</news:name><news:language>en</news:language></news:publication>
              <news:publication_date>2024-05-01T10:00:00+02:00</news:publication_date>
              <news:title>Big &amp; news</news:title><news:keywords>a, b</news:keywords></news:news>
            <image:image><image:loc>https://news.example/a.jpg</image:loc></image:image></url>
          <url><loc>https://news.example/b</loc><lastmod>2024-05-02</lastmod></url>
          <url><lastmod>2024-05-02</lastmod></url>
        </urlset>"#;
        let Sitemap::UrlSet(urls) = parse(doc).unwrap() else {
            panic!("expected a urlset");
        };
        assert_eq!(urls.len(), 2);
        let news = urls[0].news.as_ref().unwrap();
        assert_eq!(news.title.as_deref(), Some("Big & news"));
        assert_eq!(news.publication_name.as_deref(), Some("Example Times"));
        assert_eq!(
            news.publication_date.map(|d| d.to_rfc3339()),
            Some("2024-05-01T08:00:00+00:00".into())
        );
        assert_eq!(news.keywords, ["a", "b"]);
        assert_eq!(urls[0].images, ["https://news.example/a.jpg"]);
        assert!(urls[1].lastmod.is_some());
    }

    #[test]
    fn sitemap_index() {
        let doc = br#"<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
          <sitemap><loc>https://e.example/s1.xml</loc><lastmod>2024-01-01</lastmod></sitemap>
          <sitemap><loc>https://e.example/s2.xml</loc></sitemap></sitemapindex>"#;
        let Sitemap::Index(refs) = parse(doc).unwrap() else {
            panic!("expected an index");
        };
        assert_eq!(refs.len(), 2);
        assert_eq!(refs[1].loc, "https://e.example/s2.xml");
        assert!(parse(b"<rss/>").is_err());
    }

    #[test]
    fn text_sitemap() {
        let Sitemap::UrlSet(urls) = parse(b"https://e.example/a\n\nhttps://e.example/b\n").unwrap()
        else {
            panic!("expected a urlset");
        };
        assert_eq!(urls.len(), 2);
        assert!(parse(b"hello world").is_err());
    }
}
