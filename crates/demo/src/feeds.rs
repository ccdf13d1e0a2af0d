//! The outlets' feeds in RSS 2.0, Atom 1.0 and JSON Feed 1.1.
//!
//! Each format is written the way common publishing systems write it, extensions included
//! (`dc:creator`, `content:encoded`, `media:thumbnail`, enclosures), so the feed parser meets the
//! shapes it will meet in the field. Entries are newest first. Outlets with `full_content` carry
//! the article's HTML; the others carry only the standfirst, so the pipeline must fetch the page.

use serde::Serialize;

use chrono::{DateTime, FixedOffset, SecondsFormat, Utc};

use crate::content::{Article, FeedFormat, Outlet};
use crate::image::{HEIGHT, WIDTH};
use crate::site::{Site, esc};

/// The feed document of an outlet.
pub fn render(site: &Site, o: &Outlet) -> String {
    let items: Vec<&Article> = site.stories_of(&o.slug).collect();
    match o.format {
        FeedFormat::Rss => rss(site, o, &items),
        FeedFormat::Atom => atom(site, o, &items),
        FeedFormat::Json => json_feed(site, o, &items),
    }
}

/// The article body as simple HTML paragraphs, as feeds with full content carry it.
pub fn body_html(a: &Article) -> String {
    a.paragraphs()
        .iter()
        .map(|p| format!("<p>{}</p>", esc(p)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Bytes of the lead image, for enclosure lengths.
fn image_length(a: &Article, o: &Outlet) -> usize {
    crate::image::svg(a, &o.name).len()
}

/// RFC 822 dates as publishing systems write them: some with `GMT`, some with `+0000`.
fn rss_date(o: &Outlet, t: DateTime<Utc>) -> String {
    if o.full_content {
        t.to_rfc2822()
    } else {
        t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()
    }
}

/// RFC 3339 dates as publishing systems write them: the regional paper in its local time
/// (UTC+1), the sports site with milliseconds and `Z`, the tech site with `Z`, others `+00:00`.
/// The instants are the same everywhere; only the spelling varies.
fn iso_date(o: &Outlet, t: DateTime<Utc>) -> String {
    match o.slug.as_str() {
        "harbour-post" => match FixedOffset::east_opt(3600) {
            Some(local) => t.with_timezone(&local).to_rfc3339(),
            None => t.to_rfc3339(),
        },
        "touchline" => t.to_rfc3339_opts(SecondsFormat::Millis, true),
        "circuit" => t.to_rfc3339_opts(SecondsFormat::Secs, true),
        _ => t.to_rfc3339(),
    }
}

fn cdata(s: &str) -> String {
    format!("<![CDATA[{}]]>", s.replace("]]>", "]]]]><![CDATA[>"))
}

fn rss(site: &Site, o: &Outlet, items: &[&Article]) -> String {
    let newest = items
        .iter()
        .map(|a| site.updated(a))
        .max()
        .unwrap_or(site.started);
    let mut s = String::new();
    s.push_str(&format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>{name}</title>
<link>{home}</link>
<description>{tagline}</description>
<language>{lang}</language>
<lastBuildDate>{built}</lastBuildDate>
<ttl>15</ttl>
<atom:link href="{feed}" rel="self" type="application/rss+xml"/>
<image><url>{base}/img/logo-{slug}.svg</url><title>{name}</title><link>{home}</link></image>
"#,
        name = esc(&o.name),
        home = esc(&site.home_url(o)),
        tagline = esc(&o.tagline),
        lang = esc(&o.lang.to_lowercase()),
        built = rss_date(o, newest),
        feed = esc(&site.feed_url(o)),
        base = esc(&site.base_url),
        slug = esc(&o.slug),
    ));
    for a in items {
        let url = esc(&site.article_url(a));
        let image = esc(&site.image_url(a));
        let length = image_length(a, o);
        s.push_str("<item>\n");
        s.push_str(&format!(
            "<title>{}</title>\n<link>{url}</link>\n",
            esc(&a.title)
        ));
        // One outlet uses opaque ids, as many CMSs do, the other the permalink.
        if o.full_content {
            s.push_str(&format!(
                "<guid isPermaLink=\"false\">{}-{}</guid>\n",
                o.slug,
                crate::site::stable_hash(a.slug.as_bytes()) % 10_000_000
            ));
        } else {
            s.push_str(&format!("<guid isPermaLink=\"true\">{url}</guid>\n"));
        }
        s.push_str(&format!(
            "<pubDate>{}</pubDate>\n<dc:creator>{}</dc:creator>\n",
            rss_date(o, site.published(a)),
            esc(&a.author)
        ));
        for c in &a.categories {
            s.push_str(&format!("<category>{}</category>\n", esc(c)));
        }
        s.push_str(&format!("<description>{}</description>\n", esc(&a.dek)));
        if o.full_content {
            s.push_str(&format!(
                "<content:encoded>{}</content:encoded>\n",
                cdata(&body_html(a))
            ));
        }
        s.push_str(&format!(
            "<media:thumbnail url=\"{image}\" width=\"{WIDTH}\" height=\"{HEIGHT}\"/>\n<enclosure url=\"{image}\" length=\"{length}\" type=\"image/svg+xml\"/>\n</item>\n"
        ));
    }
    s.push_str("</channel>\n</rss>\n");
    s
}

fn atom(site: &Site, o: &Outlet, items: &[&Article]) -> String {
    let newest = items
        .iter()
        .map(|a| site.updated(a))
        .max()
        .unwrap_or(site.started);
    let host = format!("{}.example", o.slug);
    let mut s = String::new();
    s.push_str(&format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="{lang}">
<title type="text">{name}</title>
<subtitle>{tagline}</subtitle>
<link rel="alternate" type="text/html" href="{home}"/>
<link rel="self" type="application/atom+xml" href="{feed}"/>
<id>tag:{host},2019:feed</id>
<icon>{base}/img/logo-{slug}.svg</icon>
<updated>{updated}</updated>
<generator uri="https://example.invalid/gazette" version="1.0">Gazette demo wire</generator>
"#,
        lang = esc(&o.lang),
        name = esc(&o.name),
        tagline = esc(&o.tagline),
        home = esc(&site.home_url(o)),
        feed = esc(&site.feed_url(o)),
        updated = iso_date(o, newest),
        base = esc(&site.base_url),
        slug = esc(&o.slug),
    ));
    for a in items {
        let url = esc(&site.article_url(a));
        let image = esc(&site.image_url(a));
        let length = image_length(a, o);
        s.push_str("<entry>\n");
        s.push_str(&format!(
            "<title type=\"html\">{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n<id>tag:{host},2019:{}</id>\n<published>{}</published>\n<updated>{}</updated>\n<author><name>{}</name></author>\n",
            esc(&esc(&a.title)),
            esc(&a.slug),
            iso_date(o, site.published(a)),
            iso_date(o, site.updated(a)),
            esc(&a.author),
        ));
        for c in &a.categories {
            let term = c.to_lowercase().replace(' ', "-");
            s.push_str(&format!(
                "<category term=\"{}\" label=\"{}\"/>\n",
                esc(&term),
                esc(c)
            ));
        }
        s.push_str(&format!(
            "<summary type=\"html\">{}</summary>\n",
            esc(&format!("<p>{}</p>", esc(&a.dek)))
        ));
        if o.full_content {
            s.push_str(&format!(
                "<content type=\"html\" xml:base=\"{url}\">{}</content>\n",
                esc(&body_html(a))
            ));
        }
        s.push_str(&format!(
            "<link rel=\"enclosure\" type=\"image/svg+xml\" length=\"{length}\" href=\"{image}\"/>\n<media:thumbnail url=\"{image}\" width=\"{WIDTH}\" height=\"{HEIGHT}\"/>\n</entry>\n"
        ));
    }
    s.push_str("</feed>\n");
    s
}

/// JSON Feed 1.1 top level, fields in the spec's order (`version` first, as feed sniffers
/// expect).
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: String,
    feed_url: String,
    description: &'a str,
    language: &'a str,
    icon: String,
    favicon: String,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_html: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    content_text: Option<&'a str>,
    summary: &'a str,
    image: String,
    date_published: String,
    date_modified: String,
    authors: Vec<JsonAuthor<'a>>,
    tags: &'a [String],
    language: &'a str,
}

fn json_feed(site: &Site, o: &Outlet, items: &[&Article]) -> String {
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &o.name,
        home_page_url: site.home_url(o),
        feed_url: site.feed_url(o),
        description: &o.tagline,
        language: &o.lang,
        icon: format!("{}/img/logo-{}.svg", site.base_url, o.slug),
        favicon: format!("{}/img/logo-{}.svg", site.base_url, o.slug),
        authors: vec![JsonAuthor { name: &o.name }],
        items: items
            .iter()
            .map(|a| JsonItem {
                id: format!("{}:{}", o.slug, a.slug),
                url: site.article_url(a),
                title: &a.title,
                content_html: o.full_content.then(|| body_html(a)),
                content_text: (!o.full_content).then_some(a.dek.as_str()),
                summary: &a.dek,
                image: site.image_url(a),
                date_published: iso_date(o, site.published(a)),
                date_modified: iso_date(o, site.updated(a)),
                authors: vec![JsonAuthor { name: &a.author }],
                tags: &a.categories,
                language: &o.lang,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&feed).unwrap_or_default()
}
