//! The project's one HTML sanitizing policy.
//!
//! Every piece of third-party HTML that Gazette shows, whether an extracted
//! article body or HTML a feed carried, goes through [`sanitize_html`]. The
//! policy is an allow-list (ammonia): text formatting, headings, lists,
//! quotes, tables, figures and images stay; scripts, styles, event handlers,
//! forms and `javascript:` URLs go; iframes survive only when they embed a
//! video from a known host.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;

use ammonia::{Builder, UrlRelative};
use url::Url;

/// Hosts whose embedded players may appear as iframes.
pub const VIDEO_HOSTS: &[&str] = &[
    "www.youtube.com",
    "youtube.com",
    "www.youtube-nocookie.com",
    "youtube-nocookie.com",
    "player.vimeo.com",
];

/// Elements removed together with everything inside them.
const DROP_WITH_CONTENT: &[&str] = &[
    "script", "style", "template", "textarea", "select", "button", "svg", "noscript", "object",
    "embed", "canvas", "audio", "video",
];

/// Sanitizes `html` with the project's policy.
///
/// Relative URLs are made absolute against `base_url` when it is given and
/// absolute; without a base they are removed (a relative URL would resolve
/// against Gazette's own host). Links get `rel="noopener noreferrer nofollow"`.
pub fn sanitize_html(html: &str, base_url: Option<&str>) -> String {
    let base = base_url.and_then(|b| Url::parse(b).ok());
    let html = crate::limits::simplify_markup(html, crate::limits::MAX_MARKUP_DEPTH);
    let cleaned = POLICY.with_borrow_mut(|builder| {
        match base {
            Some(base) => builder.url_relative(UrlRelative::RewriteWithBase(base)),
            None => builder.url_relative(UrlRelative::Deny),
        };
        builder.clean(&html).to_string()
    });
    drop_empty_iframes(cleaned)
}

thread_local! {
    /// The policy, built once per thread (building it allocates dozens of
    /// sets); only the base URL changes between calls.
    static POLICY: RefCell<Builder<'static>> = RefCell::new(policy());
}

fn policy() -> Builder<'static> {
    let mut builder = Builder::default();
    // Only one forced attribute per tag: ammonia keeps them in a hash map,
    // and several would come out in a different order on every run.
    builder
        .add_tags(["figure", "figcaption", "iframe", "time", "mark", "picture"])
        .add_tag_attributes(
            "iframe",
            ["src", "width", "height", "allowfullscreen", "title"],
        )
        .add_tag_attributes("time", ["datetime"])
        .add_tag_attributes("td", ["colspan", "rowspan"])
        .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
        .add_tag_attributes("img", ["loading"])
        .set_tag_attribute_value(
            "iframe",
            "sandbox",
            "allow-scripts allow-same-origin allow-presentation",
        )
        .clean_content_tags(DROP_WITH_CONTENT.iter().copied().collect::<HashSet<_>>())
        .url_schemes(
            ["http", "https", "mailto"]
                .into_iter()
                .collect::<HashSet<_>>(),
        )
        .link_rel(Some("noopener noreferrer nofollow"))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| {
            if element == "iframe" && attribute == "src" {
                return video_embed(value).then_some(Cow::Borrowed(value));
            }
            Some(Cow::Borrowed(value))
        });
    builder
}

/// True when `src` points at an allowed video player.
fn video_embed(src: &str) -> bool {
    let src = src.trim();
    let absolute: Cow<str> = if src.starts_with("//") {
        Cow::Owned(format!("https:{src}"))
    } else {
        Cow::Borrowed(src)
    };
    Url::parse(&absolute)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .and_then(|u| {
            u.host_str()
                .map(|h| VIDEO_HOSTS.contains(&h.to_ascii_lowercase().as_str()))
        })
        .unwrap_or(false)
}

/// An iframe whose `src` the filter refused is an empty box: remove it.
fn drop_empty_iframes(html: String) -> String {
    if !html.contains("<iframe") {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<iframe") {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        let Some(tag_end) = after.find('>') else {
            out.push_str(after);
            return out;
        };
        let tag = &after[..tag_end];
        let close = after
            .find("</iframe>")
            .map_or(tag_end + 1, |c| c + "</iframe>".len());
        if tag.contains(" src=") {
            out.push_str(&after[..close]);
        }
        rest = &after[close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize_html;

    const BASE: Option<&str> = Some("https://news.example/2024/story.html");

    #[test]
    fn scripts_styles_and_handlers_are_removed() {
        let out = sanitize_html(
            r#"<p onclick="x()" style="color:red">Hi<script>alert(1)</script><style>p{}</style></p>"#,
            BASE,
        );
        assert_eq!(out, "<p>Hi</p>");
    }

    #[test]
    fn javascript_urls_are_removed() {
        let out = sanitize_html(r#"<a href="javascript:alert(1)">x</a>"#, BASE);
        assert!(!out.contains("javascript"), "{out}");
    }

    #[test]
    fn links_are_absolute_and_get_rel() {
        let out = sanitize_html(
            r#"<a href="../other.html">x</a><img src="/i.jpg" alt="">"#,
            BASE,
        );
        assert!(
            out.contains(r#"href="https://news.example/other.html""#),
            "{out}"
        );
        assert!(
            out.contains(r#"rel="noopener noreferrer nofollow""#),
            "{out}"
        );
        assert!(out.contains(r#"src="https://news.example/i.jpg""#), "{out}");
    }

    #[test]
    fn only_video_iframes_survive() {
        let out = sanitize_html(
            r#"<iframe src="https://www.youtube.com/embed/abc"></iframe><iframe src="https://evil.example/x"></iframe><p>t</p>"#,
            BASE,
        );
        assert!(out.contains("youtube.com/embed/abc"), "{out}");
        assert!(!out.contains("evil"), "{out}");
        assert_eq!(out.matches("<iframe").count(), 1, "{out}");
        assert!(out.contains("sandbox="), "{out}");
    }

    #[test]
    fn forms_and_their_controls_go() {
        let out = sanitize_html(
            r#"<form action="/s"><input name="q"><button>Go</button></form><p>x</p>"#,
            BASE,
        );
        assert_eq!(out, "<p>x</p>");
    }
}
