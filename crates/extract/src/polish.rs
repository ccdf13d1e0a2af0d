//! Cleaning the extracted body after scoring.
//!
//! Some clutter inside the article container can only be recognised by its
//! words, not by markup: the source's ad markers ("ADVERTISEMENT", "Story
//! continues below this ad"; Gazette places its own ad slots), "Also read"
//! teasers, link-only headline paragraphs, newsletter and share prompts,
//! the byline and timestamps repeated in the body, copyright lines, and the
//! headline repeated at the top. Every rule only touches short blocks, so
//! a real paragraph of the story is never removed for a word it contains.

use dom_query::NodeRef;

use crate::clean::{NodeMap, link_density, normalized, own_text_len, text_len};

/// Whole texts of elements that are ad markers (compared normalized).
#[rustfmt::skip]
const AD_MARKERS: &[&str] = &[
    "advertisement", "advertisements", "advertising", "advert", "ad", "ads", "sponsored",
    "sponsored content", "advertisement scroll to continue", "scroll to continue with content",
    "story continues below this ad", "story continues below advertisement", "story continues below",
    "article continues below this ad", "article continues below advertisement",
    "continue reading below", "continue reading the main story", "content continues below",
    "skip advertisement", "reklama", "anzeige", "publicidade", "publicidad", "pubblicità", "werbung",
    "реклама", "광고", "iklan", "publicité",
];

/// Prefixes of short blocks that point at other articles or are site prompts.
#[rustfmt::skip]
const PROMPT_PREFIXES: &[&str] = &[
    "also read", "read also", "read more", "more:", "related:", "related stories", "related articles",
    "related coverage", "see also", "recommended:", "don't miss", "do not miss", "must read",
    "click here to", "sign up for our", "subscribe to our", "follow us", "watch:", "listen:",
    "read next", "up next", "more from", "more news", "more stories", "you may also like",
    "you might also like", "join the conversation", "tell us what you think", "leave a comment",
    "post comment", "share this", "share on", "like this story", "sharing is caring",
    "want more stories", "download our app", "get the app",
    "media playback is unsupported", "this slideshow requires javascript", "loading content",
    "loading...", "recommended for you", "subscribe to", "join our", "have a tip",
    "image copyright", "image caption", "media caption", "photo:", "image:", "(image:", "credit:",
    "leia também", "leia mais", "veja também", "читайте также", "lesen sie auch", "mehr zum thema",
    "baca juga", "leggi anche", "lire aussi", "lea también", "©", "copyright", "(c) ",
];

/// Labels of page sections, removed only as very short blocks.
#[rustfmt::skip]
const LABEL_PREFIXES: &[&str] = &[
    "comments", "most read", "most popular", "trending", "latest news", "latest", "popular",
    "highlights", "caption", "close", "share", "tags", "topics", "related", "subscribe",
];

/// Words that mark a short block as a site prompt wherever they appear.
#[rustfmt::skip]
const PROMPT_PHRASES: &[&str] = &[
    "newsletter", "all rights reserved", "subscribe to our", "sign up for our", "sign up to our",
    "delivered to your inbox", "in your inbox", "affiliate commission", "affiliate link",
    "may contain affiliate", "share it with", "follow us on", "on twitter at", "is subject to copyright",
    "no part may be reproduced", "javascript is disabled", "enable javascript",
    "contributed to this report", "may be reached at", "can be reached at", "reach the reporter",
    "follow him on twitter", "follow her on twitter",
];

/// Words of photo credits and captions, recognised in short blocks only.
#[rustfmt::skip]
const CREDIT_PHRASES: &[&str] = &[
    "(ap photo", "photo by ", "getty images", "image credit", "file photo", "(photo:", "(image:",
    "photograph:", "/istock", "shutterstock", "/afp", "/reuters",
];

