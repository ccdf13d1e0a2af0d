//! The article page: the story, its metadata, and the clutter real publishing systems put in and
//! around the body (advertisement slots with "story continues" markers, an "Also read" box).

use serde_json::json;

use crate::content::{Article, Outlet};
use crate::image::{HEIGHT, WIDTH};
use crate::site::{Site, esc, stable_hash};

use super::chrome::{comments, cookie_banner, footer, most_read, nav, newsletter, share};
use super::{Cms, display_date, head};

fn ad(cms: Cms, n: usize) -> String {
    match cms {
        Cms::Ledger => format!(
            r#"<div class="ad-slot ad-slot--inline" id="ad-inline-{n}"><span class="ad-slot__label">ADVERTISEMENT</span><div class="ad-slot__creative" data-size="300x250"></div></div><p class="ad-continue">STORY CONTINUES BELOW THIS AD</p>"#
        ),
        Cms::Harbour => format!(
            r#"<div class="code-block code-block-{n}" style="margin: 8px auto; text-align: center;"><p class="adlabel">ADVERTISEMENT</p><ins class="adsbygoogle" data-ad-slot="88{n}21"></ins><p class="adcontinue">Story continues below this ad</p></div>"#
        ),
        Cms::Meridian => format!(
            r#"<div data-ad-unit="mid-article-{n}" data-component="ad"><div class="ad-label">Advertisement</div><div class="ad-frame"></div></div><div data-component="ad-continue">STORY CONTINUES BELOW THIS AD</div>"#
        ),
        Cms::Circuit => format!(
            r#"<div class="css-ad-container ad" data-slot="in-article-{n}"><div class="css-ad-label">ADVERTISEMENT</div><div class="css-ad-body"></div><div class="css-ad-after">Story continues below this ad</div></div>"#
        ),
        Cms::Touchline => format!(
            r#"<aside class="ad ad--mpu" data-position="{n}"><span class="ad__label">ADVERTISEMENT</span><span class="ad__continue">STORY CONTINUES BELOW THIS AD</span></aside>"#
        ),
        Cms::Nbs => format!(
            r#"<div class="ssrcss-ad-wrapper" id="dotcom-mpu-{n}"><p class="ssrcss-ad-label">Advertisement</p><div class="dotcom-ad"></div></div><p class="ssrcss-ad-continue">STORY CONTINUES BELOW THIS AD</p>"#
        ),
    }
}

fn also_read(site: &Site, cms: Cms, a: &Article) -> String {
    let related = related(site, a, 3);
    let items: String = related
        .iter()
        .map(|r| {
            format!(
                r#"<li><a href="{}">{}</a></li>"#,
                esc(&site.article_path(r)),
                esc(&r.title)
            )
        })
        .collect();
    match cms {
        Cms::Harbour => format!(
            r#"<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Also read</em></h3><ul>{items}</ul></div>"#
        ),
        Cms::Meridian => format!(
            r#"<div data-component="related-links"><h4>Also read</h4><ul>{items}</ul></div>"#
        ),
        Cms::Nbs => format!(
            r#"<div data-component="links-block" class="ssrcss-links-block"><h2>Also read</h2><ul>{items}</ul></div>"#
        ),
        _ => format!(r#"<aside class="related-inline"><h4>Also read</h4><ul>{items}</ul></aside>"#),
    }
}

/// Other articles of the same outlet, same topic first.
fn related(site: &Site, a: &Article, n: usize) -> Vec<&'static Article> {
    let mut others: Vec<&'static Article> = site
        .stories_of(&a.outlet)
        .filter(|r| r.slug != a.slug)
        .collect();
    others.sort_by_key(|r| r.topic != a.topic);
    others.truncate(n);
    others
}

