//! The outlets' HTML: home pages and article pages, each outlet with its own markup.
//!
//! Real article pages bury the story in clutter, and every publishing system buries it
//! differently. The pages here carry the usual clutter (navigation, cookie banner, share buttons,
//! advertisement slots and "story continues" markers between paragraphs, an "Also read" box
//! inside the body, a newsletter box, comments, footer) in six distinct markups, plus the
//! metadata extractors read (`<title>`, description, Open Graph, `article:published_time`,
//! JSON-LD `NewsArticle`, byline, `<time datetime>`, `<html lang>`, canonical link).

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::content::{Article, Outlet};
use crate::image::{HEIGHT, WIDTH};
use crate::site::{Site, esc, stable_hash};

/// The markup family of an outlet's pages, after the publishing systems they imitate.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Cms {
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
    fn of(o: &Outlet) -> Cms {
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

fn display_date(t: DateTime<Utc>) -> String {
    t.format("%-d %B %Y, %H:%M UTC").to_string()
}

fn head(site: &Site, o: &Outlet, title: &str, description: &str, canonical: &str) -> String {
    format!(
        r#"<head>
<meta charset="utf-8">
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
    )
}

fn nav(o: &Outlet, cms: Cms) -> String {
    let links: String = o
        .sections
        .iter()
        .map(|s| {
            let href = format!("/{}/section/{}", o.slug, s.to_lowercase().replace(' ', "-"));
            match cms {
                Cms::Harbour => format!(
                    r#"<li class="menu-item menu-item-type-taxonomy"><a href="{}">{}</a></li>"#,
                    esc(&href),
                    esc(s)
                ),
                Cms::Circuit => format!(
                    r#"<a class="css-q1w2e3 nav-link" href="{}">{}</a>"#,
                    esc(&href),
                    esc(s)
                ),
                _ => format!(r#"<li><a href="{}">{}</a></li>"#, esc(&href), esc(s)),
            }
        })
        .collect();
    let home = format!("/{}/", o.slug);
    match cms {
        Cms::Ledger => format!(
            r#"<header class="masthead" role="banner"><a class="masthead__logo" href="{home}">{name}</a><p class="masthead__date">{tagline}</p><nav class="primary-nav" aria-label="Sections"><ul>{links}</ul></nav><a class="btn-subscribe" href="/{slug}/subscribe">Subscribe from £1 a week</a> <a href="/{slug}/login">Sign in</a></header>"#,
            name = esc(&o.name),
            tagline = esc(&o.tagline),
            slug = esc(&o.slug),
        ),
        Cms::Harbour => format!(
            r##"<div id="page" class="site"><a class="skip-link screen-reader-text" href="#content">Skip to content</a><header id="masthead" class="site-header"><div class="site-branding"><p class="site-title"><a href="{home}" rel="home">{name}</a></p><p class="site-description">{tagline}</p></div><nav id="site-navigation" class="main-navigation"><button class="menu-toggle" aria-controls="primary-menu">Menu</button><ul id="primary-menu" class="menu">{links}</ul></nav></header>"##,
            name = esc(&o.name),
            tagline = esc(&o.tagline),
        ),
        Cms::Meridian => format!(
            r#"<div data-component="top-bar"><span>Markets: Northland 100 <b>+0.4%</b> · Bond yield 10y <b>3.82%</b> · Crown/Euro <b>1.127</b></span></div><header data-component="site-header"><a data-component="logo" href="{home}">{name}</a><nav data-component="nav"><ul>{links}</ul></nav><a data-component="cta" href="/{slug}/trial">Start your free trial</a></header>"#,
            name = esc(&o.name),
            slug = esc(&o.slug),
        ),
        Cms::Circuit => format!(
            r#"<div id="__next"><div class="css-1a2b3c layout"><header class="css-9z8y7x"><a class="css-logo" href="{home}">{name}</a><nav class="css-k3j4h5">{links}</nav><button class="css-search" aria-label="Search">Search</button></header>"#,
            name = esc(&o.name),
        ),
        Cms::Touchline => format!(
            r#"<header class="site-header"><a class="site-header__logo" href="{home}">{name}</a><nav class="site-header__nav"><ul class="site-header__list">{links}</ul></nav></header><div class="score-ticker" aria-label="Latest scores"><span class="score-ticker__item">Kelsby Town 1–1 Ravensholm Athletic (FT)</span><span class="score-ticker__item">Port Ardent 0–2 Millbrook United (FT)</span><span class="score-ticker__item">Aldmere Rovers v Northgate City (Sat 15:00)</span></div>"#,
            name = esc(&o.name),
        ),
        Cms::Nbs => format!(
            r#"<header id="orb-banner" role="banner"><a class="orb-logo" href="{home}">NBS</a><nav class="orb-nav"><ul><li><a href="{home}">Home</a></li><li><a href="/{slug}/section/news">News</a></li><li><a href="/{slug}/section/sport">Sport</a></li><li><a href="/{slug}/section/weather">Weather</a></li><li><a href="/{slug}/section/iplayer">Listen live</a></li></ul></nav></header><nav class="nw-c-nav" aria-label="News"><ul>{links}</ul></nav>"#,
            slug = esc(&o.slug),
        ),
    }
}

fn cookie_banner(o: &Outlet, cms: Cms) -> String {
    let text = "We and our 143 partners use cookies and similar technologies to store and access information on your device, to personalise content and advertising, and to measure audiences. You can accept, refuse or manage your choices at any time.";
    match cms {
        Cms::Harbour => format!(
            r#"<div id="cookie-law-info-bar" data-nosnippet="true"><span>{text} <a role="button" id="cookie_action_close_header" class="cli_action_button">ACCEPT</a> <a role="button" class="cli_settings_button">Cookie settings</a></span></div>"#
        ),
        Cms::Circuit => format!(
            r#"<div class="css-consent" role="dialog" aria-modal="true" aria-label="Privacy choices"><p>{text}</p><button>Accept all</button><button>Reject all</button><button>Customise</button></div>"#
        ),
        Cms::Nbs => format!(
            r#"<div id="cookiePrompt" class="nbs-cookie-banner" role="region" aria-label="Cookies on {name}"><h2>Let us know you agree to cookies</h2><p>We use cookies to give you the best online experience. Please let us know if you agree to all of these cookies.</p><button>Yes, I agree</button> <a href="/nbs/cookies">No, take me to settings</a></div>"#,
            name = esc(&o.name)
        ),
        _ => format!(
            r#"<div id="cookie-consent" class="cmp-banner" role="dialog" aria-label="Your privacy"><h3>Your privacy</h3><p>{text}</p><button class="cmp-accept">Accept all cookies</button><button class="cmp-reject">Reject</button><a href="/{slug}/privacy">Manage preferences</a></div>"#,
            slug = esc(&o.slug)
        ),
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
fn pct(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn share(cms: Cms, url: &str, title: &str) -> String {
    let u = esc(&pct(url));
    let t = esc(&pct(title));
    let cls = match cms {
        Cms::Harbour => "sharedaddy sd-sharing-enabled",
        Cms::Circuit => "css-share-bar",
        Cms::Touchline => "article__share",
        Cms::Nbs => "ssrcss-share-tools",
        _ => "share-tools",
    };
    format!(
        r#"<div class="{cls}"><span>Share this article</span><ul><li><a href="https://social.example/share?url={u}&amp;text={t}" class="share-x">Share on X</a></li><li><a href="https://facebook.example/sharer?u={u}" class="share-facebook">Facebook</a></li><li><a href="mailto:?subject={t}&amp;body={u}" class="share-email">Email</a></li><li><button class="share-copy">Copy link</button></li></ul></div>"#
    )
}

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

fn newsletter(o: &Outlet, cms: Cms) -> String {
    let name = esc(&o.name);
    let form = format!(
        r#"<form action="/{}/newsletter" method="post"><label>Email address <input type="email" name="email" placeholder="you@example.com"></label><button type="submit">Sign up</button></form><p class="small">By signing up you agree to our terms and privacy notice. You can unsubscribe at any time.</p>"#,
        esc(&o.slug)
    );
    match cms {
        Cms::Harbour => format!(
            r#"<div class="widget widget_newsletter"><h2 class="widget-title">Get the Harbour Briefing</h2><p>The day's local news in your inbox every morning at 7.</p>{form}</div>"#
        ),
        Cms::Meridian => format!(
            r#"<div data-component="newsletter-promo"><h3>Markets Morning</h3><p>Sign up for the essential briefing before the opening bell.</p>{form}</div>"#
        ),
        _ => format!(
            r#"<section class="newsletter-signup"><h3>Sign up to the {name} newsletter</h3><p>Our best journalism, handpicked by our editors and delivered to your inbox.</p>{form}</section>"#
        ),
    }
}

const COMMENTERS: &[&str] = &[
    "harbourwatcher",
    "M. Delacroix",
    "quietreader_77",
    "Tomasz K.",
    "ValeResident",
    "Annie B",
    "northernlights",
    "J. Oyelaran",
];

const REMARKS: &[&str] = &[
    "Good to see this reported properly, with actual numbers rather than speculation.",
    "I'd like to know who signed this off in the first place. Nobody seems to be asking.",
    "Not surprised in the slightest. We were saying this would happen two years ago.",
    "Balanced piece. Would be good to hear from the people directly affected next time.",
    "Can someone explain why this only comes out now?",
    "The comments section here never changes, does it.",
    "Sharing with my family, they'll want to read this.",
    "Interesting, but the headline oversells it a bit in my view.",
];

fn comments(a: &Article, cms: Cms) -> String {
    let h = stable_hash(a.slug.as_bytes());
    let n = 2 + (h % 3) as usize;
    let mut items = String::new();
    for i in 0..n {
        let who = COMMENTERS[((h >> (i * 5)) as usize + i) % COMMENTERS.len()];
        let what = REMARKS[((h >> (i * 7 + 3)) as usize + i * 3) % REMARKS.len()];
        let likes = (h >> (i * 4)) % 40;
        items.push_str(&match cms {
            Cms::Harbour => format!(
                r##"<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{who}</b> says:</footer><div class="comment-content"><p>{what}</p></div><div class="reply"><a class="comment-reply-link" href="#respond">Reply</a></div></article></li>"##
            ),
            _ => format!(
                r#"<div class="comment"><span class="comment__author">{who}</span><p class="comment__text">{what}</p><span class="comment__likes">{likes} recommendations</span> <button>Reply</button> <button>Report</button></div>"#
            ),
        });
    }
    match cms {
        Cms::Harbour => format!(
            r#"<div id="comments" class="comments-area"><h2 class="comments-title">{n} thoughts on “{title}”</h2><ol class="comment-list">{items}</ol><div id="respond" class="comment-respond"><h3>Leave a Reply</h3><p>Your email address will not be published.</p><textarea name="comment"></textarea><button>Post Comment</button></div></div>"#,
            title = esc(&a.title)
        ),
        _ => format!(
            r#"<section id="comments" class="comments" aria-label="Comments"><h2>Comments ({n})</h2><p class="comments__rules">Comments are moderated. Please keep the discussion civil.</p>{items}<a href="/{}/login">Sign in to comment</a></section>"#,
            esc(&a.outlet)
        ),
    }
}

fn most_read(site: &Site, o: &Outlet, except: &str) -> String {
    let items: String = site
        .stories_of(&o.slug)
        .filter(|r| r.slug != except)
        .take(5)
        .map(|r| {
            format!(
                r#"<li><a href="{}">{}</a></li>"#,
                esc(&site.article_path(r)),
                esc(&r.title)
            )
        })
        .collect();
    format!(
        r#"<aside class="most-read sidebar" aria-label="Most read"><h2>Most read</h2><ol>{items}</ol></aside>"#
    )
}

fn footer(o: &Outlet, cms: Cms) -> String {
    let slug = esc(&o.slug);
    let name = esc(&o.name);
    let links = format!(
        r#"<ul><li><a href="/{slug}/about">About us</a></li><li><a href="/{slug}/contact">Contact</a></li><li><a href="/{slug}/terms">Terms of use</a></li><li><a href="/{slug}/privacy">Privacy policy</a></li><li><a href="/{slug}/cookies">Cookie settings</a></li><li><a href="/{slug}/advertise">Advertise with us</a></li></ul>"#
    );
    let close = match cms {
        Cms::Harbour | Cms::Circuit => "</div>",
        _ => "",
    };
    let close2 = if cms == Cms::Circuit { "</div>" } else { "" };
    format!(
        r#"<footer class="site-footer" role="contentinfo">{links}<p>© 2026 {name}. All rights reserved. {name} is not responsible for the content of external sites.</p></footer>{close}{close2}"#
    )
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
    s.push_str("\n</body>\n</html>\n");
    s
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
    s.push_str(&nav(o, cms));
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
    s.push_str(&footer(o, cms));
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