/// Words that open a timestamp line.
#[rustfmt::skip]
const DATE_PREFIXES: &[&str] = &[
    "published", "updated", "posted", "last updated", "first published", "last modified", "modified",
    "publicado", "atualizado", "actualizado", "aktualisiert", "veröffentlicht", "publié", "mis à jour",
    "pubblicato", "aggiornato", "diterbitkan", "опубликовано", "обновлено", "date:",
];

#[rustfmt::skip]
const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december",
];

/// Job titles that turn a short name line into a byline or an author note.
#[rustfmt::skip]
const ROLES: &[&str] = &[
    "writer", "reporter", "correspondent", "editor", "columnist", "contributor", "associated press",
    "journalist", "reuters", "afp",
];

/// What polishing needs to know about the article.
pub(crate) struct Known<'a> {
    pub title: Option<&'a str>,
    pub byline: Option<&'a str>,
    /// Host of the page, to tell links to the site's other stories.
    pub host: Option<&'a str>,
}

/// Removes clutter from the extracted body in place. With `report`, the
/// rule and text of every removed block are pushed to it (for debugging tools).
pub(crate) fn polish(root: &NodeRef, known: &Known, mut report: Option<&mut Vec<String>>) {
    let title = known.title.map(normalized).filter(|t| !t.is_empty());
    let byline = known.byline.map(normalized).filter(|b| !b.is_empty());
    let lengths = text_lengths(root);
    let len_of = |n: &NodeRef| lengths.get(&n.id).copied().unwrap_or(0);
    let mut doomed: Vec<NodeRef> = Vec::new();
    let mut text_seen = 0usize;
    // Pre-order walk that does not enter removed blocks.
    let mut stack: Vec<NodeRef> = root.children_it(true).collect();
    while let Some(node) = stack.pop() {
        if node.is_text() {
            text_seen += len_of(&node);
            continue;
        }
        let Some(name) = node.node_name() else {
            continue;
        };
        let raw_len = len_of(&node);
        if raw_len == 0 || !is_candidate(&name) || raw_len > 600 {
            stack.extend(node.children_it(true));
            continue;
        }
        let text = node.text();
        let t = text.trim();
        let len = t.chars().count();
        if len > 400 {
            stack.extend(node.children_it(true));
            continue;
        }
        let words = t.split_whitespace().count();
        let at_top = text_seen < 300;
        // the rules comparing normalized text only look at short or leading blocks
        let norm = if words <= 20 || at_top {
            normalized(t)
        } else {
            String::new()
        };
        let lower = t.to_lowercase();
        let standalone = is_block(&name) || node.parent().is_some_and(|p| len_of(&p) == raw_len);
        let rule = if AD_MARKERS.contains(&norm.as_str()) {
            "ad marker"
        } else if !standalone {
            stack.extend(node.children_it(true));
            continue;
        } else if len < 400
            && is_prompt(
                &lower,
                len,
                len >= 200 && link_density(&node, raw_len) > 0.3,
            )
        {
            "prompt"
        } else if words <= 20 && is_dateline(&lower, words) {
            "dateline"
        } else if (words <= 14 && is_byline_line(t, &lower, &norm, byline.as_deref(), at_top))
            || (words <= 24 && is_byline_and_date(t, &lower))
        {
            "byline"
        } else if words <= 40 && is_author_note(&lower) {
            "author note"
        } else if at_top && title.as_deref().is_some_and(|ti| norm == ti) {
            "title"
        } else if len < 200 && is_link_block(&node, &name, t, known.host) {
            "link block"
        } else if len < 120 && is_contact(t) {
            "contact"
        } else {
            stack.extend(node.children_it(true));
            continue;
        };
        // A teaser label ("More stories", "Related") takes the list of links it heads along.
        if rule == "prompt"
            && len < 80
            && let Some(next) = node.next_element_sibling()
            && matches!(
                next.node_name().as_deref(),
                Some("ul" | "ol" | "div" | "section")
            )
        {
            let next_len = text_len(&next);
            if next_len < 2000 && link_density(&next, next_len) > 0.3 {
                doomed.push(next);
            }
        }
        if let Some(report) = report.as_deref_mut() {
            report.push(format!(
                "{rule}: <{name}> {}",
                t.chars().take(120).collect::<String>()
            ));
        }
        doomed.push(node);
    }
    for node in doomed {
        node.remove_from_parent();
    }
}

