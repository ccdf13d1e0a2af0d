//! Input limits that keep extraction linear on hostile pages.
//!
//! The HTML parser checks "element in scope" by walking its stack of open
//! elements, so a page of 100,000 nested `<div>`s costs time quadratic in
//! its depth. Before parsing, [`flatten_deep`] scans the markup once and
//! drops start and end tags beyond a nesting depth (their text stays). Only
//! pathological pages are changed: tags that close themselves implicitly
//! (`p`, `li`, `td`, ...) do not count, and real pages nest far less.

use std::borrow::Cow;

/// Nesting depth beyond which tags are dropped before parsing.
pub const MAX_MARKUP_DEPTH: usize = 256;

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Elements that a following sibling of the same kind closes implicitly.
const SELF_CLOSING_SIBLINGS: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody", "thead", "tfoot", "rp",
    "rt", "colgroup", "caption",
];

/// Elements whose content is raw text, not markup.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

/// Returns `html` with tags nested deeper than `max_depth` removed
/// (borrowed unchanged when nothing is that deep).
pub fn flatten_deep(html: &str, max_depth: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_to = 0; // bytes of `html` already copied into `out`
    let mut depth = 0usize;
    let mut skipped = 0usize;
    let mut i = 0;
    while let Some(off) = memchr(b'<', &bytes[i..]) {
        let start = i + off;
        i = start + 1;
        let rest = &bytes[i..];
        if rest.starts_with(b"!--") {
            i = find(&bytes[i..], b"-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        if rest.first().is_some_and(|b| *b == b'!' || *b == b'?') {
            i = memchr(b'>', rest).map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        let closing = rest.first() == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = tag_end(bytes, name_start + name_len);
        let self_closed = end >= 2 && bytes[end - 2] == b'/';
        i = end;
        if VOID.contains(&name.as_str()) || SELF_CLOSING_SIBLINGS.contains(&name.as_str()) {
            continue;
        }
        let drop_tag = if closing {
            if skipped > 0 {
                skipped -= 1;
                true
            } else {
                depth = depth.saturating_sub(1);
                false
            }
        } else if self_closed {
            false
        } else if depth >= max_depth {
            skipped += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop_tag {
            let buf = out.get_or_insert_with(|| String::with_capacity(html.len()));
            buf.push_str(&html[copied_to..start]);
            copied_to = end;
        }
        if !closing && RAW_TEXT.contains(&name.as_str()) {
            // skip to the matching end tag; its content is not markup
            let close = format!("</{name}");
            let lower_rest = &bytes[i..];
            i = find_ci(lower_rest, close.as_bytes()).map_or(bytes.len(), |e| i + e);
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut buf) => {
            buf.push_str(&html[copied_to..]);
            Cow::Owned(buf)
        }
    }
}

/// Index just past the `>` closing a tag that starts before `from`, skipping quoted values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from..].iter().enumerate() {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return from + k + 1,
            None => {}
        }
    }
    bytes.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&b| b == needle)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::flatten_deep;

    #[test]
    fn ordinary_pages_are_untouched() {
        let page = "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><script>if (a<b) {}</script></div></body></html>";
        assert!(matches!(
            flatten_deep(page, 4),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deep_tags_are_dropped_but_text_stays() {
        let page = "<div><div><div><div>deep</div></div></div></div><p>after</p>";
        assert_eq!(
            flatten_deep(page, 2),
            "<div><div>deep</div></div><p>after</p>"
        );
    }

    #[test]
    fn tags_inside_scripts_and_comments_do_not_count() {
        let page = "<div><script>'<div><div><div>'</script><!-- <div><div> --><b>x</b></div>";
        assert!(matches!(
            flatten_deep(page, 2),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