/// Keyword metadata, in the flavour each system writes.
fn tag_meta(cms: Cms, a: &Article) -> String {
    let joined = esc(&a.categories.join(", "));
    match cms {
        Cms::Ledger => format!(r#"<meta name="news_keywords" content="{joined}">"#),
        Cms::Meridian | Cms::Touchline => format!(r#"<meta name="keywords" content="{joined}">"#),
        _ => a
            .categories
            .iter()
            .map(|c| format!(r#"<meta property="article:tag" content="{}">"#, esc(c)))
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

/// The article page of `a`, as its outlet's system renders it.
pub fn article_page(site: &Site, o: &Outlet, a: &Article) -> String {
    let cms = Cms::of(o);
    let url = site.article_url(a);
    let image = site.image_url(a);
    let published = site.published(a);
    let updated = site.updated(a);
    let section = a.categories.first().cloned().unwrap_or_default();
    let title_tag = match cms {
        Cms::Nbs => format!("{} - NBS News", a.title),
        Cms::Harbour => format!("{} – {}", a.title, o.name),
        _ => format!("{} | {}", a.title, o.name),
    };
    let ld = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.dek,
        "image": [image],
        "datePublished": published.to_rfc3339(),
        "dateModified": updated.to_rfc3339(),
        "author": [{ "@type": "Person", "name": a.author }],
        "publisher": { "@type": "Organization", "name": o.name, "logo": { "@type": "ImageObject", "url": format!("{}/img/logo-{}.svg", site.base_url, o.slug) } },
        "mainEntityOfPage": url,
        "articleSection": section,
        "inLanguage": o.lang,
    });
    let ld = serde_json::to_string(&ld)
        .unwrap_or_default()
        .replace("</", "<\\/");

    let mut s = String::with_capacity(24 * 1024);
    s.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n",
        esc(&o.lang)
    ));
    s.push_str(&head(site, o, &title_tag, &a.dek, &url));
    s.push_str(&format!(
        r#"<meta property="og:type" content="article">
<meta property="og:title" content="{title}">
<meta property="og:description" content="{dek}">
<meta property="og:image" content="{image}">
<meta property="og:image:width" content="{WIDTH}">
<meta property="og:image:height" content="{HEIGHT}">
<meta property="og:url" content="{url}">
<meta property="og:site_name" content="{site_name}">
<meta property="article:published_time" content="{published}">
<meta property="article:modified_time" content="{updated}">
<meta property="article:section" content="{section}">
<meta name="author" content="{author}">
{tags}
<meta name="twitter:card" content="summary_large_image">
<script type="application/ld+json">{ld}</script>
<script>window.dataLayer=window.dataLayer||[];window.dataLayer.push({{"pageType":"article","section":"{section_js}"}});</script>
</head>
"#,
        title = esc(&a.title),
        dek = esc(&a.dek),
        image = esc(&image),
        url = esc(&url),
        site_name = esc(&o.name),
        published = published.to_rfc3339(),
        updated = updated.to_rfc3339(),
        section = esc(&section),
        author = esc(&a.author),
        section_js = esc(&section),
        tags = tag_meta(cms, a),
    ));
    let body_class = match cms {
        Cms::Harbour => "post-template-default single single-post",
        Cms::Circuit => "css-body",
        _ => "article-page",
    };
    s.push_str(&format!("<body class=\"{body_class}\">\n"));
    if cms != Cms::Nbs && cms != Cms::Circuit {
        s.push_str(&cookie_banner(o, cms));
    }
    s.push_str(&nav(o, cms));
    s.push('\n');

    let kicker = esc(&section);
    let time = format!(
        r#"<time datetime="{}">{}</time>"#,
        published.to_rfc3339(),
        display_date(published)
    );
    let author = esc(&a.author);
    let byline = match cms {
        Cms::Ledger => format!(
            r#"<p class="byline">By <a rel="author" href="/daily-ledger/authors/{}" itemprop="author">{author}</a> · {time}</p>"#,
            esc(&a.author.to_lowercase().replace(' ', "-"))
        ),
        Cms::Harbour => format!(
            r#"<div class="entry-meta"><span class="posted-on">Posted on <a href="{}" rel="bookmark">{time}</a></span> <span class="byline">by <span class="author vcard"><a class="url fn n" href="/harbour-post/author/{}">{author}</a></span></span></div>"#,
            esc(&url),
            esc(&a.author.to_lowercase().replace(' ', "-"))
        ),
        Cms::Meridian => format!(
            r#"<div data-component="byline"><span data-component="author-name">{author}</span><span data-component="timestamp">{time}</span></div>"#
        ),
        Cms::Circuit => format!(
            r#"<div class="css-byline"><span class="css-author">By {author}</span><span class="css-dot">•</span>{time}</div>"#
        ),
        Cms::Touchline => format!(
            r#"<div class="article__meta"><span class="article__author">{author}</span> <span class="article__date">{time}</span></div>"#
        ),
        Cms::Nbs => format!(
            r#"<div data-component="byline-block"><p><span class="ssrcss-byline-name">By {author}</span></p></div><div data-component="timestamp-block">{time}</div>"#
        ),
    };
    let figure = format!(
        r#"<figure class="lead-image"><img src="{}" width="{WIDTH}" height="{HEIGHT}" alt="{}"><figcaption>Illustration for this story. Image: {} / Demo Wire</figcaption></figure>"#,
        esc(&image),
        esc(&format!("Illustration: {}", a.title)),
        esc(&o.name)
    );
    let (open, body_open, body_close, close) = match cms {
        Cms::Ledger => (
            r#"<main id="content"><article class="story" itemscope itemtype="https://schema.org/NewsArticle">"#.to_string(),
            r#"<div class="story-body" itemprop="articleBody">"#,
            "</div>",
            "</article>".to_string(),
        ),
        Cms::Harbour => (
            format!(
                r#"<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main"><article id="post-{}" class="post type-post status-publish format-standard has-post-thumbnail">"#,
                stable_hash(a.slug.as_bytes()) % 90_000 + 10_000
            ),
            r#"<div class="entry-content">"#,
            "</div>",
            "</article>".to_string(),
        ),
        Cms::Meridian => (
            r#"<main id="content"><div data-component="article-layout"><article>"#.to_string(),
            r#"<div data-component="body">"#,
            "</div>",
            "</article></div>".to_string(),
        ),
        Cms::Circuit => (
            r#"<main class="css-main"><div class="css-grid"><article class="css-article">"#.to_string(),
            r#"<div class="article-body__content css-7f8g9h">"#,
            "</div>",
            "</article></div>".to_string(),
        ),
        Cms::Touchline => (
            r#"<main class="main"><article class="article">"#.to_string(),
            r#"<section class="article__content">"#,
            "</section>",
            "</article>".to_string(),
        ),
        Cms::Nbs => (
            r#"<div id="main-content"><main role="main"><article>"#.to_string(),
            "",
            "",
            "</article></main></div>".to_string(),
        ),
    };
    s.push_str(&open);
    let (header_open, header_close) = match cms {
        Cms::Harbour => (r#"<header class="entry-header">"#, "</header>"),
        Cms::Meridian => (r#"<div data-component="headline-block">"#, "</div>"),
        Cms::Nbs => (r#"<header data-component="headline-block">"#, "</header>"),
        _ => ("<header>", "</header>"),
    };
    s.push_str(&format!(
        r#"{header_open}<p class="kicker"><a href="/{slug}/section/{kslug}">{kicker}</a></p><h1 class="headline">{title}</h1><p class="standfirst">{dek}</p>{byline}{header_close}"#,
        slug = esc(&o.slug),
        kslug = esc(&section.to_lowercase().replace(' ', "-")),
        title = esc(&a.title),
        dek = esc(&a.dek),
    ));
    s.push('\n');
    s.push_str(&share(cms, &url, &a.title));
    s.push_str(&figure);
    s.push('\n');
    s.push_str(body_open);
    let paragraphs = a.paragraphs();
    for (i, p) in paragraphs.iter().enumerate() {
        let p = esc(p);
        match cms {
            Cms::Meridian => s.push_str(&format!(
                r#"<div data-component="text-block"><p>{p}</p></div>"#
            )),
            Cms::Nbs => s.push_str(&format!(
                r#"<div data-component="text-block" class="ssrcss-text-block"><p class="ssrcss-paragraph">{p}</p></div>"#
            )),
            Cms::Circuit => s.push_str(&format!(r#"<p class="css-paragraph">{p}</p>"#)),
            _ => s.push_str(&format!("<p>{p}</p>")),
        }
        s.push('\n');
        if i == 1 || (i == 4 && paragraphs.len() > 6) {
            s.push_str(&ad(cms, i));
            s.push('\n');
        }
        if i == 2 {
            s.push_str(&also_read(site, cms, a));
            s.push('\n');
        }
    }
    s.push_str(body_close);
    let tags: String = a
        .categories
        .iter()
        .map(|c| {
            format!(
                r#"<li><a href="/{}/tag/{}">{}</a></li>"#,
                esc(&o.slug),
                esc(&c.to_lowercase().replace(' ', "-")),
                esc(c)
            )
        })
        .collect();
    s.push_str(&format!(r#"<ul class="tags">{tags}</ul>"#));
    if updated > published {
        s.push_str(&format!(
            r#"<p class="updated">Updated <time datetime="{}">{}</time></p>"#,
            updated.to_rfc3339(),
            display_date(updated)
        ));
    }
    s.push_str(&share(cms, &url, &a.title));
    s.push_str(&close);
    s.push('\n');
    s.push_str(&newsletter(o, cms));
    s.push_str(&comments(a, cms));
    s.push_str(&most_read(site, o, &a.slug));
    match cms {
        Cms::Harbour => s.push_str("</main></div></div>"),
        Cms::Nbs => {}
        _ => s.push_str("</main>"),
    }
    s.push('\n');
    if cms == Cms::Nbs || cms == Cms::Circuit {
        s.push_str(&cookie_banner(o, cms));
    }
    s.push_str(&footer(o, cms));
    if cms == Cms::Circuit {
        // Client-rendered sites ship their page state as JSON: the whole story again, inside a
        // script that extractors must ignore.
        let state = json!({
            "props": { "pageProps": { "article": {
                "slug": a.slug, "headline": a.title, "dek": a.dek, "byline": a.author,
                "paragraphs": a.paragraphs(),
            }}},
            "page": "/[year]/[month]/[slug]",
            "buildId": "demo-wire",
        });
        let state = serde_json::to_string(&state)
            .unwrap_or_default()
            .replace("</", "<\\/");
        s.push_str(&format!(
            "\n<script id=\"__NEXT_DATA__\" type=\"application/json\">{state}</script>"
        ));
    }
    s.push_str(
        r#"<noscript><img src="/pixel.gif?page=article" width="1" height="1" alt=""></noscript>"#,
    );
    s.push_str("\n</body>\n</html>\n");
    s
}