fn is_block(name: &str) -> bool {
    crate::text::is_block(name) || matches!(name, "li" | "address" | "dd" | "dt")
}

/// Characters of trimmed text under every node, computed bottom-up in one pass.
fn text_lengths(root: &NodeRef) -> NodeMap<usize> {
    let nodes: Vec<NodeRef> = root.descendants_it().collect();
    let mut lengths = NodeMap::default();
    lengths.reserve(nodes.len());
    for node in nodes.iter().rev() {
        let own = own_text_len(node);
        let total = own + lengths.get(&node.id).copied().unwrap_or(0);
        lengths.insert(node.id, total);
        if let Some(parent) = node.parent() {
            *lengths.entry(parent.id).or_default() += total;
        }
    }
    lengths
}

fn is_candidate(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "span"
            | "section"
            | "li"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "strong"
            | "b"
            | "em"
            | "small"
            | "aside"
            | "ul"
            | "ol"
            | "a"
            | "header"
            | "footer"
            | "time"
            | "address"
            | "figcaption"
            | "i"
            | "font"
            | "center"
            | "dl"
            | "dd"
            | "dt"
            | "table"
    )
}

fn is_prompt(lower: &str, len: usize, linked: bool) -> bool {
    let start = lower.trim_start_matches(|c: char| !c.is_alphanumeric() && c != '©' && c != '(');
    ((len < 200 || linked) && PROMPT_PREFIXES.iter().any(|p| start.starts_with(p)))
        || is_gallery_counter(start)
        || (len < 40 && LABEL_PREFIXES.iter().any(|p| start.starts_with(p)))
        || (len < 60 && is_more_label(start))
        || PROMPT_PHRASES.iter().any(|p| lower.contains(p))
        || (len < 200 && lower.contains('©'))
        || (len < 150 && CREDIT_PHRASES.iter().any(|p| lower.contains(p)))
}

/// "More great stories", "More from the newsroom": the label of a teaser list.
fn is_more_label(start: &str) -> bool {
    start.starts_with("more ")
        && ["stories", "news", "articles", "videos", "reads", "coverage"]
            .iter()
            .any(|w| start.trim_end().ends_with(w))
}

/// "Image 3 of 12", "Photo 1 / 5", "Slide 2 of 9".
fn is_gallery_counter(start: &str) -> bool {
    let mut w = start.split_whitespace();
    let (Some(kind), Some(n), Some(sep), Some(m), None) =
        (w.next(), w.next(), w.next(), w.next(), w.next())
    else {
        return false;
    };
    matches!(
        kind,
        "image" | "photo" | "slide" | "picture" | "foto" | "imagem"
    ) && n.chars().all(|c| c.is_ascii_digit())
        && matches!(sep, "of" | "/" | "de" | "di" | "von")
        && m.chars().all(|c| c.is_ascii_digit())
}

fn has_year(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_ascii_digit())
        .any(|d| d.len() == 4 && (d.starts_with("19") || d.starts_with("20")))
}

fn has_clock(lower: &str) -> bool {
    let b = lower.as_bytes();
    b.windows(4).any(|w| {
        w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit() && w[3].is_ascii_digit()
    }) || b.windows(5).any(|w| {
        w[0].is_ascii_digit() && w[1].is_ascii_digit() && w[2] == b':' && w[3].is_ascii_digit()
    }) || lower.contains(" ago")
}

fn has_month(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_alphabetic())
        .any(|w| MONTHS.contains(&w))
}

