//! In-article ad slots: labelled, reserved-height boxes placed between top-level paragraphs of
//! the (already sanitized) article body.

/// Elements that never have an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Inserts `slot(n)` after every `every` paragraphs of `html`, never after the last block (a
/// slot must sit between paragraphs, not after the end of the story).
///
/// Paragraphs are counted at the shallowest depth where any paragraph ends: the article's own
/// paragraphs whether or not the extractor wrapped them in a container, and never paragraphs
/// inside quotes, lists or figures. `html` is well-formed serialized HTML as the sanitizer
/// produces it.
pub fn insert_ad_slots(html: &str, every: usize, slot: impl Fn(usize) -> String) -> String {
    if every == 0 {
        return html.to_string();
    }
    let Some(level) = tags(html)
        .filter(|t| t.closing && t.name == "p")
        .map(|t| t.depth_after)
        .min()
    else {
        return html.to_string();
    };
    let mut out = String::with_capacity(html.len() + 512);
    let (mut paragraphs, mut slots, mut pending, mut copied) = (0, 0, false, 0);
    for t in tags(html) {
        // Text or an element starting at the paragraphs' level after the Nth paragraph: the
        // slot goes right before it.
        let text_between = &html[copied..t.start];
        if pending && t.depth_before == level && (!t.closing || !text_between.trim().is_empty()) {
            let lead = text_between.len() - text_between.trim_start().len();
            out.push_str(&text_between[..lead]);
            slots += 1;
            out.push_str(&slot(slots));
            copied += lead;
            pending = false;
        }
        out.push_str(&html[copied..t.end]);
        copied = t.end;
        if t.closing && t.name == "p" && t.depth_after == level {
            paragraphs += 1;
            pending = paragraphs % every == 0;
        }
        if t.closing && t.depth_after < level {
            // Leaving the paragraphs' container: nothing follows at their level.
            pending = false;
        }
    }
    out.push_str(&html[copied..]);
    out
}

struct Tag {
    start: usize,
    end: usize,
    name: String,
    closing: bool,
    depth_before: usize,
    depth_after: usize,
}

/// The tags of `html` in order, with the element depth before and after each.
fn tags(html: &str) -> impl Iterator<Item = Tag> + '_ {
    let mut pos = 0;
    let mut depth = 0usize;
    std::iter::from_fn(move || {
        loop {
            let start = pos + html.get(pos..)?.find('<')?;
            let end = html[start..]
                .find('>')
                .map_or(html.len(), |n| start + n + 1);
            pos = end;
            let raw = &html[start..end];
            let closing = raw.starts_with("</");
            let name: String = raw
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if name.is_empty() || raw.starts_with("<!") {
                continue;
            }
            let before = depth;
            if closing {
                depth = depth.saturating_sub(1);
            } else if !VOID.contains(&name.as_str()) && !raw.ends_with("/>") {
                depth += 1;
            }
            return Some(Tag {
                start,
                end,
                name,
                closing,
                depth_before: before,
                depth_after: depth,
            });
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(n: usize) -> String {
        format!("[AD{n}]")
    }

    #[test]
    fn slots_go_between_top_level_paragraphs() {
        let html = "<p>1</p><p>2</p><p>3</p><p>4</p><p>5</p>";
        assert_eq!(
            insert_ad_slots(html, 2, slot),
            "<p>1</p><p>2</p>[AD1]<p>3</p><p>4</p>[AD2]<p>5</p>"
        );
    }

    #[test]
    fn never_after_the_last_block() {
        assert_eq!(
            insert_ad_slots("<p>1</p><p>2</p>", 2, slot),
            "<p>1</p><p>2</p>"
        );
        assert_eq!(
            insert_ad_slots("<p>1</p><p>2</p>\n", 2, slot),
            "<p>1</p><p>2</p>\n"
        );
    }

    #[test]
    fn nested_paragraphs_do_not_count() {
        let html = "<p>1</p><blockquote><p>q</p><p>q</p></blockquote><p>2</p><img src=x><p>3</p>";
        let out = insert_ad_slots(html, 2, slot);
        assert_eq!(
            out,
            "<p>1</p><blockquote><p>q</p><p>q</p></blockquote><p>2</p>[AD1]<img src=x><p>3</p>"
        );
    }

    #[test]
    fn paragraphs_in_a_wrapper_count() {
        let html = "<div><p>1</p><p>2</p><p>3</p></div>";
        assert_eq!(
            insert_ad_slots(html, 2, slot),
            "<div><p>1</p><p>2</p>[AD1]<p>3</p></div>"
        );
        assert_eq!(
            insert_ad_slots("<div><p>1</p><p>2</p></div><p>x</p>", 2, slot),
            "<div><p>1</p><p>2</p></div><p>x</p>"
        );
    }

    #[test]
    fn zero_turns_slots_off_and_garbage_is_kept() {
        assert_eq!(
            insert_ad_slots("<p>1</p><p>2</p>", 0, slot),
            "<p>1</p><p>2</p>"
        );
        assert_eq!(insert_ad_slots("a < b <p", 1, slot), "a < b <p");
    }
}
