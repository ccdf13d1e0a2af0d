//! One linear pass over the markup before parsing: it bounds the work the
//! parser can be made to do and drops what no reader sees.
//!
//! * The HTML parser checks "element in scope" by walking its stack of open
//!   elements, so a page of 100,000 nested `<div>`s costs time quadratic in
//!   its depth. Tags nested deeper than a limit are dropped (their text
//!   stays). Tags that close themselves implicitly (`p`, `li`, `td`, ...) do
//!   not count, and real pages nest far less, so only hostile pages change.
//! * Scripts (except JSON-LD metadata), styles, templates, inline SVG and
//!   comments are cut out as text. On news pages they are more than half of
//!   the bytes, and tokenizing them only to throw them away is most of the
//!   parsing cost.

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

/// Elements whose content is raw text that must be kept as it is.
const RAW_TEXT: &[&str] = &["textarea", "title", "xmp", "iframe", "noembed", "noframes"];

/// Elements removed with their content.
const DROPPED: &[&str] = &["script", "style", "template", "svg"];

fn is_in(list: &[&str], name: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(name))
}

/// Returns `html` without scripts, styles, templates, SVG and comments, and
/// with tags nested deeper than `max_depth` removed. Borrowed unchanged when
/// there is nothing to remove.
pub fn simplify_markup(html: &str, max_depth: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut copied_to = 0; // bytes of `html` already copied into `out`
    let mut cut = |from: usize, to: usize, copied_to: &mut usize| {
        let buf = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
        buf.push_str(&html[*copied_to..from]);
        *copied_to = to;
    };
    let mut depth = 0usize;
    let mut skipped = 0usize;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        let start = i + off;
        i = start + 1;
        let rest = &html[i..];
        if rest.starts_with("!--") {
            i = rest[3..].find("-->").map_or(bytes.len(), |e| i + 3 + e + 3);
            cut(start, i, &mut copied_to);
            continue;
        }
        if rest.starts_with(['!', '?']) {
            i = rest.find('>').map_or(bytes.len(), |e| i + e + 1);
            continue;
        }
        let closing = rest.starts_with('/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 || !bytes[name_start].is_ascii_alphabetic() {
            continue;
        }
        let name = &html[name_start..name_start + name_len];
        let end = tag_end(bytes, name_start + name_len);
        let self_closed = end >= 2 && bytes[end - 2] == b'/';
        i = end;
        if !closing && is_in(DROPPED, name) && !is_json_ld(&html[start..end]) {
            if self_closed && name.eq_ignore_ascii_case("svg") {
                cut(start, end, &mut copied_to);
                continue;
            }
            let close = find_end_tag(html, end, name);
            i = close.map_or(bytes.len(), |c| tag_end(bytes, c + 2 + name_len));
            cut(start, i, &mut copied_to);
            continue;
        }
        if is_in(VOID, name) || is_in(SELF_CLOSING_SIBLINGS, name) {
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
            cut(start, end, &mut copied_to);
        }
        if !closing && (is_in(RAW_TEXT, name) || name.eq_ignore_ascii_case("script")) {
            // JSON-LD and raw text: skip to the end tag, the content is not markup
            i = find_end_tag(html, end, name).unwrap_or(bytes.len());
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

fn is_json_ld(start_tag: &str) -> bool {
    start_tag.len() < 400 && start_tag.to_ascii_lowercase().contains("ld+json")
}

/// Position of `</name` (any case) at or after `from`.
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(off) = html[at..].find("</") {
        let pos = at + off;
        let candidate = html.as_bytes().get(pos + 2..pos + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(pos);
        }
        at = pos + 2;
    }
    None
}

/// Index just past the `>` closing a tag whose name ends before `from`, skipping quoted values.
fn tag_end(bytes: &[u8], from: usize) -> usize {
    let mut quote: Option<u8> = None;
    for (k, &b) in bytes[from.min(bytes.len())..].iter().enumerate() {
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

#[cfg(test)]
mod tests {
    use super::simplify_markup;

    fn check(input: &str, depth: usize, expect: &str) {
        assert_eq!(simplify_markup(input, depth), expect, "input: {input}");
    }

    #[test]
    fn ordinary_markup_is_untouched() {
        let page = "<html><body><div><p>a<p>b<ul><li>x<li>y</ul><textarea><div></textarea></div></body></html>";
        assert!(matches!(
            simplify_markup(page, 4),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn deep_tags_are_dropped_but_text_stays() {
        check(
            "<div><div><div><div>deep</div></div></div></div><p>after</p>",
            2,
            "<div><div>deep</div></div><p>after</p>",
        );
    }

    #[test]
    fn scripts_styles_svg_and_comments_go_but_json_ld_stays() {
        check(
            "<p>a<script>if (a<b) { x('</div>') }</script>b<!-- <div> --><style>p{}</style><svg><path/></svg><svg/>c</p>\
             <SCRIPT type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</SCRIPT>",
            2,
            "<p>abc</p><SCRIPT type=\"application/ld+json\">{\"@type\":\"NewsArticle\"}</SCRIPT>",
        );
    }

    #[test]
    fn unterminated_pieces_do_not_panic() {
        for s in [
            "<script>never closed",
            "<!-- open",
            "<div class=\"x",
            "<",
            "</",
            "<svg",
            "<a\u{e9}>é",
        ] {
            let _ = simplify_markup(s, 1);
        }
    }
}