/// Words that may surround a date without making the line prose.
#[rustfmt::skip]
const DATE_FILLERS: &[&str] = &[
    "am", "pm", "a", "m", "p", "at", "on", "of", "the", "th", "st", "nd", "rd", "ago", "hour", "hours",
    "minute", "minutes", "day", "days", "gmt", "utc", "est", "edt", "cst", "cdt", "pst", "pdt", "bst",
    "cet", "cest", "et", "pt", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
    "sunday", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "and", "by", "de", "em", "às", "um",
    "hst", "akst", "ist", "jst", "aest", "msk", "wib", "hrs", "h",
];

/// A line that is only a publication or update timestamp.
fn is_dateline(lower: &str, words: usize) -> bool {
    let start = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
    let dated = has_year(lower) || has_clock(lower) || has_month(lower);
    if DATE_PREFIXES.iter().any(|p| start.starts_with(p)) && dated {
        return true;
    }
    // "The Associated Press | Published Monday, November 18, 2019"
    if dated
        && lower.split(['|', '·', '•']).skip(1).any(|seg| {
            let seg = seg.trim_start_matches(|c: char| !c.is_alphanumeric());
            DATE_PREFIXES.iter().any(|p| seg.starts_with(p))
        })
    {
        return true;
    }
    if words > 20 || !(has_year(lower) || has_clock(lower)) {
        return false;
    }
    // Everything that is not a number, a month or a filler word is prose.
    let prose = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !MONTHS.contains(w) && !DATE_FILLERS.contains(w) && !DATE_PREFIXES.contains(w))
        .count();
    prose == 0
}

/// "By Jane Doe", the known byline, or "Jane Doe, AP Sports Writer".
fn is_byline_line(t: &str, lower: &str, norm: &str, byline: Option<&str>, at_top: bool) -> bool {
    let words = t.split_whitespace().count();
    if let Some(b) = byline
        && (norm == b
            || norm.strip_prefix("by ").is_some_and(|r| r.starts_with(b))
            || (at_top && norm.starts_with(b) && words <= b.split(' ').count() + 6))
    {
        return true;
    }
    if let Some(rest) = t
        .strip_prefix("By ")
        .or_else(|| t.strip_prefix("BY "))
        .or_else(|| t.strip_prefix("by "))
        && words <= 12
        && rest.chars().next().is_some_and(char::is_uppercase)
        && (!lower.ends_with('.') || has_year(lower))
    {
        return true;
    }
    words <= 8
        && !lower.ends_with('.')
        && lower.contains(',')
        && ROLES.iter().any(|r| lower.contains(r))
        && t.split_whitespace()
            .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
            .count()
            * 2
            >= words
}

/// "By Jane Doe | November 18, 2019 at 2:26 PM": a byline run into a timestamp.
fn is_byline_and_date(t: &str, lower: &str) -> bool {
    let Some(rest) = t.strip_prefix("By ").or_else(|| t.strip_prefix("BY ")) else {
        return false;
    };
    let sentence = lower.trim_end().ends_with(['.', '!', '?']) && !has_clock(lower);
    rest.trim_start()
        .starts_with(|c: char| c.is_uppercase() || c == '|')
        && (has_year(lower) || has_clock(lower))
        && !sentence
}

/// "Jane Doe is a reporter for The Daily Example." at the end of a story.
fn is_author_note(lower: &str) -> bool {
    (lower.contains(" is a ") || lower.contains(" is an ") || lower.contains(" is the "))
        && ROLES.iter().take(6).any(|r| lower.contains(r))
        && (lower.contains(" for ") || lower.contains(" at ") || lower.contains(" of "))
        && lower.split_whitespace().count() <= 40
        && lower.matches(". ").count() <= 1
}

