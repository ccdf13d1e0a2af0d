//! The furniture every page of an outlet shares: navigation, cookie banner, share buttons,
//! newsletter box, comments, most-read list and footer, each in the outlet's own markup.

use crate::content::{Article, Outlet};
use crate::site::{Site, esc, stable_hash};

use super::Cms;

pub(super) fn nav(o: &Outlet, cms: Cms) -> String {
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

pub(super) fn cookie_banner(o: &Outlet, cms: Cms) -> String {
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

pub(super) fn share(cms: Cms, url: &str, title: &str) -> String {
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

pub(super) fn newsletter(o: &Outlet, cms: Cms) -> String {
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

pub(super) fn comments(a: &Article, cms: Cms) -> String {
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

pub(super) fn most_read(site: &Site, o: &Outlet, except: &str) -> String {
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

pub(super) fn footer(o: &Outlet, cms: Cms) -> String {
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
