//! The outlets' HTML: home pages and article pages, each outlet with its own markup.
//!
//! Real article pages bury the story in clutter, and every publishing system buries it
//! differently. The pages here carry the usual clutter (navigation, cookie banner, share buttons,
//! advertisement slots and "story continues" markers between paragraphs, an "Also read" box
//! inside the body, a newsletter box, comments, footer) in six distinct markups, plus the
//! metadata extractors read (`<title>`, description, Open Graph, `article:published_time`,
//! JSON-LD `NewsArticle`, byline, `<time datetime>`, `<html lang>`, canonical link).

mod article;
mod chrome;

use chrono::{DateTime, Utc};

use crate::content::Outlet;
use crate::site::{Site, esc};

pub use article::article_page;

/// The markup family of an outlet's pages, after the publishing systems they imitate.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Cms {
    /// A newspaper's in-house system: semantic classes, `itemprop` microdata.
    Ledger,
    /// A WordPress theme: `entry-content`, `code-block` ads, threaded comments.
    Harbour,
    /// A component system: every block a `data-component` div.
    Meridian,
    /// A client-rendered single page app: generated class names, `__next` root.
    Circuit,
    /// A sports site: BEM classes, a score ticker.
    Touchline,
    /// A broadcaster: each paragraph in its own text block.
    Nbs,
}

impl Cms {
    pub(crate) fn of(o: &Outlet) -> Cms {
        match o.slug.as_str() {
            "harbour-post" => Cms::Harbour,
            "meridian" => Cms::Meridian,
            "circuit" => Cms::Circuit,
            "touchline" => Cms::Touchline,
            "nbs" => Cms::Nbs,
            _ => Cms::Ledger,
        }
    }
}

pub(crate) fn display_date(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y, %H:%M UTC").to_string()
}

pub(crate) fn head(
    site: &Site,
    o: &Outlet,
    title: &str,
    description: &str,
    canonical: &str,
) -> String {
    format!(
        r#"<head>
{charset}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{canonical}">
<link rel="alternate" type="{media}" title="{name}" href="{feed}">
<link rel="icon" href="/img/logo-{slug}.svg">
<style>body{{font-family:Georgia,serif;margin:0;color:#222}}header,footer{{background:{colour};color:#fff;padding:1em}}a{{color:{colour}}}main{{max-width:46em;margin:auto;padding:1em}}.ad,.ad-slot,.code-block,[data-ad-unit]{{background:#eee;text-align:center;font:12px sans-serif;padding:1em}}img{{max-width:100%;height:auto}}</style>
"#,
        title = esc(title),
        description = esc(description),
        canonical = esc(canonical),
        media = o.format.media_type(),
        name = esc(&o.name),
        feed = esc(&site.feed_url(o)),
        slug = esc(&o.slug),
        colour = esc(&o.colour),
        charset = match &o.charset {
            Some(c) => format!(
                r#"<meta http-equiv="Content-Type" content="text/html; charset={}">"#,
                esc(c)
            ),
            None => r#"<meta charset="utf-8">"#.to_string(),
        },
    )
}

/// The outlet's home page: teasers of every article and the feed link for discovery.
pub fn home_page(site: &Site, o: &Outlet) -> String {
    let cms = Cms::of(o);
    let mut s = String::new();
    s.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n",
        esc(&o.lang)
    ));
    s.push_str(&head(
        site,
        o,
        &format!("{} – {}", o.name, o.tagline),
        &format!("{}: {}", o.name, o.tagline),
        &site.home_url(o),
    ));
    s.push_str(&format!(
        "<meta property=\"og:site_name\" content=\"{}\">\n</head>\n<body class=\"home\">\n",
        esc(&o.name)
    ));
    s.push_str(&chrome::nav(o, cms));
    s.push_str("<main id=\"content\"><h1 class=\"screen-reader-text\">Latest news</h1>\n");
    for a in site.stories_of(&o.slug) {
        s.push_str(&format!(
            r#"<div class="teaser"><a href="{path}"><img src="/img/{slug}.svg" width="400" height="225" alt="" loading="lazy"></a><h2><a href="{path}">{title}</a></h2><p>{dek}</p><p class="teaser__meta">{author} · <time datetime="{time}">{display}</time></p></div>
"#,
            path = esc(&site.article_path(a)),
            slug = esc(&a.slug),
            title = esc(&a.title),
            dek = esc(&a.dek),
            author = esc(&a.author),
            time = site.published(a).to_rfc3339(),
            display = display_date(site.published(a)),
        ));
    }
    s.push_str(&format!(
        r#"<p class="feed-link"><a href="{}" type="{}">Subscribe to our feed</a></p></main>
"#,
        esc(&site.feed_url(o)),
        o.format.media_type()
    ));
    s.push_str(&chrome::footer(o, cms));
    s.push_str("\n</body>\n</html>\n");
    s
}

/// The wire's own front page: the list of outlets, for a person who opens the base URL.
pub fn index_page(site: &Site) -> String {
    let mut s = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Gazette demo wire</title></head>\n<body><h1>Gazette demo wire</h1><p>Fictional outlets serving original sample news, for demonstrations and tests.</p><ul>\n",
    );
    for o in crate::content::outlets() {
        s.push_str(&format!(
            "<li><a href=\"{}\">{}</a> ({}) – <a href=\"{}\">feed</a></li>\n",
            esc(&site.home_url(o)),
            esc(&o.name),
            esc(&o.kind),
            esc(&site.feed_url(o))
        ));
    }
    s.push_str("</ul></body></html>\n");
    s
}