/// A short block that is nothing but a link to another story: a headline in
/// capitals, or a list whose every item is a short link.
fn is_link_block(node: &NodeRef, name: &str, t: &str, host: Option<&str>) -> bool {
    if matches!(name, "ul" | "ol") {
        let items: Vec<NodeRef> = node
            .element_children()
            .into_iter()
            .filter(|c| c.has_name("li"))
            .collect();
        return items.len() >= 2
            && items.iter().all(|li| {
                let len = text_len(li);
                len < 100 && link_density(li, len) > 0.9
            });
    }
    if !matches!(
        name,
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "div" | "strong" | "b"
    ) {
        return false;
    }
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let upper = t.chars().filter(|c| c.is_uppercase()).count();
    let shouting = letters >= 12 && upper * 10 >= letters * 8;
    if !(shouting || (name == "p" && links_within_site(node, host))) {
        return false;
    }
    if name == "div"
        && node.descendants_it().any(|d| {
            matches!(
                d.node_name().as_deref(),
                Some("p" | "div" | "li" | "ul" | "ol" | "table")
            )
        })
    {
        return false;
    }
    link_density(node, text_len(node)) > 0.9
}

/// Do all links under `node` lead to other pages of the same site?
fn links_within_site(node: &NodeRef, host: Option<&str>) -> bool {
    let Some(host) = host else { return false };
    let host = host.trim_start_matches("www.");
    let mut any = false;
    for a in node.descendants_it().filter(|n| n.has_name("a")) {
        let href = a.attr("href").unwrap_or_default();
        let link_host = href
            .split_once("://")
            .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""))
            .unwrap_or("");
        if link_host.trim_start_matches("www.") != host {
            return false;
        }
        any = true;
    }
    any
}

/// A line that is only an e-mail address (the author's, at the end).
fn is_contact(t: &str) -> bool {
    let mut parts = t.split_whitespace();
    let (Some(one), None) = (parts.next(), parts.next()) else {
        return false;
    };
    one.contains('@') && one.contains('.') && !one.starts_with('@')
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    fn polished(html: &str, title: Option<&str>, byline: Option<&str>) -> String {
        let doc = Document::fragment(html);
        polish(
            &doc.root(),
            &Known {
                title,
                byline,
                host: Some("news.example"),
            },
            None,
        );
        crate::text::node_text(&doc.root(), false)
    }

    #[test]
    fn ad_markers_go() {
        for marker in [
            "ADVERTISEMENT",
            "Advertisement - scroll to continue",
            "STORY CONTINUES BELOW THIS AD",
        ] {
            let html =
                format!("<p>First paragraph of the story.</p><div>{marker}</div><p>Second.</p>");
            assert_eq!(
                polished(&html, None, None),
                "First paragraph of the story.\n\nSecond."
            );
        }
    }

    #[test]
    fn a_paragraph_about_advertising_stays() {
        let html = "<p>Advertisement revenue fell sharply this year, the company said.</p>";
        assert_eq!(
            polished(html, None, None),
            "Advertisement revenue fell sharply this year, the company said."
        );
    }

    #[test]
    fn teasers_and_prompts_go() {
        let html = r#"<p>Body text here.</p><p>Also read: <a href="/x">Another story</a></p>
            <p><a href="/y"><strong>RELATED HEADLINE IN CAPITALS</strong></a></p>
            <p>Sign up for our daily newsletter.</p><p>More body.</p>"#;
        assert_eq!(polished(html, None, None), "Body text here.\n\nMore body.");
    }

    #[test]
    fn bylines_and_timestamps_go() {
        let html = "<p>By Jane Doe</p><p>Updated 5:27 am CST, Wednesday, November 20, 2019</p>\
                    <p>By <a href=\"/staff\">Desk Staff</a> | November 18, 2019 at 2:26 PM HST</p>\
                    <p>Jane Doe, AP Sports Writer</p><h1>The Headline</h1><p>The story starts.</p>\
                    <p>Jane Doe is a reporter for The Daily Example.</p>";
        assert_eq!(
            polished(html, Some("The Headline"), Some("Jane Doe")),
            "The story starts."
        );
    }

    #[test]
    fn sentences_with_dates_stay() {
        let html = "<p>On Nov. 18, 2019, the council voted.</p><p>By then it was too late.</p>";
        assert_eq!(
            polished(html, None, None),
            "On Nov. 18, 2019, the council voted.\n\nBy then it was too late."
        );
    }
}
